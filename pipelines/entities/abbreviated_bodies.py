"""A body's abbreviation the tagger reads as a place or a person, where the story names the body in full.

A story that names ``哈尔滨工业大学航天学院`` says ``哈工大`` a sentence later: the first character of the
name, a character of each word after it, and the suffix's first character (大 of 大学), in order. The
tagger reads such a short form as a place where it stands before a post (``哈工大|教授``), as it reads
the cities the forms begin with, or as a person (``山大|教授``). Where a place or a person the tagger
found is made so from an organisation of the same story — it starts with the name's first character,
skips some of the name's characters (a place that is a name's opening, ``北京市`` of ``北京市政府``, is a
place) and ends on the first character of an institutional suffix inside the name — it is that body's
short form, an organisation. A place and the short form after it (``福建省|台联`` of
``福建省台湾同胞联谊会``) are read as one.
"""

from __future__ import annotations

from pipelines.entities.lexicon import lexicon
from pipelines.entities.recognizers import LOC, ORG, PER, Span

CHINA = "中"  # a pair of countries' initials: 中|日, 美|中
MIN_FULL = 4  # characters of a full name an abbreviation is read from (山东大学: 山大)


def abbreviated_bodies(text: str, spans: list[Span], places: list[Span]) -> tuple[list[Span], list[Span]]:
    """(``spans`` with each place or person that abbreviates one of their organisations read as an
    organisation, ``places`` without those)."""
    fulls: dict[str, set[str]] = {}  # a full name's first character -> the names (an abbreviation's opens so)
    for s in spans:
        if s.label == ORG and len(s) >= MIN_FULL:
            fulls.setdefault(text[s.start], set()).add(text[s.start : s.end])
    if not fulls:
        return spans, places

    def short(s: Span) -> bool:
        return any(abbreviates(text[s.start : s.end], f) for f in fulls.get(text[s.start], ()))

    locs = sorted(p for p in places if p.label == LOC)
    # a place and the short form glued after it, two places to the tagger (福建省|台联 of 福建省台湾同胞联谊会)
    pairs = [Span(a.start, b.end, LOC) for a, b in zip(locs, locs[1:], strict=False) if a.end == b.start]
    found = {(p.start, p.end) for p in [*pairs, *locs] if short(p)}
    found = {(a, b) for a, b in found if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in found)}
    persons = {(s.start, s.end) for s in spans if s.label == PER and short(s)}  # 山大 of 山东大学
    if not found and not persons:
        return spans, places
    kept = [s for s in spans if (s.start, s.end) not in persons or s.label != PER]
    added = [Span(a, b, ORG) for a, b in found | persons]
    return sorted([*kept, *added]), [
        p for p in places if not any(a <= p.start and p.end <= b for a, b in found)
    ]


def abbreviates(short: str, full: str) -> bool:
    """``short`` is ``full``'s abbreviation: its first character, then characters of it in order, the last
    one opening an institutional suffix of ``full`` (哈工大 of 哈尔滨工业大学航天学院), not one run of it."""
    if len(short) < 2 or len(short) >= len(full) or short[0] != full[0]:
        return False
    if all(ch == CHINA or ch in lexicon().country_abbreviations for ch in short):
        return False  # 日|中, 美|中: two countries (日中联合声明), whatever name the story has
    at, positions = 0, []
    for ch in short:
        at = full.find(ch, at)
        if at < 0:
            return False
        positions.append(at)
        at += 1
    last = positions[-1]
    if last - positions[0] + 1 == len(short):
        return False  # 北京市 of 北京市政府: the name's opening, a place
    return _suffix_opens_at(full, last)


def _suffix_opens_at(full: str, at: int) -> bool:
    """An institutional suffix of two or more characters of ``full`` starts at ``at`` (大 of
    哈尔滨工业大学航天学院's 大学; not 中 of 日本中…, a school's one-character suffix: 日|中 is a pair of countries)."""
    lex = lexicon()
    for end in range(at + 1, min(len(full), at + len(lex.suffixes_longest_first[0])) + 1):
        suffix = lex.suffix_of(full[:end])
        if suffix is not None and len(suffix) >= 2 and end - len(suffix) == at:
            return True
    return False
