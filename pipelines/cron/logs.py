"""The logs of scheduled runs: ``cron.log`` (one line per event) and one crawl log file per run."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path


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


def run_log_path(log_dir: Path, spider: str, started: datetime) -> Path:
    """``<log dir>/<spider>-<UTC stamp>-<pid>.log``: the crawl's own log (its JSON report: ``.json``)."""
    return log_dir / f"{spider}-{started.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}.log"


def log_tail(path: Path, lines: int = 15) -> str:
    """The last ``lines`` lines of a log file ("" when it cannot be read)."""
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
