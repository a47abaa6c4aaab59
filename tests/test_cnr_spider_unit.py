"""The `cnr` spider's decisions, without a crawl: arguments, errors counted, partial multi-page items."""

from __future__ import annotations

import dataclasses

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import crawler.pages.extract as extract_module
import crawler.spiders.cnr as spider_module
from crawler.spiders.cnr import CnrSpider
from tests.support.paths import FIXTURES

SITE = FIXTURES / "cnr_site"
BASE = "http://127.0.0.1:9/"


def make_spider(**kwargs: str) -> CnrSpider:
    crawler = get_crawler(CnrSpider, {"NEWS_CNR_BASE_URL": ""})
    return CnrSpider.from_crawler(crawler, **kwargs)


def response_for(spider: CnrSpider, logical: str, path: str, **meta: object) -> HtmlResponse:
    body = (SITE / path).read_bytes()
    request = Request(spider._fetch(logical), meta={"cnr_url": logical, **meta})
    return HtmlResponse(request.url, body=body, request=request, headers={"Content-Type": "text/html"})


def test_mirror_base_restricts_allowed_domains() -> None:
    spider = make_spider(base=BASE)
    assert spider.allowed_domains == ["127.0.0.1"]
    assert make_spider().allowed_domains == ["cnr.cn"]


@pytest.mark.parametrize(
    "bad", ["file:///etc/passwd", "data:text/html,x", "http://www.example.com/20250101/t20250101_1.shtml"]
)
def test_non_cnr_urls_argument_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        make_spider(urls=bad)


def test_base_must_be_http() -> None:
    with pytest.raises(ValueError):
        make_spider(base="file:///tmp/")


def test_channel_names_expand() -> None:
    spider = make_spider(channels="sd,http://news.cnr.cn/native/gd")
    assert spider.channels == ["https://www.cnr.cn/sd/", "http://news.cnr.cn/native/gd/"]  # defaults on https


def test_start_requests_carry_kind_meta() -> None:
    spider = make_spider(base=BASE)
    reqs = list(spider._start_requests())
    assert all(r.meta["news_kind"] == "list" for r in reqs)
    assert all(r.url.startswith(BASE) for r in reqs)
    one = list(make_spider(urls="http://www.cnr.cn/sd/20250524/t20250524_100010.shtml")._start_requests())
    assert one[0].meta["news_kind"] == "article" and one[0].meta["news_key"] == "cnr:100010"


def test_article_ids_deduplicated_across_hosts() -> None:
    spider = make_spider()
    assert spider._article_request("http://news.cnr.cn/native/gd/20250521/t20250521_100005.shtml") is not None
    assert (
        spider._article_request("http://www.cnr.cn/newscenter/native/gd/20250521/t20250521_100005.shtml")
        is None
    )
    assert spider.crawler.stats.get_value("news/duplicate_article") == 1


def test_extraction_error_is_counted_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider()

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template changed")

    broken = dataclasses.replace(spider_module.page_object_for("http://www.cnr.cn/"), parse=boom)
    monkeypatch.setattr(extract_module, "page_object_for", lambda url, body=b"": broken)
    url = "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml"
    out = list(
        spider.parse_article(response_for(spider, url, "www.cnr.cn/sd/20250524/t20250524_100010.shtml"))
    )
    assert out == []
    assert spider.crawler.stats.get_value("news/extract_error") == 1


def test_failed_continuation_yields_what_was_fetched() -> None:
    spider = make_spider()
    url = "http://news.cnr.cn/native/gd/20250425/t20250425_100008.shtml"
    (req,) = list(
        spider.parse_article(
            response_for(spider, url, "news.cnr.cn/native/gd/20250425/t20250425_100008.shtml")
        )
    )
    assert req.meta["news_force"] and req.meta["news_key"] == "cnr:100008"
    failure = Failure(ConnectionError("gone"))
    failure.request = req  # type: ignore[attr-defined]
    (item,) = list(spider.on_continuation_error(failure))
    assert item.key == "cnr:100008" and len(item.paragraphs) == 2
    assert item.raw_pages[0].encoding == "gb18030" and item.raw_pages[0].fetched_at.tzinfo is not None
    assert spider.crawler.stats.get_value("news/template/cnr-2021") == 1


def test_gallery_counted_as_non_article() -> None:
    spider = make_spider()
    url = "http://news.cnr.cn/native/gd/20250521/t20250521_100020.shtml"
    assert (
        list(
            spider.parse_article(
                response_for(spider, url, "news.cnr.cn/native/gd/20250521/t20250521_100020.shtml")
            )
        )
        == []
    )
    assert spider.crawler.stats.get_value("news/non_article") == 1


def test_an_http_next_page_link_pages_an_https_channel() -> None:
    """Old lists link their next page as http://…/index_1.html; the channel is https now."""
    spider = make_spider(channels="https://www.cnr.cn/sd/")
    body = '<html><body><a href="http://www.cnr.cn/sd/index_1.html">下一页</a>'
    body += '<a href="http://www.cnr.cn/sd/jr/index_1.html">子频道</a></body></html>'
    request = Request(
        "https://www.cnr.cn/sd/",
        meta={
            "cnr_url": "https://www.cnr.cn/sd/",
            "cnr_channel": "https://www.cnr.cn/sd/",
            "cnr_list_page": 0,
        },
    )
    response = HtmlResponse(request.url, body=body.encode(), request=request, encoding="utf-8")
    nxt = [r.meta["cnr_url"] for r in spider.parse_list(response)]
    assert nxt == ["https://www.cnr.cn/sd/index_1.html"]


def test_redirected_response_is_read_under_the_url_it_landed_on() -> None:
    spider = make_spider(base="http://127.0.0.1:9/", http_base="http://127.0.0.1:10/")
    landed = "http://127.0.0.1:9/www.cnr.cn/sd/20250524/t20250524_100010.shtml"
    request = Request(
        landed,
        meta={
            "cnr_url": "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml",
            "redirect_urls": ["http://127.0.0.1:10/x"],
        },
    )
    response = HtmlResponse(landed, body=b"<html></html>", request=request)
    assert spider._logical(response) == "https://www.cnr.cn/sd/20250524/t20250524_100010.shtml"
    with pytest.raises(ValueError, match="http_base needs base"):
        make_spider(http_base="http://127.0.0.1:10/")
