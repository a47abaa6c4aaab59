"""Link discovery on list pages, sitemaps and RSS/Atom feeds (pure functions, no network)."""

from __future__ import annotations

import gzip
from datetime import datetime, timedelta, timezone

import pytest

from crawler.discovery.feeds import parse_feed, parse_sitemap
from crawler.discovery.links import discover_links, looks_like_article, looks_like_list
from tests.support.paths import FIXTURES

SITE = FIXTURES / "news_site"
CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("http://news.cnr.cn/native/gd/20220213/t20220213_525739615.shtml", True),
        ("http://www.xinhuanet.com/world/2018-03/02/c_1122474433.htm", True),
        ("http://culture.people.com.cn/n1/2019/0615/c1013-31155540.html", True),
        ("https://news.sina.com.cn/c/2019-11-25/doc-iihnzahi3000000.shtml", True),
        ("https://www.thepaper.cn/newsDetail_forward_5432100", True),
        ("http://www.example.gov.cn/content/2024-05/28/content_1003.htm", True),
        ("http://news.cnr.cn/native/gd/index_2.html", False),
        ("http://news.cnr.cn/native/gd/", False),
        ("http://www.example.com/about.html", False),
    ],
)
def test_article_url_shapes(url: str, article: bool) -> None:
    assert looks_like_article(url) is article


def test_list_url_shapes() -> None:
    assert looks_like_list("http://x.cn/news/index_3.html")
    assert looks_like_list("http://x.cn/news/list.php?page=2")
    assert looks_like_list("http://x.cn/a/b.html", "下一页")
    assert not looks_like_list("http://x.cn/a/b.html", "12")


def test_discover_links_on_the_fixture_homepage() -> None:
    base = "http://127.0.0.1:8000/"
    links = discover_links(
        base, (SITE / "index.html").read_bytes(), same_site=lambda u: u.startswith("http://127.0.0.1:8000/")
    )
    assert links.articles == [
        base + "2024/05/26/a1001.html",
        base + "news/20240527/t20240527_1002.shtml",
        base + "2024/05/31/gallery_1006.html",
        base + "private/2024/05/26/p1.html",
    ]
    assert links.lists == [base + "channel/list.html"]
    assert links.dropped >= 3  # off-site, file:, data:


def test_sitemap_urlset_index_and_gzip() -> None:
    sm = parse_sitemap((SITE / "sitemap.xml").read_bytes())
    assert [e.url.rsplit("/", 1)[-1] for e in sm.urls] == ["a1001.html", "a1004.html", "a0999.html"]
    assert sm.urls[0].time == datetime(2024, 5, 26, 16, 40, tzinfo=CST)
    assert sm.urls[2].time is not None and sm.urls[2].time.year == 2020
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://x.cn/s1.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"
    )
    got = parse_sitemap(gzip.compress(index))
    assert [e.url for e in got.sitemaps] == ["http://x.cn/s1.xml.gz"] and got.urls == []


def test_feeds_rss_and_atom() -> None:
    rss = parse_feed((SITE / "feed.xml").read_bytes())
    assert [e.url.rsplit("/", 1)[-1] for e in rss] == ["a1005.html", "t20240527_1002.shtml", "a0998.html"]
    assert rss[0].time == datetime(2024, 5, 30, 10, 15, tzinfo=CST)
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>'
        b'<link rel="alternate" href="http://x.cn/2024/05/01/a.html"/><published>2024-05-01T08:00:00+08:00</published>'
        b"</entry></feed>"
    )
    got = parse_feed(atom)
    assert [(e.url, e.time) for e in got] == [
        ("http://x.cn/2024/05/01/a.html", datetime(2024, 5, 1, 8, tzinfo=CST))
    ]


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<rss><channel><item><link>&x;</link></item></channel></rss>"
)


@pytest.mark.parametrize(
    "body", [b"", b"not xml", b"\x1f\x8b\x08garbage", XXE, b"<urlset><url></url></urlset>"]
)
def test_garbage_feeds_give_nothing(body: bytes) -> None:
    assert parse_sitemap(body).urls == []
    assert all("root:" not in e.url for e in parse_feed(body))
