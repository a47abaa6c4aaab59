"""What a page object is: a name, the URLs/pages it claims, and pure functions from a page's URL and
bytes to an :class:`~crawler.items.ArticleItem` (no engine, no I/O, no Scrapy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from crawler.items import ArticleItem


class Parse(Protocol):
    """``text``: the body already decoded, if the caller has it; ``body_chars``: the cap the caller
    cuts bodies at (``NEWS_MAX_BODY_CHARS``; ``0``: none) — a page object may stop reading a huge
    body past it, as long as the cut body is the one the whole page gives."""

    def __call__(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str | bytes | None = None,
        text: str | None = None,
        body_chars: int = 0,
    ) -> ArticleItem: ...


@dataclass(frozen=True)
class PageObject:
    """One site's (or the generic) extractor, as the registry sees it."""

    name: str
    # does this page object read the page at ``url`` (``body``: its bytes, or b"" when not known yet)?
    claims: Callable[[str, bytes | str], bool]
    # one page -> one item (``text``: the body already decoded; ``body_chars``: the caller's body cap)
    parse: Parse
    # an article's parsed pages (first page first) -> one item
    merge: Callable[[list[ArticleItem]], ArticleItem]
