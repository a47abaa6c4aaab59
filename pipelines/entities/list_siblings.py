"""Bodies listed beside a body of their kind: ``中国东方航空、中国南方航空、海南航空等航空公司``.

The tagger reads the first of a list of like names and misses the others (it read ``中国`` and ``海南`` as
places there): it learnt 1990s names, and a list item has no context of its own but its neighbours. An
item of a list (between list marks, or after the last one up to the clause's end or, where the item ends
like its neighbour, up to the clause's predicate: ``中国东方航空、|南方航空|将新开``) that ends with the same
word as an organisation listed beside it — the last two characters, a word of a name (``航空``, ``银行``,
``集团``; not the kinds of thing a list ends with, ``遗址``, ``公园``: ``lexicon.json`` ``list_siblings.not_tails``),
or whatever its end where 等 and a kind of body close the list (``恒瑞医药、百济神州等企业``: ``list_siblings.kinds``) —
is an organisation of its own, where no person or organisation of the tagger stands in it and it is a few
characters of Chinese script. A place the tagger read in it (``海南``) gives way.

A list closed by 等 and a kind of field or matter (``量子信息、深空探测等领域``: ``list_siblings.not_kinds``) holds
no body: the tagger's organisations that are whole items of it are dropped (:func:`no_bodies_in_lists`).

Persons the same way (:func:`persons_in_lists`): an item of two or three characters between list marks
with a person of the tagger on each side, or one of them and the list's end (``运动员汪顺、|叶诗文|出席``,
``李四光、|华罗庚|、茅以升``), starting with a surname, no common word and no place, is a person.
"""

from __future__ import annotations

import re

from pipelines.entities.filters import coverage, surnames
from pipelines.entities.jieba_tables import COMMON_WORD_FREQ, word_flag, word_freq
from pipelines.entities.lexicon import CJK_ONLY, ITEM_OPENERS, LIST_MARK, lexicon
from pipelines.entities.places import is_place
from pipelines.entities.recognizers import CONJUNCTIONS, LOC, ORG, PER, Span
from pipelines.entities.short_forms import without_legal_form
from pipelines.entities.word_edges import edges_of
from pipelines.segment import cut

ITEM_MAX_CHARS = 12  # an item's most characters
# an item of a list: Chinese characters up to the next list mark, conjunction or clause mark
ITEM = re.compile(rf"[\u4e00-\u9fff]{{2,{ITEM_MAX_CHARS}}}?(?=[、，。；：！？）)\s]|等|和|及|与|$)")
NAME_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})
# a verb, a particle, a preposition, a conjunction, a pronoun or an adverb: no word of a listed name
NOT_IN_NAME_FLAGS = frozenset({"v", "uj", "ul", "uz", "p", "c", "r", "d"})
# a name in a list of bodies may hold a verb's character (联影医疗), but no verb or numeral first (来自|美国)
FUNCTION_FLAGS = NOT_IN_NAME_FLAGS - {"v"}
FIRST_NOT_FLAGS = frozenset({"v", "m", "q"})
# one word of the dictionary that names a body in a list of bodies: an abbreviation or a proper noun
# (中联重科, 格力电器) unless a kind ends it (中小企业 j); its other one-word items are kinds (商业银行 nt,
# 外资企业 n, 高等院校 l)
ONE_WORD_NAME_FLAGS = frozenset({"j", "nz"})
ITEM_BEFORE = re.compile(rf"(?:^|(?<=[、，。；：！？（(\s]))[\u4e00-\u9fff]{{2,{ITEM_MAX_CHARS}}}$")
NOUN_AFTER_FLAGS = frozenset({"n", "nz"})  # a noun the list's closing kind modifies (no_bodies_in_lists)
# a verb in a list item among places says what a body does (places_among_places)
VERB_FLAGS = frozenset({"v", "vn"})
LIST_END = "，。；：！？）)\n "  # a clause mark after a list's last item
ITEM_LOOKAHEAD = 4  # characters segmented after a listed person's item to see where its last word ends


def bodies_in_lists(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with an organisation for each list item that ends like an organisation listed beside it
    (see the module's docstring); the places the tagger read inside such an item dropped."""
    if LIST_MARK not in text:
        return spans
    lex = lexicon()
    taken = coverage(len(text), [(s.start, s.end) for s in spans if s.label in (ORG, PER)])
    added: list[Span] = []
    for s in spans:
        if s.label != ORG or s.end - s.start < 2:
            continue
        tail = text[s.end - 2 : s.end]
        if s.end - s.start < 3 or tail in lex.list_sibling_not_tails or not CJK_ONLY.match(tail):
            tail = ""  # a name of two (美团), a kind's word (遗址, 公园) or no Chinese: no sibling by its end
        after = _items_after(text, s.end)
        if tail:  # the list's last item before its clause's predicate (中国东方航空、|南方航空|将新开)
            last = _last_item_by_tail(text, after[-1][1] if after else s.end, tail)
            after = [*after, last] if last is not None else after
            if last is None and after and _runs_to_clause_end(text, *after[-1], tail):
                # the last item read up to the clause's mark holds the predicate: 、|网易公司|负责人列席会议。
                cut_item = _up_to_tail(text, after[-1][0], tail)
                after = [*after[:-1], cut_item] if cut_item is not None else after
        # a list closed by 等 and a kind of body (恒瑞医药、百济神州等企业): any item is one, whatever its end
        of_bodies = lex.list_kinds_re.match(text, after[-1][1] if after else s.end) is not None
        for a, b in (*after, *_items_before(text, s.start)):
            if (
                b - a > 2
                and taken.find(1, a, b) < 0
                and _a_sibling(text[a:b], tail, of_bodies, text[b : b + 1])
            ):
                added.append(Span(a, b, ORG))
                taken[a:b] = b"\x01" * (b - a)
    if not added:
        return spans
    kept = [s for s in spans if s.label != LOC or not any(s.start < x.end and x.start < s.end for x in added)]
    return sorted([*kept, *added])


def no_bodies_in_lists(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the organisations that are items of a list closed by 等 and a kind of field, sector
    or matter (``量子信息、深空探测等领域``: ``list_siblings.not_kinds``; not where a noun follows the kind,
    等专业|报刊): a whole item (after a list or clause mark; not 共商中国加入|ＷＴＯ|、…等问题), right before
    the list's next mark or its close."""
    if "等" not in text:
        return spans
    lex = lexicon()
    kept: list[Span] = []
    for s in spans:
        if (
            s.label == ORG
            and (s.start == 0 or text[s.start - 1] in ITEM_OPENERS)
            and (text.startswith(LIST_MARK, s.end) or text.startswith("等", s.end))
        ):
            after = _items_after(text, s.end)
            close = lex.list_not_kinds_re.match(text, after[-1][1] if after else s.end)
            if close is not None and not _noun_after(text, close.end()):
                continue
        kept.append(s)
    return kept


def places_among_places(text: str, spans: list[Span], places: list[Span]) -> list[Span]:
    """``spans`` without the organisations that are list items among places and hold no body's suffix
    (``英吉利、德意志、法兰西、奥大利、意大利``: countries' old names the tagger read as bodies): each item next to it
    in the list a place, and two of the two items on each side (:func:`_places_beside`). A body the lexicon
    names stays (``中国、日本、东盟、韩国``), as does a name with a suffix (``大亚湾核电站``, ``欧洲航天局``: msra-train,
    msra-dev and People's Daily 1998 hold 6 gold organisations between two places so, each with its suffix) or
    a verb saying what the body does (``中国大熊猫繁育研究基地``)."""
    if LIST_MARK not in text or not places:
        return spans
    bodies = coverage(len(text), [(s.start, s.end) for s in spans if s.label == ORG])
    # a place the step reads as a body too is none here (山东泰山、上海申花、武汉三镇: clubs)
    only = [p for p in places if not any(bodies[p.start : p.end])]
    by_end = {p.end: p.start for p in only}
    by_start = {p.start: p.end for p in only}
    lex = lexicon()
    kept: list[Span] = []
    for s in spans:
        if s.label == ORG and _places_beside(text, s.start, s.end, by_end, by_start) >= 2:
            name = text[s.start : s.end]
            if (
                lex.suffix_of(name) is None
                and name not in lex.known_bodies
                and name not in lex.in_list_names
                and not any(word_flag(w) in VERB_FLAGS for w in cut(name))
            ):
                continue
        kept.append(s)
    return kept


def _places_beside(text: str, a: int, b: int, by_end: dict[int, int], by_start: dict[int, int]) -> int:
    """How many of the two list items before ``text[a:b]`` and the two after it are places, counted outwards
    while they are; 0 where an item right next to it is no place."""
    count = 0
    at = a
    while count < 2 and text[at - 1 : at] == LIST_MARK:
        if at - 1 not in by_end:
            if at == a:
                return 0  # the item right before is no place
            break
        at = by_end[at - 1]
        count += 1
    on_left = count
    at = b
    while count - on_left < 2 and text.startswith(LIST_MARK, at):
        if at + 1 not in by_start:
            if at == b:
                return 0  # the item right after is no place
            break
        at = by_start[at + 1]
        count += 1
    return count


def _noun_after(text: str, at: int) -> bool:
    """A noun right after ``at``: the kind before it is its modifier (等专业|报刊, 等技术|企业), not the list's
    kind."""
    words = cut(text[at : at + ITEM_LOOKAHEAD])
    return bool(words) and word_flag(words[0]) in NOUN_AFTER_FLAGS


def _items_after(text: str, end: int) -> list[tuple[int, int]]:
    """The list items after the item ending at ``end``: each after a list mark (the last may follow 和, 及
    or 与 after one), up to a list mark, a conjunction or a clause mark, or a name of in_lists."""
    out: list[tuple[int, int]] = []
    while text.startswith(LIST_MARK, end) or (out and text[end : end + 1] in CONJUNCTIONS):
        # the last item may be a name of in_lists before a verb (、|武汉三镇|将在首轮)
        m = ITEM.match(text, end + 1) or lexicon().in_list_name_re.match(text, end + 1)
        if m is None:
            break
        out.append(m.span())
        end = m.end()
    return out


def _last_item_by_tail(text: str, end: int, tail: str) -> tuple[int, int] | None:
    """The item after the list mark at ``end`` where no list mark, conjunction or clause mark closes it: up to
    the first ``tail`` (a listed body's last two characters) that a verb or a clause's adverb follows as a
    word (中国东方航空、|南方航空|将新开多条航线), or None."""
    if not text.startswith(LIST_MARK, end) or ITEM.match(text, end + 1) is not None:
        return None
    return _up_to_tail(text, end + 1, tail)


def _runs_to_clause_end(text: str, a: int, b: int, tail: str) -> bool:
    """The list item ``text[a:b]`` is closed by a clause mark and holds ``tail`` before its end, not at it."""
    return text[b : b + 1] in LIST_END and not text.endswith(tail, a, b) and text.find(tail, a + 1, b) > 0


def _up_to_tail(text: str, start: int, tail: str) -> tuple[int, int] | None:
    """The item from ``start`` up to the first ``tail`` that a verb, a clause's adverb or a body's post
    follows as a word, or None (:func:`_last_item_by_tail`)."""
    # the item, up to the tail's end, at most ITEM_MAX_CHARS characters
    k = text.find(tail, start + 1, start + ITEM_MAX_CHARS)
    if k < 0 or not CJK_ONLY.match(text[start:k]):
        return None
    b = k + len(tail)
    lex = lexicon()
    if lex.list_sibling_post_re.match(text, b) is None:  # a body's post ends it as a verb does (|负责人列席)
        words = cut(text[b : b + ITEM_LOOKAHEAD])
        if not words or not (words[0] in lex.clause_adverbs or (word_flag(words[0]) or "").startswith("v")):
            return None
    return (start, b) if b in edges_of(text, start, min(len(text), b + ITEM_LOOKAHEAD)) else None


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


def _a_sibling(item: str, tail: str, of_bodies: bool, after: str) -> bool:
    """A list item beside an organisation ending with ``tail`` is one too: it ends so and says which body,
    or the list is one of bodies and it names one, or it is a name of ``current_names.in_lists`` or a body
    the tables name (南方航空, a form of 中国南方航空) before a list mark or the list's end (山东泰山、|上海申花:
    a club, not the mountain, beside one; not 中国石油|和化学工业联合会, one name)."""
    if tail and item.endswith(tail) and (_named(item) or _listed_company(item)):
        return True
    if of_bodies and _listed_body(item):
        return True
    lex = lexicon()
    return after not in CONJUNCTIONS and (item in lex.in_list_names or lex.is_listed_body(item))


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


def _listed_company(item: str) -> bool:
    """A listed company named with a legal form, one word to jieba (网易公司: 网易 and its 公司)."""
    core = without_legal_form(item)
    return core != item and lexicon().is_listed_company(core)


def _listed_body(item: str) -> bool:
    """An item of a list of bodies names one: more than one word (or an abbreviation or proper noun of the
    dictionary, 中联重科), no place alone, no verb or numeral word first,
    no function word, and not a kind of body itself (``联影医疗``, ``百济神州``; not ``外资企业``, ``科研院所``,
    ``来自美国``)."""
    words = cut(item)
    kinds = lexicon().list_kinds_re
    if len(words) == 1 and (
        word_flag(item) not in ONE_WORD_NAME_FLAGS
        or any(kinds.fullmatch("等" + item[k:]) for k in range(1, len(item)))
    ):
        return False  # 外资企业, 商业银行, 中小企业 (j): kinds of body (中联重科, an abbreviation, is one)
    if is_place(item) or kinds.fullmatch("等" + words[-1]):
        return False
    if len(words[0]) > 1 and word_flag(words[0]) in FIRST_NOT_FLAGS:
        return False  # 来自|美国, 第一|历史档案馆: a verb or a numeral first (联|影|医疗: a name's character)
    return not any(word_flag(w) in FUNCTION_FLAGS for w in words)


def persons_in_lists(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a person for each untagged list item between persons of the tagger (see the
    module's docstring): after a person and a list mark, where a person follows it after the next list
    mark, or the list ends with it (a clause mark, 等, or a verb)."""
    if LIST_MARK not in text:
        return spans
    ends = {s.end for s in spans if s.label == PER}
    starts = {s.start for s in spans if s.label == PER}
    taken = coverage(len(text), [(s.start, s.end) for s in spans])
    added: list[Span] = []
    for end in sorted(ends):
        if not text.startswith(LIST_MARK, end):
            continue
        a = end + 1
        for b in (a + 3, a + 2):
            if b > len(text) or not CJK_ONLY.match(text[a:b]) or taken.find(1, a, b) >= 0:
                continue
            if _item_ends(text, b, starts) and _a_name(text[a:b]) and _word_edge(text, a, b):
                added.append(Span(a, b, PER))
                taken[a:b] = b"\x01" * (b - a)
                break
    return sorted([*spans, *added]) if added else spans


def _item_ends(text: str, b: int, person_starts: set[int]) -> bool:
    """A list item ends at ``b``: a list mark and a person of the tagger after it, or the list's end — a
    clause mark, 等, the text's end, or a verb (出席, 参加)."""
    after = text[b : b + 1]
    if after == LIST_MARK:
        return b + 1 in person_starts
    if not after or after in LIST_END or after == "等":
        return True
    words = cut(text[b : b + 6])
    return bool(words) and (word_flag(words[0]) or "").startswith("v")


def _word_edge(text: str, a: int, b: int) -> bool:
    """The segmentation of the item and what follows ends a word at ``b`` (not 南非总|统, 文艺复|兴)."""
    return b in edges_of(text, a, min(len(text), b + ITEM_LOOKAHEAD))


def _a_name(item: str) -> bool:
    """A surname first, no common word (远征, 句号; a person's name the dictionary knows, 华罗庚, is one)
    and no place."""
    common = word_freq(item) >= COMMON_WORD_FREQ and not (word_flag(item) or "").startswith("nr")
    return item[0] in surnames() and not common and not is_place(item)
