"""The lock that keeps two scheduled runs on one database from overlapping."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pipelines.cron.dburl import sqlite_path


class LockHeld(Exception):
    """Another process holds the lock; ``holder`` is what it wrote there (pid and start time)."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is held by {holder or 'another process'}")
        self.path, self.holder = path, holder


def default_lock_path(url: str, log_dir: Path) -> Path:
    """``<db file>.cron.lock`` for a SQLite file, else ``<log dir>/cron-<hash of the URL>.lock``.
    The SQLite file is the real one, symbolic links resolved (issue 18): ``--db alias.db`` where
    ``alias.db -> news.db`` takes the same lock as ``--db news.db``."""
    db = sqlite_path(url)
    if db is not None:
        db = Path(os.path.realpath(os.path.expanduser(db)))
        return db.with_name(db.name + ".cron.lock")
    return log_dir / f"cron-{hashlib.sha1(url.encode()).hexdigest()[:12]}.lock"


@contextlib.contextmanager
def run_lock(path: Path) -> Iterator[IO[str]]:
    """An exclusive, non-blocking ``flock``; released when the process ends, however it ends.
    Raises :class:`LockHeld` when another process holds it."""
    path = Path(os.path.realpath(path))  # a symbolic link to a lock file: lock the file itself
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
