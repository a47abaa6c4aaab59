"""Unit checks of the backoff/Retry-After retry middleware (``crawler/middlewares/retry.py``); the crawl-level
scenarios (500 forever, 429 honoured and capped) are in ``test_fault_crawl_server.py``."""

from __future__ import annotations

from email.utils import formatdate

import pytest
from scrapy import Request
from scrapy.settings import Settings

from crawler.middlewares.retry import BackoffRetryMiddleware, parse_retry_after


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), (b"7", 7.0), ("  3 ", 3.0), ("", None), (None, None), ("soon", None), ("-5", None)],
)
def test_parse_retry_after_seconds(value: str | bytes | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after(formatdate(now + 90, usegmt=True), now=now) == pytest.approx(90, abs=1)
    assert parse_retry_after(formatdate(now - 90, usegmt=True), now=now) == 0.0


def test_backoff_doubles_and_is_capped() -> None:
    mw = BackoffRetryMiddleware(
        Settings(
            {
                "RETRY_ENABLED": True,
                "RETRY_TIMES": 9,
                "NEWS_RETRY_BACKOFF_BASE": 2,
                "NEWS_RETRY_BACKOFF_MAX": 10,
            }
        )
    )
    delays = [mw.backoff_delay(Request("http://x/", meta={"retry_times": n})) for n in range(5)]
    assert delays == [2, 4, 8, 10, 10]
