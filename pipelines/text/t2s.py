"""Traditional -> Simplified conversion with OpenCC: of whole articles as an option (off by default;
``NEWS_T2S``), of persons' names in the entity step (``filters.is_person_name``), and the view of a text
in traditional script the entity step reads (:func:`simplified_view`; the text itself is kept)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A lone surrogate (text decoded with ``surrogateescape``) has no UTF-8 form, which OpenCC needs.
SURROGATES = re.compile("([\ud800-\udfff]+)")
HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
KANA = re.compile("[\u3040-\u30ff]")  # hiragana, katakana: Japanese, whose kanji are not traditional Chinese
# A line is in traditional script when OpenCC changes at least this share of its Chinese characters (and
# two of them): lines of traditional news change 19-37 % (magic-dev's three such pages), lines in
# simplified script well under 1 % (a variant such as 锺 for 钟; wce-dev, magic-dev and the news pages:
# at most 0.7 % of a page, 3 % on a page quoting traditional text). The whole text is one line for this
# test first: a short heading of a traditional story (香港特區政府: one change) goes with its story.
TRADITIONAL_SHARE = 0.1


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # on first use (the pool's warm-up loads it in the fork server)

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese to Simplified (OpenCC ``t2s``: characters and phrases)."""
    if not text or text.isascii():
        return text
    convert = _converter().convert
    if SURROGATES.search(text) is None:
        return convert(text)  # type: ignore[no-any-return]
    # the text between lone surrogates converted, the surrogates kept where they were
    return "".join(
        part if SURROGATES.fullmatch(part) else convert(part) for part in SURROGATES.split(text) if part
    )


def simplified_view(text: str) -> str:
    """``text`` with what is written in traditional script read in simplified script, one character for
    one (offsets into the view are offsets into ``text``): the whole text where it is traditional
    (:data:`TRADITIONAL_SHARE`), else each such line. Text in simplified script is given back as it is
    (the same object): converting it would change rare variants and, through OpenCC's phrases, names
    (沈思远 → 沉思远). A line whose conversion changes its length, and Japanese, stay as they are."""
    if not text or text.isascii():
        return text
    whole = to_simplified(text)
    if whole == text:
        return text
    if len(whole) == len(text) and _traditional(text, whole):
        return whole
    out: list[str] = []
    changed = False
    for line in text.splitlines(keepends=True):
        view = to_simplified(line)
        if view != line and len(view) == len(line) and _traditional(line, view):
            out.append(view)
            changed = True
        else:
            out.append(line)
    return "".join(out) if changed else text


def _traditional(text: str, simplified: str) -> bool:
    """OpenCC changed enough of ``text``'s Chinese characters to call it traditional script (and it
    holds no kana: 長屋が続く is Japanese)."""
    if KANA.search(text):
        return False
    changes = sum(a != b for a, b in zip(text, simplified, strict=True))
    return changes >= 2 and changes >= TRADITIONAL_SHARE * len(HAN.findall(text))
