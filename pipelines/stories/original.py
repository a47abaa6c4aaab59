"""Which article of a story is the original, and why — from evidence, not from arrival order.

Evidence, strongest first (each counts only what *other* members of the story say):

1. ``cited_url``: another member links to it — its URL (or, for CNR, its article id) appears in
   the copy's text or in the copy's raw page (``原文链接``, ``<a href=…cnr.cn/…/t2025…shtml>``).
2. ``named_source``: another member names its outlet as the source (``来源：央广网`` → ``cnr.cn``,
   table in ``media_sites.json``) and it is on that site.
3. ``earliest_published``: the earliest publication time.
4. ``first_seen``: no member has a publication time: the one stored first.

Among several candidates with the same evidence the earlier publication time (then first seen, then
lowest id) wins. The choice is made again whenever an article joins or leaves the story, so an
original that arrives after its copies takes its place.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from crawler.constants import BEIJING
from crawler.pages.cnr.urls import article_key
from crawler.pages.sites import canonical_url, site_of

MEDIA_SITES_PATH = Path(__file__).with_name("media_sites.json")
# an http(s) URL in text or in raw HTML (bytes: URLs are ASCII whatever the page's encoding)
URL_TEXT_RE = re.compile(r"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9_\-./%~+=&?#:]*)?")
URL_BYTES_RE = re.compile(rb"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9_\-./%~+=&?#:]*)?")
# 来源 values carry decorations: "央广网 (记者 张三)", "央广网客户端", "转自央广网"
SOURCE_TRIM_RE = re.compile(r"^(?:来源[:：]?|转自|转载自|来自|据)|(?:客户端|官方微博|微信公众号|报道)$")
SOURCE_SPLIT_RE = re.compile(r"[\s/、|,，()（）\[\]【】]+")


@lru_cache(maxsize=1)
def media_sites() -> dict[str, frozenset[str]]:
    """Media name (as in a 来源 line) -> the sites that publish under it."""
    data = json.loads(MEDIA_SITES_PATH.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for site, names in data["sites"].items():
        for name in names:
            out.setdefault(name.lower(), set()).add(site)
    return {k: frozenset(v) for k, v in out.items()}


def sites_named(source: str | None) -> frozenset[str]:
    """Sites a 来源 value names: a known outlet name, or a URL/domain written out."""
    if not source:
        return frozenset()
    found: set[str] = set()
    table = media_sites()
    for part in SOURCE_SPLIT_RE.split(source.strip()):
        part = SOURCE_TRIM_RE.sub("", part).lower()
        if not part:
            continue
        found |= table.get(part, frozenset())
        if "." in part and not found:
            host_site = site_of(part if "://" in part else f"http://{part}")
            if "." in host_site:
                found.add(host_site)
    return frozenset(found)


def url_identity(url: str) -> str:
    """What two spellings of one article's URL have in common: ``cnr:<id>`` for a CNR article,
    else the canonical URL without scheme or ``www.``."""
    key = article_key(url)
    if key:
        return key
    c = canonical_url(url)
    c = c.split("://", 1)[-1]
    return c[4:] if c.startswith("www.") else c


def cited_identities(texts: list[str], raw_pages: list[bytes]) -> set[str]:
    """URL identities cited in an article's text fields and raw pages."""
    out = {url_identity(u.rstrip(".")) for t in texts if t for u in URL_TEXT_RE.findall(t)}
    for page in raw_pages:
        out |= {url_identity(u.decode("ascii").rstrip(".")) for u in URL_BYTES_RE.findall(page)}
    return out


def decompress_pages(bodies_z: list[bytes]) -> list[bytes]:
    out = []
    for b in bodies_z:
        try:
            out.append(zlib.decompress(b))
        except zlib.error:
            continue
    return out


@dataclass
class Member:
    """What the choice needs to know about one article of a story."""

    id: int
    key: str
    site: str
    urls: tuple[str, ...]
    source: str | None
    published_at: datetime | None
    first_seen: datetime | None
    cites: set[str] = field(default_factory=set)  # URL identities it cites

    def identities(self) -> set[str]:
        ids = {url_identity(u) for u in self.urls if u}
        if self.key.startswith("cnr:"):
            ids.add(self.key)
        return ids


@dataclass(frozen=True)
class Choice:
    original: int
    reason: str
    evidence: str


def _when(dt: datetime | None) -> str:
    return dt.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if dt else "?"


MAX_IDS_SHOWN = 20  # ids listed in a choice's evidence; a story of hundreds of copies gets a count


def _ids(ids: Iterable[int]) -> str:
    """``"3, 5, 9"``; past :data:`MAX_IDS_SHOWN`, the first ones and the count."""
    ordered = sorted(ids)
    shown = ", ".join(str(i) for i in ordered[:MAX_IDS_SHOWN])
    return shown if len(ordered) <= MAX_IDS_SHOWN else f"{shown} … ({len(ordered)} in all)"


def choose_original(members: list[Member]) -> Choice:
    """The original of a story (see the module docstring)."""
    if not members:
        raise ValueError("a story without articles")

    def order(m: Member) -> tuple[int, datetime, datetime, int]:
        far = datetime.max.replace(tzinfo=BEIJING)
        return (m.published_at is None, m.published_at or far, m.first_seen or far, m.id)

    # Indexes instead of comparing every copy with every member: a story of n articles costs O(n).
    owners: dict[str, list[int]] = {}  # URL identity -> the members it names
    for m in members:
        for ident in m.identities():
            owners.setdefault(ident, []).append(m.id)
    cited: dict[int, list[int]] = {}  # member -> the copies citing it
    naming: dict[str, list[tuple[int, str]]] = {}  # site -> the copies naming it as their source
    names_own_site: set[int] = set()
    for copy in members:
        targets = {pk for ident in copy.cites for pk in owners.get(ident, ()) if pk != copy.id}
        for pk in targets:
            cited.setdefault(pk, []).append(copy.id)
        for site in sites_named(copy.source):
            naming.setdefault(site, []).append((copy.id, copy.source or ""))
            if site == copy.site:
                names_own_site.add(copy.id)
    if cited:
        most = max(len(v) for v in cited.values())
        win = min((m for m in members if len(cited.get(m.id, [])) == most), key=order)
        who = _ids(cited[win.id])
        return Choice(win.id, "cited_url", f"article {who} links to it ({win.urls[0]})")
    # how many other members name a member's site (its own 来源 line does not count)
    named = {m.id: len(naming.get(m.site, ())) - (m.id in names_own_site) for m in members}
    most = max(named.values())
    if most > 0:
        win = min((m for m in members if named[m.id] == most), key=order)
        by = [(cid, src) for cid, src in naming[win.site] if cid != win.id]
        sources = sorted({src for _, src in by})
        return Choice(
            win.id,
            "named_source",
            f"article {_ids(i for i, _ in by)} names {'/'.join(sources)} as source, which is {win.site}",
        )
    win = min(members, key=order)
    if win.published_at is not None:
        return Choice(
            win.id, "earliest_published", f"published first, {_when(win.published_at)} Beijing time"
        )
    return Choice(win.id, "first_seen", "no publication times: stored first")
