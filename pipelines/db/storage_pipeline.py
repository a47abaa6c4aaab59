"""``StoragePipeline``: writes each article to the database (see :mod:`pipelines.db.store`).

- Engine from the ``NEWS_DB_URL`` setting (the environment variable of the same name wins over the
  default in ``crawler/settings.py``); shared with the run recorder and the incremental middleware
  (:mod:`pipelines.db.crawl_engine`), taken in ``open_spider``, one session per crawl.
- Items are buffered and written in batches — every ``NEWS_DB_BATCH_SIZE`` items, at least every
  ``NEWS_DB_COMMIT_SECONDS`` seconds (checked when an item arrives) and at close — so the SQLite
  write lock is held for milliseconds, never across network waits. New articles are written in
  bulk (:func:`pipelines.db.store.store_articles`: a few multi-row statements per table and batch,
  each linked to its story in the same transaction), the rest — and all of them when anything goes
  wrong — one by one, each in its own SAVEPOINT (whole or not at all); an article counts as done
  only once its batch committed.
  A crash loses at most the uncommitted buffer; those articles are not in the database, so the
  next (incremental) run fetches them again.
- Stats: ``news/db/new``, ``news/db/updated``, ``news/db/unchanged`` (after commit),
  ``news/db/failed`` (one item's error: logged, the crawl goes on), ``news/db/connection_lost``
  (a batch lost with the database connection: the run's verdict is ``failed``, later batches
  reconnect), ``news/db/conflict_retries`` (PostgreSQL: a batch lost a deadlock to another writer —
  another crawler node — and was written again, whole; see :func:`pipelines.db.store.lock_names_in_order`),
  ``news/db/non_article`` (items that are not articles: dropped). An unwritable database
  (read-only, disk full, no such file) or one whose schema is behind this code
  (:class:`pipelines.db.schema.SchemaOutOfDate`: the message says to run ``cnr-news db upgrade``)
  closes the spider with finish reason ``db_unwritable`` and sets ``news/db/unwritable``. A new
  (empty) database is created at the head revision.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.db.crawl_engine import acquire_engine, release_engine
from pipelines.db.engine import db_url_from_settings, make_session_factory, safe_url
from pipelines.db.schema import SchemaError
from pipelines.db.store import (
    is_transient_error,
    is_unwritable_error,
    lock_names_in_order,
    probe_writable,
    store_articles,
    unwritable_cause,
)

log = logging.getLogger(__name__)

DB_UNWRITABLE = "db_unwritable"  # finish reason
CONFLICT_RETRIES = 5  # a batch that lost a deadlock to another writer is written again up to this often
CONFLICT_BACKOFF_S = 0.1


class StoragePipeline(CrawlerPipeline):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.db_url = db_url_from_settings(self.settings)
        self.batch_size = max(1, self.settings.getint("NEWS_DB_BATCH_SIZE", 50))
        self.commit_seconds = self.settings.getfloat("NEWS_DB_COMMIT_SECONDS", 10.0)
        self.engine: Engine | None = None
        self.session: Session | None = None
        self.pending: list[ArticleItem] = []
        self.last_commit = time.monotonic()
        self.unwritable = False

    # --- lifecycle ----------------------------------------------------------------------------------

    def open_spider(self) -> None:
        try:
            self.engine = acquire_engine(self.crawler, self.db_url)
            probe_writable(self.engine)
        except Exception as exc:
            if self.engine is not None:  # made, but cannot be written: not ours to hold
                release_engine(self.crawler, self.db_url)
                self.engine = None
            self._mark_unwritable(exc)
            raise CloseSpider(DB_UNWRITABLE) from exc
        self.session = make_session_factory(self.engine)()
        self.last_commit = time.monotonic()
        log.info("Storing articles in %s", safe_url(self.db_url))

    def close_spider(self) -> None:
        try:
            if self.session is not None and self.pending:
                self._flush()
        finally:
            if self.session is not None:
                self.session.close()
            if self.engine is not None:
                release_engine(self.crawler, self.db_url)
            self.session = None
            self.engine = None

    # --- items -----------------------------------------------------------------------------------------

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if not item.is_article:
            self.inc("news/db/non_article")
            raise DropItem(f"not an article: {item.url}", log_level="INFO")
        if self.session is None or self.unwritable:
            self.inc("news/db/failed")
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_commit >= self.commit_seconds:
            self._flush()
        return item

    def _flush(self) -> None:
        assert self.session is not None
        batch, self.pending = self.pending, []
        try:
            for attempt in range(CONFLICT_RETRIES + 1):
                try:
                    outcomes, failed = self._write(batch)
                    break
                except Exception as exc:
                    self.session.rollback()
                    if not is_transient_error(exc) or attempt == CONFLICT_RETRIES:
                        raise
                    # another writer holds what this batch needs (PostgreSQL deadlock): all of it again
                    self.inc("news/db/conflict_retries")
                    log.warning(
                        "Batch of %d articles met another writer (%s); writing it again",
                        len(batch),
                        type(exc).__name__,
                    )
                    time.sleep(CONFLICT_BACKOFF_S * (attempt + 1) * (1 + random.random()))
        except Exception as exc:
            self.session.rollback()
            self.inc("news/db/failed", len(batch))
            if getattr(exc, "connection_invalidated", False):  # server restarted, network cut
                self.inc("news/db/connection_lost")
            log.error("Could not commit a batch of %d articles: %s: %s", len(batch), type(exc).__name__, exc)
            if is_unwritable_error(exc):
                self._mark_unwritable(exc)
                self._close_spider()
            return
        finally:
            self.session.expunge_all()
            self.last_commit = time.monotonic()
        for outcome in outcomes:
            self.inc(f"news/db/{outcome}")
        if failed:
            self.inc("news/db/failed", failed)
        self._log_progress(outcomes, failed)

    def _write(self, batch: list[ArticleItem]) -> tuple[list[str], int]:
        """One transaction: the batch in bulk (:func:`pipelines.db.store.store_articles`; an article
        that cannot be written fails alone). Raises (the batch is lost) when the connection or the
        database fails, or another writer won a conflict."""
        assert self.session is not None
        outcomes: list[str] = []
        failed = 0
        with self.session.begin():
            lock_names_in_order(self.session, batch)
            results = store_articles(self.session, batch)
        for item, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                failed += 1
                log.error(
                    "Could not store %s (%s): %s: %s", item.key, item.url, type(result).__name__, result
                )
            else:
                outcomes.append(result)
        return outcomes, failed

    def _log_progress(self, outcomes: list[str], failed: int) -> None:
        """One line per commit, so a long crawl shows in its log what is safely stored."""
        if not outcomes and not failed:
            return
        total = self.stats.get_value if self.stats is not None else (lambda _k, d=0: d)
        log.info(
            "Committed %d articles (%d new, %d updated, %d unchanged, %d failed); crawl so far: %d new, %d updated",
            len(outcomes) + failed,
            outcomes.count("new"),
            outcomes.count("updated"),
            outcomes.count("unchanged"),
            failed,
            total("news/db/new", 0),
            total("news/db/updated", 0),
        )

    # --- fatal errors ----------------------------------------------------------------------------------

    def _mark_unwritable(self, exc: BaseException) -> None:
        self.unwritable = True
        if isinstance(exc, SchemaError):  # behind (or ahead of) this code: its message says what to do
            message = f"database not usable: {exc}"
        else:
            exc = unwritable_cause(exc) or exc  # the real reason, not a failed savepoint rollback
            message = f"database unwritable ({safe_url(self.db_url)}): {type(exc).__name__}: {exc}"
        log.error("%s", message)
        if self.stats is not None:
            self.stats.set_value("news/db/unwritable", 1)
            self.stats.set_value("news/db/error", message[:500])

    def _close_spider(self) -> None:
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        deferred_from_coro(engine.close_spider_async(reason=DB_UNWRITABLE))
