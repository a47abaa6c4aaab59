"""``IncrementalMiddleware``: the database is the record of what is done.

A downloader middleware (it also listens to ``request_scheduled``, so skipped requests never reach
the scheduler and never call a spider errback):

Request ``meta`` keys are declared in :mod:`crawler.requests`.

- **Article requests** (``meta["news_kind"] == "article"``) whose ``meta["news_key"]`` (or URL) is
  already in ``articles`` are dropped before they are scheduled and counted
  ``news/incremental/skipped``. Known keys are loaded once when the spider opens; an article is
  "known" only once committed, so whatever a killed run did not commit is fetched again.
  ``-a refresh=DAYS`` (or the ``NEWS_REFRESH_DAYS`` setting) re-checks articles published (else
  first seen) within the last DAYS days; ``-a incremental=0`` (or ``NEWS_INCREMENTAL = False``)
  turns skipping off. A request with ``meta["news_force"]`` is never skipped.
- **List pages** (``meta["news_kind"] == "list"``) are always requested, conditionally: the
  ``ETag``/``Last-Modified`` of the last good answer (table ``list_pages``) go out as
  ``If-None-Match``/``If-Modified-Since``; a ``304`` is counted ``news/list/not_modified`` and
  ``news/list/ok`` and ends as ``IgnoreRequest`` (not an error: the spider sees no new links there,
  which is right, nothing changed).
  Validators are saved only when the run finished cleanly (reason ``finished``, no failed article
  fetch or write), so a list whose articles were not all stored is read in full next time.
- Counts per kind for the run's verdict (:func:`pipelines.db.run_recorder.assess_run`):
  ``news/{list,article}/requests``, ``…/ok``, ``…/failed``, ``…/status/<code>``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, select
from sqlalchemy.orm import Session

from crawler import requests as R
from pipelines.db.crawl_engine import acquire_engine, release_engine
from pipelines.db.engine import create_tables, db_url_from_settings, safe_url
from pipelines.db.models import Article
from pipelines.db.types import UTCDateTime

log = logging.getLogger(__name__)

# Our own small table (not part of the article schema): conditional-request validators per list URL.
list_metadata = MetaData()
list_pages = Table(
    "list_pages",
    list_metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("status", Integer),
    Column("fetched_at", UTCDateTime),
)

KINDS = tuple(k.value for k in R.Kind)


def _truthy(value: Any, default: bool = True) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ("0", "false", "no", "off", "")


def load_known(
    engine: Engine, *, refresh_days: float | None = None, now: datetime | None = None
) -> tuple[set[str], int]:
    """Keys and URLs of stored articles, minus those to re-check (published/first seen within
    ``refresh_days``), and how many articles that is."""
    query = select(Article.key, Article.canonical_url, Article.url)
    if refresh_days is not None and refresh_days > 0:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=refresh_days)
        query = query.where(func.coalesce(Article.published_at, Article.first_seen) < cutoff)
    known: set[str] = set()
    n = 0
    with Session(engine) as session:
        for key, canonical, url in session.execute(query):
            known.add(key)
            if canonical and canonical != key:
                known.add(canonical)
            if url and url != canonical:
                known.add(url)
            n += 1
    return known, n


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_url = db_url_from_settings(crawler.settings)
        self.enabled = crawler.settings.getbool("NEWS_INCREMENTAL", True)
        refresh = crawler.settings.get("NEWS_REFRESH_DAYS")
        self.refresh_days: float | None = float(refresh) if refresh not in (None, "") else None
        self.conditional = crawler.settings.getbool("NEWS_CONDITIONAL_LISTS", True)
        self.known: set[str] | None = None
        self.known_articles = 0
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.fresh: dict[str, tuple[str | None, str | None, int]] = {}
        self.engine: Engine | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWS_INCREMENTAL_MIDDLEWARE", True):
            raise NotConfigured
        return cls(crawler)

    def inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    # --- lifecycle -------------------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        self.enabled = _truthy(getattr(spider, "incremental", None), self.enabled)
        if not self.enabled:  # a full re-crawl: lists are read in full as well
            self.conditional = False
        refresh = getattr(spider, "refresh", None)
        if refresh not in (None, ""):
            try:
                self.refresh_days = float(refresh)
            except (TypeError, ValueError):
                log.error("refresh=%r is not a number of days; ignored", refresh)
        self._load()

    def _load(self) -> None:
        if self.known is not None:
            return
        self.known = set()
        try:
            self.engine = acquire_engine(self.crawler, self.db_url)
            create_tables(self.engine, list_metadata)
            if self.enabled:
                self.known, self.known_articles = load_known(self.engine, refresh_days=self.refresh_days)
            if self.conditional:
                with Session(self.engine) as session:
                    for url, etag, modified in session.execute(
                        select(list_pages.c.url, list_pages.c.etag, list_pages.c.last_modified)
                    ):
                        self.validators[url] = (etag, modified)
        except Exception as exc:
            # no database: nothing is known, everything is fetched (the storage pipeline reports it)
            log.error(
                "Incremental crawling off: cannot read %s: %s: %s",
                safe_url(self.db_url),
                type(exc).__name__,
                exc,
            )
            self.known = set()
            return
        log.info(
            "Incremental crawling: %d stored articles skipped%s; %d list pages with validators",
            self.known_articles,
            f" (re-checking the last {self.refresh_days:g} days)" if self.refresh_days else "",
            len(self.validators),
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            clean = (
                reason == "finished"
                and not (self.stats and self.stats.get_value("news/article/failed"))
                and not (self.stats and self.stats.get_value("news/db/failed"))
            )
            if clean and self.fresh and self.engine is not None:
                now = datetime.now(UTC)
                with Session(self.engine) as session, session.begin():
                    urls = list(self.fresh)
                    for i in range(0, len(urls), 500):
                        session.execute(list_pages.delete().where(list_pages.c.url.in_(urls[i : i + 500])))
                    session.execute(
                        list_pages.insert(),
                        [
                            {"url": u, "etag": e, "last_modified": m, "status": s, "fetched_at": now}
                            for u, (e, m, s) in self.fresh.items()
                        ],
                    )
        except Exception as exc:
            log.error("Could not save list-page validators: %s: %s", type(exc).__name__, exc)
        finally:
            if self.engine is not None:
                release_engine(self.crawler, self.db_url)
                self.engine = None

    # --- skipping known articles -------------------------------------------------------------------------

    def is_known(self, request: Request) -> bool:
        if not self.enabled or R.kind_of(request.meta) != R.Kind.ARTICLE or R.is_forced(request.meta):
            return False
        if self.known is None:
            self._load()
        assert self.known is not None
        key = R.key_of(request.meta)
        return (key is not None and key in self.known) or request.url in self.known

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        if self.is_known(request):
            self.inc("news/incremental/skipped")
            raise IgnoreRequest(f"already stored: {R.key_of(request.meta) or request.url}")

    # --- downloader middleware -----------------------------------------------------------------------------

    def process_request(self, request: Request) -> None:
        kind = R.kind_of(request.meta)
        if kind not in KINDS:
            return None
        if self.is_known(request):  # requests that bypassed the scheduler
            self.inc("news/incremental/skipped")
            raise IgnoreRequest(f"already stored: {R.key_of(request.meta) or request.url}")
        if not request.meta.get("retry_times"):
            self.inc(f"news/{kind}/requests")
        if kind == "list" and self.conditional:
            etag, modified = self.validators.get(request.url, (None, None))
            if etag and b"If-None-Match" not in request.headers:
                request.headers[b"If-None-Match"] = etag
            if modified and b"If-Modified-Since" not in request.headers:
                request.headers[b"If-Modified-Since"] = modified
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        kind = R.kind_of(request.meta)
        if kind not in KINDS:
            return response
        status = response.status
        self.inc(f"news/{kind}/status/{status}")
        ok = 200 <= status < 300 or (kind == "list" and status == 304)
        self.inc(f"news/{kind}/{'ok' if ok else 'failed'}")
        if kind == "list" and status == 304:
            self.inc("news/list/not_modified")
            # not an error: nothing changed there since the last clean run (errbacks see IgnoreRequest)
            raise IgnoreRequest(f"not modified since the last run: {request.url}")
        if kind == "list" and 200 <= status < 300 and self.conditional:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            if etag or modified:
                self.fresh[request.url] = (
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                    status,
                )
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = R.kind_of(request.meta)
        if kind in KINDS and not isinstance(exception, IgnoreRequest):
            self.inc(f"news/{kind}/failed")
            self.inc(f"news/{kind}/exception/{type(exception).__name__}")
        return None
