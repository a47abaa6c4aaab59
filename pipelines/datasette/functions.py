"""SQL functions for cnr-news databases, registered on a SQLite connection (no Datasette needed:
``python -m pipelines.datasette`` checks the canned queries with them; the plugin registers them
in Datasette)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from crawler.constants import BEIJING
from pipelines.db.fts import build_match

__all__ = ["beijing_time", "match_expression", "register_functions"]

NO_MATCH = '"\x1f"'  # a query with nothing searchable: a token that is never indexed (no rows)


def match_expression(query: str | None) -> str:
    """The FTS5 MATCH expression of a search-box query, as ``cnr-news search`` builds it.

    >>> match_expression("宣传月")
    '("宣传 传月" OR "宣传月")'
    >>> match_expression("托育 AI")
    '"托育" AND "ai"'
    """
    return build_match(query or "") or NO_MATCH


def beijing_time(value: Any) -> Any:
    """A stored UTC time (``2025-05-24 01:00:00.000000``) as Beijing time with its offset
    (``2025-05-24T09:00:00+08:00``); anything that is not a time comes back unchanged.

    >>> beijing_time("2025-05-24 01:00:00.000000")
    '2025-05-24T09:00:00+08:00'
    """
    if not isinstance(value, str) or len(value) < 19:
        return value
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(BEIJING).isoformat(timespec="seconds")


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions a cnr-news database needs in Datasette: ``cnr_match``, ``beijing_time``, and
    ``escape_fts`` (what Datasette's search box calls) replaced by ``cnr_match``."""
    conn.create_function("cnr_match", 1, match_expression, deterministic=True)
    conn.create_function("escape_fts", 1, match_expression, deterministic=True)
    conn.create_function("beijing_time", 1, beijing_time, deterministic=True)
