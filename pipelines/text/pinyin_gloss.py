"""Strip pinyin glosses such as ``济南市(jǐnánshì)`` — only when they really are readings.

A parenthesised run of Latin letters is a *candidate*; it is removed only when its syllables,
compared without tones, spell one reading (pypinyin heteronyms) of each of the last *k* Chinese
characters before it. So ``济南市(jǐnánshì)``, ``的(de)``, ``儿童医院(ér tóng yī yuàn)`` and
``济南(ji3nan2)`` go, while ``人工智能(AI)``, ``华为(Huawei)``, ``国内生产总值(GDP)``, ``(2025)``, ``(功能区)`` and a
gloss that does not fit its characters (``济南(beijing)``) stay.

pypinyin is consulted only for candidates (and its per-character readings are cached), so plain
text costs one regex scan.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters with pinyin tone marks (precomposed, or combining marks after NFD), digits for
# numbered tones, apostrophes/hyphens/spaces between syllables.
_LETTER = r"A-Za-z\u00C0-\u024F\u1E3E\u1E3F"
GLOSS_RE = re.compile(
    rf"[(（]\s*(?P<gloss>[{_LETTER}](?:[{_LETTER}\u0300-\u036F1-5'’\- ]{{0,70}}[{_LETTER}\u0300-\u036F1-5])?)\s*[)）]"
)
HAN_RE = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")
TONE_NUMBER_RE = re.compile(r"(?<=[a-z])[1-5]")
SEPARATORS_RE = re.compile(r"['’\- ]+")
COMBINING_RE = re.compile(r"[\u0300-\u036F]")
PLAIN_LOWER_RE = re.compile(r"[a-z]+")
# Between the characters and the gloss: spaces and at most one closing quote/bracket.
CLOSERS = "”’」』\"'》〉】"
MAX_CHARS = 16  # longest word a gloss is checked against
MAX_SYLLABLE = 6  # zhuang, shuang


def _plain(text: str) -> str:
    """Lower-case, tone-less, separator-less form; ü/v both become u (lenient on purpose)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = text.replace("u\u0308", "u").replace("v", "u")
    return COMBINING_RE.sub("", text)


def _has_tone_marks(gloss: str) -> bool:
    return any(ch.isalpha() and not ch.isascii() for ch in gloss) or COMBINING_RE.search(gloss) is not None


@lru_cache(maxsize=65536)
def readings(char: str) -> frozenset[str]:
    """All tone-less readings of one character (empty for non-Han)."""
    from pypinyin import Style, pinyin  # imported on first candidate only (~0.1 s)

    result = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    out = {_plain(r) for group in result for r in group if r and r.isascii() and r.isalpha()}
    if char == "儿":
        out.add("r")  # erhua: 一点儿 yìdiǎnr
    return frozenset(out)


def _spells(chars: str, plain: str) -> bool:
    """True when ``plain`` is one reading of each character of ``chars`` concatenated."""
    n, m = len(chars), len(plain)
    # positions in `plain` reachable after matching chars[:i]
    frontier = {0}
    for i in range(n):
        opts = readings(chars[i])
        if not opts:
            return False
        nxt: set[int] = set()
        for pos in frontier:
            for r in opts:
                if plain.startswith(r, pos):
                    nxt.add(pos + len(r))
        if not nxt:
            return False
        frontier = nxt
    return m in frontier


def is_reading_of(preceding: str, gloss: str) -> bool:
    """True when ``gloss`` spells a reading of the last k (1..MAX_CHARS) Han characters of ``preceding``.

    ``preceding`` is the text right before the opening parenthesis (spaces and one closing quote
    allowed in between). A gloss without tone marks that starts with a capital is not one: either an
    abbreviation (``AI``, ``GDP``) or a romanised name (``华为(Huawei)``, ``习近平(Xi Jinping)``).
    """
    if not _has_tone_marks(gloss) and gloss[0].isupper():
        return False  # AI, GDP; and romanised names (Huawei, Xi Jinping, Beijing) are information
    plain = _plain(gloss)
    plain = TONE_NUMBER_RE.sub("", plain)
    plain = SEPARATORS_RE.sub("", plain)
    if not PLAIN_LOWER_RE.fullmatch(plain):
        return False
    tail = preceding.rstrip()
    if tail and tail[-1] in CLOSERS:
        tail = tail[:-1].rstrip()
    han: list[str] = []
    for ch in reversed(tail[-MAX_CHARS:]):
        if not HAN_RE.match(ch):
            break
        han.append(ch)
    if not han:
        return False
    han.reverse()
    word = "".join(han)
    m = len(plain)
    # k characters need between k and 6k letters
    for k in range(max(1, -(-m // MAX_SYLLABLE)), min(len(word), m) + 1):
        if _spells(word[-k:], plain):
            return True
    return False


def strip_glosses(text: str) -> tuple[str, int]:
    """Remove pinyin glosses from ``text``; returns the text and how many were removed."""
    if "(" not in text and "（" not in text:
        return text, 0
    parts: list[str] = []
    last = 0
    removed = 0
    for m in GLOSS_RE.finditer(text):
        start = m.start()
        if not is_reading_of(text[max(last, start - MAX_CHARS - 4) : start], m.group("gloss")):
            continue
        # drop spaces between the word and its gloss, too
        cut = start
        while cut > last and text[cut - 1] == " ":
            cut -= 1
        parts.append(text[last:cut])
        last = m.end()
        removed += 1
    if not removed:
        return text, 0
    parts.append(text[last:])
    return "".join(parts), removed
