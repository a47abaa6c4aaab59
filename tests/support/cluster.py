"""Crawler processes of a local cluster: the real ``cnr`` spider (``python -m scrapy crawl cnr``) run
as N workers against a generated local site, sharing a Redis frontier and one database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from tests.support.env import project_env
from tests.support.paths import ROOT
from tests.support.site_server import CHANNEL


def crawl_command(frontier: str, db_url: str, base_url: str, **settings: object) -> list[str]:
    """``scrapy crawl cnr`` over the local site, politeness off unless ``settings`` say otherwise."""
    base: dict[str, object] = {
        "NEWS_FRONTIER": frontier,
        "NEWS_DB_URL": db_url,
        "NEWS_CNR_BASE_URL": base_url,
        "NEWS_CNR_CHANNELS": CHANNEL,
        "NEWS_CNR_MAX_LIST_PAGES": 10_000,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
        "NEWS_FRONTIER_LEASE": 5,
        "LOG_LEVEL": "INFO",
    }
    base.update(settings)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "cnr"]
    for k, v in base.items():
        cmd += ["-s", f"{k}={v}"]
    return cmd


def start_workers(n: int, cmd: list[str], logs: Path) -> list[subprocess.Popen[bytes]]:
    logs.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=project_env(),
            stdout=open(logs / f"worker{i}.log", "wb"),
            stderr=subprocess.STDOUT,
        )
        for i in range(n)
    ]


def stored(db_url: str) -> tuple[int, int]:
    """(articles, distinct keys) in the database."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            row = c.execute(text("SELECT count(*), count(DISTINCT key) FROM articles")).one()
            return int(row[0]), int(row[1])
    except ProgrammingError:  # no table yet: the first worker has not made the schema
        return 0, 0
    finally:
        engine.dispose()


def finish_reasons(logs: Path) -> list[str]:
    out = []
    for log in sorted(logs.glob("worker*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if "'finish_reason':" in line:
                out.append(line.split("'finish_reason':", 1)[1].strip(" ',"))
    return out
