"""Canonical organisation names: relative references, abbreviations, nesting (parent), kind.

- ``市委`` / ``市政府`` in a story about 济南 -> ``济南市委`` / ``济南市人民政府`` (the level word 省/市/县/区
  resolved with :class:`~pipelines.entities.places.StoryPlace`).
- Abbreviations from ``lexicon.json``: at the end of a name the full form (``济南市卫健委`` ->
  ``济南市卫生健康委员会``), inside a nested name the form used there (``国家卫健委人口监测与家庭发展司``
  -> ``国家卫生健康委人口监测与家庭发展司``).
- A nested name is one organisation; its parent (``国家卫生健康委员会``) is the longest leading part
  that is itself an institutional name.
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.entities.jieba_tables import word_flag, word_freq
from pipelines.entities.known_names import says_where_or_what
from pipelines.entities.lexicon import NAME_DOTS, lexicon
from pipelines.entities.places import (
    StoryPlace,
    is_admin_place,
    is_admin_place_chain,
    is_place_stem,
    place_table,
    starts_with_admin_place,
    world_places,
)
from pipelines.entities.short_forms import without_legal_form
from pipelines.segment import cut

MAX_PLACE = 6  # longest place abroad looked for before a level character
# a relative name's level character -> the level of the place it belongs to (西藏自治区|区委 is no district's)
LEVELS = {"省": 0, "市": 1, "县": 2, "区": 2}
MAX_ADMIN = 8  # longest province or city name (新疆维吾尔自治区, 延边朝鲜族自治州)
# Characters trimmed from the edges of a surface form.
EDGE_PUNCT = re.compile(
    r"^[\s“”\"'‘’《》〈〉「」『』（）()\[\]【】、，,。.:：;；]+|[\s“”\"'‘’《》〈〉「」『』（）()\[\]【】、，,。.:：;；]+$"
)
# Quotation and title marks inside a name: 《读书》杂志 -> 读书杂志, “春蕾计划”组委会 -> 春蕾计划组委会.
INNER_MARKS = re.compile(r"[“”\"‘’《》〈〉「」『』]")
# Words starting with a level character that are not relative references (市场, 区域 …).
NOT_RELATIVE = re.compile(
    r"^(?:市场|市民|市区|市级|市直|市属|市值|市县|市容|市政(?!府)|区域|区县|区级|区属|区块|区间|县城|县级|县域"
    r"|省级|省份|省属|省直|省心|省钱)"
)
# full-width letters and digits -> ASCII; the dots stories write between a transliterated name's parts -> ·
ONE_FORM: dict[int, str | int] = {
    **{
        c: c - 0xFEE0
        for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for c in range(r[0], r[1] + 1)
    },
    **{ord(d): "·" for d in NAME_DOTS if d != "·"},
    0x3000: " ",  # the ideographic space between Latin words (Sony　Music)
}
# a place or a generic word in brackets inside a registered name: 腾讯科技（深圳）有限公司, 华润（集团）有限公司
BRACKETED = re.compile(r"[（(]([^（）()]{1,8})[）)]")
MAX_REGISTERED_PLACE = 7  # longest place (or two) before a company's name: 广东省深圳市
# the Party before a local committee of it, and the relative bodies that are the Party's (委: 省委, 市委 …)
PARTY_PREFIXES = ("中国共产党", "中共")
# a place's Party committee, its discipline commission, or a department of the committee, ending the name
PARTY_COMMITTEE = re.compile(r"[省市县区州盟旗](?:委(?:组织部|宣传部|统战部|政法委|办公室|办公厅)?|纪委)$")
PLACE_COMMITTEE = re.compile(r"([省市县区州盟旗])委员会$")
# a term of a congress or a conference (第九届, 八届), and the bodies counted so
TERM = re.compile(r"第?[一二三四五六七八九十百零〇\d]+届")
TERM_BODY = re.compile(r"人民代表大会|人大|政协|政治协商会议")
MIN_PARENT = 3  # shortest parent name
MIN_LISTED_PARENT = 2  # shortest parent name a table of the lexicon lists (央行)
MIN_CHILD = 2  # shortest part after the parent


def verb_before_relative(name: str) -> int:
    """How many characters of ``name``'s start are a verb of two characters or more glued before a body
    named by its level (联合|区市场监管局, 协调|市公安局: the story's own district's bureau), else 0; not a
    place's name jieba reads as a verb (进贤|县委)."""
    lex = lexicon()
    if (
        not name
        or name[-1] not in lex.suffix_last_chars
        or not any(c in lex.relative_levels for c in name[2:5])
    ):
        return 0  # most names: no level character where a relative name after a verb would start
    first = cut(name)[0]
    if len(first) < 2 or len(first) == len(name) or word_flag(first) != "v" or is_place_stem(first):
        return 0  # 进贤|县委, 怀来|县委, 开封|县委: a county jieba reads as a verb
    return len(first) if is_relative(name[len(first) :]) else 0


def is_relative(name: str) -> bool:
    """``市委``, ``省政府``, ``县卫健委`` …: a name that means nothing without the story's place."""
    lex = lexicon()
    if not name or name[0] not in lex.relative_levels or NOT_RELATIVE.match(name):
        return False
    if starts_with_admin_place(name) or name.endswith(lex.foreign_bodies):
        return False  # 市议会: a foreign city's council, not ours
    return bool(lex.relative_re.match(name) or lex.suffix_of(name[1:]))


def resolve_relative(name: str, place: StoryPlace | None) -> str:
    """``市委`` -> ``济南市委`` when the story's city is 济南市, ``自治区党委`` -> ``内蒙古自治区党委`` in a story
    of Inner Mongolia (unchanged when unknown)."""
    lex = lexicon()
    if place is None:
        return name
    autonomous = _autonomous(name, place)
    if autonomous is not None:
        return autonomous
    if not is_relative(name):
        return name
    where = place.for_level(lex.relative_levels[name[0]])
    if not where or not where.endswith(name[0]):
        return name
    return where + name[1:]


def place_at_level(name: str, level: str) -> str | None:
    """The place (or two, 宁夏回族自治区固原市) ``name`` starts with, ending with the level character ``level``
    (固原市委, 市: 固原市); None when it starts with none."""
    for k in range(min(len(name) - 1, 2 * MAX_ADMIN), 1, -1):  # the longest first
        head = name[:k]
        if head.endswith(level) and (is_admin_place(head) or is_admin_place_chain(head)):
            return head
    return None


def _autonomous(name: str, place: StoryPlace) -> str | None:
    """``自治区财政厅`` in a story of an autonomous region: that region's (``内蒙古自治区财政厅``); None when
    ``name`` is no body named by an autonomous level word or the story's place at that level is none."""
    lex = lexicon()
    word, level = next(((w, v) for w, v in lex.autonomous_levels if name.startswith(w)), ("", ""))
    rest = name[len(word) :]
    if not word or not rest or not (rest in lex.relative_bodies or lex.suffix_of(rest)):
        return None
    where = place.for_level(level)
    return where + rest if where and where.endswith(word) else None


def expand_abbreviations(name: str) -> str:
    """Full forms for abbreviations: final position -> full name, inside a nested name -> infix form."""
    lex = lexicon()
    full = [(f.start(), f.end()) for f in lex.full_form_re.finditer(name)]
    out: list[str] = []
    pos = 0
    for m in lex.abbreviation_re.finditer(name):
        final, infix = lex.abbreviations[m.group(0)]
        if any(a <= m.start() < b for a, b in full) or any(
            name.endswith(g, 0, m.start()) for g in lex.abbreviation_guard
        ):
            continue  # already (inside) a full form: 卫生健康委员会, 归国华侨联合会, 人民政府
        context = lex.abbreviation_context.get(m.group(0))
        if context is not None:
            before = name[: m.start()]
            if (
                not before
                or before[-1] not in context[0]
                or before.endswith(context[1])
                or _abroad(before[:-1])
            ):
                continue  # 福特政府, 香港特区政府, 墨尔本市政府: not a Chinese 人民政府
        out.append(name[pos : m.start()])
        out.append(final if m.end() == len(name) else infix)
        pos = m.end()
    out.append(name[pos:])
    return "".join(out)


def _abroad(stem: str) -> bool:
    """The name before a level character ends in a place abroad (墨尔本|市, 智利圣地亚哥|市), not one of
    China's (北京 is in both tables)."""
    world = world_places()
    return any(
        stem[-k:] in world and not is_admin_place(stem[-k:]) for k in range(2, min(len(stem), MAX_PLACE) + 1)
    )


def one_form(name: str) -> str:
    """A name as stored, whichever way a story typed it: full-width letters and digits as ASCII (ＩＢＭ, ７国集团:
    IBM, 7国集团), a transliterated name's dot as ``·`` (查尔斯•克洛弗, 查尔斯・克洛弗: 查尔斯·克洛弗), the
    ideographic space as a space. Applied to the step's final names only: its rules read a name as the
    story typed it (a Latin name in full-width letters is read as msra's news writes one)."""
    return name.translate(ONE_FORM)


def stored_name(name: str) -> str:
    """The name the step stores for an organisation it named ``name`` (its rules read ``name``): a listed
    company without 公司, without a congress's term, a local Party committee without 中共, in one form
    (:func:`without_registered_form`, :func:`without_term`, :func:`without_party_prefix`, :func:`one_form`)."""
    return one_form(without_party_prefix(without_term(without_registered_form(name))))


def without_registered_form(name: str) -> str:
    """A company of ``current_names`` by a registered name is the company as the news names it:
    ``华为公司``, ``华为技术有限公司``, ``华为投资控股有限公司``, ``腾讯科技（深圳）有限公司``,
    ``深圳市腾讯计算机系统有限公司``, ``北京字节跳动科技有限公司`` -> ``华为``, ``腾讯``, ``字节跳动``. The name is the
    company's (the longest listed one), places before it or in brackets, nothing after it but the generic
    words of registered names (``companies.registered_words``: 技术, 科技, 集团 …) and a legal form; without a
    legal form, the company's name and a group's words alone (``腾讯控股``, ``TCL集团``: 腾讯, TCL; ``新浪科技``,
    Sina's news channel, stays). Not a
    name where another word follows the company's (``中信证券股份有限公司``, ``中通客车控股股份有限公司``:
    other companies), nor a company no list names (``苹果公司``: 苹果 is a company only in lists)."""
    core = without_legal_form(name)
    registered = core != name  # without a legal form only the words after it (腾讯控股, TCL集团), no place
    core = _without_brackets(core)
    lex = lexicon()
    words = lex.registered_words_re if registered else lex.group_words_re
    for start in _place_ends(core) if registered else [0]:
        rest = core[start:]
        for end in range(len(rest), 1, -1):
            if rest[:end] in lex.current_bodies and words.fullmatch(rest, end) is not None:
                return rest[:end] if lexicon().is_listed_company(rest[:end]) else name
    return name


def _place_ends(core: str) -> list[int]:
    """Where a registered name's company name may start: at once, or after an administrative place (or
    two) before it (深圳市|腾讯, 广东省深圳市|腾讯)."""
    return [0] + [
        k
        for k in range(2, min(len(core) - 1, MAX_REGISTERED_PLACE + 1))
        if is_admin_place(core[:k]) or is_admin_place_chain(core[:k])
    ]


def without_party_prefix(name: str) -> str:
    """``中共河北省委``, ``中共济南市委员会``, ``中国共产党济南市委员会``, ``中共济南市委宣传部``: a local committee of
    the Party (or one of its departments) is named as relative names resolve (``河北省委``, ``济南市委``,
    ``济南市委宣传部``), one body whether a story wrote 中共 or not. Not the centre's (中共中央) nor a
    committee of no administrative place (中共晋冀豫省委, 中共河北雄安新区工作委员会)."""
    prefix = next((p for p in PARTY_PREFIXES if name.startswith(p)), None)
    if prefix is None:
        return name
    rest = without_province(one_level(name[len(prefix) :]))
    rest = PLACE_COMMITTEE.sub(r"\1委", rest)  # 济南市委员会: 济南市委
    if starts_with_admin_place(rest) and PARTY_COMMITTEE.search(rest):
        return rest
    return name


def without_term(name: str) -> str:
    """``九届全国人大``, ``政协巴彦淖尔市第五届委员会``, ``河北省第十三届人民代表大会常务委员会``: a congress or a
    political consultative conference in one of its terms is the body (``全国人大``, ``政协巴彦淖尔市委员会``)."""
    if not TERM_BODY.search(name):
        return name
    return TERM.sub("", name, count=1)


def canonical_name(surface: str, place: StoryPlace | None = None) -> str:
    name = INNER_MARKS.sub("", EDGE_PUNCT.sub("", surface))
    name = resolve_relative(one_level(name), place)
    return without_province(company_without_place(expand_abbreviations(name)))


def one_level(name: str) -> str:
    """``河南省省委``, ``北京市市政府``, ``长沙市芙蓉区区委``: a place (after its city, as written) and a relative
    name of its own level (``relative``: level and body), written out, are the place's body (``河南省委``,
    ``北京市人民政府``, ``长沙市芙蓉区委``); not ``天津市|市话局``, nor ``西藏自治区|区委`` (a province)."""
    table = place_table().by_name
    for k in range(2, min(len(name) - 2, 2 * MAX_ADMIN) + 1):
        if name[k - 1] != name[k] or not lexicon().relative_re.match(name, k):
            continue
        for j in range(max(0, k - MAX_ADMIN), k - 1):  # the place ending at k, after a place or nothing
            place = table.get(name[j:k])
            if place is not None and place.level == LEVELS.get(name[k]) and (j == 0 or name[:j] in table):
                return name[:k] + name[k + 1 :]
    return name


def without_province(name: str) -> str:
    """``山东省聊城市中级人民法院``, ``广西钦州市委``: a body named with its province before its city is named
    from the city (prefecture-level cities' names are China's only ones; relative names resolve to the
    city, ``济南市委``), one body whether a story wrote the province or not. Not a company: its legal name
    is as registered (``山东临沂市…有限公司``)."""
    table = place_table().by_name
    for k in range(min(len(name) - 3, MAX_ADMIN), 1, -1):  # the longest province first: 山东省 before 山东
        province = table.get(name[:k])
        if province is None or province.level != 0:
            continue
        rest = name[k:]
        for j in range(min(len(rest) - 1, MAX_ADMIN), 2, -1):
            city = table.get(rest[:j])
            if (
                city is not None
                and city.level == 1
                and city.name == rest[:j]
                and city.province == province.province
            ):
                return name if kind_of(name) == "company" else rest
        return name
    return name


def company_without_place(name: str) -> str:
    """A company of ``current_names`` after a city or province (唐山|建行, 深圳|华为: its branch there, or
    the company said with its home) is named as the company (建行, 华为); the mention keeps the place.
    Not a body of government or party (安吉县网信办) nor one abroad (日本防卫省)."""
    for k in range(2, min(len(name) - 1, MAX_PLACE) + 1):
        if is_admin_place(name[:k]) and name[k:] in lexicon().current_bodies:
            return name[k:] if lexicon().is_listed_company(name[k:]) else name
    return name


def _crosses(name: str, end: int, suffix_len: int) -> bool:
    """True when a longer suffix runs across ``end`` (委|员会 in 委员会): not a name boundary."""
    lex = lexicon()
    longest = len(lex.suffixes_longest_first[0])
    for st in range(max(0, end - longest), end):
        for n in range(end - st + 1, longest + 1):
            if name[st : st + n] in lex.suffix_kind and st + n > end:
                return True
    return False


def parent_of(name: str) -> str | None:
    """The canonical name of the organisation ``name`` is nested in, or None."""
    lex = lexicon()
    for end in range(MIN_LISTED_PARENT, len(name) - MIN_CHILD + 1):
        if name[end:] in lex.current_bodies and lex.is_listed_body(name[:end]):
            return expand_abbreviations(name[:end])  # 中国人民解放军|南部战区: a unit today's names list
        if name[end:] in lex.services and lex.kind_of(name[:end]) == "military":
            return expand_abbreviations(name[:end])  # 北部战区|海军: a theatre command's own navy
    crossed: set[int] | None = None  # cuts inside a word of the name (北大|西洋: 北大西洋), not the whole one
    for end in range(len(name) - MIN_CHILD, MIN_LISTED_PARENT - 1, -1):
        prefix = name[:end]
        rest = name[end:]
        # 央行|货币政策委员会, 中国人民银行|货币…: a listed body's unit (not 中国华能|集团有限公司, itself; not
        # 清华|大学, its own form)
        if (
            lex.is_listed_body(prefix)
            and lex.suffix_of(rest) is not None
            and rest[0] not in "员长"
            and not _registered(rest)
        ):
            if crossed is None:
                crossed = _inside_words(name)
            if end not in crossed and not _one_listed_body(prefix, name):
                return expand_abbreviations(prefix)
        if end < MIN_PARENT:
            continue
        suffix = lex.suffix_of(prefix)
        if suffix is None or prefix == suffix or prefix in lex.blocklist:
            continue
        if len(suffix) == 1 and suffix not in lex.standalone_suffixes:
            continue
        if _crosses(name, end, len(suffix)):
            continue
        if lex.suffix_of(rest) is None or rest[0] in "员长" or _is_word(name[end - 1 : end + 1]):
            continue  # 委|员会, 科|学技术大学: the cut runs through a word
        if rest in lex.legal_forms or any(prefix.count(a) != prefix.count(b) for a, b in ("（）", "()")):
            continue  # 中国华能集团|有限公司: the group itself, by its legal name; 控股（集团|）
        head = prefix[: -len(suffix)]
        if not head or head in lex.relative_levels:
            continue
        return expand_abbreviations(prefix)
    return None


def _inside_words(name: str) -> set[int]:
    """The positions of ``name`` inside a word of its segmentation, where that word is not the whole name."""
    out: set[int] = set()
    pos = 0
    for word in cut(name):
        if len(word) < len(name):
            out.update(range(pos + 1, pos + len(word)))
        pos += len(word)
    return out


def _one_listed_body(prefix: str, name: str) -> bool:
    """``prefix`` is a form of the body or company ``name`` names (清华 of 清华大学, 北大 of 北京大学)."""
    lex = lexicon()
    return any(
        table.get(prefix) is not None and table.get(prefix) == table.get(name, name)
        for table in (lex.national_bodies, lex.international_bodies, lex.company_groups)
    )


def _registered(rest: str) -> bool:
    """What follows a company's name in a registered name of the company itself: generic words, a place or a
    group in brackets, a legal form (中国华能|集团有限公司, 腾讯|科技（深圳）有限公司), not a unit of it."""
    return lexicon().registered_words_re.fullmatch(_without_brackets(without_legal_form(rest))) is not None


def _without_brackets(core: str) -> str:
    """A registered name's core without the brackets that say where or what the company is (（深圳）, （集团）)."""
    return BRACKETED.sub(lambda m: "" if says_where_or_what(m.group(1)) else m.group(0), core)


def _is_word(pair: str) -> bool:
    """True when ``pair`` (the characters either side of a cut) is a word in jieba's dictionary."""
    return word_freq(pair) > 0


def kind_of(name: str) -> str | None:
    """The kind of the organisation named so: the table's where a listed body's suffix tells it wrong
    (``national_bodies.kinds``: 中国人民银行 is government, not a company), else its suffix's."""
    lex = lexicon()
    return lex.national_kinds.get(name) or lex.kind_of(name)


def aliases_of(org: dict[str, Any]) -> set[str]:
    """Every surface form of an organisation dict (as in ``item.organizations``), canonical name included.

    For the storage layer's ``organization_aliases`` (surface form -> organisation).
    """
    names = {org["name"]}
    names.update(m["text"] for m in org.get("mentions", ()) if m.get("text"))
    return names
