"""The fault suite: real crawls against :class:`tests.support.fault_server.FaultServer`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.crawl import FAST


@pytest.fixture(autouse=True)
def short_download_timeout(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fault server's slow routes (``/fault/slow``) outlast a 5 s timeout: so do no others."""
    monkeypatch.setitem(FAST, "DOWNLOAD_TIMEOUT", 5)
    yield
