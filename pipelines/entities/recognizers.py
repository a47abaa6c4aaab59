"""Recognisers of organisation (``ORG``) and person (``PER``) spans in Chinese text.

One small interface, :class:`Recognizer` (``spans(text) -> list[Span]``); the statistical core is the
character CRF of :mod:`pipelines.entities` (``ModelRecognizer``); here:

- :class:`GrammarRecognizer` — a grammar for Chinese institutional names over segmented, POS-tagged
  tokens: a suffix (委员会, 协会, 医院, 局 …) closes a name; the left edge is the leftmost "head"
  (place, proper name, organisation, 中国/国家/省/市 …) reached through name-like tokens, found by
  segmentation (jieba, or the model's tokens), never a fixed window.
- :class:`UnionRecognizer` — the union of several recognisers, longest span winning.

Nothing here downloads anything.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, runtime_checkable

from pipelines.entities.filters import familiar_surname, in_transcription_characters, surnames
from pipelines.entities.jieba_tables import (
    COMMON_WORD_FREQ,
    common_word_across,
    quiet_jieba,
    word_flag,
    word_freq,
)
from pipelines.entities.lexicon import CJK_ONLY, ORDINAL_TOKEN, TERM_TOKEN, lexicon
from pipelines.entities.places import is_admin_place

log = logging.getLogger(__name__)

ORG = "ORG"
PER = "PER"
LOC = "LOC"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    label: str  # ORG or PER (LOC: places, from the model)

    def __len__(self) -> int:
        return self.end - self.start


class Token(NamedTuple):  # a tuple: the tokenizer makes one per word of every text
    start: int
    end: int
    word: str
    pos: str  # the model's ORG, PER, LOC, or jieba flags (n, ns, nt, nr …)


@runtime_checkable
class Recognizer(Protocol):
    name: str

    def spans(self, text: str) -> list[Span]: ...


Tokenizer = Callable[[str], list[Token]]


def places_of(recognizer: Recognizer, text: str) -> list[Span]:
    """The LOC spans a recogniser finds (its optional ``places(text)``); none when it has no such method."""
    places = getattr(recognizer, "places", None)
    return list(places(text)) if callable(places) else []


# ------------------------------------------------------------------------------------------- jieba


class JiebaTokenizer:
    """jieba's POS segmenter (flags: ns place, nt organisation, nr person, nz proper noun …)."""

    def __init__(self) -> None:
        quiet_jieba()
        from jieba import posseg

        self._cut = posseg.dt.cut

    def __call__(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        pos = 0
        for pair in self._cut(text):
            w = pair.word
            tokens.append(Token(pos, pos + len(w), w, pair.flag))
            pos += len(w)
        return repair_tokens(tokens)


# ----------------------------------------------------------------------------------------- grammar

# POS tags (LAC and jieba) of tokens that may stand inside a name.
NOUN_FLAGS = frozenset({"n", "vn"})  # a set phrase ending in one of these names a unit's field
NAME_POS = frozenset({"n", "nz", "nw", "vn", "an", "a", "b", "j", "ng", "nrt", "LOC", "ORG", "ns", "nt", "s"})
# POS tags of tokens that can start a name (places, organisations, proper nouns, abbreviations).
HEAD_POS = frozenset({"LOC", "ORG", "ns", "nt", "nz", "j", "nrt"})
PLACE_POS = frozenset({"LOC", "ns"})
PLACE_WORD_POS = PLACE_POS | {"s"}  # and jieba's place words (海口 'a seaport', the city too)
ORG_POS = frozenset({"ORG", "nt"})
PERSON_POS = frozenset({"PER", "nr", "nrfg"})
# The rest of a post whose first character also ends the body before it (教育部|长): no word of a name.
POST_REST = "post-rest"
# A numbered party congress: 十五大, 党的二十大 (not 十大 "top ten", not 十五大学).
PARTY_CONGRESS = re.compile(
    r"(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大(?![学街道厦楼型量批众家师小多概会])"
)
# A real time expression (digits, calendar words): never inside a name.
TIME_WORD = re.compile(r"[\d０-９年月日号时分秒点周今昨明前后初末]")
CONJUNCTIONS = frozenset({"与", "和", "及"})
MAX_NAME_TOKENS = 12
# a place word ending in a level (郊区 'the suburbs', 城区) is no place's name, though a district may be so called
LEVEL_ENDINGS = ("区", "县", "市", "镇", "乡")
IZATION = "化"  # 一体化, 自动化: a set phrase to jieba, a field in a name


class GrammarRecognizer:
    """Institutional names: head [name-like tokens …] suffix, the left edge found by segmentation."""

    name = "grammar"

    def __init__(self, tokenizer: Tokenizer | None = None, name: str | None = None) -> None:
        self.tokenizer = tokenizer or JiebaTokenizer()
        if name:
            self.name = name

    def spans(self, text: str) -> list[Span]:
        found = list(self.spans_from_tokens(self.tokenizer(text)))
        found.extend(Span(m.start(), m.end(), ORG) for m in PARTY_CONGRESS.finditer(text))
        return found

    def spans_from_tokens(self, tokens: Sequence[Token]) -> Iterable[Span]:
        lex = lexicon()
        for k, tok in enumerate(tokens):
            if tok.word in lex.bare_bodies:
                yield Span(tok.start, tok.end, ORG)  # 纪委, 村委会: resolved (or dropped) downstream
            suffix = self._suffix(tok) if tok.pos not in PLACE_POS else _place_suffix(tokens, k)
            if suffix is None:
                continue
            nxt = tokens[k + 1].word if k + 1 < len(tokens) else ""
            if (
                nxt
                and nxt.startswith(lex.not_after_suffix)
                and len(suffix) == 1
                and tokens[k + 1].pos != POST_REST
            ):
                continue  # 局长, 委员, 所长 …: the suffix begins a title
            if nxt and nxt.startswith(lex.not_after_word.get(suffix, ())):
                continue  # 市委 中心工作: a phrase, not a name
            left = self._left_edge(tokens, k, suffix)
            if left is not None:
                yield Span(tokens[left].start, tok.end, ORG)

    @staticmethod
    def _suffix(tok: Token) -> str | None:
        """The institutional suffix that token ``tok`` ends a name with, or None."""
        lex = lexicon()
        if tok.word[-1] not in lex.suffix_last_chars:
            return None  # most words: no suffix ends so
        if tok.word in lex.blocklist:
            return None
        if tok.pos in PLACE_POS:
            return None  # a place's name (海关, a suffix jieba flags a place: _place_suffix)
        if tok.pos in PERSON_POS and tok.word not in lex.standalone_suffixes:
            return None  # a person's name; but 高等教育|司 (司 a surname to jieba) ends a unit
        if tok.word[-2:] in lex.not_suffix_words:
            return None  # 僵局, (伙伴)关系, 当局: a word, not a name's last (msra-train: never one)
        suffix = lex.suffix_of(tok.word)
        if suffix is None:
            return None
        if tok.word == suffix and len(suffix) == 1 and suffix not in lex.standalone_suffixes:
            return None
        if (
            tok.pos not in ORG_POS
            and not _name_like(tok)
            and tok.word != suffix
            and not _set_phrase(tok, suffix)
        ):
            return None  # 这部, 随处 …
        return suffix

    def _whole_body(self, t: Token) -> bool:
        """Token ``t`` is a body on its own: an organisation (the model's, or jieba's ``nt``) or a word of two or
        more characters ending in a suffix (教育部, 研究所)."""
        return t.pos in ORG_POS or (self._suffix(t) is not None and len(t.word) > 1)

    def _portfolio(self, tokens: Sequence[Token], j: int, k: int) -> bool:
        """Token ``j`` is a unit's first portfolio, a word of ``name_verbs`` between a body and a conjunction
        (金融监管总局|统计|与风险监测司) or a field (:meth:`_field_pair`), the unit's suffix one of
        ``portfolio_units``, no body between the conjunction and it: the unit is the body's, named with
        both portfolios."""
        if j == 0 or j + 2 > k or tokens[j + 1].word not in CONJUNCTIONS:
            return False
        lex = lexicon()
        body, first, unit = tokens[j - 1], tokens[j], tokens[k]
        if not unit.word.endswith(lex.portfolio_units) or any(t.pos in ORG_POS for t in tokens[j + 2 : k]):
            return False
        if first.word in lex.name_verbs:
            return self._whole_body(body)
        return self._field_pair(tokens, j, k)

    def _field_pair(self, tokens: Sequence[Token], j: int, k: int) -> bool:
        """Token ``j``, a noun after a body, a place or a head and before a conjunction, is a field the unit
        ending at ``k`` is named with together with the field after the conjunction (中国科学院南京|地理|与|
        湖泊研究所, 全国人大|环境|与|资源保护|委员会, 国家|食物|与|营养咨询|委员会): the unit is a bare suffix
        after one or more field words, none a place of its own or a body (香港|警方|及|香港入境事务处 is two),
        or the model's organisation of a field and a suffix word that no table names (not 外交部, a body of its
        own: 中俄友协|理事|及|外交部; not 财政所, a kind: 镇政府|分管领导|和|财政所); not a post first (理事)."""
        lex = lexicon()
        body, first, unit = tokens[j - 1], tokens[j], tokens[k]
        if first.pos not in NOUN_FLAGS or len(first.word) < 2 or first.word.endswith(lex.titles):
            return False
        if not (self._whole_body(body) or _is_place(body)):
            return False
        fields = tokens[j + 2 : k]
        if any(is_admin_place(t.word) or self._suffix(t) is not None for t in fields):
            return False
        suffix = lex.suffix_of(unit.word) or ""
        if unit.pos == ORG:  # 湖泊|研究所, the model's: a field, then a suffix of its own word (not 财政|所)
            return (
                (len(suffix) > 1 or suffix in lex.department_suffixes)  # 科技与|财务司: a ministry's
                and len(unit.word) - len(suffix) > 1
                and not lex.is_listed_body(unit.word)
                and not _starts_with_head(unit.word, suffix)  # 国家|宪兵|和|国家安全总局: two bodies
            )
        return bool(fields) and suffix == unit.word

    def _field_of_unit(self, tokens: Sequence[Token], j: int) -> bool:
        """Token ``j`` is a set phrase ending in a noun and in no body's suffix (高等教育, 抗震救灾, 扩建工程),
        right after a body or a place and right before the unit's suffix: the unit's field (教育部|高等教育|司,
        张北县|抗震救灾|指挥部; not 英国|高级官员|和…, 第二大|长途电话|公司)."""
        t, before = tokens[j], tokens[j - 1]
        lex = lexicon()
        return (
            t.pos == "l"
            and len(t.word) >= 4
            and word_flag(t.word[-2:]) in NOUN_FLAGS
            and lex.suffix_of(t.word) is None
            and (self._whole_body(before) or before.pos in PLACE_POS)
        )

    def _left_edge(self, tokens: Sequence[Token], k: int, suffix: str) -> int | None:
        """Index of the first token of the name ending with token ``k``, or None for no name."""
        lex = lexicon()
        tok = tokens[k]
        if tok.pos == ORG and tok.word.endswith(lex.team_suffixes) and not tok.word.endswith(lex.not_teams):
            # the model's team (巴西队, 辽宁双星队): no words before it join (上半场|, 力克劲旅|); not a
            # province's corps (四川省|消防救援总队)
            return k
        head: int | None = k if (tok.pos in ORG_POS or (_is_head(tok) and tok.word != suffix)) else None
        if head is None and _starts_with_head(tok.word, suffix):
            head = k  # one token with its own head: 国家统计局, 北京市教委
        # the model's committee of an event: read on over the event's name as the grammar reads one
        event_named = tok.pos == ORG and k > 0 and _event_committee(tokens[k - 1], tok)
        j = k - 1
        while j >= 0 and k - j < MAX_NAME_TOKENS:
            t = tokens[j]
            if (
                tok.pos == ORG
                and not _is_head(t)
                and t.word not in CONJUNCTIONS
                and not self._portfolio(tokens, j, k)
                and not event_named
            ):
                # a name the model found grows only by heads before it (its places and bodies, jieba's
                # proper names, 国家 …): 中美著名|法学院, not 著名 (held-out stories ORG +0.005)
                break
            if t.word in CONJUNCTIONS:
                # 人口监测与家庭发展司: a conjunction inside a name, unless a complete name precedes it.
                # A tagged organisation without a suffix before it joins only a generic right side:
                # 省工业(ORG) 和 信息化厅, but not 联想(ORG) 和 华为(ORG) 公司.
                prev = tokens[j - 1] if j > 0 else None
                if prev is None or not _name_like(prev) or self._suffix(prev) or _is_place(prev):
                    break  # 国家和|省政府, 江苏和|浙江省电厂: two places, two bodies
                if prev.word in lex.coordinated_actors or prev.word in lex.coordinated_posts:
                    break  # 中国党和|政府, 中国领导人和|中国政府: a body or a post, no field (外交和合作部)
                if prev.pos in ORG_POS and (_is_head(tokens[j + 1]) or tokens[j + 1].pos in ORG_POS):
                    break
                j -= 1
                continue
            if self._whole_body(t):
                # A complete organisation right before: the name is nested in it (山东大学齐鲁儿童医院),
                # unless the part after starts with a place of its own (… 山东成山橡胶集团).
                if (
                    head is not None
                    and tokens[head].pos in PLACE_POS
                    and is_admin_place(tokens[head].word)
                    and not tok.word.endswith(lex.branch_suffixes)
                    and t.word not in lex.vertical_bodies  # 国家税务总局|合肥市包河区税务局: its office
                ):
                    break
                head = j
                j -= 1
                continue
            if j == k - 1 and j > 0 and self._field_of_unit(tokens, j):
                j -= 1  # 教育部|高等教育|司: a set phrase names the unit's field after its body
                continue
            if j == k - 1 and j > 1 and _field_verb(t) and self._field_of_unit(tokens, j - 1):
                j -= 2  # 水利部|水旱灾害|防御|司: the field, then what the unit does about it
                continue
            if t.word in lex.event_seasons and tokens[j + 1].word.endswith(lex.event_suffixes):
                j -= 1  # 亚洲|冬季|运动会|组委会: a season names the event
                continue
            if not _name_like(t):
                break
            if _is_head(t):
                head = j
            j -= 1
        if head is None and j == k - 2 and suffix not in lex.weak_suffixes and tok.word == suffix:
            # one plain noun before a strong suffix (帐篷 小学), not after a numeral, measure or pronoun
            body, before = tokens[k - 1], tokens[j] if j >= 0 else None
            if (
                body.pos in ("n", "nz")
                and len(body.word) >= 2
                and (before is None or before.pos not in ("m", "q", "r"))
            ):
                return k - 1
        if head is None:
            # no head, but a known short form (市场监管总局, 工信部): the short form alone
            for i in range(j + 1, k + 1):
                short = "".join(x.word for x in tokens[i : k + 1])
                if len(short) >= 3 and short in lex.abbreviations:
                    return i
            return None
        if head > 0 and TERM_TOKEN.match(tokens[head - 1].word):
            head -= 1  # 第六届全国人大常委会
        if tokens[head].end - tokens[head].start == tok.end - tokens[head].start and tok.word == suffix:
            return None
        return head


def repair_tokens(tokens: Sequence[Token]) -> list[Token]:
    """Undo the tagger's and the segmentation's slips before recognition, one function a slip (the first that
    applies to a token replaces it in ``out``). Each is called only where its token can be one (a cheap test
    here: most tokens are none, and a call per token and slip cost 7 % of the step)."""
    out: list[Token] = []
    for i, t in enumerate(tokens):
        w, pos = t.word, t.pos
        if (
            (w == "办" and _joined_field_office(out, t, tokens[i + 1 : i + 2]))
            or (pos in PERSON_POS and _suffix_before_person(out, t))
            or (len(w) == 3 and _suffix_in_its_post(out, t))
            or (len(w) >= 4 and _title_after_body(out, t))
            or (pos in ORG_POS and _actors_joined(out, t))
        ):
            continue
        out.append(t)
    return out


def _joined_field_office(out: list[Token], t: Token, after: Sequence[Token]) -> bool:
    """A field office read as a field and a verb: 上海市委|金融|办(v)|负责人 -> 上海市委|金融办|负责人, the field's
    two characters read apart too (省委|网|信|办 -> 省委|网信办)."""
    if t.word != "办" or t.pos != "v" or len(out) < 2:
        return False
    split = len(out) >= 3 and len(out[-1].word) == len(out[-2].word) == 1  # 省委|网|信|办: one field
    field = Token(out[-2].start, out[-1].end, out[-2].word + out[-1].word, "n") if split else out[-1]
    parent = out[-3] if split else out[-2]
    if not _field_office(parent, field, after) or (split and not all(x.pos == "n" for x in out[-2:])):
        return False
    del out[-2 if split else -1 :]
    out.append(Token(field.start, t.end, field.word + t.word, "n"))
    return True


def _suffix_before_person(out: list[Token], t: Token) -> bool:
    """A suffix glued onto a following "name": 发展|司原(PER) -> 发展|司|原."""
    w = t.word
    if (
        t.pos not in PERSON_POS
        or len(w) < 2
        or w[0] not in lexicon().standalone_suffixes
        or word_freq(w[:2])  # 科学|城 (jieba's dictionary: a person) of 中关村科学城 stays whole
        or not out
        or not _name_like(out[-1])
    ):
        return False
    out.append(Token(t.start, t.start + 1, w[0], "n"))
    out.append(Token(t.start + 1, t.end, w[1:], t.pos))
    return True


def _suffix_in_its_post(out: list[Token], t: Token) -> bool:
    """A one-character suffix and a post starting with it, one word of jieba: 草原|局局长 -> 草原|局|局长
    (林业 和 草原|局局长 read no body: the grammar saw no suffix); not 学系|系主任, one post."""
    w, lex = t.word, lexicon()
    if (
        len(w) != 3
        or t.pos in PERSON_POS
        or t.pos in PLACE_POS
        or w[0] != w[1]
        or w[0] not in lex.standalone_suffixes
        or lex.title_re.fullmatch(w[1:]) is None
        or not out
        or not _name_like(out[-1])
    ):
        return False
    out.append(Token(t.start, t.start + 1, w[0], "n"))
    out.append(Token(t.start + 1, t.end, w[1:], "n"))
    return True


def _title_after_body(out: list[Token], t: Token) -> bool:
    """A title glued onto an organisation: 济南市委书记(ORG) -> 济南市委(ORG)|书记, 市委书记 -> 市委|书记, and a
    post whose first character ends the body too: 教育部长 -> 教育部|长."""
    w, lex = t.word, lexicon()
    if len(w) < 4 or t.pos in PERSON_POS or t.pos in PLACE_POS or not w.endswith(lex.titles):
        return False
    title = next(x for x in lex.titles if w.endswith(x))
    rest = w[: -len(title)]
    if len(rest) >= 2 and (lex.suffix_of(rest) or t.pos in ORG_POS):
        cut = t.end - len(title)
        out.append(Token(t.start, cut, rest, t.pos if t.pos in ORG_POS else "n"))
        out.append(Token(cut, t.end, title, "n"))
        return True
    body = w[: len(rest) + 1]  # 教育部|长: the post's first character ends the body too
    if len(rest) >= 2 and lex.suffix_of(body) == body[-1] and body[-1] in lex.standalone_suffixes:
        cut = t.start + len(body)
        out.append(Token(t.start, cut, body, "n"))
        out.append(Token(cut, t.end, w[len(body) :], POST_REST))
        return True
    return False


def _actors_joined(out: list[Token], t: Token) -> bool:
    """Two bodies joined in one organisation word of jieba's dictionary: 党和政府(nt) -> 党|和|政府, the
    part before the coordinator a body of its own (``coordinators.actors``), no field of one department
    (劳动和社会保障部, 外交和合作部 stay whole)."""
    if t.pos not in ORG_POS:
        return False
    actors = lexicon().coordinated_actors
    for k, ch in enumerate(t.word):
        if ch in CONJUNCTIONS and 0 < k < len(t.word) - 1 and t.word[:k] in actors:
            start, mid = t.start, t.start + k
            out.append(Token(start, mid, t.word[:k], "n"))
            out.append(Token(mid, mid + 1, ch, "c"))
            out.append(Token(mid + 1, t.end, t.word[k + 1 :], "n"))
            return True
    return False


def _place_suffix(tokens: Sequence[Token], k: int) -> str | None:
    """Token ``k``, a place to jieba, is a suffix (海关, the one suffix of the lexicon jieba flags a place) that
    ends a name right after a place or a place word (海口|海关), not after anything else (全国|海关,
    葡警方和|海关); None otherwise."""
    word, lex = tokens[k].word, lexicon()
    if len(word) < 2 or lex.suffix_of(word) != word or word in lex.blocklist:
        return None
    return word if k > 0 and tokens[k - 1].pos in PLACE_WORD_POS else None


def _field_office(parent: Token, field: Token, after: Sequence[Token]) -> bool:
    """``field`` and a following 办 (a verb to jieba) name an office of ``parent``, a Party committee or a
    government (上海市委|金融|办|负责人, 省政府|金融|办|召开): a noun of two characters, not a post, right after
    it, and a post, a verb of two or more characters or a word of ``field_offices`` ``after`` next (not
    企业|办|社会, 为|群众|办|了)."""
    lex = lexicon()
    if field.pos != "n" and field.word not in lex.name_verbs:
        return False  # a noun (金融|办), or a verb that names a body's work (巡视|办)
    if len(field.word) != 2 or field.word.endswith(lex.titles):
        return False
    if len(parent.word) < 2 or not parent.word.endswith(lex.office_parents):
        return False
    if not after:
        return True
    nxt = after[0]
    return (
        nxt.word in lex.office_after
        or lex.title_re.match(nxt.word) is not None
        or (nxt.pos == "v" and len(nxt.word) >= 2)
    )


def _is_place(t: Token) -> bool:
    """A place or a bare level word (江苏, 国家, 省): the first of two coordinated places."""
    return (
        t.pos in PLACE_POS
        or is_admin_place(t.word)
        or t.word in lexicon().relative_levels
        or t.word == "国家"
    )


def _starts_with_head(word: str, suffix: str) -> bool:
    """A word that holds a whole name: a head word or a place of two or more characters, then a body,
    then the suffix (国家|统计|局, 北京市|教|委)."""
    body = len(word) - len(suffix)
    lex = lexicon()
    for n in range(2, body):
        if word[:n] in lex.heads or is_admin_place(word[:n]):
            return word[n:] not in lex.blocklist  # 国际|社会: a word, not a body and a suffix
    return False


def _event_committee(event: Token, committee: Token) -> bool:
    """The model's committee right after an event's word (运动会|执行委员会, 博览会|组委会): the event's
    committee, named with the event (第九届亚洲冬季运动会执行委员会)."""
    lex = lexicon()
    return committee.word.endswith(lex.event_committees) and event.word.endswith(lex.event_suffixes)


def _is_head(t: Token) -> bool:
    """A word that may open a name: a place, a body, a proper noun, a head word (国家), or a place of
    China's administration jieba's dictionary flags a plain noun (历下区|泉城路街道办事处) or a place word
    (海口 'a seaport': 海口|海关)."""
    return (
        t.pos in HEAD_POS
        or t.word in lexicon().heads
        or (len(t.word) >= 3 and t.pos == "n" and is_admin_place(t.word))
        or (t.pos == "s" and not t.word.endswith(LEVEL_ENDINGS) and is_admin_place(t.word))
    )


def _set_phrase(t: Token, suffix: str) -> bool:
    """A court jieba's dictionary holds as a set phrase (``l``: 高等法院): a name's last word after a head
    (香港|高等法院), as a noun would be (``set_phrase_suffixes``; not 一流大学, 两国政府: kinds)."""
    return t.pos == "l" and suffix in lexicon().set_phrase_suffixes


def _field_verb(t: Token) -> bool:
    """A verb of two characters (防御, 防治): what a unit does about its field, named before its suffix."""
    return len(t.word) == 2 and t.pos in ("v", "vn")


def _name_like(t: Token) -> bool:
    lex = lexicon()
    if t.pos in NAME_POS or t.word in lex.heads:
        return True
    if t.pos in ("v", "vn", "l") and t.word in lex.name_verbs:  # 出入境 (l): 出入境|边防|检查站
        return True
    if t.pos == "TIME" and len(t.word) >= 3 and not TIME_WORD.search(t.word):
        return True  # a tagger slip: 早期发展 (in 上海市人口早期发展协会) read as a time
    if t.pos == "l" and t.word.endswith(IZATION):
        return True  # 长株潭|一体化|发展事务中心: a field named by what it makes of it (jieba: a set phrase)
    return t.pos == "m" and bool(ORDINAL_TOKEN.match(t.word))


# ------------------------------------------------------------------------------------------- union


FORM_LOOKAHEAD = 3  # characters of a form of address read after a surname (姥姥, 老师, 师傅 …)


class UnionRecognizer:
    """Spans of all recognisers; overlapping ORG spans resolve to the longest (then leftmost).

    Single characters, and ORG spans that name an event, a facility or a people (``lexicon.json``:
    not_organisations) go first.

    PER spans survive only where no ORG span overlaps them.
    """

    def __init__(
        self,
        recognizers: Sequence[Recognizer],
        name: str | None = None,
        repair: Callable[[str, list[Span]], list[Span]] | None = None,
    ) -> None:
        self.recognizers = list(recognizers)
        self.name = name or "+".join(r.name for r in self.recognizers)
        self.repair = repair  # edits every recogniser's spans before the overlaps are resolved

    def spans(self, text: str) -> list[Span]:
        lex = lexicon()
        found = [s for r in self.recognizers for s in r.spans(text)]
        found = [_with_form(text, s) if s.label == PER and s.end - s.start == 1 else s for s in found]
        if self.repair is not None:
            found = self.repair(text, found)
        all_spans = [
            s
            for s in found
            if s.end - s.start > 1 and (s.label != ORG or not lex.is_not_organisation(text[s.start : s.end]))
        ]
        return resolve_overlaps(all_spans)

    def places(self, text: str) -> list[Span]:
        """LOC spans of the members that find places (the model), for the story's place."""
        return [s for r in self.recognizers for s in places_of(r, text)]


def _with_form(text: str, span: Span) -> Span:
    """A person's span of one character, a surname, with the form of address or kinship word after it
    (吴|先生, 潘|氏, 孙|某: ``filters.familiar_surname``), or the span as it is."""
    for end in range(span.end + FORM_LOOKAHEAD, span.end, -1):
        if end <= len(text) and familiar_surname(text[span.start : end]) == 0:
            return Span(span.start, end, PER)
    return span


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    orgs = sorted({s for s in spans if s.label == ORG}, key=lambda s: (-(s.end - s.start), s.start))
    pers = sorted({s for s in spans if s.label == PER}, key=lambda s: (-(s.end - s.start), s.start))
    chosen: list[Span] = []
    size = max((s.end for s in orgs + pers), default=0)
    taken = bytearray(size)
    for s in orgs + pers:
        if not any(taken[s.start : s.end]):
            taken[s.start : s.end] = b"\x01" * (s.end - s.start)
            chosen.append(s)
    return sorted(chosen)


# ------------------------------------------------------------------------------------ consistency


def _known_person(word: str) -> bool:
    """A name of three or more characters jieba's dictionary calls a person's (程砚秋, 特朗普: ``nr…``)
    and that holds no common word at its start or after its first character (黄金|周, 屈|光度 are
    flagged ``nr`` too): the consistency check leaves those alone."""
    if len(word) < 3 or not (word_flag(word) or "").startswith("nr"):
        return False
    return word_freq(word[:2]) < COMMON_WORD_FREQ and word_freq(word[1:]) < COMMON_WORD_FREQ


def _chinese_name(word: str) -> bool:
    """刘得志: three Chinese characters, a surname and two more, that are no word of jieba's dictionary and
    whose first two are none either, and not all characters transliterations use but after one of the
    commonest surnames (巴科塔 is a people's name): the consistency check leaves those alone."""
    if len(word) != 3 or not CJK_ONLY.match(word) or word[0] not in surnames():
        return False
    if word_freq(word) or word_freq(word[:2]):
        return False
    return word[0] in lexicon().commonest_surnames or not in_transcription_characters(word)


class ConsistentRecognizer:
    """Drops suffix-less ORG names the tagger labels at fewer than 3 in 4 of their free occurrences
    (a party the model names, 人民党, counts as suffixed: 党 is no suffix of the grammar, where it
    would build 入党 and 政党, but a name the model ends with it is a party).

    A model's ORG label on a plain phrase (普惠托育) is usually noise when the same string elsewhere in
    the same document is not labelled; occurrences inside a longer institutional name (人大 in
    全国人大常委会), or inside another organisation name but not at its start (团中央 in 共青团中央; but
    天主 in 天主教 counts), do not count either way.

    Persons the same way, at fewer than 1 in 2 of their occurrences outside organisation names: a
    phrase the model reads as a name once (宣传普惠托育政策) and not elsewhere in the story is no name.
    A person tagged with a character glued on (方骏深) counts for the name without it (方骏) where
    that name is tagged at least as often: the tagger named it there too.
    """

    def __init__(self, inner: Recognizer, min_ratio: float = 0.75, min_person_ratio: float = 0.5) -> None:
        self.inner = inner
        self.places = lambda text: places_of(inner, text)
        self.min_ratio = min_ratio
        self.min_person_ratio = min_person_ratio
        self.name = inner.name + "+consistent"

    def spans(self, text: str) -> list[Span]:
        spans = self.inner.spans(text)
        lex = lexicon()
        orgs = [s for s in spans if s.label == ORG]
        tagged: dict[str, int] = {}
        for s in orgs:
            word = text[s.start : s.end]
            known = word in lex.standalone_names or word in lex.known_bodies  # 民进, 北约: known bodies
            if lex.suffix_of(word) is None and not known and not lex.names_a_party(word):  # 人民党 is a party
                tagged[word] = tagged.get(word, 0) + 1
        holders = _by_start([(a.start, a.end, a) for a in orgs])  # sorted once per story, not per word
        drop: set[str] = set()
        for word, n in tagged.items():
            free = self._free(text, word, holders)
            if free and n / free < self.min_ratio:
                drop.add(word)
        persons: dict[str, int] = {}
        person_starts = {s.start for s in spans if s.label == PER}
        for s in spans:
            if s.label == PER:
                persons[text[s.start : s.end]] = persons.get(text[s.start : s.end], 0) + 1
        glued = {
            long: long[:-1]
            for long in persons
            if len(long) > 2 and persons.get(long[:-1], 0) >= persons[long]
        }
        for long, short in glued.items():  # 方骏深 (tagged once) names 方骏 (tagged 4 times) there too
            persons[short] += persons[long]
        if persons:  # and for persons, longer person and place names hold an occurrence too (屈原 in 屈原滩)
            names = [s for s in [*spans, *self.places(text)] if s.label in (PER, LOC)]
            holders = _by_start(holders + [(s.start, s.end, None) for s in names])
        drop_persons = {
            word
            for word, n in persons.items()
            if len(word) > 1
            and not _known_person(word)  # 程砚秋 (jieba: nr) stays however often it is left untagged
            and not _chinese_name(word)  # 刘得志 too
            and n / max(n, self._free(text, word, holders, tagged=person_starts)) < self.min_person_ratio
        }
        return [
            s
            for s in spans
            if not (s.label == ORG and text[s.start : s.end] in drop)
            and not (s.label == PER and text[s.start : s.end] in drop_persons)
        ]

    @staticmethod
    def _free(
        text: str, word: str, holders: Sequence[_Holder], *, tagged: Collection[int] | None = None
    ) -> int:
        """Occurrences of ``word`` not held by one of ``holders`` (sorted by start): inside an
        organisation's name (:func:`_holds`), or inside a longer person's or place's name (``None``: 屈原
        in 屈原滩 or 屈原村 is no mention of 屈原 left untagged). With ``tagged`` (the starts of the
        tagger's names), nor an untagged one a common word crosses at an edge (对于|辉 holds no 于辉:
        the sentence's words are read there; the tagger's own 部长|于辉 counts). One
        sweep over the occurrences and the spans in order: a long text with a name on every line costs
        the spans around each occurrence, not all of them."""
        active: list[_Holder] = []
        i = free = 0
        for m in re.finditer(re.escape(word), text):
            start, end = m.start(), m.end()
            if tagged is not None and start not in tagged and common_word_across(text, start, end):
                continue
            while i < len(holders) and holders[i][0] <= start:
                active.append(holders[i])
                i += 1
            active = [x for x in active if x[1] > start]  # those ending before cannot hold a later one
            if not any(
                _holds(text, org, start, end) if org is not None else (b >= end and b - a > end - start)
                for a, b, org in active
            ):
                free += 1
        return free


# (start, end, the organisation's span, or None for a person's or place's name)
_Holder = tuple[int, int, "Span | None"]


def _by_start(holders: list[_Holder]) -> list[_Holder]:
    return sorted(holders, key=lambda x: x[0])


def _holds(text: str, a: Span, start: int, end: int) -> bool:
    """True when ORG span ``a`` holds the occurrence ``start:end`` as a part that is no free mention."""
    if not (a.start <= start and end <= a.end and a.end - a.start > end - start):
        return False
    return a.start < start or lexicon().suffix_of(text[a.start : a.end]) is not None
