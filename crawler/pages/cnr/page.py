"""CNR (央广网) article page object: URL + bytes in, :class:`ArticleItem` out. Pure: no engine, no I/O.

Templates and selector chains live in :mod:`crawler.pages.cnr.selectors` (data). A page that matches
no CNR template goes to :func:`crawler.pages.generic.page.parse_generic` and keeps its CNR identity
(article id, key, channel); its ``template`` is then ``"generic"``.

Multi-page articles: :func:`continuation_urls` lists a first page's continuation pages and
:func:`merge_pages` merges the parsed pages into one item.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

from crawler.constants import BEIJING
from crawler.items import ArticleItem, Image
from crawler.pages import query as Q
from crawler.pages.base import PageObject
from crawler.pages.cnr import selectors as S
from crawler.pages.cnr import urls
from crawler.pages.encoding import decode_html
from crawler.pages.generic.byline import Byline, parse_byline
from crawler.pages.generic.pagemeta import KEYWORD_SEP_RE
from crawler.pages.prune import paragraphs_before_mark, prune_long_run
from crawler.pages.pubtime.chain import find_published

log = logging.getLogger(__name__)

# one step of cssselect's XPath: a tag or *, at most one predicate with no brackets inside
ONE_STEP_RE = re.compile(r"descendant-or-self::(?P<tag>\*|[A-Za-z][\w-]*)(?:\[(?P<predicate>[^\[\]]+)\])?")


# --- small helpers ------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """Runs of whitespace as one space, none at the ends (``str.split`` splits where ``\\s`` matches,
    every code point checked; a 58,000-paragraph page: 0.5 s → 0.15 s)."""
    return " ".join(text.split()) if text else ""


def _texts(doc: etree._Element, css: str) -> list[str]:
    """Texts of the nodes a selector matches (attribute values for ``::attr`` selectors). A malformed
    selector in the data module matches nothing (logged once, :mod:`crawler.pages.query`)."""
    out = []
    for node in Q.css(doc, css):
        t = _clean(Q.text_of(node))
        if t:
            out.append(t)
    return out


def _first(doc: etree._Element, chain: Sequence[str]) -> str | None:
    for css in chain:
        for t in _texts(doc, css):
            return t
    return None


def _first_match(doc: etree._Element, chain: Sequence[str], pattern: re.Pattern[str]) -> re.Match[str] | None:
    for css in chain:
        for t in _texts(doc, css):
            m = pattern.search(t)
            if m:
                return m
    return None


def _first_byline(
    doc: etree._Element, chain: Sequence[str], wanted: Callable[[Byline], object]
) -> Byline | None:
    """The first labelled byline (:func:`~crawler.pages.generic.byline.parse_byline`: the labels and name
    rules every page object reads) among the chain's texts that holds the ``wanted`` field."""
    for css in chain:
        for t in _texts(doc, css):
            b = parse_byline(t)
            if wanted(b):
                return b
    return None


def _names(value: str) -> list[str]:
    value = S.NAME_END_RE.split(value, maxsplit=1)[0]
    out: list[str] = []
    for tok in S.NAME_SPLIT_RE.split(value):
        tok = tok.strip("：: ()（）[]【】")
        if 2 <= len(tok) <= 8 and not any(ch.isdigit() for ch in tok) and tok not in out:
            out.append(tok)
    return out


def _datetime_from(m: re.Match[str]) -> datetime | None:
    try:
        return datetime(
            int(m["y"]),
            int(m["m"]),
            int(m["d"]),
            int(m["H"] or 0),
            int(m["M"] or 0),
            int(m["S"] or 0),
            tzinfo=BEIJING,
        )
    except ValueError:
        return None


def _remove(el: etree._Element) -> None:
    """Remove ``el`` from its tree, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- body text ----------------------------------------------------------------------------------


@dataclass
class _Segment:
    text: str
    centered: bool
    images: list[Image] = field(default_factory=list)


def _is_centered(el: etree._Element, inherited: bool) -> bool:
    if el.tag == "center" or (el.get("align") or "").lower() == "center":
        return True
    style = el.get("style")
    if style and S.CENTER_STYLE_RE.search(style):
        return True
    return inherited


def _segments(container: etree._Element, base_url: str) -> list[_Segment]:
    """Split a content container into text segments at block boundaries and ``<br>``."""
    segments: list[_Segment] = []
    buf: list[str] = []
    pending_images: list[Image] = []

    def flush(centered: bool) -> None:
        if not buf and not pending_images:
            return  # between two blocks: nothing gathered (half of all calls)
        text = _clean("".join(buf))
        buf.clear()
        if text or pending_images:
            segments.append(_Segment(text, centered, list(pending_images)))
            pending_images.clear()

    def walk(node: etree._Element, centered: bool) -> None:
        if node.text:
            buf.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:  # comment / processing instruction
                pass
            elif tag == "br":
                flush(centered)
            elif tag == "img":
                src = (child.get("src") or child.get("data-src") or "").strip()
                if src and not src.startswith("data:"):
                    caption = _clean(child.get("alt") or child.get("title") or "")
                    pending_images.append(Image(src=urljoin(base_url, src), caption=caption))
            elif tag.lower() in S.BLOCK_TAGS:
                c = _is_centered(child, centered)
                flush(centered)
                if len(child):
                    walk(child, c)
                elif child.text:  # a block without elements inside (most paragraphs): its text
                    buf.append(child.text)
                flush(c)
            else:
                walk(child, _is_centered(child, centered))
            if child.tail:
                buf.append(child.tail)

    walk(container, _is_centered(container, False))
    flush(False)
    return segments


def _is_boilerplate(text: str) -> bool:
    return (
        S.BOILERPLATE_AT_START_RE.match(text) is not None
        or S.BOILERPLATE_ANYWHERE_RE.search(text) is not None
    )


def _paragraphs_and_images(segments: list[_Segment]) -> tuple[list[str], list[Image]]:
    paragraphs: list[str] = []
    images: list[Image] = []
    seen: set[str] = set()
    caption_for: Image | None = None
    for seg in segments:
        text = seg.text  # whitespace already collapsed; a player's residue holds a colon
        if ":" in text:
            text = _clean(S.PLAYER_RESIDUE_RE.sub("", text))
        if seg.images:
            images.extend(seg.images)
            if not text:
                caption_for = seg.images[-1]
                continue
        if caption_for is not None and text and seg.centered and len(text) <= S.MAX_CAPTION_CHARS:
            if not caption_for.caption or caption_for.caption in text:
                caption_for.caption = text
            caption_for = None
            continue
        caption_for = None
        if not text or _is_boilerplate(text):
            continue
        if text in seen:  # a duplicated block (the same paragraph twice) counts once
            continue
        seen.add(text)
        paragraphs.append(text)
    return paragraphs, images


@lru_cache(maxsize=1)
def _noise_xpath() -> str:
    """Every noise selector that compiles, as one XPath: one walk of the container, matches in
    document order. A selector that does not compile is logged once (:mod:`crawler.pages.query`) and
    left out, so one typo in the data module does not switch off the rest.

    Selectors that are one step each (a tag, a class, an id: ``descendant-or-self::T[P]``) become one
    step whose predicate is the alternatives' (``descendant-or-self::*[(self::T and P) or …]``): lxml
    walks the container once, not once a selector (a 58,000-paragraph page: 0.59 s → 0.1 s). Any
    other selector keeps the union of the selectors' XPaths."""
    parts = [css2xpath(css) for css in S.NOISE if Q.compiled_css(css) is not None]
    steps = [ONE_STEP_RE.fullmatch(p) for p in parts]
    if not parts or not all(steps):
        return " | ".join(parts)
    alternatives = []
    for m in steps:
        assert m is not None
        tag, predicate = m["tag"], m["predicate"]
        conditions = ([] if tag == "*" else [f"self::{tag}"]) + ([f"({predicate})"] if predicate else [])
        alternatives.append(" and ".join(conditions) or "true()")
    return "descendant-or-self::*[" + " or ".join(f"({a})" for a in alternatives) + "]"


def _strip_noise(container: etree._Element) -> None:
    union = _noise_xpath()
    for node in Q.xpath(container, union) if union else ():
        if node is not container and isinstance(node, etree._Element):
            _remove(node)
    for el in list(container.iter()):
        if not isinstance(el.tag, str):
            continue
        style = el.get("style")
        if (style and S.HIDDEN_STYLE_RE.search(style)) or el.get("hidden") is not None:
            if el is not container and el.getparent() is not None:
                _remove(el)


# --- the page object ----------------------------------------------------------------------------


def _matches(doc: etree._Element, t: S.Template) -> bool:
    return (
        all(Q.css(doc, css) for css in t.detect)
        and all(Q.xpath(doc, xp) for xp in t.detect_xpath)
        and not any(Q.css(doc, css) for css in t.absent)
    )


def _template(doc: etree._Element) -> S.Template | None:
    for t in S.TEMPLATES:
        if _matches(doc, t):
            return t
    return None


def detect_template(sel: Selector) -> str | None:
    """Name of the first CNR template whose markers are all present, else ``None``."""
    t = _template(sel.root)
    return t.name if t is not None else None


def _is_marker(node: etree._Element, text: str) -> bool:
    return node.tag is etree.Comment and (node.text or "").strip() == text


def _keep_between_markers(container: etree._Element, markers: tuple[str, str]) -> None:
    """Drop what lies outside ``<!--start-->`` … ``<!--end-->`` (the markers' parent keeps the rest).
    Without an opening marker the container is left whole."""
    start_text, end_text = markers
    start = next((n for n in container.iter(etree.Comment) if _is_marker(n, start_text)), None)
    if start is None:
        return
    parent = start.getparent()
    if parent is None:
        return
    # everything in the marker's parent before it, then everything from the closing marker on
    for sib in list(start.itersiblings(preceding=True)):
        parent.remove(sib)
    parent.text = None
    end = next((n for n in start.itersiblings() if _is_marker(n, end_text)), None)
    if end is not None:
        for sib in [end, *end.itersiblings()]:
            parent.remove(sib)


def looks_like_cnr(body: bytes | str) -> bool:
    """Whether saved bytes look like a CNR page (for ``cnr-news extract`` on files without a URL)."""
    head = body[:200_000] if isinstance(body, str) else body[:200_000].decode("latin-1")
    return "cnr.cn" in head and ("央广网" in head or "pubtime_baidu" in head or ("\xd1\xeb\xb9\xe3" in head))


def _published(doc: etree._Element, url: str, title: str) -> datetime | None:
    m = _first_match(doc, S.PUBLISHED, S.TIME_RES[0])
    if m:
        dt = _datetime_from(m)
        if dt is not None:
            return dt
    try:  # the generic time finder
        found = find_published(doc, url, title=title or None).published
        if found is not None:
            return found
    except Exception:  # noqa: BLE001 - a fallback must not break the page object
        log.debug("pubtime fallback failed on %s", url, exc_info=True)
    ref = urls.article_ref(url)
    if ref and ref.day:
        return datetime(ref.day.year, ref.day.month, ref.day.day, tzinfo=BEIJING)
    return None


def _source(doc: etree._Element) -> str | None:
    for css in S.SOURCE:
        for t in _texts(doc, css):
            if "::attr(" in css:
                return t
            source = parse_byline(t).source
            if source:
                return source
    return None


def _editors(doc: etree._Element) -> list[str]:
    b = _first_byline(doc, S.EDITOR, lambda b: b.editors)
    return b.editors if b else []


def _authors(doc: etree._Element, paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    b = _first_byline(doc, S.BYLINE_AUTHOR, lambda b: b.authors)
    if b:
        out.extend(b.authors)
    for p in paragraphs[:2]:
        lead = S.LEAD_REPORTER_RE.search(p[:200])
        if lead:
            out.extend(n for n in _names(lead["v"]) if n not in out)
            break
    return out


def _channel(doc: etree._Element, url: str) -> str | None:
    for css in S.CHANNEL:
        for t in _texts(doc, css):
            if t and t not in ("首页", "央广网"):
                return t
    return urls.channel_name(url) if urls.is_cnr_url(url) else None


def _keywords(doc: etree._Element) -> list[str]:
    raw = _first(doc, S.KEYWORDS) or ""
    return [k for k in KEYWORD_SEP_RE.split(raw) if k]


def _title(doc: etree._Element) -> str:
    for css in S.TITLE:
        for t in _texts(doc, css):
            t = S.TITLE_SUFFIX_RE.sub("", t).strip()
            if t:
                return t
    return ""


def parse_cnr(
    url: str,
    body: bytes,
    *,
    content_type: str | bytes | None = None,
    text: str | None = None,
    body_chars: int = 0,
) -> ArticleItem:
    """Extract a CNR article (or recognise a non-article page). ``text``: the decoded body, if known.
    ``body_chars``: the cap the caller cuts bodies at (``0``: none); a page with more than twice that
    is read only that far (:mod:`crawler.pages.prune`) — the cut body, the images and the page's
    fields as the whole page gives them."""
    if text is None:
        text, _codec = decode_html(body, content_type)
    ref = urls.article_ref(url)
    canonical = urls.canonical_cnr_url(ref.first_page_url if ref else url)
    item = ArticleItem(
        url=url,
        canonical_url=canonical,
        site=urls.SITE,
        key=ref.key if ref else canonical,
        article_id=ref.article_id if ref else None,
    )
    if not text.strip():
        item.is_article = False
        item.template = S.GENERIC_TEMPLATE
        return item
    doc = Selector(text=text).root  # parsel's parser settings (huge trees, recovery), then lxml alone
    pruned = body_chars > 0 and prune_long_run(
        doc, 2 * body_chars, markup_chars=len(text), block_tags=S.BLOCK_TAGS
    )
    found_template = _template(doc)
    template = found_template.name if found_template is not None else None
    item.title = _title(doc)
    item.channel = _channel(doc, url)
    item.source = _source(doc)
    item.editors = _editors(doc)
    item.description = _first(doc, S.DESCRIPTION)
    item.keywords = _keywords(doc)
    page_canonical = _first(doc, S.CANONICAL)
    if page_canonical and urls.is_cnr_url(page_canonical) and ref is None:
        item.canonical_url = urls.canonical_cnr_url(page_canonical)

    if template is not None:
        item.template = template
        container = None
        for css in S.CONTENT:
            found = Q.css(doc, css)
            if found:
                container = found[0]
                break
        if container is not None:
            if found_template is not None and found_template.markers:
                _keep_between_markers(container, found_template.markers)
            _strip_noise(container)
            item.paragraphs, item.images = _paragraphs_and_images(_segments(container, url))
    if pruned:
        before = paragraphs_before_mark(item.paragraphs, body_chars) if template is not None else None
        if before is None:  # the cut lost text: read the page whole
            return parse_cnr(url, body, content_type=content_type, text=text)
        item.paragraphs = before
    if template is None:
        _fill_from_generic(item, _generic(url, body, content_type, text))
    elif not _long_enough(item):
        # a known template whose body container came back (nearly) empty: if the generic extractor
        # finds an article on the page, it wins (the template changed) rather than losing the article
        generic = _generic(url, body, content_type, text)
        if generic.is_article and _long_enough(generic):
            _fill_from_generic(item, generic)

    if item.published_at is None:
        item.published_at = _published(doc, url, item.title)
    item.authors = item.authors or _authors(doc, item.paragraphs)
    if not item.source and item.paragraphs:
        dateline = S.DATELINE_SOURCE_RE.match(item.paragraphs[0])
        if dateline:
            item.source = dateline["v"]
    item.is_article = _is_article(item, url)
    return item


def _generic(url: str, body: bytes, content_type: str | bytes | None, text: str) -> ArticleItem:
    """The generic extractor on the same page (``text``: the body already decoded, not decoded again)."""
    from crawler.pages.generic.page import parse_generic  # the fallback, imported only when needed

    return parse_generic(url, body, content_type=content_type, text=text)


def _fill_from_generic(item: ArticleItem, generic: ArticleItem) -> None:
    item.template = S.GENERIC_TEMPLATE
    item.paragraphs = [
        p
        for p in (_clean(S.PLAYER_RESIDUE_RE.sub("", x)) for x in generic.paragraphs)
        if p and not _is_boilerplate(p)
    ]
    item.images = list(generic.images)
    item.title = item.title or generic.title
    item.description = item.description or generic.description
    item.published_at = generic.published_at
    item.authors = list(generic.authors)
    item.source = item.source or generic.source


def _long_enough(item: ArticleItem) -> bool:
    """Whether the item's paragraphs hold at least :data:`MIN_ARTICLE_CHARS` characters."""
    return sum(len(p) for p in item.paragraphs) >= S.MIN_ARTICLE_CHARS


def _is_article(item: ArticleItem, url: str) -> bool:
    if item.title and S.ERROR_TITLE_RE.search(item.title) and len(item.body) < 200:
        return False
    if urls.is_cnr_url(url) and urls.article_ref(url) is None and urls.list_page(url) is not None:
        return False  # a channel list / homepage
    return bool(item.title) and _long_enough(item)


# --- multi-page articles ------------------------------------------------------------------------


def continuation_urls(url: str, body: bytes | str, *, content_type: str | bytes | None = None) -> list[str]:
    """Continuation pages (``_1``, ``_2`` …) of the article at ``url``, in order, as logical URLs.

    Read from links to the same article id with a page suffix and from CNR's pager script
    ``pageHtml(total, current, "tYYYYMMDD_<id>", "shtml")``.
    """
    ref = urls.article_ref(url)
    if ref is None or ref.page != 0:
        return []
    text = body if isinstance(body, str) else decode_html(body, content_type)[0]
    stem = f"_{ref.article_id}"
    if not any(stem + end in text for end in ("_", '"', "'")):
        # neither a link to a page of this article (``…_<id>_<n>.shtml``) nor the pager's stem
        # (``"t<date>_<id>"``) is on the page: no need to parse it again
        return []
    doc = Selector(text=text).root
    pages: dict[int, str] = {}
    for href in Q.css(doc, "a::attr(href)"):
        link = urljoin(url, href.strip())
        r = urls.article_ref(link)
        if r and r.article_id == ref.article_id and r.page > 0:
            pages.setdefault(r.page, urls.continuation_url(ref.first_page_url, r.page))
    for script in Q.css(doc, "script::text"):
        for m in urls.ARTICLE_PAGER_SCRIPT_RE.finditer(script):
            if m["stem"].endswith(f"_{ref.article_id}"):
                for n in range(1, min(int(m["total"]), 50)):
                    pages.setdefault(n, urls.continuation_url(ref.first_page_url, n))
    return [pages[n] for n in sorted(pages)]


def merge_pages(items: Iterable[ArticleItem]) -> ArticleItem:
    """Merge an article's parsed pages (first page first) into one item."""
    items = list(items)
    if not items:
        raise ValueError("merge_pages needs at least one page")
    first = items[0]
    seen = set(first.paragraphs)
    for n, extra in enumerate(items[1:], start=2):
        for p in extra.paragraphs:
            if p not in seen:
                seen.add(p)
                first.paragraphs.append(p)
        first.images.extend(extra.images)
        for raw in extra.raw_pages:
            raw.page_no = n
            first.raw_pages.append(raw)
        first.is_article = first.is_article or extra.is_article
    return first


def _claims(url: str, body: bytes | str) -> bool:
    """CNR's URLs, and saved files (``file:`` URLs) whose bytes look like a CNR page. A page fetched
    from another site is never claimed for its bytes alone (a re-post of a CNR story is not CNR's)."""
    return urls.is_cnr_url(url) or (url.startswith("file:") and bool(body) and looks_like_cnr(body))


PAGE_OBJECT = PageObject(name="cnr", claims=_claims, parse=parse_cnr, merge=merge_pages)
