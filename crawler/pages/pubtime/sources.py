"""Candidate publication/modification times from a page's markup, and the check every candidate
passes before it is accepted.

Markup sources, most trusted first: JSON-LD (:data:`JSONLD_PUBLISHED_KEYS`), ``<meta>`` tags
(:data:`PUBLISHED_META`), ``<time datetime>`` / ``itemprop="datePublished"`` elements, then elements
whose id/class names a time (:data:`SPECIFIC_CLASS_RE`, else :data:`GENERIC_CLASS_RE`). The byline
and the URL are tried by :mod:`crawler.pages.pubtime.byline` and :mod:`crawler.pages.pubtime.urldate`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from crawler.constants import BEIJING
from crawler.pages.pubtime.chunks import SKIP_TAGS, text_of
from crawler.pages.pubtime.parse import first_datetime

EARLIEST = datetime(1990, 1, 1, tzinfo=BEIJING)
FUTURE_TOLERANCE = timedelta(minutes=10)

# --- data: meta names (lower-cased name/property/itemprop), most trusted first ----------------------
PUBLISHED_META: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "publish_time",
    "published_time",
    "pubdate",
    "pubtime",
    "pub_date",
    "og:release_date",
    "release_date",
    "firstpublishedtime",
    "bytedance:published_time",
    "weibo:article:create_at",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "article.published",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "date",
)
MODIFIED_META: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dateupdate",
    "dc.date.modified",
    "dcterms.modified",
    "bytedance:updated_time",
    "weibo:article:update_at",
    "lastmodified",
    "modified",
)
META_KEY_ATTRS: tuple[str, ...] = ("name", "property", "itemprop", "http-equiv")
JSONLD_PUBLISHED_KEYS: tuple[str, ...] = ("datePublished", "dateCreated", "uploadDate")
JSONLD_MODIFIED_KEYS: tuple[str, ...] = ("dateModified",)
TIME_ELEMENT_XPATH = "//time[@datetime] | //*[@itemprop='datePublished']"
CLASSED_ELEMENT_XPATH = "//body//*[@id or @class]"

# id/class names that hold the publication time; specific first, then generic ones.
SPECIFIC_CLASS_RE = re.compile(
    r"pub(?:lish)?(?:ed)?[-_]?(?:time|date)|pubtime|pubdate|post[-_]?(?:time|date)|"
    r"(?:article|news|art|detail|content)[-_]?(?:time|date)|release[-_]?(?:time|date)|"
    r"time[-_]?source|date[-_]?source|(?:^|[-_\s])publish(?:$|[-_\s])",
    re.I,
)
GENERIC_CLASS_RE = re.compile(r"date|time|info|source|byline|meta|author|attr|sub[-_]?title|tip", re.I)
MAX_ELEMENT_TEXT = 160  # a time-bearing element longer than this is a block of prose, not a byline
LINK_LIST_MIN_ITEMS = 3  # a list of this many linked items is a headline list, not the byline

Found = tuple[datetime, str, bool]  # (time, method, has a time of day)


def check_time(dt: datetime, now: datetime) -> str | None:
    """Why ``dt`` cannot be a publication time (``"future"`` / ``"before-1990"``), else ``None``."""
    if dt > now + FUTURE_TOLERANCE:
        return "future"
    if dt < EARLIEST:
        return "before-1990"
    return None


class Finder:
    """Accepts candidate times against ``now``, remembering every rejection as ``(method, reason)``."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rejected: list[tuple[str, str]] = []

    def accept(self, dt: datetime | None, method: str) -> datetime | None:
        if dt is None:
            return None
        reason = check_time(dt, self.now)
        if reason:
            self.rejected.append((method, reason))
            return None
        return dt

    def accept_text(self, text: str | None, method: str, *, at_start: bool = False) -> Found | None:
        """The first time in ``text`` (or only at its start), when acceptable."""
        parsed = first_datetime(text, at_start=at_start)
        if parsed is None:
            return None
        dt = self.accept(parsed[0], method)
        return (dt, method, parsed[1]) if dt else None


def jsonld_blocks(tree: Any) -> Iterator[Any]:
    """The page's ``<script type="application/ld+json">`` blocks, parsed (unparsable ones skipped)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            yield json.loads(script.text, strict=False)
        except ValueError:
            continue


def jsonld_values(tree: Any, keys: tuple[str, ...]) -> list[str]:
    """String values of ``keys`` anywhere in the page's JSON-LD blocks, in document order per block."""
    out: list[str] = []
    for data in jsonld_blocks(tree):
        stack: list[Any] = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for k in keys:
                    v = node.get(k)
                    if isinstance(v, str):
                        out.append(v)
                stack.extend(v for v in node.values() if isinstance(v, dict | list))
            elif isinstance(node, list):
                stack.extend(node)
    return out


def meta_map(tree: Any, attrs: tuple[str, ...] = META_KEY_ATTRS) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name/property/itemprop/http-equiv (``attrs``; first one wins)."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in attrs:
            key = meta.get(attr)
            if key:
                metas.setdefault(key.strip().lower(), content.strip())
    return metas


def modified_time(tree: Any, f: Finder, metas: dict[str, str]) -> datetime | None:
    """The modification time from JSON-LD, else from ``<meta>``."""
    for v in jsonld_values(tree, JSONLD_MODIFIED_KEYS):
        got = f.accept_text(v, "jsonld")
        if got:
            return got[0]
    for name in MODIFIED_META:
        if name in metas:
            got = f.accept_text(metas[name], f"meta:{name}")
            if got:
                return got[0]
    return None


def structured_time(tree: Any, f: Finder, metas: dict[str, str]) -> Found | None:
    """The publication time from JSON-LD, else ``<meta>``, else a ``<time>``-like element."""
    for v in jsonld_values(tree, JSONLD_PUBLISHED_KEYS):
        got = f.accept_text(v, "jsonld")
        if got:
            return got
    for name in PUBLISHED_META:
        if name in metas:
            got = f.accept_text(metas[name], f"meta:{name}")
            if got:
                return got
    for el in tree.xpath(TIME_ELEMENT_XPATH):
        got = f.accept_text(el.get("datetime") or el.get("content") or text_of(el), "time-element")
        if got:
            return got
    return None


def class_time(tree: Any, f: Finder, *, specific: bool) -> Found | None:
    """The first time in a short element whose id/class names a time (specific or generic names)."""
    rx = SPECIFIC_CLASS_RE if specific else GENERIC_CLASS_RE
    method = "class" if specific else "class-generic"
    for el in tree.xpath(CLASSED_ELEMENT_XPATH):
        if el.tag in SKIP_TAGS or el.tag == "a":
            continue
        if not rx.search(f"{el.get('id') or ''} {el.get('class') or ''}"):
            continue
        if _in_link_list(el):
            continue  # the time of another story in a sidebar (热帖, 相关新闻): not this page's
        text = text_of(el)
        if len(text) <= MAX_ELEMENT_TEXT:
            got = f.accept_text(text, method)
            if got:
                return got
    return None


def _in_link_list(el: Any) -> bool:
    """Inside a list item that links elsewhere, in a list of several (a headline list's entry)."""
    for li in el.iterancestors("li"):
        parent = li.getparent()
        return (
            li.find(".//a") is not None
            and parent is not None
            and len(parent.findall("li")) >= LINK_LIST_MIN_ITEMS
        )
    return False
