"""pytest fixtures for real servers (imported by tests/conftest.py).

``pg_server`` / ``redis_server``: one server per test session, started from pip packages; a test
that cannot get its server skips on a developer's machine and FAILS in CI (``CI`` set).
``db_url``: parametrised ``sqlite`` / ``postgresql``: a fresh, empty database of each kind.
"""

from __future__ import annotations

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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL: SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'news.db'}"
    pg = request.getfixturevalue("pg_server")
    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return pg.url(name)  # type: ignore[attr-defined, no-any-return]


@pytest.fixture()
def pg(pg_server: object, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty PostgreSQL database for this test, on the session's server."""
    name = "t_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return pg_server.url(name)  # type: ignore[attr-defined, no-any-return]
