"""Cleaning the chosen lines into paragraphs.

Dropped, and counted by rule in :attr:`Cleaned.removed`: image captions (they go with their image),
reader/share/player widgets (``reader_widget``, ``share_widget``, ``player_widget``: the named patterns
of :data:`~crawler.pages.generic.selectors.WIDGET_LINE_RES`), the title repeated, the metadata line under
it (time, 来源, 作者), editor and copyright lines, share/print/font-size/pager furniture, app/WeChat
promotions, bare URLs, link lines, a "相关新闻" box (and, at the end of the article, everything after
it). Bylines met on the way are collected in :attr:`Cleaned.byline`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from crawler.pages.generic.byline import Byline, is_byline_line, parse_byline
from crawler.pages.generic.linetext import is_date_line, squash
from crawler.pages.generic.selectors import (
    BOILERPLATE_LINE_MAX,
    BOILERPLATE_LINE_RE,
    CAPTION_MAX_CHARS,
    COPYRIGHT_LINE_MAX,
    COPYRIGHT_RE,
    COUNTER_LINE_RE,
    END_OF_ARTICLE_RE,
    PLATFORM_NOTICE_MAX,
    PLATFORM_NOTICE_RE,
    PROMO_LINE_MAX,
    PROMO_RE,
    TRAILING_FURNITURE_RE,
    URL_LINE_SHARE,
    URL_RE,
    WIDGET_LINE_MAX,
    WIDGET_LINE_RES,
)
from crawler.pages.generic.textwalk import Line

TITLE_VARIANT_MIN = 8  # a title variant shares at least this many leading characters with the title
TITLE_VARIANT_SHARE = 0.7  # ... and at least this share of the title
END_RESUME_CHARS = 150  # "相关新闻" does not end the article when this much prose follows it
END_MARK_SHARE = 0.5  # "相关新闻" ends the article once this share of its prose has been read
# a label with nothing after it: "【责任编辑：】", "来源："
EMPTY_LABEL_RE = re.compile(
    r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|来源|作者|记者|审核|校对)\s*[:：]?\s*[\]】)）]?$"
)


@dataclass
class Cleaned:
    paragraphs: list[str]
    byline: Byline
    removed: dict[str, int]


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


def _in_paragraph(lines: list[Line], i: int) -> bool:
    """Line ``i`` opens or continues a paragraph of several ``<br>``-separated lines (the text restating
    its title is text): its block holds the line before or after it too."""
    owner = lines[i].owner
    return (i > 0 and lines[i - 1].owner is owner) or (i + 1 < len(lines) and lines[i + 1].owner is owner)


def _title_variant(sq: str, title_sq: str, punct: int) -> bool:
    """A line before the body that opens with most of the title and has no punctuation in it (a lead
    sentence restating the title has some)."""
    if punct or len(sq) > 2 * len(title_sq):
        return False
    shared = len(os.path.commonprefix([sq, title_sq]))
    return shared >= TITLE_VARIANT_MIN and shared >= TITLE_VARIANT_SHARE * len(title_sq)


def _widget(text: str) -> str | None:
    """The name of the reader/share/player widget a short line is (``reader_widget`` …), or None."""
    stripped = text.strip()
    return next((name for name, rx in WIDGET_LINE_RES.items() if rx.match(stripped)), None)


def clean_lines(lines: list[Line], title: str) -> Cleaned:
    out: list[str] = []
    by = Byline()
    removed: dict[str, int] = {}
    title_sq = squash(title) if title else ""
    body_chars = 0
    total_prose = sum(ln.prose_chars for ln in lines if not ln.in_link) or 1
    skipping = False  # inside a "相关新闻" box that sits in the middle of the article

    def drop(reason: str) -> None:
        removed[reason] = removed.get(reason, 0) + 1

    for i, ln in enumerate(lines):
        text = ln.text
        sq = squash(text)
        if not sq:
            continue
        short = len(sq) <= BOILERPLATE_LINE_MAX
        if ln.caption and len(sq) <= CAPTION_MAX_CHARS:
            drop("caption")  # it belongs to its image (images[].caption)
            continue
        widget = _widget(text) if len(sq) <= WIDGET_LINE_MAX else None
        if widget:
            drop(widget)
            continue
        if (
            title_sq
            and body_chars == 0
            and not _in_paragraph(lines, i)
            and (
                sq == title_sq
                or (len(sq) >= 4 and sq in title_sq and len(sq) * 1.25 >= len(title_sq))
                # "茉莉：标题" over a body that opens with "标题"
                or (len(sq) >= 4 and title_sq.endswith(sq) and title_sq[-len(sq) - 1 : -len(sq)] in ":：")
                or (len(title_sq) >= 4 and title_sq in sq and len(sq) <= len(title_sq) + 4)
            )
        ):
            drop("title")
            continue
        if (
            title_sq
            and body_chars == 0
            and not _in_paragraph(lines, i)
            and _title_variant(sq, title_sq, ln.punct)
        ):
            drop("title")  # "标题" + "电影频道22:00播出" / "收起": a player's or a teaser's copy of it
            continue
        if len(sq) <= PLATFORM_NOTICE_MAX and PLATFORM_NOTICE_RE.search(text):
            drop("platform_notice")
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
        if is_date_line(text):
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
            sq = squash(text)
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
