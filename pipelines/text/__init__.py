"""Text normalisation (issue 3): pinyin glosses, repeated content and boilerplate out, the article intact.

:func:`apply_to_item` cleans an :class:`~crawler.items.ArticleItem` in place (first step of
:func:`pipelines.chain.process_article` and of ``NormalizeTextPipeline``); :func:`normalize_text`
does the same for a plain title + text.
"""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.text.attribution import clean_page_source
from pipelines.text.chars import normalize_line
from pipelines.text.normalize import NormalizedText, normalize_paragraphs, normalize_text
from pipelines.text.t2s import to_simplified

__all__ = ["NormalizedText", "apply_to_item", "normalize_paragraphs", "normalize_text"]


def _from_html(item: ArticleItem) -> bool:
    """Whether the item was parsed from an HTML page (whose page object is in charge of the title)."""
    for page in item.raw_pages or []:
        headers = {str(k).lower(): str(v).lower() for k, v in (page.headers or {}).items()}
        body = page.body if isinstance(page.body, bytes | bytearray) else b""
        if "html" in headers.get("content-type", "") or body[:512].lstrip().startswith(b"<"):
            return True
    return False


def apply_to_item(item: ArticleItem, *, t2s: bool = False) -> None:
    """Clean ``item``'s title and paragraphs in place.

    - ``title``/``paragraphs`` are replaced by the clean ones (the raw page stays in ``raw_pages``);
      a missing title is taken from repeated leading text (and, for items that were not parsed from
      an HTML page — e.g. a ``.txt`` — from a headline-like first line);
    - ``removed`` gets the count of what went, by name (``pinyin_gloss``, ``duplicate_paragraph``,
      ``repeated_title`` and the boilerplate pattern names);
    - ``source`` is filled from a trailing attribution (``(济南市卫健委)``) when the page gave none,
      with ``source_from = "attribution"`` (``"page"`` when the page gave one; a page source that is
      markup residue such as ``size="20"`` or a placeholder such as ``转载文章`` counts as none);
    - with ``t2s``, text is converted Traditional -> Simplified and, when that changed anything, the
      title and paragraphs as received are kept in ``title_original``/``paragraphs_original``.
    """
    title = item.title if isinstance(item.title, str) else ""
    paragraphs = [p for p in (item.paragraphs or []) if isinstance(p, str)]
    result = normalize_paragraphs(title, paragraphs, t2s=t2s, find_missing_title=not _from_html(item))
    if t2s and (to_simplified(title) != title or any(to_simplified(p) != p for p in paragraphs)):
        item.title_original = title
        item.paragraphs_original = paragraphs
    item.title = result.title
    item.paragraphs = result.paragraphs
    for name, count in result.removed.items():
        item.removed[name] = item.removed.get(name, 0) + count

    if isinstance(item.source, str):
        item.source = clean_page_source(normalize_line(item.source))
    if item.source:
        if item.source_from is None:
            item.source_from = "page"
    elif result.source:
        item.source = result.source
        item.source_from = "attribution"
    elif item.source_from == "page":
        item.source_from = None  # the page's "source" was refused
