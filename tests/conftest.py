"""pytest configuration. Shared helpers live in :mod:`tests.support` (imported as
``from tests.support.<module> import …``); ``../shared`` is read in place and tests that need it
skip when it is absent (:func:`tests.support.paths.shared_path`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

# --- PostgreSQL (tests/support/postgres.py) ---------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throw-away PostgreSQL server for the session: URL template with ``{db}``. Skips when none
    can start — fails in CI (``CI=true``)."""
    from tests.support.postgres import start_server

    url, stop = start_server()
    try:
        yield url
    finally:
        stop()


@pytest.fixture()
def pg(pg_server: str, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty PostgreSQL database for this test."""
    from tests.support.postgres import fresh_database

    name = "t_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return fresh_database(pg_server, name)
