"""`page_object_for` is the only place that picks a page object: both spiders, `cnr-news extract` and
`cnr-news reprocess` ask it, and so agree on the same inputs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

import crawler.pages.registry as registry
from crawler.items import ArticleItem, RawPage
from crawler.pages import page_object_for
from crawler.spiders.cnr import CnrSpider
from crawler.spiders.news import NewsSpider
from pipelines.cli.extract import extract_file
from pipelines.reprocess import parse_stored
from tests.support.paths import FIXTURES

CNR_PAGE = (
    "cnr_site/www.cnr.cn/sd/20250524/t20250524_100010.shtml",
    "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml",
)
GENERIC_PAGE = ("news_site/2024/05/26/a1001.html", "http://news.example.com.cn/2024/05/26/a1001.html")
CTYPE = "text/html"


def _via_spider(url: str, body: bytes) -> ArticleItem:
    if page_object_for(url).name == "cnr":
        spider = CnrSpider.from_crawler(get_crawler(CnrSpider, {"NEWS_CNR_BASE_URL": ""}))
        request = Request(url, meta={"cnr_url": url})
    else:
        spider = NewsSpider.from_crawler(get_crawler(NewsSpider), start_urls=url)
        request = Request(url)
    response = HtmlResponse(url, body=body, request=request, headers={"Content-Type": CTYPE})
    (item,) = list(spider.parse_article(response))
    return item


def _via_extract(url: str, body: bytes, tmp_path: Path) -> ArticleItem:
    path = tmp_path / "page.html"
    path.write_bytes(body)
    return extract_file(path, url=url, published_at=None, pipelines=False)


def _via_reprocess(url: str, body: bytes) -> ArticleItem:
    raw = RawPage(
        url=url, status=200, headers={"Content-Type": CTYPE}, body=body, fetched_at=datetime.now(UTC)
    )
    return parse_stored([raw])


def _fields(item: ArticleItem) -> tuple:
    return (item.template, item.title, item.paragraphs, item.published_at, item.source, item.is_article)


@pytest.mark.parametrize("page", [CNR_PAGE, GENERIC_PAGE], ids=["cnr", "generic"])
def test_spiders_extract_and_reprocess_agree(page: tuple[str, str], tmp_path: Path) -> None:
    rel, url = page
    body = (FIXTURES / rel).read_bytes()
    items = [_via_spider(url, body), _via_extract(url, body, tmp_path), _via_reprocess(url, body)]
    assert items[0].is_article and items[0].paragraphs
    assert _fields(items[0]) == _fields(items[1]) == _fields(items[2])


@pytest.mark.parametrize("page", [CNR_PAGE, GENERIC_PAGE], ids=["cnr", "generic"])
def test_every_path_asks_the_registry(
    page: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page object registered first (claiming everything) is used by all three paths."""
    rel, url = page
    body = (FIXTURES / rel).read_bytes()
    real = page_object_for(url, body)

    def parse(url: str, body: bytes, **kwargs: object) -> ArticleItem:
        item = real.parse(url, body, **kwargs)  # type: ignore[arg-type]
        item.template = "probe"
        return item

    probe = dataclasses.replace(real, name="probe", claims=lambda url, body: True, parse=parse)
    monkeypatch.setattr(registry, "REGISTRY", (probe, *registry.REGISTRY))
    for item in (_via_spider(url, body), _via_extract(url, body, tmp_path), _via_reprocess(url, body)):
        assert item.template == "probe"


@pytest.mark.parametrize(
    ("url", "body", "name"),
    [
        ("https://news.cnr.cn/native/gd/20250425/t20250425_100008.shtml", b"", "cnr"),
        ("http://www.example.com.cn/a.html", "<html>央广网 cnr.cn</html>".encode(), "generic"),
        ("file:///tmp/saved.html", "<html>央广网 www.cnr.cn</html>".encode("gb2312"), "cnr"),
        ("file:///tmp/other.html", b"<html>hello</html>", "generic"),
    ],
)
def test_who_claims_what(url: str, body: bytes, name: str) -> None:
    # a page fetched from another site is never CNR's for its bytes alone (a re-post is not CNR's)
    assert page_object_for(url, body).name == name
