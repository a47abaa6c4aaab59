"""The article's headline: headings (or lines by the body) that ``<title>`` confirms, else
``og:title``/JSON-LD, else the heading or headline-like line just above the body, else ``<title>``."""

from __future__ import annotations

import json
import re
from typing import Any

from crawler.pages.byline import LABELLED_FIELD_RE
from crawler.pages.linetext import CJK_RE, is_date_line, squash
from crawler.pages.pubtime import TITLE_SEPARATOR_RE, title_variants
from crawler.pages.selectors_generic import HEADING_TAGS, WHITESPACE_RE
from crawler.pages.textwalk import Walk, element_text

# "访问:121369", "Blog名:洞庭一叶": a label and its value, not a headline
LABEL_VALUE_RE = re.compile(r"^[^:：]{1,6}[:：]\S{1,24}$")
TITLE_TRAILER_RE = re.compile(r"[\s\-_|｜—–·]+$")
TITLE_END_PUNCT_RE = re.compile(r"[。！？!?；;，,]$")
TITLE_FRAGMENT_SHARE = 0.6  # a confirmed heading shorter than this share of <title>'s part is a fragment
TITLE_NEAR_LINES = 12  # how far above the body a headline is looked for


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


def _clean_title(text: str) -> str:
    """Whitespace folded, separators trailing a headline (``标题- -``) dropped."""
    return TITLE_TRAILER_RE.sub("", WHITESPACE_RE.sub(" ", text).strip())


def find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    """The headline, cleaned; ``body_start`` is the index of the body's first line (None: no body)."""
    return _clean_title(_find_title(tree, w, metas, body_start))


def _find_title(tree: Any, w: Walk, metas: dict[str, str], body_start: int | None) -> str:
    title_el = tree.find(".//title")
    page_title = WHITESPACE_RE.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    variants = title_variants(page_title) if page_title else []
    parts = {squash(p) for p in TITLE_SEPARATOR_RE.split(page_title)} if page_title else set()

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
        text = element_text(w, el)
        sq = squash(text)
        if not (2 <= len(sq) <= 120) or is_date_line(text) or LABELLED_FIELD_RE.search(text):
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
            sq = squash(ln.text)
            q = confirmed(sq) if 4 <= len(sq) <= 120 else 0
            if q and (best is None or (q, 0, len(sq)) > best[:3]):
                best = (q, 0, len(sq), ln.text)
    if best:
        sq = squash(best[3])
        holder = max((p for p in parts if sq in p), key=len, default=sq)
        if len(sq) < TITLE_FRAGMENT_SHARE * len(holder):
            # the heading is broken over lines (<br>): the <title> part holding it is the headline
            for raw_part in TITLE_SEPARATOR_RE.split(page_title):
                if squash(raw_part) == holder:
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
            sq = squash(ln.text)
            if 4 <= len(sq) <= 60 and not ln.in_link and not TITLE_END_PUNCT_RE.search(sq):
                if (
                    CJK_RE.search(sq)
                    and not LABEL_VALUE_RE.match(sq)
                    and not LABELLED_FIELD_RE.search(ln.text)
                ):
                    if not is_date_line(ln.text):
                        return _clean_title(ln.text)
    return _pick_title_part(page_title, variants) if page_title else ""


def _pick_title_part(raw: str, variants: list[str]) -> str:
    """``标题_频道_网站`` -> ``标题``: the longest part, kept with its original spacing."""
    raw = WHITESPACE_RE.sub(" ", raw).strip()
    if len(variants) <= 1:
        return raw
    longest = variants[1]
    for part in TITLE_SEPARATOR_RE.split(raw):
        if squash(part) == longest:
            return part.strip()
    return raw
