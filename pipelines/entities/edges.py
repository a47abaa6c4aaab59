"""Repairs of organisation spans' edges before overlaps are resolved, and names in title marks.

A tagger's ORG span is sometimes one token too wide, or two names glued together:

- a function word glued on the right: ``中国科学院物理研究所|在``, ``东方红集团|协办``;
- a preposition or adverb glued on the left: ``继|华东师范大学`` (but ``对外经济贸易大学`` is whole:
  ``对外`` is a word), and a term that is no particular one (``新|一届|人大``);
- two names back to back: ``光明日报理论部|浙江华立集团`` (the second, a company, starts with a place of
  its own), ``省委|省政府``.

:class:`TitleMarkRecognizer` reads newspapers and periodicals named in title marks: ``《北京青年报》``
(the name inside), ``《读书》杂志`` (the whole, marks included, as MSRA tags it), and a quoted name
with an institutional word after it (``“春蕾计划”组委会``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pipelines.entities.filters import split_pair
from pipelines.entities.jieba_tables import COMMON_WORD_FREQ, word_flag, word_freq
from pipelines.entities.lexicon import lexicon
from pipelines.entities.places import is_place, starts_with_admin_place
from pipelines.entities.recognizers import ORG, Span

# Single characters that open a clause, never a name: 继|华东师范大学…, 从|…, 在|….
LEFT_FUNCTION = frozenset("继从在当据向由经被与和对把给让将于为自至随及同跟")
# jieba flags of a short word that never ends a name: preposition, locality, time, particle,
# conjunction, adverb, verb, pronoun, numeral, measure.
TAIL_FLAGS = frozenset(
    {"p", "f", "t", "tg", "u", "uj", "ul", "uz", "ud", "ug", "uv", "c", "d", "v", "r", "m", "q"}
)
MAX_TAIL = 2  # characters of a glued function word
# a word this common across a span's first two characters keeps the left edge
MIN_WORD_FREQ = COMMON_WORD_FREQ
# A preposition and a count, nothing else: 从一(个…) is no name.
CLAUSE_COUNT = re.compile(
    r"[继从在当据向由经被与和对把给让将于为自至随及同跟][一二两三四五六七八九十几数每半]+[个份名位家项次]?$"
)
# A newspaper or periodical in title marks: 《北京青年报》 (inside), 《读书》杂志 (the whole).
TITLE_NEWSPAPER = re.compile(r"《(?P<name>[^《》\n]{1,12}(?:日报|晚报|早报|晨报|时报|商报|周报|青年报))》")
TITLE_PERIODICAL = re.compile(r"《[^《》\n]{1,12}》(?:杂志社|杂志|周刊|月刊|编辑部)")
# A quoted name (or title) with an institutional word right after the closing mark: “春蕾计划”组委会,
# “草原”分局, 《…条例》起草领导小组. The word after is read up to MAX_AFTER characters.
QUOTED_HEAD = re.compile(r"[“‘「『《\"](?P<inner>[^“”‘’「」『』《》\"\n]{2,12})[”’」』》\"]")
MAX_AFTER = 8
# Characters that end the word after the closing mark: a clause goes on (…”组委会与…, …”的…).
AFTER_STOP = frozenset("的是了着过地得")
NUMERALS = frozenset("一二两三四五六七八九十百千万几")
# A term that is no particular one: 新一届人大, 一届又一届人大 (but 第一届, 九届全国人大 are).
GENERIC_TERM = "一届"


def _strong_suffix(name: str) -> str | None:
    """The suffix ``name`` ends with, when it can close a name (not a lone weak character)."""
    lex = lexicon()
    suffix = lex.suffix_of(name)
    if suffix is None or len(name) <= len(suffix):
        return None
    if len(suffix) == 1 and suffix not in lex.standalone_suffixes:
        return None
    return suffix


@functools.cache
def _standalone_names() -> tuple[str, ...]:
    """The lexicon's standalone names as a tuple, for ``str.endswith`` (built once, not per span)."""
    return tuple(lexicon().standalone_names)


def _body_before_post(surface: str) -> int | None:
    """The length of the body in ``surface`` when it ends with a post and one more character that reads
    as a one-character suffix (秘书长|科 of 科菲, 部长|科 of 科恩): the person's name begins there, and
    the body is what comes before the post (联合国) or before its last character (美国国防部|长, where
    部 ends the body and starts 部长)."""
    lex = lexicon()
    suffix = lex.suffix_of(surface)
    if suffix is None or len(suffix) != 1:
        return None
    post = next((t for t in lex.titles if surface[:-1].endswith(t)), None)
    if post is None or word_freq(post + suffix) > 0:
        return None  # 书记处, 记者站: the post and the character make a body's word
    for size in (len(surface) - len(post), len(surface) - 1 - len(post)):
        head = surface[:size]
        if len(head) >= 2 and (_strong_suffix(head) or head in lex.standalone_names):
            return size
    before = surface[: len(surface) - 1 - len(post)]
    if not before or is_place(before):
        return 0  # 德国|总理|科(尔): a country's post and a person's first character, no body at all
    return None


def trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a function word glued on its right or left edge."""
    lex = lexicon()
    surface = text[start:end]
    if surface.startswith(GENERIC_TERM) and len(surface) > len(GENERIC_TERM) + 1:
        start += len(GENERIC_TERM)
        surface = surface[len(GENERIC_TERM) :]
    body = _body_before_post(surface)
    if body is not None:  # 联合国|秘书长科(菲), 美国国防部|长科(恩): a post and a person's first character
        end = start + body
        surface = surface[:body]
    post = next((t for t in lex.titles if surface.endswith(t) and len(surface) - len(t) >= 2), None)
    if post is not None:
        head = surface[: -len(post)]
        # 民航局华北办事处|副政委, 陕甘宁独立三团|政委, 国民党|立委: the body without its post
        if lex.suffix_of(head) is not None or head.endswith(_standalone_names()) or lex.names_a_party(head):
            end -= len(post)
            surface = head
    if surface not in lex.standalone_names:
        for k in range(1, MAX_TAIL + 1):
            head, tail = surface[:-k], surface[-k:]
            if len(head) >= 2 and tail in lex.not_suffix_words and lex.is_listed_body(head):
                end -= k  # 中石化|签署, 中国移动|部署: a listed body and a word that ends no name
                surface = head
                break
            if len(head) < 2 or not (_strong_suffix(head) or head in lex.standalone_names):
                continue
            if lex.suffix_of(surface) is not None and tail not in lex.blocklist:
                continue  # the whole ends in a suffix of its own (but 集团|协办: 协办 is a verb)
            if tail in lex.titles or word_flag(tail) in TAIL_FLAGS:
                end -= k
                surface = head
                break
    if (
        len(surface) >= 4
        and surface[0] in LEFT_FUNCTION
        and word_freq(surface[:2]) < MIN_WORD_FREQ
        and _strong_suffix(surface[1:])
        and not starts_with_admin_place(surface)  # 于都县委: 于 is the county's first character
        and not lex.generic_newer_words_re.match(surface)  # 自贸港工委: a word of today's news jieba lacks
    ):
        start += 1
    return start, end


def split_glued(surface: str) -> list[tuple[int, int]]:
    """Offsets of the names in ``surface``: two when a complete name is followed by a company that starts
    with a place of its own (…理论部|浙江华立集团; but 中科院|大连化学物理研究所 is nested), or by a
    top-level body (市委|市政府); else the whole."""
    lex = lexicon()
    pair = split_pair(surface)
    if len(pair) == 2:
        return pair
    for i in range(2, len(surface) - 3):
        first, second = surface[:i], surface[i:]
        if not starts_with_admin_place(second):
            continue
        s1, s2 = _strong_suffix(first), _strong_suffix(second)
        if s1 is None or s2 is None or second.endswith(lex.branch_suffixes):
            continue
        if lex.suffix_kind.get(s2) == "company" and lex.suffix_kind.get(s1) not in ("company", "other"):
            return [(0, i), (i, len(surface))]  # a company is not a unit of a ministry or a newspaper
    return [(0, len(surface))]


def repair_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """ORG spans with their edges trimmed and glued pairs split (a preposition before a count, 从一,
    dropped); other spans as they are."""
    out: list[Span] = []
    for s in spans:
        if s.label != ORG:
            out.append(s)
            continue
        if CLAUSE_COUNT.match(text, s.start, s.end):
            continue
        start, end = trim_edges(text, s.start, s.end)
        for a, b in split_glued(text[start:end]):
            out.append(Span(start + a, start + b, ORG))
    return out


class TitleMarkRecognizer:
    """Names in quotation or title marks: newspapers and periodicals (``《北京青年报》``, ``《读书》杂志``; books,
    films and reports are not matched), and a quoted name with an institutional word right after the
    closing mark (``“春蕾计划”组委会``: the whole, marks included)."""

    name = "title-marks"

    def spans(self, text: str) -> list[Span]:
        found = [Span(m.start("name"), m.end("name"), ORG) for m in TITLE_NEWSPAPER.finditer(text)]
        found.extend(Span(m.start(), m.end(), ORG) for m in TITLE_PERIODICAL.finditer(text))
        for m in QUOTED_HEAD.finditer(text):
            if word_flag(m.group("inner")) in TAIL_FLAGS:
                continue  # “买通”保险公司: a quoted verb, not a name
            end = _institution_after(text, m.end())
            if end is not None:
                found.append(Span(m.start(), end, ORG))
        return found


def _institution_after(text: str, pos: int) -> int | None:
    """The end of the longest institutional word (one ending in a suffix of two or more characters)
    that starts at ``pos``, or None."""
    lex = lexicon()
    best: int | None = None
    for k in range(1, MAX_AFTER + 1):
        if pos + k > len(text):
            break
        ch = text[pos + k - 1]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in AFTER_STOP or ch in LEFT_FUNCTION or ch in NUMERALS:
            break
        suffix = lex.suffix_of(text[pos : pos + k])
        if suffix is None or len(suffix) < 2 or text[pos : pos + k] in lex.blocklist:
            continue
        cut = pos + k - len(suffix)
        if word_freq(text[pos + k - 1 : pos + k + 1]) >= MIN_WORD_FREQ or (
            cut > pos and word_freq(text[cut - 1 : cut + 1]) >= MIN_WORD_FREQ
        ):
            continue  # cutting a word: 《经济观察》近日|报道 is no 日报, 《往事》一书|中专 no 中专
        best = pos + k
    return best
