"""Links on a news site's start/list pages: which look like articles, which like more lists.

Pure functions over a page's URL and bytes. An *article* link has a URL shaped like the
article URLs of Chinese news sites (a date in the path, a long numeric id, ``t20220213_123.shtml``,
``c_1128368513.htm``, ``doc-…shtml``, ``/article/…``) or a headline-length anchor text on a path
that carries an id. A *list* link is a pager or a channel index (``index_2.html``, ``list_3.htm``,
``?page=2``, 下一页). Everything else is ignored. Only http(s) links are returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.pages.cnr.urls import FETCHABLE_SCHEMES
from crawler.pages.encoding import decode_html

ARTICLE_URL_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"/t20\d{6}_\d+(?:_\d+)?\.s?html?$", re.I),  # TRS CMS: t20220213_525739615.shtml
    re.compile(
        r"/(?:19|20)\d{2}[-/]?[01]\d[-/]?[0-3]\d/[^?#]*\d{3,}[^/?#]*\.(?:s?html?|php|aspx?|jsp)$", re.I
    ),
    re.compile(r"/(?:19|20)\d{2}[-/]?[01]\d/[0-3]\d/[^?#]*\.(?:s?html?)$", re.I),  # /2022-02/13/c_1.htm
    re.compile(
        r"/(?:19|20)\d{2}/[01]\d[0-3]\d/[^?#]*\d{3,}[^/?#]*\.s?html?$", re.I
    ),  # people: /2022/0213/c1-2.html
    re.compile(r"/c_\d{6,}\.htm$", re.I),  # xinhuanet
    re.compile(r"/doc-i[a-z]{3,}\d+\.shtml$", re.I),  # sina
    re.compile(r"/(?:article|articles|news|detail|content|story|a|p|n\d)/[^?#]*\d{4,}[^/?#]*$", re.I),
    re.compile(r"(?:newsDetail_forward_|content_|art_|info_|detail_|show_?|article_?)\d{4,}", re.I),
    re.compile(r"/\d{6,}\.s?html?$", re.I),
    re.compile(r"[?&](?:id|aid|articleid|newsid|docid|contentid)=\d{3,}", re.I),
)
LIST_URL_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"/(?:index|list|more|node)(?:_\d+)?\.s?html?$", re.I),
    re.compile(r"/list[_-]?\d*(?:/|\.s?html?)?$", re.I),
    re.compile(r"/node_\d+\.s?html?$", re.I),
    re.compile(r"[?&](?:page|p|pn|pageno|pageindex)=\d+", re.I),
    re.compile(r"/page/\d+/?$", re.I),
)
PAGER_TEXT_RE = re.compile(r"^\s*(?:下一?页|下页|后页|更多(?:新闻|文章)?|more|next|>>|»|›)\s*>*\s*$", re.I)
ASSET_RE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|bmp|svg|ico|css|js|json|pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|tar|mp[34]|avi|mov|"
    r"wmv|flv|apk|exe|dmg|swf|txt|xml|rss)$",
    re.I,
)
CJK_RE = re.compile(r"[\u3400-\u9fff]")
ID_DIGITS_RE = re.compile(r"\d{4,}")  # a path with a headline-like anchor must carry an id
HEADLINE_MIN_CHARS = 8  # anchor text this long (with CJK) reads like a headline


@dataclass
class Links:
    articles: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    dropped: int = 0  # off-site, non-http(s) or asset links


def is_fetchable(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in FETCHABLE_SCHEMES and bool(parts.hostname)


def looks_like_article(url: str, anchor: str = "") -> bool:
    path = _path_query(url)
    if any(rx.search(path) for rx in ARTICLE_URL_RES):
        return not looks_like_list(url, "")
    text = anchor.strip()
    return len(text) >= HEADLINE_MIN_CHARS and bool(CJK_RE.search(text)) and bool(ID_DIGITS_RE.search(path))


def looks_like_list(url: str, anchor: str = "") -> bool:
    path = _path_query(url)
    return any(rx.search(path) for rx in LIST_URL_RES) or bool(anchor and PAGER_TEXT_RE.match(anchor))


def _path_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def discover_links(
    page_url: str,
    body: bytes | str,
    *,
    content_type: str | None = None,
    same_site: Callable[[str], bool] | None = None,
) -> Links:
    """Article and list links on a page; ``same_site(url) -> bool`` keeps links on the crawl's sites."""
    text = decode_html(body, content_type)[0] if isinstance(body, bytes) else body
    out = Links()
    if not text.strip():
        return out
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return out
    base = page_url
    for b in tree.iter("base"):
        if b.get("href"):
            base = urljoin(page_url, b.get("href"))
            break
    seen: set[str] = set()
    for a in tree.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = _strip_fragment(urljoin(base, href))
        except ValueError:
            out.dropped += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        if not is_fetchable(url) or ASSET_RE.search(urlsplit(url).path) or (same_site and not same_site(url)):
            out.dropped += 1
            continue
        anchor = a.text_content() if a.tag == "a" else (a.get("alt") or "")
        if looks_like_article(url, anchor):
            out.articles.append(url)
        elif looks_like_list(url, anchor):
            out.lists.append(url)
    return out
