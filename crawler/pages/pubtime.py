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
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

SHANGHAI = ZoneInfo("Asia/Shanghai")
EARLIEST = datetime(1990, 1, 1, tzinfo=SHANGHAI)
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
JSONLD_PUBLISHED_KEYS: tuple[str, ...] = ("datePublished", "dateCreated", "uploadDate")
JSONLD_MODIFIED_KEYS: tuple[str, ...] = ("dateModified",)

# --- regexes ------------------------------------------------------------------------------------------
# A calendar date with an optional time of day and offset, after NFKC (full-width digits folded).
DATETIME_RE = re.compile(
    r"(?<![\d/])((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT,]*(?:(?:星期|周|礼拜)[一二三四五六日天])?[\s,]*"
    r"(?:(上午|下午|晚上|凌晨|早上|中午)\s*)?"
    r"(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?(?:\.\d+)?\s*"
    r"(?:([AaPp])\.?[Mm]\.?)?\s*(Z|(?:GMT|UTC)?\s*[+-]\d{2}:?\d{2})?)?(?![\d])"
)
# Labels that introduce the publication time in a byline.
LABELLED_RE = re.compile(
    r"(?:发布|发表|发稿|发文|刊发|出版|上传|创建|录入|添加|首发|更新)?(?:时间|日期)\s*[:：]\s*|发表于\s*|发布于\s*|"
    r"(?:posted|published)\s*(?:on|at)?\s*:?\s*",
    re.I,
)
# Month/day/year as US-style CMSs print it (``9/17/2004 5:54:13 AM``); day/month when the first
# number cannot be a month.
US_DATETIME_RE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# English month names: ``September 10th, 2005 10:56 am``, ``Sep 10, 2005``.
EN_DATETIME_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"((?:19|20)\d{2})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?)?",
    re.I,
)
EN_MONTHS: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
UPDATED_LABEL_RE = re.compile(r"(?:更新|修改|编辑)(?:时间|日期)\s*[:：]\s*")
# URL dates: /2022/02/13/, /2022-02/13/, /202202/13/, /20220213/, t20220213_ …
URL_DATE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:/|_|-|\.|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})[/_-](\d{2})(?:/|_|-|\.|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{2})(\d{2})(?:/|_|-|\.|$)"),
    re.compile(r"(?:^|[/_a-zA-Z-])((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,6})(?=[/_.-]|$)"),
)
# id/class names that hold the publication time; specific first, then generic ones.
SPECIFIC_CLASS_RE = re.compile(
    r"pub(?:lish)?(?:ed)?[-_]?(?:time|date)|pubtime|pubdate|post[-_]?(?:time|date)|"
    r"(?:article|news|art|detail|content)[-_]?(?:time|date)|release[-_]?(?:time|date)|"
    r"time[-_]?source|date[-_]?source|(?:^|[-_\s])publish(?:$|[-_\s])",
    re.I,
)
GENERIC_CLASS_RE = re.compile(r"date|time|info|source|byline|meta|author|attr|sub[-_]?title|tip", re.I)
SKIP_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "textarea", "option", "select"}
)
MAX_ELEMENT_TEXT = 160  # a time-bearing element longer than this is a block of prose, not a byline
NEAR_TITLE_AFTER = 25  # text chunks after the title searched for the byline time
NEAR_TITLE_BEFORE = 4
BYLINE_MAX_CHARS = 100  # an unlabelled time counts only in a line this short (a byline, not prose)
MAX_CHUNKS = 20_000


@dataclass
class PubTime:
    published: datetime | None = None
    modified: datetime | None = None
    method: str | None = None  # "jsonld", "meta:<name>", "time-element", "class", "byline", ...
    rejected_reason: str | None = None  # set when no acceptable time was found but one was rejected
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (method, reason) of every rejection


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _tz_from(text: str | None) -> timezone | ZoneInfo:
    if not text:
        return SHANGHAI
    if text.upper() == "Z":
        return UTC
    m = re.search(r"([+-])(\d{2}):?(\d{2})", text)
    if not m:
        return SHANGHAI
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def parse_datetime(text: str | None, *, tz: ZoneInfo | timezone = SHANGHAI) -> datetime | None:
    """The first date (with its time of day, when given) in ``text``, tz-aware; else ``None``."""
    found = _first_datetime(text, tz=tz)
    return found[0] if found else None


def _first_datetime(
    text: str | None, *, tz: ZoneInfo | timezone = SHANGHAI, at_start: bool = False
) -> tuple[datetime, bool] | None:
    """``(datetime, has_time_of_day)`` of the earliest date in ``text`` (or only at its start)."""
    if not text:
        return None
    text = _fold(text)
    if at_start:
        text = text.lstrip()
    best: tuple[int, datetime, bool] | None = None
    for rx, conv in _PARSERS:
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            if at_start and m.start() > 0:
                break
            dt = conv(m, tz)
            if dt is not None:
                best = (m.start(), dt, m.group(_HOUR_GROUP[rx]) is not None)
                break
    if best is not None:
        return best[1], best[2]
    stripped = text.strip()
    if re.match(r"^[A-Za-z]{3},?\s+\d", stripped):  # RFC 2822 (feeds, some meta tags)
        try:
            dt = parsedate_to_datetime(stripped)
        except (TypeError, ValueError, IndexError):
            return None
        return (dt if dt.tzinfo else dt.replace(tzinfo=tz)), True
    return None


def _hour(hh: str | None, ampm: str | None, ampm_zh: str | None = None) -> int:
    hour = int(hh) if hh else 0
    if ((ampm and ampm.lower() == "p") or ampm_zh in ("下午", "晚上")) and hour < 12:
        hour += 12
    elif ampm and ampm.lower() == "a" and hour == 12:
        hour = 0
    return 0 if hour == 24 else hour


def _from_match(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    y, mo, d, ampm_zh, hh, mi, ss, ampm, off = m.groups()
    try:
        return datetime(
            int(y),
            int(mo),
            int(d),
            _hour(hh, ampm, ampm_zh),
            int(mi) if mi else 0,
            int(ss) if ss else 0,
            tzinfo=_tz_from(off) if off else tz,
        )
    except ValueError:
        return None


def _from_us(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    a, b, y, hh, mi, ss, ampm = m.groups()
    month, day = (int(a), int(b)) if int(a) <= 12 else (int(b), int(a))
    try:
        return datetime(
            int(y), month, day, _hour(hh, ampm), int(mi) if mi else 0, int(ss) if ss else 0, tzinfo=tz
        )
    except ValueError:
        return None


def _from_en(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    mon, d, y, hh, mi, ss, ampm = m.groups()
    try:
        return datetime(
            int(y),
            EN_MONTHS[mon[:3].lower()],
            int(d),
            _hour(hh, ampm),
            int(mi) if mi else 0,
            int(ss) if ss else 0,
            tzinfo=tz,
        )
    except (ValueError, KeyError):
        return None


_HOUR_GROUP: dict[re.Pattern[str], int] = {DATETIME_RE: 5, US_DATETIME_RE: 4, EN_DATETIME_RE: 4}
_PARSERS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (DATETIME_RE, _from_match),
    (US_DATETIME_RE, _from_us),
    (EN_DATETIME_RE, _from_en),
)


def date_from_url(url: str | None) -> date | None:
    """The calendar date a URL's path carries, if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for rx in URL_DATE_RES:
        for m in rx.finditer(path):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _check(dt: datetime, now: datetime) -> str | None:
    if dt > now + FUTURE_TOLERANCE:
        return "future"
    if dt < EARLIEST:
        return "before-1990"
    return None


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


def _jsonld_values(tree: Any, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
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


def _meta_map(tree: Any) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                metas.setdefault(key.strip().lower(), content.strip())
    return metas


def _text_of(el: Any) -> str:
    try:
        return " ".join(t for t in el.itertext() if t).strip()
    except ValueError:
        return ""


class TextChunk(Protocol):
    """One line/node of visible text; ``in_link`` when it is (mostly) anchor text."""

    @property
    def text(self) -> str: ...

    @property
    def in_link(self) -> bool: ...


@dataclass
class _Chunk:
    text: str
    in_link: bool


def visible_chunks(tree: Any) -> list[_Chunk]:
    """Text nodes of ``<body>`` in document order (scripts/styles skipped), at most MAX_CHUNKS."""
    body = tree.find("body")
    root = body if body is not None else tree
    chunks: Sequence[TextChunk] = []
    state: dict[Any, tuple[bool, bool]] = {}  # element -> (inside a link, inside a skipped element)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        p_link, p_skip = state.get(parent, (False, False))
        in_link, skip = p_link or el.tag == "a", p_skip or el.tag in SKIP_TAGS
        state[el] = (in_link, skip)
        if not skip and el.text and el.text.strip():
            chunks.append(_Chunk(el.text.strip(), in_link))
        if not p_skip and el.tail and el.tail.strip():
            chunks.append(_Chunk(el.tail.strip(), p_link))
        if len(chunks) >= MAX_CHUNKS:
            break
    return chunks


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", _fold(text))


TITLE_SEPARATOR_RE = re.compile(r"\s*(?:[_|｜»›]|--?|—+|–|::)\s*|\s+-\s+")


def title_variants(title: str) -> list[str]:
    """The title and, for a ``<title>`` like ``标题_频道_网站``, its parts (longest first)."""
    title = _squash(title)
    parts = [p for p in TITLE_SEPARATOR_RE.split(_fold(title)) if len(_squash(p)) >= 4]
    out = [title] + sorted((_squash(p) for p in parts), key=len, reverse=True)
    return [t for i, t in enumerate(out) if t and t not in out[:i]]


def _title_text(tree: Any) -> str:
    t = tree.find(".//title")
    return _fold(_text_of(t)) if t is not None else ""


def _title_indexes(chunks: Sequence[TextChunk], title: str, limit: int = 6) -> list[int]:
    """Indexes of the chunks that look like the title (headings repeat it; nav links do not count)."""
    variants = [v for v in title_variants(title) if len(v) >= 4]
    found: list[int] = []
    if not variants:
        return found
    for i, c in enumerate(chunks):
        if c.in_link:
            continue
        s = _squash(c.text)
        if len(s) < 4:
            continue
        for v in variants:
            if (
                s == v
                or (len(s) >= 6 and s in v and len(s) * 2 >= len(v))
                or (v in s and len(s) <= len(v) * 1.6)
            ):
                found.append(i)
                break
        if len(found) >= limit:
            break
    return found


class _Finder:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rejected: list[tuple[str, str]] = []

    def accept(self, dt: datetime | None, method: str) -> datetime | None:
        if dt is None:
            return None
        reason = _check(dt, self.now)
        if reason:
            self.rejected.append((method, reason))
            return None
        return dt


Found = tuple[datetime, str, bool]  # (time, method, has a time of day)


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
    f = _Finder(now)
    result = PubTime()
    try:
        tree = _as_tree(doc)
    except (ValueError, TypeError, etree.LxmlError):
        tree = None
    if tree is not None:
        metas = _meta_map(tree)
        result.modified = _modified(tree, f, metas)
        lazy = _LazyChunks(tree, chunks)
        titles = [t for t in (title, _title_text(tree)) if t]
        found = _structured(tree, f, metas)
        if found and not found[2]:
            # a date-only structured value: take the byline's time of day when it names the same day
            byline = _byline(lazy.get(), f, titles)
            if byline and byline[0].date() == found[0].date():
                found = (byline[0], found[1] + "+byline", True)
        if not found:
            found = _classes(tree, f, specific=True) or _byline(lazy.get(), f, titles)
        if not found:
            found = _classes(tree, f, specific=False)
        if found:
            result.published, result.method = found[0], found[1]
    if result.published is None:
        d = date_from_url(url)
        if d is not None:
            dt = f.accept(datetime(d.year, d.month, d.day, tzinfo=SHANGHAI), "url")
            if dt:
                result.published, result.method = dt, "url"
    if result.published is None and tree is not None:
        found = _any_text_time(lazy.get(), f)
        if found:
            result.published, result.method = found[0], found[1]
    result.rejected = f.rejected
    if result.published is None and f.rejected:
        result.rejected_reason = f.rejected[0][1]
    if result.modified and result.published and result.modified < result.published:
        result.modified = None
    return result


class _LazyChunks:
    def __init__(self, tree: Any, chunks: Sequence[TextChunk] | None) -> None:
        self.tree, self.chunks = tree, chunks

    def get(self) -> Sequence[TextChunk]:
        if self.chunks is None:
            self.chunks = visible_chunks(self.tree)
        return self.chunks


def _accept_text(f: _Finder, text: str | None, method: str, *, at_start: bool = False) -> Found | None:
    parsed = _first_datetime(text, at_start=at_start)
    if parsed is None:
        return None
    dt = f.accept(parsed[0], method)
    return (dt, method, parsed[1]) if dt else None


def _modified(tree: Any, f: _Finder, metas: dict[str, str]) -> datetime | None:
    for v in _jsonld_values(tree, JSONLD_MODIFIED_KEYS):
        got = _accept_text(f, v, "jsonld")
        if got:
            return got[0]
    for name in MODIFIED_META:
        if name in metas:
            got = _accept_text(f, metas[name], f"meta:{name}")
            if got:
                return got[0]
    return None


def _structured(tree: Any, f: _Finder, metas: dict[str, str]) -> Found | None:
    for v in _jsonld_values(tree, JSONLD_PUBLISHED_KEYS):
        got = _accept_text(f, v, "jsonld")
        if got:
            return got
    for name in PUBLISHED_META:
        if name in metas:
            got = _accept_text(f, metas[name], f"meta:{name}")
            if got:
                return got
    for el in tree.xpath("//time[@datetime] | //*[@itemprop='datePublished']"):
        got = _accept_text(f, el.get("datetime") or el.get("content") or _text_of(el), "time-element")
        if got:
            return got
    return None


def _classes(tree: Any, f: _Finder, *, specific: bool) -> Found | None:
    rx = SPECIFIC_CLASS_RE if specific else GENERIC_CLASS_RE
    method = "class" if specific else "class-generic"
    for el in tree.xpath("//body//*[@id or @class]"):
        if el.tag in SKIP_TAGS or el.tag == "a":
            continue
        if not rx.search(f"{el.get('id') or ''} {el.get('class') or ''}"):
            continue
        if _in_link_list(el):
            continue  # the time of another story in a sidebar (热帖, 相关新闻): not this page's
        text = _text_of(el)
        if len(text) <= MAX_ELEMENT_TEXT:
            got = _accept_text(f, text, method)
            if got:
                return got
    return None


def _in_link_list(el: Any) -> bool:
    """Inside a list item that links elsewhere, in a list of several (a headline list's entry)."""
    for li in el.iterancestors("li"):
        parent = li.getparent()
        return li.find(".//a") is not None and parent is not None and len(parent.findall("li")) >= 3
    return False


def _labelled(chunks: Sequence[TextChunk], i: int, f: _Finder) -> Found | None:
    """A time introduced by a label ("发布时间：…") in chunk ``i`` (or, after a bare label, the next one)."""
    c = chunks[i]
    if c.in_link:
        return None
    text = _fold(c.text)
    for m in LABELLED_RE.finditer(text):
        if UPDATED_LABEL_RE.match(text, m.start()):
            continue
        after = text[m.end() :]
        if not after.strip() and i + 1 < len(chunks):
            after = chunks[i + 1].text
        got = _accept_text(f, after, "byline-label", at_start=True)
        if got:
            return got
    return None


def _byline(chunks: Sequence[TextChunk], f: _Finder, titles: list[str]) -> Found | None:
    # 1. just under (or above) the title: a labelled time, else a time in a short line, nearest first
    for title in titles:
        for idx in _title_indexes(chunks, title):
            after = [(d, idx + d) for d in range(1, NEAR_TITLE_AFTER + 1) if idx + d < len(chunks)]
            before = [(2 * d, idx - d) for d in range(1, NEAR_TITLE_BEFORE + 1) if idx - d >= 0]
            window = [j for _, j in sorted(after + before)]
            for j in window:
                got = _labelled(chunks, j, f)
                if got:
                    return got
            for j in window:
                c = chunks[j]
                if not c.in_link and len(c.text) <= BYLINE_MAX_CHARS:
                    got = _accept_text(f, c.text, "byline")
                    if got:
                        return got
    # 2. a labelled time anywhere outside links ("发布时间：2022-02-13 07:00")
    for i in range(len(chunks)):
        got = _labelled(chunks, i, f)
        if got:
            return got
    return None


def _any_text_time(chunks: Sequence[TextChunk], f: _Finder) -> Found | None:
    """Last resort: the first date with a time of day in the page's text outside links."""
    for c in chunks:
        if c.in_link:
            continue
        parsed = _first_datetime(c.text)
        if parsed and parsed[1]:
            dt = f.accept(parsed[0], "text")
            if dt:
                return dt, "text", True
    return None
