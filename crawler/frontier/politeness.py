"""``ClusterPolitenessMiddleware``: per-host delay and concurrency for the whole cluster.

In distributed mode each node's own downloader slot would space requests only among its own;
N nodes would hit a host N times as often. This downloader middleware (after the robots guard)
takes a turn from a slot per host in Redis before a request goes to the downloader:

* the host's next free time (``<p>:slot:<host>:next``, on Redis's clock) — a request may start
  only when it has passed, and moves it ``delay`` + ``DELAY_MARGIN_S`` on; when the request
  actually leaves (``request_reached_downloader``) it is moved again to that moment + the delay, so
  a process that stalls between its turn and the send cannot shorten the gap, and again when
  its answer arrives (measured here: under heavy CPU load a process can stall over 100 ms between
  "sent" and the bytes leaving, so only "answer + delay" guarantees the gap at the server); ``delay`` is
  the larger of ``DOWNLOAD_DELAY`` (or the host's ``DOWNLOAD_SLOTS`` delay) and the host's
  robots.txt ``Crawl-delay`` (put in ``meta`` by the robots guard);
* the host's requests in flight (``<p>:slot:<host>:active``, a sorted set of leases that expire
  after ``DOWNLOAD_TIMEOUT`` + 30 s, so a killed node's turns come back) — at most
  ``CONCURRENT_REQUESTS_PER_DOMAIN`` (or the host's ``DOWNLOAD_SLOTS`` concurrency) cluster-wide.

Both are checked and taken in one Lua script (atomic). The local slot's own delay is set to 0 for
hosts governed here (the cluster slot is the delay); AutoThrottle, which adjusts local slots
only, should be off in distributed mode. Stats: ``news/cluster/slot_wait`` (seconds waited),
``news/cluster/slot_full`` (turns refused because the host had its concurrency in flight).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.frontier import CRAWL_DELAY_META, frontier_of, frontier_url, prefix, sleep

log = logging.getLogger(__name__)

TOKEN_META = "news_slot_token"
FULL_POLL_S = 0.05
# added to a non-zero per-host delay: absorbs the spread between taking a turn and the request leaving
DELAY_MARGIN_S = 0.05

# KEYS: next, active. ARGV: delay_ms, concurrency, token, lease_ms.
# Returns 0 (turn taken), ms to wait for the next free time, or -1 (host at its concurrency).
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[1])
local conc = tonumber(ARGV[2])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then return nxt - now end
if conc > 0 and redis.call('ZCARD', KEYS[2]) >= conc then return -1 end
if delay > 0 then redis.call('SET', KEYS[1], now + delay, 'PX', delay + 60000) end
redis.call('ZADD', KEYS[2], now + lease, ARGV[3])
redis.call('PEXPIRE', KEYS[2], lease + 1000)
return 0
"""
# KEYS: next. ARGV: delay_ms. The request is leaving now: the host's next free time is at least
# now + delay (a turn taken long before the request left does not shorten the gap).
SENT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > cur then redis.call('SET', KEYS[1], nxt, 'PX', tonumber(ARGV[1]) + 60000) end
return 0
"""


class ClusterPolitenessMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.prefix = prefix(s)
        from crawler.frontier.connection import client, errors

        self.r = client(crawler)
        self.errors = errors()
        self.acquire = self.r.register_script(ACQUIRE)
        self.sent = self.r.register_script(SENT)
        crawler.signals.connect(self._reached_downloader, signal=signals.request_reached_downloader)
        self.delay = s.getfloat("DOWNLOAD_DELAY", 0.0)
        self.concurrency = s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8)
        self.slots: dict[str, Any] = s.getdict("DOWNLOAD_SLOTS")
        self.margin = DELAY_MARGIN_S
        self.lease_ms = int((s.getfloat("DOWNLOAD_TIMEOUT", 180) + 30) * 1000)
        if s.getbool("AUTOTHROTTLE_ENABLED"):
            log.warning(
                "AutoThrottle adjusts each node's own delay only; in distributed mode the delay is "
                "DOWNLOAD_DELAY / Crawl-delay held cluster-wide (set AUTOTHROTTLE_ENABLED=False)"
            )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not frontier_url(crawler.settings):
            raise NotConfigured
        return cls(crawler)

    def _inc(self, key: str, n: float = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)  # type: ignore[arg-type]

    def _host_policy(self, host: str, request: Request) -> tuple[float, int]:
        slot = self.slots.get(host) or {}
        delay = float(slot.get("delay", self.delay))
        conc = int(slot.get("concurrency", self.concurrency))
        delay = max(delay, float(request.meta.get(CRAWL_DELAY_META) or 0.0))
        return delay, conc

    async def process_request(self, request: Request, spider: Any = None) -> None:
        coordinator = frontier_of(self.crawler)
        if coordinator is not None and coordinator.lost:
            return None
        host = urlparse_cached(request).netloc
        delay, conc = self._host_policy(host, request)
        delay_ms = int(round((delay + self.margin) * 1000)) if delay > 0 else 0
        token = uuid.uuid4().hex
        keys = [f"{self.prefix}:slot:{host}:next", f"{self.prefix}:slot:{host}:active"]
        waited = 0.0
        while True:
            try:
                wait_ms = int(self.acquire(keys=keys, args=[delay_ms, conc, token, self.lease_ms]))
            except self.errors as exc:
                if coordinator is not None:
                    coordinator.frontier_failed("politeness slot", exc)
                return None  # the crawl is closing; never hang a request on a dead Redis
            if wait_ms == 0:
                break
            pause = FULL_POLL_S if wait_ms < 0 else wait_ms / 1000
            if wait_ms < 0:
                self._inc("news/cluster/slot_full")
            waited += pause
            await sleep(pause)
        if waited:
            self._inc("news/cluster/slot_wait", round(waited, 3))
        request.meta[TOKEN_META] = (keys[1], token, keys[0], delay_ms)
        self._zero_local_delay(request)
        return None

    def _zero_local_delay(self, request: Request) -> None:
        try:
            downloader = self.crawler.engine.downloader
            _key, slot = downloader._get_slot(request)
            slot.delay = 0.0
            slot.jitter = 0.0
        except Exception:  # internals moved: the local delay only adds to the cluster's
            log.debug("could not zero the local slot delay", exc_info=True)

    def _reached_downloader(self, request: Request, spider: Any = None) -> None:
        """Right before the request is sent: the host's next turn counts from now."""
        held = request.meta.get(TOKEN_META)
        if held is None or not held[3]:
            return
        try:
            self.sent(keys=[held[2]], args=[held[3]])
        except self.errors:
            pass  # the turn taken still spaces requests

    def _release(self, request: Request) -> None:
        held = request.meta.pop(TOKEN_META, None)
        if held is None:
            return
        try:
            if held[3]:  # the next turn counts from this answer (before the turn is given back)
                self.sent(keys=[held[2]], args=[held[3]])
            self.r.zrem(held[0], held[1])
        except self.errors:
            pass  # the lease expires on its own

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._release(request)
        return None
