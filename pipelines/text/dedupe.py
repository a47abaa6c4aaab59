"""Repeated content: the title (repeated, or glued to the first paragraph) and paragraphs or whole
bodies that occur twice, including near-duplicates differing only in whitespace or punctuation.

Everything is compared on a *key*: NFKC, lower case, with whitespace and punctuation removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

NON_WORD_RE = re.compile(r"[\W_]+")
# a line that ends like a sentence is not a title
SENTENCE_END_RE = re.compile(r"[。！？!?；;…]$|[。！？!?][”’」』\"')）]$")
# a line that is one quotation (a refrain, a slogan quoted on purpose)
QUOTED_LINE_RE = re.compile(r"^[“\"「『][^“”\"「」『』]+[”\"」』][。！？!?]?$")
# datelines and bylines that open a body without being its title
DATELINE_RE = re.compile(
    r"^(?:\S{0,12}(?:\d{1,2}月\d{1,2}日|\d{4}[-/.年]\d{1,2})|(?:本报|记者|通讯员|新华社|中新网))"
)
# what a new sentence glued to a title starts with: a number/date, a dateline, an opening bracket
GLUED_START_RE = re.compile(r"^(?:\d|央广网|新华社|中新网|人民网|新华网|本报|本台|记者|【|\[|（|\()")
GLUE_PUNCT = "，,、；;：:"  # a title followed by these is the start of a sentence, not a glued title
MIN_GLUED_KEY = 8
LEADING_WINDOW = 3  # the title may be repeated / glued within the first lines only
MIN_TITLE_KEY = 4
TITLE_MAX_KEY = 60
MIN_DUP_KEY = 20  # shorter lines (专家点评, （一）概况, table headers) may legitimately repeat
MIN_CONTAINED_KEY = 50  # a paragraph this long found inside earlier text is a repeat
# A repeat between MIN_DUP_KEY and MIN_CONTAINED_KEY that stands alone (neighbours not repeats, not
# right after its first copy) and is a caption, slogan or quotation (no sentence end, or one quote)
# is kept: a photo caption used twice, a refrain quoted at the start and the end.
MIN_HALF_KEY = 20  # a paragraph that is X+X with X at least this long is halved
CONTAINMENT_BUDGET = 300_000  # beyond this much earlier text (a huge page), only exact repeats are checked


def key(text: str) -> str:
    """Comparison form: NFKC, lower case, no whitespace or punctuation."""
    text = NON_WORD_RE.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = NON_WORD_RE.sub("", unicodedata.normalize("NFKC", text))
    return text.lower()


def cut_after_key_chars(text: str, n: int) -> tuple[str, str]:
    """Split ``text`` where its key reaches ``n`` characters (trailing punctuation goes left)."""
    count = 0
    i = 0
    while i < len(text) and count < n:
        count += len(key(text[i]))
        i += 1
    while i < len(text) and not key(text[i]):
        i += 1
    return text[:i], text[i:]


def looks_like_title(line: str) -> bool:
    k = key(line)
    return (
        MIN_TITLE_KEY <= len(k) <= TITLE_MAX_KEY
        and not SENTENCE_END_RE.search(line)
        and not DATELINE_RE.match(line)
        and "，" not in line
    )


def find_title(lines: list[str], *, headline_fallback: bool = True) -> tuple[str, list[str]]:
    """Derive a title from leading text when the page gave none.

    The first line is the title when it is repeated (equal, or glued to the start of one of the next
    lines), or — with ``headline_fallback`` — when it looks like a headline (short, no sentence end,
    no full-width comma, no dateline) and more lines follow. Returns ``(title, remaining lines)``;
    ``("", lines)`` when no title is found.
    """
    if not lines:
        return "", lines
    first = lines[0]
    k0 = key(first)
    if len(k0) < MIN_TITLE_KEY or len(k0) > TITLE_MAX_KEY * 2:
        return "", lines
    repeated = any(key(line).startswith(k0) for line in lines[1 : 1 + LEADING_WINDOW])
    if repeated or (headline_fallback and len(lines) > 1 and looks_like_title(first)):
        return first, lines[1:]
    return "", lines


def remove_title_copies(
    title: str, lines: list[str], removed: Counter[str], *, title_repeated: bool = False
) -> list[str]:
    """Drop lines equal to the title; cut the title off the start of a leading line it is glued to.

    A first paragraph may legitimately begin with the title's words (``习近平签署命令，发布…``), so
    the title is cut off only when the text repeats the title elsewhere (``title_repeated``, or a
    line equal to it), or when a long title runs straight into a new sentence (``…启动5月23日，``).
    """
    kt = key(title)
    if len(kt) < MIN_TITLE_KEY:
        return lines
    repeated = title_repeated or any(key(line) == kt for line in lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        kl = key(line)
        if kl == kt:
            removed["repeated_title"] += 1
            continue
        if i < LEADING_WINDOW and len(kl) > len(kt) and kl.startswith(kt) and not out:
            _, rest = cut_after_key_chars(line, len(kt))
            rest = rest.strip()
            glued = line[: len(line) - len(rest)].rstrip()
            if rest and (
                repeated
                or (
                    len(kt) >= MIN_GLUED_KEY
                    and glued == glued.rstrip(GLUE_PUNCT)
                    and GLUED_START_RE.match(rest)
                )
            ):
                removed["repeated_title"] += 1
                out.append(rest)
                continue
        out.append(line)
    return out


def halve_doubled(line: str, k: str | None = None) -> str | None:
    """If ``line`` (whose key is ``k``) is some text written twice in a row (X X), return X, else None."""
    if k is None:
        k = key(line)
    h = len(k) // 2
    if h < MIN_HALF_KEY or len(k) % 2 or k[:h] != k[h:]:
        return None
    first, _ = cut_after_key_chars(line, h)
    return first.strip()


def collapse_duplicates(lines: list[str], removed: Counter[str], title: str = "") -> list[str]:
    """Keep the first occurrence of each paragraph; drop later equal or contained ones.

    A later paragraph goes when its key equals an earlier one's (at least ``MIN_DUP_KEY`` long), or
    (at least ``MIN_CONTAINED_KEY`` long) occurs inside the earlier text — which also catches a second
    copy of the body glued into fewer paragraphs, or the title glued to a repeated first paragraph.
    Shorter repeats (headings such as ``专家点评``, ``（一）…``) go only as part of a repeated block
    (next to a certain repeat, or a run of them repeating earlier text); alone they are legitimate.
    So is a medium repeat (under ``MIN_CONTAINED_KEY``) standing alone that is a caption, slogan or
    quotation rather than a sentence of prose: a photo caption used twice, a refrain quoted again.
    """
    seen: set[str] = set()
    first: dict[str, int] = {}  # key -> index of its first (kept) occurrence
    medium_first: list[int] = []  # for each medium repeat, in order: where its first copy is
    earlier = key(title)  # keys of the title and kept paragraphs, concatenated
    texts: list[str] = []
    keys: list[str] = []  # key of each of texts
    status: list[str] = []  # "keep", "dup" (certain repeat), "short" (short repeat: depends on neighbours)
    for line in lines:
        k = key(line)
        half = halve_doubled(line, k)
        if half is not None:
            removed["duplicate_paragraph"] += 1
            line = half
            k = key(line)
        texts.append(line)
        keys.append(k)
        if k in seen:
            if len(k) >= MIN_CONTAINED_KEY:
                status.append("dup")
            elif len(k) >= MIN_DUP_KEY:
                status.append("medium")
                medium_first.append(first[k])
            else:
                status.append("short")
            continue
        if len(k) >= MIN_CONTAINED_KEY and len(earlier) <= CONTAINMENT_BUDGET and k in earlier:
            status.append("dup")
            continue
        status.append("keep")
        seen.add(k)
        first[k] = len(texts) - 1
        earlier += k
    n = len(status)
    m = 0
    for i in range(n):  # a medium repeat alone, away from its first copy, is a deliberate one
        if status[i] != "medium":
            continue
        isolated = medium_first[m] != i - 1 and all(
            not (0 <= j < n) or status[j] == "keep" for j in (i - 1, i + 1)
        )
        isolated = isolated and (
            QUOTED_LINE_RE.match(texts[i]) is not None or not SENTENCE_END_RE.search(texts[i])
        )
        m += 1
        status[i] = "deliberate" if isolated else "dup"
    for i in range(n):
        if status[i] == "deliberate":
            status[i] = "keep"
    i = 0
    while i < n:  # a run of short repeats that together repeat an earlier block
        j = i
        while j < n and status[j] == "short":
            j += 1
        if j - i >= 2:
            joined = "".join(keys[i:j])
            if len(joined) >= MIN_DUP_KEY and joined in earlier:
                status[i:j] = ["dup"] * (j - i)
        i = j + 1
    for order in (range(n), range(n - 1, -1, -1)):  # spread along runs, forwards then backwards
        for i in order:
            if status[i] == "short" and any(0 <= j < n and status[j] == "dup" for j in (i - 1, i + 1)):
                status[i] = "dup"
    out: list[str] = []
    for line, st in zip(texts, status, strict=True):
        if st == "dup":
            removed["duplicate_paragraph"] += 1
        else:
            out.append(line)
    return out
