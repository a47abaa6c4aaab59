"""Publication (and modification) time of a news page, from the page itself.

Sources, in order of trust (the first that yields an acceptable time wins):

1. structured data: JSON-LD ``datePublished`` / ``dateModified``;
2. ``<meta>`` tags (``article:published_time``, ``publishdate``, ``PubDate``, ``pubdate``, …);
3. ``<time datetime>`` / ``itemprop="datePublished"`` elements;
4. elements whose id/class names a publication time (``#pubtime_baidu``, ``.pub-time``, …);
5. the visible byline: a labelled time (``发布时间：…``) anywhere, else the first time in the
   lines just under (or just above) the title;
6. elements whose id/class says ``date``/``time``/``info``/``source`` (less specific);
7. the URL's date (``/2022/02/13/``, ``/20220213/``, ``t20220213_…``).

Times are tz-aware: a time without an offset is read in Asia/Shanghai. A time in the future
(beyond :data:`FUTURE_TOLERANCE` from ``now``) or before :data:`EARLIEST` is rejected: the next
source is tried, and when none is acceptable ``published`` is ``None`` and ``rejected_reason``
says why (``"future"`` / ``"before-1990"``) so the caller can count it.

This module is the orchestration; the parts live in :mod:`crawler.pages.pubtime.parse` (strings to
aware datetimes), :mod:`crawler.pages.pubtime.sources` (markup sources, the accept check),
:mod:`crawler.pages.pubtime.byline` (visible-text sources), :mod:`crawler.pages.pubtime.urldate`,
:mod:`crawler.pages.pubtime.chunks` and :mod:`crawler.pages.pubtime.titlematch`. Their public names are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import lxml.html
from lxml import etree

from crawler.constants import BEIJING
from crawler.pages.pubtime.byline import (
    BYLINE_MAX_CHARS,
    LABELLED_RE,
    NEAR_TITLE_AFTER,
    NEAR_TITLE_BEFORE,
    UPDATED_LABEL_RE,
    any_text_time,
    byline_time,
)
from crawler.pages.pubtime.chunks import MAX_CHUNKS, SKIP_TAGS, TextChunk, visible_chunks
from crawler.pages.pubtime.parse import (
    DATETIME_RE,
    EN_DATETIME_RE,
    EN_MONTHS,
    US_DATETIME_RE,
    parse_datetime,
)
from crawler.pages.pubtime.sources import (
    EARLIEST,
    FUTURE_TOLERANCE,
    GENERIC_CLASS_RE,
    JSONLD_MODIFIED_KEYS,
    JSONLD_PUBLISHED_KEYS,
    MAX_ELEMENT_TEXT,
    MODIFIED_META,
    PUBLISHED_META,
    SPECIFIC_CLASS_RE,
    Finder,
    Found,
    class_time,
    meta_map,
    modified_time,
    structured_time,
)
from crawler.pages.pubtime.titlematch import TITLE_SEPARATOR_RE, title_text, title_variants
from crawler.pages.pubtime.urldate import URL_DATE_RES, date_from_url

__all__ = [
    "BYLINE_MAX_CHARS",
    "DATETIME_RE",
    "EARLIEST",
    "EN_DATETIME_RE",
    "EN_MONTHS",
    "FUTURE_TOLERANCE",
    "GENERIC_CLASS_RE",
    "JSONLD_MODIFIED_KEYS",
    "JSONLD_PUBLISHED_KEYS",
    "LABELLED_RE",
    "MAX_CHUNKS",
    "MAX_ELEMENT_TEXT",
    "MODIFIED_META",
    "NEAR_TITLE_AFTER",
    "NEAR_TITLE_BEFORE",
    "PUBLISHED_META",
    "SKIP_TAGS",
    "SPECIFIC_CLASS_RE",
    "TITLE_SEPARATOR_RE",
    "UPDATED_LABEL_RE",
    "URL_DATE_RES",
    "US_DATETIME_RE",
    "Found",
    "PubTime",
    "TextChunk",
    "date_from_url",
    "find_published",
    "parse_datetime",
    "title_variants",
    "visible_chunks",
]


@dataclass
class PubTime:
    published: datetime | None = None
    modified: datetime | None = None
    method: str | None = None  # "jsonld", "meta:<name>", "time-element", "class", "byline", ...
    rejected_reason: str | None = None  # set when no acceptable time was found but one was rejected
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (method, reason) of every rejection


def find_published(
    doc: Any,
    url: str | None = None,
    *,
    title: str | None = None,
    now: datetime | None = None,
    chunks: Sequence[TextChunk] | None = None,
) -> PubTime:
    """Publication and modification time of a page.

    ``doc`` is an lxml (or parsel) document, or the page's HTML as ``str``/``bytes``. ``title``
    (the article title, when the caller knows it) locates the byline; ``<title>`` otherwise.
    ``chunks`` (from :func:`visible_chunks`) saves a second walk when the caller has them.
    Never raises on bad input.
    """
    now = now or datetime.now(UTC)
    f = Finder(now)
    result = PubTime()
    try:
        tree = _as_tree(doc)
    except (ValueError, TypeError, etree.LxmlError):
        tree = None
    if tree is not None:
        metas = meta_map(tree)
        result.modified = modified_time(tree, f, metas)
        lazy = _LazyChunks(tree, chunks)
        titles = [t for t in (title, title_text(tree)) if t]
        found = structured_time(tree, f, metas)
        if found and not found[2]:
            # a date-only structured value: take the byline's time of day when it names the same day
            byline = byline_time(lazy.get(), f, titles)
            if byline and byline[0].date() == found[0].date():
                found = (byline[0], found[1] + "+byline", True)
        if not found:
            found = class_time(tree, f, specific=True) or byline_time(lazy.get(), f, titles)
        if not found:
            found = class_time(tree, f, specific=False)
        if found:
            result.published, result.method = found[0], found[1]
    if result.published is None:
        d = date_from_url(url)
        if d is not None:
            dt = f.accept(datetime(d.year, d.month, d.day, tzinfo=BEIJING), "url")
            if dt:
                result.published, result.method = dt, "url"
    if result.published is None and tree is not None:
        found = any_text_time(lazy.get(), f)
        if found:
            result.published, result.method = found[0], found[1]
    result.rejected = f.rejected
    if result.published is None and f.rejected:
        result.rejected_reason = f.rejected[0][1]
    if result.modified and result.published and result.modified < result.published:
        result.modified = None
    return result


def _as_tree(doc: Any) -> Any:
    if isinstance(doc, bytes | str):
        if isinstance(doc, bytes):
            from crawler.pages.encoding import decode_html

            doc = decode_html(doc)[0]
        try:
            return lxml.html.document_fromstring(doc)
        except (etree.ParserError, ValueError):
            return None
    root = getattr(doc, "root", doc)  # a parsel Selector carries its lxml root
    return root.getroottree().getroot() if hasattr(root, "getroottree") else None


class _LazyChunks:
    def __init__(self, tree: Any, chunks: Sequence[TextChunk] | None) -> None:
        self.tree, self.chunks = tree, chunks

    def get(self) -> Sequence[TextChunk]:
        if self.chunks is None:
            self.chunks = visible_chunks(self.tree)
        return self.chunks
