"""A run's verdict: read back from ``crawl_runs`` (or the JSON run report), as an exit code and a line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1  # the run failed: every article failed, no usable list, too many errors, crash
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3  # the site could not be reached at all
EXIT_DB = 4  # the database could not be written (or its schema is behind: `cnr-news db upgrade`)
EXIT_KILLED = 5  # still running at the hard time limit: killed
EXIT_STOPPED = 6  # stopped by a signal before the end (SIGTERM/SIGINT to cron or the crawl)
EXIT_DEGRADED = 7  # finished, but too many articles fell back to the generic extractor (template drift)
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; nothing was done

EXIT_CODES = {
    EXIT_OK: "the crawl finished and looks healthy",
    EXIT_FAILED: "the crawl failed (every article failed, no usable list page, too many errors, crash)",
    EXIT_USAGE: "bad command line",
    EXIT_UNREACHABLE: "site unreachable (no response at all)",
    EXIT_DB: "database unwritable, or its schema is behind (run `cnr-news db upgrade`)",
    EXIT_KILLED: "hit the hard time limit and was killed",
    EXIT_STOPPED: "stopped by a signal before the end",
    EXIT_DEGRADED: "degraded: more than NEWS_CNR_MAX_GENERIC_SHARE of the articles needed the generic extractor",
    EXIT_LOCKED: "another cnr-news cron run holds the lock (nothing done)",
}
# verdict problem (pipelines.db.run_recorder.PROBLEMS) -> exit code
PROBLEM_EXIT = {
    "db_unwritable": EXIT_DB,
    "site_unreachable": EXIT_UNREACHABLE,
    "stopped": EXIT_STOPPED,
    "killed": EXIT_KILLED,
    "template_drift": EXIT_DEGRADED,
}
SKIPPED_STAT = "news/incremental/skipped"  # the crawl stat: article URLs skipped as already stored
GENERIC_SHARE_STAT = "news/run/generic_share"  # share of articles read by the generic extractor


def read_run(db_url: str, pid: int, since: datetime, *, killed_note: str | None) -> dict[str, Any] | None:
    """The child's ``crawl_runs`` row as a dict (marked, when ``killed_note``, if left running)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from pipelines.db.engine import make_engine
    from pipelines.db.models import CrawlRun

    engine = make_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            run = session.scalar(
                select(CrawlRun)
                .where(CrawlRun.pid == pid, CrawlRun.started_at >= since - timedelta(seconds=5))
                .order_by(CrawlRun.id.desc())
            )
            if run is None:
                return None
            if killed_note and run.status != "finished":
                if run.status == "running":  # SIGKILL: the crawl could not close its own row
                    run.finish_reason = "killed"
                    run.finished_at = datetime.now(UTC)
                run.error = killed_note + (f"; {run.error}" if run.error else "")
                run.status = "failed"
            stats = dict(run.stats or {})
            return {
                "run_id": run.id,
                "status": run.status,
                "finish_reason": run.finish_reason,
                "error": run.error,
                "problem": "killed" if killed_note else stats.get("news/run/verdict"),
                "pages": run.pages,
                "items": run.items,
                "new": run.new,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "dropped": run.dropped,
                "errors": run.errors,
                "skipped": stats.get(SKIPPED_STAT, 0),
                "generic_share": stats.get(GENERIC_SHARE_STAT),
            }
    finally:
        engine.dispose()


def read_report(path: Path) -> dict[str, Any] | None:
    """The JSON run report the crawl writes when it cannot write ``crawl_runs`` (None: none, unreadable)."""
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text("utf-8"))
        record.setdefault("skipped", (record.get("stats") or {}).get(SKIPPED_STAT, 0))
        record.setdefault("generic_share", (record.get("stats") or {}).get(GENERIC_SHARE_STAT))
    except (OSError, ValueError):
        return None
    return record


def exit_code_for(record: dict[str, Any]) -> int:
    status = record.get("status")
    problem = record.get("problem")
    if status == "finished":
        return EXIT_OK
    if problem in PROBLEM_EXIT:
        return PROBLEM_EXIT[problem]
    if status == "interrupted":
        return EXIT_STOPPED
    if status == "degraded":
        return EXIT_DEGRADED
    return EXIT_FAILED


def summary(record: dict[str, Any]) -> str:
    share = record.get("generic_share")
    drift = f"; generic extractor {share:.0%} of articles" if isinstance(share, int | float) else ""
    return (
        "run {run_id}: {status} ({finish_reason}); pages {pages}, items {items}, new {new}, updated {updated}, "
        "unchanged {unchanged}, skipped {skipped}, dropped {dropped}, errors {errors}"
    ).format(
        **{k: record.get(k, "?") for k in ("run_id", "status", "finish_reason", "pages", "items", "new")}
        | {k: record.get(k, 0) for k in ("updated", "unchanged", "skipped", "dropped", "errors")}
    ) + drift
