"""jieba's dictionary, loaded once per process: word -> frequency and word -> POS flag.

The filters, the edge repairs, the model's tokens and the canonical names read these; the legacy
recogniser's POS tokenizer imports jieba itself through :func:`quiet_jieba`.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType


@functools.cache
def quiet_jieba() -> ModuleType:
    """jieba, imported with its log output quietened."""
    import jieba

    from pipelines.privacy import private_jieba

    jieba.setLogLevel(logging.WARNING)
    return private_jieba(jieba)  # its cache in a private folder, never a shared /tmp file


def _dictionary_path() -> Path:
    """jieba's ``dict.txt``, found without importing jieba (its import alone holds ~19 MB: the HMM tables)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: its dictionary is needed for the entity step")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


# A character that starts this many three-character person names of the dictionary is a surname.
SURNAME_MIN_NAMES = 100
# A word's entry in the table: frequency << FLAG_BITS | index of its POS flag in the flag list.
FLAG_BITS = 6
FLAG_MASK = (1 << FLAG_BITS) - 1  # an entry's flag index


@functools.cache
def _table() -> tuple[dict[str, int], tuple[str, ...]]:
    """jieba's ``dict.txt`` (word, frequency, POS flag), read once into one dict of packed ints.

    jieba's own tables (its prefix dictionary and posseg's flag table) held 138 MB of one process;
    this one holds the same words in ~31 MB. Segmentation no longer needs them (:mod:`pipelines.segment`).
    The 349,000 entries hold 17,000 distinct values, each one int object shared by its entries: ~9 MB
    less, and a pool worker's lookups write the reference counts of those few objects only, not of
    one object per word across the fork server's pages (issue 19: the workers share this table).
    """
    path = _dictionary_path()
    flags: dict[str, int] = {}
    table: dict[str, int] = {}
    values: dict[int, int] = {}  # each distinct packed value once
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            flag = parts[2] if len(parts) > 2 else "x"
            index = flags.setdefault(flag, len(flags))
            if index >= 1 << FLAG_BITS:
                raise RuntimeError(f"jieba's dictionary has over {1 << FLAG_BITS} POS flags")
            value = int(parts[1]) << FLAG_BITS | index
            table[parts[0]] = values.setdefault(value, value)
    return table, tuple(flags)


def word_freq(word: str) -> int:
    """``word``'s frequency in jieba's dictionary (0: no word)."""
    return _table()[0].get(word, 0) >> FLAG_BITS


def word_flag(word: str) -> str | None:
    """``word``'s POS flag in jieba's dictionary, None when it is no word there."""
    table, flags = _table()
    entry = table.get(word)
    return None if entry is None else flags[entry & FLAG_MASK]


def word_flags(words: list[str]) -> list[str | None]:
    """:func:`word_flag` of each of ``words``, in one call (the features read every word of a text)."""
    table, flags = _table()
    get = table.get
    return [None if (entry := get(w)) is None else flags[entry & FLAG_MASK] for w in words]


def _words_of(flag: str) -> Iterator[str]:
    """jieba's words tagged ``flag``."""
    table, flags = _table()
    if flag not in flags:
        return
    index = flags.index(flag)
    yield from (w for w, e in table.items() if e & FLAG_MASK == index)


# A dictionary word at least this common (jieba frequency) reads as a word of the sentence, not a name.
COMMON_WORD_FREQ = 50


def common_word_across(text: str, start: int, end: int) -> bool:
    """A common two-character word of jieba's dictionary runs across ``start`` or ``end`` of the span
    ``text[start:end]`` (对于|辉, 小平|原): the sentence reads a word there, not the span."""
    return (start > 0 and word_freq(text[start - 1 : start + 1]) >= COMMON_WORD_FREQ) or (
        end < len(text) and word_freq(text[end - 1 : end + 1]) >= COMMON_WORD_FREQ
    )


@functools.cache
def characters_of(flag: str, min_length: int = 3) -> frozenset[str]:
    """Every character of jieba's words of ``flag`` with at least ``min_length`` characters (``nrt``:
    the characters foreign names are transcribed with)."""
    return frozenset(c for w in _words_of(flag) if len(w) >= min_length for c in w)


@functools.cache
def first_characters_of(flag: str, length: int, min_count: int) -> frozenset[str]:
    """The characters that start at least ``min_count`` of jieba's words of ``flag`` with ``length``
    characters (``nr``, 3: surnames, 于 and 何 among them)."""
    counts = Counter(w[0] for w in _words_of(flag) if len(w) == length)
    return frozenset(c for c, n in counts.items() if n >= min_count)


def load_tables() -> None:
    """Load jieba's tables now (the first story would otherwise pay for it)."""
    _table()
    characters_of("nrt")
    first_characters_of("nr", 3, SURNAME_MIN_NAMES)
