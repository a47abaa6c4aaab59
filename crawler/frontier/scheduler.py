"""The scheduler: Scrapy's own in single-process mode; scrapy-redis's (MIT) with ``NEWS_FRONTIER``.

scrapy-redis 0.9.1 runs on Scrapy 2.19 as it is (its scheduler and duplicate filter; the
``scrapy_redis.spiders`` classes are not used: our spiders stay plain ``scrapy.Spider``). Its queue
pops a request without an acknowledgement; ours pops it into the node's taken hash
(:mod:`crawler.frontier.taking_queue`, acknowledged by :mod:`crawler.frontier.ack`).

Our subclass only turns a Redis failure into a clear outcome instead of a traceback per call: the
first failure is logged once, counted ``news/frontier/error`` and reported to the run coordinator,
which closes the crawl with finish reason ``frontier_lost`` (see :mod:`crawler.frontier.cluster`).
"""

from __future__ import annotations

from typing import Any

from scrapy.core.scheduler import BaseScheduler
from scrapy.core.scheduler import Scheduler as ScrapyScheduler
from scrapy.crawler import Crawler

from crawler.frontier import frontier_url


class FrontierScheduler(BaseScheduler):
    """A factory: ``from_crawler`` gives Scrapy's scheduler, or ``RedisFrontierScheduler``; never
    an instance of this class (its methods only satisfy the engine's interface check)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not frontier_url(crawler.settings):
            return ScrapyScheduler.from_crawler(crawler)
        from crawler.frontier.redis_scheduler import RedisFrontierScheduler

        return RedisFrontierScheduler.build(crawler)

    def has_pending_requests(self) -> bool:  # pragma: no cover - never instantiated
        raise NotImplementedError

    def enqueue_request(self, request: Any) -> bool:  # pragma: no cover
        raise NotImplementedError

    def next_request(self) -> Any:  # pragma: no cover
        raise NotImplementedError
