"""``TakenAckMiddleware`` (a spider middleware): tells the frontier a request this node took is done.

Done means its callback's output has all gone through the engine — every link it yielded is in the
shared queue — or the callback failed. Until then the request stays in this node's "taken" hash
(:mod:`crawler.frontier.cluster`), where the other nodes find it if this node dies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.frontier import frontier_url, taken_done
from crawler.frontier.cluster import TAKEN_META


class TakenMiddleware:
    """What both acknowledgement middlewares share: on only with a frontier (``NEWS_FRONTIER``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not frontier_url(crawler.settings):
            raise NotConfigured
        return cls(crawler)


class TakenAckMiddleware(TakenMiddleware):
    def _done(self, response: Response) -> None:
        taken_done(self.crawler, response.meta.get(TAKEN_META))

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Any = None
    ) -> Iterator[Any]:
        yield from result
        self._done(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield item
        self._done(response)

    def process_spider_exception(self, response: Response, exception: Exception, spider: Any = None) -> None:
        self._done(response)
        return None
