"""``scrapy crawl SPIDER`` for this project: Scrapy's command, plus

* **the spider's arguments checked before anything starts** — Scrapy creates the spider inside the
  running crawl, so a bad ``-a`` would end in a logged traceback and exit status 1; here the spider's
  own argument parsing (``NewsSpiderBase.check_arguments``) runs first, and a
  :class:`~crawler.spiders.base.SpiderArgumentError` is one line on stderr and exit status 2;

* **an exit status from the run's verdict** — the same verdict and codes as ``cnr-news cron``
  (:func:`pipelines.db.run_recorder.assess_run`, :data:`pipelines.cron.outcome.EXIT_CODES`): 0 for a
  healthy run, 3 when the site was unreachable, 1 when the run failed, 6 when it was stopped, 7 when
  it was degraded (template drift) … and one line on stderr saying why;
* **a prompt stop on SIGTERM/SIGINT**: the ``crawler.signals.stopping`` signal ends the robots guard's
  waits at once, requests still queued in the downloader (never sent: the next run fetches them) are
  dropped, and Scrapy closes the crawl gracefully — responses already received are processed and
  committed; if that has not finished within
  ``NEWS_STOP_GRACE`` seconds (1.5) because downloads are still in flight (they can take up to
  ``DOWNLOAD_TIMEOUT``), the items already through the pipelines are committed, the run is recorded as
  ``interrupted`` in ``crawl_runs`` and the process exits (exit status 6); the pages in flight are
  fetched by the next run. Responses already received are processed first (at most
  ``NEWS_STOP_MAX`` seconds, 30). A second signal still forces Scrapy's own unclean shutdown.

Named in crawler/settings.py as ``COMMANDS_MODULE = "pipelines.commands"`` (a dotted string:
crawler/ never imports pipelines/).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, UsageError

from crawler import signals as news_signals
from crawler.spiders.base import SpiderArgumentError
from pipelines.cron.outcome import EXIT_CODES, EXIT_FAILED, EXIT_OK, exit_code_for
from pipelines.db.run_recorder import CrawlRunRecorder, assess_run
from pipelines.db.storage_pipeline import StoragePipeline

log = logging.getLogger(__name__)

DEFAULT_STOP_GRACE = 1.5
DEFAULT_STOP_MAX = 30.0
RECHECK_S = 0.1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
BAD_INPUT = 2  # exit status of a bad command line (README)


def verdict_of(crawler: Crawler) -> dict[str, Any]:
    """``status``, ``problem``, ``error`` of a finished crawl: the recorder's verdict, else assessed here."""
    stats = dict(crawler.stats.get_stats()) if crawler.stats is not None else {}
    status = stats.get("news/run/status")
    if status:
        problem = stats.get("news/run/verdict")
        return {
            "status": status,
            "problem": None if problem == status else problem,
            "error": stats.get("news/run/message"),
        }
    verdict = assess_run(
        stats,
        stats.get("finish_reason"),
        max_errors=crawler.settings.getint("NEWS_MAX_ERRORS", 100),
        max_generic_share=(
            crawler.settings.getfloat("NEWS_CNR_MAX_GENERIC_SHARE", 0.5)
            if crawler.spidercls is not None and crawler.spidercls.name == "cnr"
            else None
        ),
    )
    return {"status": verdict.status, "problem": verdict.problem, "error": verdict.message}


def report(record: dict[str, Any]) -> int:
    """The exit status for a verdict, after one line on stderr when it is not OK."""
    code = exit_code_for(record)
    if code != EXIT_OK:
        print(
            f"crawl {record['status']} (exit {code}: {EXIT_CODES.get(code, '?')}): "
            f"{record.get('error') or record.get('problem') or record['status']}",
            file=sys.stderr,
        )
    return code


def drop_queued_downloads(crawler: Crawler) -> int:
    """Fail the requests waiting in the downloader's slot queues (not sent yet) with ``IgnoreRequest``,
    so that a graceful close waits only for the downloads in flight; how many were dropped."""
    try:
        slots = list(crawler.engine.downloader.slots.values())
    except Exception:  # Scrapy internals moved: the close just takes longer (the grace still holds)
        log.debug("could not reach the downloader's queues", exc_info=True)
        return 0
    dropped = 0
    for slot in slots:
        queue = getattr(slot, "queue", None)
        while queue:
            _request, deferred = queue.popleft()
            if not deferred.called:
                deferred.errback(IgnoreRequest("crawl stopping: not fetched"))
                dropped += 1
    return dropped


class StopOnSignal:
    """SIGTERM/SIGINT: tell the crawl (``stopping``), let Scrapy close it, and cut it short after a grace."""

    def __init__(self, crawler: Crawler, grace: float, most: float = DEFAULT_STOP_MAX) -> None:
        self.crawler = crawler
        self.grace = grace
        self.most = most
        self.signalled_at = 0.0
        self.closed = False
        self.signalled = False
        self.previous: dict[int, Any] = {}
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    def _closed(self, *args: Any, **kwargs: Any) -> None:
        self.closed = True

    def install(self) -> None:
        """Wrap the handlers Scrapy installed (call once the reactor runs: Scrapy installs its own then)."""
        for sig in STOP_SIGNALS:
            self.previous[sig] = signal.getsignal(sig)
            signal.signal(sig, self._handler)

    def _handler(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(self._begin, signal.Signals(signum).name)
        previous = self.previous.get(signum)
        if callable(previous):
            previous(signum, frame)  # Scrapy's graceful shutdown (which arms its own second-signal kill)

    def _begin(self, signame: str) -> None:
        from twisted.internet import reactor

        self.signalled = True
        self.signalled_at = time.monotonic()
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("news/run/stop_signal", signame)
        self.crawler.signals.send_catch_log(news_signals.stopping, signame=signame)
        dropped = drop_queued_downloads(self.crawler)
        if dropped and self.crawler.stats is not None:
            self.crawler.stats.set_value("news/run/stop_dropped_queued", dropped)
        # zope Interface methods are declared without ``self`` (no mypy-zope plugin): mypy misreads the args
        reactor.callLater(self.grace, self._force, signame)  # type: ignore[arg-type]

    def _scraper_busy(self) -> bool:
        """Whether received responses (or their items) are still being processed."""
        try:
            slot = self.crawler.engine.scraper.slot
            return slot is not None and not slot.is_idle()
        except Exception:
            return False

    def _force(self, signame: str) -> None:
        from twisted.internet import reactor

        if self.closed:
            return
        if self._scraper_busy() and time.monotonic() - self.signalled_at < self.most:
            # what was received is processed and committed first (an article fetched is not lost)
            reactor.callLater(RECHECK_S, self._force, signame)  # type: ignore[arg-type]
            return
        log.warning(
            "%s: the crawl did not close within %g s (downloads in flight); committing what was "
            "processed, recording the run as interrupted and exiting",
            signame,
            self.grace,
        )
        reason = "shutdown"
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("finish_reason", reason)
        try:  # items already through the pipelines: committed, as a graceful close would
            for pipeline in self.crawler.engine.scraper.itemproc.middlewares:
                if isinstance(pipeline, StoragePipeline):
                    pipeline.close_spider()
        except Exception:
            log.exception("could not commit the last items")
        recorder = next(
            (m for m in self.crawler.extensions.middlewares if isinstance(m, CrawlRunRecorder)), None
        )
        spider = self.crawler.spider
        if recorder is not None and spider is not None:
            try:
                recorder.spider_closed(spider, reason)
            except Exception:
                log.exception("could not record the interrupted run")
        exit_now(report(verdict_of(self.crawler)))


def exit_now(code: int) -> None:
    """Exit at once, skipping the interpreter's teardown of its heap (≈2 s with the entity tables
    loaded): after a stop signal, the crawl is closed and recorded, and the caller wants it gone."""
    import atexit

    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; exit status from the run's verdict (as cnr-news cron)"

    def long_desc(self) -> str:
        return (
            "Run a spider of the project. The exit status says how the run went: "
            + "; ".join(f"{code} = {text}" for code, text in EXIT_CODES.items() if code not in (2, 5, 75))
            + ". SIGTERM stops the crawl within NEWS_STOP_GRACE seconds (recorded as interrupted)."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process
        assert self.settings is not None
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            print(f"scrapy crawl: error: no spider named {args[0]!r}", file=sys.stderr)
            self.exitcode = BAD_INPUT
            return
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(self.settings, **opts.spargs)
            except SpiderArgumentError as exc:
                print(f"scrapy crawl: error: {exc}", file=sys.stderr)
                self.exitcode = BAD_INPUT
                return
        crawler = self._create_crawler(args[0])
        assert self.settings is not None
        stopper = StopOnSignal(
            crawler,
            self.settings.getfloat("NEWS_STOP_GRACE", DEFAULT_STOP_GRACE),
            self.settings.getfloat("NEWS_STOP_MAX", DEFAULT_STOP_MAX),
        )
        from twisted.internet import reactor

        # Scrapy installs its signal handlers when the reactor has started: wrap them just after
        reactor.callWhenRunning(lambda: reactor.callLater(0, stopper.install))  # type: ignore[arg-type]
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        self.exitcode = report(verdict_of(crawler))
        if stopper.signalled:
            exit_now(self.exitcode)
