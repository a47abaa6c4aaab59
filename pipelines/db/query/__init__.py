"""Questions users ask the database: pure functions over a (read-only) connection.

Every function takes a SQLAlchemy :class:`~sqlalchemy.Connection` (or :class:`~sqlalchemy.orm.Session`)
and returns plain dicts, ready for JSON/CSV/table output. User input only ever reaches SQL as bound
parameters (full-text MATCH expressions are built by :func:`pipelines.db.fts.build_match`, which
quotes every token, and are bound too).

Common filters (:class:`Filters`): publication time ``since``/``until`` (a date means that day in
Asia/Shanghai; ``until`` is inclusive), ``site``, ``org`` (articles mentioning that
organisation, by canonical name or alias), ``about`` (articles matching a full-text query, as
``search`` matches it) and ``place`` (stories filed under a province, city or county).

Search uses the FTS5 index on SQLite; on other backends, or a SQLite database without the index,
it falls back to ``LIKE`` (every query piece must occur in the title or body; newest first).

One module per kind of question (below); this package re-exports their API. Tunables are read where they are defined (e.g.
``pipelines.db.query.orgs.SPAN_WALK_FACTOR``): patch them there.

- :mod:`.filters` — what every query takes: a connection, :class:`~.filters.Filters`, parsed user
  input (dates, LIKE patterns) and the SQL conditions they make; :class:`~.filters.QueryError`.
- :mod:`.rows` — what every query gives back: times in Asia/Shanghai, article references, the
  organisations, people and dates of a batch of articles.
- :mod:`.search` (full text), :mod:`.articles` (``show``, ``export``), :mod:`.orgs` (``orgs``,
  ``timeline``), :mod:`.places` (where stories are), :mod:`.events` (articles mentioning a period),
  :mod:`.runs` (crawl runs),
  :mod:`.stories` (an original and its copies; what ``--by story`` counts).
"""

from __future__ import annotations

from pipelines.db.query.articles import export, find_article, show
from pipelines.db.query.events import events
from pipelines.db.query.filters import (
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
from pipelines.db.query.places import LEVELS, levels_above, places
from pipelines.db.query.runs import last_success, runs
from pipelines.db.query.search import (
    DEFAULT_MARK,
    RANK_WINDOW,
    SNIPPET_AFTER,
    SNIPPET_BEFORE,
    make_snippet,
    search,
)
from pipelines.db.query.stories import BY_CHOICES, By, stories, story

__all__ = [
    "BY_CHOICES",
    "By",
    "DEFAULT_MARK",
    "RANK_WINDOW",
    "SNIPPET_AFTER",
    "SNIPPET_BEFORE",
    "SPAN_WALK_FACTOR",
    "Filters",
    "LEVELS",
    "QueryError",
    "escape_like",
    "events",
    "export",
    "find_article",
    "last_success",
    "levels_above",
    "like_pattern",
    "make_snippet",
    "matching_sites",
    "orgs",
    "places",
    "parse_day",
    "parse_since",
    "parse_until",
    "resolve_org",
    "runs",
    "search",
    "show",
    "stories",
    "story",
    "timeline",
]
