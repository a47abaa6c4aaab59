"""Who wrote and edited the article, and its source: bylines found while cleaning, the metadata line
just above the body, the editor credit just after it, and ``<meta>`` tags as a last resort."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.pages.generic.byline import Byline, parse_byline, split_names
from crawler.pages.generic.linetext import CJK_RE
from crawler.pages.generic.textwalk import Walk

BYLINE_AFTER_LINES = 4  # lines after the body searched for the editor credit
EDITOR_LINE_MAX = 60  # ... each at most this long
BYLINE_BEFORE_LINES = 8  # lines above the body searched for the metadata line (时间 来源 作者)
BYLINE_LINE_MAX = 160  # ... each at most this long


@dataclass
class Credits:
    source: str | None
    authors: list[str]
    editors: list[str]


def page_credits(w: Walk, ranges: list[tuple[int, int]], by: Byline, metas: dict[str, str]) -> Credits:
    """Complete ``by`` (updated in place) from the lines around the body ``ranges``, then fall back to
    ``<meta>``; an author who is also an editor is an editor (CNR's ``<meta name=author>``)."""
    # the metadata line under the title and the editor line after the body often sit outside the
    # chosen block
    if ranges:
        body_end = ranges[-1][1]
        for ln in w.lines[body_end : body_end + BYLINE_AFTER_LINES]:
            if len(ln.text) <= EDITOR_LINE_MAX and not ln.in_link:
                b = parse_byline(ln.text)
                by.editors += [e for e in b.editors if e not in by.editors]
        body_start = ranges[0][0]
        for ln in w.lines[max(0, body_start - BYLINE_BEFORE_LINES) : body_start]:
            if len(ln.text) <= BYLINE_LINE_MAX and not ln.in_link:
                by.merge(parse_byline(ln.text))
    source = by.source or metas.get("source") or metas.get("contentsource") or None
    authors = by.authors or [
        n for n in split_names(metas.get("author") or metas.get("article:author") or "") if CJK_RE.search(n)
    ]
    editors = by.editors
    return Credits(source, [a for a in authors if a not in editors], editors)
