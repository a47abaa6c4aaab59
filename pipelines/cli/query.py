"""Query sub-commands: ``search``, ``show``, ``orgs``, ``timeline``, ``events``, ``story``, ``export``,
``runs``.

A thin layer over :mod:`pipelines.db.query`: parse options, open the database read-only, format
the rows as a table (terminal), one JSON array, or CSV. Exit status: 0 (also for no results),
1 (the thing asked for does not exist: article, organisation), 2 (bad input, no database).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError

from pipelines.cli import argtypes
from pipelines.cli.errors import BadInput
from pipelines.cli.output import csv_cell, guarded_output, open_output, safe_stdout
from pipelines.db import query as queries
from pipelines.db.engine import make_readonly_engine, resolve_db_url, safe_url
from pipelines.db.schema import schema_status

__all__ = ["register", "write_csv", "write_json", "write_jsonl", "write_table"]

ANSI_MARK = ("\x1b[1;31m", "\x1b[0m")
BAR_WIDTH = 40
BAR_CHAR = "█"
MAX_CELL = 60  # table cells are cut to this display width


# --- output ---------------------------------------------------------------------------------------


def display_width(s: str) -> int:
    """Terminal columns taken by ``s`` (CJK characters take two; highlight codes none)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in _strip_ansi(s))


def _strip_ansi(s: str) -> str:
    for code in ANSI_MARK:
        s = s.replace(code, "")
    return s


def _cut(s: str, width: int) -> str:
    if display_width(s) <= width:
        return s
    s = _strip_ansi(s)
    out, w = [], 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > width - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v).replace("\n", " ")


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    cells = [[_cut(_cell(r.get(c)), MAX_CELL) for c in columns] for r in rows]
    widths = [
        max([display_width(c)] + [display_width(row[i]) for row in cells]) for i, c in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)]
        return "  ".join(parts).rstrip()

    out.write(line(list(columns)) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON array, streamed (rows may be a generator)."""
    out.write("[")
    for i, r in enumerate(rows):
        out.write(("," if i else "") + "\n" + json.dumps(r, ensure_ascii=False))
    out.write("\n]\n")


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


def _csv_value(v: Any) -> Any:
    if isinstance(v, list):
        if all(isinstance(x, str) for x in v):
            return "; ".join(v)
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None, out: TextIO) -> None:
    writer: csv.DictWriter[str] | None = None
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(columns or r.keys()), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: csv_cell(_csv_value(v)) for k, v in r.items()})
    if writer is None and columns:
        csv.DictWriter(out, fieldnames=list(columns)).writeheader()


def emit(args: argparse.Namespace, rows: Sequence[dict[str, Any]], table_columns: Sequence[str]) -> None:
    out = sys.stdout
    if args.format == "json":
        write_json(rows, out)
    elif args.format == "csv":
        write_csv(rows, None if rows else table_columns, out)
    else:
        if not rows:
            print("(no results)", file=sys.stderr)
            return
        write_table(rows, table_columns, out)


def bar_chart(rows: Sequence[dict[str, Any]], label: str, value: str, out: TextIO) -> None:
    top = max((r[value] for r in rows), default=0) or 1
    lw = max(display_width(str(r[label])) for r in rows)
    vw = max(len(str(r[value])) for r in rows)
    for r in rows:
        n = r[value]
        bar = BAR_CHAR * round(n / top * BAR_WIDTH) if n else ""
        pad = " " * (lw - display_width(str(r[label])))
        out.write(f"{r[label]}{pad}  {n:>{vw}}  {bar}\n".rstrip() + "\n")


# --- plumbing -------------------------------------------------------------------------------------


def _common(
    formats: Sequence[str] = ("table", "json", "csv"),
    default_limit: int | None = 20,
    about: bool = True,
    org: bool = True,
) -> argparse.ArgumentParser:
    """The options every query command shares; ``about``/``org`` only where the command applies them."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("common options")
    g.add_argument(
        "--db", metavar="URL", help="database URL or SQLite path (default: $NEWS_DB_URL, else data/news.db)"
    )
    g.add_argument(
        "--format", choices=formats, default=formats[0], help=f"output format (default: {formats[0]})"
    )
    g.add_argument(
        "--limit",
        type=int,
        default=default_limit,
        metavar="N",
        help=f"at most N rows (default: {default_limit})",
    )
    g.add_argument(
        "--since", metavar="DATE", help="published on/after (YYYY-MM-DD, YYYY-MM, or ISO time; Asia/Shanghai)"
    )
    g.add_argument("--until", metavar="DATE", help="published on/before (a date includes that whole day)")
    g.add_argument("--site", help="only this site (e.g. cnr.cn)")
    if org:
        g.add_argument("--org", help="only articles mentioning this organisation (name or alias)")
        g.add_argument(
            "--place",
            metavar="NAME",
            help="only stories placed in this province, city or county of China (山东, 济南, 历下区)",
        )
    if about:
        g.add_argument(
            "--about",
            metavar="TEXT",
            help="only articles matching the full-text query TEXT (as `search` matches it, e.g. 托育)",
        )
    return p


def _filters(args: argparse.Namespace) -> queries.Filters:
    return queries.Filters(
        since=queries.parse_since(args.since),
        until=queries.parse_until(args.until),
        site=args.site or None,
        org=getattr(args, "org", None) or None,
        about=getattr(args, "about", None) or None,
        place=getattr(args, "place", None) or None,
    )


# every argument's type (pipelines.cli.argtypes), checked after parsing so that a bad value is one
# line and exit status 2 from the command, like every other bad input
ARGUMENT_TYPES = {
    "db": argtypes.database_url,
    "limit": argtypes.count,
    "since": argtypes.since_date,
    "until": argtypes.until_date,
    "site": argtypes.text,
    "org": argtypes.text,
    "about": argtypes.text,
    "like": argtypes.text,
    "query": argtypes.text,
    "ref": argtypes.article_ref,
    "org_name": argtypes.text,
    "between": argtypes.day,
}


def _run(args: argparse.Namespace, body: Callable[[Connection, queries.Filters], int]) -> int:
    """Open the database read-only, run ``body``; turn known failures into messages + exit codes."""
    try:
        argtypes.check(args, ARGUMENT_TYPES)
    except argtypes.BadArgument as exc:
        print(f"cnr-news {args.command}: {exc}", file=sys.stderr)
        return 2
    try:
        filters = _filters(args)
        if args.limit is not None and args.limit < 1:
            raise queries.QueryError("--limit must be at least 1")
        engine = make_readonly_engine(args.db)
    except FileNotFoundError as exc:
        print(f"cnr-news {args.command}: {exc}", file=sys.stderr)
        return 2
    except queries.QueryError as exc:
        print(f"cnr-news {args.command}: {exc}", file=sys.stderr)
        return 2

    def write() -> int:
        with engine.connect() as conn:
            if getattr(args, "format", None) != "table":  # JSON escapes controls; CSV cells: csv_cell
                return body(conn, filters)
            keep = ANSI_MARK if sys.stdout.isatty() else ()  # our own highlight codes only
            with safe_stdout(keep=keep):  # a page's ESC/BEL never reaches the terminal
                return body(conn, filters)

    try:
        return guarded_output(args.command, write)
    except queries.QueryError as exc:
        print(f"cnr-news {args.command}: {exc}", file=sys.stderr)
        return 1 if "no organisation" in str(exc) else 2
    except DatabaseError as exc:
        url = safe_url(resolve_db_url(args.db))  # no password in the message
        stale = _schema_problem(engine, url)  # an old schema: say so (and how to upgrade) instead
        print(f"cnr-news {args.command}: {stale or f'cannot read {url}: {exc.orig or exc}'}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head`
        return 0
    finally:
        engine.dispose()


def _schema_problem(engine: Engine, url: str) -> str | None:
    """Where the database stands, when that is not at head (behind, ahead, empty); else None."""
    try:
        with engine.connect() as conn:
            status = schema_status(conn, url)
    except Exception:
        return None
    return None if status.up_to_date else status.describe()


# --- commands -------------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        tty = args.format == "table" and sys.stdout.isatty()
        rows = queries.search(
            conn, args.query, f, limit=args.limit, mark=ANSI_MARK if tty else queries.DEFAULT_MARK
        )
        if args.format == "table" and rows:
            for i, r in enumerate(rows, 1):
                when = (r["published_at"] or "")[:16].replace("T", " ")
                sys.stdout.write(f"{i:>3}. [{r['id']}] {r['title']}  ({when} {r['site']})\n")
                sys.stdout.write(f"     {r['snippet']}\n     {r['url']}\n")
            return 0
        emit(args, rows, ["id", "published_at", "site", "title", "score", "snippet", "url"])
        return 0

    return _run(args, body)


def cmd_show(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        art = queries.show(conn, args.ref)
        if art is None:
            print(f"cnr-news show: no article {args.ref!r}", file=sys.stderr)
            return 1
        if args.format == "json":
            write_json([art], sys.stdout)
        elif args.format == "csv":
            flat = dict(art)
            flat["organizations"] = [o["name"] for o in art["organizations"]]
            flat["persons"] = [p["name"] for p in art["persons"]]
            write_csv([flat], None, sys.stdout)
        else:
            _print_article(art, sys.stdout)
        return 0

    return _run(args, body)


def _print_article(art: dict[str, Any], out: TextIO) -> None:
    out.write(f"{art['title']}\n{'=' * min(80, display_width(art['title']) or 1)}\n")
    keys = ("id", "url", "site", "channel", "published_at", "source", "authors", "editors", "last_crawled")
    for k in (*keys, "story_id", "place"):
        v = " ".join(art["place"].values()) if k == "place" else _cell(art.get(k))
        if v:
            out.write(f"{k:<13} {v}\n")
    out.write(f"\norganisations ({len(art['organizations'])}):\n")
    for o in art["organizations"]:
        extra = [x for x in o["forms"] if x != o["name"]]
        out.write(f"  {o['name']}  ×{o['mentions']}" + (f"  ({', '.join(extra)})" if extra else "") + "\n")
    out.write(f"\npersons ({len(art['persons'])}):\n")
    for p in art["persons"]:
        out.write(f"  {p['name']}  ×{p['mentions']}\n")
    out.write(f"\ndates ({len(art['dates'])}):\n")
    for d in art["dates"]:
        period = (
            d["value_start"]
            if d["value_start"] == d["value_end"]
            else f"{d['value_start']} – {d['value_end']}"
        )
        out.write(f"  {d['text']}  → {period}  [{d['granularity']}]\n")
    out.write("\n" + (art["body"] or "") + "\n")


def cmd_orgs(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        rows = queries.orgs(conn, f, like=args.like, limit=args.limit, by=args.by)
        counts = ["stories", "articles"] if args.by == "story" else ["articles"]
        emit(args, rows, [*counts, "mentions", "first_day", "last_day", "name", "kind", "parent", "id"])
        return 0

    return _run(args, body)


def cmd_places(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        rows = queries.places(conn, f, level=args.level, limit=args.limit, by=args.by)
        counts = ["stories", "articles"] if args.by == "story" else ["articles"]
        emit(args, rows, [*counts, "first_day", "last_day", "place", *queries.levels_above(args.level)])
        return 0

    return _run(args, body)


def cmd_timeline(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        rows = queries.timeline(conn, args.org_name, f, limit=args.limit, by=args.by)
        if args.count == "stories" and args.by != "story":
            raise queries.QueryError("--count stories needs --by story")
        if args.format == "table" and rows:
            per = " (copies of a story counted once)" if args.by == "story" else ""
            sys.stdout.write(f"{args.org_name}: {args.count} per month{per}\n")
            bar_chart(rows, "month", args.count, sys.stdout)
            return 0
        emit(args, rows, ["month", *(["stories"] if args.by == "story" else []), "articles", "mentions"])
        return 0

    return _run(args, body)


def cmd_events(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        d1, d2 = queries.parse_day(args.between[0]), queries.parse_day(args.between[1])
        rows = queries.events(conn, d1, d2, f, limit=args.limit, contained=args.contained, by=args.by)
        story_cols = ["story_id", "articles"] if args.by == "story" else []
        if args.format == "table":
            for r in rows:
                r["dates"] = [
                    f"{m['text']}={m['value_start']}"
                    + ("" if m["value_start"] == m["value_end"] else f"..{m['value_end']}")
                    for m in r["mentions"]
                ]
            emit(args, rows, ["id", "published_at", "title", *story_cols, "dates"])
            return 0
        emit(args, rows, ["id", "published_at", "site", "title", "url", *story_cols, "mentions"])
        return 0

    return _run(args, body)


STORY_CSV_COLUMNS = (
    "role",
    "id",
    "title",
    "published_at",
    "site",
    "url",
    "source",
    "containment",
    "title_changed",
    "kept",
    "changed",
    "added",
    "removed",
)


def cmd_story(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        if args.ref is None:
            rows = queries.stories(conn, f, limit=args.limit)
            emit(args, rows, ["id", "articles", "first_published", "original_id", "site", "title", "reason"])
            return 0
        st = queries.story(conn, args.ref)
        if st is None:
            print(f"cnr-news story: no story {args.ref!r}", file=sys.stderr)
            return 1
        if args.format == "json":
            write_json([st], sys.stdout)
        elif args.format == "csv":
            flat = [{"role": "original", **st["original"]}] + [
                {
                    "role": "copy",
                    **{k: c[k] for k in ("id", "title", "published_at", "site", "url", "source")},
                    "containment": c["containment"],
                    "title_changed": c["title_changed"],
                    "kept": c["kept"],
                    "changed": len(c["changed"]),
                    "added": len(c["added"]),
                    "removed": len(c["removed"]),
                }
                for c in st["copies"]
            ]
            write_csv(flat, STORY_CSV_COLUMNS, sys.stdout)
        else:
            _print_story(st, sys.stdout)
        return 0

    return _run(args, body)


def _print_story(st: dict[str, Any], out: TextIO) -> None:
    o = st["original"]
    out.write(f"story {st['id']}: {st['articles']} articles\n")
    out.write(
        f"original  [{o['id']}] {o['title']}\n          {o['published_at'] or ''}  {o['site']}  {o['url']}\n"
    )
    out.write(f"          why: {st['reason']} — {st['evidence']}\n")
    for c in st["copies"]:
        out.write(
            f"\ncopy      [{c['id']}] {c['title']}\n          {c['published_at'] or ''}  {c['site']}  {c['url']}\n"
        )
        out.write(
            f"          {c['containment']:.0%} of the shorter text shared; {c['kept']} paragraphs kept, "
            f"{len(c['changed'])} changed, {len(c['added'])} added, {len(c['removed'])} removed\n"
        )
        if c["title_changed"]:
            out.write(f"          title changed: {c['original_title']} → {c['title']}\n")
        for p in c["added"]:
            out.write(f"          + {_cut(p, 100)}\n")
        for p in c["removed"]:
            out.write(f"          - {_cut(p, 100)}\n")
        for ch in c["changed"]:
            out.write(f"          ~ {_cut(ch['copy'], 100)}\n")


def cmd_export(args: argparse.Namespace) -> int:
    def body(conn: Connection, f: queries.Filters) -> int:
        rows = queries.export(conn, f, limit=args.limit)
        out: TextIO = open_output(args.output) if args.output else sys.stdout
        try:
            if args.format == "jsonl":
                write_jsonl(rows, out)
            elif args.format == "json":
                write_json(rows, out)
            else:
                write_csv(rows, None, out)
        finally:
            if out is not sys.stdout:
                out.close()
        return 0

    return _run(args, body)


def cmd_runs(args: argparse.Namespace) -> int:
    if args.org:
        raise BadInput(
            "--org does not apply to crawl runs (a run mentions no organisation); filter with --site SPIDER, --since, --until"
        )
    if args.place is not None:
        raise BadInput(
            "--place does not apply to crawl runs (a run has no place); filter with --site SPIDER, --since, --until"
        )

    def body(conn: Connection, f: queries.Filters) -> int:
        rows = queries.runs(conn, f, limit=args.limit)
        emit(
            args,
            rows,
            [
                "id",
                "spider",
                "status",
                "started_at",
                "duration_s",
                "new",
                "updated",
                "errors",
                "finish_reason",
            ],
        )
        if args.format == "table":
            last = queries.last_success(conn)
            if last is None:
                print("no successful run yet", file=sys.stderr)
            else:
                print(
                    f"last successful run: #{last['id']} ({last['spider']}) finished {last['age']} ago, at {last['finished_at']}"
                )
        return 0

    return _run(args, body)


def _by_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by",
        choices=queries.BY_CHOICES,
        default="story",
        help="count each story once — an original and its copies on other sites (default) — or every article",
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("search", parents=[_common()], help="full-text search in titles and bodies")
    p.add_argument("query", help="words that must all occur (Chinese: any 2+ characters, e.g. 托育)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "show", parents=[_common(about=False)], help="one article with its organisations, people and dates"
    )
    p.add_argument("ref", metavar="ID|URL", help="article id, URL or key")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("orgs", parents=[_common()], help="organisations ranked by stories mentioning them")
    p.add_argument("--like", metavar="TEXT", help="only organisations whose name or an alias contains TEXT")
    _by_option(p)
    p.set_defaults(func=cmd_orgs)

    p = sub.add_parser(
        "places", parents=[_common()], help="provinces, cities or counties ranked by stories filed there"
    )
    p.add_argument(
        "--level", choices=queries.LEVELS, default="province", help="which places to rank (default: province)"
    )
    _by_option(p)
    p.set_defaults(func=cmd_places)

    p = sub.add_parser(
        "timeline", parents=[_common(default_limit=None)], help="mentions of an organisation per month"
    )
    p.add_argument("org_name", metavar="ORG", help="organisation (canonical name or alias)")
    p.add_argument(
        "--count", choices=("stories", "articles", "mentions"), default="mentions", help="what the bars show"
    )
    _by_option(p)
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("events", parents=[_common()], help="articles mentioning a date in a period")
    p.add_argument(
        "--between", nargs=2, metavar=("D1", "D2"), required=True, help="period, YYYY-MM-DD inclusive"
    )
    p.add_argument(
        "--contained",
        action="store_true",
        help="the mentioned period must lie inside D1..D2 (so 今年 does not count)",
    )
    _by_option(p)
    p.set_defaults(func=cmd_events)

    p = sub.add_parser(
        "story",
        parents=[_common()],
        help="a story: its original, every copy and what each copy changed (no ID: list stories)",
    )
    p.add_argument(
        "ref", metavar="ID", nargs="?", help="story id, or an article's URL, key or article:ID (its story)"
    )
    p.set_defaults(func=cmd_story)

    p = sub.add_parser(
        "export",
        parents=[_common(("jsonl", "csv", "json"), default_limit=None)],
        help="articles with their extracted fields",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "runs",
        parents=[_common(about=False, org=False)],
        help="crawl history, with the last successful run's age",
    )
    # accepted only to be refused clearly: a crawl run mentions no organisation (never a filter ignored)
    p.add_argument("--org", help=argparse.SUPPRESS)
    p.add_argument("--place", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_runs)
