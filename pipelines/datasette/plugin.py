"""Datasette plugin for cnr-news databases (registered as the ``datasette`` entry point ``cnr_news``).

For every database Datasette serves that is a cnr-news database (it has ``articles``,
``crawl_runs`` and the ``articles_fts`` index) — ``data/news.db``, the demo's ``data/demo.db`` or any
other file name:

- **metadata** (:func:`get_metadata`): table and column descriptions, the full-text wiring of
  ``articles`` and the canned queries of ``metadata.json``, keyed to that database's name, so
  ``datasette data/demo.db`` needs no ``-m``;
- **search as ``cnr-news search`` searches** (:func:`prepare_connection`): the index holds
  pre-segmented tokens (character bigrams and jieba words, :mod:`pipelines.db.fts`), so the table's
  search box must segment the query the same way. Datasette passes ``?_search=`` through the SQL
  function ``escape_fts``; on a cnr-news connection it is replaced by :func:`match_expression`
  (:func:`pipelines.db.fts.build_match`: ``宣传月`` → ``("宣传 传月" OR "宣传月")``). The same
  function is available as ``cnr_match(text)`` for SQL (the canned query ``search_phrase`` uses it);
- **Beijing time** (:func:`render_cell`, SQL function ``beijing_time(ts)``): times are stored in
  UTC; tables show them as ``2025-05-24T09:00:00+08:00`` (JSON keeps the stored UTC value) and the
  canned queries return them so.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl

from pipelines.datasette.functions import beijing_time, match_expression, register_functions
from pipelines.db.fts import FTS_TABLE
from pipelines.db.models import Base
from pipelines.db.types import UTCDateTime

__all__ = [
    "TIME_COLUMNS",
    "beijing_time",
    "get_metadata",
    "is_news_database",
    "match_expression",
    "prepare_connection",
    "register_functions",
    "render_cell",
]

# (table, column) of every UTC time column of the schema
TIME_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    (table.name, column.name)
    for table in Base.metadata.tables.values()
    for column in table.columns
    if isinstance(column.type, UTCDateTime)
)
# what makes a database a cnr-news one
SIGNATURE_TABLES = ("articles", "crawl_runs", FTS_TABLE)

_news_databases: dict[str, bool] = {}  # database file -> is a cnr-news database (checked once)


def _has_signature(conn: sqlite3.Connection) -> bool:
    marks = ",".join("?" * len(SIGNATURE_TABLES))
    sql = f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})"
    return conn.execute(sql, SIGNATURE_TABLES).fetchone()[0] == len(SIGNATURE_TABLES)


def _path(datasette: Any, database: str) -> str | None:
    db = datasette.databases.get(database)
    if db is None or getattr(db, "is_memory", False):
        return None
    return getattr(db, "path", None)


def is_news_database(datasette: Any, database: str) -> bool:
    """Whether Datasette's database ``database`` is a cnr-news database (looked at once per file)."""
    path = _path(datasette, database)
    if not path:
        return False
    if path not in _news_databases:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                _news_databases[path] = _has_signature(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            return False
    return _news_databases[path]


@hookimpl(trylast=True)  # after Datasette's own prepare_connection: our escape_fts wins
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    try:
        ours = _has_signature(conn)
    except sqlite3.Error:
        return
    path = _path(datasette, database)
    if path:
        _news_databases[path] = ours
    if ours:
        register_functions(conn)


@hookimpl
def get_metadata(datasette: Any, key: str | None, database: str | None, table: str | None) -> dict[str, Any]:
    from pipelines.datasette import load_metadata

    names = [name for name in datasette.databases if is_news_database(datasette, name)]
    if not names:
        return {}
    template = load_metadata()
    news = template["databases"]["news"]
    meta: dict[str, Any] = {"databases": dict.fromkeys(names, news)}
    if database is None:
        meta.update({k: v for k, v in template.items() if k != "databases"})
    return meta


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> str | None:
    if table is None or (table, column) not in TIME_COLUMNS or not isinstance(value, str):
        return None
    if not is_news_database(datasette, database):
        return None
    shown = beijing_time(value)
    return shown if shown != value else None
