"""A generated CNR-like site of N articles (``benchmarks/crawl.py``'s generator) served by the demo
server in its own process, with every request's arrival time kept (server clock) for the
duplicate and politeness checks of the cluster tests and ``benchmarks/cluster.py``.

    python -m tests.support.site_server ROOT LOG       # prints the base URL; SIGTERM writes LOG

LOG is JSON: ``[[monotonic seconds, path], …]`` in arrival order.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "http://news.cnr.cn/native/gd/"
ARTICLE_PREFIX = "/news.cnr.cn/native/gd/2025"  # every article's path starts so (lists are index*.html)


def generate_site(root: Path, articles: int) -> None:
    """Write the benchmark's site (lists of 50, gb2312 articles, robots.txt) under ``root``."""
    spec = importlib.util.spec_from_file_location("_bench_crawl", ROOT / "benchmarks" / "crawl.py")
    assert spec and spec.loader
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    module.generate(root, articles)


class SiteServer:
    """The site served from a child process; :meth:`stop` returns the hit log."""

    def __init__(self, root: Path, log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.site_server", str(root), str(log)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            raise RuntimeError("site server did not start")

    def stop(self) -> list[tuple[float, str]]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        return [(float(t), str(p)) for t, p in json.loads(self.log.read_text())]

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def article_fetches(log: list[tuple[float, str]]) -> Counter[str]:
    return Counter(p for _, p in log if p.startswith(ARTICLE_PREFIX))


def duplicates(log: list[tuple[float, str]]) -> int:
    """Requests for a path already requested (every path on this site answers 200: none is a retry)."""
    return sum(n - 1 for n in Counter(p for _, p in log).values() if n > 1)


def smallest_gap(log: list[tuple[float, str]], exclude: tuple[str, ...] = ("/robots.txt",)) -> float:
    times = sorted(t for t, p in log if p not in exclude)
    return min((b - a for a, b in zip(times, times[1:], strict=False)), default=float("inf"))


def _serve(root: str, log_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from pipelines.demo.server import FixtureServer

    srv = FixtureServer(root)
    print(srv.start(), flush=True)

    def dump(*_: Any) -> None:
        srv.stop()
        Path(log_path).write_text(json.dumps(srv.hit_log))
        sys.exit(0)

    signal.signal(signal.SIGTERM, dump)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
