"""The ``cnr`` spider: decides what to fetch on cnr.cn; the page object (``crawler.pages.cnr.page``) parses.

Starts from the homepage and the channel lists (``NEWS_CNR_CHANNELS``), pages through each channel's
``index.html``, ``index_1.html`` … (at most ``NEWS_CNR_MAX_LIST_PAGES`` per channel), fetches every
article linked (one per article id, whatever host or path it is linked under), follows continuation
pages (``_1.shtml`` …) and yields one merged :class:`ArticleItem` per article.

Arguments (``scrapy crawl cnr -a name=value``):

* ``urls=U1,U2`` — just these articles (no homepage, no lists);
* ``channels=C1,C2`` — channel directory URLs (or names of the path, e.g. ``sd``) instead of the setting;
* ``since=YYYY-MM-DD`` — skip articles dated earlier, and stop paging a list once it reaches them;
* ``max_list_pages=N`` — overrides ``NEWS_CNR_MAX_LIST_PAGES``;
* ``base=http://127.0.0.1:PORT/`` — crawl a local mirror laid out as ``<base>/<host>/<path>``
  (``NEWS_CNR_BASE_URL``); URLs, keys and stored items stay the logical cnr.cn ones;
* ``http_base=http://127.0.0.1:PORT2/`` — the mirror's ``http://`` origin (``NEWS_CNR_HTTP_BASE_URL``;
  ``base`` is then the ``https://`` one), e.g. a server that redirects http to https as cnr.cn does;
* ``sitemaps=1`` — also read the sitemaps listed in the homepage host's robots.txt
  (``NEWS_CNR_SITEMAPS``); tracking parameters (``?sign=``) are dropped from every URL before it is
  fetched, so ``Disallow: /*?*`` does not block the articles behind them.

Stats: ``news/template/<name>`` (articles per template), ``news/non_article``, ``news/extract_error``,
``news/duplicate_article`` (same id linked again), ``news/offsite_link`` (links dropped),
``news/since_skipped``, ``news/list_pages``, ``news/list/markup/<name>`` (list pages per markup:
``items`` = 2023– ``div.articleList div.item``, ``links`` = anything else), ``news/sitemap/pages``,
``news/sitemap/urls``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import requests as R
from crawler.items import ArticleItem
from crawler.pages import page_object_for
from crawler.pages.cnr import lists as L
from crawler.pages.cnr import urls as U
from crawler.pages.cnr.page import continuation_urls
from crawler.pages.encoding import decode_html
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


def _channel_url(value: str, homepage: str) -> str:
    """``sd`` → ``http://www.cnr.cn/sd/``; full URLs are kept (with a trailing slash)."""
    if "://" not in value:
        value = homepage.rstrip("/") + "/" + value.strip("/") + "/"
    if not value.endswith("/") and U.list_page(value) is None:
        value += "/"
    return value


class CnrSpider(NewsSpiderBase):
    name = "cnr"
    allowed_domains = ["cnr.cn"]

    def __init__(
        self,
        urls: str | None = None,
        channels: str | None = None,
        since: str | None = None,
        base: str | None = None,
        max_list_pages: str | int | None = None,
        homepage: str | None = None,
        http_base: str | None = None,
        sitemaps: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.arg_urls = split_arg(urls)
        self.arg_channels = split_arg(channels)
        self.arg_base = base
        self.arg_max_list_pages = max_list_pages
        self.arg_homepage = homepage
        self.arg_http_base = http_base
        self.arg_sitemaps = sitemaps
        self.use_sitemaps = False
        self.since: date | None = parse_since("cnr", since)
        self.seen_keys: set[str] = set()
        self.mirror: U.Mirror | None = None
        self.homepage = U.DEFAULT_HOMEPAGE
        self.channels: list[str] = list(U.DEFAULT_CHANNELS)
        self.max_list_pages = 5

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._configure(crawler.settings)
        return spider

    def _configure(self, settings: Any) -> None:
        base = self.arg_base or settings.get("NEWS_CNR_BASE_URL") or ""
        self.homepage = self.arg_homepage or settings.get("NEWS_CNR_HOMEPAGE") or U.DEFAULT_HOMEPAGE
        channels = (
            self.arg_channels or split_arg(settings.getlist("NEWS_CNR_CHANNELS")) or list(U.DEFAULT_CHANNELS)
        )
        self.channels = [_channel_url(c, self.homepage) for c in channels]
        self.max_list_pages = int_arg(
            "cnr", "max_list_pages", self.arg_max_list_pages, settings.getint("NEWS_CNR_MAX_LIST_PAGES", 5)
        )
        http_base = self.arg_http_base or settings.get("NEWS_CNR_HTTP_BASE_URL") or None
        sitemaps = self.arg_sitemaps if self.arg_sitemaps is not None else settings.get("NEWS_CNR_SITEMAPS")
        self.use_sitemaps = str(sitemaps or "").strip().lower() in ("1", "true", "yes", "on")
        if http_base and not base:
            raise SpiderArgumentError("cnr spider: http_base needs base (the mirror's https origin)")
        if base:
            self.mirror = U.Mirror(base, http_base)
            for b in (self.mirror.base, self.mirror.http_base):
                if b is not None and urlsplit(b).scheme not in U.FETCHABLE_SCHEMES:
                    raise SpiderArgumentError(f"cnr spider: base must be an http(s) URL: {b!r}")
            # the mirror's host is the only one fetched; Scrapy's offsite filter enforces it
            self.allowed_domains = [self.mirror.host]
        for u in [*self.arg_urls, self.homepage, *self.channels]:
            if not U.is_cnr_url(u):
                raise SpiderArgumentError(f"cnr spider: not a cnr.cn http(s) URL: {u!r}")

    # --- helpers ---------------------------------------------------------------------------------
    def _fetch(self, url: str) -> str:
        return U.fetch_url(url, self.mirror)

    def _logical(self, response: Response) -> str:
        """The logical cnr.cn URL of a response: where a redirect (http → https) landed, if it did."""
        if response.meta.get("redirect_urls"):
            landed = U.logical_url(response.url, self.mirror)
            if U.is_cnr_url(landed):
                return landed
        return response.meta.get("cnr_url") or U.logical_url(response.url, self.mirror)

    def _article_request(self, url: str, *, force: bool = False) -> scrapy.Request | None:
        ref = U.article_ref(url)
        if ref is None:
            return None
        if ref.key in self.seen_keys:
            self._inc("news/duplicate_article")
            return None
        if self.since and ref.day and ref.day < self.since:
            self._inc("news/since_skipped")
            return None
        self.seen_keys.add(ref.key)
        if not self._claim(ref.key):
            self._inc("news/duplicate_article")
            return None
        meta = R.article_meta(ref.key, force=force, cnr_url=ref.first_page_url)
        return scrapy.Request(
            self._fetch(ref.first_page_url), callback=self.parse_article, errback=self.on_error, meta=meta
        )

    def _list_request(self, url: str, channel: str | None, page: int) -> scrapy.Request:
        return scrapy.Request(
            self._fetch(url),
            callback=self.parse_list,
            errback=self.on_error,
            meta=R.list_meta(cnr_url=url, cnr_channel=channel, cnr_list_page=page),
        )

    # --- start -----------------------------------------------------------------------------------
    def _start_requests(self) -> Iterator[scrapy.Request]:
        if self.arg_urls:
            for u in self.arg_urls:
                req = self._article_request(u, force=True)
                if req is not None:
                    yield req
            return
        yield self._list_request(self.homepage, None, 0)
        for channel in self.channels:
            yield self._list_request(channel, channel, 0)
        if self.use_sitemaps:
            robots = urljoin(self.homepage, "/robots.txt")
            yield scrapy.Request(
                self._fetch(robots),
                callback=self.parse_robots_sitemaps,
                errback=self.on_error,
                meta=R.list_meta(cnr_url=robots),
            )

    # --- sitemaps (``sitemaps=1``) -----------------------------------------------------------------
    def parse_robots_sitemaps(self, response: Response) -> Iterator[scrapy.Request]:
        for url in L.robots_sitemaps(response.body):
            if U.is_cnr_url(url):
                yield self._sitemap_request(url, 0)

    def _sitemap_request(self, url: str, depth: int) -> scrapy.Request:
        url = U.strip_tracking(url)
        return scrapy.Request(
            self._fetch(url),
            callback=self.parse_sitemap,
            errback=self.on_error,
            meta=R.list_meta(cnr_url=url, cnr_sitemap_depth=depth),
        )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self._inc("news/sitemap/pages")
        depth: int = response.meta.get("cnr_sitemap_depth", 0)
        found = L.sitemap_locs(response.body)
        if found is None:
            self._inc("news/sitemap/unreadable")
            log.warning("not a sitemap: %s", self._logical(response))
            return
        kind, locs = found
        for loc in locs:
            if not U.is_cnr_url(loc):
                self._inc("news/offsite_link")
                continue
            if kind == "sitemapindex":
                if depth < L.MAX_SITEMAP_DEPTH:
                    yield self._sitemap_request(loc, depth + 1)
                continue
            self._inc("news/sitemap/urls")
            req = self._article_request(U.strip_tracking(loc))
            if req is not None:
                yield req

    # --- lists -----------------------------------------------------------------------------------
    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        self._inc("news/list_pages")
        page_url = self._logical(response)
        text, _ = decode_html(response.body, content_type(response))
        sel = scrapy.Selector(text=text)
        self._inc(f"news/list/markup/{L.list_markup(sel)}")
        links = U.discover_links(page_url, sel.css("a::attr(href), area::attr(href)").getall())
        if links.dropped:
            self._inc("news/offsite_link", links.dropped)
        channel: str | None = response.meta.get("cnr_channel")
        page_no: int = response.meta.get("cnr_list_page", 0)
        older_seen = False
        for article in links.articles:
            ref = U.article_ref(article)
            if self.since and ref and ref.day and ref.day < self.since:
                older_seen = True
            req = self._article_request(article)
            if req is not None:
                yield req
        if channel is None:  # the homepage: follow only configured channels' lists (already started)
            return
        if older_seen:
            return  # `since` reached: older pages hold older articles
        announced = U.list_pager_total(sel.css("script::text").getall())
        next_no = page_no + 1
        if next_no >= self.max_list_pages:
            return
        directory = U.list_page(channel)
        if directory is None:
            return
        next_url = U.list_page_url(directory[0], next_no)
        want = U.channel_dir(directory[0])  # host + path: an http:// link to an https channel counts
        linked = any(
            (lp := U.list_page(u)) is not None and lp[1] == next_no and U.channel_dir(lp[0]) == want
            for u in links.lists
        )
        if linked or (announced is not None and next_no < announced):
            yield self._list_request(next_url, channel, next_no)

    # --- articles --------------------------------------------------------------------------------
    def _parse_page(self, response: Response, page_no: int) -> tuple[ArticleItem, str] | None:
        """The page's item (with its raw page) and its decoded text (reused, never decoded again)."""
        url = self._logical(response)
        try:
            item, text, codec = self._extract(url, response.body, content_type(response))
        except Exception:
            self._inc("news/extract_error")
            log.exception("extraction failed for %s", url)
            return None
        item.raw_pages.append(raw_page(response, codec, url=url, page_no=page_no))
        return item, text

    async def _parse_page_offloaded(self, response: Response, page_no: int) -> tuple[ArticleItem, str] | None:
        """:meth:`_parse_page` for a big page: extracted in the worker process, off the reactor."""
        assert self.offload is not None
        url = self._logical(response)
        extracted = await self.offload.extract(url, response.body, content_type(response))
        if extracted is None:
            return None
        item, codec = extracted
        item.raw_pages.append(raw_page(response, codec, url=url, page_no=page_no))
        # the text again, for the continuation links (the worker does not send it: page-sized)
        return item, decode_html(response.body, content_type(response))[0]

    def parse_article(self, response: Response) -> Iterator[Any] | AsyncIterator[Any]:
        if self._offloads(response):
            return self._parse_article_offloaded(response)
        return self._article(self._parse_page(response, 1))

    async def _parse_article_offloaded(self, response: Response) -> AsyncIterator[Any]:
        for out in self._article(await self._parse_page_offloaded(response, 1)):
            yield out

    def _article(self, parsed: tuple[ArticleItem, str] | None) -> Iterator[Any]:
        if parsed is None:
            return
        item, text = parsed
        if not item.is_article:
            self._inc("news/non_article")
            log.info("not an article: %s", item.url)
            return
        try:
            more = continuation_urls(item.url, text)
        except Exception:
            log.exception("continuation links failed for %s", item.url)
            more = []
        yield from self._next_or_done([item], more)

    def _next_or_done(self, pages: list[ArticleItem], pending: list[str]) -> Iterator[Any]:
        if not pending:
            yield self._done(page_object_for(pages[0].url).merge(pages))
            return
        nxt, rest = pending[0], pending[1:]
        yield scrapy.Request(
            self._fetch(nxt),
            callback=self.parse_continuation,
            errback=self.on_continuation_error,
            meta=R.article_meta(pages[0].key, force=True, cnr_url=nxt, cnr_pages=pages, cnr_pending=rest),
        )

    def parse_continuation(self, response: Response) -> Iterator[Any] | AsyncIterator[Any]:
        if self._offloads(response):
            return self._parse_continuation_offloaded(response)
        pages: list[ArticleItem] = response.meta["cnr_pages"]
        return self._continued(response, self._parse_page(response, len(pages) + 1))

    async def _parse_continuation_offloaded(self, response: Response) -> AsyncIterator[Any]:
        pages: list[ArticleItem] = response.meta["cnr_pages"]
        for out in self._continued(response, await self._parse_page_offloaded(response, len(pages) + 1)):
            yield out

    def _continued(self, response: Response, parsed: tuple[ArticleItem, str] | None) -> Iterator[Any]:
        pages: list[ArticleItem] = response.meta["cnr_pages"]
        if parsed is not None:
            pages.append(parsed[0])
        yield from self._next_or_done(pages, response.meta["cnr_pending"])

    def on_continuation_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        pages: list[ArticleItem] = request.meta["cnr_pages"]
        self._inc("news/continuation_error")
        log.warning("continuation page failed (%s): %s", failure.getErrorMessage(), request.url)
        yield self._done(page_object_for(pages[0].url).merge(pages))  # what we have, rather than nothing

    def _done(self, item: ArticleItem) -> ArticleItem:
        self._count_item(item)
        return item
