"""A huge page read only as far as the body cap keeps (issue 19).

The item guard cuts every body to ``NEWS_MAX_BODY_CHARS`` (default 100,000 characters). A 9 MB page
holds ~4.7 M characters of body in 58,000 paragraphs; reading all of it took the CNR page object
1.4 s — its two dozen whole-document selectors walk every node, its content walk makes a Python
object of every paragraph — and the generic one 2.2 s, for a body of which the guard keeps 2 %.

:func:`prune_long_run` takes the elements with at least :data:`MIN_CHILDREN` children, most
children first (the run of paragraphs, not the ``<body>`` around it), and cuts the first whose
children's text runs past ``keep_chars`` (twice the cap, as the caller sets it) at a block boundary
after that point, and puts a mark there: a paragraph of :data:`MARK`. After the cut it keeps what the
rest of the page object still reads:

- every child holding an ``<img>``, the child before it and the children up to the first one with
  text after it (an image's caption follows it): the item's images are the page's images;
- every comment (a template's ``<!--/content-->`` end marker);
- the last :data:`TRAILING_CHILDREN` children (an editor's line or a copyright at the end of a
  container, read by the page's own selectors).

Everything else after the mark is text the guard would cut. The page object then keeps the
paragraphs before the mark when they run past the cap (:func:`paragraphs_before_mark`); otherwise
(most of the text was noise the page object removes, or repeated paragraphs it counts once) it
reads the page whole again. A page whose markup holds fewer characters than
``keep_chars`` is never looked at (:func:`prune_long_run` returns at once).
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

__all__ = ["MARK", "TRAILING_CHILDREN", "paragraphs_before_mark", "prune_long_run"]

# the mark's text: private-use characters no page holds, longer than any caption
MARK = "\ue000" * 100
MIN_CHILDREN = 64  # an element with fewer children is not a run of paragraphs
TRAILING_CHILDREN = 20


# elements with at least MIN_CHILDREN element children, found by libxml2 (no Python object a node)
_RUNS = etree.XPath(f"//*[count(*) >= {MIN_CHILDREN}]")
_IMAGE_CHILDREN = etree.XPath("*[descendant-or-self::img]")
_COMMENT_CHILDREN = etree.XPath("comment()")


def _text_len(el: etree._Element) -> int:
    inner = sum(len(t) for t in el.itertext()) if isinstance(el.tag, str) else 0  # not a comment's
    return inner + len(el.tail or "")


def _has_text(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and any(t.strip() for t in el.itertext())


def _has_image(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and (el.tag == "img" or next(el.iter("img"), None) is not None)


def _index(run: etree._Element, child: etree._Element) -> int:
    """``child``'s index among ``run``'s children (a comment's too: lxml's ``index`` takes elements
    only, so a comment counts from the element before it)."""
    if isinstance(child.tag, str):
        return run.index(child)
    k, prev = 0, child.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        k, prev = k + 1, prev.getprevious()
    return k if prev is None else run.index(prev) + 1 + k


def _cut_at(run: etree._Element, keep_chars: int, block_tags: Collection[str]) -> int | None:
    """Index of the first child to drop: past ``keep_chars`` of text, after a child with text and
    no image, at a block element. ``None``: the run's text stays under ``keep_chars`` (or no such
    point)."""
    used = len(run.text or "")
    prev: etree._Element | None = None
    past = False
    for i, child in enumerate(run):  # Python objects only for the children read
        if past and prev is not None:
            if (
                isinstance(child.tag, str)
                and child.tag.lower() in block_tags
                and _has_text(prev)
                and not _has_image(prev)
            ):
                return i
        else:
            used += _text_len(child)
            past = used > keep_chars
        prev = child
    return None


def _kept_after(run: etree._Element, cut: int) -> set[int]:
    """Indexes of the children at or after ``cut`` that stay (images with their neighbours,
    comments, the trailing children)."""
    n = len(run)
    keep = set(range(max(cut, n - TRAILING_CHILDREN), n))
    keep.update(k for k in (_index(run, c) for c in _COMMENT_CHILDREN(run)) if k >= cut)
    for k in (_index(run, c) for c in _IMAGE_CHILDREN(run)):
        if k < cut:
            continue
        keep.add(k)
        if k - 1 >= cut:
            keep.add(k - 1)
        for j in range(k + 1, n):  # up to the first child with text: the caption, if there is one
            keep.add(j)
            if _has_text(run[j]) and not _has_image(run[j]):
                break
    return keep


def prune_long_run(
    root: etree._Element, keep_chars: int, *, markup_chars: int, block_tags: Collection[str]
) -> bool:
    """Cut the longest run of children whose text passes ``keep_chars`` (see the module's text);
    ``markup_chars``: the page's length in characters (a smaller page is not looked at). Whether
    anything was cut (the mark is then in the tree)."""
    if keep_chars <= 0 or markup_chars <= keep_chars:
        return False
    for run in sorted(_RUNS(root), key=len, reverse=True):  # the longest run first
        cut = _cut_at(run, keep_chars, block_tags)
        if cut is None:
            continue
        keep = sorted(_kept_after(run, cut))
        # drop the gaps between kept children, last gap first (a slice: no Python object a child)
        bounds = [cut - 1, *keep, len(run)]
        for a, b in reversed(list(zip(bounds, bounds[1:], strict=False))):
            if b - a > 1:
                del run[a + 1 : b]  # each child's tail goes with it: text past the cut
        mark = etree.Element("p")
        mark.text = MARK
        run.insert(cut, mark)
        return True
    return False


def paragraphs_before_mark(paragraphs: list[str], body_chars: int) -> list[str] | None:
    """The paragraphs before the mark when, joined as the body, they pass ``body_chars`` (the guard
    then cuts them where it cuts the whole page's); ``None`` when the mark is not among them (removed
    as noise, outside the block read) or they fall short: then the page must be read whole."""
    try:
        at = paragraphs.index(MARK)
    except ValueError:
        return None
    before = paragraphs[:at]
    return before if len("\n".join(before)) > body_chars else None
