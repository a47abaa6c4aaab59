"""``ProgressLog``: one progress line every ``NEWS_PROGRESS_INTERVAL`` seconds, even when nothing is
fetched — and then it says what the crawl is waiting for (replaces Scrapy's ``LogStats``)::

    Progress: 0 pages (0/min), 0 items, 1 request in flight; waiting for robots.txt of www.cnr.cn:
    attempt 2/4 in 8 s (last: DNSLookupError: …)

The robots guard reports its waits through ``crawler.signals.robots_waiting`` / ``robots_settled``;
``crawler.signals.stopping`` ends the loop. ``NEWS_PROGRESS_INTERVAL = 0`` turns the line off.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler import signals as news_signals

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 10.0


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.waiting: dict[str, tuple[int, int, float, str]] = {}  # host -> (next attempt, of, at, why)
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()
        self.last_pages = 0
        self.last_at = self.started
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.stop, signal=signals.spider_closed)
        crawler.signals.connect(self.stop, signal=news_signals.stopping)
        crawler.signals.connect(self.robots_waiting, signal=news_signals.robots_waiting)
        crawler.signals.connect(self.robots_settled, signal=news_signals.robots_settled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("NEWS_PROGRESS_INTERVAL", DEFAULT_INTERVAL)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self, *args: Any, **kwargs: Any) -> None:
        self.started = self.last_at = time.monotonic()
        self.loop = task.LoopingCall(self.log_progress)
        self.loop.start(self.interval, now=False)

    def stop(self, *args: Any, **kwargs: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def robots_waiting(
        self, host: str, attempt: int, attempts: int, next_in: float, reason: str = "", **kwargs: Any
    ) -> None:
        self.waiting[host] = (attempt + 1, attempts, time.monotonic() + next_in, reason)

    def robots_settled(self, host: str, **kwargs: Any) -> None:
        self.waiting.pop(host, None)

    def _in_flight(self) -> int:
        try:
            return len(self.crawler.engine.downloader.active)
        except Exception:  # internals moved: the line just leaves the count out
            return -1

    def line(self) -> str:
        stats = self.crawler.stats
        pages = int(stats.get_value("response_received_count", 0)) if stats else 0
        items = int(stats.get_value("item_scraped_count", 0)) if stats else 0
        now = time.monotonic()
        rate = (pages - self.last_pages) * 60.0 / max(now - self.last_at, 1e-6)
        self.last_pages, self.last_at = pages, now
        parts = [f"Progress: {pages} pages ({rate:.0f}/min), {items} items"]
        n = self._in_flight()
        if n >= 0:
            parts[0] += f", {n} request{'s' if n != 1 else ''} in flight"
        for host, (attempt, attempts, at, why) in sorted(self.waiting.items()):
            wait = max(0.0, at - now)
            parts.append(
                f"waiting for robots.txt of {host}: attempt {attempt}/{attempts} in {wait:.0f} s"
                + (f" (last: {why[:120]})" if why else "")
            )
        return "; ".join(parts)

    def log_progress(self) -> None:
        log.info("%s", self.line())
