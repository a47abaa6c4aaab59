"""Bodies listed beside a body of their kind: ``中国东方航空、中国南方航空、海南航空等航空公司``.

The tagger reads the first of a list of like names and misses the others (it read ``中国`` and ``海南`` as
places there): it learnt 1990s names, and a list item has no context of its own but its neighbours. An
item of a list (between list marks, or after the last one up to the clause's end) that ends with the same
word as an organisation listed beside it — the last two characters, a word of a name (``航空``, ``银行``,
``集团``; not the kinds of thing a list ends with, ``遗址``, ``公园``: ``lexicon.json`` ``list_siblings.not_tails``) —
is an organisation of its own, where no person or organisation of the tagger stands in it and it is a few
characters of Chinese script. A place the tagger read in it (``海南``) gives way.
"""

from __future__ import annotations

import re

from pipelines.entities.filters import coverage
from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import CJK_ONLY, lexicon
from pipelines.entities.places import is_place
from pipelines.entities.recognizers import LOC, ORG, PER, Span
from pipelines.segment import cut

LIST_MARK = "、"
# an item of a list: Chinese characters up to the next list mark, conjunction or clause mark
ITEM = re.compile(r"[\u4e00-\u9fff]{3,12}?(?=[、，。；：！？）)\s]|等|和|及|与|$)")
NAME_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})
# a verb, a particle, a preposition, a conjunction, a pronoun or an adverb: no word of a listed name
NOT_IN_NAME_FLAGS = frozenset({"v", "uj", "ul", "uz", "p", "c", "r", "d"})
ITEM_BEFORE = re.compile(r"(?:^|(?<=[、，。；：！？（(\s]))[\u4e00-\u9fff]{3,12}$")


def bodies_in_lists(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with an organisation for each list item that ends like an organisation listed beside it
    (see the module's docstring); the places the tagger read inside such an item dropped."""
    if LIST_MARK not in text:
        return spans
    not_tails = lexicon().list_sibling_not_tails
    taken = coverage(len(text), [(s.start, s.end) for s in spans if s.label in (ORG, PER)])
    added: list[Span] = []
    for s in spans:
        if s.label != ORG or s.end - s.start < 3:
            continue
        tail = text[s.end - 2 : s.end]
        if tail in not_tails or not CJK_ONLY.match(tail):
            continue
        for a, b in (*_items_after(text, s.end), *_items_before(text, s.start)):
            if text.endswith(tail, a, b) and b - a > 2 and taken.find(1, a, b) < 0 and _named(text[a:b]):
                added.append(Span(a, b, ORG))
                taken[a:b] = b"\x01" * (b - a)
    if not added:
        return spans
    kept = [s for s in spans if s.label != LOC or not any(s.start < x.end and x.start < s.end for x in added)]
    return sorted([*kept, *added])


def _items_after(text: str, end: int) -> list[tuple[int, int]]:
    """The list items after the item ending at ``end``: each after a list mark (the last may follow 和, 及
    or 与 after one)."""
    out: list[tuple[int, int]] = []
    while text.startswith(LIST_MARK, end) or (out and text[end : end + 1] in "和及与"):
        m = ITEM.match(text, end + 1)
        if m is None:
            break
        out.append(m.span())
        end = m.end()
    return out


def _items_before(text: str, start: int) -> list[tuple[int, int]]:
    """The list items before the item starting at ``start``, each between list marks (the first after a
    clause mark)."""
    out: list[tuple[int, int]] = []
    while start > 0 and text[start - 1] == LIST_MARK:
        m = ITEM_BEFORE.search(text, max(0, start - 14), start - 1)
        if m is None:
            break
        out.append(m.span())
        start = m.start()
    return out


def _named(item: str) -> bool:
    """The item says which body: its first word a place, a name of jieba's dictionary or a word the
    dictionary lacks (``中国南方航空``, ``海南航空``, ``海口新大洲摩托车``; not ``商业银行``, one word of the
    dictionary), and no verb or function word in it (``包括…小学``, ``广东的东方乐园``, ``新建…中学``)."""
    words = cut(item)
    if len(words) == 1:
        return False  # one word of the dictionary: a kind of body (商业银行, 外国文学: jieba's nt)
    first = words[0]
    flag = word_flag(first)
    if not ((flag is None and len(first) > 1) or flag in NAME_FLAGS or is_place(first)):
        return False
    return not any(word_flag(w) in NOT_IN_NAME_FLAGS for w in words)
