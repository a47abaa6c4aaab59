"""The one way tests run a crawl: ``scrapy crawl SPIDER`` (or ``scrapy runspider FILE`` for a spider
that exists only for tests) in a fresh subprocess — Twisted reactors cannot restart — with the
project settings, :data:`FAST` and the test's overrides; the final stats come back as JSON.

::

    result = run_crawl("cnr", db_url, tmp_path, args={"base": site.base_url})
    assert result.rc == 0, result.log[-3000:]
    result.stat("item_scraped_count")
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.support.env import project_env
from tests.support.paths import ROOT

# The settings of every test crawl: politeness off (the servers are local), a small retry budget,
# the final stats written as JSON. The project's defaults stay polite. (The fault suite shortens
# DOWNLOAD_TIMEOUT for its slow routes: tests/fault/conftest.py.)
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_TIMES": 2,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "INFO",
    "STATS_CLASS": "tests.support.stats.JsonStatsCollector",
}


def setting_args(settings: dict[str, Any]) -> list[str]:
    """``-s NAME=VALUE`` arguments (dicts and lists as JSON, booleans as 0/1)."""
    out: list[str] = []
    for name, value in settings.items():
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, dict | list):
            value = json.dumps(value)
        out += ["-s", f"{name}={value}"]
    return out


@dataclass
class CrawlResult:
    rc: int
    log: str  # stdout + stderr (Scrapy logs to stderr)
    stats: dict[str, object]
    peak_rss_mb: float
    wall_s: float

    def stat(self, key: str, default: int = 0) -> int:
        v = self.stats.get(key, default)
        return int(v) if isinstance(v, int | float) else default


def crawl_command(
    spider: str, *, args: dict[str, str] | None = None, settings: dict[str, Any] | None = None
) -> list[str]:
    """The command line: a project spider's name, or the path of a test spider's file."""
    if spider.endswith(".py"):
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / spider)]
    else:
        cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for k, v in (args or {}).items():
        cmd += ["-a", f"{k}={v}"]
    return cmd + setting_args({**FAST, **(settings or {})})


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a crawl subprocess (:func:`tests.support.env.project_env`) plus ``extra``."""
    return project_env(**(extra or {}))


def start_process(
    cmd: list[str], workdir: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    workdir.mkdir(parents=True, exist_ok=True)
    logf = open(workdir / "crawl.log", "ab")  # noqa: SIM115 - closed by wait_process
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logf, stderr=subprocess.STDOUT)
    return proc, logf


def wait_process(proc: subprocess.Popen[bytes], logf: IO[bytes], timeout: float) -> tuple[int, float]:
    """Wait for ``proc`` (killing it after ``timeout``); (exit status, peak RSS in MB) via wait4."""
    deadline = time.monotonic() + timeout
    pid = proc.pid
    while True:
        try:
            wpid, status, rusage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:  # already reaped (Popen.poll): no rusage
            logf.close()
            return int(proc.returncode or 0), 0.0
        if wpid == pid:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            wpid, status, rusage = os.wait4(pid, 0)
            break
        time.sleep(0.05)
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc
    logf.close()
    return rc, rusage.ru_maxrss / 1024.0


def run_crawl(
    spider: str,
    db_url: str | None,
    workdir: Path,
    *,
    args: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> CrawlResult:
    """Run the crawl into ``db_url`` (None: the environment's or the default) in a subprocess;
    its exit status, log and final stats."""
    workdir.mkdir(parents=True, exist_ok=True)
    stats_file = workdir / "stats.json"
    stats_file.unlink(missing_ok=True)
    s: dict[str, Any] = {"TEST_STATS_FILE": str(stats_file), **(settings or {})}
    if db_url is not None:
        s["NEWS_DB_URL"] = db_url
    cmd = crawl_command(spider, args=args, settings=s)
    t0 = time.monotonic()
    proc, logf = start_process(cmd, workdir, child_env(env))
    rc, rss = wait_process(proc, logf, timeout)
    wall = time.monotonic() - t0
    log = (workdir / "crawl.log").read_text("utf-8", "replace")
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    return CrawlResult(rc, log, stats, rss, wall)


def proxied_crawl(
    spider: str,
    db: Path,
    args: dict[str, str],
    settings: dict[str, Any] | None,
    proxy_url: str,
) -> dict[str, Any]:
    """Crawl into the SQLite file ``db`` with every off-site request sent to the counting proxy at
    ``proxy_url`` (no retries); the final stats (the crawl must exit 0 and write them)."""
    env = {"http_proxy": proxy_url, "https_proxy": proxy_url, "no_proxy": "127.0.0.1"}
    result = run_crawl(
        spider,
        f"sqlite:///{db}",
        db.parent / f"crawl-{db.stem}",
        args=args,
        settings={"RETRY_TIMES": 0, **(settings or {})},
        env=env,
    )
    assert result.rc == 0, result.log[-4000:]
    assert result.stats, result.log[-4000:]
    return result.stats
