"""Distributed mode: many crawler processes, one frontier in Redis (scrapy-redis), one database.

Off unless ``NEWS_FRONTIER`` is a Redis URL (``redis://host:6379/0``). Then:

* :mod:`.scheduler` — scrapy-redis's scheduler and duplicate filter: every request a spider yields
  goes to one shared priority queue, every node pops from it into a hash of its own
  (:mod:`.taking_queue`) until the request is done, where the others find it if the node dies;
* :mod:`.cluster` — the run: the first node seeds the start URLs once, nodes hold a lease while
  alive, nobody stops while the queue is non-empty or another node is busy, the last one out
  clears the run; a frontier lost mid-run (Redis restarted) ends the crawl with reason
  ``frontier_lost``;
* :mod:`.politeness` — the per-host delay (``DOWNLOAD_DELAY``, robots.txt ``Crawl-delay``) and
  ``CONCURRENT_REQUESTS_PER_DOMAIN`` held for the whole cluster by a slot per host in Redis;
* :mod:`.robots_cache` — robots.txt fetched once per host per run, its text shared by all nodes.

Redis keys (prefix ``cnr-news``): ``<p>:<spider>:requests`` (queue),
``…:dupefilter``, ``…:keys`` (article keys claimed), ``…:run``, ``…:members``, ``…:busy``,
``…:takers`` and ``…:taken:<node>`` (requests a node popped and has not finished),
``<p>:slot:<host>:…``, ``<p>:robots:<host>``. ``crawler/`` never imports ``pipelines/``.
"""

from __future__ import annotations

from typing import Any

ATTR = "news_frontier"  # attribute of the crawler holding the ClusterCoordinator
CRAWL_DELAY_META = "news_crawl_delay"  # robots.txt Crawl-delay, set by the robots guard for the cluster slot


def frontier_of(crawler: Any) -> Any | None:
    """The crawl's :class:`crawler.frontier.cluster.ClusterCoordinator`, or None (single process)."""
    return getattr(crawler, ATTR, None)


def taken_done(crawler: Any, token: str | None) -> None:
    """The request this node took under ``token`` is finished or back in the queue (no-op without a
    frontier or a token)."""
    coordinator = frontier_of(crawler)
    if coordinator is not None:
        coordinator.done(token)


def frontier_url(settings: Any) -> str:
    return (settings.get("NEWS_FRONTIER") or "").strip()


KEY_PREFIX = "cnr-news"


def prefix(settings: Any) -> str:
    """The prefix of every Redis key of this project."""
    return KEY_PREFIX


async def sleep(seconds: float) -> None:
    """Wait without blocking the reactor."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    d: Deferred[None] = Deferred()
    reactor.callLater(max(0.0, seconds), d.callback, None)  # type: ignore[arg-type]  # zope method bound without self (see robots.py)
    await maybe_deferred_to_future(d)


# scrapy-redis's priority queue (robots.txt, list pages first) whose pop keeps what it pops until done
QUEUE_CLASS = "crawler.frontier.taking_queue.TakingPriorityQueue"


def queue_key(settings: Any) -> str:
    return f"{prefix(settings)}:%(spider)s:requests"


def dupefilter_key(settings: Any) -> str:
    return f"{prefix(settings)}:%(spider)s:dupefilter"
