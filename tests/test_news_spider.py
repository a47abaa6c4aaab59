"""The ``news`` spider end to end: the fixture site on 127.0.0.1 crawled into a temporary SQLite DB.

The crawl runs in a subprocess with the project's settings and pipelines (politeness off). Every
request that tries to leave 127.0.0.1 goes to a counting "proxy", so "nothing off-site is fetched"
is measured, not assumed.
"""

from __future__ import annotations

import json
import re
import tempfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.spiders.news import NewsSpider
from tests.support.crawl import proxied_crawl
from tests.support.env import sql_rows
from tests.support.paths import FIXTURES
from tests.support.servers import FixtureServer

SITE = FIXTURES / "news_site"
# path -> (title, published_at in UTC)
EXPECTED: dict[str, tuple[str, datetime]] = {
    "2024/05/26/a1001.html": (
        "示例市启动老旧小区改造三年行动 首批涉及四十个小区",
        datetime(2024, 5, 26, 8, 30, tzinfo=UTC),
    ),
    "news/20240527/t20240527_1002.shtml": (
        "江南镇举办第十届油菜花节 游客量同比增长两成",
        datetime(2024, 5, 27, 1, 30, tzinfo=UTC),
    ),
    "content/2024-05/28/content_1003.htm": (
        "示例省发布夏季防汛工作方案",
        datetime(2024, 5, 28, 0, 5, tzinfo=UTC),
    ),
    "2024/05/29/a1004.html": ("示例港口一季度集装箱吞吐量创新高", datetime(2024, 5, 29, 6, 20, tzinfo=UTC)),
    "2024/05/30/a1005.html": ("示例大学发布毕业生就业质量报告", datetime(2024, 5, 30, 2, 15, tzinfo=UTC)),
}
NEVER_FETCHED = [
    "/private/2024/05/26/p1.html",  # robots.txt
    "/channel/list_2.html",  # list depth 2
    "/2020/01/01/a0999.html",  # sitemap lastmod before `since`
    "/2019/12/31/a0998.html",  # feed entry before `since`
]


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FixtureServer, FixtureServer]]:
    with tempfile.TemporaryDirectory() as empty, FixtureServer(SITE) as site, FixtureServer(empty) as proxy:
        for name, ctype in (
            ("sitemap.xml", "application/xml"),
            ("feed.xml", "application/rss+xml; charset=utf-8"),
        ):
            text = (SITE / name).read_text("utf-8").replace("http://127.0.0.1:PORT/", site.base_url)
            site.set_route(f"/{name}", body=text, content_type=ctype)
        yield site, proxy


def crawl(servers: tuple[FixtureServer, FixtureServer], db: Path, args: dict[str, str]) -> dict:
    _site, proxy = servers
    return proxied_crawl("news", db, args, {"ROBOTSTXT_OBEY": True}, proxy.base_url)


def as_utc(value: str | None) -> datetime | None:
    if value is None:
        return None
    dt = datetime.fromisoformat(value)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


@pytest.fixture(scope="module")
def full_crawl(servers, tmp_path_factory) -> tuple[Path, dict, dict, str]:
    site, proxy = servers
    db = tmp_path_factory.mktemp("news") / "news.db"
    before = dict(site.hits)
    args = {
        "start_urls": site.base_url,
        "sitemap": site.url("sitemap.xml"),
        "feed": site.url("feed.xml"),
        "since": "2024-01-01",
    }
    stats = crawl(servers, db, args)
    hits = {p: n - before.get(p, 0) for p, n in site.hits.items() if n - before.get(p, 0)}
    assert sum(proxy.hits.values()) == 0, dict(proxy.hits)  # nothing off-site, ever
    return db, stats, hits, site.base_url


def test_every_article_stored_with_its_title_time_and_site(full_crawl) -> None:
    db, stats, _, base = full_crawl
    got = {
        key: (title, as_utc(published), site, template)
        for key, title, published, site, template in sql_rows(
            db, "select key, title, published_at, site, template from articles"
        )
    }
    assert set(got) == {base + p for p in EXPECTED}
    for path, (title, published) in EXPECTED.items():
        assert got[base + path] == (title, published, "127.0.0.1", "generic"), path
    assert stats["item_scraped_count"] == len(EXPECTED)


def test_gbk_article_decoded_and_raw_bytes_kept(full_crawl) -> None:
    db, _, _, base = full_crawl
    path = "news/20240527/t20240527_1002.shtml"
    (body, source, editors) = sql_rows(
        db, f"select body, source, editors from articles where key = '{base + path}'"
    )[0]
    assert "江南镇第十届油菜花节在万亩花海景区开幕" in body
    assert source == "江南晚报" and json.loads(editors) == ["赵敏"]
    pages = sql_rows(
        db, "select p.url, p.status, p.body_z from pages p join articles a on p.article_pk = a.id"
    )
    assert len(pages) == len(EXPECTED)
    raw = {url: (status, zlib.decompress(z)) for url, status, z in pages}
    assert raw[base + path] == (200, (SITE / path).read_bytes())


def test_stats_and_what_was_not_fetched(full_crawl) -> None:
    _, stats, hits, _ = full_crawl
    assert stats.get("news/template/generic") == len(EXPECTED)
    assert stats.get("news/non_article") == 1  # the gallery
    assert stats.get("news/extract_error", 0) == 0
    assert stats.get("news/since_skipped", 0) >= 2
    assert (
        stats.get("news/duplicate_article", 0) >= 2
    )  # linked from the homepage, the list, the sitemap, the feed
    assert stats.get("news/offsite_link", 0) >= 3  # other.example.org, file:, data:
    for path in NEVER_FETCHED:
        assert hits.get(path, 0) == 0, path
    for path in EXPECTED:
        assert hits.get("/" + path) == 1, path


def test_article_start_url_allow_deny_and_max_pages(servers, tmp_path) -> None:
    site, _ = servers
    db = tmp_path / "news.db"
    start = f"{site.base_url},{site.url('2024/05/29/a1004.html')}"  # a list page and an article
    stats = crawl(servers, db, {"start_urls": start, "deny": r"gallery|/news/", "max_pages": "3"})
    keys = {k for (k,) in sql_rows(db, "select key from articles")}
    # the article start URL and the homepage's two permitted article links use the budget (one is
    # then refused by robots.txt), so the list page's article is not requested
    assert keys == {site.url("2024/05/29/a1004.html"), site.url("2024/05/26/a1001.html")}
    assert stats.get("news/denied", 0) >= 2
    assert stats.get("news/max_pages_reached", 0) >= 1
    assert stats.get("news/non_article", 0) == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"start_urls": "file:///etc/passwd"},
        {"start_urls": "data:text/html,hi"},
        {"start_urls": "http://x.cn/", "feed": "ftp://x.cn/feed.xml"},
        {"start_urls": "http://x.cn/", "since": "yesterday"},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        NewsSpider(**kwargs)


def test_allowed_domains_are_the_registered_sites() -> None:
    spider = NewsSpider(
        start_urls="http://news.example.com.cn/,https://www.people.com.cn/",
        feed="http://rss.example.com.cn/a.xml",
    )
    assert spider.allowed_domains == ["example.com.cn", "people.com.cn"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_urls": "http://x.cn/", "allow": "["}, "allow='[' is not a regular expression"),
        ({"start_urls": "http://x.cn/", "since": "2025-13-01"}, "is not a date"),
        ({"start_urls": "file:///etc/passwd"}, "not an http(s) URL"),
    ],
)
def test_bad_spider_arguments_are_clear_errors(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        NewsSpider(**kwargs)
