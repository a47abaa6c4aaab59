"""Database URLs as a scheduled run needs them: absolute, and the SQLite file behind them."""

from __future__ import annotations

import os
from pathlib import Path


def absolute_db_url(url: str) -> str:
    """A SQLite URL with an absolute path (``~`` expanded; a relative path is taken from the current
    folder, as every ``cnr-news`` command takes it); other URLs unchanged."""
    from sqlalchemy.engine import make_url

    from pipelines.db.engine import sqlite_file

    db = sqlite_file(url)
    if db is not None:
        full = os.path.expanduser(db)
        if full != db or not os.path.isabs(full):
            return make_url(url).set(database=str(Path(full).resolve())).render_as_string(hide_password=False)
    return url


def sqlite_path(url: str) -> Path | None:
    """The SQLite file of ``url``, or None (another database, in-memory, a ``file:`` URI)."""
    from pipelines.db.engine import sqlite_file

    db = sqlite_file(url)
    return None if db is None else Path(db)
