"""Two Scrapyd daemons on 127.0.0.1 (two "nodes"), the project deployed to both as an egg, ``cnr``
scheduled on both against a local 2,000-article site with the Redis frontier and PostgreSQL: every
article stored once, no page fetched twice, both nodes did work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import ServerUnavailable, unavailable
from tests.support.scrapyd_server import ScrapydNode, build_egg
from tests.support.site_server import CHANNEL, SiteServer, article_fetches, duplicates, generate_site

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]  # 2,000 articles on a shared 2-core box
ARTICLES = 2000


def test_two_scrapyd_nodes_crawl_one_site_into_one_database(
    tmp_path: Path, redis_server: object, pg_server: object
) -> None:
    generate_site(tmp_path / "site", ARTICLES)
    db = pg_server.url("t_scrapyd")  # type: ignore[attr-defined]
    egg = build_egg(tmp_path)
    with SiteServer(tmp_path / "site", tmp_path / "hits.json") as site:
        try:
            nodes = [ScrapydNode(tmp_path / f"node{i}").start() for i in (1, 2)]
        except ServerUnavailable as exc:
            unavailable(f"Scrapyd: {exc}")
        try:
            settings = {
                "NEWS_FRONTIER": redis_server.url,  # type: ignore[attr-defined]
                "NEWS_DB_URL": db,
                "NEWS_CNR_BASE_URL": site.base_url,
                "NEWS_CNR_CHANNELS": CHANNEL,
                "NEWS_CNR_MAX_LIST_PAGES": 10_000,
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS": 16,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
                "NEWS_FRONTIER_LEASE": 5,
            }
            for node in nodes:
                assert node.deploy(egg)["spiders"] >= 2  # cnr and news found in the egg
            jobs = [node.schedule("cnr", settings) for node in nodes]
            for node, job in zip(nodes, jobs, strict=True):
                node.wait(job, timeout=540)
            logs = [node.job_log("cnr", job) for node, job in zip(nodes, jobs, strict=True)]
        finally:
            for node in nodes:
                node.stop()
        log = site.stop()
    from tests.support.cluster import stored

    assert stored(db) == (ARTICLES, ARTICLES)
    assert len(article_fetches(log)) == ARTICLES and duplicates(log) == 0
    assert all("'finish_reason': 'finished'" in t for t in logs)
    assert sorted("'news/frontier/seeder': 1" in t for t in logs) == [False, True]
    assert all("'news/db/new'" in t for t in logs)  # both nodes stored articles
