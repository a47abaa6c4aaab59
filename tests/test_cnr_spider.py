"""The `cnr` spider end to end against the fixture site on 127.0.0.1 (crawls run in a subprocess).

Every request that tries to leave 127.0.0.1 goes to a counting "proxy" (``http_proxy`` in the crawl's
environment), so "nothing off-site is fetched" is measured, not assumed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.crawl import proxied_crawl, run_crawl
from tests.support.env import sql_rows
from tests.support.paths import FIXTURES
from tests.support.servers import FixtureServer

SITE = FIXTURES / "cnr_site"
MANIFEST = json.loads((SITE / "manifest.json").read_text("utf-8"))
EXPECTED = {a["key"]: a for a in MANIFEST["articles"]}


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FixtureServer, FixtureServer, FixtureServer]]:
    """The site's https origin, its http origin (301 to https for everything) and the counting proxy."""
    with tempfile.TemporaryDirectory() as empty, FixtureServer(SITE) as site, FixtureServer(empty) as proxy:
        with FixtureServer(SITE, redirect_to=site.base_url) as http:
            yield site, proxy, http


def crawl(servers, db: Path, args: dict[str, str] | None = None, **settings: object) -> dict:
    site, proxy, http = servers
    args = {"base": site.base_url, "http_base": http.base_url, **(args or {})}
    return proxied_crawl("cnr", db, args, settings, proxy.base_url)


@pytest.fixture(scope="module")
def full_crawl(servers, tmp_path_factory) -> tuple[Path, dict, dict]:
    site, *_ = servers
    db = tmp_path_factory.mktemp("crawl") / "news.db"
    before = dict(site.hits)
    stats = crawl(servers, db)
    hits = {p: n - before.get(p, 0) for p, n in site.hits.items() if n - before.get(p, 0)}
    return db, stats, hits


def test_every_article_stored_and_nothing_else(full_crawl) -> None:
    db, stats, _ = full_crawl
    got = {k for (k,) in sql_rows(db, "select key from articles")}
    assert got == set(EXPECTED)
    for key, title, channel, template in sql_rows(db, "select key, title, channel, template from articles"):
        assert title == EXPECTED[key]["title"]
        assert channel == EXPECTED[key]["channel"]
        assert template == EXPECTED[key]["template"]
    assert stats["item_scraped_count"] == len(EXPECTED)
    assert stats.get("news/non_article") == 1  # the gallery
    assert stats.get("news/extract_error", 0) == 0


def test_template_stats(full_crawl) -> None:
    _, stats, _ = full_crawl
    by_template: dict[str, int] = {}
    for a in EXPECTED.values():
        by_template[a["template"]] = by_template.get(a["template"], 0) + 1
    for name, n in by_template.items():
        assert stats.get(f"news/template/{name}") == n, name


def test_nothing_off_site_or_disallowed_fetched(servers, full_crawl) -> None:
    _, proxy, _ = servers
    _, stats, hits = full_crawl
    assert sum(proxy.hits.values()) == 0, dict(proxy.hits)
    assert not any(p.startswith("/www.cnr.cn/private/") for p in hits)
    assert not any("finance.cnr.cn" in p for p in hits)  # a channel not configured is not followed
    assert stats.get("robotstxt/forbidden") == 1
    assert stats.get("news/offsite_link", 0) >= 6


def test_lists_paged_and_articles_fetched_once(full_crawl) -> None:
    _, _, hits = full_crawl
    assert hits.get("/news.cnr.cn/native/gd/index_1.html") == 1
    assert hits.get("/www.cnr.cn/sd/index_1.html") == 1
    assert "/news.cnr.cn/native/gd/index_2.html" not in hits  # not linked, not announced
    article_hits = {p: n for p, n in hits.items() if p.endswith(".shtml")}
    assert all(n == 1 for n in article_hits.values()), article_hits
    # the article linked under two hosts is fetched once
    two = EXPECTED["cnr:100005"]
    fetched = [p for p in article_hits if "t20250521_100005" in p]
    assert len(fetched) == 1, fetched
    assert two["pages"] == 1


def test_multi_page_article_is_one_item_with_two_raw_pages(full_crawl) -> None:
    db, _, _ = full_crawl
    (paras,) = sql_rows(db, "select paragraphs from articles where key = 'cnr:100008'")[0]
    assert json.loads(paras) == EXPECTED["cnr:100008"]["paragraphs"]
    pages = sql_rows(
        db,
        "select p.page_no, p.url, p.status, p.encoding from pages p join articles a on a.id = p.article_pk "
        "where a.key = 'cnr:100008' order by p.page_no",
    )
    assert [p[0] for p in pages] == [1, 2]
    assert pages[1][1].endswith("t20250425_100008_1.shtml") and pages[1][1].startswith("https://news.cnr.cn/")
    assert all(p[2] == 200 for p in pages)


def test_stored_urls_are_logical_cnr_urls(full_crawl) -> None:
    db, _, _ = full_crawl
    for url, canonical in sql_rows(db, "select url, canonical_url from articles"):
        assert ".cnr.cn/" in url and "127.0.0.1" not in url
        assert "127.0.0.1" not in canonical
        # every article is stored under https: http links were followed through the redirect
        assert url.startswith("https://") and canonical.startswith("https://"), url
        assert "?" not in url


def test_http_links_and_robots_redirected_to_https(servers, full_crawl) -> None:
    (
        _,
        _,
        stats,
    ) = servers[0], None, full_crawl[1]
    assert stats.get("news/robots/redirect", 0) >= 1  # the http origin's robots.txt: 301 to https
    assert stats.get("downloader/response_status_count/301", 0) >= 5  # homepage/gd links are http://
    assert stats.get("robotstxt/response_status_count/301", 0) >= 1


def test_new_list_markup_paging_and_sign_links(full_crawl) -> None:
    db, stats, hits = full_crawl
    assert stats.get("news/list/markup/items", 0) == 4  # kuaixun ×2, cnrp ×2
    assert hits.get("/news.cnr.cn/kuaixun/index_1.html") == 1  # announced by createPageHTML only
    assert hits.get("/news.cnr.cn/comment/cnrp/index_1.html") == 1  # an index_1.html link only
    # kuaixun links carry ?sign=: dropped before robots.txt (Disallow: /*?*) is asked
    got = {k for (k,) in sql_rows(db, "select key from articles")}
    assert {"cnr:100021", "cnr:100022", "cnr:100023", "cnr:100024", "cnr:100015"} <= got
    assert not any("?" in p for p in hits)


def test_sitemaps_from_robots_txt(servers, tmp_path: Path) -> None:
    """``-a sitemaps=1``: www.cnr.cn/robots.txt lists an index and a sitemap (http://, redirected);
    the kuaixun articles are found through them although kuaixun is not crawled here."""
    stats = crawl(servers, tmp_path / "sm.db", {"sitemaps": "1", "channels": "sd", "max_list_pages": "1"})
    assert stats.get("news/sitemap/pages") == 2  # the index and kx/sitmap.xml (listed twice, fetched once)
    assert stats.get("news/sitemap/urls") == 3
    got = {k for (k,) in sql_rows(tmp_path / "sm.db", "select key from articles")}
    assert {"cnr:100021", "cnr:100022", "cnr:100023"} <= got
    without = crawl(servers, tmp_path / "no.db", {"channels": "sd", "max_list_pages": "1"})
    assert "news/sitemap/pages" not in without
    assert "cnr:100022" not in {k for (k,) in sql_rows(tmp_path / "no.db", "select key from articles")}


def test_gbk_page_with_wrong_header_stored_correctly(full_crawl) -> None:
    db, _, _ = full_crawl
    ((body, title),) = sql_rows(db, "select body, title from articles where key = 'cnr:100011'")
    assert "王喆" in body and "\ufffd" not in body
    assert title == EXPECTED["cnr:100011"]["title"]
    for (b,) in sql_rows(db, "select body from articles"):
        assert "\ufffd" not in b


def test_recrawl_adds_and_updates_nothing(servers, full_crawl) -> None:
    db, _, _ = full_crawl
    before = sql_rows(db, "select key, content_hash, times_changed, last_crawled from articles order by key")
    stats = crawl(servers, db)
    after = sql_rows(db, "select key, content_hash, times_changed, last_crawled from articles order by key")
    assert before == after
    assert stats.get("news/db/new", 0) == 0 and stats.get("news/db/updated", 0) == 0


def test_since_stops_paging(servers, tmp_path: Path) -> None:
    site, *_ = servers
    before = dict(site.hits)
    stats = crawl(servers, tmp_path / "since.db", {"since": "2025-05-01"})
    new_hits = {p for p, n in site.hits.items() if n > before.get(p, 0)}
    assert "/news.cnr.cn/native/gd/index_1.html" not in new_hits  # index.html already reached April
    got = {k for (k,) in sql_rows(tmp_path / "since.db", "select key from articles")}
    want = {k for k, a in EXPECTED.items() if a["published_at"] >= "2025-05-01"}
    assert got == want
    assert stats.get("news/since_skipped", 0) >= 1


def test_urls_argument_fetches_just_those(servers, tmp_path: Path) -> None:
    site, *_ = servers
    before = dict(site.hits)
    url = EXPECTED["cnr:100008"]["url"]
    crawl(servers, tmp_path / "urls.db", {"urls": url})
    new_hits = {p for p, n in site.hits.items() if n > before.get(p, 0)}
    assert new_hits <= {
        "/robots.txt",
        "/news.cnr.cn/native/gd/20250425/t20250425_100008.shtml",
        "/news.cnr.cn/native/gd/20250425/t20250425_100008_1.shtml",
    }
    assert sql_rows(tmp_path / "urls.db", "select key from articles") == [("cnr:100008",)]


def test_channels_argument(servers, tmp_path: Path) -> None:
    crawl(servers, tmp_path / "ch.db", {"channels": "sd", "max_list_pages": "1"})
    got = {k for (k,) in sql_rows(tmp_path / "ch.db", "select key from articles")}
    # the homepage's articles plus the first Shandong list page's
    assert {"cnr:100010", "cnr:100011", "cnr:100012"} <= got
    assert "cnr:100013" not in got  # on sd/index_1.html, beyond max_list_pages
    assert "cnr:100002" not in got  # only in the gd channel


def test_the_offsite_trap_works(servers, tmp_path: Path) -> None:
    """Control: a request that does leave 127.0.0.1 is caught by the counting proxy."""
    _, proxy, _ = servers
    before = sum(proxy.hits.values())
    env = {"http_proxy": proxy.base_url, "no_proxy": "127.0.0.1"}
    result = run_crawl(
        "tests/support/spiders/probe.py",
        f"sqlite:///{tmp_path}/t.db",
        tmp_path,
        args={"urls": "http://www.example.com/x.html"},
        settings={"RETRY_TIMES": 0, "ROBOTSTXT_OBEY": False, "ITEM_PIPELINES": {}, "EXTENSIONS": {}},
        env=env,
    )
    assert result.rc == 0, result.log[-2000:]
    assert sum(proxy.hits.values()) > before
