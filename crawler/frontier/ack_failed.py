"""``TakenFailedMiddleware`` (a downloader middleware, next to the engine): a request this node took
whose download failed for good — no response, the retry middleware gave up — is done too.

(A retry or a redirect goes back through the scheduler, which ends the old turn; a response goes
to the spider, where :class:`crawler.frontier.ack.TakenAckMiddleware` ends it.)
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.frontier import frontier_of, frontier_url
from crawler.frontier.cluster import TAKEN_META


class TakenFailedMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not frontier_url(crawler.settings):
            raise NotConfigured
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        coordinator = frontier_of(self.crawler)
        if coordinator is not None:
            coordinator.done(request.meta.pop(TAKEN_META, None))
        return None
