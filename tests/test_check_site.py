"""``cnr-news check-site`` against the fixture site (both origins), one channel broken on purpose."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.support.env import run_cnr_news
from tests.support.paths import FIXTURES
from tests.support.servers import FixtureServer

SITE = FIXTURES / "cnr_site"
MANIFEST = json.loads((SITE / "manifest.json").read_text("utf-8"))


@pytest.fixture
def servers() -> Iterator[tuple[FixtureServer, FixtureServer]]:
    with FixtureServer(SITE) as https, FixtureServer(SITE, redirect_to=https.base_url) as http:
        yield https, http


def rows(out: str) -> dict[tuple[str, str], str]:
    """(kind, url) -> the whole table line."""
    got = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("robots", "list", "article"):
            got[(parts[0], parts[-1])] = line
    return got


def test_check_site_reports_each_channel_and_flags_the_broken_one(servers) -> None:
    https, http = servers
    https.set_route("/news.cnr.cn/comment/cnrp/", status=500, body="oops")  # broken on purpose
    r = run_cnr_news("check-site", "--base", https.base_url, "--http-base", http.base_url, timeout=120)
    assert r.returncode == 1, r.stderr[-2000:]
    table = rows(r.stdout)
    broken = table[("list", "https://news.cnr.cn/comment/cnrp/")]
    assert " 500 " in broken and "! list page not available" in broken
    kx = table[("list", "https://news.cnr.cn/kuaixun/")]
    assert " items " in kx and "createPageHTML 2 pages" in kx and "!" not in kx  # 2023– markup
    kx_article = next(v for (k, u), v in table.items() if k == "article" and "/newscenter/kx/" in u)
    assert "cnr-2023" in kx_article and "1 images (1 captioned)" in kx_article and "gb18030" in kx_article
    gd_article = next(v for (k, u), v in table.items() if k == "article" and "/native/gd/" in u)
    assert "cnr-2021" in gd_article and "after 1 redirect" in gd_article  # http link → https
    www_robots = table[("robots", "https://www.cnr.cn/robots.txt")]
    assert "200" in www_robots and "sitemaps 2, Disallow /*?*" in www_robots
    assert "1 problems" in r.stdout
    lists = [k for k in table if k[0] == "list"]
    assert len(lists) == len(MANIFEST["channels"])


def test_check_site_all_good_exits_0(servers) -> None:
    https, http = servers
    r = run_cnr_news(
        "check-site",
        "--base",
        https.base_url,
        "--http-base",
        http.base_url,
        "--channels",
        "https://news.cnr.cn/kuaixun/,http://www.cnr.cn/sd/",
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr[-2000:]
    assert "checks OK" in r.stdout and "problems" not in r.stdout


def test_check_site_unreachable_and_bad_arguments() -> None:
    from tests.support.servers import free_port

    r = run_cnr_news(
        "check-site",
        "--base",
        f"http://127.0.0.1:{free_port()}/",
        "--channels",
        "https://news.cnr.cn/kuaixun/",
    )
    assert r.returncode == 1
    assert "no answer" in r.stdout and "robots.txt unreachable" in r.stdout
    bad = run_cnr_news("check-site", "--channels", "https://www.example.com/")
    assert bad.returncode == 2 and "not a cnr.cn" in bad.stderr and "Traceback" not in bad.stderr
