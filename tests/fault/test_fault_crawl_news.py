"""Fault suite, the ``news`` spider (issue 8): the same hostile site through the generic spider.

One ``scrapy crawl news -a start_urls=<hub>`` against the fault server: a hub page links (as
article-shaped URLs) to every encoding case, the off-site redirect, the changed template, the links
page and two controls, and directly to ``file:``, ``data:``, ``javascript:``, ``mailto:``, ``ftp:``
and other hosts' article-shaped URLs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.fault_server import ENCODING_CASES, FaultServer, article_paragraphs, list_html

# real crawls in subprocesses: seconds each (CI runs them too)
pytestmark = pytest.mark.slow

MOJIBAKE_MARKERS = ("\ufffd", "锟斤拷", "Ã", "Â")


def news_path(n: int) -> str:
    """An article-shaped path for the generic link discovery (``/YYYY/MMDD/…<id>.html``)."""
    return f"/2025/0520/c1-{900000 + n}.html"


@dataclass
class NewsCrawl:
    srv: FaultServer
    result: CrawlResult
    db: Path
    paths: dict[str, str]

    def body(self, key: str) -> str | None:
        with sqlite3.connect(self.db) as con:
            row = con.execute(
                "SELECT title || char(10) || body FROM articles WHERE canonical_url = ?",
                (self.srv.url(self.paths[key]),),
            ).fetchone()
        return row[0] if row else None


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NewsCrawl]:
    work = tmp_path_factory.mktemp("newscrawl")
    db = work / "news.db"
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        paths: dict[str, str] = {}
        mounts = {f"/enc/{c.name}.html": c.name for c in ENCODING_CASES}
        mounts |= {
            "/fault/redirect-offsite": "offsite",
            "/fault/changed-template": "changed",
            "/fault/links": "links",
        }
        for n, (fault, key) in enumerate(mounts.items()):
            paths[key] = news_path(n)
            srv.alias(paths[key], fault)
        for n, tag in enumerate(("对照新闻甲", "对照新闻乙"), start=50):
            paths[tag] = news_path(n)
            srv.add_article(paths[tag], f"{tag}标题", article_paragraphs(tag))
        hostile = [*srv.link_targets(), srv.other_host_url(news_path(99))]
        srv.add_page("/", list_html("新闻首页", [*paths.values(), *hostile]))
        result = run_crawl("news", f"sqlite:///{db}", work, args={"start_urls": srv.url("/")}, timeout=120)
        yield NewsCrawl(srv, result, db, paths)


def test_news_spider_survives_the_hostile_site(news: NewsCrawl) -> None:
    assert news.result.rc == 0, news.result.log[-3000:]
    assert "Traceback" not in news.result.log
    for tag in ("对照新闻甲", "对照新闻乙"):
        assert news.body(tag) is not None


def test_news_spider_encodings_stored_without_mojibake(news: NewsCrawl) -> None:
    for case in ENCODING_CASES:
        text = news.body(case.name)
        assert text is not None, f"{case.name} not stored"
        assert case.text in text, case.name
        for marker in MOJIBAKE_MARKERS:
            assert marker not in text, (case.name, marker)


def test_news_spider_never_fetches_file_data_or_other_hosts(news: NewsCrawl) -> None:
    assert not [h for h in news.srv.hits if "localhost" in h.host], "another host was fetched"
    assert news.srv.hits_for("/offsite-target") == 0
    requested = {h.path for h in news.srv.hits}
    assert requested <= {"/", "/robots.txt", *news.paths.values()}, requested
    assert news.result.stat("news/offsite_link") >= 2


def test_news_spider_changed_template_is_extracted(news: NewsCrawl) -> None:
    text = news.body("changed")
    assert text is not None and "改版页面第1段" in text
