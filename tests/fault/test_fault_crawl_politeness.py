"""Fault suite, politeness (issue 8): robots.txt under concurrency, ``Crawl-delay``, a robots.txt
answering 5xx. Each scenario is a real ``scrapy crawl cnr`` against its own fault server (robots.txt
is per host), asserted from the server's hit log and the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.fault_server import FaultServer, mirror_path

# real crawls in subprocesses: seconds each (CI runs them too)
pytestmark = pytest.mark.slow

PRIVATE = "/www.cnr.cn/private/"


def _site(srv: FaultServer, n_private: int, n_public: int) -> tuple[list[str], list[str]]:
    private = [srv.add_cnr_article(820000 + i, f"禁止抓取{i}", channel="private") for i in range(n_private)]
    public = [srv.add_cnr_article(821000 + i, f"允许抓取{i}") for i in range(n_public)]
    return private, public


def _crawl(srv: FaultServer, tmp_path: Path, urls: list[str], settings: dict[str, str]) -> CrawlResult:
    """``scrapy crawl cnr`` of just ``urls`` from ``srv`` into ``tmp_path/news.db``."""
    args = {"base": srv.base_url + "/", "urls": ",".join(urls)}
    return run_crawl("cnr", f"sqlite:///{tmp_path / 'news.db'}", tmp_path, args=args, settings=settings)


def _stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {u for (u,) in con.execute("SELECT canonical_url FROM articles")}


def test_robots_disallow_honoured_under_32_concurrent_requests(tmp_path: Path) -> None:
    with FaultServer() as srv:
        # a slow robots.txt: 32 requests are ready before it arrives
        srv.set_robots(f"User-agent: *\nDisallow: {PRIVATE}\n", delay_s=0.5)
        private, public = _site(srv, 24, 8)
        r = _crawl(
            srv,
            tmp_path,
            private + public,
            {"CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32"},
        )
        assert r.rc == 0, r.log[-2000:]
        assert srv.hit_log(PRIVATE) == [], f"{len(srv.hit_log(PRIVATE))} disallowed pages fetched"
        assert srv.hits_for("/robots.txt") == 1
        assert r.stat("robotstxt/forbidden") == len(private)
        print(f"\n[fault-robots] {len(private)} disallowed, 0 fetched; {len(public)} allowed, all stored")
        assert _stored(tmp_path / "news.db") == set(public)


def test_crawl_delay_is_honoured(tmp_path: Path) -> None:
    delay = 1.0
    with FaultServer() as srv:
        srv.set_robots(f"User-agent: *\nCrawl-delay: {delay:g}\n")
        _, public = _site(srv, 0, 4)
        r = _crawl(
            srv, tmp_path, public, {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
        )
        assert r.rc == 0, r.log[-2000:]
        times = sorted(h.t for h in srv.hit_log("/www.cnr.cn/"))
        assert len(times) == len(public)
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= delay * 0.95, gaps
        print(f"\n[fault-crawl-delay] Crawl-delay {delay:g}s: smallest gap {min(gaps):.2f}s")
        assert _stored(tmp_path / "news.db") == set(public)


def test_robots_5xx_means_nothing_fetched_until_it_recovers(tmp_path: Path) -> None:
    with FaultServer() as srv:
        srv.set_robots(f"User-agent: *\nDisallow: {PRIVATE}\n", failures=2, failure_status=503)
        private, public = _site(srv, 4, 4)
        r = _crawl(
            srv,
            tmp_path,
            private + public,
            {"NEWS_ROBOTS_RETRY_DELAY": "0.3", "NEWS_ROBOTS_RETRY_TIMES": "3"},
        )
        assert r.rc == 0, r.log[-2000:]
        robots = [h.t for h in srv.hit_log("/robots.txt")]
        assert len(robots) == 3, robots  # 503, 503, then 200
        pages = [h.t for h in srv.hit_log("/www.cnr.cn/")]
        assert pages and min(pages) > robots[-1], "a page was fetched before robots.txt recovered"
        assert srv.hit_log(PRIVATE) == []
        assert _stored(tmp_path / "news.db") == set(public)
        assert {mirror_path(u) for u in public} <= {h.path for h in srv.hits}


def test_robots_5xx_forever_means_nothing_fetched_and_an_error(tmp_path: Path) -> None:
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n", failures=1000, failure_status=500)
        _, public = _site(srv, 0, 4)
        r = _crawl(srv, tmp_path, public, {"NEWS_ROBOTS_RETRY_DELAY": "0.2", "NEWS_ROBOTS_RETRY_TIMES": "2"})
        # `scrapy crawl` exits with the run's verdict (pipelines/commands/crawl.py) and says why
        assert r.rc == 1, r.log[-2000:]
        assert "crawl failed (exit 1" in r.log and "robots.txt unavailable" in r.log
        assert srv.hits_for("/robots.txt") == 3  # the first answer and 2 retries
        assert srv.hit_log("/www.cnr.cn/") == [], "pages fetched although robots.txt never answered"
        assert r.stat("news/robots/unavailable") == 1
        assert r.stat("news/robots/unreached") == 4 and r.stat("robotstxt/forbidden") == 0  # no verdict made
        assert "robots.txt for" in r.log and "unavailable" in r.log
        assert _stored(tmp_path / "news.db") == set()
        with sqlite3.connect(tmp_path / "news.db") as con:
            status, error = con.execute("SELECT status, error FROM crawl_runs").fetchone()
        assert status == "failed" and "robots.txt unavailable" in error, (status, error)
