"""``cnr-news reprocess [--since D] [--until D] [--site S] [--db URL]``: re-run extraction and the
item pipelines over the stored raw pages (after an improvement to cleaning or extraction);
``cnr-news reprocess --stories``: build the stories (originals and copies) of articles not yet in the
near-duplicate index. The work is done by :mod:`pipelines.reprocess`; this module parses arguments
and reports.

"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterable
from datetime import date

from pipelines.cli import argtypes
from pipelines.db.schema import SchemaError
from pipelines.reprocess import Interrupted, NotOurDatabase, Selection, build_stories, reprocess

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reprocess",
        help="re-run extraction and the item pipelines over stored raw pages, updating in place",
        description="Re-run extraction and the item pipelines over the stored raw pages (nothing is "
        "fetched), updating articles and their mentions in place.",
    )
    p.add_argument("--db", help="database URL or SQLite path (default: $NEWS_DB_URL, else data/news.db)")
    p.add_argument("--since", type=date.fromisoformat, help="published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=date.fromisoformat, help="published on or before this day (YYYY-MM-DD)")
    p.add_argument("--site", help="only this site (e.g. cnr.cn)")
    p.add_argument("--limit", type=int, help="at most this many articles")
    p.add_argument("--batch", type=int, default=100, help="articles per write transaction (default: 100)")
    p.add_argument("--t2s", action="store_true", help="Traditional -> Simplified (as NEWS_T2S)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--stories",
        action="store_true",
        help="only build stories (link copies to their originals) for articles not indexed yet; "
        "nothing is re-parsed (the selection options do not apply)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )

    def bar(ids: Iterable[int], total: int) -> Iterable[int]:
        return tqdm(ids, total=total, unit="article", file=sys.stderr, disable=args.no_progress or None)

    if args.stories:
        return _stories(args, bar)
    selection = Selection(since=args.since, until=args.until, site=args.site, limit=args.limit)
    try:
        argtypes.check(
            args,
            {
                "db": argtypes.database_url,
                "site": argtypes.text,
                "limit": argtypes.count,
                "batch": argtypes.count,
            },
        )
    except argtypes.BadArgument as exc:
        print(f"cnr-news reprocess: {exc}", file=sys.stderr)
        return 2
    from sqlalchemy.exc import SQLAlchemyError

    from pipelines.db.engine import hide_password, resolve_db_url, safe_url

    try:
        counts = reprocess(args.db, selection, batch=args.batch, t2s=args.t2s, progress=bar)
    except (FileNotFoundError, SchemaError) as exc:  # no database; a schema behind (`cnr-news db upgrade`)
        print(f"cnr-news reprocess: {exc}", file=sys.stderr)
        return 1
    except NotOurDatabase as exc:
        print(f"cnr-news reprocess: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:  # a text file, a folder, an unreachable server
        reason = hide_password(str(getattr(exc, "orig", None) or exc)).strip().splitlines()[0]
        print(
            f"cnr-news reprocess: cannot open {safe_url(resolve_db_url(args.db))}: {reason}", file=sys.stderr
        )
        return 2
    except Interrupted as stop:
        done = stop.counts["updated"] + stop.counts["unchanged"]
        print(
            f"cnr-news reprocess: interrupted; {done} articles re-processed and kept "
            f"({stop.counts['updated']} updated), the rest left as they were",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    total = sum(counts.values())
    print(
        f"re-processed {total} articles: {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed, {counts['no_pages']} without stored pages, "
        f"{counts['not_article']} no longer parsed as articles (left as they were)"
    )
    return 1 if counts["failed"] else 0


def _stories(args: argparse.Namespace, bar: Callable[[Iterable[int], int], Iterable[int]]) -> int:
    try:
        counts = build_stories(args.db, batch=args.batch, progress=bar)
    except FileNotFoundError as exc:
        print(f"cnr-news reprocess: {exc}", file=sys.stderr)
        return 1
    print(
        f"indexed {counts['indexed']} articles for stories: {counts['linked']} linked to a story, "
        f"{counts['too_short']} too short to compare, {counts['failed']} failed"
    )
    return 1 if counts["failed"] else 0
