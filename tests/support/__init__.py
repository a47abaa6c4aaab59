"""What tests share, imported one way: ``from tests.support.<module> import …``.

- :mod:`.paths` — ``ROOT``, ``FIXTURES``, ``shared_path`` (``../shared``, or skip);
- :mod:`.env` — the environment of a child process, ``run_cnr_news``, ``sql_rows``;
- :mod:`.servers` — the one static-site HTTP server (:class:`FixtureServer`, the demo's) and ``free_port``;
- :mod:`.crawl` — the one crawl runner (``run_crawl``: ``scrapy crawl`` in a subprocess, stats as JSON)
  and the one set of test settings (``FAST``: politeness off);
- :mod:`.stats` — the stats collector that writes a crawl's final stats to a file;
- :mod:`.fault_server` — the fault suite's scripted server and page builders;
- :mod:`.spiders` — spiders that exist only for tests (run with ``scrapy runspider``).
- :mod:`.pg_server`, :mod:`.redis_server`, :mod:`.scrapyd_server`, :mod:`.site_server` — real servers
  started from pip packages on 127.0.0.1 or a Unix socket (:mod:`.fixtures`: ``pg_server``,
  ``redis_server``, ``db_url``); one that cannot start raises :class:`ServerUnavailable`, which
  :func:`unavailable` turns into a skip on a developer's machine and a failure in CI (``CI`` set).
"""

from __future__ import annotations

import os

import pytest


class ServerUnavailable(RuntimeError):
    """A server could not be started (package missing, binary refused to run …)."""


def unavailable(reason: str) -> None:
    """Fail in CI (``CI`` set), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"server unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


from pipelines.demo.server import free_port  # noqa: E402 - the one free_port, re-exported

__all__ = ["ServerUnavailable", "free_port", "unavailable"]
