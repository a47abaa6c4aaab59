"""Tokens for the suffix grammar from the CRF tagger: each ORG/PER/LOC span of the model is one token
tagged with its label (as LAC tagged its entities), the text between them is segmented by jieba with
each word's dictionary POS flag (no HMM POS pass: the model already found the names)."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from pipelines.entities.datelines import DATELINE_DAY, DATELINE_END
from pipelines.entities.filters import LATIN, coverage, cuts_word_on_the_right, ends_a_body
from pipelines.entities.jieba_tables import COMMON_WORD_FREQ, word_flag, word_freq
from pipelines.entities.known_names import with_places_before
from pipelines.entities.known_persons import known_person_spans, with_current_persons
from pipelines.entities.lexicon import NAME_DOTS, lexicon, names_re
from pipelines.entities.national_bodies import joint_parts, listed_body
from pipelines.entities.places import (
    is_admin_place,
    is_place_stem,
    starts_with_admin_place,
    starts_with_place,
)
from pipelines.entities.recognizers import LOC, ORG, PER, Recognizer, Span, Token, repair_tokens
from pipelines.entities.tagger import Entity, Tagger, default_tagger
from pipelines.segment import cut

DIGITS = re.compile(r"^[0-9０-９.．%％]+$")
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
# A numbered session inside a span: 第十次 (全国代表大会), never part of a body's name.
NUMBERED_MEETING = re.compile(r"第[一二三四五六七八九十百零〇\d０-９]+次")
PAIRED_MARKS = ("“”", "《》", "「」", "『』", "（）", "()", "【】")
SPLIT_BODY_KINDS = frozenset({"government", "party"})  # current names read whole as tokens (_split_bodies)
# Inside a name: never a clause's punctuation or a line break (合肥: 合肥工业大学出版社, 王小明. 物流研究)…
CLAUSE_STOP = re.compile(r"[，。；：、！？,;:!?\n\r\t]")
# … nor a space, comma or full stop next to a Chinese character (中新社记者 杜洋 摄); Star Music keeps its space.
# (inside the span: one at its first or last character is left to the edge repairs, 李四.)
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[\s,.](?=.)|(?<=.)[\s,.](?=[\u4e00-\u9fff])", re.S)


def balanced(name: str) -> bool:
    """No quotation, title mark or bracket opened or closed without its pair (“普惠托育·科学育儿 is
    a slogan cut in the middle, not a name)."""
    return all(name.count(pair[0]) == name.count(pair[1]) for pair in PAIRED_MARKS)


@functools.lru_cache(maxsize=1 << 16)
def _flag(word: str) -> str:
    """The POS flag a word of the text gets (cached: news repeats its words)."""
    lex = lexicon()
    if word[0] in lex.relative_levels and lex.relative_re.fullmatch(word):
        return "nt"  # 市政府, 省委: a relative reference to a body (resolved with the story's place)
    flag = word_flag(word)
    if flag is not None:
        # one character jieba calls a name (司, 局: surnames too) is no person where the model saw none
        if flag.startswith("nr") and (len(word) == 1 or _a_body_word(word)):
            return "n"
        return flag
    if DIGITS.match(word):
        return "m"
    if CJK_WORD.match(word):
        return "n" if len(word) > 1 else "x"  # an unknown word (jieba's HMM found it): a noun
    return "x"


def _a_body_word(word: str) -> bool:
    """A word jieba's dictionary calls a person's name that is a kind of body where the model saw no person
    (天文台, 幼儿园, 塔斯社): three characters or more, a suffix at its end, none of the commonest surnames
    (``surnames.commonest``) at its start, no master's title (弘一法师: ``person_title_endings``) — 533 of jieba's
    names, a few of them persons still (丰川悦司), which stay persons where the model tags them."""
    lex = lexicon()
    return (
        len(word) >= 3
        and word[0] not in lex.commonest_surnames
        and lex.suffix_of(word) is not None
        and not word.endswith(lex.person_title_endings)
    )


def after_dateline(text: str, e: Entity) -> Entity:
    """The part of the model's span after a dateline's last word and the space that ends it (央广网北京8月11日
    |消息 最高人民检察院|: the tagger runs the dateline's 消息 into the name after it), else the span."""
    m = DATELINE_END.search(text, e.start, e.end)
    if m is None or e.end - m.end() < 2:
        return e
    return Entity(m.end(), e.end, e.label)


def outlet_and_place(text: str, e: Entity) -> list[Entity]:
    """An outlet's name and its dateline's place the model read as one name (央广网喀什|11月4日消息, a person
    at 央广网延吉; a county-level city by its short name, 央广网义乌): the outlet (``known_names``) and the place,
    else the span."""
    m = lexicon().known_name_re.match(text, e.start, e.end)
    if m is None or m.end() >= e.end - 1:
        return [e]
    if not is_place_stem(text[m.end() : e.end]):
        return [e]
    if DATELINE_DAY.match(text, e.end) is None:
        return [e]
    return [Entity(e.start, m.end(), ORG), Entity(m.end(), e.end, LOC)]


def crosses_boundary(text: str, e: Entity) -> bool:
    """The model's span runs over a clause boundary inside it, or cuts a Latin word at an edge
    (ierra俱乐部, JK Enterta) or a name at its middle dot (普惠托育·): no name. The model learnt names
    from Chinese news sentences and strays over reference lists, captions and Latin script; the text
    there is segmented by jieba instead. A stop or gap right at an edge is the edge repairs' business
    (李四.)."""
    name = text[e.start : e.end]
    if CLAUSE_STOP.search(name, 1, len(name) - 1) or CJK_GAP.search(name):
        return True
    if name[0] in NAME_DOTS or name[-1] in NAME_DOTS:
        return True  # half of a foreign name, or of a slogan read as one
    if e.start > 0 and LATIN.match(text[e.start - 1]) and LATIN.match(name[0]):
        return True
    return e.end < len(text) and bool(LATIN.match(text[e.end])) and bool(LATIN.match(name[-1]))


def org_post_rules(text: str, e: Entity) -> list[Entity]:
    """What an ORG entity of the model stands for, after these checks:

    - a quotation or bracket opened or closed without its pair: no name (“普惠托育·科学育儿);
    - its last character makes a common word with the next one while its own last two are no word:
      no name (…研究部|署);
    - a numbered meeting glued on: the body before it (中国作家协会|第十次全国代表大会);
    - a suffix word that begins a common phrase with the words after it: the body before it
      (市委|中心工作, ``not_after_word``);
    - a group named after a person (潘建伟团队, ``lexicon.json``: person_groups): the person;
    - a clause glued after a whole body, a verb first (成都市人民政府|联合印发人才) or an adverb and a
      verb (内蒙古农业大学|将建设奶业研究中心): the body.
    """
    name = text[e.start : e.end]
    if not balanced(name) or cuts_word_on_the_right(text, e.end, e.start):
        return []  # “普惠托育·科学育儿 (a slogan cut in the middle); 天津市政府召开常务会议研究部|署
    m = NUMBERED_MEETING.search(name, 2)
    if m is not None:
        return [Entity(e.start, e.start + m.start(), ORG)]
    post = _post_inside(name)
    if post is not None:  # 白宫|新闻秘书|莱维特: the body, and the person holding the post
        return [Entity(e.start, e.start + post[0], ORG), Entity(e.start + post[1], e.end, PER)]
    phrase = _phrase_at_end(text, e)
    if phrase:  # 市委|中心|工作: 中心 begins a phrase (中心工作), the name is what came before
        return [Entity(e.start, e.end - phrase, ORG)] if e.end - phrase - e.start >= 2 else []
    words = cut(name)
    acts = _clause_after_body(name, words)
    if acts:  # 成都市人民政府|联合|印发人才: the body, then what it did
        return [Entity(e.start, e.start + acts, ORG)]
    if _ends_in_a_verb(name, words):  # 宁波舟山港|集装箱|吞吐量|突破: a clause, no name
        return []
    group = next((g for g in lexicon().person_groups if name.endswith(g)), None)
    if group is not None:
        person = name[: -len(group)]
        ok = 2 <= len(person) <= 4 and CJK_WORD.match(person)
        return [Entity(e.start, e.end - len(group), PER)] if ok else []
    return [e]


def _clause_after_body(name: str, words: list[str]) -> int:
    """Where a body the model's organisation opens with ends and a clause starts (:func:`_act_after_body`,
    else :func:`_predicate_after_body`; ``words``: the name cut, one segmentation for both); 0 for none."""
    return _act_after_body(name, words) or _predicate_after_body(name, words)


def _ends_in_a_verb(name: str, words: list[str]) -> bool:
    """The model's organisation is three words or more, the last a verb of two characters or more (jieba's
    ``v`` or ``vn``), and no suffix ends it or a word of it: a clause (宁波舟山港|集装箱|吞吐量|突破). msra-train,
    msra-dev and People's Daily 1998: 4 of 31,411 gold organisations so read (朔黄铁路资金|联行, 东京商工企业|调查),
    once the verbs that end names are left out (``verb_name_endings``: 国际红十字组织, 通程控股, 解放巴勒斯坦运动)."""
    lex = lexicon()
    if len(name) < 6 or lex.suffix_of(name) is not None:
        return False
    last = words[-1]
    if len(words) < 3 or len(last) < 2 or word_flag(last) not in VERB_FLAGS or last in lex.verb_name_endings:
        return False
    return not any(lex.suffix_of(w) is not None for w in words[:-1])


# jieba's flags of the verb and of the last word of a clause glued after a body (办公室|启动|防汛): a verb that
# is a noun too (vn) opens one only where the name also ends in a verb; a unit's name ends in a noun
# (公安局|预审|股, 电器厂|运输|班: 4 of msra-train's and People's Daily 1998's 30,371 gold organisations)
VERB_FLAGS = frozenset({"v", "vn"})


def _act_after_body(name: str, words: list[str]) -> int:
    """Where a body the model's organisation opens with ends, a verb of two characters or more and more
    words after it (成都市人民政府|联合|印发人才; a ``vn`` verb before a verb, 国家防汛抗旱总指挥部办公室|启动|防汛),
    where the whole ends in no body's suffix and no suffix follows the verb (澳门街坊会|联合|总会: a federation);
    0 for none. ``words``: the name cut. msra-train and People's
    Daily 1998: 1 of 30,371 gold organisations so read (四川彭山仁德彩印厂|翻印…有功集体, an award's
    collective)."""
    lex = lexicon()
    if len(name) < 7 or lex.suffix_of(name) is not None:
        return 0
    suffixes = lex.suffix_kind
    ends_in_verb = word_flag(words[-1]) in VERB_FLAGS
    at = len(words[0])
    for i in range(1, len(words) - 1):
        w = words[i]
        flag = word_flag(w)
        if (
            at >= 4
            and len(w) >= 2
            and (flag == "v" or (flag == "vn" and ends_in_verb))
            and words[i + 1] not in suffixes  # 澳门街坊会|联合|总会|组织: the verb opens the body's suffix
            and ends_a_body(name[:at])
        ):
            return at
        at += len(w)
    return 0


def _predicate_after_body(name: str, words: list[str]) -> int:
    """Where a whole body the model's organisation opens with ends, an adverb of ``clause_adverbs`` and a
    verb after it (内蒙古农业大学|将|建设|奶业研究中心, 全国妇女联合会|还|联合|农业部); 0 for none.
    ``words``: the name cut. The whole may end in a suffix: the predicate's object is another body or a kind
    of one."""
    adverbs = lexicon().clause_adverbs
    at = len(words[0])
    for i in range(1, len(words) - 1):
        if (
            words[i] in adverbs
            and at >= 2
            and (word_flag(words[i + 1]) or "").startswith("v")
            and ends_a_body(name[:at])
        ):
            return at
        at += len(words[i])
    return 0


def _post_inside(name: str) -> tuple[int, int] | None:
    """(start, end) of a post (``titles``) inside the model's organisation with a name of two to four
    characters after it that is no body and no common word (白宫|新闻秘书|莱维特), or None."""
    lex = lexicon()
    if lex.title_re.search(name, 2) is None:
        return None  # most names: no post inside, no loop over the titles
    for title in lex.titles:
        at = name.find(title, 2)
        if at < 0:
            continue
        rest = name[at + len(title) :]
        if (
            2 <= len(rest) <= 4
            and CJK_WORD.match(rest)
            and not any(c in lex.suffix_last_chars for c in rest)  # 中国体育记者|协会组织: the name goes on
            and word_freq(rest) < COMMON_WORD_FREQ
        ):
            return at, at + len(title)
        return None
    return None


def _phrase_at_end(text: str, e: Entity) -> int:
    """The length of the suffix word that ends the span and, with the words after it, forms a common
    phrase (``not_after_word``: 中心 + 工作), or 0."""
    lex = lexicon()
    suffix = lex.suffix_of(text[e.start : e.end])  # the longest: 委员会, not 会 (委员会|上 is a body)
    # a one-character suffix (国会|议员, 议会|上下两院) is the model's call: it reads those right
    if suffix is not None and len(suffix) >= 2 and text.startswith(lex.not_after_word.get(suffix, ()), e.end):
        return len(suffix)
    return 0


def _joint_bodies(text: str, e: Entity) -> list[Entity]:
    """``中共中央 国务院``: two listed bodies read by the tagger as one organisation are two (a space between
    them no longer drops both: :func:`national_bodies.joint_parts`)."""
    return [Entity(a, b, ORG) for a, b in joint_parts(text, e.start, e.end)] if e.label == ORG else [e]


def _short_forms(text: str, ents: list[Entity], words: list[str]) -> list[Entity]:
    """Known short forms of three or more characters (住建局, 发改委) and today's bodies of the state and
    the Party that jieba's dictionary does not hold whole (农业|农村部, 生态环境|部: :func:`_split_bodies`,
    where they start and end words) outside the model's entities, as organisation-word tokens (jieba's
    flag ``nt``): jieba cuts them into parts (住|建|局), which the grammar cannot extend (广州市住建局) or
    reads as a name of their last part (农村部|市场信息司)."""
    found = []
    # a mask: a body named on every line stays linear
    inside = coverage(len(text), [(e.start, e.end) for e in ents])
    for m in lexicon().abbreviation_re.finditer(text):
        if m.end() - m.start() >= 3 and inside.find(1, m.start(), m.end()) < 0:
            found.append(Entity(m.start(), m.end(), "nt"))
    split = _split_bodies()
    edges: set[int] | None = None
    for m in split.finditer(text):
        if inside.find(1, m.start(), m.end()) >= 0:
            continue
        if edges is None:
            edges = set(accumulate(map(len, words), initial=0))
        if m.start() in edges and m.end() in edges:
            found.append(Entity(m.start(), m.end(), "nt"))
    return found


@functools.cache
def _split_bodies() -> re.Pattern[str]:
    """Today's bodies of the state and the Party (``lexicon.json`` current_names, a government's or a
    party's suffix) of three or more characters that jieba cuts into words (农业农村部, 国家能源局) and that
    are no known short form (those :func:`_short_forms` finds already), longest first."""
    lex = lexicon()
    names = [
        w
        for w in lex.current_bodies
        if len(w) >= 3
        and lex.kind_of(w) in SPLIT_BODY_KINDS
        and w not in lex.abbreviations
        and len(cut(w)) > 1
    ]
    return names_re(names)


def _after_admin_place(text: str, ents: list[Entity], e: Entity) -> bool:
    """The last of ``ents`` is a place of China's administration right before ``e`` (浙江省|科技厅)."""
    if not ents:
        return False
    last = ents[-1]
    return last.label == LOC and last.end == e.start and is_admin_place(text[last.start : last.end])


class ModelTokenizer:
    """Text -> tokens with offsets; remembers the last text so several users share one tagger pass."""

    def __init__(self, tagger: Tagger | None = None) -> None:
        self._tagger = tagger
        self._last: tuple[str, list[Entity], list[Token]] | None = None

    def entities(self, text: str) -> list[Entity]:
        return self._run(text)[0]

    def __call__(self, text: str) -> list[Token]:
        return self._run(text)[1]

    def persons(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of the persons among :meth:`entities`."""
        return [(e.start, e.end) for e in self._run(text)[0] if e.label == PER]

    def _run(self, text: str) -> tuple[list[Entity], list[Token]]:
        last = self._last
        if last is not None and last[0] == text:
            return last[1], last[2]
        tagger = self._tagger or default_tagger()
        ents: list[Entity] = []
        lex = lexicon()
        body_endings = lex.body_endings
        parts = (part for whole in tagger.entities(text) for part in _joint_bodies(text, whole))
        for e in (piece for part in parts for piece in outlet_and_place(text, part)):
            e = after_dateline(text, e)
            if crosses_boundary(text, e):
                continue
            if e.label == LOC and (
                text.endswith(body_endings, e.start + 1, e.end)
                or listed_body(text[e.start : e.end])
                or (
                    text.endswith(lex.department_endings, e.start + 2, e.end)
                    and _after_admin_place(text, ents, e)
                )
            ):
                e = Entity(e.start, e.end, ORG)  # 法新社|罗马19日电: a news agency read as a place
            ents.extend(org_post_rules(text, e) if e.label == ORG else [e])
        words = cut(text)
        ents = with_current_persons(text, ents, words)
        known = known_person_spans(text, [(e.start, e.end) for e in ents], words)
        if known:
            ents = sorted([*ents, *(Entity(a, b, PER) for a, b in known)])
        tokens = repair_tokens(self._tokens(text, sorted([*ents, *_short_forms(text, ents, words)]), words))
        self._last = (text, ents, tokens)
        return ents, tokens

    def _tokens(self, text: str, ents: list[Entity], words: list[str]) -> list[Token]:
        """jieba's words (one pass over the text, dictionary only: the model found the names), each
        entity of the model one token in their place (words it cuts are cut at its edges)."""
        inside = bytearray(len(text))
        at: dict[int, Entity] = {}
        end = 0
        for e in ents:
            if e.start >= end:  # overlapping entities: the first one
                at[e.start] = e
                inside[e.start : e.end] = b"\x01" * (e.end - e.start)
                end = e.end
        tokens: list[Token] = []
        pos = 0
        glued = lexicon().standalone_suffixes
        for w in words:
            p, q = pos, pos + len(w)
            pos = q
            if inside.find(1, p, q) < 0:  # no entity in the word (most words): the word itself
                if q - p >= 2 and w[0] in glued:
                    self._word(w, p, tokens)
                else:
                    tokens.append(Token(p, q, w, _flag(w)))
                continue
            i = p
            while i < q:
                j = i + 1
                if inside[i]:
                    ent = at.get(i)
                    if ent is not None:
                        tokens.append(Token(ent.start, ent.end, text[ent.start : ent.end], ent.label))
                    while j < q and inside[j] and j not in at:
                        j += 1
                else:
                    while j < q and not inside[j]:
                        j += 1
                    self._word(text[i:j], i, tokens)
                i = j
        return tokens

    @staticmethod
    def _word(w: str, pos: int, out: list[Token]) -> None:
        if len(w) >= 2 and w[0] in lexicon().standalone_suffixes and not word_freq(w):
            # a suffix glued to what follows: 发展 司原 (一级巡视员) -> 发展 司 原
            out.append(Token(pos, pos + 1, w[0], "n"))
            out.append(Token(pos + 1, pos + len(w), w[1:], _flag(w[1:])))
        else:
            out.append(Token(pos, pos + len(w), w, _flag(w)))


class ModelRecognizer:
    """ORG and PER spans of the CRF model (its LOC spans: :meth:`places`)."""

    name = "crf"

    def __init__(self, tokenizer: ModelTokenizer | None = None) -> None:
        self.tokenizer = tokenizer or ModelTokenizer()

    def spans(self, text: str) -> list[Span]:
        return [Span(e.start, e.end, e.label) for e in self.tokenizer.entities(text) if e.label in (ORG, PER)]

    def places(self, text: str) -> list[Span]:
        return [Span(e.start, e.end, e.label) for e in self.tokenizer.entities(text) if e.label == LOC]


class AnchoredGrammar:
    """The suffix grammar's spans that lean on something: a model ORG or LOC entity inside
    (国家卫生健康委 + 人口监测与家庭发展司, 山东 + 成山橡胶集团), a head word or administrative place at
    the start (中国…, 济南市…), a known short or relative form (纪委, 市政府, 工信部), a paper's
    name (示例日报: media suffixes), or a coordinated department it starts inside (文化和|旅游部资源开发司:
    read from the department's start). The rest
    (大山深处, 家庭工厂: a noun before a one-character suffix) is left out."""

    name = "grammar-anchored"

    def __init__(self, grammar: Recognizer, tokenizer: ModelTokenizer) -> None:
        self.grammar = grammar
        self.tokenizer = tokenizer

    def spans(self, text: str) -> list[Span]:
        anchors = [e for e in self.tokenizer.entities(text) if e.label in (ORG, LOC)]
        starts = [e.start for e in anchors]
        departments = [m.span() for m in lexicon().department_re.finditer(text)]
        out: list[Span] = []
        for s in self.grammar.spans(text):
            # a unit read from a department's second portfolio on (文化和|旅游部资源开发司): the department's
            start = next((a for a, b in departments if a < s.start < b <= s.end), s.start)
            if start < s.start:
                # with its places (福建省|发展和|改革委员会能源处), as the department is read alone
                out.append(Span(with_places_before(text, start), s.end, s.label))
                continue
            i = bisect_left(starts, s.start)
            inside = any(anchors[j].end <= s.end for j in range(i, bisect_right(starts, s.end - 1)))
            if inside or _anchored_name(text[s.start : s.end]):
                out.append(s)
        return out


def _anchored_name(name: str) -> bool:
    lex = lexicon()
    if name in lex.bare_bodies or name in lex.standalone_names or name in lex.abbreviations:
        return True
    if listed_body(name):
        return True  # 招商银行: a body the tables list, whatever its first word (招商 'to invite business')
    if _split_bodies().match(name):
        return True  # 农业农村部|市场信息司: a unit of one of today's bodies, whose first word is a field
    for known in (lex.abbreviation_re, lex.current_name_re):
        short = known.match(name)
        if short is not None and short.end() >= 3 and len(name) > short.end() and listed_body(short.group()):
            return True  # 证监会|上市公司监管司: a unit of a national body known by its short form
    if (
        lex.relative_re.fullmatch(name)
        or starts_with_admin_place(name)
        or starts_with_place(name, abroad=True)
    ):
        return True
    if lex.kind_of(name) == "media":
        return True  # 示例日报(讯): a paper's name is a plain noun before its suffix
    return any(name.startswith(h) for h in lex.heads if len(h) >= 2)
