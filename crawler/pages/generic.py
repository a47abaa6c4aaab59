"""Generic article page object: any Chinese news page, URL + bytes in, :class:`ArticleItem` out.

How it works (one parse, one walk; no engine, no I/O; trafilatura's and GNE's ideas, no GNE code):

1. decode with :func:`decode` (``decode_html`` plus a repair for GBK pages that charset detection
   misreads as a Cyrillic codec); content after a stray ``</html>`` is kept; lxml caps nesting
   depth and at most :data:`MAX_LINES` lines are read, so absurd documents stay cheap;
2. walk the body once into *lines* (text between block boundaries and ``<br>``), remembering for
   every block element the range of lines it holds; scripts are skipped, hidden blocks and blocks
   named like page furniture (comments, share bars, footers, sidebars …) are set aside unless they
   hold most of the page's prose;
3. score lines by their non-link text and sentence punctuation (prose has punctuation, menus do
   not) and credit each line to its container and, at half weight, the container's parent; the
   best container, discounted by its link density, is the article (a parent holding several good
   parts is preferred; good siblings and adjacent prose blocks are appended; on a page of several
   posts, the first post is taken);
4. clean the chosen lines: the title repeated, the metadata line under it (time, 来源, 作者), editor
   and copyright lines, share/print/font-size/pager furniture, app/WeChat promotions, bare URLs,
   a "相关新闻" box (and, at the end, everything after it);
5. title from headings (or lines by the body) that ``<title>`` confirms, else ``og:title``, else the
   heading or headline-like line just above the body; publication time from
   :mod:`crawler.pages.pubtime`; source/authors/editors from :mod:`crawler.pages.byline`;
6. a page whose best block is short, link-dense, made of many headline links, or of headline +
   teaser pairs is not an article (``is_article=False``): lists, indexes, search results.

Error contract: :func:`parse_generic` never raises on page content. Empty, binary or unparsable
input comes back as an item with ``is_article=False`` and ``template="generic"``; the reason is
recorded as ``item.removed["non_article:<reason>"] = 1`` (``empty``, ``binary``, ``unparsable``,
``no_text``, ``short``, ``list``, ``link_dense``, ``error``). ``item.removed`` also counts what the
cleaning dropped (``generic:<rule>``), how the time was found (``pubtime:<method>``) and a rejected
time (``pubtime_rejected:future|before-1990``).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
import tldextract
from lxml import etree

from crawler.items import ArticleItem, Image
from crawler.pages.byline import LABELLED_FIELD_RE, Byline, is_byline_line, parse_byline, split_names
from crawler.pages.encoding import decode_html
from crawler.pages.pubtime import DATETIME_RE, TITLE_SEPARATOR_RE, find_published, title_variants
from crawler.pages.selectors_generic import (
    BLOCK_TAGS,
    BOILERPLATE_LINE_MAX,
    BOILERPLATE_LINE_RE,
    CONTAINER_TAGS,
    COPYRIGHT_LINE_MAX,
    COPYRIGHT_RE,
    COUNTER_LINE_RE,
    END_OF_ARTICLE_RE,
    HEADING_TAGS,
    HIDDEN_STYLE_RE,
    LIKELY_NAME_RE,
    PROMO_LINE_MAX,
    PROMO_RE,
    PUNCT_RE,
    SKIP_TAGS,
    TITLE_NAME_RE,
    TRAILING_FURNITURE_RE,
    UNLIKELY_NAME_RE,
    URL_LINE_SHARE,
    URL_RE,
    WHITESPACE_RE,
)

log = logging.getLogger(__name__)

TEMPLATE = "generic"
MAX_HTML_CHARS = 4_000_000  # bigger documents are cut (DOWNLOAD_MAXSIZE is 10 MiB anyway)
MAX_LINES = 20_000  # lines of text read from one page (a real article page has a few hundred)
BINARY_CONTROL_RATIO = 0.05  # share of C0 control characters that marks a body as binary
MIN_SCORED_CHARS = 8  # a line needs this much non-link text to score
LINK_LINE_RATIO = 0.5  # a line whose link text exceeds this share is a link line
UNLIKELY_KEEP_SHARE = 0.5  # an "unlikely" block holding more of the page's prose than this stays
PARENT_CLIMB_RATIO = 0.75  # climb to the parent when it scores at least this share of the best
SIBLING_SHARE = 0.2  # append siblings scoring at least this share of the best
SIBLING_PARAGRAPH_CHARS = 40  # a sibling <p> with this much prose is part of the article
ENTRY_MIN_PROSE = 100  # a post of a multi-post page has at least this much prose
ENTRY_MAX_LEVELS = 8  # how far above the best block repeated posts are looked for
END_RESUME_CHARS = 150  # ... unless this much prose follows it (the box sits inside the article)
END_MARK_SHARE = 0.5  # "相关新闻" ends the article once this share of its prose has been read
# is_article thresholds
MIN_ARTICLE_CHARS = 60
MIN_ARTICLE_PUNCT = 2
LIST_ITEM_MIN_CHARS = 6  # a link line this long looks like a headline in a list
LIST_MIN_ITEMS = 12
LIST_ITEM_SHARE = 0.45  # share of the chosen block's lines that are headline links -> a list
LIST_LINK_DENSITY = 0.5
LIST_PROSE_PER_LINK = (
    1.0  # ... unless the block has this much more prose than headline text (article + links)
)
LIST_MIN_TEASERS = 5  # headline link followed by a teaser paragraph, this many times -> a list
LIST_TEASER_SHARE = 0.5  # ... for at least this share of its headline links
# an unbroken run of this many prose paragraphs, with this much prose, is an article even when
# the block around it is a long link list (an article with its "related news" box attached)
ARTICLE_RUN_MIN_PARAS = 3
ARTICLE_RUN_MIN_CHARS = 400

# tracking parameters dropped from canonical URLs
TRACKING_PARAM_RE = re.compile(r"^(?:utm_\w+|spm|from|share_token|tt_from|wxshare_count)$", re.I)
END_TAG_RE = re.compile(r"</(?:html|body)\s*>", re.I)
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")
# "访问:121369", "Blog名:洞庭一叶": a label and its value, not a headline
LABEL_VALUE_RE = re.compile(r"^[^:：]{1,6}[:：]\S{1,24}$")
TITLE_TRAILER_RE = re.compile(r"[\s\-_|｜—–·]+$")
TITLE_END_PUNCT_RE = re.compile(r"[。！？!?；;，,]$")
IMAGE_SKIP_RE = re.compile(
    r"(?:^data:|\.svg(?:$|\?)|spacer|blank\.gif|pixel|icon|logo|loading|avatar|qrcode|erweima)", re.I
)
DATE_ONLY_MAX = 60
TITLE_FRAGMENT_SHARE = 0.6  # a confirmed heading shorter than this share of <title>'s part is a fragment
TITLE_NEAR_LINES = 12
BYLINE_AFTER_LINES = 4  # lines after the body searched for the editor credit  # how far above the body a headline is looked for
EMPTY_LABEL_RE = re.compile(
    r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|来源|作者|记者|审核|校对)\s*[:：]?\s*[\]】)）]?$"
)
# codecs decode_html picks for a reason (BOM, valid UTF-8, a declared Chinese charset)

# Offline public-suffix lookup (the snapshot bundled with tldextract; never fetched).
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# --- URL identity --------------------------------------------------------------------------------------
def site_of(url: str) -> str:
    """Registered host family: ``news.cnr.cn`` -> ``cnr.cn``, ``www.sd.gov.cn`` -> ``sd.gov.cn``."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if not host:
        return ""
    ext = _TLD(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host


def canonical_url(url: str) -> str:
    """The URL without fragment or tracking parameters, with a lower-cased scheme and host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM_RE.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


# --- the walk ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Line:
    """Text between two block boundaries."""

    text: str
    chars: int  # non-space characters
    link_chars: int
    punct: int  # sentence punctuation outside links
    owner: Any  # innermost block element
    unlikely: tuple[Any, ...] = ()  # "unlikely" blocks around it (page furniture by name)

    @property
    def in_link(self) -> bool:
        return self.link_chars > self.chars * LINK_LINE_RATIO

    @property
    def prose_chars(self) -> int:
        return self.chars - self.link_chars


@dataclass
class Walk:
    lines: list[Line] = field(default_factory=list)
    ranges: dict[Any, tuple[int, int]] = field(default_factory=dict)  # block element -> [first, end)
    headings: list[Any] = field(default_factory=list)  # h1-h4 and title-named elements, in order
    unlikely: list[Any] = field(default_factory=list)


def _is_hidden(el: Any) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and HIDDEN_STYLE_RE.search(style))


def _names(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".strip()


def walk(body: Any) -> Walk:
    """One pass over ``body``: lines, block ranges, headings. Iterative (no recursion limit)."""
    w = Walk()
    pieces: list[tuple[str, bool]] = []
    owners: list[Any] = [body]
    unlikely: list[Any] = []
    skip_depth = 0
    link_depth = 0

    def add(text: str | None, in_link: bool) -> None:
        if text:
            pieces.append((text, in_link))

    def flush() -> None:
        if not pieces:
            return
        if len(w.lines) >= MAX_LINES:  # a hostile page: what an article could be has been read
            pieces.clear()
            return
        raw = "".join(t for t, _ in pieces)
        text = WHITESPACE_RE.sub(" ", raw).strip()
        if text:
            chars = len(text.replace(" ", ""))
            link = sum(len(WHITESPACE_RE.sub("", t)) for t, lk in pieces if lk)
            punct = sum(len(PUNCT_RE.findall(t)) for t, lk in pieces if not lk)
            w.lines.append(Line(text, chars, min(link, chars), punct, owners[-1], tuple(unlikely)))
        pieces.clear()

    for event, el in etree.iterwalk(body, events=("start", "end")):
        if len(w.lines) >= MAX_LINES:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or not tag or tag in SKIP_TAGS:
                skip_depth += 1
                continue
            if tag in BLOCK_TAGS:
                flush()
                w.ranges[el] = (len(w.lines), -1)
                owners.append(el)
                if tag in HEADING_TAGS or (
                    (el.get("id") or el.get("class")) and TITLE_NAME_RE.search(_names(el))
                ):
                    w.headings.append(el)
            elif TITLE_NAME_RE.search(_names(el)):
                flush()
                w.ranges[el] = (len(w.lines), -1)
                owners.append(el)
                w.headings.append(el)
            if tag != "body" and _is_hidden(el):
                # hidden blocks are set aside like furniture (unless a script reveals the article itself)
                unlikely.append(el)
                w.unlikely.append(el)
            elif tag != "body" and (el.get("id") or el.get("class")):
                names = _names(el)
                if UNLIKELY_NAME_RE.search(names) and not LIKELY_NAME_RE.search(names):
                    unlikely.append(el)
                    w.unlikely.append(el)
            if tag == "a":
                link_depth += 1
            add(el.text, link_depth > 0)
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0:
                    add(el.tail, link_depth > 0)
                continue
            if tag == "a":
                link_depth -= 1
            if el in w.ranges:
                flush()
                w.ranges[el] = (w.ranges[el][0], len(w.lines))
                owners.pop()
            if unlikely and unlikely[-1] is el:
                unlikely.pop()
            add(el.tail, link_depth > 0)
    flush()
    for el, (a, b) in w.ranges.items():  # blocks still open when a hostile page was cut short
        if b < 0:
            w.ranges[el] = (a, len(w.lines))
    return w


# --- scoring -------------------------------------------------------------------------------------------
def _line_score(line: Line) -> float:
    prose = line.prose_chars
    if prose < MIN_SCORED_CHARS or line.in_link:
        return 0.0
    if line.punct == 0 and prose < 25:
        return 0.0
    return 1.0 + line.punct + min(prose / 50.0, 4.0)


class Scorer:
    def __init__(self, w: Walk) -> None:
        self.w = w
        lines = w.lines
        self.cum_chars = [0]
        self.cum_link = [0]
        for ln in lines:
            self.cum_chars.append(self.cum_chars[-1] + ln.chars)
            self.cum_link.append(self.cum_link[-1] + ln.link_chars)
        total_prose = sum(ln.prose_chars for ln in lines if not ln.in_link) or 1
        # "unlikely" blocks that hold most of the page's prose are kept (a page-wide wrapper).
        self.dropped: set[Any] = set()
        for el in w.unlikely:
            a, b = w.ranges.get(el, (0, 0))
            prose = sum(ln.prose_chars for ln in lines[a:b] if not ln.in_link) if b > a else 0
            if prose <= UNLIKELY_KEEP_SHARE * total_prose:
                self.dropped.add(el)
        self.kept = [not any(u in self.dropped for u in ln.unlikely) for ln in lines]
        self.scores: dict[Any, float] = {}
        for ln, keep in zip(lines, self.kept, strict=True):
            if not keep:
                continue
            s = _line_score(ln)
            if not s:
                continue
            owner = ln.owner
            level1 = owner if owner.tag in CONTAINER_TAGS else owner.getparent()
            if level1 is None:
                continue
            self.scores[level1] = self.scores.get(level1, 0.0) + s
            level2 = level1.getparent()
            if level2 is not None:
                self.scores[level2] = self.scores.get(level2, 0.0) + s / 2

    def link_density(self, el: Any) -> float:
        a, b = self.w.ranges.get(el, (0, 0))
        chars = self.cum_chars[b] - self.cum_chars[a] if b > a else 0
        return (self.cum_link[b] - self.cum_link[a]) / chars if chars else 1.0

    def final(self, el: Any) -> float:
        return self.scores.get(el, 0.0) * (1.0 - self.link_density(el))

    def best(self) -> tuple[Any | None, float]:
        best_el, best_score = None, 0.0
        for el in self.scores:
            if el not in self.w.ranges:
                continue
            s = self.final(el)
            if s > best_score:
                best_el, best_score = el, s
        if best_el is None:
            return None, 0.0
        # climb while the parent (holding several parts of the article) scores about as well
        for _ in range(3):
            parent = best_el.getparent()
            if parent is None or parent not in self.w.ranges or parent.tag in ("html",):
                break
            ps = self.final(parent)
            if ps >= PARENT_CLIMB_RATIO * best_score:
                best_el, best_score = parent, max(ps, best_score)
            else:
                break
        entry = self._first_entry(best_el)
        if entry is not best_el:
            return entry, self.final(entry)
        return best_el, best_score

    def _is_entry(self, el: Any) -> bool:
        """A block with its own heading, a date line and some prose: one post of a multi-post page."""
        a, b = self.w.ranges[el]
        if not any(a <= self.w.ranges[h][0] < b for h in self.w.headings):
            return False
        lines = self.w.lines[a:b]
        if sum(ln.prose_chars for ln in lines if not ln.in_link) < ENTRY_MIN_PROSE:
            return False
        return any(len(ln.text) <= 100 and DATETIME_RE.search(ln.text) for ln in lines)

    def _first_entry(self, top: Any) -> Any:
        """On a page of several posts (a blog's front page), the first post is the article."""
        child = top
        for _ in range(ENTRY_MAX_LEVELS):
            parent = child.getparent()
            if parent is None or child not in self.w.ranges:
                break
            signature = (child.tag, child.get("class"))
            entries = [
                c
                for c in parent
                if c in self.w.ranges and (c.tag, c.get("class")) == signature and self._is_entry(c)
            ]
            if len(entries) >= 2 and child in entries:
                if entries[0] is child:
                    return top
                a, b = self.w.ranges[entries[0]]
                inside = [el for el in self.scores if el in self.w.ranges and a <= self.w.ranges[el][0] < b]
                best = max(inside, key=self.final, default=None)
                return best if best is not None and self.final(best) > 0 else top
            child = parent
        return top

    def selected_ranges(self, top: Any, top_score: float) -> list[tuple[int, int]]:
        """The top block's lines plus good siblings' (readability's sibling step): siblings that
        score well anywhere, and prose blocks (a lead, an abstract, notes) right next to it."""
        parent = top.getparent()
        if parent is None:
            return [self.w.ranges[top]]
        sibs = [
            c for c in parent if c is top or self.w.ranges.get(c, (0, 0))[1] > self.w.ranges.get(c, (0, 0))[0]
        ]
        at = sibs.index(top)
        adjacent: set[int] = set()
        for step in (-1, 1):  # contiguous prose blocks on either side
            i = at + step
            while 0 <= i < len(sibs) and self._prose_paragraph(self.w.ranges[sibs[i]]):
                adjacent.add(i)
                i += step
        out = []
        threshold = max(3.0, SIBLING_SHARE * top_score)
        for i, sib in enumerate(sibs):
            if sib is top or i in adjacent:
                out.append(self.w.ranges[sib])
            elif self.final(sib) >= threshold and self.link_density(sib) < 0.25:
                out.append(self.w.ranges[sib])
            elif sib.tag not in CONTAINER_TAGS and self._prose_paragraph(self.w.ranges[sib]):
                out.append(self.w.ranges[sib])  # a lead paragraph (<p class="chapo">) next to the body block
        return out

    def _prose_paragraph(self, rng: tuple[int, int]) -> bool:
        lines = [
            ln
            for ln, keep in zip(self.w.lines[rng[0] : rng[1]], self.kept[rng[0] : rng[1]], strict=True)
            if keep
        ]
        prose = sum(ln.prose_chars for ln in lines)
        chars = sum(ln.chars for ln in lines) or 1
        punct = sum(ln.punct for ln in lines)
        return prose >= SIBLING_PARAGRAPH_CHARS and prose / chars > 0.75 and punct >= 2


# --- cleaning the chosen lines -------------------------------------------------------------------------
def _squash(text: str) -> str:
    return WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def _is_date_line(text: str) -> bool:
    if len(text) > DATE_ONLY_MAX:
        return False
    m = DATETIME_RE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return False
    rest = text[: m.start()] + text[m.end() :]
    rest = re.sub(r"[\s:：|｜/()（）\[\]【】\-—·]+", "", rest)
    if len(rest) <= 12:
        return True
    return is_byline_line(rest)


def _prose_after(lines: list[Line], start: int) -> int:
    """Prose characters after a "相关新闻" heading, up to the next such heading: a box inside the
    article is followed by more of the article, a box at its end is not."""
    total = 0
    for ln in lines[start:]:
        if END_OF_ARTICLE_RE.match(ln.text):
            break
        if not ln.in_link and ln.punct >= 2 and ln.prose_chars >= 20:
            total += ln.prose_chars
    return total


@dataclass
class Cleaned:
    paragraphs: list[str]
    byline: Byline
    removed: dict[str, int]


def clean_lines(lines: list[Line], title: str) -> Cleaned:
    out: list[str] = []
    by = Byline()
    removed: dict[str, int] = {}
    title_sq = _squash(title) if title else ""
    body_chars = 0
    total_prose = sum(ln.prose_chars for ln in lines if not ln.in_link) or 1
    skipping = False  # inside a "相关新闻" box that sits in the middle of the article

    def drop(reason: str) -> None:
        removed[reason] = removed.get(reason, 0) + 1

    for i, ln in enumerate(lines):
        text = ln.text
        sq = _squash(text)
        if not sq:
            continue
        short = len(sq) <= BOILERPLATE_LINE_MAX
        if (
            title_sq
            and body_chars == 0
            and (
                sq == title_sq
                or (len(sq) >= 4 and sq in title_sq and len(sq) * 1.25 >= len(title_sq))
                or (len(title_sq) >= 4 and title_sq in sq and len(sq) <= len(title_sq) + 4)
            )
        ):
            drop("title")
            continue
        if END_OF_ARTICLE_RE.match(text):
            if body_chars >= END_MARK_SHARE * total_prose and _prose_after(lines, i + 1) < END_RESUME_CHARS:
                drop("end_of_article")
                break
            skipping = True
            drop("related_box")
            continue
        if skipping:
            if ln.in_link or ln.prose_chars < 40 or ln.punct < 2:
                drop("related_box")
                continue
            skipping = False
        if EMPTY_LABEL_RE.match(text):
            drop("byline")
            continue
        if ln.in_link and ln.punct < 2:
            drop("link_line")
            continue
        if len(sq) <= 120 and is_byline_line(text):
            by.merge(parse_byline(text))
            drop("byline")
            continue
        if _is_date_line(text):
            by.merge(parse_byline(text))
            drop("date_line")
            continue
        if (short and BOILERPLATE_LINE_RE.match(text)) or len(sq) <= 1:
            drop("furniture")
            continue
        if len(sq) <= BOILERPLATE_LINE_MAX + 20 and COUNTER_LINE_RE.search(text) and ln.punct <= 2:
            drop("furniture")
            continue
        if len(sq) <= PROMO_LINE_MAX and PROMO_RE.search(text):
            drop("promotion")
            continue
        trimmed = TRAILING_FURNITURE_RE.sub("", text)
        if trimmed != text:
            drop("furniture")
            text = trimmed
            sq = _squash(text)
            if not sq:
                continue
        urls = sum(len(u) for u in URL_RE.findall(text))
        if urls and urls >= URL_LINE_SHARE * len(text.replace(" ", "")):
            drop("url_line")
            continue
        if len(text) <= COPYRIGHT_LINE_MAX and COPYRIGHT_RE.search(text) and ln.punct <= 6:
            drop("copyright")
            continue
        if len(sq) < 60:
            # an editor credit closing the story: "（责任编辑：张三）" inside a short line
            b = parse_byline(text)
            if b.editors and not b.authors and len(sq) < 30:
                by.merge(b)
                drop("editor")
                continue
        out.append(text)
        body_chars += len(sq)
    # the reporter credit opening a story: "央广网北京2月13日消息（记者王五）"
    for p in out[:2]:
        b = parse_byline(p)
        if b.authors:
            by.authors += [a for a in b.authors if a not in by.authors]
    return Cleaned(out, by, removed)


# --- metadata ------------------------------------------------------------------------------------------
def _meta(tree: Any) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in ("name", "property", "itemprop"):
            key = meta.get(attr)
            if key:
                metas.setdefault(key.strip().lower(), content.strip())
    return metas


def _jsonld_headline(tree: Any) -> str | None:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower().strip() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and isinstance(node.get("headline"), str):
                return node["headline"].strip()
    return None


def _element_text(w: Walk, el: Any) -> str:
    a, b = w.ranges.get(el, (0, 0))
    return " ".join(ln.text for ln in w.lines[a:b]) if b > a else ""


def _clean_title(text: str) -> str:
    """Whitespace folded, separators trailing a headline (``标题- -``) dropped."""
    return TITLE_TRAILER_RE.sub("", WHITESPACE_RE.sub(" ", text).strip())


def find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    return _clean_title(_find_title(tree, w, metas, body_start))


def _find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    """The article's headline: a heading (or a line by the body) that ``<title>`` confirms, else
    ``og:title``/JSON-LD, else the heading or headline-like line just above the body, else ``<title>``."""
    title_el = tree.find(".//title")
    page_title = WHITESPACE_RE.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    variants = title_variants(page_title) if page_title else []
    parts = {_squash(p) for p in TITLE_SEPARATOR_RE.split(page_title)} if page_title else set()

    def confirmed(sq: str) -> int:
        if not variants or len(sq) < 2:
            return 0
        if sq in parts or sq == variants[0] or (len(sq) >= 4 and sq in variants[0]):
            return 3
        if len(sq) >= 4 and any(len(v) >= 4 and v in sq and len(sq) <= len(v) * 1.6 for v in variants):
            return 2
        return 0

    # candidates: headings anywhere, and lines around the body's start; (quality, is heading, length)
    best: tuple[int, int, int, str] | None = None
    near: tuple[int, str] | None = None  # (distance from the body's start, text) of the nearest heading
    for el in w.headings:
        text = _element_text(w, el)
        sq = _squash(text)
        if not (2 <= len(sq) <= 120) or _is_date_line(text) or LABELLED_FIELD_RE.search(text):
            continue
        a = w.ranges[el][0]
        if a < len(w.lines) and w.lines[a].in_link and el.tag not in HEADING_TAGS:
            continue
        q = confirmed(sq)
        if q and (best is None or (q, 1, len(sq)) > best[:3]):
            best = (q, 1, len(sq), text)
        if (
            body_start is not None
            and len(sq) >= 4
            and body_start - TITLE_NEAR_LINES <= a <= body_start + 2
            and not LABEL_VALUE_RE.match(sq)
        ):
            dist = body_start - a if a <= body_start else 3 * (a - body_start)  # above the body first
            if near is None or dist < near[0]:
                near = (dist, text)
    if body_start is not None and variants:
        for ln in w.lines[max(0, body_start - TITLE_NEAR_LINES) : body_start + 5]:
            sq = _squash(ln.text)
            q = confirmed(sq) if 4 <= len(sq) <= 120 else 0
            if q and (best is None or (q, 0, len(sq)) > best[:3]):
                best = (q, 0, len(sq), ln.text)
    if best:
        sq = _squash(best[3])
        holder = max((p for p in parts if sq in p), key=len, default=sq)
        if len(sq) < TITLE_FRAGMENT_SHARE * len(holder):
            # the heading is broken over lines (<br>): the <title> part holding it is the headline
            for raw_part in TITLE_SEPARATOR_RE.split(page_title):
                if _squash(raw_part) == holder:
                    return raw_part.strip()
        return best[3]
    for key in ("og:title", "articletitle", "twitter:title", "headline"):
        if metas.get(key):
            return _pick_title_part(metas[key], title_variants(metas[key]))
    headline = _jsonld_headline(tree)
    if headline:
        return headline
    if near:
        return near[1]
    # <title> unconfirmed (a site greeting, a blog name) or absent: the headline-like line above the body
    if body_start is not None:
        # the body's own first line (old pages open the text with its headline), then the lines above
        around = [
            *w.lines[body_start : body_start + 1],
            *reversed(w.lines[max(0, body_start - TITLE_NEAR_LINES) : body_start]),
        ]
        for ln in around:
            sq = _squash(ln.text)
            if 4 <= len(sq) <= 60 and not ln.in_link and not TITLE_END_PUNCT_RE.search(sq):
                if (
                    CJK_RE.search(sq)
                    and not LABEL_VALUE_RE.match(sq)
                    and not LABELLED_FIELD_RE.search(ln.text)
                ):
                    if not _is_date_line(ln.text):
                        return _clean_title(ln.text)
    return _pick_title_part(page_title, variants) if page_title else ""


def _pick_title_part(raw: str, variants: list[str]) -> str:
    """``标题_频道_网站`` -> ``标题``: the longest part, kept with its original spacing."""
    raw = WHITESPACE_RE.sub(" ", raw).strip()
    if len(variants) <= 1:
        return raw
    longest = variants[1]
    for part in TITLE_SEPARATOR_RE.split(raw):
        if _squash(part) == longest:
            return part.strip()
    return raw


def _images(nodes: list[Any], base_url: str) -> list[Image]:
    out: list[Image] = []
    seen: set[str] = set()
    for node in nodes:
        for img in node.iter("img"):
            src = img.get("data-src") or img.get("data-original") or img.get("src") or ""
            src = src.strip()
            if not src or IMAGE_SKIP_RE.search(src):
                continue
            try:
                if int(img.get("width") or 999) < 60 or int(img.get("height") or 999) < 60:
                    continue
            except ValueError:
                pass
            try:
                absolute = urljoin(base_url, src)
            except ValueError:
                continue
            if absolute in seen or not absolute.startswith(("http://", "https://")):
                continue
            seen.add(absolute)
            caption = (img.get("alt") or img.get("title") or "").strip()
            out.append(Image(src=absolute, caption=caption))
    return out


def _language(tree: Any, text: str) -> str:
    sample = text[:2000]
    if sample and len(CJK_RE.findall(sample)) >= 0.2 * len(sample.replace(" ", "")):
        return "zh"
    lang = (tree.get("lang") or "").strip().lower()
    return lang.split("-")[0] if lang else ("zh" if not sample else "und")


# --- the page object ---------------------------------------------------------------------------------
def decode(body: bytes, content_type: str | bytes | None = None) -> tuple[str, str]:
    """:func:`crawler.pages.encoding.decode_html` (kept as this module's name for it)."""
    return decode_html(body, content_type)


def _non_article(item: ArticleItem, reason: str) -> ArticleItem:
    item.is_article = False
    item.removed[f"non_article:{reason}"] = 1
    return item


def _parse_tree(text: str) -> Any | None:
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    # libxml2 drops everything after a stray </html> (pages assembled from includes have several);
    # browsers ignore them, and so do we.
    text = END_TAG_RE.sub("", text)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None


def parse_generic(
    url: str, body: bytes, *, content_type: str | bytes | None = None, text: str | None = None
) -> ArticleItem:
    """Extract an article from any news page.

    ``text`` is the page already decoded with :func:`decode` (saves a second decode). Never
    raises on page content: empty, binary or unparsable bodies give ``is_article=False`` with the
    reason recorded as ``item.removed["non_article:<reason>"]``.
    """
    canon = canonical_url(url)
    item = ArticleItem(url=url, canonical_url=canon, site=site_of(url), key=canon, template=TEMPLATE)
    if not body or not body.strip():
        return _non_article(item, "empty")
    if text is None:
        text, _codec = decode(body, content_type)
    head = text[:4096]
    if head and len(CONTROL_RE.findall(head)) > BINARY_CONTROL_RATIO * len(head):
        return _non_article(item, "binary")
    tree = _parse_tree(text)
    if tree is None:
        return _non_article(item, "unparsable")
    try:
        return _extract(item, tree, url)
    except (RecursionError, MemoryError, etree.LxmlError, ValueError) as exc:  # never crash the crawl
        log.warning("generic extraction failed on %s: %s", url, exc)
        return _non_article(item, "error")


def _extract(item: ArticleItem, tree: Any, url: str) -> ArticleItem:
    body_el = tree.find("body")
    if body_el is None:
        body_el = tree
    w = walk(body_el)
    metas = _meta(tree)
    sc = Scorer(w)
    top, top_score = sc.best()
    ranges = sc.selected_ranges(top, top_score) if top is not None else []
    chosen: list[Line] = []
    for a, b in ranges:
        chosen += [ln for ln, keep in zip(w.lines[a:b], sc.kept[a:b], strict=True) if keep]
    body_start = ranges[0][0] if ranges else None
    item.title = find_title(tree, w, metas, body_start)
    cleaned = clean_lines(chosen, item.title)
    item.paragraphs = cleaned.paragraphs
    item.removed.update({f"generic:{k}": v for k, v in cleaned.removed.items()})
    by = cleaned.byline
    # the metadata line under the title and the editor line after the body often sit outside the
    # chosen block
    if ranges:
        body_end = ranges[-1][1]
        for ln in w.lines[body_end : body_end + BYLINE_AFTER_LINES]:
            if len(ln.text) <= 60 and not ln.in_link:
                b = parse_byline(ln.text)
                by.editors += [e for e in b.editors if e not in by.editors]
    if body_start is not None:
        for ln in w.lines[max(0, body_start - 8) : body_start]:
            if len(ln.text) <= 160 and not ln.in_link:
                by.merge(parse_byline(ln.text))
    item.source = by.source or metas.get("source") or metas.get("contentsource") or None
    item.authors = by.authors or [
        n for n in split_names(metas.get("author") or metas.get("article:author") or "") if CJK_RE.search(n)
    ]
    item.editors = by.editors
    item.authors = [
        a for a in item.authors if a not in item.editors
    ]  # CNR's <meta name=author> is the editor
    item.description = metas.get("description") or metas.get("og:description")
    kw = metas.get("keywords") or ""
    item.keywords = [k for k in re.split(r"[,，;；\s]+", kw) if k][:30]
    pub = find_published(tree, url, title=item.title, chunks=w.lines)
    item.published_at, item.modified_at = pub.published, pub.modified
    if pub.rejected_reason:
        item.removed[f"pubtime_rejected:{pub.rejected_reason}"] = 1
    if pub.method:
        item.removed[f"pubtime:{pub.method}"] = 1
    item.images = _images([top] if top is not None else [], url)
    item.language = _language(tree, item.body)
    reason = _non_article_reason(w, sc, top, cleaned)
    if reason:
        return _non_article(item, reason)
    item.is_article = True
    return item


def _has_prose_run(lines: list[Line]) -> bool:
    """An unbroken run of prose paragraphs long enough to be an article's body."""
    paras = chars = 0
    for ln in lines:
        if not ln.in_link and ln.prose_chars >= 20 and ln.punct:
            paras, chars = paras + 1, chars + ln.prose_chars
            if paras >= ARTICLE_RUN_MIN_PARAS and chars >= ARTICLE_RUN_MIN_CHARS:
                return True
        elif ln.in_link or ln.prose_chars >= 20:
            paras = chars = 0
    return False


def _non_article_reason(w: Walk, sc: Scorer, top: Any, cleaned: Cleaned) -> str | None:
    if top is None:
        return "no_text"
    body = "".join(cleaned.paragraphs)
    chars = len(_squash(body))
    punct = len(PUNCT_RE.findall(body))
    if chars < MIN_ARTICLE_CHARS or punct < MIN_ARTICLE_PUNCT:
        return "short"
    a, b = w.ranges[top]
    lines = [ln for ln, keep in zip(w.lines[a:b], sc.kept[a:b], strict=True) if keep]
    if _has_prose_run(lines):
        return None
    items = [ln for ln in lines if ln.in_link and ln.chars >= LIST_ITEM_MIN_CHARS]
    prose = sum(ln.prose_chars for ln in lines if not ln.in_link)
    if (
        len(items) >= LIST_MIN_ITEMS
        and len(items) >= LIST_ITEM_SHARE * len(lines)
        and prose < LIST_PROSE_PER_LINK * sum(ln.chars for ln in items)
    ):
        return "list"
    # headline + summary, headline + summary …: a list with teasers, or search results
    kinds = [
        "L" if ln in items else "P" for ln in lines if ln in items or (ln.prose_chars >= 20 and ln.punct)
    ]
    teasers = sum(1 for x, y in zip(kinds, kinds[1:], strict=False) if x == "L" and y == "P")
    if teasers >= LIST_MIN_TEASERS and teasers >= LIST_TEASER_SHARE * len(items):
        return "list"
    if sc.link_density(top) >= LIST_LINK_DENSITY:
        return "link_dense"
    return None
