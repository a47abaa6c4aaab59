"""Chinese word segmentation for the entity step and the search index: jieba's dictionary and
algorithm, run by jieba-rs (the ``rjieba`` binding, MIT).

jieba's own ``cut`` is pure Python and was the largest single cost of an article's enrichment (issue 19:
the entity step's tokens and the index's search-mode words each segmented every body). jieba-rs embeds
the same ``dict.txt`` and HMM tables and gives the same words, 15–30× faster (measured on msra-dev and the
real pages: identical words, ``tests/test_segment.py`` checks it on every run). The Python ``jieba``
package stays for its tables (a word's frequency and POS flag, :mod:`pipelines.entities.jieba_tables`).
jieba-rs keeps no cache file, so nothing is written outside the process.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

# A lone surrogate (text decoded with ``surrogateescape``) has no UTF-8 form, which jieba-rs needs.
SURROGATE = re.compile("[\ud800-\udfff]")


class Segmenter(Protocol):
    def cut(self, text: str, hmm: bool = True) -> list[str]: ...

    def cut_for_search(self, text: str, hmm: bool = True) -> list[str]: ...


@functools.cache
def segmenter() -> Segmenter:
    """jieba-rs with jieba's default dictionary, built once per process (~0.3 s, ~57 MB)."""
    import rjieba

    seg: Segmenter = rjieba.Jieba()
    return seg


def cut(text: str) -> list[str]:
    """jieba's default-mode words of ``text`` without the HMM pass (dictionary words only):
    ``"".join(cut(text)) == text``."""
    if not text:
        return []
    try:
        return segmenter().cut(text, False)
    except UnicodeEncodeError:  # lone surrogates: segment with "?" in their place, give back the text's own
        words, pos = [], 0
        for w in segmenter().cut(SURROGATE.sub("?", text), False):
            words.append(text[pos : pos + len(w)])
            pos += len(w)
        return words


def cut_for_search(text: str) -> list[str]:
    """jieba's search-mode words of ``text`` (the HMM pass on: unknown words found too). Some are
    overlapping parts of longer ones (中华 and 人民 before 中华人民共和国), so the words do not
    rebuild the text; for a lone surrogate they hold "?" in its place."""
    if not text:
        return []
    try:
        return segmenter().cut_for_search(text, True)
    except UnicodeEncodeError:
        return segmenter().cut_for_search(SURROGATE.sub("?", text), True)
