"""robots.txt guard (crawler/middlewares/robots.py): real crawls in a subprocess against a local server."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.middlewares.robots import HostPolicy, RobotsGuardMiddleware
from tests.support.crawl import run_crawl
from tests.support.servers import FixtureServer

PROBE = "tests/support/spiders/probe.py"
NO_PIPELINES = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.robots.RobotsGuardMiddleware": 100,
    },
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for d in ("private", "open"):
        (tmp_path / d).mkdir()
        for i in range(20):
            (tmp_path / d / f"p{i}.html").write_text(f"<html><body><p>{d} {i}</p></body></html>", "utf-8")
    return tmp_path


def _crawl(urls: list[str], **settings: object) -> dict:
    with tempfile.TemporaryDirectory() as work:
        result = run_crawl(
            PROBE,
            None,
            Path(work),
            args={"urls": ",".join(urls)},
            settings={
                **NO_PIPELINES,
                "RETRY_TIMES": 0,
                "CONCURRENT_REQUESTS": 32,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
                **settings,
            },
        )
    assert result.rc == 0, result.log[-3000:]
    return result.stats


def test_concurrent_disallowed_requests_are_never_fetched(site: Path) -> None:
    with FixtureServer(site) as srv:
        # a slow robots.txt: Scrapy's own middleware lets concurrent requests through meanwhile
        srv.set_route("/robots.txt", body="User-agent: *\nDisallow: /private/\n", delay=0.5)
        urls = [srv.url(f"/private/p{i}.html") for i in range(20)] + [srv.url("/open/p0.html")]
        stats = _crawl(urls)
        assert srv.hits_under("/private/") == 0
        assert srv.hits["/robots.txt"] == 1
        assert srv.hits["/open/p0.html"] == 1
    assert stats.get("robotstxt/forbidden") == 20
    assert stats.get("probe/fetched") == 1


def test_crawl_delay_spaces_requests(site: Path) -> None:
    with FixtureServer(site) as srv:
        srv.set_route("/robots.txt", body="User-agent: *\nCrawl-delay: 0.6\nDisallow: /private/\n")
        urls = [srv.url(f"/open/p{i}.html") for i in range(4)]
        stats = _crawl(urls)
        times = [t for t, p in srv.hit_log if p.startswith("/open/")]
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.6 - 0.05, gaps
    assert stats.get("probe/fetched") == 4


def test_robots_5xx_fetches_nothing_then_disallows_all(site: Path) -> None:
    with FixtureServer(site) as srv:
        srv.set_route("/robots.txt", status=503, body="busy")
        urls = [srv.url(f"/open/p{i}.html") for i in range(16)]
        stats = _crawl(urls, NEWS_ROBOTS_RETRY_TIMES=2, NEWS_ROBOTS_RETRY_DELAY=0.1)
        assert srv.hits_under("/open/") == 0
        assert srv.hits["/robots.txt"] == 3  # first try + 2 retries
    assert stats.get("news/robots/unavailable") == 1
    # robots.txt never answered: the pages were not *forbidden* by it, they were never reached
    assert stats.get("news/robots/unreached") == 16
    assert "robotstxt/forbidden" not in stats


def test_robots_5xx_then_recovering_holds_requests_until_parsed(site: Path) -> None:
    with FixtureServer(site) as srv:
        srv.set_route("/robots.txt", status=500, body="oops", times=1)  # then the real file
        (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
        urls = [srv.url(f"/open/p{i}.html") for i in range(5)] + [srv.url("/private/p1.html")]
        _crawl(urls, NEWS_ROBOTS_RETRY_TIMES=3, NEWS_ROBOTS_RETRY_DELAY=0.2)
        log = list(srv.hit_log)
    robots_times = [t for t, p in log if p == "/robots.txt"]
    page_times = [t for t, p in log if p.startswith("/open/")]
    assert len(robots_times) == 2
    assert len(page_times) == 5
    assert min(page_times) > robots_times[1]  # nothing fetched before the good robots.txt
    assert not any(p.startswith("/private/") for _, p in log)


def test_robots_404_allows_everything(site: Path) -> None:
    with FixtureServer(site) as srv:  # no robots.txt in the folder: 404
        stats = _crawl([srv.url(f"/private/p{i}.html") for i in range(3)])
        assert srv.hits_under("/private/") == 3
    assert stats.get("probe/fetched") == 3


def _redirect(srv: FixtureServer, path: str, to: str, status: int = 301) -> None:
    srv.set_route(path, status=status, headers={"Location": to}, body="moved")


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirected_robots_txt_is_followed_and_its_rules_apply(site: Path, status: int) -> None:
    with FixtureServer(site) as srv:
        _redirect(srv, "/robots.txt", "/moved/robots.txt", status)
        srv.set_route("/moved/robots.txt", body="User-agent: *\nDisallow: /private/\n")
        stats = _crawl([srv.url(f"/private/p{i}.html") for i in range(3)] + [srv.url("/open/p1.html")])
        assert srv.hits_under("/private/") == 0
        assert srv.hits["/open/p1.html"] == 1
        assert srv.hits["/robots.txt"] == 1 and srv.hits["/moved/robots.txt"] == 1
    assert stats.get("robotstxt/forbidden") == 3
    assert stats.get("news/robots/redirect") == 1


def test_http_to_https_redirect_on_another_origin_is_followed(site: Path) -> None:
    """http→https modelled as a redirect to another port: the rules found there apply to the first host."""
    with FixtureServer(site) as https, FixtureServer(site) as http:
        https.set_route("/robots.txt", body="User-agent: *\nDisallow: /private/\n")
        _redirect(http, "/robots.txt", https.url("/robots.txt"))
        stats = _crawl([http.url("/private/p0.html"), http.url("/open/p2.html")])
        assert http.hits["/open/p2.html"] == 1
        assert http.hits_under("/private/") == 0
        assert https.hits["/robots.txt"] == 1
    assert stats.get("robotstxt/forbidden") == 1


def test_five_redirects_followed_six_mean_unavailable_allow_all(site: Path) -> None:
    with FixtureServer(site) as srv:  # /robots.txt -> /r1 -> … -> /r5 (five redirects) -> rules
        _redirect(srv, "/robots.txt", "/r1")
        for i in range(1, 5):
            _redirect(srv, f"/r{i}", f"/r{i + 1}")
        srv.set_route("/r5", body="User-agent: *\nDisallow: /private/\n")
        stats = _crawl([srv.url("/private/p0.html"), srv.url("/open/p0.html")])
        assert srv.hits_under("/private/") == 0 and srv.hits["/r5"] == 1
    assert stats.get("robotstxt/forbidden") == 1
    with FixtureServer(site) as srv:  # six redirects: unavailable, which RFC 9309 reads as "no rules"
        _redirect(srv, "/robots.txt", "/r1")
        for i in range(1, 6):
            _redirect(srv, f"/r{i}", f"/r{i + 1}")
        srv.set_route("/r6", body="User-agent: *\nDisallow: /\n")
        stats = _crawl([srv.url("/private/p0.html")])
        assert srv.hits["/r6"] == 0
        assert srv.hits["/private/p0.html"] == 1
    assert stats.get("news/robots/too_many_redirects") == 1


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_4xx_means_no_rules(site: Path, status: int) -> None:
    with FixtureServer(site) as srv:
        srv.set_route("/robots.txt", status=status, body="<html>404</html>", content_type="text/html")
        stats = _crawl([srv.url("/private/p1.html")])
        assert srv.hits["/private/p1.html"] == 1 and srv.hits["/robots.txt"] == 1
    assert "robotstxt/forbidden" not in stats


def test_robots_unreachable_port_is_retried_then_nothing_fetched_and_nothing_forbidden() -> None:
    from tests.support.servers import free_port

    port = free_port()  # nothing listens there: connection refused
    stats = _crawl(
        [f"http://127.0.0.1:{port}/a.html", f"http://127.0.0.1:{port}/b.html"],
        NEWS_ROBOTS_RETRY_TIMES=2,
        NEWS_ROBOTS_RETRY_DELAY=0.1,
    )
    assert stats.get("robotstxt/request_count") == 3
    assert stats.get("news/robots/unreached") == 2
    assert "robotstxt/forbidden" not in stats


def _middleware(**settings: object) -> RobotsGuardMiddleware:
    return RobotsGuardMiddleware(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, **settings}))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,<p>x</p>", "ftp://example.com/x"])
def test_non_http_requests_are_refused(url: str) -> None:
    import asyncio

    mw = _middleware()
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_request(Request(url)))


def test_policy_disallow_all_and_rules() -> None:
    from protego import Protego

    assert not HostPolicy(parser=None, unreached=True).allowed("http://a/x", "bot")
    assert HostPolicy(parser=None).allowed("http://a/x", "bot")
    rp = Protego.parse("User-agent: *\nDisallow: /x/\n")
    assert not HostPolicy(parser=rp).allowed("http://a/x/1", "bot")
    assert HostPolicy(parser=rp).allowed("http://a/y/1", "bot")


def test_crawl_delay_is_capped() -> None:
    mw = _middleware(NEWS_ROBOTS_MAX_CRAWL_DELAY=5)
    policy = mw._parse("h", b"User-agent: *\nCrawl-delay: 86400\n")
    assert policy.crawl_delay == 5


def test_an_html_page_served_as_robots_txt_means_no_rules() -> None:
    """news.cnr.cn answered /robots.txt with its 404 HTML page (2024): nothing in it is a rule."""
    html = b"<!doctype html><html><head><title>404</title></head><body>Disallow: nothing here</body></html>"
    policy = _middleware()._parse("news.cnr.cn", html)
    assert policy.allowed("https://news.cnr.cn/native/gd/", "cnr-news")
    assert not policy.unreached
