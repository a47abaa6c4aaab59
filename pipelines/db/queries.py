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

This module is the public face of the query layer; the code lives in :mod:`pipelines.db.query`
(one module per kind of question). Tunables are read where they are defined (e.g.
``pipelines.db.query.orgs.SPAN_WALK_FACTOR``): patch them there.
"""

from __future__ import annotations

from pipelines.db.query.articles import export, find_article, show
from pipelines.db.query.events import events
from pipelines.db.query.filters import (
    NEWS_TZ,
    Filters,
    QueryError,
    escape_like,
    like_pattern,
    matching_sites,
    parse_day,
    parse_since,
    parse_until,
    resolve_org,
)
from pipelines.db.query.orgs import SPAN_WALK_FACTOR, orgs, timeline
from pipelines.db.query.runs import last_success, runs
from pipelines.db.query.search import (
    DEFAULT_MARK,
    RANK_WINDOW,
    SNIPPET_AFTER,
    SNIPPET_BEFORE,
    make_snippet,
    search,
)

__all__ = [
    "DEFAULT_MARK",
    "NEWS_TZ",
    "RANK_WINDOW",
    "SNIPPET_AFTER",
    "SNIPPET_BEFORE",
    "SPAN_WALK_FACTOR",
    "Filters",
    "QueryError",
    "escape_like",
    "events",
    "export",
    "find_article",
    "last_success",
    "like_pattern",
    "make_snippet",
    "matching_sites",
    "orgs",
    "parse_day",
    "parse_since",
    "parse_until",
    "resolve_org",
    "runs",
    "search",
    "show",
    "timeline",
]
