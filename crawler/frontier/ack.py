"""``TakenAckMiddleware`` (a spider middleware, next to the engine): tells the frontier a request this
node took is done.

Done means its callback failed, or its output has all gone through the engine: every request it
yielded is in the shared queue (or was dropped on purpose). Until then the request stays in this
node's "taken" hash (:mod:`crawler.frontier.cluster`), where the other nodes find it if this node dies.

The end of the callback's output is not that moment: Scrapy's scraper pulls a callback's output into
a queue of its own and schedules the requests from there a little later (``CONCURRENT_ITEMS`` at a
time), so a node killed just after the last link was pulled lost every link not yet scheduled. So
each request the callback yields is counted, and the engine's ``request_scheduled`` signal counts it
off; when the output is over and the last is counted off, the acknowledgement goes out on the next
turn of the reactor — after the scheduler's push, which follows the signal in the same call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.frontier import frontier_url, taken_done
from crawler.frontier.cluster import TAKEN_META

PARENT_META = "news_frontier_parent"  # a yielded request's meta: the token of the request whose output it is


class TakenMiddleware:
    """What both acknowledgement middlewares share: on only with a frontier (``NEWS_FRONTIER``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not frontier_url(crawler.settings):
            raise NotConfigured
        return cls(crawler)


def _next_turn(call: Callable[[], None]) -> None:
    from twisted.internet import reactor

    reactor.callLater(0, call)  # type: ignore[arg-type]  # zope method bound without self (see robots.py)


@dataclass
class _Output:
    """A taken request's output on its way: requests yielded and not yet scheduled; whether it ended."""

    pending: int = 0
    ended: bool = False


class TakenAckMiddleware(TakenMiddleware):
    def __init__(self, crawler: Crawler, later: Callable[[Callable[[], None]], None] = _next_turn) -> None:
        super().__init__(crawler)
        self.later = later
        self.outputs: dict[str, _Output] = {}
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    def _done(self, token: str | None) -> None:
        taken_done(self.crawler, token)

    def _counted(self, token: str | None, x: Any) -> Any:
        if token is not None and isinstance(x, Request):
            self.outputs.setdefault(token, _Output()).pending += 1
            x.meta[PARENT_META] = token
        return x

    def _ended(self, token: str | None) -> None:
        """The output of ``token``'s request is over: done now if every request it yielded is queued."""
        if token is None:
            return
        out = self.outputs.get(token)
        if out is None or out.pending == 0:
            self.outputs.pop(token, None)
            self._done(token)
        else:
            out.ended = True

    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        token = request.meta.pop(PARENT_META, None)
        out = self.outputs.get(token) if token is not None else None
        if out is None:
            return
        out.pending -= 1
        if out.pending == 0 and out.ended:
            del self.outputs[token]
            self.later(lambda: self._done(token))  # after the push that follows this signal

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Any = None
    ) -> Iterator[Any]:
        token = response.meta.get(TAKEN_META)
        for x in result:
            yield self._counted(token, x)
        self._ended(token)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        token = response.meta.get(TAKEN_META)
        async for x in result:
            yield self._counted(token, x)
        self._ended(token)

    def process_spider_exception(self, response: Response, exception: Exception, spider: Any = None) -> None:
        self._ended(response.meta.get(TAKEN_META))
        return None
