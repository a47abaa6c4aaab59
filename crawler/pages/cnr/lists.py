"""CNR channel lists, robots.txt sitemaps and sitemaps: pure functions over a page's bytes.

* :func:`list_items` reads the 2023– list markup (``div.articleList div.item > a`` with
  ``span.publishTime``; selectors in :mod:`crawler.pages.cnr.selectors`);
* :func:`list_markup` names the markup a list page uses (``items`` or ``links``), for crawl stats and
  ``cnr-news check-site``;
* :func:`robots_sitemaps` lists the ``Sitemap:`` lines of a robots.txt; :func:`sitemap_locs` reads
  a sitemap or a sitemap index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from crawler.constants import BEIJING
from crawler.pages.cnr import selectors as S

# how deep sitemap indexes are followed (index → sitemap is depth 1)
MAX_SITEMAP_DEPTH = 2
SITEMAP_LINE_RE = re.compile(r"^\s*sitemap\s*:\s*(?P<url>\S+)", re.I | re.M)
LIST_TIME_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?")


@dataclass(frozen=True)
class ListItem:
    url: str
    title: str
    published_at: datetime | None


def _text(node: Selector, chain: tuple[str, ...]) -> str:
    for css in chain:
        if css.startswith("::attr("):
            value = node.attrib.get(css[len("::attr(") : -1], "")
        else:
            value = " ".join(" ".join(n.xpath(".//text()").getall()) for n in node.css(css))
        value = " ".join(value.split())
        if value:
            return value
    return ""


def _time(value: str) -> datetime | None:
    m = LIST_TIME_RE.search(value)
    if not m:
        return None
    try:
        return datetime(
            int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), tzinfo=BEIJING
        )
    except ValueError:
        return None


def list_items(sel: Selector, page_url: str) -> list[ListItem]:
    """The items of a 2023– list page (empty for any other markup)."""
    out = []
    for css in S.LIST_ITEM:
        for a in sel.css(css):
            href = (a.attrib.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:")):
                continue
            out.append(
                ListItem(
                    urljoin(page_url, href), _text(a, S.LIST_ITEM_TITLE), _time(_text(a, S.LIST_ITEM_TIME))
                )
            )
    return out


def list_markup(sel: Selector) -> str:
    """``items`` (the 2023– ``div.articleList div.item`` markup) or ``links`` (anything else)."""
    return "items" if any(sel.css(css) for css in S.LIST_ITEM) else "links"


def robots_sitemaps(body: bytes | str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, in order, once each."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    out: list[str] = []
    for m in SITEMAP_LINE_RE.finditer(text):
        url = m["url"].strip()
        if url not in out:
            out.append(url)
    return out


def sitemap_locs(body: bytes) -> tuple[str, list[str]] | None:
    """``("urlset" | "sitemapindex", [loc, …])`` of a sitemap; ``None`` when it is not one."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
        root = etree.fromstring(body.strip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        return None
    locs = [
        (el.text or "").strip()
        for el in root.iter()
        if isinstance(el.tag, str) and etree.QName(el).localname == "loc" and (el.text or "").strip()
    ]
    return kind, locs
