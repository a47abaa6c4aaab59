"""The run verdict (``assess_run``) and the interrupted-run marking, as pure functions."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.engine import make_engine, make_readonly_engine
from pipelines.db.incremental_middleware import load_known
from pipelines.db.models import CrawlRun
from pipelines.db.run_recorder import assess_run, mark_interrupted, run_counts
from pipelines.db.store import is_unwritable_error, probe_writable

HEALTHY = {
    "downloader/response_count": 30,
    "response_received_count": 30,
    "item_scraped_count": 12,
    "news/db/new": 10,
    "news/db/unchanged": 2,
    "news/list/requests": 5,
    "news/list/ok": 5,
    "news/article/ok": 12,
}


def test_verdicts() -> None:
    assert assess_run(HEALTHY, "finished").status == "finished"
    assert assess_run(HEALTHY, "closespider_timeout").status == "finished"
    # an incremental run that found nothing new is healthy
    quiet = {
        "downloader/response_count": 6,
        "news/list/requests": 5,
        "news/list/ok": 5,
        "news/incremental/skipped": 40,
    }
    assert assess_run(quiet, "finished").status == "finished"
    down = {
        "downloader/exception_count": 8,
        "downloader/exception_type_count/twisted.internet.error.ConnectionRefusedError": 8,
        "news/list/requests": 5,
        "news/list/failed": 5,
    }
    v = assess_run(down, "finished")
    assert (v.status, v.problem) == ("failed", "site_unreachable") and "ConnectionRefusedError×8" in v.message
    all_failed = {
        "downloader/response_count": 20,
        "news/list/requests": 5,
        "news/list/ok": 5,
        "news/article/failed": 15,
    }
    assert assess_run(all_failed, "finished").problem == "all_articles_failed"
    db_failed = {**HEALTHY, "news/db/new": 0, "news/db/unchanged": 0, "news/db/failed": 12}
    assert assess_run(db_failed, "finished").problem == "all_articles_failed"
    # the database went away mid-crawl (PostgreSQL restarted): a batch lost, later ones stored
    conn_lost = {**HEALTHY, "news/db/failed": 50, "news/db/connection_lost": 1}
    v = assess_run(conn_lost, "finished")
    assert (v.status, v.problem) == ("failed", "db_connection_lost") and "50 articles not stored" in v.message
    lists_503 = {
        "downloader/response_count": 6,
        "news/list/requests": 5,
        "news/list/status/503": 5,
        "news/list/failed": 5,
    }
    v = assess_run(lists_503, "finished")
    assert v.problem == "no_usable_lists" and "503×5" in v.message
    no_links = {"downloader/response_count": 6, "news/list/requests": 5, "news/list/ok": 5}
    v = assess_run(no_links, "finished")
    assert v.problem == "no_usable_lists" and "not one article link" in v.message
    all_304 = {**no_links, "news/list/not_modified": 5}
    assert assess_run(all_304, "finished").status == "finished"
    # a cluster's worker that read a list after another had claimed all its articles, and one that read
    # only the homepage (no article links) while the others read the channels: the run found them
    for found_elsewhere in ("news/duplicate_article", "news/frontier/run_articles"):
        assert assess_run({**no_links, found_elsewhere: 12}, "finished").status == "finished"
    noisy = {**HEALTHY, "log_count/ERROR": 101}
    assert assess_run(noisy, "finished").problem == "too_many_errors"
    assert assess_run(noisy, "finished", max_errors=200).status == "finished"
    assert assess_run(noisy, "finished", max_errors=-1).status == "finished"
    unwritable = {**HEALTHY, "news/db/unwritable": 1, "news/db/error": "database unwritable (x): disk full"}
    v = assess_run(unwritable, "db_unwritable")
    assert v.problem == "db_unwritable" and "disk full" in v.message
    assert assess_run(HEALTHY, "shutdown").status == "interrupted"
    assert assess_run(HEALTHY, "memusage_exceeded").status == "failed"
    assert run_counts(HEALTHY) == {
        "pages": 30,
        "items": 12,
        "new": 10,
        "updated": 0,
        "unchanged": 2,
        "dropped": 0,
        "errors": 0,
    }


def test_mark_interrupted(db_url: str) -> None:
    engine = make_engine(db_url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    now = datetime.now(UTC)
    with Session(engine) as s, s.begin():
        s.add_all(
            [
                CrawlRun(spider="a", pid=dead.pid, started_at=now, status="running"),
                CrawlRun(spider="b", pid=os.getppid(), started_at=now, status="running"),  # alive, older
                CrawlRun(
                    spider="c", pid=dead.pid, started_at=now, status="running", stats={"host": "elsewhere"}
                ),
                CrawlRun(spider="d", pid=dead.pid, started_at=now, status="finished"),
            ]
        )
    with Session(engine) as s, s.begin():
        marked = mark_interrupted(s, host=socket.gethostname(), by_run=99)
    with Session(engine) as s:
        status = dict(s.execute(select(CrawlRun.spider, CrawlRun.status)).all())
    assert status == {"a": "interrupted", "b": "running", "c": "running", "d": "finished"}
    assert len(marked) == 1
    engine.dispose()


def test_probe_and_error_classes(db_url: str) -> None:
    url = db_url
    probe_writable(make_engine(url))
    if url.startswith("sqlite:///"):
        ro = make_engine(f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true")
    else:  # every transaction READ ONLY
        ro = make_readonly_engine(url)
    try:
        probe_writable(ro)
    except Exception as exc:
        assert is_unwritable_error(exc)
    else:  # pragma: no cover
        raise AssertionError("a read-only database passed the write probe")
    assert not is_unwritable_error(ValueError("bad mention"))
    known, n = load_known(make_engine(url))
    assert (known, n) == (set(), 0)


def test_template_drift_degrades_a_cnr_run() -> None:
    from pipelines.cron.outcome import EXIT_CODES, EXIT_DEGRADED, exit_code_for

    stats = {**HEALTHY, "news/template/cnr-2023": 2, "news/template/generic": 4}
    v = assess_run(stats, "finished", max_generic_share=0.5)
    assert (v.status, v.problem) == ("degraded", "template_drift")
    assert "4 of 6 articles (67%)" in (v.message or "")
    assert assess_run(stats, "finished", max_generic_share=0.7).status == "finished"
    assert assess_run(stats, "finished").status == "finished"  # not judged (the news spider)
    few = {**HEALTHY, "news/template/generic": 3}  # too few articles to call it a template change
    assert assess_run(few, "finished", max_generic_share=0.5).status == "finished"
    assert exit_code_for({"status": v.status, "problem": v.problem}) == EXIT_DEGRADED == 7
    assert "generic extractor" in EXIT_CODES[EXIT_DEGRADED]


def test_a_stopped_run_is_interrupted_whatever_else_failed() -> None:
    no_network = {"downloader/exception_count": 4, "news/robots/unavailable": 1}
    assert assess_run(no_network, "finished").problem == "site_unreachable"
    assert assess_run(no_network, "shutdown").status == "interrupted"
