"""The DOM walk: a page's body read once into *lines* (text between block boundaries and ``<br>``).

For every block element the walk remembers the range of lines it holds; scripts are skipped, and
hidden blocks and blocks named like page furniture (comments, share bars, footers, sidebars …) are
listed as "unlikely" (whether they are set aside is decided by :mod:`crawler.pages.generic.density`).
Iterative, so deep nesting costs no recursion; at most :data:`MAX_LINES` lines are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from crawler.pages.generic.selectors import (
    BLOCK_TAGS,
    CAPTION_MAX_CHARS,
    CAPTION_MAX_LINES,
    CAPTION_NAME_RE,
    CAPTION_TAGS,
    HEADING_TAGS,
    HIDDEN_STYLE_RE,
    LIKELY_NAME_RE,
    PUNCT_RE,
    SKIP_TAGS,
    TITLE_NAME_RE,
    UNLIKELY_NAME_RE,
    WHITESPACE_RE,
)

MAX_LINES = 20_000  # lines of text read from one page (a real article page has a few hundred)
LINK_LINE_RATIO = 0.5  # a line whose link text exceeds this share is a link line


@dataclass(slots=True)
class Line:
    """Text between two block boundaries."""

    text: str
    chars: int  # non-space characters
    link_chars: int
    punct: int  # sentence punctuation outside links
    owner: Any  # innermost block element
    unlikely: tuple[Any, ...] = ()  # "unlikely" blocks around it (page furniture by name)
    caption: bool = False  # inside a <figcaption> or a block named like an image caption

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


TITLE_NAMED, FURNITURE_NAMED, CAPTION_NAMED = 1, 2, 4


@lru_cache(maxsize=8192)
def _name_kinds(names: str) -> int:
    """What an element's ``id class`` names it: a title, furniture (unlikely and not likely content),
    a caption (bit flags; cached: a page repeats its class names)."""
    kinds = TITLE_NAMED if TITLE_NAME_RE.search(names) else 0
    if UNLIKELY_NAME_RE.search(names) and not LIKELY_NAME_RE.search(names):
        kinds |= FURNITURE_NAMED
    if CAPTION_NAME_RE.search(names):
        kinds |= CAPTION_NAMED
    return kinds


def walk(body: Any) -> Walk:
    """One pass over ``body``: lines, block ranges, headings. Iterative (no recursion limit)."""
    w = Walk()
    pieces: list[tuple[str, bool]] = []
    owners: list[Any] = [body]
    unlikely: list[Any] = []
    captions: list[Any] = []  # caption blocks open around the current text
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
            if any(lk for _, lk in pieces):
                link = sum(len(WHITESPACE_RE.sub("", t)) for t, lk in pieces if lk)
                punct = sum(len(PUNCT_RE.findall(t)) for t, lk in pieces if not lk)
            else:  # no link in the line (most lines): one count over the whole text
                link, punct = 0, len(PUNCT_RE.findall(text))
            w.lines.append(
                Line(text, chars, min(link, chars), punct, owners[-1], tuple(unlikely), bool(captions))
            )
        pieces.clear()

    for event, el in etree.iterwalk(body, events=("start", "end")):
        if len(w.lines) >= MAX_LINES:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or not tag or tag in SKIP_TAGS:
                skip_depth += 1
                continue
            ident, cls = el.get("id"), el.get("class")
            kinds = _name_kinds(f"{ident or ''} {cls or ''}".strip()) if ident or cls else 0
            if tag in BLOCK_TAGS:
                flush()
                w.ranges[el] = (len(w.lines), -1)
                owners.append(el)
                if tag in HEADING_TAGS or kinds & TITLE_NAMED:
                    w.headings.append(el)
            elif kinds & TITLE_NAMED:
                flush()
                w.ranges[el] = (len(w.lines), -1)
                owners.append(el)
                w.headings.append(el)
            if tag != "body" and _is_hidden(el):
                # hidden blocks are set aside like furniture (unless a script reveals the article itself)
                unlikely.append(el)
                w.unlikely.append(el)
            elif tag != "body" and kinds & FURNITURE_NAMED:
                unlikely.append(el)
                w.unlikely.append(el)
            if tag in CAPTION_TAGS or (tag in BLOCK_TAGS and kinds & CAPTION_NAMED):
                flush()
                captions.append(el)
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
            if captions and captions[-1] is el:
                flush()
                captions.pop()
                a = w.ranges[el][0] if el in w.ranges else len(w.lines)
                if (
                    len(w.lines) - a > CAPTION_MAX_LINES
                    or sum(ln.chars for ln in w.lines[a:]) > CAPTION_MAX_CHARS
                ):
                    # a "pictext" block holding a whole text is no caption
                    for ln in w.lines[a:]:
                        ln.caption = bool(captions)

            add(el.tail, link_depth > 0)
    flush()
    for el, (a, b) in w.ranges.items():  # blocks still open when a hostile page was cut short
        if b < 0:
            w.ranges[el] = (a, len(w.lines))
    return w


def element_text(w: Walk, el: Any) -> str:
    """The lines of block ``el``, joined by spaces ("" for an element the walk did not range)."""
    a, b = w.ranges.get(el, (0, 0))
    return " ".join(ln.text for ln in w.lines[a:b]) if b > a else ""
