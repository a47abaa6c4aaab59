"""One page's extraction as one call: bytes → text (:mod:`.encoding`) → the page object the
registry picks → item. No Scrapy: the spiders call it in their own process, and for a big page
in a separate one (:mod:`crawler.spiders.offload`)."""

from __future__ import annotations

from crawler.items import ArticleItem
from crawler.pages.encoding import decode_html
from crawler.pages.registry import page_object_for

__all__ = ["extract_page", "extract_page_item"]


def extract_page(
    url: str, body: bytes, content_type: str | None, *, body_chars: int = 0
) -> tuple[ArticleItem, str, str]:
    """The page's item, its decoded text and the codec that decoded it. ``body_chars``: the cap the
    item's body will be cut at (``NEWS_MAX_BODY_CHARS``; ``0``: none), so that a huge page need not
    be read past it (:mod:`crawler.pages.prune`)."""
    text, codec = decode_html(body, content_type)
    item = page_object_for(url, body).parse(
        url, body, content_type=content_type, text=text, body_chars=body_chars
    )
    return item, text, codec


def extract_page_item(
    url: str, body: bytes, content_type: str | None, *, body_chars: int = 0
) -> tuple[ArticleItem, str]:
    """:func:`extract_page` without the text (what a worker process sends back: the page's text
    is as large as the page, and the caller decodes it again only if it needs it)."""
    item, _text, codec = extract_page(url, body, content_type, body_chars=body_chars)
    return item, codec
