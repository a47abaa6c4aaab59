"""The frontier's acknowledgements, component by component (the whole path, with a node killed,
is in tests/test_cluster.py): a request this node took is done once its callback's output has gone
through (every request it yielded scheduled), when its callback fails, and when its download fails
for good; a popped request is kept in this node's taken hash by the pop itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import scrapy
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.frontier import ATTR
from crawler.frontier.ack import PARENT_META, TakenAckMiddleware
from crawler.frontier.ack_failed import TakenFailedMiddleware
from crawler.frontier.cluster import TAKEN_META


class Ledger:
    def __init__(self) -> None:
        self.done_tokens: list[str | None] = []

    def done(self, token: str | None) -> None:
        self.done_tokens.append(token)


def _crawler(frontier: str = "redis://127.0.0.1:1/0") -> tuple[Any, Ledger]:
    crawler = get_crawler(settings_dict={"NEWS_FRONTIER": frontier})
    ledger = Ledger()
    setattr(crawler, ATTR, ledger)
    return crawler, ledger


def _response(token: str) -> HtmlResponse:
    request = Request("http://127.0.0.1/list.html", meta={TAKEN_META: token})
    return HtmlResponse(request.url, body=b"<html></html>", request=request)


def _request(url: str) -> Request:
    return Request(f"http://127.0.0.1/{url}")


def _scheduled(crawler: Any, request: Request) -> None:
    """What the engine does before the scheduler's push: the ``request_scheduled`` signal."""
    crawler.signals.send_catch_log(signals.request_scheduled, request=request, spider=None)


def test_done_only_after_every_request_of_the_output_is_scheduled() -> None:
    # Scrapy's scraper pulls the whole output into a queue of its own before it schedules the
    # requests: the end of the output is not the moment they are in the shared queue
    crawler, ledger = _crawler()
    later: list[Any] = []
    mw = TakenAckMiddleware(crawler, later=later.append)
    a, b = _request("a.html"), _request("b.html")
    out = list(mw.process_spider_output(_response("t1"), iter([a, {"item": 1}, b])))
    assert out == [a, {"item": 1}, b] and ledger.done_tokens == [] and later == []
    _scheduled(crawler, a)
    assert ledger.done_tokens == [] and later == [] and PARENT_META not in a.meta
    _scheduled(crawler, _request("other.html"))  # not this output's: counts nothing off
    assert later == []
    _scheduled(crawler, b)
    assert ledger.done_tokens == [] and len(later) == 1  # after the push that follows the signal
    later.pop()()
    assert ledger.done_tokens == ["t1"] and mw.outputs == {}


def test_done_at_once_when_the_output_had_no_request_left_to_schedule() -> None:
    crawler, ledger = _crawler()
    mw = TakenAckMiddleware(crawler, later=lambda call: None)
    a = _request("a.html")
    out = mw.process_spider_output(_response("t1"), iter([a, {"item": 1}]))
    assert next(out) is a
    _scheduled(crawler, a)  # scheduled while the output goes on
    assert list(out) == [{"item": 1}] and ledger.done_tokens == ["t1"]
    list(mw.process_spider_output(_response("t2"), iter([{"item": 2}])))
    assert ledger.done_tokens == ["t1", "t2"]


def test_done_after_an_async_callback_and_after_a_failing_one() -> None:
    crawler, ledger = _crawler()
    later: list[Any] = []
    mw = TakenAckMiddleware(crawler, later=later.append)
    link = _request("a.html")

    async def result() -> AsyncIterator[Any]:
        yield 1
        yield link

    async def consume() -> list[Any]:
        return [x async for x in mw.process_spider_output_async(_response("t2"), result())]

    assert asyncio.run(consume()) == [1, link] and ledger.done_tokens == []
    _scheduled(crawler, link)
    later.pop()()
    assert ledger.done_tokens == ["t2"]
    mw.process_spider_exception(
        _response("t3"), ValueError("callback failed")
    )  # returns None: others handle it
    assert ledger.done_tokens == ["t2", "t3"]


def test_done_after_scrapys_scraper_scheduled_every_link() -> None:
    # the scraper's own consumer (scrapy.utils.asyncio._parallel_asyncio) pulls the output ahead of
    # scheduling it; done must come after the last push all the same
    from scrapy.utils.asyncio import _parallel_asyncio

    crawler, ledger = _crawler()
    pushed: list[str] = []
    seen_at_done: list[list[str]] = []
    ledger.done = lambda token: seen_at_done.append(list(pushed))  # type: ignore[method-assign]

    async def crawl() -> None:
        loop = asyncio.get_running_loop()
        mw = TakenAckMiddleware(crawler, later=lambda call: loop.call_soon(call))
        links = [_request(f"{i}.html") for i in range(30)]

        async def callback() -> AsyncIterator[Any]:
            for link in links:
                yield link

        async def schedule(request: Any) -> None:  # what engine.crawl does: the signal, then the push
            _scheduled(crawler, request)
            pushed.append(request.url)

        await _parallel_asyncio(mw.process_spider_output_async(_response("t1"), callback()), 4, schedule)
        await asyncio.sleep(0)

    asyncio.run(crawl())
    assert len(seen_at_done) == 1 and len(seen_at_done[0]) == 30


def test_a_popped_request_is_in_the_taken_hash_in_the_same_step(redis_server: object) -> None:
    from crawler.frontier.cluster import ClusterCoordinator
    from crawler.frontier.redis_scheduler import RedisFrontierScheduler

    class Spider(scrapy.Spider):
        name = "acktest"

    crawler = get_crawler(Spider, settings_dict={"NEWS_FRONTIER": redis_server.url})  # type: ignore[attr-defined]
    coordinator = ClusterCoordinator(crawler)
    scheduler = RedisFrontierScheduler.build(crawler)
    scheduler.open(Spider.from_crawler(crawler))
    r, taken = coordinator.r, coordinator.taken_key(coordinator.node)
    r.delete(coordinator.queue, taken)
    scheduler.enqueue_request(Request("http://127.0.0.1/list.html", priority=5))
    request = scheduler.next_request()
    assert request.url == "http://127.0.0.1/list.html" and r.zcard(coordinator.queue) == 0
    token = request.meta[TAKEN_META]
    score, _ = r.hget(taken, token).split(b"\n", 1)
    assert score == b"-5"  # the queue's score: put back where it was
    assert scheduler.next_request() is None and r.hlen(taken) == 1
    assert coordinator._put_back(coordinator.node) == 1  # what the others do when this node dies
    assert r.zrange(coordinator.queue, 0, -1, withscores=True)[0][1] == -5.0 and r.hlen(taken) == 0
    again = scheduler.next_request()
    assert again.url == request.url and again.meta[TAKEN_META] != token
    coordinator.done(again.meta[TAKEN_META])
    assert r.hlen(taken) == 0


def test_done_when_the_download_failed_for_good() -> None:
    crawler, ledger = _crawler()
    mw = TakenFailedMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1/a.html", meta={TAKEN_META: "t4"})
    mw.process_exception(request, TimeoutError())  # returns None: the failure goes on to the spider
    assert ledger.done_tokens == ["t4"] and TAKEN_META not in request.meta


@pytest.mark.parametrize("cls", [TakenAckMiddleware, TakenFailedMiddleware])
def test_off_without_a_frontier(cls: Any) -> None:
    with pytest.raises(NotConfigured):
        cls.from_crawler(get_crawler(settings_dict={"NEWS_FRONTIER": ""}))
