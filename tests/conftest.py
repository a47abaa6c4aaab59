"""Shared test fixtures. ``../shared`` is read in place; tests that need it skip when absent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fixtures import db_url, pg_server, redis_server  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CNR_NEWS = [sys.executable, "-m", "pipelines"]  # the ``cnr-news`` console script, from this checkout


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip the calling test with a clear reason."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared not available ({p} missing)")
    return p


def sql_rows(db: Path, sql: str) -> list[tuple]:
    """All rows of ``sql`` run on the SQLite file ``db``."""
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def project_env(*unset: str, **extra: str) -> dict[str, str]:
    """The environment for a child process of the project: this checkout first on ``PYTHONPATH``,
    127.0.0.1 never proxied, ``NEWS_DB_URL`` and the ``unset`` variables removed (so the outer shell
    cannot leak in), plus ``extra``."""
    env = {**os.environ, **extra, "no_proxy": "127.0.0.1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    for name in ("NEWS_DB_URL", *unset):
        env.pop(name, None)
    return env


def run_cnr_news(
    *argv: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``cnr-news ARGV`` in a subprocess (``project_env()`` unless ``env``); its output as text."""
    return subprocess.run(
        [*CNR_NEWS, *argv],
        cwd=cwd,
        env=project_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
