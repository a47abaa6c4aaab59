"""Fault suite, crashes (issue 8): ``kill -9`` at 10 random moments, SIGTERM, an exception in a
pipeline. Real ``scrapy crawl cnr`` subprocesses against a generated 300-article CNR mirror."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.support.crawl import child_env, crawl_command, run_crawl, start_process, wait_process
from tests.support.fault_server import POISON_MARK, FaultServer, project_setting_with

# real crawls in subprocesses: seconds each (CI runs them too)
pytestmark = pytest.mark.slow

N_ARTICLES = 300
ARTICLES = "/www.cnr.cn/sd/20250520/"
KILLS = 10
SEED = int(os.environ.get("FAULT_KILL_SEED", "20250520"))
# Commit every 20 items (the default is 50, or 10 s): a kill then loses at most one batch.
CRASH_SETTINGS = {"NEWS_DB_BATCH_SIZE": "20", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


def _site_args(srv: FaultServer) -> dict[str, str]:
    return {"base": srv.base_url + "/", "channels": "sd", "max_list_pages": "20"}


def _db_state(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as con:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "articles": q(
                "SELECT count(*), count(DISTINCT key), count(DISTINCT canonical_url) FROM articles"
            )[0],
            "keys": {k for (k,) in q("SELECT key FROM articles")},
            "pages": q("SELECT count(*), count(DISTINCT url) FROM pages")[0],
            "orphans": q(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.article_pk = a.id)"
            )[0][0],
            "date_mentions": {
                n
                for (n,) in q(
                    "SELECT count(d.id) FROM articles a LEFT JOIN date_mentions d ON d.article_pk = a.id GROUP BY a.id"
                )
            },
            "mentions": {
                n
                for (n,) in q(
                    "SELECT count(m.id) FROM articles a LEFT JOIN mentions m ON m.article_pk = a.id GROUP BY a.id"
                )
            },
            "runs": q("SELECT id, status, finish_reason FROM crawl_runs ORDER BY id"),
            "integrity": q("PRAGMA integrity_check")[0][0],
        }


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def _expected_keys(urls: list[str]) -> set[str]:
    return {"cnr:" + u.rsplit("_", 1)[-1].removesuffix(".shtml") for u in urls}


@pytest.mark.slow
def test_kill_9_at_10_random_moments_then_rerun_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        urls = srv.add_generated_cnr_site(N_ARTICLES)
        cmd = crawl_command("cnr", args=_site_args(srv), settings={"NEWS_DB_URL": url, **CRASH_SETTINGS})
        killed: list[int] = []
        moments: list[str] = []
        for i in range(KILLS):
            before = len(srv.hit_log(ARTICLES))
            proc, logf = start_process(cmd, tmp_path / f"run{i}", child_env())
            # k = article pages fetched by this run before the kill; 0 = during start-up (database
            # open, crawl_runs bookkeeping, robots.txt, lists); run 1 always dies there
            k = 0 if i == 1 else rng.randint(0, 60)
            t0 = time.monotonic()
            if k == 0:
                time.sleep(rng.uniform(0.2, 2.0))
            else:
                while len(srv.hit_log(ARTICLES)) < before + k and proc.poll() is None:
                    if time.monotonic() - t0 > 60:
                        break
                    time.sleep(0.005)
                time.sleep(rng.uniform(0, 0.2))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            rc, _ = wait_process(proc, logf, 30)
            moments.append(f"k={k} t={time.monotonic() - t0:.2f}s rc={rc}")
            if rc == -signal.SIGKILL:
                killed.append(i)
        # the normal rerun
        committed = _count(db)
        final = run_crawl("cnr", url, tmp_path / "final", args=_site_args(srv), settings=CRASH_SETTINGS)
        assert final.rc == 0, final.log[-2000:]
        state = _db_state(db)

    assert len(killed) >= KILLS - 1, moments  # (a run may finish before its moment comes)
    assert state["integrity"] == "ok"
    assert state["articles"] == (N_ARTICLES, N_ARTICLES, N_ARTICLES), (state["articles"], moments)
    assert state["keys"] == _expected_keys(urls)
    assert state["pages"] == (N_ARTICLES, N_ARTICLES)
    assert state["orphans"] == 0
    # every article has the same text, so the same number of mentions: none doubled by a retry
    assert len(state["date_mentions"]) == 1 and len(state["mentions"]) == 1, state
    # a run killed during start-up may die before it records itself; every run that did record
    # itself and was killed is marked interrupted by the next one, none is left "running"
    runs = state["runs"]
    mid_crawl = sum(1 for i in killed if not moments[i].startswith("k=0 "))
    assert mid_crawl + 1 <= len(runs) <= KILLS + 1, (runs, moments)
    assert [r[1] for r in runs[:-1]] == ["interrupted"] * (len(runs) - 1), runs
    assert runs[-1][1] == "finished", runs
    # the database is the record: the final run fetched exactly what earlier runs had not committed
    assert final.stat("news/article/requests") == N_ARTICLES - committed
    print(
        f"\n[fault-crash] kills: {moments}; final run fetched {final.stat('news/article/requests')} articles"
    )


def test_sigterm_stops_gracefully_and_commits_what_was_fetched(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        urls = srv.add_generated_cnr_site(N_ARTICLES)
        stats_file = tmp_path / "stats.json"
        cmd = crawl_command(
            "cnr",
            args=_site_args(srv),
            settings={"NEWS_DB_URL": url, "TEST_STATS_FILE": str(stats_file), **CRASH_SETTINGS},
        )
        proc, logf = start_process(cmd, tmp_path / "run", child_env())
        t0 = time.monotonic()
        # stop mid-crawl, once a first batch is committed (more items are buffered and in flight)
        while _count(db) < 20 and time.monotonic() - t0 < 60:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGTERM)
        t_term = time.monotonic()
        rc, _ = wait_process(proc, logf, 30)
        stop_s = time.monotonic() - t_term
        fetched = {h.path.rsplit("_", 1)[-1].removesuffix(".shtml") for h in srv.hit_log(ARTICLES)}
        state = _db_state(db)
        stored = {k.removeprefix("cnr:") for k in state["keys"]}  # type: ignore[union-attr]
        log = (tmp_path / "run" / "crawl.log").read_text("utf-8", "replace")
        stats = json.loads(stats_file.read_text())
        assert rc == 6, log[-2000:]  # `scrapy crawl` exits with the verdict: interrupted (EXIT_STOPPED)
        assert stop_s < 20, stop_s
        assert "shutting down gracefully" in log
        assert stats["finish_reason"] == "shutdown"
        assert stored <= fetched
        assert len(fetched) < N_ARTICLES, "the crawl ended before the signal"
        # every article response the crawler received before it stopped was processed and committed
        received = stats.get("news/article/status/200", 0)
        assert len(stored) == received == stats.get("news/db/new"), (
            len(stored),
            received,
            stats.get("news/db/new"),
        )
        assert len(stored) >= 20
        print(
            f"\n[fault-sigterm] stopped in {stop_s:.1f}s; {len(stored)} articles received, {len(stored)} committed"
        )
        assert state["runs"][-1][1:] == ("interrupted", "shutdown"), state["runs"]
        assert state["integrity"] == "ok"

        # the next run fetches exactly the rest
        srv.reset_log()
        again = run_crawl("cnr", url, tmp_path / "rerun", args=_site_args(srv), settings=CRASH_SETTINGS)
        assert again.rc == 0
        refetched = {h.path.rsplit("_", 1)[-1].removesuffix(".shtml") for h in srv.hit_log(ARTICLES)}
        assert refetched & stored == set(), "a committed article was fetched again"
        assert _db_state(db)["keys"] == _expected_keys(urls)


def test_exception_in_a_pipeline_fails_that_item_only(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        urls = srv.add_generated_cnr_site(20, poison=[7])
        r = run_crawl(
            "cnr",
            f"sqlite:///{db}",
            tmp_path,
            args=_site_args(srv),
            settings={
                "ITEM_PIPELINES": project_setting_with(
                    "ITEM_PIPELINES", {"tests.support.fault_server.PoisonPipeline": 250}
                )
            },
        )
    assert r.rc == 0, r.log[-2000:]
    state = _db_state(db)
    poisoned = "cnr:600007"
    assert state["keys"] == _expected_keys(urls) - {poisoned}
    assert r.stat("news/item/failed") == 1, {k: v for k, v in r.stats.items() if "fail" in k or "error" in k}
    assert r.stat("news/db/new") == 19
    assert POISON_MARK not in r.log.split("Dumping Scrapy stats")[-1]
    (status, errors), *_ = sqlite3.connect(db).execute("SELECT status, errors FROM crawl_runs").fetchall()
    assert status == "finished" and errors >= 1
