"""The item guard: the first step of the item pipelines (issue 18), before any costly one.

* One size policy: a body longer than ``max_body_chars`` (the ``NEWS_MAX_BODY_CHARS`` setting,
  default :data:`DEFAULT_MAX_BODY_CHARS`) is cut at a paragraph boundary (the paragraph that crosses
  the limit is cut at it); a title longer than :data:`MAX_TITLE_CHARS` is cut. A 9 MB page under the
  10 MB download limit gave a 3.3 M-character body that held the item pipelines for ~95 s; cut, the
  cleaning, dates and entities see at most the limit. The raw page is stored whole, so ``reprocess``
  with a higher limit can redo it.
* Control characters (C0 but tab and newline, DEL, C1) are removed from every text field (title,
  channel, source, authors, editors, description, keywords, paragraphs): a page's meta tag could
  otherwise carry ESC/BEL into the database and onto a terminal.

Pure: :func:`apply_to_item` returns what it did (``body_cut``, ``title_cut``, ``control_chars``), which
the Scrapy pipeline counts as ``news/guard/<what>``.
"""

from __future__ import annotations

import re
from collections import Counter

from crawler.constants import DEFAULT_MAX_BODY_CHARS
from crawler.items import ArticleItem

MAX_TITLE_CHARS = 1_000

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f]")  # one-line fields: no tab or newline either
_TEXT_FIELDS = ("title", "channel", "source", "description")
_LIST_FIELDS = ("authors", "editors", "keywords")


def strip_controls(s: str, *, one_line: bool = False) -> tuple[str, int]:
    """``s`` without control characters, and how many were removed."""
    return (_CONTROL_IN_LINE_RE if one_line else _CONTROL_RE).subn("", s)


def cap_paragraphs(paragraphs: list[str], max_chars: int) -> tuple[list[str], bool]:
    """The paragraphs whose body (joined by newlines) fits ``max_chars``; whether anything was cut."""
    kept: list[str] = []
    used = 0
    for p in paragraphs:
        room = max_chars - used - (1 if kept else 0)
        if len(p) > room:
            if room > 0:
                kept.append(p[:room])
            return kept, True
        kept.append(p)
        used += len(p) + (1 if len(kept) > 1 else 0)
    return kept, False


def apply_to_item(item: ArticleItem, max_body_chars: int = DEFAULT_MAX_BODY_CHARS) -> Counter[str]:
    """Cap the body and the title, remove control characters; mutates ``item``; what was done."""
    done: Counter[str] = Counter()
    for name in _TEXT_FIELDS:
        v = getattr(item, name)
        if isinstance(v, str) and v:
            v, n = strip_controls(v, one_line=True)
            setattr(item, name, v)
            done["control_chars"] += n
    for name in _LIST_FIELDS:
        values = getattr(item, name)
        if values:
            cleaned = []
            for v in values:
                v, n = strip_controls(v, one_line=True)
                done["control_chars"] += n
                cleaned.append(v)
            setattr(item, name, cleaned)
    if max_body_chars > 0:
        item.paragraphs, cut = cap_paragraphs(item.paragraphs, max_body_chars)
        if cut:
            done["body_cut"] += 1
    paragraphs = []
    for p in item.paragraphs:
        p, n = strip_controls(p, one_line=True)
        done["control_chars"] += n
        paragraphs.append(p)
    item.paragraphs = [p for p in paragraphs if p]
    if len(item.title) > MAX_TITLE_CHARS:
        item.title = item.title[:MAX_TITLE_CHARS]
        done["title_cut"] += 1
    return +done
