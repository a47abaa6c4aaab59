"""Persons a dictionary knows: where the model found nothing, a word CC-CEDICT glosses as a person
(屈原, 钱钟书, 竺可桢: :func:`pipelines.entities.common_words.known_persons`) is a person of the text.

The CRF learnt names from 1990s news sentences; famous names it has not seen, or sees in an unusual
clause (``说钱钟书离开西南联大``), it misses. A word is taken only where jieba's words do not cut it
(比利 inside 比利时), where no entity of the model overlaps it (鲁迅 of 鲁迅文学院 when the model read
the academy), and where jieba does not read it as a numeral, verb or place (几米, 弯弯, 大山:
``lexicon.json`` ``dictionary_glosses.known_person.not_flags``).

And persons of today's news (``lexicon.json`` ``current_persons``: 普京, 钟南山, 韩国瑜, 魏哲家) wherever
the text's words start and end there, whatever the model read (``普京`` a place, ``魏哲|家`` cut): the
model learnt 1990s names, and reads these as places or cuts them where a character is a word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import accumulate
from typing import NamedTuple

from pipelines.entities.common_words import known_persons
from pipelines.entities.filters import coverage
from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import lexicon
from pipelines.entities.recognizers import ORG, PER
from pipelines.entities.tagger import Entity
from pipelines.entities.word_edges import beside_a_dot, ends_here, starts_here


class _Table(NamedTuple):
    words: frozenset[str]
    starts: frozenset[str]  # their first two characters
    lengths: tuple[int, ...]  # longest first
    first: re.Pattern[str]  # a character that starts a word: every other position is skipped in C


@functools.cache
def _table() -> _Table:
    words = known_persons()
    firsts = "".join(sorted({w[0] for w in words}))
    return _Table(
        words,
        frozenset(w[:2] for w in words),
        tuple(sorted({len(w) for w in words}, reverse=True)),
        re.compile(f"[{re.escape(firsts)}]" if firsts else "(?!)"),
    )


def candidates(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each known person's word in ``text`` (the longest at a position; no overlaps)."""
    words, starts, lengths, first = _table()
    found: list[tuple[int, int]] = []
    end = 0
    for m in first.finditer(text):
        i = m.start()
        if i < end or text[i : i + 2] not in starts:
            continue
        for n in lengths:
            if text[i : i + n] in words:
                found.append((i, i + n))
                end = i + n
                break
    return found


def known_person_spans(
    text: str, taken: Iterable[tuple[int, int]], words: list[str]
) -> list[tuple[int, int]]:
    """The candidates that no span of ``taken`` overlaps, that start and end where jieba's ``words``
    of ``text`` do, and that jieba does not read otherwise."""
    spans = candidates(text)
    if not spans:
        return []
    word_ends = set(accumulate(map(len, words), initial=0))
    busy = coverage(len(text), taken)
    not_flags = lexicon().known_person_not_flags
    out = []
    for a, b in spans:
        if busy.find(1, a, b) >= 0 or a not in word_ends or b not in word_ends:
            continue
        if word_flag(text[a:b]) in not_flags:
            continue
        out.append((a, b))
    return out


def current_person_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each person of ``current_persons`` in ``text`` that starts and ends where
    jieba's ``words`` of the text do (not 韩正 in 韩|正式访问), or starts where a preposition is glued on
    (从|普京) or ends where the next word's first character is (韩|正说),
    with no transliterated name's dot beside it."""
    found = list(lexicon().current_person_re.finditer(text))
    if not found:
        return []
    word_ends = set(accumulate(map(len, words), initial=0))
    out = []
    for m in found:
        a, b = m.span()
        if starts_here(text, a, b, word_ends) and ends_here(text, a, b, word_ends, said=True):
            if not beside_a_dot(text, a, b):
                out.append((a, b))
    return out


def with_current_persons(text: str, entities: list[Entity], words: list[str]) -> list[Entity]:
    """``entities`` (the model's) with each person of :func:`current_person_spans` in place of what
    the model read there (普京 a place, 魏哲 a cut name), unless a body the model found holds the name
    (奥巴马基金会)."""
    spans = current_person_spans(text, words)
    if not spans:
        return entities
    kept = list(entities)
    for a, b in spans:
        inside_body = any(
            e.label == ORG and e.start <= a and b <= e.end and e.end - e.start > b - a for e in kept
        )
        if inside_body:
            continue
        kept = [e for e in kept if e.end <= a or e.start >= b]
        kept.append(Entity(a, b, PER))
    return sorted(kept)
