"""Publication time from a page's visible text: the byline under (or above) the title, a labelled
time (``发布时间：…``) anywhere, and — last resort — the first date with a time of day."""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawler.pages.pubtime.chunks import TextChunk
from crawler.pages.pubtime.parse import first_datetime, fold
from crawler.pages.pubtime.sources import Finder, Found
from crawler.pages.pubtime.titlematch import title_indexes

# Labels that introduce the publication time in a byline, in either script (發布時間：, 發佈日期：: Hong
# Kong and Taiwan pages).
LABELLED_RE = re.compile(
    r"(?:[发發][布佈表稿文]|刊[发發]|出版|上[传傳]|[创創]建|[录錄]入|添加|首[发發]|更新)?(?:[时時][间間]|日期)\s*[:：]\s*"
    r"|[发發][表布佈][于於]\s*|(?:posted|published)\s*(?:on|at)?\s*:?\s*",
    re.I,
)
UPDATED_LABEL_RE = re.compile(r"(?:更新|修改|[编編][辑輯])(?:[时時][间間]|日期)\s*[:：]\s*")
NEAR_TITLE_AFTER = 25  # text chunks after the title searched for the byline time
NEAR_TITLE_BEFORE = 4
BYLINE_MAX_CHARS = 100  # an unlabelled time counts only in a line this short (a byline, not prose)


def labelled_time(chunks: Sequence[TextChunk], i: int, f: Finder) -> Found | None:
    """A time introduced by a label ("发布时间：…") in chunk ``i`` (or, after a bare label, the next one)."""
    c = chunks[i]
    if c.in_link:
        return None
    text = fold(c.text)
    for m in LABELLED_RE.finditer(text):
        if UPDATED_LABEL_RE.match(text, m.start()):
            continue
        after = text[m.end() :]
        if not after.strip() and i + 1 < len(chunks):
            after = chunks[i + 1].text
        got = f.accept_text(after, "byline-label", at_start=True)
        if got:
            return got
    return None


def _near_title(idx: int, n_chunks: int) -> list[int]:
    """Chunk indexes around the title at ``idx``, nearest first (a chunk above counts double)."""
    after = [(d, idx + d) for d in range(1, NEAR_TITLE_AFTER + 1) if idx + d < n_chunks]
    before = [(2 * d, idx - d) for d in range(1, NEAR_TITLE_BEFORE + 1) if idx - d >= 0]
    return [j for _, j in sorted(after + before)]


def byline_time(chunks: Sequence[TextChunk], f: Finder, titles: list[str]) -> Found | None:
    """The byline's time: near the title (labelled, else in a short line), else labelled anywhere."""
    # 1. just under (or above) the title: a labelled time, else a time in a short line, nearest first
    for title in titles:
        for idx in title_indexes(chunks, title):
            window = _near_title(idx, len(chunks))
            for j in window:
                got = labelled_time(chunks, j, f)
                if got:
                    return got
            for j in window:
                c = chunks[j]
                if not c.in_link and len(c.text) <= BYLINE_MAX_CHARS:
                    got = f.accept_text(c.text, "byline")
                    if got:
                        return got
    # 2. a labelled time anywhere outside links ("发布时间：2022-02-13 07:00")
    for i in range(len(chunks)):
        got = labelled_time(chunks, i, f)
        if got:
            return got
    return None


def any_text_time(chunks: Sequence[TextChunk], f: Finder) -> Found | None:
    """Last resort: the first date with a time of day in the page's text outside links."""
    for c in chunks:
        if c.in_link:
            continue
        parsed = first_datetime(c.text)
        if parsed and parsed[1]:
            dt = f.accept(parsed[0], "text")
            if dt:
                return dt, "text", True
    return None
