"""Sitemaps and RSS/Atom feeds: bytes in, ``(url, time)`` entries out. No engine, no I/O.

The XML parser resolves no entities and fetches nothing (no XXE, no billion laughs); gzip'd
sitemaps are unpacked up to :data:`MAX_UNZIPPED` bytes. Garbage gives empty results, never an
exception.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from crawler.pages.pubtime.chain import parse_datetime

MAX_UNZIPPED = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Entry:
    url: str
    time: datetime | None = None  # lastmod (sitemap) or published/updated (feed)
    title: str | None = None


@dataclass
class Sitemap:
    urls: list[Entry] = field(default_factory=list)
    sitemaps: list[Entry] = field(default_factory=list)  # children of a sitemap index


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        recover=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        load_dtd=False,
    )


def _ungzip(body: bytes) -> bytes:
    if not body.startswith(GZIP_MAGIC):
        return body
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
            while chunk := fh.read(1 << 16):
                out.write(chunk)
                if out.tell() > MAX_UNZIPPED:
                    return b""
    except (OSError, EOFError, zlib.error):
        return b""
    return out.getvalue()


def _root(body: bytes) -> etree._Element | None:
    body = _ungzip(body).lstrip()
    if not body:
        return None
    try:
        return etree.fromstring(body, parser=_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, name: str) -> str | None:
    for c in el:
        if _local(c.tag) == name and c.text and c.text.strip():
            return c.text.strip()
    return None


def parse_sitemap(body: bytes) -> Sitemap:
    """A ``<urlset>`` (page URLs with ``lastmod``) or a ``<sitemapindex>`` (child sitemaps)."""
    out = Sitemap()
    root = _root(body)
    if root is None:
        return out
    kind = _local(root.tag)
    for el in root:
        name = _local(el.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        lastmod = parse_datetime(_child_text(el, "lastmod"))
        news_date = None
        for c in el:
            if _local(c.tag) == "news":  # Google News sitemap: <news:publication_date>
                news_date = parse_datetime(_child_text(c, "publication_date"))
        entry = Entry(loc, news_date or lastmod)
        (out.sitemaps if kind == "sitemapindex" or name == "sitemap" else out.urls).append(entry)
    return out


def parse_feed(body: bytes) -> list[Entry]:
    """Items of an RSS 2.0/1.0 feed or entries of an Atom feed, in document order."""
    root = _root(body)
    if root is None:
        return []
    out: list[Entry] = []
    for el in root.iter():
        name = _local(el.tag)
        if name == "item":  # RSS
            link = _child_text(el, "link") or _child_text(el, "guid")
            if link:
                when = parse_datetime(_child_text(el, "pubdate") or _child_text(el, "date"))
                out.append(Entry(link, when, _child_text(el, "title")))
        elif name == "entry":  # Atom
            link = None
            for c in el:
                if _local(c.tag) == "link" and c.get("href") and c.get("rel", "alternate") == "alternate":
                    link = c.get("href")
                    break
            if link:
                when = parse_datetime(_child_text(el, "published") or _child_text(el, "updated"))
                out.append(Entry(link.strip(), when, _child_text(el, "title")))
    return out
