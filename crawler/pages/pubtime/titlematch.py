"""Finding the article title among a page's text chunks (to locate the byline under it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from crawler.pages.pubtime.chunks import TextChunk, text_of
from crawler.pages.pubtime.parse import fold

TITLE_SEPARATOR_RE = re.compile(r"\s*(?:[_|｜»›]|--?|—+|–|::)\s*|\s+-\s+")
WHITESPACE_RE = re.compile(r"\s+")
MIN_TITLE_CHARS = 4  # a title (or title part) shorter than this matches too much to be useful


def squash(text: str) -> str:
    """``text`` folded (NFKC) with all whitespace removed."""
    return WHITESPACE_RE.sub("", fold(text))


def title_variants(title: str) -> list[str]:
    """The title and, for a ``<title>`` like ``标题_频道_网站``, its parts (longest first)."""
    title = squash(title)
    parts = [p for p in TITLE_SEPARATOR_RE.split(fold(title)) if len(squash(p)) >= MIN_TITLE_CHARS]
    out = [title] + sorted((squash(p) for p in parts), key=len, reverse=True)
    return [t for i, t in enumerate(out) if t and t not in out[:i]]


def title_text(tree: Any) -> str:
    """The document's ``<title>``, folded; ``""`` when it has none."""
    t = tree.find(".//title")
    return fold(text_of(t)) if t is not None else ""


def title_indexes(chunks: Sequence[TextChunk], title: str, limit: int = 6) -> list[int]:
    """Indexes of the chunks that look like the title (headings repeat it; nav links do not count)."""
    variants = [v for v in title_variants(title) if len(v) >= MIN_TITLE_CHARS]
    found: list[int] = []
    if not variants:
        return found
    for i, c in enumerate(chunks):
        if c.in_link:
            continue
        s = squash(c.text)
        if len(s) < MIN_TITLE_CHARS:
            continue
        for v in variants:
            if (
                s == v
                or (len(s) >= 6 and s in v and len(s) * 2 >= len(v))
                or (v in s and len(s) <= len(v) * 1.6)
            ):
                found.append(i)
                break
        if len(found) >= limit:
            break
    return found
