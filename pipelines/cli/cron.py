"""``cnr-news cron [SPIDER] [--db URL] [--log-dir DIR] [--timeout MIN] [-- spider args]``.

One scheduled crawl, safe to start from cron or a systemd timer:

1. takes a lock (``fcntl.flock`` on ``<db file>.cron.lock``, or ``<log dir>/cron-<hash>.lock`` for a
   non-SQLite URL); when another run holds it, exits at once with :data:`EXIT_LOCKED` and a log line;
2. checks that the database can be written;
3. runs ``python -m scrapy crawl SPIDER`` in a child process with ``CLOSESPIDER_TIMEOUT`` (graceful
   stop after ``--timeout`` minutes); if the child is still alive ``--kill-after`` seconds later it
   gets SIGTERM, then SIGKILL; one log file per run in ``--log-dir``;
4. reads the run's verdict from ``crawl_runs`` (written by :mod:`pipelines.db.runs`; the JSON run
   report next to the log when the database could not be written) and exits with a code that
   says what happened (see :data:`EXIT_CODES`), the reason on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

EXIT_OK = 0
EXIT_FAILED = 1  # the run failed: every article failed, no usable list, too many errors, crash
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3  # the site could not be reached at all
EXIT_DB = 4  # the database could not be written
EXIT_KILLED = 5  # still running at the hard time limit: killed
EXIT_STOPPED = 6  # stopped by a signal before the end (SIGTERM/SIGINT to cron or the crawl)
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; nothing was done

EXIT_CODES = {
    EXIT_OK: "the crawl finished and looks healthy",
    EXIT_FAILED: "the crawl failed (every article failed, no usable list page, too many errors, crash)",
    EXIT_USAGE: "bad command line",
    EXIT_UNREACHABLE: "site unreachable (no response at all)",
    EXIT_DB: "database unwritable",
    EXIT_KILLED: "hit the hard time limit and was killed",
    EXIT_STOPPED: "stopped by a signal before the end",
    EXIT_LOCKED: "another cnr-news cron run holds the lock (nothing done)",
}
# verdict problem (pipelines.db.runs.PROBLEMS) -> exit code
PROBLEM_EXIT = {
    "db_unwritable": EXIT_DB,
    "site_unreachable": EXIT_UNREACHABLE,
    "stopped": EXIT_STOPPED,
    "killed": EXIT_KILLED,
}

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding crawler/ and pipelines/
TERM_GRACE_S = 30.0  # after SIGTERM at the hard limit, wait this long before SIGKILL


# Settings ``cnr-news cron`` sets itself: a ``-s`` for one of them would split what the crawl uses
# from what cron locks, reads back or waits for. Name -> the option to use instead.
RESERVED_SETTINGS = {
    "NEWS_DB_URL": "--db",
    "LOG_FILE": "--log-dir",
    "CLOSESPIDER_TIMEOUT": "--timeout",
    "NEWS_RUN_REPORT": "(set by cnr-news cron)",
}
# the ``cron`` sub-parser of ``cnr-news`` takes its words raw: a prefix no option uses, so
# argparse never reads ``--db`` there as an option of its own (see :func:`register`)
RAW_PREFIX = "\x01"
USAGE = "cnr-news cron [SPIDER] [options] [-- spider args]   (options may also come before SPIDER)"
DESCRIPTION = """One scheduled crawl, safe to start from cron or a systemd timer: it takes a lock (a second
run exits at once with status 75), checks the database can be written, runs `scrapy crawl SPIDER`
with a graceful stop after --timeout minutes (killed --kill-after seconds later), writes one log
file per run in --log-dir, records the run in crawl_runs and exits with a status that says what
happened (the reason on stderr)."""


def build_parser() -> argparse.ArgumentParser:
    """The real parser of ``cnr-news cron``'s options and SPIDER (spider arguments: after ``--``)."""
    p = argparse.ArgumentParser(
        prog="cnr-news cron",
        usage=USAGE,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="spider arguments: after --, as NAME=VALUE (passed as -a NAME=VALUE), e.g.\n"
        "  cnr-news cron cnr --db data/news.db --timeout 50 -- refresh=3\n\n"
        "exit status:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items()),
    )
    p.add_argument("spider", nargs="?", default="cnr", help="spider to run (default: cnr)")
    p.add_argument(
        "--db",
        help="database URL or SQLite path; a relative path is taken from the current folder "
        "(default: $NEWS_DB_URL, else data/news.db)",
    )
    p.add_argument(
        "--log-dir",
        default=os.environ.get("NEWS_LOG_DIR", "logs"),
        help="one log file per run; created if missing (default: $NEWS_LOG_DIR, else logs)",
    )
    p.add_argument("--timeout", type=float, default=60.0, help="minutes before a graceful stop (default: 60)")
    p.add_argument(
        "--kill-after",
        type=float,
        default=300.0,
        help="seconds after --timeout before the crawl is killed (default: 300)",
    )
    p.add_argument(
        "--max-errors", type=int, default=100, help="errors above this fail the run (default: 100)"
    )
    p.add_argument("--lock", help="lock file (default: next to the SQLite file, else in --log-dir)")
    p.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting (repeatable)"
    )
    return p


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``cron`` takes its words raw and parses them itself (:func:`parse_command_line`): with an
    ``argparse.REMAINDER`` for the spider arguments, every option after SPIDER was swallowed as a
    spider argument, and ``cnr-news`` parses with ``parse_args``, not ``parse_intermixed_args``."""
    p = sub.add_parser(
        "cron",
        help="one scheduled, locked, time-bounded crawl with a meaningful exit status",
        add_help=False,  # -h/--help reach build_parser()
        prefix_chars=RAW_PREFIX,
    )
    p.add_argument("argv", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


# --- command line ------------------------------------------------------------------------------------


class UsageError(ValueError):
    """A bad ``cnr-news cron`` command line (exit status :data:`EXIT_USAGE`)."""


def parse_command_line(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """``[SPIDER] [options] [-- spider args]``, options before or after SPIDER -> (options, the
    words after the first ``--``). argparse errors (and ``--help``) exit through ``SystemExit``."""
    argv = list(argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    parser = build_parser()
    args, rest = parser.parse_known_intermixed_args(argv[:cut])
    if args.spider.startswith("-") or "=" in args.spider:
        rest.insert(0, args.spider)
        args.spider = "cnr"
    pairs = [w for w in rest if "=" in w and not w.startswith("-")]
    if pairs:
        raise UsageError(
            f"{pairs[0]!r}: spider arguments go after --, e.g. cnr-news cron {args.spider} -- {' '.join(pairs)}"
        )
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args, argv[cut + 1 :]


def scrapy_args(extra: Sequence[str]) -> list[str]:
    """Spider arguments (the words after ``--``): ``NAME=VALUE`` -> ``-a NAME=VALUE``;
    ``-a X``/``-s X``/``--set X`` pairs and ``-aNAME=VALUE`` pass through."""
    out: list[str] = []
    it = iter(extra)
    for word in it:
        if word in ("-a", "-s", "--set"):
            value = next(it, None)
            if value is None or "=" not in value:
                raise UsageError(f"{word} needs NAME=VALUE after it")
            out += ["-s" if word == "--set" else word, value]
        elif word.startswith("-a") and "=" in word:
            out += ["-a", word[2:]]
        elif "=" in word and not word.startswith("-") and word.split("=", 1)[0].strip():
            out += ["-a", word]
        else:
            raise UsageError(
                f"unexpected spider argument {word!r}: after -- each spider argument is NAME=VALUE "
                "(SPIDER and cron's own options go before --)"
            )
    return out


def scrapy_settings(extra_args: Sequence[str]) -> dict[str, str]:
    """The ``-s NAME=VALUE`` pairs of a Scrapy argument list."""
    pairs = zip(extra_args[::2], extra_args[1::2], strict=False)
    return dict(value.split("=", 1) for flag, value in pairs if flag == "-s" and "=" in value)


def check_reserved(settings: dict[str, str]) -> None:
    for name in settings:
        if name in RESERVED_SETTINGS:
            raise UsageError(f"-s {name}=… is set by cnr-news cron: use {RESERVED_SETTINGS[name]}")


def spider_names(settings: dict[str, str]) -> list[str]:
    """The spiders ``scrapy crawl`` would know, with the project settings and ``-s`` overrides."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    s = Settings()
    s.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "crawler.settings", priority="project")
    s.setdict(settings, priority="cmdline")
    return sorted(get_spider_loader(s).list())


def absolute_db_url(url: str) -> str:
    """A SQLite URL with an absolute path (``~`` expanded; a relative path is taken from the current
    folder, as every ``cnr-news`` command takes it); other URLs unchanged."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        db = os.path.expanduser(u.database)
        if not db.startswith("file:") and (db != u.database or not os.path.isabs(db)):
            return u.set(database=str(Path(db).resolve())).render_as_string(hide_password=False)
    return url


def sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        if not u.database.startswith("file:"):
            return Path(u.database)
    return None


def default_lock_path(url: str, log_dir: Path) -> Path:
    db = sqlite_path(url)
    if db is not None:
        return db.with_name(db.name + ".cron.lock")
    return log_dir / f"cron-{hashlib.sha1(url.encode()).hexdigest()[:12]}.lock"


# --- the lock -------------------------------------------------------------------------------------------


class LockHeld(Exception):
    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is held by {holder or 'another process'}")
        self.path, self.holder = path, holder


@contextlib.contextmanager
def run_lock(path: Path) -> Iterator[IO[str]]:
    """An exclusive, non-blocking ``flock``; released when the process ends, however it ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block's duration
    try:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            raise LockHeld(path, f.read().strip()) from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        f.flush()
        yield f
    finally:
        f.close()


# --- logging -------------------------------------------------------------------------------------------


class CronLog:
    """Lines to ``<log dir>/cron.log`` (the history of cron runs); problems also to stderr."""

    def __init__(self, log_dir: Path) -> None:
        self.path = log_dir / "cron.log"

    def write(self, message: str, *, stderr: bool = False) -> None:
        line = f"{datetime.now(UTC).isoformat(timespec='seconds')} [{os.getpid()}] {message}"
        try:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        except OSError:
            stderr = True
        if stderr:
            print(f"cnr-news cron: {message}", file=sys.stderr)


# --- the child --------------------------------------------------------------------------------------


@dataclass
class ChildResult:
    pid: int
    returncode: int
    killed: bool  # hit the hard limit
    stopped: bool  # cron itself was asked to stop and passed it on
    seconds: float


def child_env(db_url: str) -> dict[str, str]:
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


# --- reading the outcome ----------------------------------------------------------------------------


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
                "skipped": stats.get("news/incremental/skipped", 0),
            }
    finally:
        engine.dispose()


def exit_code_for(record: dict[str, Any]) -> int:
    status = record.get("status")
    problem = record.get("problem")
    if status == "finished":
        return EXIT_OK
    if problem in PROBLEM_EXIT:
        return PROBLEM_EXIT[problem]
    if status == "interrupted":
        return EXIT_STOPPED
    return EXIT_FAILED


def summary(record: dict[str, Any]) -> str:
    return (
        "run {run_id}: {status} ({finish_reason}); pages {pages}, items {items}, new {new}, updated {updated}, "
        "unchanged {unchanged}, skipped {skipped}, dropped {dropped}, errors {errors}"
    ).format(
        **{k: record.get(k, "?") for k in ("run_id", "status", "finish_reason", "pages", "items", "new")}
        | {k: record.get(k, 0) for k in ("updated", "unchanged", "skipped", "dropped", "errors")}
    )


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- the command -------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from pipelines.db.engine import make_engine, resolve_db_url
    from pipelines.db.pipeline import safe_url
    from pipelines.db.store import probe_writable

    try:
        if getattr(args, "argv", None) is not None:  # from cnr-news: the raw words after "cron"
            args, extra = parse_command_line(args.argv)
        else:  # a namespace from build_parser() and its spider arguments
            extra = list(getattr(args, "spider_args", None) or [])
        spider = args.spider
        for s in args.set:
            if "=" not in s or not s.split("=", 1)[0].strip():
                raise UsageError(f"-s needs NAME=VALUE, got {s!r}")
        extra_args = scrapy_args(extra) + [x for s in args.set for x in ("-s", s)]
        settings = scrapy_settings(extra_args)
        check_reserved(settings)
        if args.timeout <= 0 or args.kill_after < 0 or args.max_errors < 0:
            raise UsageError("--timeout must be > 0, --kill-after and --max-errors >= 0")
        try:
            db_url = absolute_db_url(resolve_db_url(args.db))
        except Exception as exc:  # sqlalchemy.exc.ArgumentError and friends
            raise UsageError(
                f"--db {args.db or os.environ.get('NEWS_DB_URL')!r} is not a database URL or path: {exc}"
            ) from None
    except SystemExit as exc:  # argparse: it has printed the usage and the error (or the help)
        return EXIT_USAGE if exc.code else EXIT_OK
    except UsageError as exc:
        print(f"cnr-news cron: {exc}\nusage: {USAGE}", file=sys.stderr)
        return EXIT_USAGE
    try:
        known = spider_names(settings)
    except Exception:  # the spider modules do not import: the crawl itself reports it, with its log
        known = None
    if known is not None and spider not in known:
        print(
            f"cnr-news cron: unknown spider {spider!r}; the spiders are: {', '.join(known) or '(none)'}",
            file=sys.stderr,
        )
        return EXIT_USAGE

    log_dir = Path(args.log_dir).expanduser().resolve()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"cnr-news cron: cannot create the log folder {log_dir}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    cron_log = CronLog(log_dir)
    lock_path = Path(args.lock).expanduser().resolve() if args.lock else default_lock_path(db_url, log_dir)

    try:
        with run_lock(lock_path) as lock:
            return _locked_run(
                args,
                spider,
                extra_args,
                db_url,
                log_dir,
                cron_log,
                make_engine,
                probe_writable,
                lock.fileno(),
            )
    except LockHeld as held:
        cron_log.write(
            f"another run is in progress ({held.holder or 'unknown holder'}; lock {held.path}): exiting",
            stderr=True,
        )
        return EXIT_LOCKED
    except OSError as exc:
        cron_log.write(
            f"database unwritable: cannot take the lock {lock_path} for {safe_url(db_url)}: {exc}",
            stderr=True,
        )
        return EXIT_DB


def _locked_run(
    args: argparse.Namespace,
    spider: str,
    extra_args: list[str],
    db_url: str,
    log_dir: Path,
    cron_log: CronLog,
    make_engine: Any,
    probe_writable: Any,
    lock_fd: int,
) -> int:
    from pipelines.db.pipeline import safe_url

    try:
        engine = make_engine(db_url)
        try:
            probe_writable(engine)
        finally:
            engine.dispose()
    except Exception as exc:
        cron_log.write(f"database unwritable ({safe_url(db_url)}): {type(exc).__name__}: {exc}", stderr=True)
        return EXIT_DB

    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    log_file = log_dir / f"{spider}-{stamp}-{os.getpid()}.log"
    report = log_file.with_suffix(".json")
    timeout_s = max(1, round(args.timeout * 60))
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-s",
        f"NEWS_DB_URL={db_url}",
        "-s",
        f"LOG_FILE={log_file}",
        "-s",
        f"CLOSESPIDER_TIMEOUT={timeout_s}",
        "-s",
        f"NEWS_RUN_REPORT={report}",
        "-s",
        f"NEWS_MAX_ERRORS={args.max_errors}",
        *extra_args,
    ]
    cron_log.write(f"starting {spider} (timeout {args.timeout:g} min) -> {log_file}")
    result = run_child(
        cmd, child_env(db_url), log_file, hard_limit_s=timeout_s + args.kill_after, pass_fds=(lock_fd,)
    )
    killed_note = (
        f"killed by cnr-news cron: still running {args.kill_after:g} s after the {args.timeout:g} min limit"
        if result.killed
        else None
    )

    record: dict[str, Any] | None = None
    try:
        record = read_run(db_url, result.pid, started, killed_note=killed_note)
    except Exception as exc:
        cron_log.write(f"could not read the run from the database: {type(exc).__name__}: {exc}")
    if record is None and report.exists():
        try:
            record = json.loads(report.read_text("utf-8"))
            record.setdefault("skipped", (record.get("stats") or {}).get("news/incremental/skipped", 0))
        except (OSError, ValueError):
            record = None
    if record is None:
        reason = killed_note or f"the crawl did not start or crashed (exit status {result.returncode})"
        cron_log.write(f"{reason}; see {log_file}", stderr=True)
        tail = _log_tail(log_file)
        if tail:
            print(tail, file=sys.stderr)
        return EXIT_KILLED if result.killed else EXIT_FAILED
    if result.killed:
        record["problem"] = "killed"
        record["status"] = "failed"
        record["error"] = killed_note

    code = exit_code_for(record)
    line = summary(record)
    if code == EXIT_OK:
        cron_log.write(f"{line}; log {log_file}")
    else:
        cron_log.write(f"{line}; log {log_file}")
        cron_log.write(f"FAILED (exit {code}): {record.get('error') or record.get('status')}", stderr=True)
    return code
