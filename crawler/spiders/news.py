"""The ``news`` spider: any Chinese news site. Decides what to fetch; ``crawler.pages.generic.page`` parses.

::

    scrapy crawl news -a start_urls=U1,U2 [-a allow=REGEX] [-a deny=REGEX] [-a sitemap=URL[,URL]]
                      [-a feed=URL[,URL]] [-a max_pages=N] [-a since=YYYY-MM-DD] [-a list_depth=N]

* A start URL shaped like an article (``…/2024/05/26/a1.html``, ``t20240526_1.shtml`` …) is fetched
  as an article (even if already stored). Article links are discovered on the other start pages (and on list/pager pages they link to, up to
  ``list_depth`` levels, default ``NEWS_GENERIC_LIST_DEPTH`` = 1), in sitemaps (a sitemap index is
  followed; entries whose ``lastmod`` is before ``since`` are skipped) and in RSS/Atom feeds (entries
  published before ``since`` are skipped). ``allow``/``deny`` are regular expressions searched in
  article and list URLs.
* Only http(s) URLs on the registered domains of the start URLs, sitemaps and feeds are fetched
  (``allowed_domains``; ``news.example.com`` and ``www.example.com`` are one site).
* ``max_pages`` (default ``NEWS_GENERIC_MAX_PAGES`` = 500) caps the article pages requested;
  ``NEWS_GENERIC_MAX_LIST_PAGES`` (100) caps list pages, sitemaps and feeds.
* An article dated (by its URL, or once parsed by its publication time) before ``since`` is dropped.
* Items carry their site, ``template="generic"`` and the raw response (``raw_pages``) so the
  storage pipeline keeps it. A page that turns out not to be an article is counted and, when the
  depth allows, read as a list.

Politeness and safety are the project settings (the same as ``cnr``). Request meta:
``{"news_kind": "article", "news_key": <canonical URL>}`` for articles, ``{"news_kind": "list"}``
for start pages, lists, sitemaps and feeds.

Stats: ``news/template/generic``, ``news/non_article``, ``news/extract_error``, ``news/list_pages``,
``news/offsite_link``, ``news/denied``, ``news/since_skipped``, ``news/duplicate_article``,
``news/max_pages_reached``, ``news/pubtime_rejected``, ``news/fetch_error/<kind>``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date, datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler import requests as R
from crawler.discovery.feeds import parse_feed, parse_sitemap
from crawler.discovery.links import discover_links, is_fetchable, looks_like_article
from crawler.items import ArticleItem
from crawler.pages.encoding import decode_html
from crawler.pages.pubtime.chain import date_from_url
from crawler.pages.sites import canonical_url, site_of
from crawler.spiders.base import (
    NewsSpiderBase,
    SpiderArgumentError,
    content_type,
    int_arg,
    parse_since,
    raw_page,
    split_arg,
)

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_LIST_PAGES = 100
DEFAULT_LIST_DEPTH = 1
MAX_SITEMAP_DEPTH = 3
HTML_TYPE_RE = re.compile(r"html|xml|text/plain", re.I)


def _site(url: str) -> str:
    return site_of(url) or (urlsplit(url).hostname or "")


class NewsSpider(NewsSpiderBase):
    name = "news"

    def __init__(
        self,
        start_urls: str | list[str] | None = None,
        allow: str | None = None,
        deny: str | None = None,
        sitemap: str | list[str] | None = None,
        feed: str | list[str] | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        list_depth: str | int | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_pages = split_arg(start_urls)
        self.sitemaps = split_arg(sitemap)
        self.feeds = split_arg(feed)
        if not (self.start_pages or self.sitemaps or self.feeds):
            raise SpiderArgumentError("news spider: give start_urls=…, sitemap=… or feed=…")
        for u in [*self.start_pages, *self.sitemaps, *self.feeds]:
            if not is_fetchable(u):
                raise SpiderArgumentError(f"news spider: not an http(s) URL: {u!r}")
        self.allow_re = _user_regex("allow", allow)
        self.deny_re = _user_regex("deny", deny)
        self.since: date | None = parse_since("news", since)
        self.arg_max_pages = max_pages
        self.arg_list_depth = list_depth
        self.sites: set[str] = {_site(u) for u in [*self.start_pages, *self.sitemaps, *self.feeds]}
        self.allowed_domains = sorted(self.sites)
        self.max_pages = DEFAULT_MAX_PAGES
        self.max_list_pages = DEFAULT_MAX_LIST_PAGES
        self.list_depth = DEFAULT_LIST_DEPTH
        self.seen_keys: set[str] = set()
        self.seen_lists: set[str] = set()
        self.article_requests = 0
        self.list_requests = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._configure(crawler.settings)
        return spider

    def _configure(self, settings: Any) -> None:
        self.max_pages = int_arg(
            "news",
            "max_pages",
            self.arg_max_pages,
            settings.getint("NEWS_GENERIC_MAX_PAGES", DEFAULT_MAX_PAGES),
        )
        self.max_list_pages = settings.getint("NEWS_GENERIC_MAX_LIST_PAGES", DEFAULT_MAX_LIST_PAGES)
        self.list_depth = int_arg(
            "news",
            "list_depth",
            self.arg_list_depth,
            settings.getint("NEWS_GENERIC_LIST_DEPTH", DEFAULT_LIST_DEPTH),
            minimum=0,
        )

    # --- helpers ---------------------------------------------------------------------------------
    def same_site(self, url: str) -> bool:
        return is_fetchable(url) and _site(url) in self.sites

    def _permitted(self, url: str) -> bool:
        if self.deny_re and self.deny_re.search(url):
            self._inc("news/denied")
            return False
        if self.allow_re and not self.allow_re.search(url):
            self._inc("news/denied")
            return False
        return True

    def _too_old(self, when: datetime | date | None) -> bool:
        if self.since is None or when is None:
            return False
        day = when.date() if isinstance(when, datetime) else when
        return day < self.since

    def article_request(
        self, url: str, *, when: datetime | None = None, depth: int = 0
    ) -> scrapy.Request | None:
        if not self.same_site(url):
            self._inc("news/offsite_link")
            return None
        if not self._permitted(url):
            return None
        key = canonical_url(url)
        if key in self.seen_keys:
            self._inc("news/duplicate_article")
            return None
        if self._too_old(when) or self._too_old(date_from_url(url)):
            self._inc("news/since_skipped")
            return None
        if self.article_requests >= self.max_pages:
            self._inc("news/max_pages_reached")
            return None
        self.seen_keys.add(key)
        if not self._claim(key):
            self._inc("news/duplicate_article")
            return None
        self.article_requests += 1
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={**R.article_meta(key), R.DEPTH: depth},
        )

    def list_request(
        self, url: str, callback: Any, depth: int, *, start: bool = False
    ) -> scrapy.Request | None:
        if not self.same_site(url):
            self._inc("news/offsite_link")
            return None
        if not start and not self._permitted(url):
            return None
        key = canonical_url(url)
        if key in self.seen_lists:
            return None
        if self.list_requests >= self.max_list_pages:
            self._inc("news/max_list_pages_reached")
            return None
        self.seen_lists.add(key)
        self.list_requests += 1
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={**R.list_meta(), R.DEPTH: depth},
            dont_filter=start,
        )

    # --- start -----------------------------------------------------------------------------------
    def _start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.start_pages:
            if looks_like_article(url):  # an article given as a start page: fetch it as one
                req = self.article_request(url, depth=0)
                if req is not None:
                    req.meta[R.FORCE] = True
                    yield req
        for url, cb in (
            *((u, self.parse_sitemap) for u in self.sitemaps),
            *((u, self.parse_feed) for u in self.feeds),
            *((u, self.parse_list) for u in self.start_pages if not looks_like_article(u)),
        ):
            req = self.list_request(url, cb, 0, start=True)
            if req is not None:
                yield req

    # --- lists, sitemaps, feeds -------------------------------------------------------------------
    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        self._inc("news/list_pages")
        yield from self._follow_links(response, R.depth_of(response.meta))

    def _follow_links(
        self, response: Response, depth: int, text: str | None = None
    ) -> Iterator[scrapy.Request]:
        """Article and list links on the page; ``text``: the body already decoded (not decoded again)."""
        links = discover_links(
            response.url,
            response.body if text is None else text,
            content_type=content_type(response),
            same_site=self.same_site,
        )
        if links.dropped:
            self._inc("news/offsite_link", links.dropped)
        for url in links.articles:
            req = self.article_request(url, depth=depth + 1)
            if req is not None:
                yield req
        if depth < self.list_depth:
            for url in links.lists:
                req = self.list_request(url, self.parse_list, depth + 1)
                if req is not None:
                    yield req

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self._inc("news/sitemaps")
        depth = R.depth_of(response.meta)
        sm = parse_sitemap(response.body)
        for entry in sm.sitemaps:
            if depth < MAX_SITEMAP_DEPTH and not self._too_old(entry.time):
                url = urljoin(response.url, entry.url)
                req = self.list_request(url, self.parse_sitemap, depth + 1, start=True)
                if req is not None:
                    yield req
        for entry in sm.urls:
            req = self.article_request(urljoin(response.url, entry.url), when=entry.time, depth=depth + 1)
            if req is not None:
                yield req

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._inc("news/feeds")
        for entry in parse_feed(response.body):
            req = self.article_request(urljoin(response.url, entry.url), when=entry.time, depth=1)
            if req is not None:
                yield req

    # --- articles --------------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any] | AsyncIterator[Any]:
        ctype = content_type(response)
        if ctype and not HTML_TYPE_RE.search(ctype):
            self._inc("news/non_article")
            log.info("not HTML (%s): %s", ctype, response.url)
            return iter(())
        if self._offloads(response):
            return self._parse_article_offloaded(response, ctype)
        try:
            item, text, codec = self._extract(response.url, response.body, ctype)
        except Exception:  # the page object never raises on content; a bug must not stop the crawl
            self._inc("news/extract_error")
            log.exception("extraction failed for %s", response.url)
            return iter(())
        return self._article(response, item, codec, lambda: text)

    async def _parse_article_offloaded(self, response: Response, ctype: str | None) -> AsyncIterator[Any]:
        """A big page, extracted in the worker process, off the reactor."""
        assert self.offload is not None
        extracted = await self.offload.extract(response.url, response.body, ctype)
        if extracted is None:
            return
        item, codec = extracted
        # the text again only for a page that is no article (its links are read)
        for out in self._article(response, item, codec, lambda: decode_html(response.body, ctype)[0]):
            yield out

    def _article(
        self, response: Response, item: ArticleItem, codec: str, text: Callable[[], str]
    ) -> Iterator[Any]:
        if not item.is_article:
            self._inc("news/non_article")
            log.info("not an article: %s", response.url)
            depth = R.depth_of(response.meta)
            if depth <= self.list_depth:  # a channel page that looked like an article: read its links
                yield from self._follow_links(response, depth, text())
            return
        if any(k.startswith("pubtime_rejected:") for k in item.notes):
            self._inc("news/pubtime_rejected")
        if self._too_old(item.published_at):
            self._inc("news/since_skipped")
            return
        item.key = R.key_of(response.meta) or item.key
        item.raw_pages.append(raw_page(response, codec))
        self._count_item(item)
        yield item


def _user_regex(name: str, pattern: str | None) -> re.Pattern[str] | None:
    """The ``allow``/``deny`` argument compiled, or a clear error naming it."""
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise SpiderArgumentError(
            f"news spider: {name}={pattern!r} is not a regular expression: {exc}"
        ) from exc
