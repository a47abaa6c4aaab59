"""``CrawlRunRecorder``: a Scrapy extension that records every crawl in ``crawl_runs``.

- ``spider_opened``: older rows of this host still ``running`` whose process is gone (``kill -9``,
  power loss) are marked ``interrupted``; then a ``running`` row is inserted for this crawl (spider,
  arguments, pid).
- ``spider_closed``: the row gets the finish reason, counts (pages, items, new, updated,
  unchanged, dropped, errors), the whole stats dictionary as JSON, and a verdict from
  :func:`assess_run`: ``finished``, ``failed`` (``error`` says why), ``interrupted`` (stopped
  by a signal) or ``degraded`` (the ``cnr`` spider read more than ``NEWS_CNR_MAX_GENERIC_SHARE`` of
  its articles with the generic extractor: CNR's template has probably changed). The share of
  articles per template is kept in the stats JSON (``news/run/generic_share``,
  ``news/run/generic_articles``, ``news/run/template_articles``) — no column of its own. With the ``NEWS_RUN_REPORT`` setting the same record is also written to that JSON
  file (``cnr-news cron`` reads it when the database itself could not be written).

Settings: ``NEWS_DB_URL``; ``NEWS_MAX_ERRORS`` (default 100; above it the run counts as failed;
negative disables); ``NEWS_RECORD_RUNS`` (default on); ``NEWS_RUN_REPORT`` (path, optional);
``NEWS_CNR_MAX_GENERIC_SHARE`` (default 0.5; the ``cnr`` spider only, from
:data:`DRIFT_MIN_ARTICLES` articles on).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pipelines.db.crawl_engine import acquire_engine, release_engine
from pipelines.db.engine import db_url_from_settings, safe_url
from pipelines.db.models import Article, CrawlRun, Page
from pipelines.db.storage_pipeline import DB_UNWRITABLE

log = logging.getLogger(__name__)

DEFAULT_MAX_ERRORS = 100
DEFAULT_MAX_GENERIC_SHARE = 0.5
# template drift is judged from this many articles on (one odd page is not a template change)
DRIFT_MIN_ARTICLES = 5
TEMPLATE_STAT = "news/template/"
GENERIC_TEMPLATE = "generic"
# spiders whose pages have site templates (the ``news`` spider reads every page generically)
TEMPLATED_SPIDERS = frozenset({"cnr"})
# Scrapy finish reasons that mean "stopped from outside" rather than "failed".
STOPPED_REASONS = frozenset({"shutdown", "cancelled"})
# Finish reasons of a run that ended as bounded (CLOSESPIDER_*): a normal, successful end.
BOUNDED_PREFIX = "closespider_"


# --- the verdict ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    status: str  # "finished" | "failed" | "interrupted" | "degraded"
    problem: str | None = None  # machine-readable code, see PROBLEMS
    message: str | None = None  # one line for humans


# problem code -> what it means (cron maps them to exit codes; README documents both)
PROBLEMS = {
    "db_unwritable": "the database could not be written",
    "site_unreachable": "no response at all: every request failed to connect",
    "all_articles_failed": "articles were attempted and none was stored",
    "no_usable_lists": "no list page returned anything usable and nothing new was stored",
    "too_many_errors": "more errors than NEWS_MAX_ERRORS",
    "robots_unavailable": "robots.txt never answered (5xx/unreachable): nothing was fetched",
    "stopped": "stopped by a signal before the end",
    "template_drift": "more than NEWS_CNR_MAX_GENERIC_SHARE of the articles fell back to the generic extractor",
}


def _n(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def _prefixed(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: _n(stats, k) for k in stats if k.startswith(prefix)}


def run_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    return {
        "pages": _n(stats, "response_received_count"),
        "items": _n(stats, "item_scraped_count"),
        "new": _n(stats, "news/db/new"),
        "updated": _n(stats, "news/db/updated"),
        "unchanged": _n(stats, "news/db/unchanged"),
        "dropped": _n(stats, "item_dropped_count"),
        "errors": _n(stats, "log_count/ERROR"),
    }


def template_shares(stats: Mapping[str, Any]) -> tuple[int, int, float | None]:
    """``(articles, of which generic, generic share)`` from the ``news/template/<name>`` counts."""
    by_template = _prefixed(stats, TEMPLATE_STAT)
    total = sum(by_template.values())
    generic = by_template.get(GENERIC_TEMPLATE, 0)
    return total, generic, (generic / total if total else None)


def assess_run(
    stats: Mapping[str, Any],
    reason: str | None,
    *,
    max_errors: int = DEFAULT_MAX_ERRORS,
    max_generic_share: float | None = None,
) -> Verdict:
    """Did the crawl work? A pure function of the final stats and the finish reason.
    ``max_generic_share``: judge template drift (``None``: not for this spider)."""
    c = run_counts(stats)
    if reason == DB_UNWRITABLE or _n(stats, "news/db/unwritable"):
        msg = stats.get("news/db/error") or "database unwritable"
        return Verdict("failed", "db_unwritable", str(msg))
    if reason in STOPPED_REASONS:  # stopped from outside: whatever else went wrong, it did not end
        return Verdict("interrupted", "stopped", f"stopped before the end ({reason})")
    responses = _n(stats, "downloader/response_count")
    exceptions = _n(stats, "downloader/exception_count")
    if responses == 0 and exceptions > 0:
        kinds = {
            k.rsplit(".", 1)[-1]: v
            for k, v in _prefixed(stats, "downloader/exception_type_count/").items()
            if not k.endswith("IgnoreRequest")  # requests dropped here, not connection attempts
        }
        attempts = sum(kinds.values())
        top = ", ".join(f"{k}×{v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:3])
        unreached = _n(stats, "news/robots/unreached")
        held = f"; {unreached} requests not sent because robots.txt never answered" if unreached else ""
        return Verdict(
            "failed",
            "site_unreachable",
            f"site unreachable: {attempts} failed connection attempts, no response ({top or 'no detail'}){held}",
        )
    stored = c["new"] + c["updated"] + c["unchanged"]
    db_failed = _n(stats, "news/db/failed")
    article_failed = _n(stats, "news/article/failed") + _n(stats, "news/item/failed")
    if stored == 0 and (article_failed + db_failed) > 0:
        return Verdict(
            "failed",
            "all_articles_failed",
            f"every article failed: {article_failed} article fetches failed, {db_failed} items could not be stored",
        )
    robots_down = _n(stats, "news/robots/unavailable")
    if robots_down and stored == 0:
        return Verdict(
            "failed",
            "robots_unavailable",
            f"robots.txt unavailable on {robots_down} host(s) after retries: nothing fetched from them",
        )
    list_requests = _n(stats, "news/list/requests")
    list_ok = _n(stats, "news/list/ok")
    if c["new"] == 0 and list_requests > 0 and list_ok == 0:
        statuses = _prefixed(stats, "news/list/status/")
        detail = ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items())) or "no answer"
        return Verdict(
            "failed",
            "no_usable_lists",
            f"no usable list page: {list_requests} list requests ({detail}) and nothing new stored",
        )
    read = list_ok - _n(stats, "news/list/not_modified")  # list pages actually read (200)
    links = (  # article links found: requested, or left out for a reason that is no fault of the list
        _n(stats, "news/article/requests")
        + _n(stats, "news/incremental/skipped")
        + _n(stats, "news/since_skipped")
        + _n(stats, "news/duplicate_article")  # seen, or claimed by another worker of the cluster first
        + _n(stats, "news/frontier/run_articles")  # a cluster: what every node found (others read the lists)
    )
    if c["new"] == 0 and read > 0 and links == 0 and c["items"] == 0:
        return Verdict(
            "failed",
            "no_usable_lists",
            f"no usable list page: {read} list pages read and not one article link found (template change?)",
        )
    connection_lost = _n(stats, "news/db/connection_lost")
    if connection_lost:
        return Verdict(
            "failed",
            "db_connection_lost",
            f"database connection lost {connection_lost}× mid-crawl: {db_failed} articles not stored "
            "(the next run fetches them)",
        )
    if max_errors >= 0 and c["errors"] > max_errors:
        return Verdict(
            "failed",
            "too_many_errors",
            f"{c['errors']} errors logged (more than NEWS_MAX_ERRORS={max_errors})",
        )
    if reason and reason != "finished" and not reason.startswith(BOUNDED_PREFIX):
        return Verdict("failed", reason, f"crawl ended with finish reason {reason!r}")
    total, generic, share = template_shares(stats)
    if max_generic_share is not None and share is not None and total >= DRIFT_MIN_ARTICLES:
        if share > max_generic_share:
            return Verdict(
                "degraded",
                "template_drift",
                f"{generic} of {total} articles ({share:.0%}) fell back to the generic extractor "
                f"(more than NEWS_CNR_MAX_GENERIC_SHARE={max_generic_share:g}): has the site's template changed?",
            )
    return Verdict("finished")


# --- bookkeeping helpers ------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def _pid_alive(pid: int | None, started_at: datetime | None) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:  # a reused pid: a process younger than the run is not the run
        import psutil

        created = datetime.fromtimestamp(psutil.Process(pid).create_time(), UTC)
        if started_at is not None and created > started_at.astimezone(UTC):
            return False
    except Exception:
        pass
    return True


def committed_since(
    session: Session, start: datetime, end: datetime
) -> tuple[dict[str, int], datetime | None]:
    """What is stored with a fetch time in ``[start, end)``: counts (new, updated, items, pages) and
    the last of those times. For a run killed before it could record its own counts (issue 18): its
    articles were committed whole, so the database says what it did. (A second crawl writing the same
    database in that window would be counted too; ``cnr-news cron``'s lock prevents that.)"""
    in_window = Article.last_crawled >= start, Article.last_crawled < end
    new = session.scalar(select(func.count()).where(Article.first_seen >= start, *in_window)) or 0
    updated = session.scalar(select(func.count()).where(Article.first_seen < start, *in_window)) or 0
    pages_q = select(func.count(), func.max(Page.fetched_at)).where(
        Page.fetched_at >= start, Page.fetched_at < end
    )
    pages, last_page = session.execute(pages_q).one()
    last_article = session.scalar(select(func.max(Article.last_crawled)).where(*in_window))
    last = max((t for t in (last_page, last_article) if t is not None), default=None)
    return {"new": new, "updated": updated, "items": new + updated, "pages": pages or 0}, last


def mark_interrupted(session: Session, *, host: str | None = None, by_run: int | None = None) -> list[int]:
    """Mark this host's ``running`` rows whose process is gone as ``interrupted``; returns their ids.
    A row with no counts (the process was killed) gets them from what it committed
    (:func:`committed_since`), and ``finished_at`` = the time of its last stored page."""
    host = host or socket.gethostname()
    now = datetime.now(UTC)
    marked = []
    query = select(CrawlRun).where(CrawlRun.status == "running")
    if by_run is not None:
        query = query.where(CrawlRun.id != by_run)
    for run in session.scalars(query):
        run_host = (run.stats or {}).get("host")
        if run_host not in (None, host):
            continue  # another machine's run (shared PostgreSQL): not ours to judge
        if _pid_alive(run.pid, run.started_at):
            continue
        run.status = "interrupted"
        run.finish_reason = run.finish_reason or "interrupted"
        if not (run.new or run.updated or run.items or run.pages) and run.started_at is not None:
            later = session.scalar(
                select(func.min(CrawlRun.started_at)).where(
                    CrawlRun.started_at > run.started_at, CrawlRun.id != run.id
                )
            )
            counts, last = committed_since(session, run.started_at, min(t for t in (later, now) if t))
            for k, v in counts.items():
                setattr(run, k, v)
            run.finished_at = run.finished_at or last
        run.error = f"process {run.pid} ended without closing the run" + (
            f" (found by run {by_run})" if by_run else ""
        )
        marked.append(run.id)
    return marked


def spider_args(spider: Spider) -> dict[str, Any]:
    """The spider's ``-a`` arguments as far as they can be told apart (string instance attributes)."""
    skip = {"name", "custom_settings", "crawler", "settings"}
    return {
        k: v
        for k, v in vars(spider).items()
        if isinstance(v, str) and not k.startswith("_") and k not in skip and len(v) < 2000
    }


# --- the extension ------------------------------------------------------------------------------------


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_url = db_url_from_settings(crawler.settings)
        self.max_errors = crawler.settings.getint("NEWS_MAX_ERRORS", DEFAULT_MAX_ERRORS)
        self.max_generic_share = crawler.settings.getfloat(
            "NEWS_CNR_MAX_GENERIC_SHARE", DEFAULT_MAX_GENERIC_SHARE
        )
        self.report_path = crawler.settings.get("NEWS_RUN_REPORT") or None
        self.engine: Engine | None = None
        self.run_id: int | None = None
        self.started_at: datetime | None = None
        self.host = socket.gethostname()
        self.closed = False  # spider_closed ran (the crawl command may run it early, on a hard stop)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # an exception in any item pipeline loses that item: count it (issue 8 fault suite)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWS_RECORD_RUNS", True):
            raise NotConfigured
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.started_at = datetime.now(UTC)
        try:
            self.engine = acquire_engine(self.crawler, self.db_url)
            with Session(self.engine) as session, session.begin():
                run = CrawlRun(
                    spider=spider.name,
                    args=spider_args(spider),
                    pid=os.getpid(),
                    started_at=self.started_at,
                    status="running",
                    stats={"host": self.host},
                )
                session.add(run)
                session.flush()
                self.run_id = run.id
                marked = mark_interrupted(session, host=self.host, by_run=run.id)
            if marked:
                log.warning("Marked earlier runs %s as interrupted (their processes are gone)", marked)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("news/run/id", self.run_id)
        except Exception as exc:
            log.error(
                "Could not record the crawl run in %s: %s: %s", safe_url(self.db_url), type(exc).__name__, exc
            )

    def item_error(self, *args: Any, **kwargs: Any) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("news/item/failed")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        stats = dict(self.crawler.stats.get_stats()) if self.crawler.stats is not None else {}
        finished_at = datetime.now(UTC)
        verdict = assess_run(
            stats,
            reason,
            max_errors=self.max_errors,
            max_generic_share=self.max_generic_share if spider.name in TEMPLATED_SPIDERS else None,
        )
        stats["news/run/verdict"] = verdict.problem or verdict.status
        stats["news/run/status"] = verdict.status
        stats["news/run/message"] = verdict.message
        total, generic, share = template_shares(stats)
        if total:
            stats["news/run/template_articles"] = total
            stats["news/run/generic_articles"] = generic
            stats["news/run/generic_share"] = round(share or 0.0, 4)
        if self.crawler.stats is not None:  # for whoever reads the live stats (the crawl command)
            for k in ("news/run/verdict", "news/run/status", "news/run/message", "news/run/generic_share"):
                if k in stats:
                    self.crawler.stats.set_value(k, stats[k])
        stats.setdefault("finish_time", finished_at)
        stats["host"] = self.host
        counts = run_counts(stats)
        record = {
            "run_id": self.run_id,
            "spider": spider.name,
            "pid": os.getpid(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": finished_at.isoformat(),
            "status": verdict.status,
            "finish_reason": reason,
            "problem": verdict.problem,
            "error": verdict.message,
            **counts,
            "recorded_in_db": False,
            "stats": _jsonable(stats),
        }
        drift = (
            f"; generic extractor {generic}/{total} articles ({share:.0%})"
            if total and share is not None
            else ""
        )
        if verdict.status != "finished":
            log.error("Crawl run %s %s: %s%s", self.run_id, verdict.status, verdict.message, drift)
        else:
            log.info(
                "Crawl run %s finished: %s pages, %s items, %s new, %s updated, %s unchanged, %s errors%s",
                self.run_id,
                *(counts.get(k, 0) for k in ("pages", "items", "new", "updated", "unchanged", "errors")),
                drift,
            )
        if self.engine is not None and self.run_id is not None:
            try:
                with Session(self.engine) as session, session.begin():
                    run = session.get(CrawlRun, self.run_id)
                    if run is not None:
                        run.finished_at = finished_at
                        run.status = verdict.status
                        run.finish_reason = reason[:128] if reason else None
                        run.error = verdict.message
                        for k, v in counts.items():
                            setattr(run, k, v)
                        run.stats = _jsonable(stats)
                record["recorded_in_db"] = True
            except Exception as exc:
                log.error("Could not record the end of run %s: %s: %s", self.run_id, type(exc).__name__, exc)
        if self.engine is not None:
            release_engine(self.crawler, self.db_url)
            self.engine = None
        if self.report_path:
            try:
                path = Path(self.report_path)
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
                os.replace(tmp, path)
            except OSError as exc:
                log.error("Could not write the run report %s: %s", self.report_path, exc)
