"""Database URLs as a scheduled run needs them: absolute, and the SQLite file behind them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def _sqlite_file(u: URL) -> str | None:
    """The file path of a SQLite URL (not in-memory, not a ``file:`` URI), else None."""
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        if not u.database.startswith("file:"):
            return u.database
    return None


def absolute_db_url(url: str) -> str:
    """A SQLite URL with an absolute path (``~`` expanded; a relative path is taken from the current
    folder, as every ``cnr-news`` command takes it); other URLs unchanged."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    db = _sqlite_file(u)
    if db is not None:
        full = os.path.expanduser(db)
        if full != db or not os.path.isabs(full):
            return u.set(database=str(Path(full).resolve())).render_as_string(hide_password=False)
    return url


def sqlite_path(url: str) -> Path | None:
    """The SQLite file of ``url``, or None (another database, in-memory, a ``file:`` URI)."""
    from sqlalchemy.engine import make_url

    db = _sqlite_file(make_url(url))
    return None if db is None else Path(db)
