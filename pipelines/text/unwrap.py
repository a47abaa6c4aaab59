"""Hard-wrapped text rejoined: lines broken at a fixed width become the paragraphs they were.

Old web text (essays and forum posts re-posted from mail archives, ``<pre>`` blocks, ``<br>`` after
every 76 bytes) breaks each paragraph into lines of one width, mid-sentence and mid-word
(``…全省教学研究`` / ``会议。按照惯例…``). Left so, a name or a date across the break is lost to the
entity and date steps (``蒋剑`` / ``华``, ``四`` / ``月十五日``) and a phrase search misses it.

A text counts as hard-wrapped when many of its lines share one display width — the margin — and
almost none is wider (:func:`margin`); ordinary paragraphs vary in length and a page's own lines are
never all cut at one column. Then a line that reaches the margin (or nearly: a paragraph's first line
loses its indentation to stripping) is joined with the next one; a nearly-full line that ends a
sentence ends its paragraph. Width counts a CJK character (and the punctuation GBK stores in two
bytes) as two columns, as the tools that wrapped the text did: a line's width is its length in GBK
bytes (one C call a line: a body of 200,000 wrapped lines is rejoined in a third of a second).
"""

from __future__ import annotations

import re
from collections import Counter

MIN_MARGIN = 40  # columns: narrower "margins" are short lines (lists, verse), not wrapping
MIN_WRAPPED = 8  # lines at the margin, at least
MIN_SHARE = 0.4  # of all lines
MAX_WIDER = 0.05  # share of lines wider than the margin (a heading, a URL) still allowed
MAX_ENDED = 0.5  # share of the lines at the margin that end a sentence: more is a list of equal lines
MIN_CJK = 0.5  # share of Chinese characters in the lines at the margin: less is a table, not prose
SLACK = 2  # a line this close to the margin is full (the wrap would not split a two-column character)
INDENT_SLACK = 8  # a line this close is full unless it ends a sentence (an indented first line)
WIDTH_ENCODING = "gb18030"
CJK_RE = re.compile(r"[\u3400-\u9fff]")
SENTENCE_END_RE = re.compile(r"[。！？!?…”」』]$")
WORD_START_RE = re.compile(r"[A-Za-z]")
LATIN_END_RE = re.compile(r"[A-Za-z,.;:!?)]")


def display_width(line: str) -> int:
    """Columns ``line`` takes as the wrapping tools counted them: its length in GBK bytes (gb18030, a
    superset), two for a CJK character and for GBK's punctuation (“”、。), one for ASCII."""
    return len(line.encode(WIDTH_ENCODING, errors="replace"))


def margin(widths: list[int]) -> int | None:
    """The width the lines were wrapped at, or ``None`` when they were not hard-wrapped."""
    counts = Counter(w for w in widths if w >= MIN_MARGIN)
    if not counts:
        return None
    top = max(counts, key=lambda w: (counts[w - 1] + counts[w] + counts[w + 1], w))
    at_margin = counts[top - 1] + counts[top] + counts[top + 1]
    wider = sum(1 for w in widths if w > top + 1)
    if at_margin < MIN_WRAPPED or at_margin < MIN_SHARE * len(widths) or wider > MAX_WIDER * len(widths):
        return None
    return top + 1


def _wrapped(lines: list[str], widths: list[int], edge: int) -> bool:
    """The lines at the margin are Chinese prose (not a table's rows of codes and figures) and most of
    them run on (a list of equal-length sentences is not wrapping)."""
    full = [line for line, w in zip(lines, widths, strict=True) if w >= edge - SLACK]
    chars = sum(len(line) for line in full)
    if sum(len(CJK_RE.findall(line)) for line in full) < MIN_CJK * chars:
        return False
    return sum(1 for line in full if SENTENCE_END_RE.search(line)) <= MAX_ENDED * len(full)


def _full(line: str, width: int, edge: int) -> bool:
    if width >= edge - SLACK:
        return True
    return width >= edge - INDENT_SLACK and not SENTENCE_END_RE.search(line)


def _separator(left: str, right: str) -> str:
    """What joins two pieces of one paragraph: a space where a Latin word follows a Latin word or its
    punctuation (``by Hunan`` / ``University``); nothing in CJK text, and nothing inside a number (a
    column wrapper cuts anywhere: ``200`` / ``5年`` is ``2005年``)."""
    if not left or not right:
        return ""
    return " " if WORD_START_RE.match(right[0]) and LATIN_END_RE.match(left[-1]) else ""


def unwrap_lines(lines: list[str]) -> tuple[list[str], int]:
    """``lines`` (stripped, non-empty) with hard wraps joined, and the number of line breaks removed.
    Linear in the text's length however long a paragraph gets (its pieces are joined once)."""
    if len(lines) < MIN_WRAPPED:
        return lines, 0
    widths = [display_width(line) for line in lines]
    edge = margin(widths)
    if edge is None or not _wrapped(lines, widths, edge):
        return lines, 0
    out: list[str] = []
    pieces: list[str] = []  # the paragraph being rejoined, line by line with its separators
    for line, width in zip(lines, widths, strict=True):
        if pieces:
            pieces += (_separator(pieces[-1], line), line)
        else:
            pieces.append(line)
        if not _full(line, width, edge):
            out.append("".join(pieces))
            pieces = []
    if pieces:
        out.append("".join(pieces))
    return out, len(lines) - len(out)
