"""Big pages extracted in a separate process, off the reactor (issue 19).

A 9 MB article took the CNR page object about two seconds of CPU (58,000 paragraphs); on the
reactor's thread those are two seconds in which nothing is downloaded and no other page or item is
processed. Read only to twice the body cap (:mod:`crawler.pages.prune`) it takes 0.3–0.5 s, and a
crawl without a cap (``NEWS_MAX_BODY_CHARS=0``) reads it whole. A page of
``NEWS_EXTRACT_OFFLOAD_BYTES`` or more (default 1 MB; ``0``: never) is extracted in one worker
process while the crawl goes on; every other page is extracted in the crawl's process as before
(sending a page to a process costs more than extracting a small one).

- The worker is started when a big page's headers arrive (``Content-Length``), or else with the
  page, in a thread (starting it blocks nothing), spawned fresh: not a fork of a process that holds
  a reactor and threads, and not the enrichment pool's fork server (which loads the entity models).
  It extracts a small page as it starts, so a big page does not wait for its imports.
- The same function runs there as here (:func:`crawler.pages.extract.extract_page`): the item is
  the one the crawl's process would have made.
- A worker that cannot start: one warning, and big pages are extracted in the crawl's process
  (``news/extract/offload_failed``). A worker that dies on a page: counted
  (``news/extract/offload_crash``), logged, and the page sent once more to a fresh worker; a page
  that kills it twice is dropped with an error in the log (``news/extract_error``) — a page that
  crashes the extractor is not retried in the crawl's own process.
- Under a reactor other than asyncio's every page is extracted in the crawl's process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import is_asyncio_available

from crawler.constants import max_body_chars
from crawler.items import ArticleItem
from crawler.pages.extract import extract_page_item
from crawler.workers import release_freed_memory, start_pool

__all__ = ["DEFAULT_OFFLOAD_BYTES", "PageOffload", "offload_threshold"]

log = logging.getLogger(__name__)

DEFAULT_OFFLOAD_BYTES = 1_000_000
START_TIMEOUT = 60.0  # seconds for the worker to come up before big pages are extracted here


# a small CNR page the worker extracts when it starts: its imports and lazy tables are loaded before
# the first big page arrives, not while that page waits
WARM_UP_URL = "https://news.cnr.cn/native/gd/20250101/t20250101_1.shtml"
WARM_UP_PAGE = (
    "<html><head><title>央广网</title></head><body><div class='article-header'><h1>标题</h1>"
    "<div class='source'><span>2025-01-01 08:00:00</span><span>来源：央广网</span></div></div>"
    "<div class='article-content'><p>央广网北京1月1日消息 正文。</p></div></body></html>"
).encode()


def _warm_up_worker() -> None:
    """The worker's initializer: one small page through the extraction."""
    extract_page_item(WARM_UP_URL, WARM_UP_PAGE, "text/html; charset=utf-8")


def _extract_in_worker(
    url: str, body: bytes, content_type: str | None, body_chars: int = 0
) -> tuple[ArticleItem, str]:
    """:func:`extract_page_item`, then the page's freed tree given back: the worker stays small
    between big pages."""
    try:
        return extract_page_item(url, body, content_type, body_chars=body_chars)
    finally:
        release_freed_memory()


def offload_threshold(settings: Any) -> int:
    """``NEWS_EXTRACT_OFFLOAD_BYTES`` as a number of bytes, or a ``ValueError`` that names it."""
    raw = settings.get("NEWS_EXTRACT_OFFLOAD_BYTES")
    if raw in (None, ""):
        return DEFAULT_OFFLOAD_BYTES
    try:
        threshold = int(str(raw).strip())
    except ValueError:
        threshold = -1
    if threshold < 0:
        raise ValueError(f"NEWS_EXTRACT_OFFLOAD_BYTES={raw!r} is not a whole number of bytes >= 0")
    return threshold


def _asyncio_loop() -> bool:
    """Whether asyncio futures can be awaited here (the asyncio reactor, or a running loop)."""
    try:
        return is_asyncio_available()
    except RuntimeError:  # no reactor and no loop: a spider's method called outside a crawl
        return False


class PageOffload:
    """Extracts the pages of ``threshold`` bytes or more in a worker process."""

    def __init__(self, threshold: int, crawler: Crawler | None = None) -> None:
        if threshold < 0:
            raise ValueError(f"NEWS_EXTRACT_OFFLOAD_BYTES={threshold!r} is not a whole number of bytes >= 0")
        self.threshold = threshold
        self.crawler = crawler  # its stats exist once the crawl starts
        # NEWS_MAX_BODY_CHARS: a huge page is read only as far as the guard keeps its body
        self.body_chars = max_body_chars(crawler.settings) if crawler is not None else 0
        self.pool: ProcessPoolExecutor | None = None
        self.starting: asyncio.Future[ProcessPoolExecutor] | None = None
        self.failed = False  # the worker could not start: extract here from now on
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageOffload:
        offload = cls(offload_threshold(crawler.settings), crawler)
        crawler.signals.connect(offload.close, signal=signals.spider_closed)
        crawler.signals.connect(offload.headers_received, signal=signals.headers_received)
        return offload

    def headers_received(self, body_length: Any = None, **kwargs: Any) -> None:
        """A big page's headers: start the worker while its body downloads (a 9 MB body takes
        seconds on a real link; the worker's start and imports take a fraction of that)."""
        if isinstance(body_length, int) and self.threshold and body_length >= self.threshold:
            self.prepare()

    def prepare(self) -> None:
        """Start the worker now, in a thread, if it is not running or starting."""
        if self.pool is not None or self.starting is not None or self.failed or self.closed:
            return
        if not _asyncio_loop():
            return
        self.starting = asyncio.get_running_loop().run_in_executor(None, self._start)
        self.starting.add_done_callback(lambda f: f.exception())  # kept for _pool(); never "unretrieved"

    def wants(self, body: bytes) -> bool:
        """Whether this page goes to the worker."""
        return (
            bool(self.threshold)
            and len(body) >= self.threshold
            and not self.failed
            and not self.closed
            and _asyncio_loop()
        )

    async def extract(
        self, url: str, body: bytes, content_type: str | None
    ) -> tuple[ArticleItem, str] | None:
        """``(item, codec)`` for the page, extracted in the worker (or here, if it cannot start);
        ``None`` when the extraction failed (counted as ``news/extract_error`` and logged)."""
        for attempt in (1, 2):
            pool = await self._pool()
            if pool is None:  # no worker: this process, as for a small page
                return self._here(url, body, content_type)
            if attempt == 1:
                self._inc("news/extract/offloaded")  # pages sent to the worker
            try:
                return await asyncio.get_running_loop().run_in_executor(
                    pool, _extract_in_worker, url, body, content_type, self.body_chars
                )
            except BrokenProcessPool:
                self._inc("news/extract/offload_crash")
                self._discard(pool)
                if attempt == 1:
                    log.warning(
                        "the extraction worker died on %s (%d bytes): trying once more", url, len(body)
                    )
                    continue
                self._inc("news/extract_error")
                log.error("the extraction worker died twice on %s (%d bytes): page dropped", url, len(body))
                return None
            except Exception as exc:  # the page object raised in the worker: as in this process
                self._inc("news/extract_error")
                log.error("extraction failed for %s", url, exc_info=exc)  # the worker's traceback too
                return None
        return None  # pragma: no cover - the loop returns

    def _here(self, url: str, body: bytes, content_type: str | None) -> tuple[ArticleItem, str] | None:
        try:
            return extract_page_item(url, body, content_type, body_chars=self.body_chars)
        except Exception:
            self._inc("news/extract_error")
            log.exception("extraction failed for %s", url)
            return None

    async def _pool(self) -> ProcessPoolExecutor | None:
        if self.pool is not None:
            return self.pool
        self.prepare()
        if self.starting is None:  # failed, closed, or no asyncio loop to start it from
            return None
        try:
            await asyncio.shield(self.starting)
        except Exception as exc:
            if not self.failed:
                self.failed = True
                self._inc("news/extract/offload_failed")
                log.warning(
                    "The page-extraction worker could not start (%s: %s): big pages are extracted "
                    "in the crawl's process",
                    type(exc).__name__,
                    exc,
                )
            return None
        finally:
            self.starting = None
        return self.pool

    def _start(self) -> ProcessPoolExecutor:
        # spawned: its imports (and the warm-up page) take a moment
        pool = start_pool(
            1, multiprocessing.get_context("spawn"), initializer=_warm_up_worker, timeout=START_TIMEOUT
        )
        if self.closed:
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool = pool
        return pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        if self.pool is pool:
            self.pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self.closed = True
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _inc(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
