"""jieba's tables, loaded once per process: word -> frequency and word -> POS flag.

The one place that imports and initialises jieba for :mod:`pipelines.entities` (the recognisers' jieba
tokenizer, the filters, the edge repairs and the canonical names all read these).
"""

from __future__ import annotations

import functools
import logging
from types import ModuleType


@functools.cache
def quiet_jieba() -> ModuleType:
    """jieba, imported with its log output quietened."""
    import jieba

    from pipelines.privacy import private_jieba

    jieba.setLogLevel(logging.WARNING)
    return private_jieba(jieba)  # its cache in a private folder, never a shared /tmp file


@functools.cache
def jieba_dictionary() -> dict[str, int]:
    """jieba's word -> frequency table (built once; from jieba's cache file after the first run)."""
    jieba = quiet_jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ  # also holds every word's prefixes, with frequency 0


@functools.cache
def word_flags() -> dict[str, str]:
    """jieba's word -> POS flag table (loaded once)."""
    quiet_jieba().dt.check_initialized()
    from jieba import posseg

    return posseg.dt.word_tag_tab


def word_freq(word: str) -> int:
    """``word``'s frequency in jieba's dictionary (0: no word, or only a prefix of one)."""
    return jieba_dictionary().get(word) or 0


def word_flag(word: str) -> str | None:
    """``word``'s POS flag in jieba's dictionary, None when it has none."""
    return word_flags().get(word)


def load_tables() -> None:
    """Load jieba's tables now (the first story would otherwise pay for it)."""
    word_flags()
    jieba_dictionary()
