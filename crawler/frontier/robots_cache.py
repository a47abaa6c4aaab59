"""robots.txt fetched once per host per run, its verdict shared by every node (distributed mode).

Used by the robots guard (:mod:`crawler.middlewares.robots`): the first node to need a host's
robots.txt takes a lock (``SET NX``, expiring after ``LOCK_S``), fetches and parses it with the
guard's own rules, and stores the outcome in the hash ``<p>:<spider>:robots`` (cleared with the
run): ``{"disallow_all": …, "text": …}``. The others wait for it and parse the same text. A lock
holder that dies lets the lock expire and another node fetches. Redis unreachable: each node
fetches for itself (the guard's single-process behaviour). Stats: ``news/robots/shared``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from crawler.frontier import frontier_of, frontier_url, sleep

log = logging.getLogger(__name__)

LOCK_S = 120.0  # longest a node may take to settle a host's robots.txt (retries included)
POLL_S = 0.1


class SharedRobots:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        from crawler.frontier.connection import client, errors

        self.r = client(crawler)
        self.errors = errors()

    @classmethod
    def for_crawler(cls, crawler: Any) -> SharedRobots | None:
        return cls(crawler) if frontier_url(crawler.settings) else None

    def _keys(self, netloc: str) -> tuple[str, str]:
        coordinator = frontier_of(self.crawler)
        base = coordinator.key("robots") if coordinator is not None else "cnr-news:robots"
        return base, f"{base}-lock:{netloc}"

    async def policy(
        self,
        netloc: str,
        fetch: Callable[[], Awaitable[Any]],
        encode: Callable[[Any], dict],
        decode: Callable[[dict], Any],
    ) -> Any:
        table, lock = self._keys(netloc)
        try:
            deadline = time.monotonic() + LOCK_S + 10
            while time.monotonic() < deadline:
                cached = self.r.hget(table, netloc)
                if cached is not None:
                    if self.crawler.stats is not None:
                        self.crawler.stats.inc_value("news/robots/shared")
                    return decode(json.loads(cached))
                if self.r.set(lock, "1", nx=True, px=int(LOCK_S * 1000)):
                    policy = await fetch()
                    self.r.hset(table, netloc, json.dumps(encode(policy), ensure_ascii=False))
                    self.r.delete(lock)
                    return policy
                await sleep(POLL_S)
        except self.errors as exc:
            log.warning(
                "robots.txt cache unreachable (%s: %s): fetching %s here", type(exc).__name__, exc, netloc
            )
        return await fetch()
