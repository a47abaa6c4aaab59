"""scrapy-redis's scheduler, with Redis failures turned into one clear outcome (see :mod:`.scheduler`)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from crawler.frontier import QUEUE_CLASS, dupefilter_key, frontier_of, queue_key, taken_done
from crawler.frontier.cluster import TAKEN_META
from crawler.frontier.connection import client, errors

log = logging.getLogger(__name__)
ERRORS = errors()


class RedisFrontierScheduler(RedisScheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    crawler: Crawler

    @classmethod
    def build(cls, crawler: Crawler) -> RedisFrontierScheduler:
        s = crawler.settings
        server = client(crawler)
        name = crawler.spidercls.name
        df = RFPDupeFilter(server, key=dupefilter_key(s) % {"spider": name})
        instance = cls(
            server=server,
            persist=True,  # the run coordinator clears the queue when the last node leaves
            flush_on_start=False,
            queue_key=queue_key(s),
            queue_cls=QUEUE_CLASS,
            dupefilter=df,
            idle_before_close=0,
        )
        instance.stats = crawler.stats
        instance.crawler = crawler
        return instance

    def _failed(self, what: str, exc: BaseException) -> None:
        coordinator = frontier_of(self.crawler)
        if coordinator is not None:
            coordinator.frontier_failed(what, exc)
        else:  # pragma: no cover - the coordinator is always there with a frontier
            log.error("frontier %s failed: %s: %s", what, type(exc).__name__, exc)

    def open(self, spider: Any) -> None:
        try:
            super().open(spider)
        except ERRORS as exc:
            self._failed("open", exc)

    def enqueue_request(self, request: Any) -> bool:
        # a request this node took coming back (a retry, a redirect): once queued, it is no longer held
        token = request.meta.pop(TAKEN_META, None)
        try:
            queued = bool(super().enqueue_request(request))
        except ERRORS as exc:
            self._failed("push", exc)
            return False
        taken_done(self.crawler, token)
        return queued

    def next_request(self) -> Any:
        coordinator = frontier_of(self.crawler)
        where = coordinator.taking() if coordinator is not None else None
        try:
            if where is None:
                request = super().next_request()
            else:  # popped and kept in this node's taken hash in one step
                request = self.queue.pop_into(*where)
                if request is not None and self.stats:
                    self.stats.inc_value("scheduler/dequeued/redis")
        except ERRORS as exc:
            self._failed("pop", exc)
            return None
        if request is not None and coordinator is not None:
            coordinator.took_request()
            if where is not None:
                request.meta[TAKEN_META] = where[1]
        return request

    def __len__(self) -> int:
        try:
            return int(super().__len__())
        except ERRORS + (AttributeError,) as exc:
            if not isinstance(exc, AttributeError):
                self._failed("length", exc)
            return 0

    def has_pending_requests(self) -> bool:
        return len(self) > 0
