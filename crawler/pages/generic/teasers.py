"""Teaser items: the repeated "headline link + time/source (+ summary)" blocks of feeds, "more news"
rails and recommendation lists.

A block is a teaser item when it is one of at least :data:`TEASER_MIN_SIBLINGS` siblings of the same
tag and class, and holds a headline link and a short time or source line. Block choice
(:mod:`crawler.pages.generic.density`) discounts blocks inside teaser items; the article verdict
(:mod:`crawler.pages.generic.article_kind`) calls a block a list when teaser items make most of it.
"""

from __future__ import annotations

from typing import Any

from crawler.pages.generic.selectors import RELATIVE_TIME_RE
from crawler.pages.generic.textwalk import Walk
from crawler.pages.pubtime.parse import DATETIME_RE

TEASER_MIN_SIBLINGS = 3  # an item repeated at least this many times (same tag and class) in its parent
TEASER_LEVELS = 4  # how far above a block its teaser item is looked for
TEASER_HEADLINE_CHARS = 6  # a link line this long is a headline
TEASER_META_CHARS = 40  # the time/source line of a teaser is at most this long
TEASER_MAX_LINES = 12  # a teaser item has at most this many lines (a full post has more)


class Teasers:
    """Teaser-item tests on one walk, cached (each parent's children are counted once)."""

    def __init__(self, w: Walk) -> None:
        self.w = w
        self._item: dict[Any, bool] = {}
        self._inside: dict[Any, Any | None] = {}
        self._signatures: dict[Any, dict[tuple[str, str], int]] = {}

    def _repeated(self, el: Any) -> bool:
        parent = el.getparent()
        if parent is None:
            return False
        counts = self._signatures.get(parent)
        if counts is None:
            counts = {}
            for c in parent:
                if isinstance(c.tag, str):
                    sig = (c.tag, c.get("class") or "")
                    counts[sig] = counts.get(sig, 0) + 1
            self._signatures[parent] = counts
        return counts.get((el.tag, el.get("class") or ""), 0) >= TEASER_MIN_SIBLINGS

    def is_item(self, el: Any) -> bool:
        """Whether ``el`` itself is a teaser item: repeated, a headline link and a time/source line."""
        hit = self._item.get(el)
        if hit is not None:
            return hit
        a, b = self.w.ranges.get(el, (0, 0))
        hit = False
        if 0 < b - a <= TEASER_MAX_LINES and self._repeated(el):
            lines = self.w.lines[a:b]
            headline = any(ln.in_link and ln.chars >= TEASER_HEADLINE_CHARS for ln in lines)
            meta = any(
                ln.chars <= TEASER_META_CHARS
                and (RELATIVE_TIME_RE.search(ln.text) or DATETIME_RE.search(ln.text))
                for ln in lines
            )
            hit = headline and meta
        self._item[el] = hit
        return hit

    def item_of(self, el: Any) -> Any | None:
        """The teaser item ``el`` is (or sits in, a few levels down), else None."""
        if el in self._inside:
            return self._inside[el]
        found = None
        node = el
        for _ in range(TEASER_LEVELS):
            if node is None:
                break
            if node in self.w.ranges and self.is_item(node):
                found = node
                break
            node = node.getparent()
        self._inside[el] = found
        return found

    def items_in(self, top: Any) -> list[Any]:
        """The outermost teaser items inside block ``top``, in document order."""
        out: list[Any] = []
        last_end = -1
        ranges = self.w.ranges
        for el in top.iterdescendants():
            rng = ranges.get(el)
            if rng is None or rng[0] < last_end or rng[1] <= rng[0]:
                continue
            if self.is_item(el):
                out.append(el)
                last_end = rng[1]
        return out
