"""``EnrichPipeline``: normalise, dates, organisations/persons and the full-text tokens of each
article in a pool of worker processes, off the Twisted reactor (issue 19).

- ``NEWS_WORKERS``: processes in the pool (unset: the machine's cores from 3 cores on, ``0`` below;
  ``0``: in this process, the serial path — the same function, called inline). Needs the asyncio reactor (Scrapy's default);
  under another reactor the serial path is used, with a warning.
- At most ``IN_FLIGHT_PER_WORKER`` × workers articles are out at once (the rest wait their turn);
  when more than ``WAITING_PER_WORKER`` × workers wait, the engine is paused (no new requests)
  until half of them are done, so memory stays flat however fast pages arrive.
- ``NEWS_ENRICH_BUDGET`` seconds per article (0: none): a step that would end later is
  interrupted; the article goes on to storage with what was done (``notes["budget:<step>"]``,
  stat ``news/enrich/over_budget``).
- A pool that cannot start is logged once (``news/enrich/pool_failed``) and the articles are
  enriched in this process instead.
- A worker process that dies (``BrokenProcessPool``) is counted (``news/enrich/worker_crash``) and
  logged, the pool is replaced and each article that was out is sent once more; one that fails
  again is stored without enrichment (``notes["enrich:failed"]``, ``news/enrich/failed``, an error
  in the log) — never lost silently.
- Results do not depend on the order in which workers finish: each article is enriched alone.

The three step pipelines (``NormalizeTextPipeline`` …) still work for settings that name them.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import is_asyncio_available

from crawler.items import ArticleItem
from crawler.workers import start_pool
from pipelines.base import CrawlerPipeline
from pipelines.dates.pipeline import counts as date_counts
from pipelines.db.engine import db_url_from_settings
from pipelines.enrich import Request, Result, apply_result, enrich, payload, worker_init
from pipelines.entities.pipeline import counts as entity_counts
from pipelines.text.pipeline import counts as text_counts

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 4
# More articles than this per worker waiting for the pool and the engine pauses (no new requests)
# until the wait is down to half: the backlog, and so memory, stays bounded however fast pages come.
WAITING_PER_WORKER = 16
FAILED_NOTE = "enrich:failed"


# Below this many cores the pool is off by default: on 2 cores the crawl's own work, the workers and
# storage compete for the same two cores, and the pool's overhead (pickling, a third busy process)
# made the crawl slower than enriching in-process (docs/performance.md, measured).
MIN_POOL_CORES = 3


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_workers(cores: int | None = None) -> int:
    """``NEWS_WORKERS`` when unset: one process per core from :data:`MIN_POOL_CORES` cores on, else
    ``0`` (enrichment in the crawl's process)."""
    cores = available_cores() if cores is None else cores
    return cores if cores >= MIN_POOL_CORES else 0


class EnrichPipeline(CrawlerPipeline):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        raw = self.settings.get("NEWS_WORKERS")
        workers = default_workers() if raw in (None, "") else self.settings.getint("NEWS_WORKERS")
        if workers < 0:
            raise ValueError(f"NEWS_WORKERS must be 0 or more, got {workers}")
        if workers and not is_asyncio_available():
            log.warning("NEWS_WORKERS=%d needs the asyncio reactor: enriching in this process", workers)
            workers = 0
        self.workers = workers
        self.t2s = self.settings.getbool("NEWS_T2S")
        self.budget_s = max(0.0, self.settings.getfloat("NEWS_ENRICH_BUDGET", 10.0))
        # the full-text tokens are made in the workers only for SQLite (the only FTS backend)
        self.want_fts = db_url_from_settings(self.settings).startswith("sqlite")
        self.pool: Executor | None = None
        self.ready: asyncio.Future[Executor] | None = None  # the pool, once its processes run
        self.slots: asyncio.Semaphore | None = None
        self.closed = False
        self.waiting = 0  # articles handed to this pipeline, not yet back from the pool
        self.paused = False

    # --- lifecycle ----------------------------------------------------------------------------------

    def open_spider(self) -> None:
        if self.workers:
            self.slots = asyncio.Semaphore(self.workers * IN_FLIGHT_PER_WORKER)
            self.ready = self._start_pool()
            log.info("Enriching articles in %d worker processes", self.workers)

    def close_spider(self) -> None:
        self.closed = True  # a pool still starting shuts itself down (_new_pool)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _start_pool(self) -> asyncio.Future[Executor]:
        """Start a pool in a thread: its processes take seconds to come up (the fork server loads
        the models) and the crawl goes on downloading meanwhile."""
        return asyncio.get_running_loop().run_in_executor(None, self._new_pool)

    def _new_pool(self) -> Executor:
        # a fork server, not a fork of this process (a reactor and threads); the server loads the
        # models once and the workers share them (pipelines/enrich/forkserver.py)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipelines.enrich.forkserver"])
        started = time.monotonic()
        pool = start_pool(self.workers, ctx, initializer=worker_init)
        if self.stats is not None:
            self.stats.set_value("news/enrich/pool_start_seconds", round(time.monotonic() - started, 2))
        if self.closed:
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool = pool
        return pool

    # --- items ---------------------------------------------------------------------------------------

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        req = payload(item, t2s=self.t2s, budget_s=self.budget_s, want_fts=self.want_fts)
        result: Result | None
        if self.ready is None or self.slots is None:
            result = enrich(req)
        else:
            self._hold(+1)
            try:
                async with self.slots:
                    result = await self._in_pool(item, req)
            finally:
                self._hold(-1)
            if result is None:
                return item
        self._count(result)
        return apply_result(item, result)

    def _hold(self, change: int) -> None:
        """Pause the engine (no new requests) while too many articles wait for the pool."""
        self.waiting += change
        engine = self.crawler.engine
        high = self.workers * WAITING_PER_WORKER
        if engine is None:
            return
        if not self.paused and self.waiting > high:
            self.paused = True
            self.inc("news/enrich/paused")
            engine.pause()
        elif self.paused and self.waiting <= high // 2:
            self.paused = False
            engine.unpause()

    async def _in_pool(self, item: ArticleItem, req: Request) -> Result | None:
        for attempt in (1, 2):
            ready = self.ready
            if ready is None:  # the pool could not start (_pool_failed): in this process
                return enrich(req)
            try:
                pool = await ready
            except Exception as exc:  # whatever stopped the pool starting
                self._pool_failed(ready, exc)
                return enrich(req)
            try:
                return await asyncio.wrap_future(pool.submit(enrich, req))
            except BrokenProcessPool:
                if self.ready is ready:  # the first article to see the break replaces the pool
                    self.inc("news/enrich/worker_crash")
                    log.warning("A worker process died (article %s out); restarting the pool", item.url)
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = None
                    self.ready = self._start_pool()
                if attempt == 1:
                    self.inc("news/enrich/retried")
        self.inc("news/enrich/failed")
        item.notes[FAILED_NOTE] = 1
        log.error("Enrichment failed twice (worker died) for %s: stored without it", item.url)
        return None

    def _pool_failed(self, ready: asyncio.Future[Executor], exc: BaseException) -> None:
        """The pool's processes did not start (no fork server, no ``/dev/shm``, a broken import):
        one error in the log, stat ``news/enrich/pool_failed``, and every article from now on is
        enriched in the crawl's process (the serial path) — none is lost."""
        if self.ready is ready:
            self.ready = None
            self.inc("news/enrich/pool_failed")
            log.error(
                "The worker pool could not start (%s: %s): enriching in the crawl's process",
                type(exc).__name__,
                exc,
            )

    def _count(self, result: Result) -> None:
        self.inc("news/enrich/articles")
        self.inc("news/enrich/milliseconds", int(result.seconds * 1000))
        for step_counts in (text_counts, date_counts, entity_counts):  # as the step pipelines count
            self.inc_all(step_counts(result.item))
        if result.skipped:
            self.inc("news/enrich/over_budget")
            for name in result.skipped:
                self.inc(f"news/enrich/skipped/{name}")
            log.warning(
                "Article %s over the %.0f s budget: stored without %s",
                result.item.url,
                self.budget_s,
                ", ".join(result.skipped),
            )
