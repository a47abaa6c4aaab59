"""``ClusterCoordinator`` (an extension): one crawl run shared by every node that joins it.

* **Joining.** At ``spider_opened`` a node registers in ``<p>:<spider>:members`` (a lease renewed
  every ``NEWS_FRONTIER_LEASE``/5 s); joins are serialised by a short lock. If no run is live
  (``<p>:<spider>:run`` absent, or no member with a live lease), this node starts one: it drops
  what a dead run left (queue, duplicate filter, claimed keys, robots.txt verdicts) and is the only
  node that yields the spider's start requests (the seed).
* **Busy.** A node that holds requests (downloading, parsing, start requests pending) keeps a lease
  in ``<p>:<spider>:busy``. An idle node does not stop while the shared queue is non-empty or another
  node is busy (it polls every ``POLL_S``); a killed node's leases expire, so the others finish.
* **Taken, then done.** scrapy-redis pops a request without an acknowledgement. This node pops each
  request into ``<p>:<spider>:taken:<node>`` (a hash: token -> score + the encoded request; one Lua
  script, :mod:`crawler.frontier.taking_queue`) and keeps it there until every request its callback
  yielded is scheduled (:class:`crawler.frontier.ack.TakenAckMiddleware`) or it goes back to the
  queue (a retry, a redirect). An idle node puts the requests a dead node (member lease expired)
  had taken back in the queue (``news/frontier/recovered``), so a ``kill -9`` costs only the
  articles the dead node parsed but had not committed — not the list pages it held.
* **Leaving.** At close a node drops its leases and puts back what it still held; the last live
  member clears the run.
* **Failure.** Redis unreachable at start: finish reason ``frontier_unavailable``. Redis lost
  mid-run (a failed call, or the run marker — a key without expiry — gone after a restart): one clear
  error, ``news/frontier/lost`` set and finish reason ``frontier_lost``. Either way the database
  holds every article committed; the next run fetches the rest.

Stats: ``news/frontier/seeder`` (1 on the seeding node), ``news/frontier/error`` (failed Redis
calls), ``news/frontier/lost``, ``news/frontier/last_node``, ``news/frontier/claimed_elsewhere``,
``news/frontier/run_articles`` (article keys every node of the run claimed, read when this node finds
the run's work done: a node that only read a list without article links, the homepage, while the
others read the channels, did not crawl a site without usable lists).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler.frontier import ATTR, dupefilter_key, frontier_url, prefix, queue_key

log = logging.getLogger(__name__)

FRONTIER_LOST = "frontier_lost"  # finish reasons
FRONTIER_UNAVAILABLE = "frontier_unavailable"
POLL_S = 0.25  # how often an idle node looks at the shared queue
TAKEN_META = "news_frontier_taken"  # request meta: this node's token for the request it popped

# KEYS: taken hash, queue, takers set. ARGV: node. Every request in the hash back into the queue
# (value = "<score>\n<encoded request>"), the hash and the node's place among the takers dropped.
REQUEUE = """
local vals = redis.call('HVALS', KEYS[1])
for _, v in ipairs(vals) do
  local nl = string.find(v, "\\n", 1, true)
  redis.call('ZADD', KEYS[2], string.sub(v, 1, nl - 1), string.sub(v, nl + 1))
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
return #vals
"""


def _text(value: Any) -> Any:
    """A Redis reply as text (the client may answer bytes)."""
    return value.decode() if isinstance(value, bytes) else value


def _redacted(url: str) -> str:
    if "@" in url:
        scheme, rest = url.split("://", 1) if "://" in url else ("", url)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


class ClusterCoordinator:
    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = frontier_url(s)
        self.prefix = prefix(s)
        from crawler.frontier.connection import client, errors

        self.r = client(crawler)
        self.errors = errors()
        self.lease_ms = int(s.getfloat("NEWS_FRONTIER_LEASE", 10.0) * 1000)
        self.node = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.seeder = False
        self.run_id: str | None = None
        self.lost: str | None = None
        self.offset_ms = 0.0  # Redis clock minus ours: leases are compared on Redis's clock
        self.busy_until = 0.0
        self.heartbeat: threading.Thread | None = None
        self.stopping = threading.Event()
        self.spider_name = crawler.spidercls.name
        self.requeue = self.r.register_script(REQUEUE)
        setattr(crawler, ATTR, self)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not frontier_url(crawler.settings):
            raise NotConfigured
        return cls(crawler)

    # --- keys --------------------------------------------------------------------------------------
    def key(self, name: str) -> str:
        return f"{self.prefix}:{self.spider_name}:{name}"

    @property
    def queue(self) -> str:
        return queue_key(self.crawler.settings) % {"spider": self.spider_name}

    def run_keys(self) -> list[str]:
        """Everything a run leaves in Redis (its politeness slots expire on their own)."""
        takers = [self.taken_key(_text(n)) for n in self.r.smembers(self.key("takers"))]
        return [
            self.queue,
            dupefilter_key(self.crawler.settings) % {"spider": self.spider_name},
            self.key("keys"),
            self.key("busy"),
            self.key("robots"),
            self.key("takers"),
            *takers,
        ]

    def taken_key(self, node: str) -> str:
        return self.key(f"taken:{node}")

    # --- taken / done ------------------------------------------------------------------------------
    def taking(self) -> tuple[str, str] | None:
        """Where the next request this node pops is kept until done: its taken hash and a new token
        (None once the frontier is lost). The queue pops into it atomically
        (:class:`crawler.frontier.taking_queue.TakingPriorityQueue`)."""
        if self.lost:
            return None
        return self.taken_key(self.node), uuid.uuid4().hex

    def done(self, token: str | None) -> None:
        """The request of ``token`` is finished (its output queued) or back in the queue."""
        if not token or self.lost:
            return
        try:
            self.r.hdel(self.taken_key(self.node), token)
        except self.errors as exc:
            self.frontier_failed("done", exc)

    def _put_back(self, node: str) -> int:
        return int(self.requeue(keys=[self.taken_key(node), self.queue, self.key("takers")], args=[node]))

    def recover_dead(self) -> int:
        """Put the requests that dead nodes (member lease expired) had taken back in the queue.
        (A live node working on what it took is busy: :meth:`spider_idle` waits for it anyway.)"""
        now = self.now_ms()
        back = 0
        for raw in self.r.smembers(self.key("takers")):
            node = _text(raw)
            if node == self.node:
                continue
            lease = self.r.zscore(self.key("members"), node)
            if lease is None or lease < now:
                n = self._put_back(node)
                back += n
                if n:
                    log.warning(
                        "Frontier: node %s is gone; %d requests it had taken are queued again", node, n
                    )
        if back:
            self._inc("news/frontier/recovered", back)
        return back

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    def now_ms(self) -> float:
        return time.time() * 1000 + self.offset_ms

    def _sync_clock(self) -> None:
        sec, usec = self.r.time()
        self.offset_ms = sec * 1000 + usec / 1000 - time.time() * 1000

    # --- joining -----------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        try:
            self._sync_clock()
            self._join()
        except self.errors as exc:
            log.error(
                "Frontier unreachable at %s (%s: %s): not crawling (finish reason %s)",
                _redacted(self.url),
                type(exc).__name__,
                exc,
                FRONTIER_UNAVAILABLE,
            )
            if self.stats is not None:
                self.stats.set_value("news/frontier/unavailable", 1)
            self.lost = FRONTIER_UNAVAILABLE
            raise CloseSpider(FRONTIER_UNAVAILABLE) from exc
        # a thread, not the reactor: a node busy parsing (or loading a model) for longer than its
        # lease is alive and must keep its lease; a killed one stops renewing it
        self.heartbeat = threading.Thread(target=self._beat_loop, name="frontier-heartbeat", daemon=True)
        self.heartbeat.start()

    def _join(self) -> None:
        members, run_key = self.key("members"), self.key("run")
        lock = self.key("join-lock")
        deadline = time.monotonic() + 30
        while not self.r.set(lock, self.node, nx=True, px=10_000):  # one node decides at a time
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        try:
            now = self.now_ms()
            self.r.zremrangebyscore(members, "-inf", now)
            current = self.r.get(run_key)
            if current is None or self.r.zcard(members) == 0:
                # no run, or a run whose nodes all died: start afresh (the database is the record)
                self.r.delete(*self.run_keys())
                self.r.set(run_key, uuid.uuid4().hex)
                self.seeder = True
                self.mark_busy(force=True)  # others must not finish before the seed is in the queue
            got = self.r.get(run_key)
            self.run_id = _text(got)
            self.r.zadd(members, {self.node: now + self.lease_ms})
            self.r.sadd(self.key("takers"), self.node)  # where the others look for what it took
        finally:
            self.r.delete(lock)
        if self.stats is not None:
            self.stats.set_value("news/frontier/seeder", int(self.seeder))
        log.info(
            "Frontier %s: %s run %s as node %s",
            _redacted(self.url),
            "started" if self.seeder else "joined",
            self.run_id,
            self.node,
        )

    def should_seed(self) -> bool:
        """Whether this node yields the start requests (exactly one node per run does)."""
        return self.seeder

    def first_sight(self, key: str) -> bool:
        """Claim an article key for this run: False when another node (or this one) already did."""
        if self.lost:
            return True
        try:
            added = bool(self.r.sadd(self.key("keys"), key))
        except self.errors as exc:
            self.frontier_failed("claim", exc)
            return True  # the database still dedupes
        if not added:
            self._inc("news/frontier/claimed_elsewhere")
        return added

    # --- busy / idle -------------------------------------------------------------------------------
    def _locally_busy(self) -> bool:
        engine = self.crawler.engine
        try:
            return bool(
                engine.downloader.active
                or not engine.scraper.slot.is_idle()  # type: ignore[union-attr]
                or getattr(engine, "_start", None) is not None
            )
        except Exception:  # engine internals moved: say busy (never finish early)
            return True

    def mark_busy(self, *, force: bool = False) -> None:
        now = self.now_ms()
        if not force and now < self.busy_until - self.lease_ms * 0.75:
            return
        self.busy_until = now + self.lease_ms
        self.r.zadd(self.key("busy"), {self.node: self.busy_until})

    def took_request(self) -> None:
        """The scheduler handed this node a request: it is busy (before any other node looks)."""
        try:
            self.mark_busy()
        except self.errors as exc:
            self.frontier_failed("lease", exc)

    def _beat_loop(self) -> None:
        from twisted.internet import reactor

        while not self.stopping.wait(self.lease_ms / 5000):
            problem = self._beat()
            if problem is not None:
                reactor.callFromThread(self.frontier_failed, *problem)  # type: ignore[attr-defined]
                return

    def _beat(self) -> tuple[str, BaseException] | None:
        """Renew this node's leases (heartbeat thread); the failure to report, if any."""
        if self.lost:
            return None
        try:
            now = self.now_ms()
            pipe = self.r.pipeline()
            pipe.get(self.key("run"))
            pipe.zadd(self.key("members"), {self.node: now + self.lease_ms})
            if self._locally_busy():
                self.busy_until = now + self.lease_ms
                pipe.zadd(self.key("busy"), {self.node: self.busy_until})
            else:
                self.busy_until = 0
                pipe.zrem(self.key("busy"), self.node)
            run, *_ = pipe.execute()
        except self.errors as exc:
            return "heartbeat", exc
        run = _text(run)
        if run != self.run_id:
            return "run marker", RuntimeError(f"run {self.run_id} is gone from Redis (restarted or flushed?)")
        return None

    def spider_idle(self, spider: Spider) -> None:
        if self.lost:
            return  # closing already requested
        try:
            if self.recover_dead() or self.r.zcard(self.queue) > 0:
                return self._wait()
            now = self.now_ms()
            busy = self.key("busy")
            self.r.zremrangebyscore(busy, "-inf", now)
            self.r.zrem(busy, self.node)
            self.busy_until = 0
            if self.r.zcard(busy) > 0:  # another node may still add requests
                return self._wait()
            if self.stats is not None:  # the run's work is done: what every node found, for the verdict
                self.stats.set_value("news/frontier/run_articles", int(self.r.scard(self.key("keys"))))
        except self.errors as exc:
            self.frontier_failed("idle check", exc)
            return
        return None

    def _wait(self) -> None:
        from twisted.internet import reactor

        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            reactor.callLater(POLL_S, slot.nextcall.schedule)  # type: ignore[arg-type]  # zope method bound without self (see robots.py)
        raise DontCloseSpider

    # --- failure and leaving -------------------------------------------------------------------------
    def frontier_failed(self, what: str, exc: BaseException) -> None:
        self._inc("news/frontier/error")
        if self.lost or self.run_id is None:  # not joined yet: spider_opened reports "unavailable"
            return
        self.lost = FRONTIER_LOST
        log.error(
            "Frontier lost (%s failed: %s: %s): requests queued in Redis are gone; stopping this crawl "
            "(finish reason %s). Articles already committed are safe; run again to fetch the rest.",
            what,
            type(exc).__name__,
            exc,
            FRONTIER_LOST,
        )
        if self.stats is not None:
            self.stats.set_value("news/frontier/lost", 1)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=FRONTIER_LOST))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.stopping.set()
        if self.heartbeat is not None:
            self.heartbeat.join(5)
        if self.lost == FRONTIER_UNAVAILABLE:
            return
        try:
            now = self.now_ms()
            members = self.key("members")
            self.r.zrem(members, self.node)
            self.r.zrem(self.key("busy"), self.node)
            self.r.zremrangebyscore(members, "-inf", now)
            left = self._put_back(self.node)  # stopped early: what it held goes to the others
            if left and self.r.zcard(members) > 0:
                log.info("Frontier: %d requests this node had taken are queued again for the others", left)
            if self.r.zcard(members) == 0:
                self.r.delete(self.key("run"), *self.run_keys())
                if self.stats is not None:
                    self.stats.set_value("news/frontier/last_node", 1)
                log.info("Frontier: last node out, run %s cleared", self.run_id)
        except self.errors as exc:
            log.warning("Frontier: could not leave the run cleanly: %s: %s", type(exc).__name__, exc)
