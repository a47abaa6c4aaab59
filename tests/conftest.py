"""pytest configuration. Shared helpers live in :mod:`tests.support` (imported as
``from tests.support.<module> import …``); ``../shared`` is read in place and tests that need it
skip when it is absent (:func:`tests.support.paths.shared_path`). Real servers (PostgreSQL, Redis)
come from the fixtures of :mod:`tests.support.fixtures`: a test that cannot start its server skips
on a developer's machine and fails in CI."""

from __future__ import annotations

from tests.support.fixtures import db_url, pg, pg_server, redis_server  # noqa: F401  (fixtures)
