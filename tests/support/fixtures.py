"""pytest fixtures for real servers (imported by tests/conftest.py).

``pg_server`` / ``redis_server``: one server per test session, started from pip packages; a test
that cannot get its server skips on a developer's machine and FAILS in CI (``CI`` set).
``db_url``: parametrised ``sqlite`` / ``postgresql``: a fresh, empty database of each kind (per test);
``module_db_url``: the same two, one database per test module (for tests that share built data).
``BACKENDS`` and :func:`new_database` are what both use; DEVELOPERS.md ("Tests on both databases")
lists the tests that stay SQLite-only and why.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ServerUnavailable, unavailable


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    from tests.support.pg_server import PgServer

    try:
        server = PgServer().start()
    except ServerUnavailable as exc:
        unavailable(f"PostgreSQL: {exc}")
        raise  # unreachable: unavailable() skips or fails
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[object]:
    from tests.support.redis_server import RedisServer

    try:
        server = RedisServer().start()
    except ServerUnavailable as exc:
        unavailable(f"Redis: {exc}")
        raise
    try:
        yield server
    finally:
        server.close()


BACKENDS = ["sqlite", "postgresql"]


def new_database(request: pytest.FixtureRequest, kind: str, folder: Path, name: str) -> str:
    """The URL of a new, empty database: a SQLite file in ``folder``, or database ``name`` (cleaned,
    created afresh) on the session's PostgreSQL server."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'news.db'}"
    pg = request.getfixturevalue("pg_server")
    clean = re.sub(r"[^a-z0-9]+", "_", name.lower())
    if len(clean) > 50:  # PostgreSQL names stop at 63 bytes: keep two long test ids apart
        clean = clean[:41] + "_" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return pg.url("t_" + clean)  # type: ignore[attr-defined, no-any-return]


# for a test that takes ``db_url`` but runs on SQLite only (a slow crawl whose PostgreSQL twin
# would add minutes and test nothing new: one representative of each kind runs on both)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL: SQLite file, then a new PostgreSQL database."""
    return new_database(request, request.param, tmp_path, request.node.name)


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Like ``db_url``, one database of each kind for a whole test module."""
    name = "m_" + request.module.__name__.rsplit(".", 1)[-1]
    return new_database(request, request.param, tmp_path_factory.mktemp(name), name)


@pytest.fixture()
def pg(pg_server: object, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty PostgreSQL database for this test, on the session's server."""
    name = "t_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return pg_server.url(name)  # type: ignore[attr-defined, no-any-return]
