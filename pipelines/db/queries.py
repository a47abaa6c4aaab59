"""Questions users ask the database: pure functions over a (read-only) connection.

Every function takes a SQLAlchemy :class:`~sqlalchemy.Connection` (or :class:`~sqlalchemy.orm.Session`)
and returns plain dicts, ready for JSON/CSV/table output. User input only ever reaches SQL as bound
parameters (full-text MATCH expressions are built by :func:`pipelines.db.fts.build_match`, which
quotes every token, and are bound too).

Common filters (:class:`Filters`): publication time ``since``/``until`` (a date means that day in
Asia/Shanghai; ``until`` is inclusive), ``site``, ``org`` (articles mentioning that
organisation, by canonical name or alias) and ``about`` (articles matching a full-text query, as
``search`` matches it).

Search uses the FTS5 index on SQLite; on other backends, or a SQLite database without the index,
it falls back to ``LIKE`` (every query piece must occur in the title or body; newest first).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    column,
    desc,
    distinct,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from pipelines.db import fts
from pipelines.db.models import (
    Article,
    CrawlRun,
    DateMention,
    Mention,
    Organization,
    OrganizationAlias,
    Person,
    PersonMention,
)
from pipelines.db.types import UTCDateTime

NEWS_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_MARK = ("【", "】")
# a term in more matching articles than this is ranked among its newest this-many matches
RANK_WINDOW = 10_000
# orgs' first/last day: walk the publication-time index for at most this many times the expected
# distance to an organisation's newest/oldest article (total / its articles) before reading them all
SPAN_WALK_FACTOR = 5
SNIPPET_BEFORE = 30
SNIPPET_AFTER = 70
_LIKE_ESCAPE = "\\"
_LIKE_SPECIAL_RE = re.compile(r"([\\%_])")
_DIGITS_RE = re.compile(r"\d+")
_WS_RE = re.compile(r"\s+")

_fts_table = table(fts.FTS_TABLE, column("rowid"), column("rank"))


class QueryError(ValueError):
    """Bad query input (unknown organisation, unsearchable query …): a clear message for users."""


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None  # tz-aware; inclusive
    until: datetime | None = None  # tz-aware; exclusive (parse_until makes a date inclusive)
    site: str | None = None
    org: str | None = None
    about: str | None = None  # full-text query the articles must match (same matching as search)


# --- input parsing --------------------------------------------------------------------------------


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise QueryError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _parse_time(value: str) -> tuple[datetime, bool]:
    """(aware datetime, was it a bare date)."""
    v = value.strip()
    try:
        if len(v) == 7:  # YYYY-MM
            return datetime.fromisoformat(v + "-01").replace(tzinfo=NEWS_TZ), True
        if len(v) == 10:
            return datetime.fromisoformat(v).replace(tzinfo=NEWS_TZ), True
        dt = datetime.fromisoformat(v)
    except ValueError as exc:
        raise QueryError(f"not a date or time (YYYY-MM-DD[THH:MM[+08:00]]): {value!r}") from exc
    return (dt if dt.tzinfo else dt.replace(tzinfo=NEWS_TZ)), False


def parse_since(value: str | None) -> datetime | None:
    return None if not value else _parse_time(value)[0]


def parse_until(value: str | None) -> datetime | None:
    """Exclusive upper bound: a bare date (or month) includes that whole day (month)."""
    if not value:
        return None
    dt, bare = _parse_time(value)
    if not bare:
        return dt
    if len(value.strip()) == 7:
        return (dt + timedelta(days=32)).replace(day=1)
    return dt + timedelta(days=1)


def escape_like(s: str) -> str:
    """``s`` with the LIKE wildcards escaped (use with ``escape='\\'``)."""
    return _LIKE_SPECIAL_RE.sub(r"\\\1", s)


def like_pattern(s: str) -> str:
    """``%s%`` with LIKE wildcards in ``s`` escaped."""
    return "%" + escape_like(s) + "%"


# --- helpers --------------------------------------------------------------------------------------


def _conn(db: Connection | Session) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(NEWS_TZ).isoformat() if dt else None


def _day(d: date | str | None) -> str | None:
    if d is None:
        return None
    return d.isoformat() if isinstance(d, date) else str(d)


def resolve_org(conn: Connection, name: str) -> list[int]:
    """Ids of the organisation called ``name`` (canonical name first, else by alias)."""
    name = name.strip()
    ids = conn.execute(select(Organization.id).where(Organization.name == name)).scalars().all()
    if not ids:
        ids = (
            conn.execute(
                select(OrganizationAlias.organization_id).where(OrganizationAlias.alias == name).distinct()
            )
            .scalars()
            .all()
        )
    return sorted(ids)


def _org_ids_or_error(conn: Connection, name: str) -> list[int]:
    ids = resolve_org(conn, name)
    if not ids:
        raise QueryError(f"no organisation named {name!r} (try: cnr-news orgs --like {name!r})")
    return ids


def matching_sites(conn: Connection, site: str) -> list[str]:
    """Stored site names equal to ``site`` or under it (``cnr.cn`` → ``cnr.cn``, ``www.cnr.cn``).

    Resolved from the distinct values (a walk of the small site index), so the article filter is
    an indexed ``IN`` rather than a ``LIKE '%…'`` over every article row.
    """
    site = site.strip().lower()
    names = conn.execute(select(Article.site).distinct()).scalars().all()
    return sorted(n for n in names if n and (n.lower() == site or n.lower().endswith("." + site)))


def _like_all(query: str) -> list[ColumnElement[bool]]:
    """LIKE fallback of a full-text query: every piece must occur in the title or the body."""
    return [
        or_(
            Article.title.ilike(like_pattern(p), escape=_LIKE_ESCAPE),
            Article.body.ilike(like_pattern(p), escape=_LIKE_ESCAPE),
        )
        for p, _ in fts.query_segments(query)
    ]


def _about_conditions(conn: Connection, about: str) -> list[ColumnElement[bool]]:
    """Articles matching the full-text query ``about``: an FTS5 MATCH (bound), else LIKE."""
    match = fts.build_match(about)
    if match is None:
        raise QueryError(
            f"--about: nothing searchable in {about!r} (need letters, digits or Chinese characters)"
        )
    if fts.fts_exists(conn):
        t = fts.FTS_TABLE
        hits = select(_fts_table.c.rowid).where(text(f"{t} MATCH :about_match").bindparams(about_match=match))
        return [Article.id.in_(hits)]
    return _like_all(about)


def _article_conditions(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = []
    if f.since is not None:
        cond.append(Article.published_at >= f.since)
    if f.until is not None:
        cond.append(Article.published_at < f.until)
    if f.site:
        cond.append(Article.site.in_(matching_sites(conn, f.site)))
    if f.org:
        ids = _org_ids_or_error(conn, f.org)
        m = Mention.__table__.alias("org_filter")  # not the outer query's mentions (orgs, timeline)
        cond.append(exists().where(m.c.article_pk == Article.id, m.c.organization_id.in_(ids)))
    if f.about is not None and f.about.strip():
        cond.extend(_about_conditions(conn, f.about))
    return cond


def _article_refs(conn: Connection, ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = conn.execute(
        select(
            Article.id,
            Article.title,
            Article.published_at,
            Article.site,
            Article.canonical_url,
            Article.source,
        ).where(Article.id.in_(list(ids)))
    ).all()
    return {r.id: r for r in rows}


def _ref_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "published_at": _iso(r.published_at),
        "site": r.site,
        "url": r.canonical_url,
    }


# --- search ---------------------------------------------------------------------------------------


def _highlight_terms(query: str) -> list[str]:
    """Strings to look for in the body: the query's pieces, longest first."""
    segs = {s for s, _ in fts.query_segments(query)}
    return sorted(segs, key=len, reverse=True)


def make_snippet(
    body: str,
    terms: Sequence[str],
    mark: tuple[str, str] = DEFAULT_MARK,
    before: int = SNIPPET_BEFORE,
    after: int = SNIPPET_AFTER,
) -> str:
    """A window of the real body around the first hit, every hit inside it wrapped in ``mark``."""
    flat = _WS_RE.sub(" ", body or "")
    if not terms:
        return flat[: before + after]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(flat)
    if first is None:
        return flat[: before + after] + ("…" if len(flat) > before + after else "")
    lo = max(0, first.start() - before)
    hi = min(len(flat), first.end() + after)
    window = flat[lo:hi]
    marked = pattern.sub(lambda m: f"{mark[0]}{m.group(0)}{mark[1]}", window)
    return ("…" if lo > 0 else "") + marked + ("…" if hi < len(flat) else "")


def _fts_hits(
    conn: Connection, match: str, cond: list[ColumnElement[bool]], limit: int, window: int
) -> list[tuple[int, float | None]]:
    """(article id, bm25) of the best matches.

    bm25 costs about a microsecond per matching article, so a term found in nearly every article
    of a 100,000-article database would take ~100 ms to rank. First find the lowest id among the
    ``window`` newest matches (a descending walk of the index, stopped at ``window``), then rank
    only matches at or above it. When filters leave fewer than ``limit`` hits in that window,
    everything is ranked.
    """
    t = fts.FTS_TABLE
    n, low = conn.execute(
        text(
            f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {t} WHERE {t} MATCH :match "
            "ORDER BY rowid DESC LIMIT :window)"
        ),
        {"match": match, "window": max(limit, int(window))},
    ).one()
    if not n:
        return []
    truncated = n >= max(limit, int(window))
    score = literal_column(f"bm25({t}, {', '.join(str(w) for w in fts.RANK_WEIGHTS)})")

    def ranked(lower: int | None) -> list[tuple[int, float | None]]:
        stmt: Select[Any] = select(_fts_table.c.rowid, score).where(
            text(f"{t} MATCH :match").bindparams(match=match)
        )
        if lower is not None:
            stmt = stmt.where(_fts_table.c.rowid >= lower)
        if cond:
            stmt = stmt.join(Article, Article.id == _fts_table.c.rowid).where(*cond)
        stmt = stmt.order_by(score).limit(limit)
        return [(int(r[0]), float(r[1])) for r in conn.execute(stmt)]

    hits = ranked(int(low) if truncated else None)
    if truncated and cond and len(hits) < limit:
        hits = ranked(None)
    return hits


def search(
    db: Connection | Session,
    query: str,
    filters: Filters = Filters(),
    *,
    limit: int = 20,
    mark: tuple[str, str] = DEFAULT_MARK,
    rank_window: int = RANK_WINDOW,
) -> list[dict[str, Any]]:
    """Articles matching every piece of ``query``, best first, each with a highlighted snippet.

    ``score``: FTS5 bm25 (lower is better; title and whole-word hits weigh more); ``None`` on the
    LIKE fallback. A term in more than ``rank_window`` articles is ranked among its
    ``rank_window`` most recently stored matches (cost bounded whatever the term; see
    :func:`_fts_hits`).
    """
    conn = _conn(db)
    match = fts.build_match(query)
    if match is None:
        raise QueryError(f"nothing searchable in {query!r} (need letters, digits or Chinese characters)")
    cond = _article_conditions(conn, filters)
    limit = max(1, int(limit))
    hits: list[tuple[int, float | None]]
    if fts.fts_exists(conn):
        hits = _fts_hits(conn, match, cond, limit, rank_window)
    else:
        stmt = (
            select(Article.id)
            .where(*_like_all(query), *cond)
            .order_by(desc(Article.published_at), desc(Article.id))
            .limit(limit)
        )
        hits = [(int(r[0]), None) for r in conn.execute(stmt)]
    if not hits:
        return []
    ids = [h[0] for h in hits]
    rows = {
        r.id: r
        for r in conn.execute(
            select(
                Article.id,
                Article.title,
                Article.body,
                Article.published_at,
                Article.site,
                Article.canonical_url,
                Article.source,
            ).where(Article.id.in_(ids))
        )
    }
    terms = _highlight_terms(query)
    out = []
    for pk, score in hits:
        r = rows.get(pk)
        if r is None:  # index entry of an article deleted behind the index's back
            continue
        d = _ref_dict(r)
        d["source"] = r.source
        d["score"] = round(score, 4) if score is not None else None
        d["snippet"] = make_snippet(r.body, terms, mark)
        out.append(d)
    return out


# --- show -----------------------------------------------------------------------------------------


def find_article(db: Connection | Session, ref: str) -> int | None:
    """Article id from an id, a URL (canonical or fetched) or a key."""
    conn = _conn(db)
    ref = ref.strip()
    if _DIGITS_RE.fullmatch(ref):
        pk = conn.execute(select(Article.id).where(Article.id == int(ref))).scalar()
        if pk is not None:
            return int(pk)
    pk = conn.execute(
        select(Article.id)
        .where(or_(Article.canonical_url == ref, Article.url == ref, Article.key == ref))
        .order_by(Article.id)
        .limit(1)
    ).scalar()
    return int(pk) if pk is not None else None


def _orgs_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    parent = Organization.__table__.alias("parent")
    rows = conn.execute(
        select(
            Mention.article_pk,
            Organization.id,
            Organization.name,
            Organization.kind,
            parent.c.name.label("parent"),
            Mention.text,
            Mention.start,
        )
        .join(Organization, Organization.id == Mention.organization_id)
        .outerjoin(parent, parent.c.id == Organization.parent_id)
        .where(Mention.article_pk.in_(list(ids)))
        .order_by(Mention.article_pk, Mention.start)
    ).all()
    out: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        o = out[r.article_pk].setdefault(
            r.id, {"name": r.name, "kind": r.kind, "parent": r.parent, "mentions": 0, "forms": []}
        )
        o["mentions"] += 1
        if r.text not in o["forms"]:
            o["forms"].append(r.text)
    return {pk: list(v.values()) for pk, v in out.items()}


def _persons_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(PersonMention.article_pk, Person.id, Person.name)
        .join(Person, Person.id == PersonMention.person_id)
        .where(PersonMention.article_pk.in_(list(ids)))
        .order_by(PersonMention.article_pk, PersonMention.start)
    ).all()
    out: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        p = out[r.article_pk].setdefault(r.id, {"name": r.name, "mentions": 0})
        p["mentions"] += 1
    return {pk: list(v.values()) for pk, v in out.items()}


def _dates_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(DateMention)
        .where(DateMention.article_pk.in_(list(ids)))
        .order_by(DateMention.article_pk, DateMention.start)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in rows:
        out[d.article_pk].append(
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "value_start": _day(d.value_start),
                "value_end": _day(d.value_end),
                "granularity": d.granularity,
            }
        )
    return out


def _article_fields(a: Any) -> dict[str, Any]:
    """The article's own columns as JSON-ready values (shared by ``show`` and ``export``)."""
    return {
        "id": a.id,
        "key": a.key,
        "url": a.canonical_url,
        "site": a.site,
        "channel": a.channel,
        "title": a.title,
        "published_at": _iso(a.published_at),
        "modified_at": _iso(a.modified_at),
        "source": a.source,
        "authors": list(a.authors or []),
        "editors": list(a.editors or []),
        "keywords": list(a.keywords or []),
        "description": a.description,
    }


def show(db: Connection | Session, ref: str) -> dict[str, Any] | None:
    """One article (by id, URL or key) with its organisations, people and dates; None if absent."""
    conn = _conn(db)
    pk = find_article(conn, ref)
    if pk is None:
        return None
    a = conn.execute(select(Article).where(Article.id == pk)).first()
    if a is None:
        return None
    return {
        **_article_fields(a),
        "fetched_url": a.url,
        "template": a.template,
        "first_seen": _iso(a.first_seen),
        "last_crawled": _iso(a.last_crawled),
        "times_changed": a.times_changed,
        "organizations": _orgs_of(conn, [pk]).get(pk, []),
        "persons": _persons_of(conn, [pk]).get(pk, []),
        "dates": _dates_of(conn, [pk]).get(pk, []),
        "body": a.body,
    }


# --- organisations --------------------------------------------------------------------------------


def orgs(
    db: Connection | Session, filters: Filters = Filters(), *, like: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Organisations ranked by the number of (filtered) articles mentioning them.

    Each with ``articles``, ``mentions``, and ``first_day``/``last_day``: the publication days
    (Asia/Shanghai) of the earliest and latest of those articles (None when none has a date).
    ``like``: only organisations whose name or an alias contains that text.
    """
    conn = _conn(db)
    # aggregate the mentions alone first (a walk of the (organization_id, article_pk) index), then
    # name the top N: grouping by the joined name columns would sort every mention
    src: Any = Mention.__table__
    cond = _article_conditions(conn, filters)
    if cond:
        # filter articles first (published_at/site indexes), materialised: otherwise the planner
        # walks every mention in organisation order and looks each article up
        src = (
            select(Mention.organization_id, Mention.article_pk, Mention.id, Article.published_at)
            .join(Article, Article.id == Mention.article_pk)
            .where(*cond)
            .cte("filtered")
        )
        if conn.dialect.name == "sqlite":
            src = src.prefix_with("MATERIALIZED")
    n_articles = func.count(distinct(src.c.article_pk)).label("articles")
    n_mentions = func.count(src.c.id).label("mentions")
    cols: list[Any] = [src.c.organization_id.label("oid"), n_articles, n_mentions]
    if cond:  # the articles' times are at hand: first/last day in the same pass
        cols += [func.min(src.c.published_at).label("first"), func.max(src.c.published_at).label("last")]
    agg = select(*cols).select_from(src)
    if like:
        pat = like_pattern(like.strip())
        agg = agg.where(
            src.c.organization_id.in_(
                select(Organization.id)
                .where(Organization.name.like(pat, escape="\\"))
                .union(
                    select(OrganizationAlias.organization_id).where(
                        OrganizationAlias.alias.like(pat, escape="\\")
                    )
                )
            )
        )
    top = (
        agg.group_by(src.c.organization_id)
        .order_by(desc(n_articles), desc(n_mentions), src.c.organization_id)
        .limit(max(1, int(limit)))
        .subquery("top")
    )
    parent = Organization.__table__.alias("parent")
    stmt = (
        select(
            Organization.id,
            Organization.name,
            Organization.kind,
            parent.c.name.label("parent"),
            top.c.articles,
            top.c.mentions,
            *([top.c.first, top.c.last] if cond else []),
        )
        .select_from(top)
        .join(Organization, Organization.id == top.c.oid)
        .outerjoin(parent, parent.c.id == Organization.parent_id)
        .order_by(desc(top.c.articles), desc(top.c.mentions), Organization.id)
    )
    rows = conn.execute(stmt).all()
    if cond:
        span = {r.id: (r.first, r.last) for r in rows}
    else:
        span = _publication_span(conn, {r.id: int(r.articles) for r in rows})
    out = []
    for r in rows:
        first, last = span.get(r.id, (None, None))
        out.append(
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "parent": r.parent,
                "articles": int(r.articles),
                "mentions": int(r.mentions),
                "first_day": _news_day(first),
                "last_day": _news_day(last),
            }
        )
    return out


def _publication_span(conn: Connection, articles: dict[int, int]) -> dict[int, tuple[Any, Any]]:
    """Earliest and latest publication time of the articles mentioning each organisation.

    ``articles``: organisation id -> its number of articles (already ranked, so few). Reading
    every article of an organisation in 5 % of a large database is slow; instead its newest
    article is found by walking the publication-time index newest first, checking each article
    against the (organization_id, article_pk) index: about total/articles steps. The walk is
    bounded (:data:`SPAN_WALK_FACTOR` times that), and an organisation that is rare, or not found
    within the bound, has its articles read (distinct pairs from the index, one lookup each).
    """
    if not articles:
        return {}
    total = int(conn.execute(select(func.max(Article.id))).scalar() or 0)
    out: dict[int, tuple[Any, Any]] = {}
    rest: list[int] = []
    for oid, n in articles.items():
        window = SPAN_WALK_FACTOR * total // max(1, n) + 1
        if window >= 2 * n:  # reading its n articles is cheaper
            rest.append(oid)
            continue
        first, last = _walk_end(conn, oid, window, newest=False), _walk_end(conn, oid, window, newest=True)
        if first is None or last is None:
            rest.append(oid)
        else:
            out[oid] = (first, last)
    if rest:
        pairs = (
            select(Mention.organization_id.label("oid"), Mention.article_pk.label("pk"))
            .where(Mention.organization_id.in_(rest))
            .distinct()
            .subquery("pairs")
        )
        stmt = (
            select(pairs.c.oid, func.min(Article.published_at), func.max(Article.published_at))
            .select_from(pairs)
            .join(Article, Article.id == pairs.c.pk)
            .group_by(pairs.c.oid)
        )
        out.update({int(oid): (first, last) for oid, first, last in conn.execute(stmt)})
    return out


def _walk_sql(newest: bool) -> Any:
    """Newest (oldest) publication time of an organisation, looking no further than ``window``
    dated articles from that end: the bound is the window's last publication time (an index walk
    without lookups), then the publication-time index is walked from the end and stops at the
    first article that mentions the organisation.

    Plain SQL text (portable; the names are the models'): built once, it runs in about a tenth of
    the time of an equivalent Core statement built per call.
    """
    order, cmp, other_end = ("DESC", ">=", "min") if newest else ("ASC", "<=", "max")
    a, m = Article.__tablename__, Mention.__tablename__
    bound = (
        f"COALESCE((SELECT published_at FROM {a} WHERE published_at IS NOT NULL "
        f"ORDER BY published_at {order} LIMIT 1 OFFSET :window), (SELECT {other_end}(published_at) FROM {a}))"
    )
    return text(
        f"SELECT published_at FROM {a} WHERE published_at IS NOT NULL AND published_at {cmp} {bound} "
        f"AND EXISTS (SELECT 1 FROM {m} WHERE {m}.organization_id = :oid AND {m}.article_pk = {a}.id) "
        f"ORDER BY published_at {order} LIMIT 1"
    ).columns(column("published_at", UTCDateTime()))


_WALK_NEWEST, _WALK_OLDEST = _walk_sql(True), _walk_sql(False)


def _walk_end(conn: Connection, oid: int, window: int, *, newest: bool) -> datetime | None:
    """Publication time of ``oid``'s newest (oldest) article among the ``window`` newest (oldest)
    dated articles; None when none of them mentions it."""
    stmt = _WALK_NEWEST if newest else _WALK_OLDEST
    return conn.execute(stmt, {"window": int(window), "oid": int(oid)}).scalar()


def _news_day(dt: datetime | None) -> str | None:
    """The publication day in Asia/Shanghai (times are stored in UTC)."""
    if dt is None:
        return None
    if dt.tzinfo is None:  # a backend that hands back naive values: stored as UTC
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(NEWS_TZ).date().isoformat()


def timeline(
    db: Connection | Session, org: str, filters: Filters = Filters(), *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Per month of publication (Asia/Shanghai): articles mentioning ``org`` and their mentions.

    Months without a mention between the first and last are included (zeros); articles without a
    publication time are counted under ``"unknown"`` (last). ``limit``: keep the latest N months.
    """
    conn = _conn(db)
    ids = _org_ids_or_error(conn, org)
    stmt = (
        select(Article.published_at, func.count(Mention.id).label("n"))
        .select_from(Mention)
        .join(Article, Article.id == Mention.article_pk)
        .where(Mention.organization_id.in_(ids), *_article_conditions(conn, filters))
        .group_by(Article.id, Article.published_at)
    )
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unknown = [0, 0]
    for published, n in conn.execute(stmt):
        slot = months[published.astimezone(NEWS_TZ).strftime("%Y-%m")] if published else unknown
        slot[0] += 1
        slot[1] += int(n)
    out = []
    if months:
        first, last = min(months), max(months)
        y, m = int(first[:4]), int(first[5:])
        while f"{y:04d}-{m:02d}" <= last:
            key = f"{y:04d}-{m:02d}"
            a, n = months.get(key, (0, 0))
            out.append({"month": key, "articles": a, "mentions": n})
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if limit:
        out = out[-int(limit) :]
    if unknown[0]:
        out.append({"month": "unknown", "articles": unknown[0], "mentions": unknown[1]})
    return out


# --- events ---------------------------------------------------------------------------------------


def events(
    db: Connection | Session,
    start: date,
    end: date,
    filters: Filters = Filters(),
    *,
    limit: int = 20,
    contained: bool = False,
) -> list[dict[str, Any]]:
    """Articles whose text mentions a date in ``[start, end]`` (mention periods overlapping it).

    ``contained``: the mentioned period must lie inside ``[start, end]`` (so ``今年`` does not
    count for a one-month window). Order: the most precise matching mention first (shortest
    period), then the newest article.
    """
    if end < start:
        raise QueryError(f"--between: {end} is before {start}")
    conn = _conn(db)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        span = func.julianday(DateMention.value_end) - func.julianday(DateMention.value_start)
    else:
        span = DateMention.value_end - DateMention.value_start
    if contained:
        # value_start <= end is implied; said, it bounds the index range
        period = and_(
            DateMention.value_start >= start, DateMention.value_start <= end, DateMention.value_end <= end
        )
    else:
        period = and_(DateMention.value_start <= end, DateMention.value_end >= start)
    where = period
    if sqlite and not contained:
        # overlap: a period of at most LONG_SPAN_DAYS starts at most that long before `start`
        # (a short index range); longer ones come from the partial index ix_date_mentions_long
        lo = start - timedelta(days=fts.LONG_SPAN_DAYS)
        long_days = literal_column(str(int(fts.LONG_SPAN_DAYS)))  # literal: must match the index's WHERE
        where = or_(
            and_(DateMention.value_start >= lo, period),
            and_(span > long_days, DateMention.value_start < lo, DateMention.value_end >= start),
        )
    # materialised, so the planner filters by the period index before grouping by article
    matched = select(DateMention.article_pk.label("pk"), span.label("span")).where(where).cte("matched")
    if sqlite:
        matched = matched.prefix_with("MATERIALIZED")
    best = func.min(matched.c.span).label("best")
    stmt = select(matched.c.pk.label("article_pk"), best).group_by(matched.c.pk)
    cond = _article_conditions(conn, filters)
    if cond:
        stmt = stmt.join(Article, Article.id == matched.c.pk).where(*cond)
        order_time = func.max(Article.published_at)
    else:
        order_time = matched.c.pk
    stmt = stmt.order_by(best, desc(order_time)).limit(max(1, int(limit)))
    hits = conn.execute(stmt).all()
    if not hits:
        return []
    ids = [int(h.article_pk) for h in hits]
    refs = _article_refs(conn, ids)
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in conn.execute(
        select(DateMention)
        .where(DateMention.article_pk.in_(ids), period)
        .order_by(DateMention.article_pk, DateMention.start)
    ):
        mentions[d.article_pk].append(
            {"text": d.text, "value_start": _day(d.value_start), "value_end": _day(d.value_end)}
        )
    out = []
    for h in hits:
        r = refs.get(int(h.article_pk))
        if r is None:
            continue
        d = _ref_dict(r)
        d["mentions"] = mentions.get(r.id, [])
        out.append(d)
    return out


# --- export ---------------------------------------------------------------------------------------


def export(
    db: Connection | Session, filters: Filters = Filters(), *, limit: int | None = None, batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Articles (oldest id first) with their extracted fields; streamed in batches."""
    conn = _conn(db)
    cond = _article_conditions(conn, filters)
    last, sent = 0, 0
    while limit is None or sent < limit:
        n = batch if limit is None else min(batch, limit - sent)
        arts = conn.execute(
            select(Article).where(Article.id > last, *cond).order_by(Article.id).limit(n)
        ).all()
        if not arts:
            return
        ids = [a.id for a in arts]
        orgs_by, persons_by, dates_by = _orgs_of(conn, ids), _persons_of(conn, ids), _dates_of(conn, ids)
        for a in arts:
            yield {
                **_article_fields(a),
                "organizations": [o["name"] for o in orgs_by.get(a.id, [])],
                "persons": [p["name"] for p in persons_by.get(a.id, [])],
                "dates": [
                    {k: d[k] for k in ("text", "value_start", "value_end", "granularity")}
                    for d in dates_by.get(a.id, [])
                ],
                "body": a.body,
            }
        sent += len(arts)
        last = arts[-1].id


# --- runs -----------------------------------------------------------------------------------------


def _age(seconds: float) -> str:
    s = int(max(0, seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60} min"
    return f"{s // 86400} d {s % 86400 // 3600} h"


def runs(
    db: Connection | Session, filters: Filters = Filters(), *, limit: int = 20, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Crawl runs, newest first (``since``/``until`` filter on the start time; ``site`` on the spider)."""
    conn = _conn(db)
    now = now or datetime.now(UTC)
    stmt = select(CrawlRun)
    if filters.since is not None:
        stmt = stmt.where(CrawlRun.started_at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(CrawlRun.started_at < filters.until)
    if filters.site:
        stmt = stmt.where(CrawlRun.spider == filters.site)
    stmt = stmt.order_by(desc(CrawlRun.started_at), desc(CrawlRun.id)).limit(max(1, int(limit)))
    out = []
    for r in conn.execute(stmt):
        end = r.finished_at
        out.append(
            {
                "id": r.id,
                "spider": r.spider,
                "status": r.status,
                "started_at": _iso(r.started_at),
                "finished_at": _iso(end),
                "duration_s": round((end - r.started_at).total_seconds(), 1) if end else None,
                "age": _age((now - (end or r.started_at)).total_seconds()),
                "pages": r.pages,
                "items": r.items,
                "new": r.new,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "dropped": r.dropped,
                "errors": r.errors,
                "finish_reason": r.finish_reason,
                "error": r.error,
            }
        )
    return out


def last_success(db: Connection | Session, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The newest run with status ``finished``: id, finished_at and its age (seconds and words)."""
    conn = _conn(db)
    now = now or datetime.now(UTC)
    r = conn.execute(
        select(CrawlRun)
        .where(CrawlRun.status == "finished")
        .order_by(desc(CrawlRun.finished_at), desc(CrawlRun.id))
        .limit(1)
    ).first()
    if r is None:
        return None
    end = r.finished_at or r.started_at
    age = (now - end).total_seconds()
    return {"id": r.id, "spider": r.spider, "finished_at": _iso(end), "age_s": int(age), "age": _age(age)}
