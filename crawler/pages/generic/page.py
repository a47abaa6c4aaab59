"""Generic article page object: any Chinese news page, URL + bytes in, :class:`ArticleItem` out.

One parse, one walk; no engine, no I/O (trafilatura's and GNE's ideas, no GNE code).
:func:`parse_generic` reads top to bottom; each step lives in a module named for what it does:

1. :func:`decode` (``decode_html``), then :mod:`crawler.pages.generic.htmltree`: binary bodies recognised,
   huge documents cut, content after a stray ``</html>`` kept;
2. :mod:`crawler.pages.generic.textwalk`: the body walked once into *lines*, with the range of lines of every
   block element, its headings, and its "unlikely" blocks (hidden, or named like page furniture);
3. :mod:`crawler.pages.generic.density`: lines scored by non-link text and sentence punctuation, credited to
   their containers; the best container, discounted by its link density, plus good siblings;
4. :mod:`crawler.pages.generic.headline`: the title; :mod:`crawler.pages.generic.cleanlines`: the chosen lines
   cleaned into paragraphs (title repeated, metadata line, furniture, promotions, "相关新闻" box …);
5. :mod:`crawler.pages.generic.credits` (source, authors, editors), :mod:`crawler.pages.pubtime.chain`
   (publication time), :mod:`crawler.pages.generic.pagemeta` (description, keywords, images, language);
6. :mod:`crawler.pages.generic.article_kind`: lists, indexes and search results are not articles.

URL identity (:func:`site_of`, :func:`canonical_url`) is :mod:`crawler.pages.sites`, re-exported here.

Error contract: :func:`parse_generic` never raises on page content. Empty, binary or unparsable
input comes back as an item with ``is_article=False`` and ``template="generic"``; the reason is
recorded as ``item.notes["non_article:<reason>"] = 1`` (``empty``, ``binary``, ``unparsable``,
``no_text``, ``short``, ``list``, ``link_dense``, ``error``). ``item.notes`` also counts what the
cleaning dropped (``generic:<rule>``), how the time was found (``pubtime:<method>``) and a rejected
time (``pubtime_rejected:future|before-1990``).
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from lxml import etree

from crawler.items import ArticleItem
from crawler.pages.base import PageObject
from crawler.pages.encoding import decode_html
from crawler.pages.generic.anchor import find_anchors
from crawler.pages.generic.article_kind import mark_non_article, non_article_reason
from crawler.pages.generic.cleanlines import clean_lines
from crawler.pages.generic.credits import page_credits
from crawler.pages.generic.density import select
from crawler.pages.generic.headline import find_title
from crawler.pages.generic.htmltree import looks_binary, parse_tree
from crawler.pages.generic.pagemeta import images, keywords, language, meta_tags
from crawler.pages.generic.selectors import BLOCK_TAGS
from crawler.pages.generic.textwalk import Line, walk
from crawler.pages.prune import paragraphs_before_mark, prune_long_run
from crawler.pages.pubtime.chain import find_published
from crawler.pages.sites import canonical_url, site_of

__all__ = ["TEMPLATE", "canonical_url", "decode", "parse_generic", "site_of"]

log = logging.getLogger(__name__)

TEMPLATE = "generic"


def decode(body: bytes, content_type: str | bytes | None = None) -> tuple[str, str]:
    """:func:`crawler.pages.encoding.decode_html` (kept as this module's name for it)."""
    return decode_html(body, content_type)


def parse_generic(
    url: str,
    body: bytes,
    *,
    content_type: str | bytes | None = None,
    text: str | None = None,
    body_chars: int = 0,
) -> ArticleItem:
    """Extract an article from any news page.

    ``text`` is the page already decoded with :func:`decode` (saves a second decode). ``body_chars``:
    the cap the caller cuts the body at (``0``: none); a page with more than twice that much text in
    one run of elements is read only that far (:func:`_extract_cut`). Never
    raises on page content: empty, binary or unparsable bodies give ``is_article=False`` with the
    reason recorded as ``item.notes["non_article:<reason>"]``.
    """
    canon = canonical_url(url)
    item = ArticleItem(url=url, canonical_url=canon, site=site_of(url), key=canon, template=TEMPLATE)
    if not body or not body.strip():
        return mark_non_article(item, "empty")
    if text is None:
        text, _codec = decode(body, content_type)
    if looks_binary(text):
        return mark_non_article(item, "binary")
    tree = parse_tree(text)
    if tree is None:
        return mark_non_article(item, "unparsable")
    try:
        if body_chars > 0 and prune_long_run(
            tree, 2 * body_chars, markup_chars=len(text), block_tags=BLOCK_TAGS
        ):
            cut = _extract_cut(item, tree, url, body_chars)
            if cut is not None:
                return cut
            tree = parse_tree(text)  # the cut lost text: read the page whole
            if tree is None:
                return mark_non_article(item, "unparsable")
        return _extract(item, tree, url)
    except (RecursionError, MemoryError, etree.LxmlError, ValueError) as exc:  # never crash the crawl
        log.warning("generic extraction failed on %s: %s", url, exc)
        return mark_non_article(item, "error")


def _extract_cut(item: ArticleItem, tree: Any, url: str, body_chars: int) -> ArticleItem | None:
    """The item of a page cut by :func:`crawler.pages.prune.prune_long_run`, or ``None`` when the page
    must be read whole: the article's paragraphs before the mark do not pass the cap (the mark is
    outside the chosen block, or most of the text was furniture), or the cut page reads as no article.
    An article's prose before the mark is prose of the whole page too, so the whole page is an
    article as well and the guard cuts its body where it cuts this one. The ``generic:*`` notes count
    the lines read, so on such a page they count fewer."""
    cut = _extract(copy.deepcopy(item), tree, url)
    before = paragraphs_before_mark(cut.paragraphs, body_chars) if cut.is_article else None
    if before is None:
        return None
    cut.paragraphs = before
    return cut


def _extract(item: ArticleItem, tree: Any, url: str) -> ArticleItem:
    body_el = tree.find("body")
    w = walk(body_el if body_el is not None else tree)
    metas = meta_tags(tree)
    sc, top, ranges = select(w, find_anchors(tree, w, metas))
    chosen: list[Line] = [ln for a, b in ranges for ln in sc.kept_lines(a, b)]

    item.title = find_title(tree, w, metas, ranges[0][0] if ranges else None)
    cleaned = clean_lines(chosen, item.title)
    item.paragraphs = cleaned.paragraphs
    item.notes.update({f"generic:{k}": v for k, v in cleaned.removed.items()})
    if sc.choice:  # the headline or the marked container overruled the longest block
        item.notes[f"generic:block_{sc.choice}"] = 1

    credits = page_credits(w, ranges, cleaned.byline, metas)
    item.source, item.authors, item.editors = credits.source, credits.authors, credits.editors
    item.description = metas.get("description") or metas.get("og:description")
    item.keywords = keywords(metas)

    pub = find_published(tree, url, title=item.title, chunks=w.lines)
    item.published_at, item.modified_at = pub.published, pub.modified
    if pub.rejected_reason:
        item.notes[f"pubtime_rejected:{pub.rejected_reason}"] = 1
    if pub.method:
        item.notes[f"pubtime:{pub.method}"] = 1

    item.images = images(sc.blocks, url)  # the chosen blocks': a <figure> beside the text block too
    item.language = language(tree, item.body)
    reason = non_article_reason(w, sc, top, cleaned.paragraphs)
    if reason:
        return mark_non_article(item, reason)
    item.is_article = True
    return item


def merge_pages(items: list[ArticleItem]) -> ArticleItem:
    """An article's pages (first page first) as one item: paragraphs not seen yet and images appended."""
    if not items:
        raise ValueError("merge_pages needs at least one page")
    first = items[0]
    seen = set(first.paragraphs)
    for extra in items[1:]:
        for p in extra.paragraphs:
            if p not in seen:
                seen.add(p)
                first.paragraphs.append(p)
        first.images.extend(extra.images)
        first.is_article = first.is_article or extra.is_article
    return first


PAGE_OBJECT = PageObject(name=TEMPLATE, claims=lambda url, body: True, parse=parse_generic, merge=merge_pages)
