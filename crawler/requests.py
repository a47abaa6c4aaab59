"""The request ``meta`` contract between spiders (which write it) and the downloader middlewares
and extensions (which read it, some in ``pipelines/``). Declared here once; both sides import it.

================  =====================================================================================
key               meaning
================  =====================================================================================
``news_kind``     :class:`Kind`: ``"article"`` (a page that may become an item) or ``"list"`` (a page
                  read for links: channel lists, sitemaps, feeds). Absent: anything else (robots.txt).
``news_key``      the article's stable identity (``cnr:<id>``, else the canonical URL): the incremental
                  middleware skips an article request whose key is already stored.
``news_force``    ``True``: never skipped as already stored (continuation pages, ``-a refresh``).
``news_depth``    how many list pages the ``news`` spider followed to reach this request.
================  =====================================================================================

The ``cnr`` spider also carries its own private keys (``cnr_url``, ``cnr_channel``, ``cnr_list_page``,
``cnr_pages``, ``cnr_pending``), read only by that spider.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

KIND = "news_kind"
KEY = "news_key"
FORCE = "news_force"
DEPTH = "news_depth"


class Kind(StrEnum):
    ARTICLE = "article"
    LIST = "list"


def article_meta(key: str | None, *, force: bool = False, **extra: Any) -> dict[str, Any]:
    """``meta`` for an article request."""
    meta: dict[str, Any] = {KIND: Kind.ARTICLE.value}
    if key:
        meta[KEY] = key
    if force:
        meta[FORCE] = True
    meta.update(extra)
    return meta


def list_meta(**extra: Any) -> dict[str, Any]:
    """``meta`` for a list-page request (channel list, sitemap, feed)."""
    return {KIND: Kind.LIST.value, **extra}


def kind_of(meta: dict[str, Any]) -> str | None:
    return meta.get(KIND)


def key_of(meta: dict[str, Any]) -> str | None:
    return meta.get(KEY)


def is_forced(meta: dict[str, Any]) -> bool:
    return bool(meta.get(FORCE))


def depth_of(meta: dict[str, Any]) -> int:
    return int(meta.get(DEPTH, 0))


__all__ = [
    "DEPTH",
    "FORCE",
    "KEY",
    "KIND",
    "Kind",
    "article_meta",
    "depth_of",
    "is_forced",
    "key_of",
    "kind_of",
    "list_meta",
]
