"""One writer engine per crawl and database URL.

The storage pipeline, the run recorder and the incremental middleware all write to the same
database during a crawl. Each :func:`acquire_engine` the engine at start-up and
:func:`release_engine` it at close; the first acquire creates it (and so checks the schema, once:
a new database is created at head, one that is behind raises
:class:`pipelines.db.schema.SchemaOutOfDate`), the last release disposes of it. The engines live on the crawler object, so they end
with the crawl: nothing is cached across crawls or tests (a database file deleted and made again
between two crawls gets a fresh engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pipelines.db.engine import make_engine

_ATTR = "_news_db_engines"  # attribute of the crawler: {url: _Shared}


@dataclass
class _Shared:
    engine: Engine
    users: int = 0


def _engines(crawler: Any) -> dict[str, _Shared]:
    engines: dict[str, _Shared] | None = getattr(crawler, _ATTR, None)
    if engines is None:
        engines = {}
        setattr(crawler, _ATTR, engines)
    return engines


def acquire_engine(crawler: Any, url: str) -> Engine:
    """The crawl's writer engine for ``url`` (made by :func:`make_engine` on first use)."""
    engines = _engines(crawler)
    shared = engines.get(url)
    if shared is None:
        shared = engines[url] = _Shared(make_engine(url))
    shared.users += 1
    return shared.engine


def release_engine(crawler: Any, url: str) -> None:
    """One user is done with ``url``'s engine; the last one disposes of it."""
    engines = _engines(crawler)
    shared = engines.get(url)
    if shared is None:
        return
    shared.users -= 1
    if shared.users <= 0:
        del engines[url]
        shared.engine.dispose()
