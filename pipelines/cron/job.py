"""One scheduled run from start to exit code: lock, database check, the crawl child, its verdict."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.cron.child import child_env, crawl_command, run_child
from pipelines.cron.lock import LockHeld, default_lock_path, run_lock
from pipelines.cron.logs import CronLog, log_tail, run_log_path
from pipelines.cron.outcome import (
    EXIT_DB,
    EXIT_FAILED,
    EXIT_KILLED,
    EXIT_LOCKED,
    EXIT_OK,
    exit_code_for,
    read_report,
    read_run,
    summary,
)


@dataclass
class CronJob:
    """What one run does; checked already (``cnr-news cron`` turns its command line into one)."""

    spider: str
    db_url: str  # absolute (see pipelines.cron.dburl.absolute_db_url)
    log_dir: Path  # absolute; created if missing
    timeout_min: float = 60.0  # graceful stop (CLOSESPIDER_TIMEOUT)
    kill_after_s: float = 300.0  # after the graceful stop: SIGTERM, then SIGKILL
    max_errors: int = 100
    lock_path: Path | None = None  # None: pipelines.cron.lock.default_lock_path
    extra_args: list[str] = field(default_factory=list)  # more ``scrapy crawl`` arguments (-a/-s pairs)


def run_job(job: CronJob) -> int:
    """Run ``job`` under its lock; the exit status (pipelines.cron.outcome.EXIT_*)."""
    from pipelines.db.engine import safe_url

    try:
        job.log_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"cnr-news cron: cannot create the log folder {job.log_dir}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    cron_log = CronLog(job.log_dir)
    lock_path = job.lock_path or default_lock_path(job.db_url, job.log_dir)
    try:
        with run_lock(lock_path) as lock:
            try:
                return _locked_run(job, cron_log, lock.fileno())
            except OSError as exc:  # a file of the run itself (its log, its report), not the lock
                cron_log.write(f"the run could not start: {type(exc).__name__}: {exc}", stderr=True)
                return EXIT_FAILED
    except LockHeld as held:
        cron_log.write(
            f"another run is in progress ({held.holder or 'unknown holder'}; lock {held.path}): exiting",
            stderr=True,
        )
        return EXIT_LOCKED
    except OSError as exc:
        cron_log.write(
            f"database unwritable: cannot take the lock {lock_path} for {safe_url(job.db_url)}: {exc}",
            stderr=True,
        )
        return EXIT_DB


def _locked_run(job: CronJob, cron_log: CronLog, lock_fd: int) -> int:
    from pipelines.db.engine import make_engine, safe_url
    from pipelines.db.schema import SchemaError
    from pipelines.db.store import probe_writable

    try:
        engine = make_engine(job.db_url)  # a new database is created at head; one behind is refused
        try:
            probe_writable(engine)
        finally:
            engine.dispose()
    except SchemaError as exc:  # the message names `cnr-news db upgrade`
        cron_log.write(f"database not usable: {exc}", stderr=True)
        return EXIT_DB
    except Exception as exc:
        cron_log.write(
            f"database unwritable ({safe_url(job.db_url)}): {type(exc).__name__}: {exc}", stderr=True
        )
        return EXIT_DB

    started = datetime.now(UTC)
    log_file = run_log_path(job.log_dir, job.spider, started)
    report = log_file.with_suffix(".json")
    timeout_s = max(1, round(job.timeout_min * 60))
    cmd = crawl_command(
        job.spider,
        db_url=job.db_url,
        log_file=log_file,
        report=report,
        timeout_s=timeout_s,
        max_errors=job.max_errors,
        extra_args=job.extra_args,
    )
    cron_log.write(f"starting {job.spider} (timeout {job.timeout_min:g} min) -> {log_file}")
    result = run_child(
        cmd, child_env(job.db_url), log_file, hard_limit_s=timeout_s + job.kill_after_s, pass_fds=(lock_fd,)
    )
    killed_note = (
        f"killed by cnr-news cron: still running {job.kill_after_s:g} s after the {job.timeout_min:g} min limit"
        if result.killed
        else None
    )

    record: dict[str, Any] | None = None
    try:
        record = read_run(job.db_url, result.pid, started, killed_note=killed_note)
    except Exception as exc:
        cron_log.write(f"could not read the run from the database: {type(exc).__name__}: {exc}")
    if record is None:
        record = read_report(report)
    if record is None:
        reason = killed_note or f"the crawl did not start or crashed (exit status {result.returncode})"
        cron_log.write(f"{reason}; see {log_file}", stderr=True)
        tail = log_tail(log_file)
        if tail:
            print(tail, file=sys.stderr)
        return EXIT_KILLED if result.killed else EXIT_FAILED
    if result.killed:
        record["problem"] = "killed"
        record["status"] = "failed"
        record["error"] = killed_note

    code = exit_code_for(record)
    cron_log.write(f"{summary(record)}; log {log_file}")
    if code != EXIT_OK:
        cron_log.write(f"FAILED (exit {code}): {record.get('error') or record.get('status')}", stderr=True)
    return code
