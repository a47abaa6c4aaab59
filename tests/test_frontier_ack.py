"""The frontier's acknowledgements, component by component (the whole path, with a node killed,
is in tests/test_cluster.py): a request this node took is done once its callback's output has gone
through, when its callback fails, and when its download fails for good."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.frontier import ATTR
from crawler.frontier.ack import TakenAckMiddleware
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


def test_done_only_after_the_whole_output_went_through() -> None:
    crawler, ledger = _crawler()
    mw = TakenAckMiddleware.from_crawler(crawler)
    out = mw.process_spider_output(_response("t1"), iter([1, 2]))
    assert next(out) == 1 and ledger.done_tokens == []
    assert next(out) == 2 and ledger.done_tokens == []  # the last link is not queued yet
    assert list(out) == [] and ledger.done_tokens == ["t1"]


def test_done_after_an_async_callback_and_after_a_failing_one() -> None:
    crawler, ledger = _crawler()
    mw = TakenAckMiddleware.from_crawler(crawler)

    async def result() -> AsyncIterator[int]:
        yield 1

    async def consume() -> list[int]:
        return [x async for x in mw.process_spider_output_async(_response("t2"), result())]

    assert asyncio.run(consume()) == [1] and ledger.done_tokens == ["t2"]
    mw.process_spider_exception(
        _response("t3"), ValueError("callback failed")
    )  # returns None: others handle it
    assert ledger.done_tokens == ["t2", "t3"]


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
