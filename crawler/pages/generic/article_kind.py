"""The ``is_article`` decision: a page whose best block is short, link-dense, made of many headline
links, or of headline + teaser pairs is not an article (lists, indexes, search results)."""

from __future__ import annotations

import re
from typing import Any

from crawler.items import ArticleItem
from crawler.pages.generic.density import Scorer
from crawler.pages.generic.linetext import squash
from crawler.pages.generic.selectors import PUNCT_RE
from crawler.pages.generic.textwalk import Line, Walk

MIN_ARTICLE_CHARS = 60
MIN_ARTICLE_PUNCT = 2
SHORT_POST_MIN_CHARS = 10  # a short post in a marked article container needs this much text
LIST_ITEM_MIN_CHARS = 6  # a link line this long looks like a headline in a list
LIST_MIN_ITEMS = 12
LIST_ITEM_SHARE = 0.45  # share of the chosen block's lines that are headline links -> a list
LIST_PROSE_PER_LINK = 1.0  # ... unless its prose is this many times its headline text (article + links)
LIST_LINK_DENSITY = 0.5  # a chosen block this link-dense is not an article
LIST_MIN_TEASERS = 5  # headline link followed by a teaser paragraph, this many times -> a list
LIST_TEASER_SHARE = 0.5  # ... for at least this share of its headline links
# "L" a headline link, "P" a prose paragraph: a teaser is one headline and exactly one paragraph
TEASER_PAIR_RE = re.compile(r"L(?=P(?:L|$))")
LIST_FEED_SHARE = 0.8  # a block whose prose is at least this share in teaser items is a list
# an unbroken run of this many prose paragraphs, with this much prose, is an article even when
# the block around it is a long link list (an article with its "related news" box attached)
ARTICLE_RUN_MIN_PARAS = 3
ARTICLE_RUN_MIN_CHARS = 400


def mark_non_article(item: ArticleItem, reason: str) -> ArticleItem:
    """``item.is_article = False``, the reason counted as ``item.notes["non_article:<reason>"]``."""
    item.is_article = False
    item.notes[f"non_article:{reason}"] = 1
    return item


def _prose(lines: list[Line]) -> int:
    return sum(ln.prose_chars for ln in lines)


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


def _marked_post(sc: Scorer, top: Any) -> bool:
    """The block is the one container the page marks as its article, under a confirmed headline: a
    short post (a line and a picture) is still an article."""
    anchors = sc.anchors
    return anchors.headline is not None and len(anchors.marked) == 1 and top is anchors.marked[0]


def non_article_reason(w: Walk, sc: Scorer, top: Any, paragraphs: list[str]) -> str | None:
    """Why the page is not an article (``no_text``, ``short``, ``list``, ``link_dense``), or None."""
    if top is None:
        return "no_text"
    body = "".join(paragraphs)
    chars = len(squash(body))
    punct = len(PUNCT_RE.findall(body))
    if (chars < MIN_ARTICLE_CHARS or punct < MIN_ARTICLE_PUNCT) and not (
        chars >= SHORT_POST_MIN_CHARS and _marked_post(sc, top)
    ):
        return "short"
    a, b = w.ranges[top]
    lines = sc.kept_lines(a, b)
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
    # headline + summary, headline + summary …: a list with teasers, or search results. A headline
    # followed by several paragraphs is an ad or a link inside a story, not a teaser.
    item_ids = {id(ln) for ln in items}
    kinds = "".join(
        "L" if id(ln) in item_ids else "P"
        for ln in lines
        if id(ln) in item_ids or (ln.prose_chars >= 20 and ln.punct)
    )
    teasers = len(TEASER_PAIR_RE.findall(kinds))
    if teasers >= LIST_MIN_TEASERS and teasers >= LIST_TEASER_SHARE * len(items):
        return "list"
    # the block is made of teaser items (headline link + time/source, repeated): a feed or a rail
    # (the prose outside the items is little: a short story above a rail is still a story)
    feed = sc.teasers.items_in(top)
    if len(feed) >= LIST_MIN_TEASERS:
        in_items = sum(_prose(w.lines[x:y]) for x, y in (w.ranges[el] for el in feed))
        if in_items >= LIST_FEED_SHARE * _prose(w.lines[a:b]):
            return "list"
    if sc.link_density(top) >= LIST_LINK_DENSITY:
        return "link_dense"
    return None
