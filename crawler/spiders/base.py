"""What the ``cnr`` and ``news`` spiders share: stats counting, fetch-error handling, the
raw-response record kept with every item (so pipelines can be re-run without re-crawling), and
spider-argument parsing: a bad ``-a NAME=VALUE`` raises :class:`SpiderArgumentError`, which
``scrapy crawl`` reports as one line with exit status 2 (``pipelines/commands/crawl.py``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import requests as R
from crawler.constants import DEFAULT_MAX_BODY_CHARS, max_body_chars
from crawler.frontier import frontier_of
from crawler.items import ArticleItem, RawPage
from crawler.pages.extract import extract_page
from crawler.spiders.offload import PageOffload, offload_threshold

__all__ = [
    "NewsSpiderBase",
    "SpiderArgumentError",
    "content_type",
    "int_arg",
    "parse_since",
    "raw_page",
    "split_arg",
]

log = logging.getLogger(__name__)


class SpiderArgumentError(ValueError):
    """A spider argument (``-a NAME=VALUE``) that cannot be used; the message names it and says why."""


def split_arg(value: str | Iterable[str] | None) -> list[str]:
    """A spider argument or list setting as a list: ``"a, b"`` or ``["a", " b"]`` → ``["a", "b"]``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [v.strip() for v in value if v and v.strip()]


def parse_since(spider: str, since: str | None) -> date | None:
    """The ``since=YYYY-MM-DD`` argument as a date (``None`` when not given), or a clear error."""
    try:
        return date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise SpiderArgumentError(f"{spider} spider: since={since!r} is not a date (YYYY-MM-DD)") from exc


def int_arg(spider: str, name: str, value: str | int | None, default: int, *, minimum: int = 1) -> int:
    """A whole-number spider argument (``default`` when not given), at least ``minimum``, or a clear error."""
    if value is None or value == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise SpiderArgumentError(f"{spider} spider: {name}={value!r} is not a whole number >= {minimum}")
    return number


def content_type(response: Response) -> str | None:
    """The response's ``Content-Type`` header as text, if any."""
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if isinstance(value, bytes) else value


def raw_page(response: Response, codec: str | None, *, url: str | None = None, page_no: int = 1) -> RawPage:
    """The response as stored in ``pages``; ``url`` overrides the fetched URL (a mirror's logical URL)."""
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    return RawPage(
        url=url or response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=datetime.now(UTC),
        encoding=codec,
        page_no=page_no,
    )


class NewsSpiderBase(scrapy.Spider):
    """Counts into the crawl's stats under ``news/…`` and turns fetch failures into counts."""

    # big pages are extracted in a worker process (set by from_crawler; None: every page here)
    offload: PageOffload | None = None
    # NEWS_MAX_BODY_CHARS: the guard cuts bodies there, so a huge page is not read far past it
    body_chars: int = DEFAULT_MAX_BODY_CHARS

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.body_chars = max_body_chars(crawler.settings)
        spider.offload = PageOffload.from_crawler(crawler)
        return spider

    def _extract(self, url: str, body: bytes, ctype: str | None) -> tuple[ArticleItem, str, str]:
        """:func:`extract_page` in this process, with the crawl's body cap."""
        return extract_page(url, body, ctype, body_chars=self.body_chars)

    def _offloads(self, response: Response) -> bool:
        """Whether this page is extracted in the worker process (a big page, the worker usable)."""
        return self.offload is not None and self.offload.wants(response.body)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        frontier = frontier_of(self.crawler)
        if frontier is not None and not frontier.should_seed():
            return  # distributed mode: another node seeded this run; requests come from the frontier
        for req in self._start_requests():
            yield req

    def _claim(self, key: str) -> bool:
        """Distributed mode: claim an article key for this run across nodes (False: another node
        has it). Single process: always True (the spider's own ``seen_keys`` decide)."""
        frontier = frontier_of(self.crawler)
        return frontier is None or frontier.first_sight(key)

    def _start_requests(self) -> Iterator[scrapy.Request]:
        """The first requests of the crawl (each spider says what they are)."""
        raise NotImplementedError

    @classmethod
    def check_arguments(cls, settings: Any, **kwargs: Any) -> None:
        """Raise :class:`SpiderArgumentError` if the spider cannot run with these arguments and
        settings: the same parsing as a crawl (``__init__`` then ``_configure``), with nothing started."""
        cls(**kwargs)._configure(settings)
        try:
            offload_threshold(settings)
        except ValueError as exc:
            raise SpiderArgumentError(f"{cls.name}: {exc}") from exc

    def _configure(self, settings: Any) -> None:
        """Settings-dependent set-up, called by ``from_crawler`` (and :meth:`check_arguments`)."""

    def _inc(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, n)

    def _count_item(self, item: ArticleItem) -> None:
        """Stats for an item about to be yielded: its template and the page object's notes."""
        self._inc(f"news/template/{item.template}")
        for note, n in item.notes.items():
            self._inc(f"news/extract/{note}", n)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        if failure.check(IgnoreRequest):  # robots.txt, offsite, already stored: not a failure
            self._inc("news/ignored_request")
            log.debug("ignored (%s): %s", failure.getErrorMessage(), getattr(request, "url", "?"))
            return
        kind = R.kind_of(request.meta) if request is not None else None
        self._inc(f"news/fetch_error/{kind or 'other'}")
        log.warning("fetch failed (%s): %s", failure.getErrorMessage(), getattr(request, "url", "?"))
