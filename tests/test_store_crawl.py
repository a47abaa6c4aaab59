"""Storage pipeline, crawl_runs recording and incremental crawling, through real Scrapy crawls.

A tiny spider (``tests/support/spiders/mini.py``) crawls a local site served on 127.0.0.1 that answers conditional
requests (ETag / If-None-Match). Each crawl runs in a subprocess (Twisted reactors cannot restart).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.fixtures import SQLITE_ONLY
from tests.support.servers import free_port

# --- the site -----------------------------------------------------------------------------------------


class MiniSite:
    """``/list.html`` links to ``/a/<n>.html``; the list carries an ETag and answers 304."""

    def __init__(self) -> None:
        self.articles: dict[int, str] = {}
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                status, body, headers = site.answer(self.path, self.headers.get("If-None-Match"))
                with site.lock:
                    site.hits[self.path] += 1
                    site.statuses[f"{self.path} {status}"] += 1
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def etag(self) -> str:
        return '"list-' + "-".join(map(str, sorted(self.articles))) + '"'

    def answer(self, path: str, inm: str | None) -> tuple[int, bytes, dict[str, str]]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}
        if path == "/list.html":
            if inm == self.etag():
                return 304, b"", {"ETag": self.etag()}
            links = "".join(f'<a href="/a/{n}.html">{n}</a>' for n in sorted(self.articles))
            return 200, f"<html><body>{links}</body></html>".encode(), {**html, "ETag": self.etag()}
        if path.startswith("/a/") and path.endswith(".html"):
            n = int(path[3:-5])
            if n in self.articles:
                return 200, f"<html><body><p>{self.articles[n]}</p></body></html>".encode(), html
        return 404, b"not found", html

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the crawl: tests/support/spiders/mini.py in a subprocess ---------------------------------------------

MINI = "tests/support/spiders/mini.py"


def crawl(db: str, site_base: str, *, args: dict[str, str] | None = None, **settings: Any) -> CrawlResult:
    with tempfile.TemporaryDirectory() as work:
        result = run_crawl(
            MINI,
            db,
            Path(work),
            args={"base": site_base, **(args or {})},
            settings={
                "ITEM_PIPELINES": {"pipelines.db.storage_pipeline.StoragePipeline": 900},
                "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
                "RETRY_TIMES": 1,
                "NEWS_DB_BATCH_SIZE": 2,
                **settings,
            },
        )
    assert result.rc == 0, result.log[-3000:]
    return result


# --- tests ------------------------------------------------------------------------------------------------


@pytest.fixture()
def site() -> Iterator[MiniSite]:
    s = MiniSite()
    s.articles = {1: "第一篇正文。", 2: "第二篇正文。", 3: "第三篇正文。"}
    yield s
    s.close()


def _runs(db_url: str) -> list[Any]:
    from sqlalchemy.orm import Session

    from pipelines.db.engine import make_engine
    from pipelines.db.models import CrawlRun

    engine = make_engine(db_url)
    with Session(engine) as session:
        rows = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
        session.expunge_all()
    engine.dispose()
    return list(rows)


def _count_articles(db_url: str) -> int:
    from sqlalchemy.orm import Session

    from pipelines.db.engine import make_engine
    from pipelines.db.models import Article

    engine = make_engine(db_url)
    with Session(engine) as session:
        n = session.scalar(select(func.count()).select_from(Article))
    engine.dispose()
    return int(n or 0)


def test_incremental_crawls_and_run_rows(site: MiniSite, db_url: str) -> None:
    db = db_url  # SQLite and PostgreSQL (tests/support/fixtures.py)
    crawl(db, site.base)
    assert _count_articles(db) == 3
    runs = _runs(db)
    assert len(runs) == 1
    r = runs[0]
    assert (r.status, r.finish_reason, r.new, r.updated, r.unchanged, r.items) == (
        "finished",
        "finished",
        3,
        0,
        0,
        3,
    )
    assert r.pid and r.finished_at and r.finished_at >= r.started_at and r.args.get("base") == site.base
    assert r.stats["news/list/ok"] == 1 and r.stats["news/article/ok"] == 3

    # second run: the list is re-read (conditionally: 304), no article page is fetched again
    site.hits.clear()
    crawl(db, site.base)
    assert site.statuses["/list.html 304"] == 1
    assert not [p for p in site.hits if p.startswith("/a/")]
    r = _runs(db)[-1]
    assert (r.status, r.new, r.updated, r.unchanged, r.items) == ("finished", 0, 0, 0, 0)
    assert r.stats["news/list/not_modified"] == 1
    assert _count_articles(db) == 3

    # a new article on the site: the next run fetches and stores exactly it
    site.articles[4] = "第四篇正文。"
    site.hits.clear()
    crawl(db, site.base)
    assert sorted(p for p in site.hits if p.startswith("/a/")) == ["/a/4.html"]
    r = _runs(db)[-1]
    assert (r.status, r.new, r.stats["news/incremental/skipped"]) == ("finished", 1, 3)
    assert _count_articles(db) == 4


def test_refresh_rechecks_recent_articles(site: MiniSite, db_url: str) -> None:
    db = db_url  # SQLite and PostgreSQL (tests/support/fixtures.py)
    site.articles[9] = "最近的文章。"  # the spider dates article 9 a few hours ago
    crawl(db, site.base)
    site.articles[9] = "最近的文章，已更正。"
    site.articles[5] = "新文章。"
    site.hits.clear()
    crawl(db, site.base, args={"refresh": "2"})
    assert sorted(p for p in site.hits if p.startswith("/a/")) == ["/a/5.html", "/a/9.html"]
    r = _runs(db)[-1]
    assert (r.new, r.updated, r.unchanged) == (1, 1, 0)
    # incremental=0 fetches everything again; unchanged articles change nothing
    site.hits.clear()
    crawl(db, site.base, args={"incremental": "0"})
    assert len([p for p in site.hits if p.startswith("/a/")]) == 5
    r = _runs(db)[-1]
    assert (r.new, r.updated, r.unchanged) == (0, 0, 5)


def test_failed_item_counted_rest_stored(site: MiniSite, db_url: str) -> None:
    db = db_url  # SQLite and PostgreSQL (tests/support/fixtures.py)
    crawl(db, site.base, args={"bad": "2"})
    assert _count_articles(db) == 2
    r = _runs(db)[-1]
    assert (r.status, r.new, r.stats["news/db/failed"]) == ("finished", 2, 1)
    assert r.errors >= 1
    # the failed article is not "known": the next run fetches it again (and it fails again)
    site.hits.clear()
    crawl(db, site.base, args={"bad": "2"})
    assert sorted(p for p in site.hits if p.startswith("/a/")) == ["/a/2.html"]
    # ... and with every article failing, the run is a failure
    r = _runs(db)[-1]
    assert (r.status, r.stats["news/run/verdict"]) == ("failed", "all_articles_failed")
    assert "every article failed" in r.error


@SQLITE_ONLY  # PostgreSQL: tests/test_store_runs.py::test_mark_interrupted (no crawl needed)
def test_interrupted_runs_are_marked(site: MiniSite, db_url: str) -> None:
    from sqlalchemy.orm import Session

    from pipelines.db.engine import make_engine
    from pipelines.db.models import CrawlRun

    db = db_url  # SQLite and PostgreSQL (tests/support/fixtures.py)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    engine = make_engine(db)
    with Session(engine) as session, session.begin():
        session.add(CrawlRun(spider="mini", pid=dead.pid, started_at=datetime.now(UTC), status="running"))
        session.add(CrawlRun(spider="mini", pid=os.getpid(), started_at=datetime.now(UTC), status="running"))
    engine.dispose()
    crawl(db, site.base)
    runs = _runs(db)
    assert [r.status for r in runs] == ["interrupted", "running", "finished"]  # pytest itself is alive
    assert "ended without closing" in runs[0].error
    assert runs[2].error is None


def test_unwritable_database_stops_the_crawl(site: MiniSite, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    report = tmp_path / "report.json"
    crawl(f"sqlite:///{blocker / 'news.db'}", site.base, NEWS_RUN_REPORT=str(report))
    rec = json.loads(report.read_text("utf-8"))
    assert rec["finish_reason"] == "db_unwritable"
    assert (rec["status"], rec["problem"], rec["recorded_in_db"]) == ("failed", "db_unwritable", False)
    assert "database unwritable" in rec["error"]
    assert not [p for p in site.hits if p.startswith("/a/")]


@SQLITE_ONLY  # the verdict, not the database, is tested here
def test_site_down_is_a_failed_run(db_url: str) -> None:
    db = db_url
    crawl(db, f"http://127.0.0.1:{free_port()}", RETRY_TIMES=0, NEWS_ROBOTS_RETRY_TIMES=0)
    r = _runs(db)[-1]
    assert (r.status, r.stats["news/run/verdict"], r.pages) == ("failed", "site_unreachable", 0)
    assert r.error.startswith("site unreachable") and "ConnectionRefused" in r.error
