"""The crawl as a child process: its command and environment, the time limit, signal forwarding."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding crawler/ and pipelines/
TERM_GRACE_S = 30.0  # after SIGTERM at the hard limit, wait this long before SIGKILL


@dataclass
class ChildResult:
    pid: int
    returncode: int
    killed: bool  # hit the hard limit
    stopped: bool  # cron itself was asked to stop and passed it on
    seconds: float


def spider_names(settings: dict[str, str]) -> list[str]:
    """The spiders ``scrapy crawl`` would know, with the project settings and ``-s`` overrides."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    s = Settings()
    s.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "crawler.settings", priority="project")
    s.setdict(settings, priority="cmdline")
    return sorted(get_spider_loader(s).list())


def crawl_command(
    spider: str,
    *,
    db_url: str,
    log_file: Path,
    report: Path,
    timeout_s: int,
    max_errors: int,
    extra_args: Sequence[str] = (),
) -> list[str]:
    """``python -m scrapy crawl SPIDER`` with the settings cron owns, then ``extra_args``. The database
    URL is not among them: it may hold a password, and a command line is readable by every local user
    (``ps``, ``/proc/*/cmdline``), so it reaches the crawl through the environment (:func:`child_env`).
    ``db_url`` is accepted for the signature's sake and never put on the command line."""
    del db_url
    owned = {
        "LOG_FILE": log_file,
        "CLOSESPIDER_TIMEOUT": timeout_s,
        "NEWS_RUN_REPORT": report,
        "NEWS_MAX_ERRORS": max_errors,
    }
    settings = [x for name, value in owned.items() for x in ("-s", f"{name}={value}")]
    return [sys.executable, "-m", "scrapy", "crawl", spider, *settings, *extra_args]


def child_env(db_url: str) -> dict[str, str]:
    """This process's environment, with the database URL, the Scrapy settings module and the project
    on ``PYTHONPATH``."""
    env = dict(os.environ)
    env["NEWS_DB_URL"] = db_url
    env.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    return env


def run_child(
    cmd: list[str], env: dict[str, str], log_file: Path, *, hard_limit_s: float, pass_fds: Sequence[int] = ()
) -> ChildResult:
    """Run the crawl; SIGTERM/SIGINT to cron are passed on once (the child has its own session, so
    a terminal's Ctrl-C does not reach it twice: a second signal would make Scrapy stop uncleanly).
    At ``hard_limit_s`` the child gets SIGTERM, :data:`TERM_GRACE_S` later SIGKILL.
    ``pass_fds``: the lock's descriptor, so the lock stays held while an orphaned child lives on."""
    stop_requested = False
    t0 = time.monotonic()
    with open(log_file, "ab") as out:
        child = subprocess.Popen(
            cmd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=tuple(pass_fds),
        )

        def forward(signum: int, _frame: Any) -> None:
            nonlocal stop_requested
            if stop_requested:
                return
            stop_requested = True
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)

        old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
        killed = False
        try:
            try:
                child.wait(timeout=hard_limit_s)
            except subprocess.TimeoutExpired:
                killed = True
                child.send_signal(signal.SIGTERM)  # Scrapy's graceful shutdown
                try:
                    child.wait(timeout=TERM_GRACE_S)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
    return ChildResult(child.pid, child.returncode, killed, stop_requested, time.monotonic() - t0)
