"""The article's headline: headings (or lines by the body) that ``<title>`` confirms, else
``og:title``/JSON-LD, else the heading or headline-like line just above the body, else ``<title>``."""

from __future__ import annotations

import re
from typing import Any

from crawler.pages.generic.byline import LABELLED_FIELD_RE
from crawler.pages.generic.linetext import CJK_RE, is_date_line, squash
from crawler.pages.generic.selectors import HEADING_TAGS, WHITESPACE_RE
from crawler.pages.generic.textwalk import Walk, element_text
from crawler.pages.pubtime.chain import TITLE_SEPARATOR_RE, title_variants
from crawler.pages.pubtime.sources import jsonld_blocks

# "访问:121369", "Blog名:洞庭一叶": a label and a short plain value, not a headline (a headline like
# "孙丰：巴黎举行“座谈会”" has a longer value, often quoted)
LABEL_VALUE_RE = re.compile(r"^[^:：]{1,6}[:：][^\s“”\"《》「」‘’]{1,14}$")
TITLE_TRAILER_RE = re.compile(r"[\s\-_|｜—–·]+$")
# a label before the headline itself: "主题: …" (forums), "标题：…", "文章标题：…", "Subject: …"
LABEL_SPLIT_RE = re.compile(r"[:：]")
NUMERIC_VALUE_RE = re.compile(r"^[\d年月日时分秒\-/.:：\s]+$")  # "121369", "2004年10月6日"
TITLE_LABEL_RE = re.compile(
    r"^\s*(?:(?:文章|新闻|帖子|信息|原帖)?(?:主\s*题|标\s*题|题\s*目)|subject|title)\s*[:：]\s*(?=\S)", re.I
)
# list bullets and markers before a headline: "*第一编", "● 标题", "◆标题" (not the "*ST" of a stock name)
TITLE_BULLET_RE = re.compile(r"^(?![*＊]\s*ST)[\s*＊•·●◆◇■□▪▫▶►▸※☆★○◎→»>＞]+(?=\S)", re.I)
# a <title>/og:title that greets the visitor or names the site instead of the story
GREETING_RE = re.compile(
    r"^(?:(?:谢谢|感谢|欢迎)(?:您|你)?(?:的)?(?:访问|光临|浏览|关注|来到|进入|使用)|welcome\s+to\b)", re.I
)
# a <title> part that names the site or a channel ("_新浪网", "- 云南日报网", "| blog.x.com")
SITE_NAME_RE = re.compile(
    r"(?:网|网站|门户网站|官网|官方网站|频道|新闻中心|日报|晚报|早报|时报|报社|在线|博客|论坛|社区|百科全书|"
    r"电视台|广播电台|客户端|The\s*Paper|\.(?:com|cn|net|org)(?:\.cn)?)$|^www\.",
    re.I,
)
SUBTITLE_DASH_RE = re.compile(r"^\s*(?:—+|－{2,}|-{2,}|――)")  # "——副标题" right under a headline
TITLE_END_PUNCT_RE = re.compile(r"[。！？!?；;，,]$")
TITLE_FRAGMENT_SHARE = 0.6  # a confirmed heading shorter than this share of <title>'s part is a fragment
PREFIX_MAX = 8  # "茉莉：" before a headline the body repeats: at most this many characters
TITLE_NEAR_LINES = 12  # how far above the body a headline is looked for


def _jsonld_headline(tree: Any) -> str | None:
    for data in jsonld_blocks(tree):
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and isinstance(node.get("headline"), str):
                return node["headline"].strip()
    return None


def _clean_title(text: str) -> str:
    """Whitespace folded; a leading label (``主题:``) or bullet (``*``) and trailing separators
    (``标题- -``) dropped."""
    text = WHITESPACE_RE.sub(" ", text).strip()
    for rx in (TITLE_LABEL_RE, TITLE_BULLET_RE, TITLE_LABEL_RE):
        text = rx.sub("", text)
    return TITLE_TRAILER_RE.sub("", text)


def names_site_only(title: str) -> bool:
    """Whether every part of a ``<title>`` names a site or channel (or is too short to be a story)."""
    parts = [squash(p) for p in TITLE_SEPARATOR_RE.split(title) if squash(p)]
    return bool(parts) and all(SITE_NAME_RE.search(p) for p in parts)


def is_greeting(title: str) -> bool:
    """Whether a ``<title>`` greets the visitor (``谢谢您访问〖…〗``) rather than naming the story."""
    return bool(GREETING_RE.search(squash(title)))


def find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    """The headline, cleaned; ``body_start`` is the index of the body's first line (None: no body)."""
    return _clean_title(_find_title(tree, w, metas, body_start))


def _page_title(tree: Any) -> str:
    """``<title>``, whitespace folded ("" when absent or a greeting: it confirms nothing, names nothing)."""
    title_el = tree.find(".//title")
    page_title = WHITESPACE_RE.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    return "" if is_greeting(page_title) else page_title


class _Confirmer:
    """How well a text matches a title: 3 the title (or one of its parts), 2 the title plus a little,
    0 no match."""

    def __init__(self, confirming: str) -> None:
        self.variants = title_variants(confirming) if confirming else []
        self.parts = {squash(p) for p in TITLE_SEPARATOR_RE.split(confirming)} if confirming else set()

    def __call__(self, sq: str) -> int:
        variants = self.variants
        if not variants or len(sq) < 2:
            return 0
        if sq in self.parts or sq == variants[0] or (len(sq) >= 4 and sq in variants[0]):
            return 3
        if len(sq) >= 4 and any(len(v) >= 4 and v in sq and len(sq) <= len(v) * 1.6 for v in variants):
            return 2
        return 0


def headline_element(tree: Any, w: Walk, metas: dict[str, str]) -> Any | None:
    """The headline's element, to anchor block choice on: the first ``<h1>`` (else the first other
    heading) whose text ``<title>`` or ``og:title`` confirms; None when no heading is confirmed."""
    page_title = _page_title(tree)
    titles = [page_title] if page_title and not names_site_only(page_title) else []
    og = metas.get("og:title") or ""
    if og and not is_greeting(og) and og != page_title:
        titles.append(og)
    confirmers = [_Confirmer(t) for t in titles]
    if not confirmers:
        return None
    other = None
    for el in w.headings:
        a, b = w.ranges[el]
        if b <= a or (w.lines[a].in_link and el.tag != "h1"):
            continue  # a linked <h3> is a teaser's (this story in a "hot" list); a linked <h1> is the page's
        text = element_text(w, el)
        sq = squash(text)
        if not (4 <= len(sq) <= 120) or SUBTITLE_DASH_RE.match(text) or is_date_line(text):
            continue
        if max(c(sq) for c in confirmers) < 2:
            continue
        if el.tag == "h1":
            return el
        if other is None:
            other = el
    return other


def _find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    page_title = _page_title(tree)
    # a <title> naming only the site ("示例日报", "某人 | blog.example.com") confirms nothing either: it
    # would crown the logo; it stays the last resort
    confirming = "" if names_site_only(page_title) else page_title
    confirmed = _Confirmer(confirming)
    variants, parts = confirmed.variants, confirmed.parts

    # candidates: headings anywhere, and lines around the body's start; (quality, is heading, length)
    best: tuple[int, int, int, str] | None = None
    best_end = 0  # index of the line after the best candidate
    near: tuple[int, str] | None = None  # (distance from the body's start, text) of the nearest heading
    for el in w.headings:
        text = element_text(w, el)
        sq = squash(text)
        if not (2 <= len(sq) <= 120) or is_date_line(text) or LABELLED_FIELD_RE.search(text):
            continue
        a = w.ranges[el][0]
        if a < len(w.lines) and w.lines[a].in_link and el.tag not in HEADING_TAGS:
            continue
        q = 0 if SUBTITLE_DASH_RE.match(text) else confirmed(sq)  # "——副标题" is not the headline
        if q and (best is None or (q, 1, len(sq)) > best[:3]):
            best, best_end = (q, 1, len(sq), text), w.ranges[el][1]
        if (
            body_start is not None
            and len(sq) >= 4
            and body_start - TITLE_NEAR_LINES <= a <= body_start + 2
            and not _label_value_at(w, a)
        ):
            dist = body_start - a if a <= body_start else 3 * (a - body_start)  # above the body first
            if near is None or dist < near[0]:
                near = (dist, text)
    if body_start is not None and variants:
        first = max(0, body_start - TITLE_NEAR_LINES)
        for i, ln in enumerate(w.lines[first : body_start + 5], first):
            sq = squash(ln.text)
            q = confirmed(sq) if 4 <= len(sq) <= 120 and not SUBTITLE_DASH_RE.match(ln.text) else 0
            if q and (best is None or (q, 0, len(sq)) > best[:3]):
                best, best_end = (q, 0, len(sq), ln.text), i + 1
    if best:
        sq = squash(best[3])
        holder = max((p for p in parts if sq in p), key=len, default=sq)
        if len(sq) < TITLE_FRAGMENT_SHARE * len(holder):
            # the heading is broken over lines (<br>): the <title> part holding it is the headline
            for raw_part in TITLE_SEPARATOR_RE.split(page_title):
                if squash(raw_part) == holder:
                    return raw_part.strip()
        return best[3] + _subtitle(w, best_end, best[3], variants[0])
    for key in ("og:title", "articletitle", "twitter:title", "headline"):
        if metas.get(key) and not is_greeting(metas[key]):
            return _pick_title_part(metas[key], title_variants(metas[key]))
    headline = _jsonld_headline(tree)
    if headline:
        return headline
    if near:
        return near[1]
    # <title> unconfirmed (a site greeting, a blog name) or absent: the headline-like line above the body
    if body_start is not None:
        # the body's own first line (old pages open the text with its headline), then the lines above
        around = [body_start, *range(body_start - 1, max(0, body_start - TITLE_NEAR_LINES) - 1, -1)]
        found = next((i for i in around if i < len(w.lines) and _headline_like(w, i)), None)
        if found is not None:
            if found == body_start:
                # the body opens with its headline; the page's own headline just above may carry it
                # with a prefix ("茉莉：" + headline): that visible headline wins
                sq = squash(w.lines[found].text)
                for i in around[1:4]:
                    above = squash(w.lines[i].text)
                    if sq in above and len(above) - len(sq) <= PREFIX_MAX and _headline_like(w, i, True):
                        return w.lines[i].text
            return w.lines[found].text
    return _pick_title_part(page_title, title_variants(page_title)) if page_title else ""


def _headline_like(w: Walk, i: int, labelled: bool = False) -> bool:
    """Whether line ``i`` could be a headline: short, Chinese, not a link, date line or sentence, and
    (unless ``labelled``: the line is known to hold the headline) not a ``label:value``."""
    ln = w.lines[i]
    sq = squash(ln.text)
    return (
        4 <= len(sq) <= 60
        and not ln.in_link
        and not TITLE_END_PUNCT_RE.search(sq)
        and bool(CJK_RE.search(sq))
        and (labelled or not _label_value_at(w, i))
        and not LABELLED_FIELD_RE.search(ln.text)
        and not is_date_line(ln.text)
    )


def _label_value(text: str) -> bool:
    """``访问:121369``: a short label and value; ``主题: 标题`` is a labelled headline, not one."""
    return bool(LABEL_VALUE_RE.match(squash(text))) and not TITLE_LABEL_RE.match(text)


def _label_value_at(w: Walk, i: int) -> bool:
    """Line ``i`` is a ``label:value`` field: a number or date after the label, or one of a run of such
    lines (``Blog名:洞庭一叶`` / ``日志:279``); a lone ``机构：短句`` is a headline."""
    if i >= len(w.lines) or not _label_value(w.lines[i].text):
        return False
    value = LABEL_SPLIT_RE.split(squash(w.lines[i].text), maxsplit=1)[-1]
    if NUMERIC_VALUE_RE.match(value):
        return True
    return any(0 <= j < len(w.lines) and _label_value(w.lines[j].text) for j in (i - 1, i + 1))


def _subtitle(w: Walk, end: int, headline: str, page_title: str) -> str:
    """``——副标题`` when the line right after the headline is a dash-led subtitle that the parser split
    off the headline's own element (``<p>标题<div>——副标题</div></p>``) and ``<title>`` joins them."""
    if end <= 0 or end >= len(w.lines) or not page_title:
        return ""
    ln, prev = w.lines[end], w.lines[end - 1]
    if ln.in_link or not SUBTITLE_DASH_RE.match(ln.text) or len(squash(ln.text)) > 60:
        return ""
    # the subtitle sits in the headline's own element or in the element right after it, nothing between
    head = prev.owner
    if ln.owner is not head and not (
        ln.owner.getparent() is head or (head.getnext() is ln.owner and not (head.tail or "").strip())
    ):
        return ""
    if squash(headline) + squash(ln.text) not in page_title:
        return ""
    return ln.text.strip()


def _pick_title_part(raw: str, variants: list[str]) -> str:
    """``标题_频道_网站`` -> ``标题``: the longest part that does not name the site or a channel (``网站 -
    维基百科，自由的百科全书`` -> ``网站``), kept with its original spacing."""
    raw = WHITESPACE_RE.sub(" ", raw).strip()
    if len(variants) <= 1:
        return raw
    raw_parts = [p.strip() for p in TITLE_SEPARATOR_RE.split(raw) if len(squash(p)) >= 2]
    story = [p for p in raw_parts if not SITE_NAME_RE.search(squash(p))]
    if story:  # a short story part ("金锺国") still beats the site's name
        return max(story, key=lambda p: len(squash(p)))
    longest = variants[1]
    for part in raw_parts:
        if squash(part) == longest:
            return part
    return raw
