"""Engines and sessions.

Writers: SQLite in WAL mode, ``PRAGMA foreign_keys=ON``, and transactions that take the write lock
up front (``BEGIN IMMEDIATE``) with a busy timeout — measured here: 0 "database is locked" errors
with several writers, where deferred ``BEGIN`` failed 75 % of the time. Readers: a separate
read-only connection (:mod:`pipelines.db.sqlite_uri`), so queries never block or alter a crawl.

Other SQLAlchemy URLs (PostgreSQL …) are used as they are. A URL that cannot be parsed, names no
known database, or needs a driver that is not installed raises :class:`DatabaseURLError` (a
``ValueError`` with a one-line message) before anything connects.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from crawler.constants import DEFAULT_DB_URL
from pipelines.db.schema import READ_ONLY_OPTION, ensure_schema
from pipelines.db.sqlite_uri import readonly_pragmas, readonly_uri

__all__ = [
    "DatabaseURLError",
    "check_db_url",
    "db_url_from_settings",
    "hide_password",
    "make_engine",
    "make_readonly_engine",
    "make_session_factory",
    "resolve_db_url",
    "safe_url",
    "sqlite_file",
]

BUSY_TIMEOUT_S = 30.0
WAL_RETRY_S = 0.05  # between tries to switch a new database to WAL while another process has it
CACHE_KIB = 32 * 1024  # page cache per SQLite connection (grows only as pages are read)
URL_EXAMPLES = "e.g. data/news.db, sqlite:///data/news.db, postgresql+psycopg://user@host/db"


class DatabaseURLError(ValueError):
    """A database URL that cannot be used (unparsable, unknown database, driver not installed)."""


# JSON columns hold Chinese text: store it as UTF-8, not \uXXXX escapes (half the size).
JSON_SERIALIZER = partial(json.dumps, ensure_ascii=False)


def resolve_db_url(url: str | None = None) -> str:
    """``url``, else ``$NEWS_DB_URL``, else the default. A bare path is taken as a SQLite file."""
    url = url or os.environ.get("NEWS_DB_URL") or DEFAULT_DB_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def check_db_url(url: str | None = None) -> str:
    """The resolved URL (:func:`resolve_db_url`) once it parses and its driver imports; else
    :class:`DatabaseURLError` with a one-line reason (no password in it)."""
    url = resolve_db_url(url)
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a port that is not a number raises here, not later
    except (ArgumentError, ValueError) as exc:
        reason = "" if isinstance(exc, ArgumentError) else f"{hide_password(str(exc))}; "
        raise DatabaseURLError(
            f"{hide_password(url)!r} is not a database URL or path ({reason}{URL_EXAMPLES})"
        ) from None
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise DatabaseURLError(
            f"{safe_url(url)}: unknown database {parsed.drivername!r} ({URL_EXAMPLES})"
        ) from None
    except ImportError as exc:
        raise DatabaseURLError(
            f"{safe_url(url)}: the database driver is not installed "
            f"(no module {exc.name or str(exc)!r}; install it, or use another URL)"
        ) from None
    return url


def db_url_from_settings(settings: Any) -> str:
    """The database URL of a crawl: the ``NEWS_DB_URL`` setting, resolved as :func:`resolve_db_url`."""
    return resolve_db_url(settings.get("NEWS_DB_URL") or None)


# ``scheme://user:PASSWORD@`` in any text (an unparsable URL, an error message that quotes one)
_PASSWORD_IN_URL = re.compile(r"(://[^/\s:@'\"]*:)[^@\s'\"]*@")


def hide_password(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@…`` in it replaced by ``***``."""
    return _PASSWORD_IN_URL.sub(r"\1***@", text)


def safe_url(url: str) -> str:
    """The URL with any password hidden, for logs and error messages (also when it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # malformed URL: hide what looks like a password
        return hide_password(url)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> str | None:
    """The file path of a SQLite URL (not in-memory, not a ``file:`` URI), else None."""
    u = make_url(url)
    db = u.database
    if u.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return db


def _set_wal(cur: Any, timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """``PRAGMA journal_mode=WAL``, waiting out other processes: switching a new database to WAL needs
    it to itself, and SQLite answers "database is locked" at once there, without the busy timeout, while
    another process opens the same new file (three crawls started together did). The mode is kept in
    the file, so once one process has set it the others find it set."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_S)


def make_engine(url: str | None = None, *, create: bool = True, **kwargs: Any) -> Engine:
    """A writer engine. With ``create`` (the default): the SQLite file's folder is made, and the schema
    checked (:func:`pipelines.db.schema.ensure_schema`): a new database is created at the head
    revision; one that is behind raises :class:`pipelines.db.schema.SchemaOutOfDate` (its message
    names ``cnr-news db upgrade``); ``create=False`` leaves the database as it is."""
    url = check_db_url(url)
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
                _set_wal(cur)
                cur.execute("PRAGMA synchronous=NORMAL")
                # the stories index (story_bands) and the search index are random-key b-trees: with
                # SQLite's 2 MiB default cache, matching an article at 100,000 stored read from disk
                cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # a read (the schema check every writer does on opening) must not queue for the write lock
            deferred = conn.get_execution_options().get(READ_ONLY_OPTION)
            conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    else:
        kwargs.setdefault("json_serializer", JSON_SERIALIZER)
        engine = create_engine(url, **kwargs)
    if create:
        try:
            ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine


def make_readonly_engine(url: str | None = None) -> Engine:
    """A reader engine. For a SQLite file: the URI of :func:`~pipelines.db.sqlite_uri.readonly_uri` (an absent
    file is an error; no data can be changed; no -wal/-shm left; works on read-only media). On
    PostgreSQL every transaction is ``READ ONLY`` (a write raises), as on SQLite."""
    url = check_db_url(url)
    if _is_sqlite(url):
        path = sqlite_file(url)
        if path:
            if not Path(path).exists():
                raise FileNotFoundError(f"no database at {path} (run a crawl first, or pass --db)")
            uri = readonly_uri(path)  # percent-encoded; no -wal/-shm left; read-only media (issue 18)
            connect = partial(sqlite3.connect, uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
            # a file database's pool (the URL alone would read as in-memory: one connection per thread)
            engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
            event.listen(engine, "connect", lambda conn, _rec: readonly_pragmas(conn))
            return engine
    if make_url(url).get_backend_name() == "postgresql":
        return create_engine(url, execution_options={"postgresql_readonly": True})
    return create_engine(url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
