"""Engines and sessions.

Writers: SQLite in WAL mode, ``PRAGMA foreign_keys=ON``, and transactions that take the write lock
up front (``BEGIN IMMEDIATE``) with a busy timeout — measured here: 0 "database is locked" errors
with several writers, where deferred ``BEGIN`` failed 75 % of the time. Readers: a separate
read-only connection (``mode=ro``), so queries never block or alter a crawl.

Other SQLAlchemy URLs (PostgreSQL …) are used as they are.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from crawler.constants import DEFAULT_DB_URL
from pipelines.db.fts import ensure_fts
from pipelines.db.models import Base

BUSY_TIMEOUT_S = 30.0
# JSON columns hold Chinese text: store it as UTF-8, not \uXXXX escapes (half the size).
JSON_SERIALIZER = partial(json.dumps, ensure_ascii=False)


def resolve_db_url(url: str | None = None) -> str:
    """``url``, else ``$NEWS_DB_URL``, else the default. A bare path is taken as a SQLite file."""
    url = url or os.environ.get("NEWS_DB_URL") or DEFAULT_DB_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def db_url_from_settings(settings: Any) -> str:
    """The database URL of a crawl: the ``NEWS_DB_URL`` setting, resolved as :func:`resolve_db_url`."""
    return resolve_db_url(settings.get("NEWS_DB_URL") or None)


def safe_url(url: str) -> str:
    """The URL with any password hidden, for logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # pragma: no cover - malformed URL: say nothing about it
        return "<unparsable database URL>"


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> str | None:
    """The file path of a SQLite URL (not in-memory, not a ``file:`` URI), else None."""
    u = make_url(url)
    db = u.database
    if u.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return db


def make_engine(url: str | None = None, *, create: bool = True, **kwargs: Any) -> Engine:
    """A writer engine; creates the SQLite file's folder and the schema when ``create``."""
    url = resolve_db_url(url)
    if _is_sqlite(url):
        path = sqlite_file(url)
        if path and create:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", BUSY_TIMEOUT_S)
        # let SQLAlchemy, not pysqlite, emit BEGIN (see the "begin" listener)
        connect_args.setdefault("isolation_level", None)
        kwargs.setdefault("json_serializer", JSON_SERIALIZER)
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if path:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    else:
        kwargs.setdefault("json_serializer", JSON_SERIALIZER)
        engine = create_engine(url, **kwargs)
    if create:
        create_tables(engine, Base.metadata)
        ensure_fts(engine)  # full-text index (issue 7; PostgreSQL: pipelines/db/pg_search.py)
    return engine


# any constant: the advisory lock every process takes to create tables on PostgreSQL
SCHEMA_LOCK = 7_261_017


def create_tables(engine: Engine, metadata: MetaData) -> None:
    """``metadata.create_all``; on PostgreSQL under an advisory lock, because concurrent
    ``CREATE TABLE`` from several crawler processes (distributed mode) fails on PostgreSQL's catalog
    (``IF NOT EXISTS`` included); on SQLite the write lock serialises them already."""
    if engine.dialect.name != "postgresql":
        metadata.create_all(engine)
        return
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
        metadata.create_all(conn)


def make_readonly_engine(url: str | None = None) -> Engine:
    """A reader engine. For a SQLite file: opened ``mode=ro`` (an absent file is an error)."""
    url = resolve_db_url(url)
    if _is_sqlite(url):
        path = sqlite_file(url)
        if path:
            if not Path(path).exists():
                raise FileNotFoundError(f"no database at {path} (run a crawl first, or pass --db)")
            uri = f"file:{Path(path).resolve()}?mode=ro"
            return create_engine(
                "sqlite:///" + uri + "&uri=true",
                connect_args={"uri": True, "timeout": BUSY_TIMEOUT_S},
            )
    return create_engine(url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
