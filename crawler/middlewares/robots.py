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
* a redirected robots.txt (301/302/303/307/308) is followed, up to ``NEWS_ROBOTS_MAX_REDIRECTS`` (5)
  consecutive redirects, to any http(s) URL (RFC 9309 §2.3.1.2: "even across authorities"); the rules
  found apply to the host first asked. More redirects than that: robots.txt is "unavailable", which
  RFC 9309 treats like a 4xx (no rules), and a warning is logged;
* never lets a non-HTTP(S) request (``file:``, ``data:``, ``ftp:`` …) through.

While a host's robots.txt is being retried, the ``crawler.signals.robots_waiting`` signal says so
(the progress log prints it); ``crawler.signals.stopping`` (SIGTERM) ends the waits at once.

Stats: ``robotstxt/request_count``, ``robotstxt/response_status_count/<status>``,
``robotstxt/forbidden`` (requests a *parsed* robots.txt disallowed — never counted for a robots.txt
that was not reached), ``news/robots/retry``, ``news/robots/redirect``, ``news/robots/unavailable``
(hosts given up on), ``news/robots/unreached`` (requests dropped because their host's robots.txt
never answered), ``news/robots/stopped`` (requests dropped because the crawl was stopping),
``news/robots/crawl_delay_wait`` (seconds requests were held for Crawl-delay).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler import signals as news_signals
from crawler.frontier import CRAWL_DELAY_META
from crawler.frontier.robots_cache import SharedRobots

log = logging.getLogger(__name__)


def _encode(policy: HostPolicy) -> dict[str, Any]:
    return {"disallow_all": policy.disallow_all, "text": policy.text}


ALLOWED_SCHEMES = frozenset({"http", "https"})
ROBOTS_PRIORITY = 1000
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_MAX_REDIRECTS = 5  # RFC 9309 §2.3.1.2: follow at least five consecutive redirects


@dataclass
class HostPolicy:
    """What robots.txt says for one host."""

    parser: Protego | None  # None: no rules (allow all)
    # robots.txt was never reached (5xx/unreachable after the retries): nothing is fetched, and the
    # requests dropped are counted as ``news/robots/unreached``, not as forbidden by robots.txt
    unreached: bool = False
    crawl_delay: float = 0.0
    text: str | None = None  # the robots.txt parsed (shared with other nodes in distributed mode)

    @property
    def disallow_all(self) -> bool:
        return self.unreached

    def allowed(self, url: str, useragent: str) -> bool:
        if self.unreached:
            return False
        return self.parser is None or self.parser.can_fetch(url, useragent)


class _Sleeps:
    """Sleeps on the reactor that :meth:`wake_all` ends early (a stopping crawl waits for nothing)."""

    def __init__(self) -> None:
        self._pending: set[Deferred[None]] = set()
        self.woken = False

    async def sleep(self, seconds: float) -> None:
        if self.woken:
            return
        from twisted.internet import reactor

        d: Deferred[None] = Deferred()
        # zope Interface methods are declared without ``self``: without the mypy-zope plugin mypy binds
        # ``delay`` as self and reads ``d.callback`` as the delay.
        call = reactor.callLater(max(0.0, seconds), self._fire, d)  # type: ignore[arg-type]
        self._pending.add(d)
        try:
            await maybe_deferred_to_future(d)
        finally:
            self._pending.discard(d)
            # IDelayedCall's methods are declared without ``self`` (no mypy-zope plugin), as above
            if call.active():  # type: ignore[misc]
                call.cancel()  # type: ignore[misc]

    @staticmethod
    def _fire(d: Deferred[None]) -> None:
        if not d.called:
            d.callback(None)

    def wake_all(self) -> None:
        self.woken = True
        for d in list(self._pending):
            self._fire(d)


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
        self.max_redirects = s.getint("NEWS_ROBOTS_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS)
        self._policies: dict[str, HostPolicy] = {}
        self._waiters: dict[str, list[Deferred[HostPolicy]]] = {}
        self._next_release: dict[str, float] = {}
        self._closing = False
        self._sleeps = _Sleeps()
        # distributed mode (NEWS_FRONTIER): robots.txt fetched once per host per run, for all nodes
        self.shared = SharedRobots.for_crawler(crawler)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self._stopping, signal=news_signals.stopping)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _spider_closed(self, *args: Any, **kwargs: Any) -> None:
        self._closing = True
        self._sleeps.wake_all()

    def _stopping(self, *args: Any, **kwargs: Any) -> None:
        self._closing = True
        self._sleeps.wake_all()

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
        if self._closing and netloc not in self._policies:
            self._inc("news/robots/stopped")
            raise IgnoreRequest("crawl stopping before robots.txt was read")
        if policy.unreached:
            self._inc("news/robots/stopped" if self._closing else "news/robots/unreached")
            log.debug("robots.txt of %s never answered: not fetching %s", netloc, request.url)
            raise IgnoreRequest(f"robots.txt of {netloc} unreachable")
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
            log.exception("robots.txt handling failed for %s; fetching nothing from it", netloc)
            policy = HostPolicy(parser=None, unreached=True)
        if not (self._closing and policy.unreached):  # a stop is not a verdict on the host
            self._policies[netloc] = policy
        self.crawler.signals.send_catch_log(
            news_signals.robots_settled,
            host=netloc,
            outcome="unreachable" if policy.unreached else ("parsed" if policy.parser else "no_rules"),
        )
        for d in self._waiters.pop(netloc):
            d.callback(policy)
        return policy

    async def _fetch_policy(self, netloc: str, scheme: str) -> HostPolicy:
        url = f"{scheme}://{netloc}/robots.txt"
        attempts = self.retry_times + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                delay = self.retry_delay * 2 ** (attempt - 1)
                self._inc("news/robots/retry")
                self.crawler.signals.send_catch_log(
                    news_signals.robots_waiting,
                    host=netloc,
                    attempt=attempt,
                    attempts=attempts,
                    next_in=delay,
                    reason=last,
                )
                log.info(
                    "waiting for robots.txt of %s: attempt %d/%d failed (%s), next in %g s",
                    netloc,
                    attempt,
                    attempts,
                    last,
                    delay,
                )
                await self._sleeps.sleep(delay)
            if self._closing:
                last = "crawl stopping"
                break
            outcome = await self._fetch_once(url, netloc)
            if isinstance(outcome, HostPolicy):
                return outcome
            last = outcome
        if self._closing:
            return HostPolicy(parser=None, unreached=True)
        self._inc("news/robots/unavailable")
        log.error(
            "robots.txt for %s unavailable after %d attempts (%s): fetching nothing from it",
            netloc,
            attempts,
            last,
        )
        return HostPolicy(parser=None, unreached=True)

    async def _fetch_once(self, url: str, netloc: str) -> HostPolicy | str:
        """One attempt, following redirects: the host's policy, or why this attempt failed."""
        for hop in range(self.max_redirects + 1):
            request = Request(
                url,
                priority=ROBOTS_PRIORITY,
                callback=NO_CALLBACK,
                dont_filter=True,
                meta={
                    "dont_obey_robotstxt": True,
                    "dont_retry": True,
                    "dont_redirect": True,
                    "handle_httpstatus_all": True,
                    "allow_offsite": True,  # a redirect may cross hosts (RFC 9309 §2.3.1.2)
                },
            )
            self._inc("robotstxt/request_count")
            try:
                response: Response = await self.crawler.engine.download_async(request)
            except IgnoreRequest as exc:
                return f"ignored: {exc}"
            except Exception as exc:  # network errors: retry later
                return f"{type(exc).__name__}: {exc}"
            status = response.status
            self._inc(f"robotstxt/response_status_count/{status}")
            if 200 <= status < 300:
                return self._parse(netloc, response.body)
            if status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                target = urljoin(url, location.decode("latin-1").strip()) if location else ""
                if urlsplit(target).scheme not in ALLOWED_SCHEMES:
                    log.warning("robots.txt of %s redirects to %r: no rules applied", netloc, target[:200])
                    return HostPolicy(parser=None)
                if hop == self.max_redirects:
                    break
                self._inc("news/robots/redirect")
                log.debug("robots.txt of %s: %d -> %s", netloc, status, target)
                url = target
                continue
            if 400 <= status < 500 and status != 429:
                return HostPolicy(parser=None)  # no robots.txt: no rules
            return f"HTTP {status}"
        # RFC 9309 §2.3.1.2: more than five consecutive redirects MAY be taken as "unavailable" (= 4xx)
        log.warning(
            "robots.txt of %s: more than %d redirects; treated as unavailable (no rules)",
            netloc,
            self.max_redirects,
        )
        self._inc("news/robots/too_many_redirects")
        return HostPolicy(parser=None)

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
        if data.get("disallow_all") or data.get("unreached"):
            return HostPolicy(parser=None, unreached=True)
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
            await self._sleeps.sleep(release - now)

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
