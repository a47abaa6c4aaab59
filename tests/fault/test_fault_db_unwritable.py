"""Fault suite, database unwritable (issue 8): a read-only database file and a full disk, through
``cnr-news cron`` (the unattended entry point, whose exit status a scheduler sees).

Asserted: a non-zero exit status (``EXIT_DB``), the reason on stderr, and no corruption
(``PRAGMA integrity_check`` ok; every stored article complete with its raw page).

The full disk is SQLite's own size limit, ``PRAGMA max_page_count``, set on every connection the
crawl opens by a ``sitecustomize`` hook in the child's ``PYTHONPATH`` — the same ``SQLITE_FULL``
("database or disk is full") a full filesystem gives, without mounting one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cron.outcome import EXIT_DB
from tests.support.crawl import FAST, child_env, setting_args
from tests.support.fault_server import FaultServer
from tests.support.paths import ROOT

# real crawls in subprocesses: seconds each (CI runs them too)
pytestmark = pytest.mark.slow

SIZE_HOOK = """
import os
_pages = os.environ.get("FAULT_SQLITE_MAX_PAGES")
if _pages:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _fault_size_limit(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA max_page_count={int(_pages)}")
        cur.close()
"""


def _cron(srv: FaultServer, db: Path, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    settings = {k: v for k, v in FAST.items() if k != "STATS_CLASS"} | {"NEWS_DB_BATCH_SIZE": "5"}
    cmd = [sys.executable, "-m", "pipelines", "cron", "--db", f"sqlite:///{db}", "--log-dir", str(work)]
    cmd += setting_args(settings)
    cmd += ["cnr", "--", f"base={srv.base_url}/", "channels=sd", "max_list_pages=20"]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _nearly_full_disk(srv: FaultServer, db: Path, tmp_path: Path) -> dict[str, str]:
    """A 300-article site on ``srv``, the database's schema made, and the environment of a crawl for
    which the database has room for a few dozen articles only (pages of 4 KiB: SQLITE_FULL after)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SIZE_HOOK)
    srv.set_robots("User-agent: *\nAllow: /\n")
    srv.add_generated_cnr_site(300)
    from pipelines.db.engine import make_engine

    make_engine(f"sqlite:///{db}").dispose()
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = con.execute("PRAGMA page_count").fetchone()[0]
    env = child_env({"FAULT_SQLITE_MAX_PAGES": str(size + 40)})
    env["PYTHONPATH"] = os.pathsep.join([str(hook), env["PYTHONPATH"]])
    return env


def _check_intact(db: Path) -> int:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.article_pk = a.id)"
        ).fetchone()[0]
        assert orphans == 0, "an article was stored without its raw page"
    return n


def _make_readonly(path: Path) -> bool:
    """Make ``path`` unwritable even for root (chattr +i); False when this system cannot."""
    path.chmod(0o444)
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    try:
        with sqlite3.connect(f"file:{path}?mode=rw", uri=True) as con:
            con.execute("CREATE TABLE fault_probe (x)")
    except sqlite3.OperationalError:
        return True
    return False


def test_readonly_database_exits_nonzero_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with FaultServer() as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        srv.add_generated_cnr_site(20)
        first = _cron(srv, db, tmp_path / "logs1", child_env())
        assert first.returncode == 0, first.stderr[-2000:]
        stored = _check_intact(db)
        assert stored == 20
        # checkpoint the WAL into the file, so the read-only file holds everything
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if not _make_readonly(db):
            pytest.skip("cannot make a file read-only for this user here")
        try:
            srv.add_generated_cnr_site(30)  # new articles to store
            r = _cron(srv, db, tmp_path / "logs2", child_env())
        finally:
            if os.geteuid() == 0 and shutil.which("chattr"):
                subprocess.run(["chattr", "-i", str(db)], capture_output=True)
            db.chmod(0o644)
    assert r.returncode == EXIT_DB, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    assert "readonly database" in r.stderr.lower() or "read-only" in r.stderr.lower(), r.stderr[-1000:]
    assert _check_intact(db) == stored


def test_full_disk_exits_nonzero_with_the_reason_and_no_corruption(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with FaultServer() as srv:
        env = _nearly_full_disk(srv, db, tmp_path)
        r = _cron(srv, db, tmp_path / "logs", env)
    assert r.returncode == EXIT_DB, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    assert "disk is full" in r.stderr.lower(), r.stderr[-1000:]
    stored = _check_intact(db)
    assert 0 < stored < 300, stored  # some batches fitted, the rest was refused whole


def test_plain_scrapy_crawl_on_a_full_disk_exits_nonzero(tmp_path: Path) -> None:
    """Issue 18, point 7: not only cron — ``scrapy crawl cnr`` itself says the disk is full (exit 4)."""
    db = tmp_path / "news.db"
    with FaultServer() as srv:
        env = _nearly_full_disk(srv, db, tmp_path)
        settings = {k: v for k, v in FAST.items() if k != "STATS_CLASS"}
        settings |= {"NEWS_DB_BATCH_SIZE": "5", "NEWS_DB_URL": f"sqlite:///{db}"}
        cmd = [sys.executable, "-m", "scrapy", "crawl", "cnr", *setting_args(settings)]
        cmd += ["-a", f"base={srv.base_url}/", "-a", "channels=sd", "-a", "max_list_pages=20"]
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == EXIT_DB, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr.split("crawl failed")[-1]
    assert "disk is full" in r.stderr.lower(), r.stderr[-1000:]
    assert 0 < _check_intact(db) < 300
