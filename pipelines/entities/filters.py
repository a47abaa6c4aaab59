"""Checks on recognised spans before they are reported: repairs of a surface form's edges, and the
general classes of non-names a tagger or the suffix grammar produces on real news pages.

Organisations:

- a name never runs across a line break (``…演唱会\\n乐天百货…``);
- a byline or dateline glued on is trimmed (``文/观察者网`` -> ``观察者网``, ``新浪科技讯`` -> ``新浪科技``,
  ``本报讯中共安徽省委`` -> ``中共安徽省委``), and so are a street address before the name (``小河路37号某某厂``
  -> ``某某厂``) and a function word (``跟人大常委会``, ``了党组``);
- two bodies written back to back are two names (``市委市政府``, ``市委政协``), and so are two joined by
  a coordinator (``美国国务院和国防部``): split;
- a determiner or a count before a body refers to one, it does not name it (``各地政府``, ``一家公司``);
- a company-type suffix after one common noun is a kind of business (``数据公司``, ``木材公司``), and
  so is a body's suffix after common words only (``物流快递公司``, ``考古队``);
- a span whose left edge cuts a word of the dictionary (``对|华政策联盟``) is a fragment.

Persons: places (at home and abroad), common words (by jieba's POS flag), a long name ending with a
common word (``涅夫时代``, ``向天安门``), surname + title or kin (``金所长``, ``杨母``),
names ending in a speech verb (``艾说``), a level word as the second character
(``郭县平``), and within a story fragments of another person's name
(``赫鲁`` beside ``赫鲁晓夫``) or another name with one character glued on (``钱锺书幸``); a given name
alone (``凤霞`` beside ``新凤霞``) is a mention of the full name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import accumulate

from pipelines.entities.common_words import is_common_word, names_a_state, names_no_person
from pipelines.entities.datelines import DATELINE_INSIDE, DATELINE_SUFFIX, PLACE_DATELINE
from pipelines.entities.jieba_tables import (
    COMMON_WORD_FREQ,
    SURNAME_MIN_NAMES,
    characters_of,
    common_word_across,
    first_characters_of,
    word_flag,
    word_freq,
)
from pipelines.entities.jieba_tables import load_tables as load_tables  # re-exported: benchmarks/orgs.py
from pipelines.entities.lexicon import (
    CJK_ONLY,
    FOREIGN_NAME,
    HYPHENED_NAME,
    ITEM_OPENERS,
    LIST_MARK,
    NAME_DOTS,
    NAME_HYPHENS,
    lexicon,
)
from pipelines.entities.places import (
    countries,
    is_admin_place,
    is_place,
    is_place_stem,
    starts_with_admin_place,
    starts_with_place,
)
from pipelines.entities.word_edges import EDGE_WINDOW, edges_of
from pipelines.segment import cut
from pipelines.text.t2s import to_simplified

# 中国—东盟博览会: one dash joins two partners' names (a hyphen is read as a name's own)
JOINING_DASHES = "—－―"
# A byline or a credit before a name: "文/", "图/", "来源：".
BYLINE_PREFIX = re.compile(r"^.{0,6}?[/／|｜]")
# A reference mark of a wiki page ([12]) or the end of one (12]) inside a span: the name ends before it.
# a count of bodies (三家, 两所, 5个) with more after it: 中国联通|三家基础电信企业 (none of the gold
# organisations of msra and People's Daily 1998 holds one after a body; 科研四所 ends with its number)
COUNT_INSIDE = re.compile(r"[一二三四五六七八九十两几数\d０-９]+[家所个位名座]")
FOOTNOTE = re.compile(r"\[\d|\d+\]")
CITATION_SEPARATOR = ". "  # between a cited title and its source in a reference list
# A street address before a name: …路37号, …街5号院.
ADDRESS_PREFIX = re.compile(r".*?[\d０-９]+号(?:院|楼)?")  # used with match(text, start, end)
# Top-level bodies that follow another body in a pair written back to back: 市委市政府, 市委政协.
PAIR_SECOND = re.compile(r"[省市县区]?(?:人民政府|政府|政协|人大)$")
# A complete body that can be the first of such a pair.
PAIR_FIRST = re.compile(r"^(?:.{0,8}[省市县区]委|国务院|党中央|中共中央)$")
MAX_GENERIC_BODY = 3  # 会计师事务所; a longer body is a proper name more often than not
COMMON_TAIL_FREQ = 500  # a word this common (时代, 皇帝, 天安门) does not end a 4-character name
# a word that ends so, read across a body's last character, names the body's post (部长, 议员)
POST_ENDINGS = ("长", "员")
MIN_WORD_FREQ = COMMON_WORD_FREQ  # a dictionary word across a span's left edge must be at least this common

# The separator of a transliterated foreign name (约翰·洛克菲勒).
SEPARATOR = re.compile(r"[·•．]")
# Counter-evidence for a dictionary word across the left edge: ideographs only.
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
# An acronym standing alone: SBS, WTO, CCTV, G20, AT&T.
ACRONYM = re.compile(r"[A-Z][A-Z0-9&\-]{1,7}")
GROUP_PREFIX_MAX = 4  # characters of a central enterprise's short name before a subsidiary (中电建, 中国石油)
BRANCH = "分公司"  # a group's branch: its name opens with the group's (group_prefix_before)
SUB_UNIT = "组"  # a working group of a body: 专项组, 工作组, 调查组
SUB_UNIT_LOOKAHEAD = 6  # characters read after a body for one
PLACE_LIST_LOOKBEHIND = 8  # characters read before a list's joiner for its place
VERB_FLAG = re.compile(r"(?:v\w*|p)$")  # jieba flags of a verb (v, vn, vd …) or a preposition
# jieba flags of particles, prepositions, conjunctions, counts …: no given name's character
PARTICLE_FLAG = re.compile(r"(?:u\w*|p|c|y|e|x|m|q|f)$")
# Latin letters (with spaces, digits and name punctuation) at the end of a name: 经纪公司Star Music.
LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9 &'.\-]*$")
# A Latin name and one Chinese character (iTunes会, the modal "will"): msra's 20,584 gold organisations
# hold none (６台, ４２０厂 are digits).
LATIN_THEN_ONE_CHARACTER = re.compile(r"[A-Za-z][A-Za-z0-9 .&'\-]*[\u4e00-\u9fff]")
# One item of a list: the characters between list commas, clause ends, quotes, brackets and 和/与/及/跟.
ITEM_CHARACTER = r"[^、，。；：,;:\s“”「」《》（）()和与及跟]"
LIST_ITEM = re.compile(ITEM_CHARACTER + "+")
LIST_ITEM_LAST = re.compile(LIST_ITEM.pattern + "$")
# The short items of a list right before a name and their joins (各种|机器局、|制造局, 各项|衙门及|电报局).
LIST_BEFORE = re.compile(f"(?:{ITEM_CHARACTER}{{1,6}}(?:、|及|和|与))+$")
LIST_REACH = 42  # six items of six characters and their joins
# A nationality or region note after a name in a cast: (日), （港）.
NATIONALITY_NOTE = re.compile(r"[(（][\u4e00-\u9fff]{1,2}[)）]")
LISTED_THING_FREQ = 10  # jieba frequency of a noun that makes its list a list of things (虾仁: 31)
SEPARATORS = re.compile(f"[{NAME_DOTS}{re.escape(NAME_HYPHENS)}]")  # between a foreign name's parts


# ---------------------------------------------------------------------------------------- organisations


def trim_org(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span with a glued byline, dateline word or address trimmed, cut before a wiki reference mark,
    a market's shares (小米集团|港股), a board before its post (巴斯夫集团|董事会主席), a subject after a
    body (大学|社会学), a list's kind after 等 (伊力特|等俱乐部), units named by a determiner
    (科技部|有关司局), a body's website (中央纪委国家监委|网站), a count (中国联通|三家…) and after a
    reference list's ". ", and a ruling party's 政府 (工党|政府); None when nothing is left or the span
    crosses a line break."""
    surface = text[start:end]
    if "\n" in surface:
        return None
    m = FOOTNOTE.search(surface)
    if m:
        end = start + m.start()  # 北京林业大学|[95][96]: a wiki page's reference marks end the name
        surface = text[start:end]
    cited = surface.rfind(CITATION_SEPARATOR)
    if cited >= 0:
        start += cited + len(CITATION_SEPARATOR)  # 河北雄安新区. |新华社: a cited title, then its source
        surface = text[start:end]
    m = BYLINE_PREFIX.match(surface)
    if m and len(surface) - m.end() >= 2:
        start += m.end()
    datelines = [m.end() for m in DATELINE_INSIDE.finditer(text, start, end)]
    datelines += [m.end() for m in PLACE_DATELINE.finditer(text, start, end) if is_place(m.group("place"))]
    datelines.sort()
    if datelines and end - datelines[-1] >= 2:
        start = datelines[-1]
    m = ADDRESS_PREFIX.match(text, start, end)
    if m and end - m.end() >= 3:
        start = m.end()
    if DATELINE_SUFFIX.search(text, start, end) and end - start > 3:
        end -= 1
    lex = lexicon()
    if text.endswith(lex.party_government, start, end) and end - start > len(lex.party_government):
        end -= len(lex.government_suffix)  # 印度人民党|政府: the ruling party's government names the party
    start += glued_on_the_left(text[start:end])
    end -= verb_glued_on_the_right(text[start:end])
    m = lex.market_words_re.search(text, start + 2, end + 1)
    if m is not None and m.start() < end:
        end = m.start()  # 小米集团|港股, 腾讯控股|港股收涨: the shares, not the name
    subject = lex.discipline_re.search(text, start, end)
    if subject is not None and ends_a_body(text[start : subject.start()]):
        end = subject.start()  # 滑铁卢大学|社会学 (教授): the university, not its subject
    m = lex.board_re.search(text, start + 2, end)
    if m is not None and lex.board_post_re.match(text, end) and _a_company(text[start : m.start()]):
        end = m.start()  # 德国巴斯夫集团|董事会主席, 腾讯控股|董事会主席: the company, then its board's post
    m = lex.etc_kind_re.search(text, start + 2, end)
    if m is not None:
        end = m.start()  # 新疆伊力特|等俱乐部: a list's last item, then its kind
    m = lex.unnamed_units_re.search(text, start + 2, end)
    if m is not None and ends_a_body(text[start : m.start()]):
        end = m.start()  # 科技部|有关司局, 市政府|相关部门: the body, its units unnamed
    m = lex.body_outlet_re.search(text, start + 2, end)
    if m is not None and ends_a_body(text[start : m.start()]):
        end = m.start()  # 中央纪委国家监委|网站: the body's website, the body named
    m = COUNT_INSIDE.search(text, start + 2, end - 1)
    if m is not None and _a_body_before_a_count(text[start : m.start()]):
        end = m.start()  # 中国移动、中国电信、中国联通|三家基础电信企业: a count of the bodies listed
    while start < end and text[start].isspace():
        start += 1  # 新华社北京12月5日电| 华为…: the space after a dateline is no part of the name
    return (start, end) if end - start >= 2 else None


def before_activity(text: str, start: int, end: int) -> int:
    """Where an organisation's span ends when what the body does follows its name inside it, with a noun
    of up to ``body_activities.nouns_before_max`` characters before it or not (中央纪委国家监委|纪律审查,
    审计署|专项审计: ``lexicon.json`` body_activities): at the body; ``end`` when the span is not so."""
    lex = lexicon()
    m = lex.body_activity_re.search(text, start + 2, end)
    if m is None:
        return end
    for k in range(m.start(), max(start + 1, m.start() - lex.activity_nouns_max - 1), -1):
        if ends_a_body(text[start:k]):
            return k
    return end


def _a_body_before_a_count(name: str) -> bool:
    """``name`` is a body on its own: one of today's the lexicon lists (中国联通) or one ending in a suffix
    (not 山西介休|一所铁路医院, a place and 'a hospital')."""
    return lexicon().current_name_re.fullmatch(name) is not None or ends_a_body(name)


def verb_glued_on_the_right(surface: str) -> int:
    """1 where a one-character verb of the sentence is glued after a body the dictionary names (欧共体|评的
    奖, a body that 'rated' it) and ends no body's name, else 0. msra-train and msra-dev: no gold
    organisation is a dictionary body and such a verb."""
    lex = lexicon()
    last = surface[-1:]
    if len(surface) < 4 or last in lex.suffix_last_chars or word_flag(last) != "v":
        return 0
    body = surface[:-1]
    words = cut(surface)
    if words[-1] != last or not (word_flag(body) == "nt" or body in lex.standalone_names):
        return 0
    return 1


def person_name_parts(persons: Iterable[str]) -> tuple[str, ...]:
    """The story's persons' names (two characters or more) and the parts of foreign names (劳伦斯·洛克菲勒:
    洛克菲勒), longest first: what :func:`person_glued_to_org` looks for."""
    parts = {n for name in persons for n in (name, *SEPARATOR.split(name)) if len(n) >= 2}
    return tuple(sorted(parts, key=lambda n: (-len(n), n)))


def person_glued_to_org(text: str, start: int, end: int, names: Iterable[str]) -> tuple[int, int] | None:
    """An organisation's span without a person of the story glued to it.

    A person's name and a verb before the body are a clause, not a name (``陈冠希致电经理人公司``,
    ``洛克菲勒死于肺部``): None. A person's name after a body's suffix is cut off (``…公司|张三``); after
    anything else but a place the span is no body (``苏共二十大|赫鲁晓夫``: None), after a place it is
    left whole (``日本伊戈尔``, a company the story also names alone). In msra-train no gold organisation
    starts with a person of its document followed by a verb, and none ends with one (bodies named after
    a person go on with a noun: ``宋庆龄基金会``)."""
    surface = text[start:end]
    for name in names:
        n = len(name)
        if len(surface) > n and surface.startswith(name):
            first = cut(surface[n:])[0]
            if VERB_FLAG.match(word_flag(first) or ""):
                return None
        if len(surface) > n + 1 and surface.endswith(name):
            body = surface[:-n]
            if is_place(body):
                return start, end
            return (start, end - n) if lexicon().suffix_of(body) is not None else None
    return start, end


def person_before_post(text: str, start: int, end: int) -> int | None:
    """Where a body's name ends when a person's name is glued after it and a post follows
    (``顺德区金融业联合会|陈伊芬|秘书长``, ``…公司|张三|总经理``): the body ends with an institutional
    suffix, the two or three characters after it are a person's name starting with a surname, and a
    post (``titles``) comes right after the span. None when the span is not so."""
    lex = lexicon()
    if not text.startswith(lex.titles, end):
        return None
    surface = text[start:end]
    starts: dict[int, str] | None = None  # jieba's words by where they start, once a candidate needs them
    for k in (3, 2):
        name, body = surface[-k:], surface[:-k]
        if len(body) < 2 or name[0] not in surnames() or not CJK_ONLY.match(name) or not lex.suffix_of(body):
            continue
        if starts is None:
            words = cut(surface)
            starts = dict(zip(accumulate((len(w) for w in words), initial=0), words, strict=False))
        if len(body) not in starts:
            continue  # the name would start inside a word: 外国科|普室
        common = [w for p, w in starts.items() if p >= len(body) and len(w) >= 2]
        if any(not (word_flag(w) or "nr").startswith("nr") for w in common):
            continue  # a word of the dictionary, no name: 广州军区|公安|军
        if lex.suffix_of(name) is None and is_person_name(name):  # not a unit: …体院|武术系|主任
            return end - k
    return None


def names_a_relation(text: str, start: int, end: int) -> bool:
    """哥哥|纳尔逊大学室友: a span starting with a kinship word names a relation, not a body; 与德皇联盟，
    也和俄国联盟，: 联盟 after 与/和 at a clause's start or after an adverb, before the clause ends, is the
    verb "to ally with" (``lexicon.json``: ``org_not_first``, ``ally_verb``)."""
    lex = lexicon()
    if text.startswith(lex.org_not_first, start):
        return True
    m = lex.ally_verb_re.search(text, max(0, start - 2), min(len(text), end + 1))
    return m is not None and m.span("name") == (start, end)


def kind_across_places(text: str, start: int, end: int) -> bool:
    """上海、江苏和|浙江省电厂: a place and a kind of body (``generic_bodies.after_place_list``) after a
    list of places names that kind in each place, not one body (江苏省和|南京市妇联 is the city's one)."""
    lex = lexicon()
    name = text[start:end]
    kind = next((k for k in lex.place_list_kinds if name.endswith(k)), None)
    if not _a_place_and(name, kind) or start < 2:
        return False
    if text[start - 1] not in lex.place_list_joiners:
        return False
    return _place_before(text, start - 1) is not None


def a_places_system(text: str, start: int, end: int) -> bool:
    """香港|银行|体系: a place and a bare suffix right before ``systems_after`` names the place's system of
    such bodies, no one body."""
    lex = lexicon()
    if lex.system_after_re.match(text, end) is None:
        return False
    name = text[start:end]
    return _a_place_and(name, lex.suffix_of(name))


def _a_place_and(name: str, ending: str | None) -> bool:
    """``name`` is a place and ``ending`` (北京|站, 香港|银行, 浙江省|电厂)."""
    return ending is not None and len(name) > len(ending) and is_place(name[: -len(ending)])


def _place_before(text: str, at: int) -> str | None:
    """The place that is the last word of the segmentation of the few characters before ``at`` (a
    list's joiner or a dash there: 上海、江苏和|…, 中国—|…), or None."""
    before = cut(text[max(0, at - PLACE_LIST_LOOKBEHIND) : at])
    return before[-1] if before and is_place(before[-1]) else None


def locative_clause(text: str, start: int, end: int) -> bool:
    """The span opens a clause after a locative preposition (将在|渝|建设|新能源汽车研发总部, 在|沪|建设|储能超级工厂):
    a place's one-character short name, then a verb of founding or building (``lexicon.json``
    locative_clauses), not a name."""
    lex = lexicon()
    if (
        start == 0
        or text[start - 1] not in lex.locative_prepositions
        or text[start] not in lex.place_initials
    ):
        return False
    words = cut(text[start + 1 : end])
    return len(words) >= 2 and words[0] in lex.founding_verbs


def envoy_body(text: str, start: int, end: int) -> int | None:
    """Where the body starts in ``A驻B`` right before an envoy's post (葡萄牙驻|联合国|大使, 俄罗斯总统驻|
    独联体|特别代表): at B, the body the envoy is sent to; a name with an institutional suffix
    (中国驻英国大使馆) is a body itself and is left alone. None when the span is not so."""
    lex = lexicon()
    at = text.find("驻", start + 1, end)
    if at < 0 or not text.startswith(lex.envoy_posts, end) or lex.suffix_of(text[start:end]) is not None:
        return None
    return at + 1


def sub_unit_after(text: str, end: int) -> int:
    """Where a body's name ends when a working group of it follows (…指挥部学校|专项组, …局|工作组,
    …省委|调查组): a word ending in 组, or a two-character word and 组, right after the body; ``end``
    when none follows. MSRA tags such groups with their body (`省委调查组`, `中纪委驻国家税务总局纪检组`)."""
    words = cut(text[end : end + SUB_UNIT_LOOKAHEAD])
    if not words:
        return end
    first = words[0]
    if 2 <= len(first) <= 3 and first.endswith(SUB_UNIT) and CJK_ONLY.match(first):
        return end + len(first)
    if len(first) == 2 and CJK_ONLY.match(first) and len(words) > 1 and words[1] == SUB_UNIT:
        return end + 3
    return end


def ordinal_unit_after(text: str, end: int) -> int:
    """Where a body's name ends when a unit numbered with an ordinal follows it (新疆生产建设兵团|第一师,
    红军|第二十五师, 最高人民法院|第三巡回法庭: ``lexicon.json`` ordinal_units) and a word of the text ends after
    the unit (not 第三|军医大学, 第一|师范学院); ``end`` when none follows."""
    unit = lexicon().ordinal_unit_re.match(text, end)
    if unit is not None and unit.end() in edges_of(text, end, min(len(text), unit.end() + EDGE_WINDOW)):
        return unit.end()
    return end


def place_joined_before(text: str, start: int, end: int) -> int:
    """Where a body's name starts when places joined to it by one dash each stand right before it
    (中国|—|东盟博览会秘书处, 巴伦支海—欧洲—|北冰洋理事会: a body of partners, named by all); ``start`` when none
    does. Only a body with an institutional suffix (中国—|东盟 is a framework of two, not a body); not after a
    double dash (——, a clause's aside) nor after a word that is no place."""
    if lexicon().suffix_of(text[start:end]) is None:
        return start
    while start >= 2 and text[start - 1] in JOINING_DASHES and text[start - 2] not in JOINING_DASHES:
        place = _place_before(text, start - 1)
        if place is None:
            break
        start -= 1 + len(place)
    return start


def group_prefix_before(text: str, start: int, end: int) -> int:
    """Where a company's name starts when a central enterprise's short name stands right before the place it
    opens with (中车|株洲电力机车有限公司: ``group_prefixes``) or before a branch (中国石油|塔里木油田分公司: a
    branch is a group's, whatever it is named by), after a clause or list mark or at the text's start;
    ``start`` when none does."""
    lex = lexicon()
    if not text.endswith(lex.legal_forms, start, end):
        return start
    if not text.endswith(BRANCH, start, end) and not starts_with_admin_place(text[start:end]):
        return start
    m = lex.group_prefix_re.search(text, max(0, start - GROUP_PREFIX_MAX), start)
    if m is None or (m.start() > 0 and text[m.start() - 1] not in ITEM_OPENERS):
        return start
    return m.start()


def glued_on_the_left(surface: str) -> int:
    """How many characters of ``surface``'s start are a word glued on before the name: a function word
    (跟|人大常委会, 了|党组, 据|新华社), a dateline or 'former' (本报讯|中共安徽省委, 原|国家科委), or a
    phrase (三是|厅党组, 执行第三人|乌咀乡联校); a kind of body before a name in Latin script
    (前经纪公司|Star Music, not 美国太空总署NASA: msra-train and msra-dev have no gold organisation of
    Chinese ending in a suffix and then Latin letters)."""
    lex = lexicon()
    latin = LATIN_TAIL.search(surface)
    if latin is not None and latin.start() > 0:
        head = surface[: latin.start()]
        first = cut(head)[0] if CJK_ONLY.match(head) else ""
        if first and is_generic(head[len(first) :] if len(first) == 1 else head):
            return len(head)  # 唱片公司|…, 前|经纪公司|…: one character's word may stand before the kind
    phrase = next((p for p in lex.left_edge_phrases if surface.startswith(p)), None)
    if phrase is not None and len(surface) - len(phrase) >= 2:
        return len(phrase)  # 三是|厅党组: two words of jieba, one phrase glued on
    if lex.current_name_re.match(surface):
        return 0  # 顺丰速运有限公司: a listed name starts it (jieba reads 顺|丰|速|运)
    words = cut(surface)
    if len(words) < 2 or len(surface) - len(words[0]) < 2:
        return 0
    first = words[0]
    if len(first) == 1 and starts_with_admin_place(surface):
        return 0  # 于|都|县委: the county 于都 (jieba reads 于 'at')
    if first in lex.left_edge_words or (len(first) == 1 and word_flag(first) in lex.left_edge_flags):
        return len(first)
    return 0


def split_pair(surface: str, known: Collection[str] = ()) -> list[tuple[int, int]]:
    """(start, end) offsets within ``surface`` of the names in it: two for ``市委市政府`` and for
    ``团中央和国家科委`` (:func:`split_coordination`; ``known``: the story's other organisations, which
    count as bodies there), a body and what follows a preposition or a clause verb after it
    (:func:`split_at_preposition`, :func:`split_at_clause_verb`), else one."""
    m = PAIR_SECOND.search(surface)
    if m and m.start() >= 2 and PAIR_FIRST.match(surface[: m.start()]):
        return [(0, m.start()), (m.start(), len(surface))]
    whole = [(0, len(surface))]
    pairs = split_coordination(surface, known)
    if pairs != whole:
        return pairs
    words = cut(surface)  # segmented once for both checks
    pairs = split_at_preposition(surface, words)
    return split_at_clause_verb(surface, words) if pairs == whole else pairs


def _inner_words(surface: str, words: list[str] | None) -> Iterator[tuple[int, str]]:
    """``(position, word)`` of ``surface``'s words (jieba's, unless given) with two or more characters
    on each side: where a span can be cut into two names."""
    pos = 0
    for word in cut(surface) if words is None else words:
        if pos >= 2 and len(surface) - pos - len(word) >= 2:
            yield pos, word
        pos += len(word)


def split_at_preposition(surface: str, words: list[str] | None = None) -> list[tuple[int, int]]:
    """南京市文物局|向|法院, 奥地利广播电视台|为|代表团: a body, a preposition, and what the clause goes on to
    name are two spans (no gold organisation of msra-train or msra-dev holds a word jieba flags ``p``
    after a complete body); else the whole."""
    newer = lexicon().generic_newer_words_re
    for pos, word in _inner_words(surface, words):
        if word_flag(word) == "p" and ends_a_body(surface[:pos]) and not newer.match(surface, pos):
            return [(0, pos), (pos + len(word), len(surface))]  # not 海南省委|自|贸港工委: 自贸港 a word
    return [(0, len(surface))]


def split_at_clause_verb(surface: str, words: list[str] | None = None) -> list[tuple[int, int]]:
    """河北省文物研究所|联合|中国社会科学院考古所, 管委会|下设|党政办公室, 容城|属|冀中行署: a verb of
    ``clause_verbs`` as a word inside the span makes it a clause. The part before it is a name when it
    is a body on its own, the part after it when it ends with a body (a suffix after something, or a
    standalone name); the whole otherwise (no body after it: the span is left to the other checks).
    A verb that is also a word of names (``clause_verbs.name_words``: 中斯|联合|登山队, 北京大学|联合|
    天体物理中心) cuts only between a body and one that starts with a place or stands alone; after a verb of
    building (``clause_verbs.built``: 教育局|新建|改扩建学校) such a part alone is a name, the rest is the thing
    built."""
    lex = lexicon()
    whole = [(0, len(surface))]
    for pos, word in _inner_words(surface, words):
        if word not in lex.clause_verbs or _in_title(surface, pos):
            continue
        after = pos + len(word)
        second = surface[after:]
        if not ends_a_body(second):
            return whole
        placed = starts_with_place(second) or second in lex.standalone_names
        if word in lex.clause_name_words:  # 中斯|联合|登山队, 北京大学|联合|天体物理中心: a word of the name
            return [(0, pos), (after, len(surface))] if placed and ends_a_body(surface[:pos]) else whole
        if word in lex.clause_built_words and not placed:  # 教育局|新建|改扩建学校: the thing built
            return [(0, pos)] if ends_a_body(surface[:pos]) else whole
        return [(0, pos), (after, len(surface))] if ends_a_body(surface[:pos]) else [(after, len(surface))]
    return whole


def _in_title(surface: str, pos: int) -> bool:
    """Position ``pos`` of ``surface`` is inside a 《title》 (《科学通报》编辑部: the title's words are its own)."""
    return surface.rfind("《", 0, pos) > surface.rfind("》", 0, pos)


def _a_company(name: str) -> bool:
    """A body on its own (:func:`ends_a_body`), or a company of ``current_names`` (``is_listed_company``), alone
    or with the words of a group after it (腾讯, 腾讯控股, 美的集团; not 世行, whose 执行董事会 MSRA names)."""
    if ends_a_body(name):
        return True
    lex = lexicon()
    return any(
        lex.is_listed_company(name[:k]) and lex.name_runs_on_re.fullmatch(name, k) is not None
        for k in range(2, len(name) + 1)
    )


def ends_a_body(name: str, min_suffix: int = 1) -> bool:
    """A suffix of at least ``min_suffix`` characters ends ``name`` after something else (美国国务院,
    南京市文物局), or it is a standalone name (国务院): a body on its own."""
    lex = lexicon()
    suffix = lex.suffix_of(name)
    return (suffix is not None and min_suffix <= len(suffix) < len(name)) or name in lex.standalone_names


def split_coordination(surface: str, known: Collection[str] = ()) -> list[tuple[int, int]]:
    """美国国务院和国防部, 北京市教育局与市财政局: two bodies joined by a coordinator are two names when the part
    before it is a body on its own (an institutional suffix ends it, a standalone name, or an
    organisation the story names by itself, ``known``: 英特尔和苹果公司 beside 英特尔), or both parts start
    with bodies the lexicon names (腾讯控股和美团: 美团 ends in 团, and the grammar read one name); the
    ministries with 和 in their names (国家发展和改革委员会, 住房和城乡建设部) are one; after a post
    (美国总统和国会) only the body is a name."""
    lex = lexicon()
    pos = 0
    for word in cut(surface):
        if word in lex.coordinators and pos >= 2 and len(surface) - pos - len(word) >= 2:
            left = surface[:pos]
            post = next((t for t in (*lex.titles, *lex.coordinated_posts) if left.endswith(t)), None)
            if post is not None:
                body = left[: -len(post)]
                right = (pos + len(word), len(surface))
                if ends_a_body(body, min_suffix=2):  # 亚洲羽毛球联合会副主席和国际羽毛球联合会: both bodies
                    return [(0, len(body)), right]
                return [right]  # 美国总统和国会: a post and a body
            after = surface[pos + len(word) :]
            if ends_a_body(left) or (left in known and lex.suffix_of(after)) or _two_known(left, after):
                return [(0, pos), (pos + len(word), len(surface))]
        pos += len(word)
    return [(0, len(surface))]


def _two_known(left: str, after: str) -> bool:
    """腾讯控股和|美团: the part after the coordinator is a body the lexicon names and the part before starts
    with one (not 阿联酋石油及|自然资源部, one ministry)."""
    known = lexicon().known_bodies
    return after in known and any(left.startswith(name) for name in known)


def is_quantified(name: str) -> bool:
    """各地政府, 不少数据公司, 南通一乡镇卫生院: a determiner or a count, not a name."""
    return bool(lexicon().quantified_re.search(name))


def is_described(name: str) -> bool:
    """国际|著名|通讯社, 美国|大型|石油公司, 世界|一流大学: a word of fame, rank or size (``describing_words``),
    or a word it opens, describes some body of a kind; no name holds one as a word of its own."""
    words = lexicon().describing_words
    return any(word.startswith(words) for word in cut(name))


def is_a_places_station(name: str) -> bool:
    """北京站, 首尔站: a place and a word of ``after_a_place`` alone is a place (a station, a tour's stop)."""
    return _a_place_and(name, next((x for x in lexicon().after_a_place if name.endswith(x)), None))


def names_a_profession(name: str) -> bool:
    """新加坡|规划师, 联合国皇家|医师: the last word is a profession — a noun jieba knows, of two or more
    characters, ending in one of ``profession_endings`` — not a body (a division ends in 师 alone:
    红军第24|师; 农二师 is no noun to jieba)."""
    if not name.endswith(lexicon().profession_endings):
        return False
    last = cut(name)[-1]
    return len(last) >= 2 and len(last) < len(name) and word_flag(last) == "n"


def is_latin_org(name: str) -> bool:
    """A name written in Latin letters, or ending in them, that can be an organisation: an acronym
    (SBS, WTO), a name with an organisation word (Sierra Club, Star Records, ``latin_org_words``) or
    a Chinese name with its suffix around Latin letters (IBM中国研究院; not one character after a Latin
    name, iTunes|会: the modal verb). A character tagger trained on
    Chinese news reads song and album titles, people's names and captions in Latin script as
    organisations (Love Story, Oscar Wilde, 经纪公司Star Music): without one of these, no name.
    A name without Latin letters is not judged here (True)."""
    if not LATIN.search(name):
        return True
    lex = lexicon()
    if ACRONYM.fullmatch(name):
        return name not in lex.latin_not_acronyms  # SBS, WTO; not CNH, GDP
    if LATIN_THEN_ONE_CHARACTER.fullmatch(name):
        return False  # iTunes|会|自动…: one Chinese character after a Latin name is a word of the sentence
    tail = LATIN_TAIL.search(name)
    if tail is None:  # Latin inside a Chinese name: its suffix decides (IBM中国研究院, not Feat.金锺国)
        return lex.suffix_of(name) is not None
    latin = tail.group(0).strip()
    if CJK.search(name) and ACRONYM.fullmatch(latin):
        return latin not in lex.latin_not_acronyms  # 韩国SBS; not 红旗汽车SUV
    words = [w.lower() for w in LATIN_WORD.findall(latin)]
    if words and words[-1] in lex.latin_not_last_words:
        return False  # Colden Auditorium, APAN Music Awards: a venue, an event
    return bool(set(words) & lex.latin_org_words)


def is_generic(name: str) -> bool:
    """数据公司, 利益集团, 会计师事务所: a company-type suffix after one common noun (as common as
    the phrase rule's words: 网景公司, 实达集团 are names of rare words); 物流快递公司,
    国际联络小组: a body's suffix after common words only (:func:`is_generic_phrase`)."""
    lex = lexicon()
    if _a_countrys(name):
        return True
    suffix = next((s for s in lex.generic_suffixes if name.endswith(s)), None)
    if suffix is None:
        return is_generic_phrase(name)
    body = name[: -len(suffix)]
    if not body or body in lex.heads or is_admin_place(body) or lex.is_listed_company(body):
        return False  # 网易公司: a listed company's name, however common its word (网易 n)
    flag = word_flag(name)
    if flag is not None and flag not in lex.generic_flags:
        return False  # 农业银行 (nt), 工商银行 (j): a name in its own right
    if body in lex.generic_newer_words or (
        len(body) <= MAX_GENERIC_BODY
        and word_flag(body) in lex.generic_flags
        and word_freq(body) >= lex.generic_phrase_min_freq
    ):
        return True
    return is_generic_phrase(name)


def _a_countrys(name: str) -> bool:
    """美国公司, 日本企业, 外国厂商: a country's (not a province's or city's) companies, no one company."""
    lex = lexicon()
    suffix = next((s for s in lex.country_generic_suffixes if name.endswith(s)), None)
    if suffix is None:
        return False
    body = name[: -len(suffix)]
    return body in lex.country_generic_before or (is_place(body) and not is_admin_place(body))


def is_country_government(name: str) -> bool:
    """美国政府, 英国中央政府, 中国政府, 俄政府: a country's government, named by the country (the state acting,
    tagged as the country in news corpora); 济南市人民政府, 湖北省政府, 墨尔本市政府 are bodies."""
    lex = lexicon()
    if not name.endswith(lex.government_suffix):
        return False
    body = name[: -len(lex.government_suffix)]
    for qualifier in lex.government_qualifiers:
        if body.endswith(qualifier) and len(body) > len(qualifier):
            body = body[: -len(qualifier)]
            break
    return body in countries() or body in lex.country_abbreviations


def names_a_regime(name: str) -> bool:
    """法西斯政府, 意大利法西斯政府, 傀儡政府: a kind of regime's government, alone or a country's, names a
    state or an era, not a body (lexicon ``country_governments.regimes``)."""
    lex = lexicon()
    if not name.endswith(lex.government_suffix):
        return False
    body = name[: -len(lex.government_suffix)]
    regime = next((r for r in lex.government_regimes if body.endswith(r)), None)
    if regime is None:
        return False
    country = body[: -len(regime)]
    return not country or country in countries() or country in lex.country_abbreviations


def is_generic_phrase(name: str) -> bool:
    """物流快递公司, 商务物流公司, 国际联络小组, 考古队, 方舱医院: a suffix of ``generic_bodies.phrases``
    after nothing but common words (jieba's flags, or ``generic_bodies.newer_words``: 大数据, 方舱), each of
    two or more characters and common enough; no
    place, name, abbreviation, digit or Latin letter says which body. A name of jieba's dictionary
    with another flag (a name in its own right), a name starting with a head word (国家, 中央 …) and one
    starting with a body the tables name (鞍钢集团有限公司) are not generic."""
    lex = lexicon()
    suffix = next((s for s in lex.generic_phrase_suffixes if name.endswith(s)), None)
    if suffix is None or len(suffix) == len(name) or not CJK_ONLY.match(name):
        return False
    flag = word_flag(name)
    if flag is not None and flag not in lex.generic_flags:
        return False
    body = name[: -len(suffix)]
    if body in lex.heads or any(body.startswith(h) for h in lex.heads if len(h) >= 2):
        return False
    if any(lex.is_listed_body(body[:k]) for k in range(2, len(body) + 1)):
        return False  # 鞍钢集团|有限公司: a company the tables name, registered (鞍钢 a common noun to jieba)
    for part in lex.generic_newer_words_re.split(body):
        if part in lex.generic_newer_words:
            continue  # 大数据, 方舱: a common noun of today's news (jieba's dictionary lacks it)
        for word in cut(part):
            if len(word) < 2 or word_flag(word) not in lex.generic_flags or is_place(word):
                return False
            if word_freq(word) < lex.generic_phrase_min_freq:
                return False
    return True


def cuts_word_on_the_left(text: str, start: int) -> bool:
    """True when the character before ``start`` and the first one of the span form a common word while
    the span's own first two characters are no common word (对|华政策联盟: 对华 is a word, 华政 is not;
    驻|华大使馆: 华大 is a rare one; but 在|华中科技大学 is whole, and so is 从|中保人寿…: 中保 is a
    common word), and the sentence is read with that word there."""
    if start == 0 or start + 2 > len(text) or not CJK.match(text[start - 1]):
        return False
    if (
        word_freq(text[start - 1 : start + 1]) < MIN_WORD_FREQ
        or word_freq(text[start : start + 2]) >= MIN_WORD_FREQ
    ):
        return False
    return _word_across(text, start)  # 在|意大利驻华使馆: 在意 is a word, but not of this sentence


def _word_at(text: str, index: int, before: int, after: int) -> tuple[int, str, str] | None:
    """``(start, word, word before it)``: the word holding the character at ``index`` as jieba reads
    ``text`` from ``before`` characters before it to ``after`` characters after it."""
    pos = max(0, index - before)
    previous = ""
    for word in cut(text[pos : index + after]):
        if pos + len(word) > index:
            return pos, word, previous
        pos += len(word)
        previous = word
    return None


def noun_follows(text: str, end: int) -> bool:
    """The word jieba reads right after ``end`` is a noun or a post (欧盟|机构, 国会|议员): what a
    determiner before the name counts."""
    found = _word_at(text, end, 0, 6)
    if found is None or found[0] != end or len(found[1]) < 2:
        return False
    word = found[1]
    return (word_flag(word) or "").startswith("n") or word.endswith(lexicon().titles)


def _word_across(text: str, boundary: int) -> bool:
    """The sentence, as jieba reads it around ``boundary``, has a word running across it."""
    found = _word_at(text, boundary, 4, 6)
    return found is not None and found[0] < boundary


def cuts_word_on_the_right(text: str, end: int, begin: int | None = None) -> bool:
    """True when the span's last character and the one after it form a common word while the span's own
    last two characters are no word (…会议研究部|署: 部署 is a word, 究部 is not; but 北京大学|生 is
    whole: 大学 is a word, and so is …委员会|同意: 委员会 is a suffix), and the text there is read with
    that word (研究|部署|工作; not 农业部|副部长, 中国共产党|人, where 部副 and 党人 are no word of the
    sentence (jieba reads 中国共产党|人 there): on msra held-out and dev alike, the looser test dropped
    more true names than false ones). ``begin``, the span's start, lets a word holding the whole span
    (联合国大会, 教育部长) keep it."""
    if end < 2 or end >= len(text) or not CJK.match(text[end]):
        return False
    if word_freq(text[end - 1 : end + 1]) < MIN_WORD_FREQ or word_freq(text[end - 2 : end]) > 0:
        return False
    suffix = lexicon().suffix_of(text[max(0, end - 8) : end])
    if suffix is not None and len(suffix) >= 2:
        return False  # 委员会|同意: a whole suffix ends the name
    found = _word_at(text, end, 6, 4)
    if found is None or found[0] >= end:
        return False
    # the word holding the span's last character runs past it — unless it holds the whole span
    # (联合国|大会, 教育部|长: the name heads a longer word) or is the body's post after a word of the
    # name (法律|部长, 美国|国会议员); after a single character the post is a person's (商务局|曲|局长)
    start, word, before = found
    if begin is not None and start <= begin:
        return False
    return not (word.endswith(POST_ENDINGS) and len(before) >= 2)


# -------------------------------------------------------------------------------------------- persons


def is_person_name(name: str, *, simplified: bool = False) -> bool:
    """A plausible personal name on its own (without looking at the rest of the story); a name in
    traditional script must be one in simplified script too (``simplified``: it is that form)."""
    lex = lexicon()
    if name in lex.person_junk or "\n" in name:
        return False
    if is_common_word(name) or names_no_person(name):
        return False  # 谢谢, 胡子, 富翁, 张力: common words; 星巴克, 淘宝网: a dictionary's brand, website
    if is_foreign_name(name):
        return len(name) <= 16
    if not simplified:
        other = to_simplified(name)
        if other != name and not is_person_name(other, simplified=True):
            return False  # 德國, 何況: in traditional script a country, a conjunction
    if is_place(name) or name[-1] in lex.person_bad_last or name[1:2] in lex.person_not_second:
        return False
    if len(name) > 3 and lex.person_place_end_re.search(name):
        return False  # 京广高铁, 长江大桥: a place word at the end
    if len(name) == 3 and name[-1] in lex.person_place_direction and is_place_stem(name[:2]):
        return False  # 江阴南, 昆山北: a place and a direction (a toll station, a railway station)
    if any(name.endswith(c) and is_place(name[: -len(c)]) for c in lex.currencies):
        return False  # 瑞士法郎, 德国马克: a currency
    if len(name) == 3 and name[-1] in lex.person_plant_last and is_common_word(name[:2]):
        return False  # 苏铁林, 黄瓜皮: a common word and a plant's or a dish's last character
    if len(name) == 3 and name[0] in lex.person_pronoun_first and is_common_word(name[1:]):
        return False  # 其研究: a pronoun and a common word
    if len(name) == 3 and name[-1] == "国" and names_a_state(name[:2]):
        return False  # 高丽国: a kingdom the dictionary knows, and 国
    if name[1:] in lex.person_after_surname or name[1:] in lex.titles or name[1:] in lex.person_junk:
        return False  # 金所长, 杨母, 胡先生
    if len(name) == 2 and word_flag(name) in lex.not_person_flags:
        return False
    if len(name) >= 4 and _common_word_tail(name):
        # 涅夫时代, 咸丰皇帝; but a name written all in transliteration characters is foreign, and its
        # tail only looks like a word (乌多|文科, 德贝内|西亚)
        return in_transcription_characters(name)
    return True


NAME_ALONE_ELSEWHERE = 2  # a four-character name's first three alone this often elsewhere: the name is three
MAX_TRANSLITERATED = 10  # characters of a foreign name written without a separator


def trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a word of the sentence glued after or before the name (王梓木|便率, 王火|写《,
    遵|温源宁, 为|景甜: ``person_affixes.glued_last`` / ``glued_first``; 陈来|作主旨发言: ``glued_before_acts``;
    方敬文|生在南京, where the story
    names 方敬文 alone at least twice more: :func:`_three_stand_alone`); never shorter than two characters."""
    lex = lexicon()
    while end - start > 2 and text[end - 1] in lex.person_glued_last:
        end -= 1
    acts = lex.person_glued_before_acts.get(text[end - 1]) if end - start > 2 else None
    if acts is not None and text.startswith(acts, end):
        end -= 1  # 陈来|作主旨发言: a verb before the act it governs
    if end - start == 4 and _three_stand_alone(text, start, end):
        end -= 1
    while end - start > 2 and text[start] in lex.person_glued_first:
        start += 1
    return start, end


def named_by_surname(surname: str, form: str) -> str:
    """The name of a person the text names by surname and a form of address, post or the courts' 某:
    吴先生, 蒋局长, 梁某 (陈某某 is 陈某 too), whoever found it."""
    return surname + ("某" if form.startswith("某") else form)


def familiar_surname(name: str) -> int | None:
    """Where the surname stands in a name that is a surname and an honorific or kinship word after it
    (侯|老, 刘|姥姥, 王|大娘: ``surname_mentions.honorific_after``) or a form of address or post that
    names a person so (徐|女士, 吴|老板: ``unnamed_after``), or None: MSRA tags the surname alone there,
    the name says who it is."""
    lex = lexicon()
    rest = name[1:]
    if (rest in lex.honorific_after or rest in lex.unnamed_forms) and name[:1] in surnames():
        return 0
    return None


def _three_stand_alone(text: str, start: int, end: int) -> bool:
    """The four Chinese characters at ``text[start:end]`` stand nowhere else in the story, their first
    three at least ``NAME_ALONE_ELSEWHERE`` more times: the fourth is a word of the sentence (方敬文|生在南京
    beside 方敬文的重托, 方敬文由此想到). msra-train and msra-dev: no gold person of four characters stands so."""
    name = text[start:end]
    return (
        bool(CJK_ONLY.match(name)) and text.count(name) == 1 and text.count(name[:3]) > NAME_ALONE_ELSEWHERE
    )


def listed_among_things(text: str, start: int, end: int, names: Collection[tuple[int, int]]) -> bool:
    """The name at ``text[start:end]`` is a whole item inside a 、-list whose items on both sides are
    nouns of jieba's dictionary (``n``, at least ``LISTED_THING_FREQ``) that no name in ``names`` (spans)
    covers: a thing among things (虾仁、|鲍贝|、带子: seafood), not a person. msra-train and msra-dev:
    none of the 17,613 gold persons stands so (老舍 beside 梅兰芳 is a name there), down to frequency 5."""
    if (start > 0 and LIST_ITEM.match(text, start - 1)) or LIST_ITEM.match(text, end):
        return False  # the name is part of an item (毛泽东|思想)
    if start == 0 or text[start - 1] != LIST_MARK or text[end : end + 1] != LIST_MARK:
        return False  # inside a list only: 神话、|金贤重|和李昇基 (a band before a singer) stays
    before = LIST_ITEM_LAST.search(text, 0, start - 1)
    after = LIST_ITEM.match(text, end + 1)
    if before is None or after is None:
        return False
    for a, b in (before.span(), after.span()):
        word = text[a:b]
        if word_flag(word) != "n" or word_freq(word) < LISTED_THING_FREQ:
            return False
        if any(x < b and a < y for x, y in names):
            return False  # a name the recogniser found (老舍)
    return True


def every_kind_before(text: str, start: int) -> bool:
    """The short list that the name at ``start`` ends opens with 'every kind of' (各种机器局、|制造局,
    各项衙门及|电报局: ``quantified_names.before_list``), before its first item or as that item's start."""
    items = LIST_BEFORE.search(text, max(0, start - LIST_REACH), start)
    if items is None:
        return False
    first = items.start()
    every = lexicon().quantified_list_re
    return bool(every.match(text, first)) or any(
        m.end() == first for m in every.finditer(text, max(0, first - 4), first)
    )


def whole_list_item(text: str, start: int, end: int) -> int:
    """Where the name at ``text[start:end]`` ends when it is an item of a list of names cut one character
    short (工藤俊|作(日) on a cast's line, 胡一刀&李小飞|刀 in a byline): ``end + 1``, else ``end``
    (``person_affixes.list_item``)."""
    lex = lexicon()
    seps = lex.list_item_separators
    after = end + 1
    if end - start > 3 or after > len(text) or not CJK.match(text[end]):
        return end
    if start > 0 and text[start - 1] not in seps:
        return end
    note = NATIONALITY_NOTE.match(text, after)
    if note is None:
        if after < len(text) and text[after] not in seps:
            return end
        last, flag = text[end], word_flag(text[end]) or ""
        if last in lex.list_item_not_last or flag in lex.person_glued_flags or VERB_FLAG.match(flag):
            return end  # 王小明|文, 王小明|摄: a byline's word; 李四|说: a verb
    elif note.end() < len(text) and text[note.end()] not in seps:
        return end
    return after


def is_foreign_name(name: str) -> bool:
    """A foreign name written in parts: with middle dots (约翰·格伦), or with a hyphen or a dash where every
    other character is one of a transcription's (多琳·博格丹-马丁, 施特劳斯—卡恩; not 京雄－石雄)."""
    if FOREIGN_NAME.match(name):
        return True
    return HYPHENED_NAME.match(name) is not None and in_transcription_characters(SEPARATORS.sub("", name))


def in_transcription_characters(name: str) -> bool:
    """Every character of ``name`` is one that jieba's transcribed foreign names (``nrt``) use
    (克林顿, 马格德林; not 王小明)."""
    chars = characters_of("nrt")
    return all(c in chars for c in name)


def is_transliterated(name: str) -> bool:
    """内塔尼亚胡, 奥尔布赖特, 米洛舍维奇: a foreign name of five or more characters written without a
    separator, every character one that jieba's transcribed names (``nrt``) use."""
    if not CJK_ONLY.match(name) or not 5 <= len(name) <= MAX_TRANSLITERATED:
        return False
    return in_transcription_characters(name)


def _common_word_tail(name: str) -> bool:
    """向天安门, 涅夫时代, 锡澄高速, 咸丰皇帝: the name ends with a common word that is not a name."""
    for k in (2, 3):
        tail = name[-k:]
        if word_freq(tail) >= COMMON_TAIL_FREQ and not (word_flag(tail) or "").startswith("nr"):
            return True
    return False


def glued_before(text: str, start: int) -> bool:
    """The first character of the name at ``start`` is a word of the sentence glued on: a function word
    or verb alone (可|凤霞, 但|凤霞) or the end of a word begun before it (表|明凤霞)."""
    first = text[start]
    if word_flag(first) in lexicon().person_glued_flags and first not in surnames():
        return True  # but 于, 向, 何 are surnames as often as words
    return start > 0 and word_freq(text[start - 1 : start + 1]) >= MIN_WORD_FREQ


@functools.cache
def surnames() -> frozenset[str]:
    """Characters that start many of jieba's three-character person names, and the common surnames it
    has too few names of (lexicon ``surnames``)."""
    return first_characters_of("nr", 3, SURNAME_MIN_NAMES) | lexicon().more_surnames


def given_names(names: Iterable[str], glued: Callable[[str], bool]) -> tuple[dict[str, str], dict[str, str]]:
    """Two-character names of a story and the three- or four-character names ending with them:
    ``(given, to_short)``. ``given`` maps a given name to its full name (凤霞 -> 新凤霞, 钟书 -> 钱钟书,
    卓玛 -> 次仁卓玛: one such full name that is not ``glued``); ``to_short`` maps each three-character
    name that is ``glued`` (every mention of it starts with a word of the sentence: 可凤霞, 明凤霞) to the
    two-character name it holds. ``glued`` is asked only about the three-character names that end with
    another name."""
    found = set(names)
    full: dict[str, list[str]] = {}
    for b in found:
        if len(b) in (3, 4) and CJK_ONLY.match(b) and b[-2:] in found:
            full.setdefault(b[-2:], []).append(b)
    given: dict[str, str] = {}
    to_short: dict[str, str] = {}
    for a, bs in full.items():
        whole = []
        for b in bs:
            if len(b) == 3 and glued(b):
                to_short[b] = a
            else:
                whole.append(b)
        if len(whole) == 1:
            given[a] = whole[0]
    return given, to_short


def foreign_name_parts(names: Iterable[str]) -> dict[str, str]:
    """Names of a story that are the first or last part of exactly one foreign name of it written
    whole (斯宾塞 beside 迈克尔·斯宾塞, 劳伦斯 beside 劳伦斯·洛克菲勒) -> that name: the same person, named
    short. A part two whole names share (史密斯 beside 赫德里克·史密斯 and 温斯顿·史密斯) says neither."""
    found = set(names)
    owners: dict[str, set[str]] = {}
    for whole in found:
        parts = SEPARATOR.split(whole)
        if len(parts) >= 2:
            for part in {parts[0], parts[-1]}:
                if len(part) >= 2:
                    owners.setdefault(part, set()).add(whole)
    return {
        part: next(iter(wholes))
        for part, wholes in owners.items()
        if part in found and len(wholes) == 1 and not SEPARATOR.search(part)
    }


def places_named_after(names: Iterable[str]) -> set[str]:
    """Three-character names of a story that are a place named after another of its names: the name and
    a place character (屈原滩, 屈原村 beside 屈原)."""
    found = set(names)
    last = lexicon().person_place_last
    return {a for a in found if len(a) == 3 and a[-1] in last and a[:2] in found and CJK_ONLY.match(a)}


def coverage(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """1 at every position one of ``spans`` covers, 0 elsewhere."""
    covered = bytearray(size)
    for s, e in spans:
        covered[s:e] = b"\x01" * (e - s)
    return covered


def untagged_mentions(
    text: str, names: Iterable[str], taken: Iterable[tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``{name: [(start, end), ...]}``: where ``text`` names a person of the story that the tagger did not
    tag there — the whole name again (方骏 found at 4 of its 14 places; for a name of a surname and a
    form, 侯老, its surname: :func:`familiar_surname`), or the given name of a
    three-character Chinese name alone (绍棠 for 刘绍棠, 平伯 for 俞平伯). Only outside the ``taken`` spans,
    where no common word runs across either edge (小平|原, 的|小平), for Chinese names that are no
    common word themselves (建国, 国庆: lexicon ``given_name_mentions.max_freq``) unless jieba calls a
    name of three or more characters a name (毛泽东; but 黎明, 高峰 are words too); a given name two
    full names share names neither."""
    lex = lexicon()
    keys: dict[str, list[str]] = {}  # what to look for -> whose mention it is
    for name in dict.fromkeys(names):  # the story's order: the same result in every process
        if not (CJK_ONLY.match(name) and 2 <= len(name) <= 4):
            continue
        # 毛泽东 is a frequent word and a name; 黎明, 高峰 are words as often as names
        if word_freq(name) < lex.given_name_max_freq or (
            len(name) >= 3 and (word_flag(name) or "").startswith("nr")
        ):
            keys.setdefault(name, []).append(name)
        given = name[1:]
        if len(name) == 3 and name[0] in surnames() and word_freq(given) < lex.given_name_max_freq:
            keys.setdefault(given, []).append(name)
    covered = coverage(len(text), taken)  # 1 where a name already is: one look per place
    out: dict[str, list[tuple[int, int]]] = {}
    for key in sorted(keys, key=lambda k: (-len(k), k)):  # whole names first: 刘绍棠 before 绍棠
        owners = keys[key]
        if len(owners) != 1:
            continue
        a = text.find(key)
        while a >= 0:
            b = a + len(key)
            whole = key != owners[0] and a > 0 and text[a - 1 : b] == owners[0]
            if (
                whole
                and covered.find(1, a - 1, b) < 0
                and word_freq(text[a - 1 : a + 1]) < MIN_WORD_FREQ  # but 苏铁|林: a word inside the name
                and not (b < len(text) and word_freq(text[b - 1 : b + 1]) >= MIN_WORD_FREQ)
            ):
                # 过|程砚秋: the full name after a word that ends with its surname, not 砚秋 alone
                out.setdefault(owners[0], []).append((a - 1, b))
                covered[a - 1 : b] = b"\x01" * (b - a + 1)
            elif not whole and covered.find(1, a, b) < 0 and not common_word_across(text, a, b):
                # 侯老 named again: its surname is the mention, as where it was tagged
                at = familiar_surname(key) if key == owners[0] else None
                out.setdefault(owners[0], []).append((a, b) if at is None else (a + at, a + at + 1))
                covered[a:b] = b"\x01" * (b - a)
            a = text.find(key, b)
    return {name: sorted(found) for name, found in out.items()}


def _name_through_family_word(text: str, at: int) -> bool:
    """``text[at:at + 3]`` (a surname, 家 and a character that is no particle) stands twice or more in
    ``text`` and 家 makes no common word with that character: a person's name (于家乐), not a family."""
    name = text[at : at + 3]
    if len(name) < 3 or not CJK_ONLY.match(name) or text.count(name) < 2:
        return False
    return not PARTICLE_FLAG.match(word_flag(name[2]) or "") and word_freq(name[1:]) < MIN_WORD_FREQ


def _nearest(text: str, at: int, names: list[str]) -> str:
    """Of ``names``, the one named nearest to ``at`` in ``text`` (the first of them on a tie)."""

    def distance(name: str) -> int:
        before, after = text.rfind(name, 0, at), text.find(name, at)
        return min(at - before if before >= 0 else len(text), after - at if after >= 0 else len(text))

    return min(names, key=distance)


def surname_mentions(
    text: str, names: Iterable[str], taken: Iterable[tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``{name: [(start, start + 1), ...]}``: where ``text`` names a person of the story by the surname
    alone before a form of address or a post (吴|先生, 毛|主席, 王|老; lexicon ``surname_mentions``) or
    after a familiar prefix (老|胡, 小|王; not where the two make a word: 小于) and
    the story has one full Chinese name (two or three characters) with that surname (吴宓). Not inside
    the ``taken`` spans, not where the surname ends a word begun before it (主任|委员, 双方|代表) or
    follows a count (第七|任主席), not where the character is a prefix that makes one common word with
    the address (老先生; but jieba lists 程先生 and 王先生 too, and those are mentions)."""
    lex = lexicon()
    owners: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        if 2 <= len(name) <= 3 and CJK_ONLY.match(name) and name[0] in surnames():
            owners.setdefault(name[0], []).append(name)
    unique = {s: found[0] for s, found in owners.items() if len(found) == 1}
    if not owners:
        return {}
    covered = coverage(len(text), taken)
    out: dict[str, list[tuple[int, int]]] = {}
    for m in lex.surname_mention_re.finditer(text, 1):
        a = m.start() - 1
        owner = unique.get(text[a])
        if m.group() in lex.surname_family_forms:
            if _name_through_family_word(text, a):
                continue  # 姐姐于家乐 … 于家乐: a name, not 于's family
            if owner is None and text[a] in owners:
                owner = _nearest(text, a, owners[text[a]])  # 刘|家 between 刘耀明 and 刘宝华: the nearer's
        elif owner is None and text[a] in owners:
            owner = text[a] + m.group()  # 吴|先生 beside 吴宓 and 吴学昭: which one, the text does not say
        if (
            owner is None
            or not _surname_alone(text, a, covered)
            or (text.startswith(owner, a) and owner != text[a : m.end()])
            or (text[a] in lex.surname_not_prefix and word_freq(text[a : m.end()]) >= MIN_WORD_FREQ)
        ):
            continue
        out.setdefault(owner, []).append((a, a + 1))
    for m in lex.surname_prefix_re.finditer(text, 0, len(text) - 1):  # 老|胡, 小|王: the familiar forms
        a = m.end()
        owner = unique.get(text[a])
        if (
            owner is None
            or covered[a - 1]
            or not _surname_alone(text, a, covered)  # also 小于, 老子: the prefix and the surname a word
            or text.startswith(owner, a)
            or (a >= 2 and word_freq(text[a - 2 : a]) >= MIN_WORD_FREQ)  # 大小|王: the prefix ends a word
        ):
            continue
        out.setdefault(owner, []).append((a, a + 1))
    return out


def _surname_alone(text: str, a: int, covered: bytearray) -> bool:
    """The character at ``a`` can be a surname standing alone before the word after it: neither it nor
    the next one inside a name already found, no count before it (第七|任主席), and no word begun before
    it that it ends (主任|委员, 双方|代表)."""
    lex = lexicon()
    if covered[a] or covered.find(1, a + 1, a + 2) >= 0:  # the next one, where there is one
        return False
    return a == 0 or (
        text[a - 1] not in lex.surname_not_before and word_freq(text[a - 1 : a + 1]) < MIN_WORD_FREQ
    )


def leader_mentions(
    text: str, names: Iterable[str], taken: Iterable[tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``{name: [(start, start + 1), ...]}``: a national leader named by surname and post (毛|主席 →
    ``毛泽东``, 习|主席 → ``习近平``; lexicon ``leader_forms``), where the story names no other person
    with that surname (``names``); the mention is the surname, as for :func:`surname_mentions`. The
    same guards (:func:`_surname_alone`)."""
    lex = lexicon()
    owned = _by_surname(names)
    covered = coverage(len(text), taken)
    out: dict[str, list[tuple[int, int]]] = {}
    for m in lex.leader_form_re.finditer(text):
        a = m.start()
        leader = lex.leader_forms[m.group(0)]
        if owned.get(text[a], set()) - {leader} or not _surname_alone(text, a, covered):
            continue
        out.setdefault(leader, []).append((a, a + 1))
    return out


def pair_mentions(
    text: str, names: Iterable[str], taken: Iterable[tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``{name: [(start, start + 1), ...]}``: two persons named together by a character each (马|列主义
    → ``马克思``, ``列宁``; lexicon ``person_pairs``), outside the ``taken`` spans and where no common word
    runs across the pair's edges (人文景观 holds 文景). ``names`` is unused: the pair says who."""
    del names
    lex = lexicon()
    covered = coverage(len(text), taken)
    out: dict[str, list[tuple[int, int]]] = {}
    for m in lex.person_pair_re.finditer(text):
        a, b = m.span()
        if covered.find(1, a, b) >= 0 or common_word_across(text, a, b):
            continue
        for i, person in enumerate(lex.person_pairs[m.group(0)]):
            out.setdefault(person, []).append((a + i, a + i + 1))
    return out


def _by_surname(names: Iterable[str]) -> dict[str, set[str]]:
    """The story's Chinese names by their first character (their surname, for these finders)."""
    owned: dict[str, set[str]] = {}
    for name in names:
        if CJK_ONLY.match(name):
            owned.setdefault(name[0], set()).add(name)
    return owned


def unnamed_persons(
    text: str, names: Iterable[str], taken: Iterable[tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``{name: [(start, start + 1), ...]}``: a person the story names only by surname, before a form
    of address (吴|先生 → ``吴先生``), as the courts' anonymous ``X某`` (梁|某 → ``梁某``) or said and
    nothing more (一位姓|宫|的顾客 → ``宫某``), where no person of the story has that surname (those are
    :func:`surname_mentions`; ``X某`` even where one has: the person the court leaves unnamed is
    another). The mention is the surname, as MSRA tags it; the name says who it is. The same guards as
    :func:`surname_mentions` (:func:`_surname_alone`)."""
    lex = lexicon()
    owned = _by_surname(names)
    covered = coverage(len(text), taken)
    out: dict[str, list[tuple[int, int]]] = {}
    for m in lex.unnamed_person_re.finditer(text, 1):
        a = m.start() - 1
        address = m.group(0)
        if _unnamed_surname(text, a, address, owned, covered):
            name = named_by_surname(text[a], address)
            out.setdefault(name, []).append((a, a + 1))
    for m in lex.surname_said_re.finditer(text):  # 姓|宫|的: the surname said, no more
        a = m.start("surname")
        c = text[a]
        known = owned.get(c, {c + "某"})  # the story's one 宫某 or 孔经理 (named by surname alone) is the one
        if len(known) != 1 or c not in surnames() or covered[a - 1] or covered[a]:
            continue
        name = next(iter(known))
        if familiar_surname(name) == 0 or name == c + "某":
            out.setdefault(name, []).append((a, a + 1))
    return out


def _unnamed_surname(
    text: str, a: int, address: str, owned: Mapping[str, set[str]], covered: bytearray
) -> bool:
    """The character at ``a``, right before ``address`` (先生, 局长, 某 …), is the surname of a person the
    story names so: a surname (or, before the courts' 某, a surname that is a common word too: 初|某) no
    person of the story has (but 郭某 beside 郭伟: the court's anonymous 郭 is another), no prefix (老先生),
    conjunction or preposition (专家|和|老师, 从|大嫂身上), standing alone (:func:`_surname_alone`) and
    neither ending a word begun before it (成员国|部长, 检察官|秘书) nor beginning one (史书|记载)."""
    lex = lexicon()
    c = text[a]
    anonymous = address.startswith("某")
    return not (
        (c in owned and not anonymous)
        or c in lex.surname_not_prefix
        or c in lex.unnamed_not
        or (c not in surnames() and not (anonymous and c in lex.word_surnames))
        or not _surname_alone(text, a, covered)
        or (a >= 2 and word_freq(text[a - 2 : a + 1]) >= MIN_WORD_FREQ)
        or word_freq(text[a : a + 2]) >= MIN_WORD_FREQ
    )


def _glued_to_short_name(a: str, b: str, mentions: Mapping[str, int]) -> bool:
    """``a`` is the two-character name ``b`` with a word of the sentence glued on: a title or role
    after it, however often each is named (贺龙|元帅); or, named less often than ``b`` alone, a function
    word, verb … by jieba's flag (谢辛|和, 张松|乃一), or any one character where ``b`` is named at least
    twice as often (次洛|原计划); never a name jieba knows (杨恭如) but for a title."""
    if len(b) != 2 or len(a) - len(b) not in (1, 2) or not a.startswith(b) or not CJK_ONLY.match(a):
        return False
    lex = lexicon()
    tail = a[len(b) :]
    if tail in lex.person_junk or tail in lex.titles:
        return True  # 贺龙|元帅: a name and a title, however often each is tagged
    if mentions[a] >= mentions[b] or (word_flag(a) or "").startswith("nr"):
        return False
    if len(tail) == 1 and 2 * mentions[a] <= mentions[b]:
        return True
    return word_flag(a[len(b)]) in lex.not_person_flags


def drop_fragments(mentions: Mapping[str, int]) -> set[str]:
    """Names of a story that are a piece of another (赫鲁 / 晓夫 beside 赫鲁晓夫, 杨恭 beside 杨恭如) or
    another with one character glued on (钱锺书幸 beside a more often mentioned 钱锺书; for two-character
    names :func:`_glued_to_short_name`), from the names' mention counts. Parts of a foreign name split at
    ``·`` (劳伦斯 beside 劳伦斯·洛克菲勒) are kept."""
    found = set(mentions)
    glued = {
        a
        for a in found
        for b in found
        if len(a) == len(b) + 1
        and len(b) >= 3
        and a.startswith(b)
        and CJK_ONLY.match(a)
        and mentions[a] < mentions[b]
    }
    glued |= {a for a in found for b in found if _glued_to_short_name(a, b, mentions)}
    whole = found - glued
    pieces: set[str] = set()
    for a in whole:
        for b in whole:
            if len(b) <= len(a) or len(a) < 2 or a not in b or SEPARATOR.search(a):
                continue
            i = b.index(a)
            before = b[i - 1] if i > 0 else "·"
            after = b[i + len(a)] if i + len(a) < len(b) else "·"
            if not (SEPARATOR.match(before) and SEPARATOR.match(after)):
                pieces.add(a)  # a piece cut from b, not a whole part of a foreign name
    return glued | pieces
