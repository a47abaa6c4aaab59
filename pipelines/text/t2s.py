"""Traditional -> Simplified conversion with OpenCC: of whole articles as an option (off by default;
``NEWS_T2S``), of persons' names in the entity step (``filters.is_person_name``), of the search index's
tokens and queries (``pipelines.db.fts.normalize``; a search without the index also looks for a
query's traditional forms, :func:`traditional_forms`), and the view of a text in traditional script that
every rule written in simplified script reads — the entity step, the date patterns, the normaliser's
boilerplate and source patterns (:func:`simplified_view`, :func:`line_views`; the text itself is kept)."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from operator import ne
from pathlib import Path
from typing import Any

from crawler.constants import KANA_RE

# A lone surrogate (text decoded with ``surrogateescape``) has no UTF-8 form, which OpenCC needs.
SURROGATES = re.compile("([\ud800-\udfff]+)")
# A text is in traditional script when OpenCC changes at least this share of its characters outside
# ASCII (and two of them): traditional news 30-34 % (magic-dev's two such pages), simplified text well
# under 1 % (a variant such as 锺 for 钟; wce-dev, magic-dev and the news pages: at most 0.6 % of a
# page, 2.6 % on a page quoting traditional text; a Japanese page 7 %, and kana rule Japanese out).
# The whole text is tested first, then each line: a short heading of a traditional story (香港特區政府:
# one change) goes with its story.
TRADITIONAL_SHARE = 0.1
_CHUNK = 64
# The characters OpenCC's t2s changes one by one (4,221 of the CJK blocks: traditional_chars.txt, made by
# :func:`single_character_changes`; a test checks it against the installed OpenCC). Any traditional text
# holds some and simplified text almost none (乾, 5 of msra-dev's 219 documents): text without them is given
# back unconverted (a scan in C; OpenCC's conversion costs 15 times as much). The 156 commonest of them
# alone missed one-line texts (港鐵公司表示，匯豐和新鴻基的股價上漲。: 鐵 匯 豐 鴻 價 漲).
TRADITIONAL_CHARS_FILE = Path(__file__).with_name("traditional_chars.txt")
TRADITIONAL_MARKS = re.compile(
    "[" + "".join(TRADITIONAL_CHARS_FILE.read_text(encoding="utf-8").split()) + "]"
)
CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))  # ext. A, unified, compatibility


def single_character_changes() -> str:
    """The characters of :data:`CJK_BLOCKS` that OpenCC's ``t2s`` changes on their own, in code-point
    order (what traditional_chars.txt holds)."""
    convert = _converter().convert
    return "".join(ch for a, b in CJK_BLOCKS for ch in map(chr, range(a, b)) if convert(ch) != ch)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # on first use (the pool's warm-up loads it in the fork server)

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4)
def _to_traditional(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


TRADITIONAL_CONFIGS = ("s2t", "s2hk", "s2tw")  # OpenCC's standard, Hong Kong and Taiwan character forms


def traditional_forms(text: str) -> list[str]:
    """``text`` written in traditional script as OpenCC's standard, Hong Kong and Taiwan forms have it
    (医院 → 醫院; 线 → 線 or 綫), one character for one: the forms that differ from ``text``, in that
    order, without repeats. For a search without an index, which reads stored text as published."""
    if not text or text.isascii() or SURROGATES.search(text) is not None:
        return []
    forms: list[str] = []
    for config in TRADITIONAL_CONFIGS:
        form = _to_traditional(config).convert(text)
        if form != text and len(form) == len(text) and form not in forms:
            forms.append(form)
    return forms


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
    if not text or text.isascii() or TRADITIONAL_MARKS.search(text) is None:
        return text
    view = _view(text)
    return text if view is None else view


@lru_cache(maxsize=4)  # the normaliser, the dates and the entity step read the same texts in turn
def _view(text: str) -> str | None:
    whole = to_simplified(text)
    if whole == text:
        return None  # most simplified text: one conversion, one comparison
    if len(whole) == len(text) and _traditional(text, whole):
        return whole
    out: list[str] = []
    changed = False
    pos = 0
    for line in text.splitlines(keepends=True):
        # OpenCC's phrases never hold a line break: a line's conversion is its part of the whole's
        view = whole[pos : pos + len(line)] if len(whole) == len(text) else to_simplified(line)
        pos += len(line)
        if view != line and len(view) == len(line) and _traditional(line, view):
            out.append(view)
            changed = True
        else:
            out.append(line)
    return "".join(out) if changed else None


def _traditional(text: str, simplified: str) -> bool:
    """OpenCC changed at least two and :data:`TRADITIONAL_SHARE` of ``text``'s characters outside
    ASCII (Chinese characters and punctuation) to make ``simplified``: traditional script — unless the
    text holds kana (長屋が続く is Japanese)."""
    if KANA_RE.search(text):
        return False
    needed = max(2, math.ceil(TRADITIONAL_SHARE * (len(text) - len(text.encode("ascii", "ignore")))))
    changes = 0
    for i in range(0, len(text), _CHUNK):  # equal chunks (most of a simplified text) compare in C
        a, b = text[i : i + _CHUNK], simplified[i : i + _CHUNK]
        if a != b:
            changes += sum(map(ne, a, b))
            if changes >= needed:
                return True
    return False


def view_with_story(short: str, story: str, story_view: str) -> str:
    """The view of ``short`` (a title) read with its story (``story`` and its :func:`simplified_view`):
    a title of one or two traditional characters (香港特區: one change) is read in simplified script when
    its story is in traditional script, which it cannot show on its own."""
    own = simplified_view(short)
    if own is not short or story_view is story or KANA_RE.search(short):
        return own
    converted = to_simplified(short)
    if converted != short and len(converted) == len(short) and _traditional(story, story_view):
        return converted
    return short


def line_views(lines: list[str]) -> list[str]:
    """Each line's :func:`simplified_view`, the lines read together (a short line of a traditional story,
    ``來源：港台``, is read with its story): ``lines`` itself when nothing is traditional."""
    joined = "\n".join(lines)
    view = simplified_view(joined)
    if view is joined:
        return lines
    out: list[str] = []
    pos = 0
    for line in lines:
        out.append(view[pos : pos + len(line)])
        pos += len(line) + 1
    return out
