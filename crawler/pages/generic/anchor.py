"""Where the page says its article is, before any text is weighed: the anchors of block choice.

* the **headline**: the first ``<h1>`` (else other heading) whose text ``<title>`` or ``og:title``
  confirms; the article is the block right after it, in document order;
* the **marked container**: ``[itemprop=articleBody]``, else the one ``<article>`` element that holds
  prose (on a feed of several ``<article>`` teasers, the one holding the headline, if any);
* JSON-LD ``articleBody``: a cross-check, the line where that text starts on the page.

:mod:`crawler.pages.generic.density` prefers a block near these anchors to a longer block elsewhere
(a "more news" rail, a recommendation list) and penalises blocks made of teaser items
(:mod:`crawler.pages.generic.teasers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from crawler.pages.generic.headline import headline_element
from crawler.pages.generic.linetext import squash
from crawler.pages.generic.selectors import ARTICLE_BODY_ITEMPROPS
from crawler.pages.generic.textwalk import Walk
from crawler.pages.pubtime.sources import jsonld_values

MARKUP_RE = re.compile(r"<[^<>]{1,300}>")  # some sites put HTML in articleBody
HEADLINE_WINDOW = 30  # the article's block starts at most this many lines after the headline
JSONLD_KEY_CHARS = 12  # the first characters of JSON-LD articleBody looked for on the page
JSONLD_MIN_CHARS = 40  # a shorter articleBody is a stub, no anchor
MARKED_MIN_PROSE = 20  # a marked container with less prose than this marks nothing


@dataclass
class Anchors:
    headline: Any | None = None  # the headline element
    headline_end: int | None = None  # index of the line after the headline
    marked: list[Any] = field(default_factory=list)  # the article's container(s) as the page marks them
    jsonld_lines: frozenset[int] = frozenset()  # where JSON-LD articleBody starts on the page

    @cached_property
    def marked_set(self) -> frozenset[Any]:
        return frozenset(self.marked)

    def __bool__(self) -> bool:
        return self.headline_end is not None or bool(self.marked) or bool(self.jsonld_lines)


def _prose(w: Walk, el: Any) -> int:
    a, b = w.ranges.get(el, (0, 0))
    return sum(ln.prose_chars for ln in w.lines[a:b] if not ln.in_link) if b > a else 0


def _after_headline(w: Walk, el: Any, headline: Any) -> bool:
    """``el`` holds the headline or starts right after it."""
    a = w.ranges[el][0]
    end = w.ranges[headline][1]
    return any(x is el for x in headline.iterancestors()) or end <= a <= end + HEADLINE_WINDOW


def _outermost(els: list[Any]) -> list[Any]:
    """Those of ``els`` inside none of the others (one walk up each)."""
    given = set(els)
    return [el for el in els if not any(a in given for a in el.iterancestors())]


def _marked(w: Walk, tree: Any, headline: Any | None) -> list[Any]:
    """The ``[itemprop=articleBody]`` blocks, else the ``<article>`` element with prose that holds the headline or follows it (an
    ``<article>`` elsewhere, or one on a page without a confirmed headline, marks a teaser or a widget
    as often as a story)."""
    body = [
        el
        for el in tree.xpath("//*[@itemprop]")
        if (el.get("itemprop") or "").strip().lower() in ARTICLE_BODY_ITEMPROPS
        and el in w.ranges
        and _prose(w, el) >= MARKED_MIN_PROSE
    ]
    if body:
        # several: the parts of one text (split around pictures), or posts of a feed; outermost only
        return _outermost(body)
    if headline is None:
        return []
    articles = [el for el in tree.iter("article") if el in w.ranges and _prose(w, el) >= MARKED_MIN_PROSE]
    # outermost only: an <article> inside another one is a part of it (or a teaser in it)
    outer = _outermost(articles)
    holding = [el for el in outer if _after_headline(w, el, headline)]
    return holding if len(holding) == 1 else []


def _jsonld_lines(w: Walk, tree: Any) -> frozenset[int]:
    """The lines holding the start, the middle or the end of JSON-LD ``articleBody`` (three samples:
    a body that opens with its title or a dateline still shows where its text is)."""
    bodies = [b for b in jsonld_values(tree, ("articleBody",)) if len(squash(b)) >= JSONLD_MIN_CHARS]
    if not bodies:
        return frozenset()
    text = squash(MARKUP_RE.sub("", bodies[0]))
    n = JSONLD_KEY_CHARS
    keys = {text[i : i + n] for i in (0, len(text) // 2, len(text) - n) if len(text[i : i + n]) == n}
    return frozenset(
        i for i, ln in enumerate(w.lines) if not ln.in_link and any(k in squash(ln.text) for k in keys)
    )


def find_anchors(tree: Any, w: Walk, metas: dict[str, str]) -> Anchors:
    head = headline_element(tree, w, metas)
    end = w.ranges[head][1] if head is not None else None
    return Anchors(head, end, _marked(w, tree, head), _jsonld_lines(w, tree))


def inside(el: Any, container: Any) -> bool:
    """``el`` is ``container`` or one of its descendants."""
    return el is container or any(a is container for a in el.iterancestors())


def _continues(w: Walk, el: Any, marked: Any) -> bool:
    """``el`` is (inside) the block right after the marked container, its sibling: an ``<article>``
    holding the headline and lead, and the text in the next block."""
    if marked.tag != "article":
        return False  # [itemprop=articleBody] is the text itself, not its head
    parent = marked.getparent()
    node = el
    while node is not None and node.getparent() is not parent:
        node = node.getparent()
    if node is None:
        return False
    nxt = marked.getnext()
    while nxt is not None and w.ranges.get(nxt, (0, 0))[1] <= w.ranges.get(nxt, (0, 0))[0]:
        nxt = nxt.getnext()  # skip empty blocks and inline elements between them
    return nxt is node


def _in_marked(anchors: Anchors, el: Any) -> bool:
    """``el`` is inside one of the marked containers (one walk up, however many there are)."""
    marked = anchors.marked_set
    return el in marked or any(a in marked for a in el.iterancestors())


def near_anchor(w: Walk, anchors: Anchors, el: Any) -> bool:
    """Whether block ``el`` is where the strongest anchor puts the article: inside the marked container;
    else holding the JSON-LD body's first line; else starting right after the headline (or holding it
    and text after it)."""
    a, b = w.ranges.get(el, (0, 0))
    if b <= a:
        return False
    if anchors.marked:
        return _in_marked(anchors, el)
    if anchors.jsonld_lines:
        return any(a <= i < b for i in anchors.jsonld_lines)
    end = anchors.headline_end
    return end is not None and (end <= a <= end + HEADLINE_WINDOW or a < end < b)


def misplaced(w: Walk, anchors: Anchors, el: Any) -> bool:
    """Whether block ``el`` is away from where the strongest anchor puts the article: outside (and
    around none of) the marked container; else not holding the JSON-LD body's first line; else above
    the headline."""
    a, b = w.ranges.get(el, (0, 0))
    if anchors.marked:
        return not (
            _in_marked(anchors, el) or any(inside(m, el) or _continues(w, el, m) for m in anchors.marked)
        )
    if anchors.jsonld_lines:
        return not any(a <= i < b for i in anchors.jsonld_lines)
    end = anchors.headline_end
    return end is not None and b <= end
