"""What every query takes: a connection, :class:`Filters`, and user input turned into SQL conditions.

User input only ever reaches SQL as bound parameters (full-text MATCH expressions are built by
:func:`pipelines.db.fts.build_match`, which quotes every token, and are bound too).

Filters: publication time ``since``/``until`` (a date means that day in Asia/Shanghai; ``until`` is
inclusive), ``site``, ``org`` (articles mentioning that organisation, by canonical name or alias),
``about`` (articles matching a full-text query, as ``search`` matches it) and ``place`` (articles
whose story the entity step placed in that province, city or county).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, and_, column, exists, or_, select, table, text
from sqlalchemy.orm import Session

from crawler.constants import BEIJING
from pipelines.db import fts, pg_search
from pipelines.db.models import PLACE_LEVELS, Article, Mention, Organization, OrganizationAlias
from pipelines.text.t2s import to_simplified, traditional_forms

if TYPE_CHECKING:  # the entity package is imported only when a place is asked for
    from pipelines.entities.places import Place

LIKE_ESCAPE = "\\"
_LIKE_SPECIAL_RE = re.compile(r"([\\%_])")

fts_table = table(fts.FTS_TABLE, column("rowid"), column("rank"))


class QueryError(ValueError):
    """Bad query input (unknown organisation, unsearchable query …): a clear message for users."""


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None  # tz-aware; inclusive
    until: datetime | None = None  # tz-aware; exclusive (parse_until makes a date inclusive)
    site: str | None = None
    org: str | None = None
    about: str | None = None  # full-text query the articles must match (same matching as search)
    place: str | None = None  # a province, city or county of China the story is in (山东, 济南市, 历下区)


NO_FILTERS = Filters()


def as_connection(db: Connection | Session) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def row_limit(limit: int) -> int:
    """A ``LIMIT``: at least one row."""
    return max(1, int(limit))


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
            return datetime.fromisoformat(v + "-01").replace(tzinfo=BEIJING), True
        if len(v) == 10:
            return datetime.fromisoformat(v).replace(tzinfo=BEIJING), True
        dt = datetime.fromisoformat(v)
    except ValueError as exc:
        raise QueryError(f"not a date or time (YYYY-MM-DD[THH:MM[+08:00]]): {value!r}") from exc
    return (dt if dt.tzinfo else dt.replace(tzinfo=BEIJING)), False


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


def fts_match(query: str, option: str = "") -> str:
    """The bound FTS5 MATCH expression of ``query``; QueryError (naming ``option``) when nothing in
    it is searchable."""
    match = fts.build_match(query)
    if match is None:
        prefix = f"{option}: " if option else ""
        raise QueryError(
            f"{prefix}nothing searchable in {query!r} (need letters, digits or Chinese characters)"
        )
    return match


# --- names to ids ---------------------------------------------------------------------------------


def resolve_org(conn: Connection, name: str) -> list[int]:
    """Ids of the organisation called ``name``: by name — as asked, as the entity step names it, and the
    body a national form names (``外交部`` is ``中华人民共和国外交部`` as well:
    :mod:`pipelines.entities.national_bodies`) —, else by alias; then the same for ``name`` in simplified script (names are stored so, 國務院 is 国务院). An
    organisation no article mentions any more (a name ``reprocess`` replaced) is passed over while one
    that is mentioned answers."""
    name = name.strip()
    unmentioned: list[int] = []
    for asked in dict.fromkeys((name, to_simplified(name))):
        named = conn.execute(select(Organization.id).where(Organization.name.in_(_names_of(asked)))).scalars()
        aliased = conn.execute(
            select(OrganizationAlias.organization_id).where(OrganizationAlias.alias == asked).distinct()
        ).scalars()
        for ids in (sorted(set(named)), sorted(set(aliased))):
            live = _mentioned(conn, ids)
            if live:
                return live
            unmentioned += ids
    return sorted(set(unmentioned))


def _names_of(asked: str) -> list[str]:
    """``asked``, its canonical name (``济南市卫健委``: ``济南市卫生健康委员会``; ``ＩＢＭ公司``: ``IBM公司``) and,
    where either is a form of a national body, the body's name (``住建部``: ``中华人民共和国住房和城乡建设部``)."""
    from pipelines.entities.canonical import canonical_name, stored_name  # the lexicon, read on first use
    from pipelines.entities.national_bodies import national_names

    canonical = canonical_name(asked)
    names = dict.fromkeys((asked, canonical, stored_name(canonical)))
    for n in list(names):
        body = national_names().get(n)
        if body is not None:
            names[body[0]] = None
    return list(names)


def _mentioned(conn: Connection, ids: list[int]) -> list[int]:
    if not ids:
        return []
    found = conn.execute(
        select(Organization.id).where(
            Organization.id.in_(ids), exists().where(Mention.organization_id == Organization.id)
        )
    ).scalars()
    return sorted(found)


def org_ids_or_error(conn: Connection, name: str) -> list[int]:
    ids = resolve_org(conn, name)
    if not ids:
        raise QueryError(f"no organisation named {name!r} (try: cnr-news orgs --like {name!r})")
    return ids


def place_condition(place: str) -> ColumnElement[bool]:
    """Articles whose story is in ``place``: a province (``山东``, ``山东省``), a city (``济南``,
    ``济南市``) or a county or district (``历下区``; one name that two cities share matches both, so
    a larger place may come first: ``北京朝阳区``, ``长春市朝阳区``, ``山东济南``); ``北京`` and
    ``北京市`` are the municipality, province and city at once. The names are read against the
    administrative table the entity step places stories with; anything else is a :class:`QueryError`."""
    from pipelines.entities.places import lookup  # the table is read on first use, not by every query

    name = place.strip()
    found = lookup(name) if name else None
    if found is not None:
        return _level_condition(found)
    for cut in range(2, len(name) - 1):  # a larger place, then a smaller one in it
        outer, inner = lookup(name[:cut]), lookup(name[cut:])
        if outer is not None and inner is not None and inner.level > outer.level:
            return and_(_level_condition(outer), _level_condition(inner))
    raise QueryError(
        f"unknown place {place!r}: give a province, city or county of China (山东, 济南市, 历下区)"
    )


def _level_condition(found: Place) -> ColumnElement[bool]:
    """The column of ``found``'s level equals its name."""
    level = 0 if found.name == found.province else found.level  # a municipality (北京市) is its own province
    return Article.place_column(PLACE_LEVELS[level]) == found.name


def matching_sites(conn: Connection, site: str) -> list[str]:
    """Stored site names equal to ``site`` or under it (``cnr.cn`` → ``cnr.cn``, ``www.cnr.cn``).

    Resolved from the distinct values (a walk of the small site index), so the article filter is
    an indexed ``IN`` rather than a ``LIKE '%…'`` over every article row.
    """
    site = site.strip().lower()
    names = conn.execute(select(Article.site).distinct()).scalars().all()
    return sorted(n for n in names if n and (n.lower() == site or n.lower().endswith("." + site)))


# --- conditions -----------------------------------------------------------------------------------


def time_range(col: Any, f: Filters) -> list[ColumnElement[bool]]:
    """``since <= col < until`` for the bounds ``f`` sets."""
    cond: list[ColumnElement[bool]] = []
    if f.since is not None:
        cond.append(col >= f.since)
    if f.until is not None:
        cond.append(col < f.until)
    return cond


def like_all(query: str) -> list[ColumnElement[bool]]:
    """LIKE fallback of a full-text query: every piece must occur in the title or the body, as the
    query wrote it, in simplified script or in traditional script (the stored text is as published, in
    either script: 医院 finds 醫院 and the other way)."""
    written = [p for p, _ in fts.query_segments(query, simplified=False)]
    simplified = [p for p, _ in fts.query_segments(query)]
    if len(written) != len(simplified):
        written = simplified
    return [
        or_(
            *(
                column.ilike(like_pattern(p), escape=LIKE_ESCAPE)
                for p in dict.fromkeys((w, s, *traditional_forms(s)))
                for column in (Article.title, Article.body)
            )
        )
        for w, s in zip(written, simplified, strict=True)
    ]


def _about_conditions(conn: Connection, about: str) -> list[ColumnElement[bool]]:
    """Articles matching the full-text query ``about``: an FTS5 MATCH (bound), else LIKE."""
    match = fts_match(about, "--about")
    if fts.fts_exists(conn):
        t = fts.FTS_TABLE
        hits = select(fts_table.c.rowid).where(text(f"{t} MATCH :about_match").bindparams(about_match=match))
        return [Article.id.in_(hits)]
    if pg_search.exists(conn):
        return [Article.id.in_(pg_search.matching_ids(pg_search.tsquery_literal(about) or ""))]
    return like_all(about)


def article_conditions(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    """Conditions on :class:`Article` for every filter ``f`` sets."""
    cond = time_range(Article.published_at, f)
    if f.site:
        cond.append(Article.site.in_(matching_sites(conn, f.site)))
    if f.place is not None:
        cond.append(place_condition(f.place))
    if f.org:
        ids = org_ids_or_error(conn, f.org)
        m = Mention.__table__.alias("org_filter")  # not the outer query's mentions (orgs, timeline)
        cond.append(exists().where(m.c.article_pk == Article.id, m.c.organization_id.in_(ids)))
    if f.about is not None and f.about.strip():
        cond.extend(_about_conditions(conn, f.about))
    return cond
