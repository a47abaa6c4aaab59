"""Retries with exponential backoff and ``Retry-After`` (replaces Scrapy's ``RetryMiddleware``).

Scrapy 2.19 retries a failed request immediately and ignores ``Retry-After``: three retries of a 500
arrive within milliseconds, and a 429 is retried straight into the same rate limit. This middleware
keeps Scrapy's retry budget and stats (``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``,
``retry/count``, ``retry/max_reached``) and waits before each retry:

- ``NEWS_RETRY_BACKOFF_BASE`` × 2^(n-1) seconds before the n-th retry, at most
  ``NEWS_RETRY_BACKOFF_MAX``;
- for a 429 or 503 carrying ``Retry-After`` (seconds or an HTTP date): that long instead, capped
  at ``NEWS_RETRY_AFTER_MAX`` — and the whole host waits, not only the request (its download slot
  is held back until then).

Stats: ``news/retry/backoff_seconds`` (total time waited), ``news/retry/retry_after`` (answers
whose ``Retry-After`` was honoured) and ``news/retry/retry_after_capped`` (those capped).
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_status_message

log = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})


def parse_retry_after(value: bytes | str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = max(0.0, settings.getfloat("NEWS_RETRY_BACKOFF_BASE", 1.0))
        self.backoff_max = max(0.0, settings.getfloat("NEWS_RETRY_BACKOFF_MAX", 60.0))
        self.retry_after_max = max(0.0, settings.getfloat("NEWS_RETRY_AFTER_MAX", 120.0))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    def backoff_delay(self, request: Request) -> float:
        """Seconds to wait before the next retry of ``request`` (which has failed once more)."""
        n = request.meta.get("retry_times", 0)  # retries already made
        return min(self.backoff_max, self.backoff_base * (2**n))

    def _inc(self, key: str, value: float = 1) -> None:
        if self.crawler.stats is not None:
            # Scrapy annotates ``count`` as int; the stat is a plain sum and takes seconds (floats) fine.
            self.crawler.stats.inc_value(key, value)  # type: ignore[arg-type]

    def _hold_slot(self, request: Request, seconds: float) -> None:
        """Keep the request's download slot (its host) idle for ``seconds`` (best effort)."""
        try:
            downloader = self.crawler.engine.downloader  # type: ignore[union-attr]
            key = downloader.get_slot_key(request)
            slot = downloader.slots.get(key)
            if slot is not None:
                # the slot waits download_delay() after `lastseen`; move `lastseen` into the future
                slot.lastseen = max(slot.lastseen, time.time() + seconds - slot.download_delay())
        except Exception:  # pragma: no cover - Scrapy internals changed: the request still waits
            log.debug("could not hold the download slot of %s", request, exc_info=True)

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._inc("news/retry/backoff_seconds", round(seconds, 3))
            await asyncio.sleep(seconds)

    def _will_retry(self, request: Request) -> bool:
        max_times = request.meta.get("max_retry_times", self.max_retry_times)
        return request.meta.get("retry_times", 0) < max_times

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        if self._will_retry(request):
            delay = self.backoff_delay(request)
            if response.status in RETRY_AFTER_STATUSES:
                asked = parse_retry_after(response.headers.get(b"Retry-After"))
                if asked is not None:
                    self._inc("news/retry/retry_after")
                    if asked > self.retry_after_max:
                        self._inc("news/retry/retry_after_capped")
                        log.info(
                            "%s asks to retry after %.0f s; capped at %.0f s",
                            request.url,
                            asked,
                            self.retry_after_max,
                        )
                    delay = min(asked, self.retry_after_max)
                    self._hold_slot(request, delay)
            await self._wait(delay)
        return self._retry(request, response_status_message(response.status)) or response

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        if self._will_retry(request):
            await self._wait(self.backoff_delay(request))
        return self._retry(request, exception)
