"""``scrapy crawl`` (pipelines/commands/crawl.py): an exit status from the run's verdict, a progress
line while nothing happens, a prompt stop on SIGTERM. Real ``python -m scrapy crawl cnr`` processes
against 127.0.0.1 (an unroutable local port stands for "no network")."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.cron.outcome import EXIT_DEGRADED, EXIT_OK, EXIT_STOPPED, EXIT_UNREACHABLE
from tests.support.env import project_env, sql_rows
from tests.support.paths import FIXTURES, ROOT
from tests.support.servers import FixtureServer, free_port

pytestmark = pytest.mark.slow

SITE = FIXTURES / "cnr_site"
MANIFEST = json.loads((SITE / "manifest.json").read_text("utf-8"))


def scrapy_crawl(db: Path, *args: str, **settings: object) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "cnr", "-s", f"NEWS_DB_URL=sqlite:///{db}"]
    for k, v in {"LOG_LEVEL": "INFO", **settings}.items():
        cmd += ["-s", f"{k}={v}"]
    for a in args:
        cmd += ["-a", a]
    return cmd


def run(cmd: list[str], timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=project_env(), capture_output=True, text=True, timeout=timeout)
    return proc, time.monotonic() - t0


def runs(db: Path) -> list[tuple]:
    return sql_rows(db, "select status, finish_reason, error, stats from crawl_runs")


def test_no_network_exits_nonzero_within_the_retry_budget_and_says_why(tmp_path: Path) -> None:
    port = free_port()  # nothing listens: every connection is refused
    db = tmp_path / "news.db"
    proc, took = run(
        scrapy_crawl(
            db,
            f"base=http://127.0.0.1:{port}/",
            NEWS_ROBOTS_RETRY_TIMES=2,
            NEWS_ROBOTS_RETRY_DELAY=0.5,  # retry budget: 0.5 + 1 = 1.5 s
            NEWS_PROGRESS_INTERVAL=0.4,
        )
    )
    assert proc.returncode == EXIT_UNREACHABLE, proc.stderr[-3000:]
    assert took < 60, took
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("crawl failed (exit 3") and "site unreachable" in last, last
    assert "robots.txt never answered" in last
    # a progress line while nothing was fetched, saying what the crawl waits for
    assert f"waiting for robots.txt of 127.0.0.1:{port}: attempt 2/3 in" in proc.stderr
    ((status, _, error, stats),) = runs(db)
    assert status == "failed" and "site unreachable" in error
    stats = json.loads(stats)
    assert "robotstxt/forbidden" not in stats  # no robots verdict was made
    assert stats["news/robots/unreached"] >= 1 and stats["news/robots/unavailable"] == 1


def _wait_for(
    proc: subprocess.Popen[str], log: Path, ready: str | Callable[[], bool], timeout: float = 60
) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if ready() if callable(ready) else ready in log.read_text("utf-8", errors="replace"):
            return
        if proc.poll() is not None:
            pytest.fail(f"crawl ended early: {log.read_text('utf-8')[-3000:]}")
        time.sleep(0.1)
    pytest.fail(f"never ready ({ready!r})")


def _sigterm(cmd: list[str], log: Path, ready: str | Callable[[], bool]) -> tuple[int, float]:
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=project_env(), stdout=out, stderr=subprocess.STDOUT, text=True
        )
        try:
            _wait_for(proc, log, ready)
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=30)
            return rc, time.monotonic() - t0
        finally:
            if proc.poll() is None:
                proc.kill()


def test_sigterm_while_waiting_for_robots_stops_within_2s_as_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    cmd = scrapy_crawl(db, f"base=http://127.0.0.1:{free_port()}/", NEWS_ROBOTS_RETRY_DELAY=60)
    rc, took = _sigterm(cmd, tmp_path / "crawl.log", "attempt 1/4 failed")
    assert rc == EXIT_STOPPED, (tmp_path / "crawl.log").read_text()[-3000:]
    assert took < 2.0, f"took {took:.2f} s to stop"
    ((status, reason, _, stats),) = runs(db)
    assert (status, reason) == ("interrupted", "shutdown")
    assert "robotstxt/forbidden" not in json.loads(stats)


def test_sigterm_with_a_download_hanging_is_cut_short(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with FixtureServer(SITE) as srv:
        srv.set_route("/robots.txt", body="User-agent: *\n", delay=30)  # never answers in time
        cmd = scrapy_crawl(db, f"base={srv.base_url}", NEWS_STOP_GRACE=1.0, DOWNLOAD_TIMEOUT=60)
        rc, took = _sigterm(cmd, tmp_path / "crawl.log", lambda: srv.hits["/robots.txt"] > 0)
    log = (tmp_path / "crawl.log").read_text()
    assert rc == EXIT_STOPPED, log[-3000:]
    assert took < 2.0, f"took {took:.2f} s to stop"
    assert "did not close within" in log
    ((status, reason, _, _),) = runs(db)
    assert (status, reason) == ("interrupted", "shutdown")


def test_healthy_crawl_exits_0(tmp_path: Path) -> None:
    url = next(a["url"] for a in MANIFEST["articles"] if a["template"] == "cnr-2023")
    with FixtureServer(SITE) as srv:
        proc, _ = run(scrapy_crawl(tmp_path / "news.db", f"base={srv.base_url}", f"urls={url}"))
    assert proc.returncode == EXIT_OK, proc.stderr[-3000:]
    assert [r[0] for r in runs(tmp_path / "news.db")] == ["finished"]


def test_template_drift_makes_the_run_degraded(tmp_path: Path) -> None:
    """The fixture site has 1 generic article in 21: above a 1 % threshold the run is degraded."""
    db = tmp_path / "news.db"
    with FixtureServer(SITE) as srv, FixtureServer(SITE, redirect_to=srv.base_url) as http:
        proc, _ = run(
            scrapy_crawl(
                db,
                f"base={srv.base_url}",
                f"http_base={http.base_url}",
                NEWS_CNR_MAX_GENERIC_SHARE=0.01,
                DOWNLOAD_DELAY=0,
                AUTOTHROTTLE_ENABLED=False,
                CONCURRENT_REQUESTS_PER_DOMAIN=8,
            )
        )
    assert proc.returncode == EXIT_DEGRADED, proc.stderr[-3000:]
    assert "generic extractor" in proc.stderr.strip().splitlines()[-1]
    ((status, _, error, stats),) = runs(db)
    stats = json.loads(stats)
    n = len(MANIFEST["articles"])
    generic = sum(a["template"] == "generic" for a in MANIFEST["articles"])
    assert status == "degraded" and f"{generic} of {n} articles" in error
    assert stats["news/run/generic_articles"] == generic and stats["news/run/template_articles"] == n
    assert stats["news/run/generic_share"] == round(generic / n, 4)
