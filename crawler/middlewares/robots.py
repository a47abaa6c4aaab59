"""robots.txt guard (replaces Scrapy's ``RobotsTxtMiddleware``).

Scrapy 2.19's middleware lets concurrent requests to a host through before that host's robots.txt
is parsed, ignores ``Crawl-delay``, and treats a 5xx robots.txt as "allow everything". This one:

* holds **every** request to a host until its robots.txt has been fetched and parsed (one fetch per
  host; the others wait on it);
* honours ``Crawl-delay`` for our user agent: requests to the host are released at least that many
  seconds apart (capped at ``NEWS_ROBOTS_MAX_CRAWL_DELAY``), and the host's download slot gets the
  same minimum delay without jitter;
* a robots.txt answering 5xx/429 or failing to download means "fetch nothing yet": it is retried
  ``NEWS_ROBOTS_RETRY_TIMES`` times, ``NEWS_ROBOTS_RETRY_DELAY`` × 2^n seconds apart, while the host's
  requests wait; then the host is treated as disallow-all and an error is logged (RFC 9309 §2.3.1.4);
* a 4xx robots.txt (other than 429) means no rules: everything is allowed (RFC 9309 §2.3.1.3);
* never lets a non-HTTP(S) request (``file:``, ``data:``, ``ftp:`` …) through.

Stats: ``robotstxt/request_count``, ``robotstxt/response_status_count/<status>``,
``robotstxt/forbidden``, ``news/robots/retry``, ``news/robots/unavailable`` (hosts given up on),
``news/robots/crawl_delay_wait`` (seconds requests were held for Crawl-delay).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Self

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.frontier import CRAWL_DELAY_META
from crawler.frontier.robots_cache import SharedRobots

log = logging.getLogger(__name__)


def _encode(policy: HostPolicy) -> dict[str, Any]:
    return {"disallow_all": policy.disallow_all, "text": policy.text}


ALLOWED_SCHEMES = frozenset({"http", "https"})
ROBOTS_PRIORITY = 1000


@dataclass
class HostPolicy:
    """What robots.txt says for one host."""

    parser: Protego | None  # None: no rules (allow all)
    disallow_all: bool = False
    crawl_delay: float = 0.0
    text: str | None = None  # the robots.txt parsed (shared with other nodes in distributed mode)

    def allowed(self, url: str, useragent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, useragent)


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor

    d: Deferred[None] = Deferred()
    # zope Interface methods are declared without ``self``: without the mypy-zope plugin mypy binds
    # ``delay`` as self and reads ``d.callback`` as the delay.
    reactor.callLater(max(0.0, seconds), d.callback, None)  # type: ignore[arg-type]
    await maybe_deferred_to_future(d)


class RobotsGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.useragent: str = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or "*"
        self.retry_times = s.getint("NEWS_ROBOTS_RETRY_TIMES", 3)
        self.retry_delay = s.getfloat("NEWS_ROBOTS_RETRY_DELAY", 10.0)
        self.max_crawl_delay = s.getfloat("NEWS_ROBOTS_MAX_CRAWL_DELAY", 60.0)
        self._policies: dict[str, HostPolicy] = {}
        self._waiters: dict[str, list[Deferred[HostPolicy]]] = {}
        self._next_release: dict[str, float] = {}
        self._closing = False
        # distributed mode (NEWS_FRONTIER): robots.txt fetched once per host per run, for all nodes
        self.shared = SharedRobots.for_crawler(crawler)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _spider_closed(self, *args: Any, **kwargs: Any) -> None:
        self._closing = True

    def _inc(self, key: str, n: float = 1) -> None:
        if self.stats is not None:
            # Scrapy annotates ``count`` as int; the stat is a plain sum and takes seconds (floats) fine.
            self.stats.inc_value(key, n)  # type: ignore[arg-type]

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ALLOWED_SCHEMES:
            self._inc("news/robots/bad_scheme")
            raise IgnoreRequest(f"not an http(s) URL: {request.url[:80]}")
        if request.meta.get("dont_obey_robotstxt"):
            return None
        netloc = parts.netloc
        policy = await self._policy(netloc, parts.scheme)
        if not policy.allowed(request.url, self.useragent):
            self._inc("robotstxt/forbidden")
            log.debug("Forbidden by robots.txt: %s", request.url)
            raise IgnoreRequest("Forbidden by robots.txt")
        if policy.crawl_delay > 0:
            if self.shared is not None:  # the cluster's per-host slot spaces requests
                request.meta[CRAWL_DELAY_META] = policy.crawl_delay
            else:
                await self._wait_turn(netloc, policy.crawl_delay, request)
        return None

    # --- robots.txt per host ---------------------------------------------------------------------
    async def _policy(self, netloc: str, scheme: str) -> HostPolicy:
        policy = self._policies.get(netloc)
        if policy is not None:
            return policy
        if netloc in self._waiters:  # being fetched: wait for it
            d: Deferred[HostPolicy] = Deferred()
            self._waiters[netloc].append(d)
            return await maybe_deferred_to_future(d)
        self._waiters[netloc] = []
        try:
            if self.shared is not None:
                policy = await self.shared.policy(
                    netloc,
                    lambda: self._fetch_policy(netloc, scheme),
                    _encode,
                    lambda d: self._decode(netloc, d),
                )
            else:
                policy = await self._fetch_policy(netloc, scheme)
        except Exception:  # never leave waiters hanging
            log.exception("robots.txt handling failed for %s; disallowing the host", netloc)
            policy = HostPolicy(parser=None, disallow_all=True)
        self._policies[netloc] = policy
        for d in self._waiters.pop(netloc):
            d.callback(policy)
        return policy

    async def _fetch_policy(self, netloc: str, scheme: str) -> HostPolicy:
        url = f"{scheme}://{netloc}/robots.txt"
        attempts = self.retry_times + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                self._inc("news/robots/retry")
                await _sleep(self.retry_delay * 2 ** (attempt - 1))
            if self._closing:
                break
            request = Request(
                url,
                priority=ROBOTS_PRIORITY,
                callback=NO_CALLBACK,
                dont_filter=True,
                meta={"dont_obey_robotstxt": True, "dont_retry": True, "handle_httpstatus_all": True},
            )
            self._inc("robotstxt/request_count")
            try:
                response: Response = await self.crawler.engine.download_async(request)
            except IgnoreRequest as exc:
                last = f"ignored: {exc}"
                continue
            except Exception as exc:  # network errors: retry later
                last = f"{type(exc).__name__}: {exc}"
                continue
            status = response.status
            self._inc(f"robotstxt/response_status_count/{status}")
            if 200 <= status < 300:
                return self._parse(netloc, response.body)
            if 400 <= status < 500 and status != 429:
                return HostPolicy(parser=None)  # no robots.txt: no rules
            last = f"HTTP {status}"
        self._inc("news/robots/unavailable")
        log.error(
            "robots.txt for %s unavailable after %d attempts (%s): fetching nothing from it",
            netloc,
            attempts,
            last,
        )
        return HostPolicy(parser=None, disallow_all=True)

    def _parse(self, netloc: str, body: bytes) -> HostPolicy:
        text = body.decode("utf-8", errors="ignore")
        try:
            parser = Protego.parse(text)
        except Exception:
            log.warning("unparseable robots.txt for %s: no rules applied", netloc)
            return HostPolicy(parser=None)
        delay = parser.crawl_delay(self.useragent) or 0.0
        if delay > self.max_crawl_delay:
            log.warning("Crawl-delay %.0fs for %s capped at %.0fs", delay, netloc, self.max_crawl_delay)
            delay = self.max_crawl_delay
        return HostPolicy(parser=parser, crawl_delay=float(delay), text=text)

    def _decode(self, netloc: str, data: dict[str, Any]) -> HostPolicy:
        """A verdict another node stored (see :func:`_encode`)."""
        if data.get("disallow_all"):
            return HostPolicy(parser=None, disallow_all=True)
        if data.get("text") is None:
            return HostPolicy(parser=None)
        return self._parse(netloc, data["text"].encode("utf-8"))

    # --- Crawl-delay -----------------------------------------------------------------------------
    async def _wait_turn(self, netloc: str, delay: float, request: Request) -> None:
        self._enforce_slot_delay(request, delay)
        now = time.monotonic()
        release = max(now, self._next_release.get(netloc, 0.0))
        self._next_release[netloc] = release + delay
        if release > now:
            self._inc("news/robots/crawl_delay_wait", round(release - now, 3))
            await _sleep(release - now)

    def _enforce_slot_delay(self, request: Request, delay: float) -> None:
        try:
            downloader = self.crawler.engine.downloader
            key = downloader.get_slot_key(request)
            slot = downloader.slots.get(key)
            if slot is not None:
                slot.delay = max(slot.delay, delay)
                slot.jitter = 0.0
        except Exception:  # internals moved: the release schedule above still spaces requests
            log.debug("could not set the download slot delay", exc_info=True)
