"""The entity step: organisations and persons of a cleaned body, and the story's place (issue 5).

Imported through :mod:`pipelines.entities` (``from pipelines.entities import apply_to_item``), which
loads this module only when one of its names is first used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from crawler.items import ArticleItem
from pipelines.entities.abbreviated_bodies import abbreviated_bodies
from pipelines.entities.canonical import (
    NOT_RELATIVE,
    canonical_name,
    is_relative,
    kind_of,
    one_form,
    parent_of,
    place_at_level,
    verb_before_relative,
)
from pipelines.entities.declared_forms import declared_forms
from pipelines.entities.edges import TitleMarkRecognizer, repair_spans
from pipelines.entities.filters import (
    a_places_system,
    before_activity,
    coverage,
    cuts_word_on_the_left,
    cuts_word_on_the_right,
    drop_fragments,
    envoy_body,
    every_kind_before,
    familiar_surname,
    foreign_name_parts,
    given_names,
    glued_before,
    glued_on_the_left,
    group_prefix_before,
    in_transcription_characters,
    is_a_places_station,
    is_country_government,
    is_described,
    is_foreign_name,
    is_generic,
    is_latin_org,
    is_person_name,
    is_quantified,
    is_transliterated,
    kind_across_places,
    leader_mentions,
    listed_among_things,
    locative_clause,
    named_by_surname,
    names_a_profession,
    names_a_regime,
    names_a_relation,
    noun_follows,
    ordinal_unit_after,
    pair_mentions,
    person_before_post,
    person_glued_to_org,
    person_name_parts,
    place_joined_before,
    places_named_after,
    split_pair,
    sub_unit_after,
    surname_mentions,
    trim_org,
    trim_person,
    unnamed_persons,
    untagged_mentions,
    whole_list_item,
)
from pipelines.entities.jieba_tables import word_flag, word_freq
from pipelines.entities.key_labs import KeyLabRecognizer
from pipelines.entities.known_names import KnownNameRecognizer
from pipelines.entities.lexicon import CJK_ONLY, ITEM_OPENERS, LIST_MARK, lexicon
from pipelines.entities.list_siblings import (
    bodies_in_lists,
    no_bodies_in_lists,
    persons_in_lists,
    places_among_places,
)
from pipelines.entities.national_bodies import (
    joint_parts,
    kept_as_written,
    name_organisations,
    on_the_mainland,
)
from pipelines.entities.places import (
    StoryPlace,
    countries,
    is_place,
    is_place_chain,
    starts_with_admin_place,
    starts_with_place,
    story_place,
)
from pipelines.entities.recognizers import (
    ORG,
    PER,
    ConsistentRecognizer,
    GrammarRecognizer,
    Recognizer,
    Span,
    UnionRecognizer,
    places_of,
)
from pipelines.entities.short_forms import merge_short_forms
from pipelines.entities.tagger import Tagger
from pipelines.segment import cut
from pipelines.text.t2s import simplified_view, view_with_story

log = logging.getLogger(__name__)

# A name starts and ends with a CJK ideograph, a letter or a digit (never an emoji or punctuation).
NAME_EDGES = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9Ａ-Ｚａ-ｚ０-９](?:.*[\u4e00-\u9fffA-Za-z0-9Ａ-Ｚａ-ｚ０-９])?", re.S
)
# A name that starts with a quoted or titled part: 《读书》杂志, “春蕾计划”组委会 (the marks kept in the mention).
QUOTED_START = re.compile(r"《[^《》]+》|“[^“”]+”|「[^「」]+」|『[^『』]+』")
COORDINATION = "、和与及"  # between two bodies listed together
PARTNER_DASHES = "-—－―"  # between a joint venture's partners (一汽-大众汽车有限公司)
PARTNER_DASH = re.compile(f"[{re.escape(PARTNER_DASHES)}]")
GROUP_ENDINGS = ("集团",)  # a company's ending besides its legal forms (德国巴斯夫|集团)
PARTNER_MAX_CHARS = 4  # a partner's short name before the dash (一汽, 戴姆勒)
GROUP = "集团"
# 州政府 right after a prefecture's body is its government, as 市政府 is a city's
PREFECTURE, CITY = "州", "市"
MAX_RELATIVE_BODY = 8  # characters of a relative body's name after its level word (卫生健康委员会)
# "第十次" right before a span: a numbered meeting (第十次全国代表大会), not an organisation.
NUMBERED_EVENT = re.compile(r"第[一二三四五六七八九十百零〇\d０-９]+次$")
# "Each district's …" right before a span, within its clause: 各区县（功能区）|卫生健康局 is every district's
# bureau, no one body (the span alone lost the 各 that the quantified-name check reads).
PLURAL_LEVELS_BEFORE = re.compile(r"各(?:省|市|县|区|乡|镇|地|级)+(?:（[^（）]{1,6}）|\([^()]{1,6}\))?$")

_DEFAULT: Recognizer | None = None


def default_recognizer() -> Recognizer:
    """The model unioned with the suffix grammar over the model's own tokens (one model pass) and
    the names in title or quotation marks; the spans' edges repaired (:mod:`pipelines.entities.edges`),
    longest span winning, then the document-consistency filter. Built once; the model loads on first
    use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = model_recognizer()
    return _DEFAULT


def model_recognizer(tagger: Tagger | None = None) -> Recognizer:
    """:func:`default_recognizer` over ``tagger`` (default: the shipped default tagger), built anew."""
    from pipelines.entities.tokens import AnchoredGrammar, ModelRecognizer, ModelTokenizer

    tokens = ModelTokenizer(tagger)
    union = UnionRecognizer(
        [
            ModelRecognizer(tokens),
            AnchoredGrammar(GrammarRecognizer(tokens), tokens),
            TitleMarkRecognizer(),
            KnownNameRecognizer(tokens.persons),
            KeyLabRecognizer(tokens),
        ],
        name="union",
        repair=repair_spans,
    )
    return ConsistentRecognizer(union)


def _is_person(name: str) -> bool:
    if name in lexicon().current_persons:
        return True  # 高市早苗: four characters and no Chinese surname, a person of today's news
    if len(name) < 2:
        return False  # 月亮之|王|: one character is no name here (a bare surname is a mention, found later)
    if not is_foreign_name(name) and not (CJK_ONLY.match(name) and len(name) <= 4):
        # a long name: transliterated, Japanese, or one jieba knows as a person's (米开朗琪罗)
        long_name = is_transliterated(name) or (word_flag(name) or "").startswith("nr") or _japanese(name)
        if not long_name:
            return False
    return is_person_name(name)


def _no_person_here(text: str, start: int, end: int, person_spans: list[tuple[int, int]]) -> bool:
    """What stands around the name at ``text[start:end]`` says it names no person there: a place named
    after one (徐霞客|大道) or a place (名城|卡诺), a listed company's announcement (伊戈尔|：拟…), a document
    number's issuer code (吉政明电|〔2022〕), a people (马格德林|人, 努特卡|土著: a name in transcription
    characters), a thing among things (虾仁、|鲍贝|、带子)."""
    lex = lexicon()
    if lex.person_place_after_re.match(text, end):
        return True
    if lex.person_place_before_re.search(text, max(0, start - lex.person_place_before_len), start):
        return True
    if lex.announcement_after_re.match(text, end) or lex.document_number_after_re.match(text, end):
        return True
    if (
        end - start >= 3
        and lex.people_after_re.match(text, end)
        and in_transcription_characters(text[start:end])
    ):
        return True
    return listed_among_things(text, start, end, person_spans)


def _japanese(name: str) -> bool:
    """桥本龙太郎, 大江健三郎: five or six Chinese characters after a Japanese family name."""
    surnames = lexicon().japanese_surnames
    return (
        bool(CJK_ONLY.match(name)) and 5 <= len(name) <= 6 and (name[:2] in surnames or name[:3] in surnames)
    )


def _is_org(name: str) -> bool:
    lex = lexicon()
    if name in lex.standalone_names or name in lex.current_bodies or name in lex.company_groups:
        return True  # 国务院, 党中央 (heads of longer names too), 小米集团, 东风公司 (a group's form)
    if name in lex.services:
        return True  # 海军, 空军: a head of longer names, and a service of the armed forces on its own
    if len(name) < 2 or name in lex.blocklist or name in lex.heads or is_place(name) or is_place_chain(name):
        return False
    if name in lex.bare_bodies or lex.is_not_organisation(name) or is_quantified(name) or is_generic(name):
        return False
    if is_described(name):
        return False  # 国际著名通讯社: a description of some body
    if is_a_places_station(name):
        return False  # 北京站, 光州站: a station or a tour's stop
    if is_country_government(name) or names_a_regime(name):
        return False  # 美国政府: the country itself; 法西斯政府: a kind of regime
    if not is_latin_org(name):
        return False  # Love Story, Oscar Wilde, 经纪公司Star Music: no organisation in Latin script
    if name.endswith(lex.titles) or names_a_profession(name):
        return False  # 馆长, 省委常委: a post, not a body; 新加坡规划师: a profession
    if name in lex.abbreviations and name not in lex.suffix_kind:
        return True  # 发改委 …, but not a bare 政府
    return len(name) != len(lex.suffix_of(name) or "")  # a bare suffix (协会, 委员会) names nothing


def _unresolved_level(name: str) -> bool:
    """省工业, 市中心 …: starts with a bare level word the story's place did not resolve."""
    lex = lexicon()
    for level in lex.unresolvable_levels:
        rest = name[len(level) :]
        if name.startswith(level) and (rest in lex.relative_bodies or rest == lex.suffix_of(rest)):
            return True  # 镇政府, 乡党委: which town?
    if name[0] not in lex.relative_levels or NOT_RELATIVE.match(name):
        return False
    return not starts_with_admin_place(name)


def _indefinite(text: str, start: int, end: int) -> bool:
    """一个|国际联络小组, 大部分|商务物流公司, 某|中医专科医院: a determiner or a count right before, or
    各种/各项 … ('every kind of') at the start of a short list the name ends (各种机器局、|制造局) —
    unless it counts a noun after a body that is named (some EU bodies, 某些|欧盟|机构; some US
    congressmen, 一些|美国国会|议员): a body the lexicon knows, or one that starts with a place."""
    lex = lexicon()
    if lex.quantified_before_re.search(text, max(0, start - 4), start) is None and not every_kind_before(
        text, start
    ):
        return False
    name = text[start:end]
    if name not in lex.standalone_names and name not in lex.known_bodies and not starts_with_place(name):
        return True
    return not noun_follows(text, end)


def _add_org(
    orgs: dict[str, dict[str, Any]],
    text: str,
    start: int,
    end: int,
    place: StoryPlace,
    bare: list[tuple[str, int, int]],
) -> None:
    surface = text[start:end]
    listed_after = _listed_after_place(orgs, text, start, surface)
    if listed_after is not None:
        written = listed_after + surface[1:]  # 固原市委、|市政府: 固原市政府
    else:
        written = _paired_after(orgs, text, start, surface) or surface  # 雄安新区党工委、|管委会
    name = canonical_name(written, place)
    relative = is_relative(name) or _unresolved_level(name)
    if relative or not _is_org(name):
        if relative or name == lexicon().suffix_of(name):
            bare.append((name, start, end))  # 县委, 筹委会: names a body only through the story (below)
        return
    org = orgs.get(name)
    if org is None:
        org = orgs[name] = _new_org(name)
    org["mentions"].append({"text": surface, "start": start, "end": end})


def _new_org(name: str) -> dict[str, Any]:
    """An organisation of the story, not yet mentioned: its name, kind and parent."""
    return {"name": name, "kind": kind_of(name), "parent": parent_of(name), "mentions": []}


def _prefecture_bodies(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a body named by 州 alone listed right after an autonomous prefecture's (临夏州委、|州政府):
    the grammar reads no level 州 (州议会, 州工党 are a state's); :func:`_listed_after_place` names it."""
    if PREFECTURE not in text:
        return spans
    relative_re = lexicon().relative_re
    added: list[Span] = []
    for s in [s for s in spans if s.label == ORG and place_at_level(text[s.start : s.end], PREFECTURE)]:
        end = s.end
        while text[end : end + 1] in COORDINATION and text.startswith(PREFECTURE, end + 1):
            m = relative_re.match(CITY + text[end + 2 : end + 2 + MAX_RELATIVE_BODY])
            if m is None:
                break
            added.append(Span(end + 1, end + 1 + m.end(), ORG))  # 、|州政府|和|州人大常委会
            end = added[-1].end
    taken = {(s.start, s.end) for s in spans}
    added = [a for a in added if (a.start, a.end) not in taken]
    return sorted([*spans, *added]) if added else spans


def _listed_after_place(orgs: dict[str, dict[str, Any]], text: str, start: int, surface: str) -> str | None:
    """The place of the body a relative name is listed right after (固原市委、|市政府 in a story datelined
    银川: 固原市's government; 临夏州委、|州政府: an autonomous prefecture's, 临夏州 as the news writes it),
    at the relative name's level; None for none."""
    # 州 is a level only here: after a prefecture's body (临夏州委、|州政府), not a state's (州议会, 州工党)
    if not is_relative(surface) and not (surface[0] == PREFECTURE and is_relative(CITY + surface[1:])):
        return None
    before = _listed_right_before(orgs, text, start)
    return None if before is None else place_at_level(before, surface[0])


def _paired_after(orgs: dict[str, dict[str, Any]], text: str, start: int, surface: str) -> str | None:
    """A body named alone right after its pair (雄安新区党工委、|管委会: ``lexicon.json`` paired_bodies) is the
    same place's, named with the pair's place (雄安新区管委会); None for none."""
    partners = lexicon().paired_bodies.get(surface)
    before = _listed_right_before(orgs, text, start) if partners else None
    if partners is None or before is None:
        return None
    partner = next((p for p in partners if len(before) > len(p) and before.endswith(p)), None)
    return None if partner is None else before[: -len(partner)] + surface


def _listed_right_before(orgs: dict[str, dict[str, Any]], text: str, start: int) -> str | None:
    """The name of the organisation whose mention ends right before the list mark or conjunction before
    ``start`` (固原市委|、|市政府, 雄安新区党工委|、|管委会); None for none."""
    if start < 2 or text[start - 1] not in COORDINATION:
        return None
    return next((o["name"] for o in orgs.values() for m in o["mentions"] if m["end"] == start - 1), None)


def _short_mentions(
    orgs: dict[str, dict[str, Any]],
    text: str,
    bare: list[tuple[str, int, int]],
    place: StoryPlace | None = None,
) -> None:
    """筹委会 after 澳门特别行政区筹备委员会, 县委 after 文安县委: a bare body (a relative form the story's
    place did not resolve, or a body's suffix alone) is a mention of the story's one organisation whose
    name ends so; with none, or two (which one?), it stays unreported. Not a bare 政府 (lexicon:
    short_mentions). With none, a bare institution word (``bare_bodies``: 常委会, 县委, 纪委; not a suffix alone,
    联盟, 理事会) is a mention of the story's one parent written so at the head of its unit's name (常委会 after
    全国人大常委会|法制工作委员会: the Standing Committee, named for that mention)."""
    never, bare_bodies = lexicon().no_short_mentions, lexicon().bare_bodies
    owners: dict[str, list[dict[str, Any]]] = {}  # once per bare name, not per place
    for name, start, end in bare:
        if name in never:
            continue
        if name not in owners:  # by its name or a form the story wrote (人大常委会: 人民代表大会常务委员会)
            owners[name] = [o for n, o in orgs.items() if _ends_with(n, o, name)]
            if not owners[name] and name in bare_bodies:
                owners[name] = _parents_written(orgs, name, place)
        if len(owners[name]) == 1:
            owners[name][0]["mentions"].append({"text": text[start:end], "start": start, "end": end})
    for owner in (o[0] for o in owners.values() if len(o) == 1):
        named = orgs.setdefault(owner["name"], owner)  # a parent named by its bare form only now
        if named is not owner:
            named["mentions"].extend(owner["mentions"])  # two bare forms of one parent


def _parents_written(
    orgs: dict[str, dict[str, Any]], short: str, place: StoryPlace | None
) -> list[dict[str, Any]]:
    """The story's parents (``parent_of`` a unit it names) written at the head of a unit's mention and ending
    with ``short`` (全国人大常委会|法制工作委员会: 全国人民代表大会常务委员会 for 常委会), each as a new organisation
    without mentions; one at most per parent."""
    found: dict[str, dict[str, Any]] = {}
    for org in orgs.values():
        parent = org.get("parent")
        if not parent or parent in found or parent in orgs:
            continue
        for m in org["mentions"]:
            at = m["text"].find(short, 1)
            head = m["text"][: at + len(short)] if at > 0 else ""
            if head and len(head) < len(m["text"]) and canonical_name(head, place) == parent:
                found[parent] = _new_org(parent)
                break
    return list(found.values())


def _ends_with(name: str, org: dict[str, Any], short: str) -> bool:
    """The organisation's name or one of its mentions is longer than ``short`` and ends with it."""
    return any(
        len(t) > len(short) and t.endswith(short) for t in (name, *(m["text"] for m in org["mentions"]))
    )


def _tails_of_whole_names(orgs: dict[str, dict[str, Any]], text: str) -> None:
    """美国青春再造|国际医美研究中心 where the story names 美国青春再造国际医美研究中心 as well: the tagger cut
    the whole name short there; the span and what stands before it are a mention of the whole."""
    owner_of = {m["text"]: n for n, o in sorted(orgs.items()) for m in o["mentions"]}
    surfaces = sorted(owner_of, key=lambda w: (-len(w), w))
    wholes: list[tuple[int, int]] = []
    for name in list(orgs):
        kept = []
        for m in orgs[name]["mentions"]:
            whole = _whole_name_around(text, m["start"], m["text"], surfaces, tail=True)
            if whole is None or owner_of[whole[0]] == name:
                kept.append(m)
                continue
            surface, start, end = whole
            owner = orgs[owner_of[surface]]
            if all(o["start"] != start for o in owner["mentions"]):
                owner["mentions"].append({"text": surface, "start": start, "end": end})
                wholes.append((start, end))
        if kept:
            orgs[name]["mentions"] = kept
        else:
            del orgs[name]
    if wholes:  # what stood before the tail is the whole's too, were it another name's mention (华润|市委)
        _drop_mentions_inside(orgs, wholes)


def _drop_mentions_inside(orgs: dict[str, dict[str, Any]], wholes: list[tuple[int, int]]) -> None:
    """Every mention strictly inside one of ``wholes`` dropped (an organisation left with none, too)."""
    _drop_mentions_where(
        orgs,
        lambda m: any(
            a <= m["start"] and m["end"] <= b and (a, b) != (m["start"], m["end"]) for a, b in wholes
        ),
    )


def _drop_mentions_where(orgs: dict[str, dict[str, Any]], drop: Callable[[dict[str, Any]], bool]) -> None:
    """Every mention ``drop`` says so of dropped; an organisation left with none is no organisation."""
    for name in list(orgs):
        kept = [m for m in orgs[name]["mentions"] if not drop(m)]
        if kept:
            orgs[name]["mentions"] = kept
        else:
            del orgs[name]


# A surface form this long is looked for as it is; a shorter one only where it is one of jieba's words.
LONG_SURFACE = 4


def _untagged_org_mentions(orgs: dict[str, dict[str, Any]], text: str, spans: list[tuple[int, int]]) -> None:
    """帐篷小学 tagged once, left untagged twice: wherever the story names again an organisation it
    reported, outside every span found, that is a mention too — a name of four or more characters where
    it cuts no word at either edge (the span edge tests of the recogniser: 研究部|署), a shorter one that is
    no kind of body alone (人大, 中共; not 公司) where it is one of the sentence's words and not after
    各级 (issue 12's twentieth step)."""
    wanted = [(org, surface) for org in orgs.values() for surface in sorted(_surfaces(org))]
    wanted += _own_names_under_parents(orgs)
    if not wanted:
        return
    taken = [(m["start"], m["end"]) for o in orgs.values() for m in o["mentions"]]
    covered = coverage(len(text), taken + spans)  # a mask: a name on every line stays linear
    words: set[tuple[int, int]] | None = None
    for org, surface in wanted:
        pos = text.find(surface)
        while pos >= 0:
            end = pos + len(surface)
            if covered.find(1, pos, end) >= 0:
                pass  # found there already, or inside another name
            elif len(surface) < LONG_SURFACE:
                if words is None:
                    words = _word_spans(text)
                # 人大 as the sentence's word (not 老人|大都), and not every level's (各级|人大: no one body)
                if (pos, end) in words and not PLURAL_LEVELS_BEFORE.search(text, max(0, pos - 9), pos):
                    _add_mention(org, surface, pos, covered)
            elif not cuts_word_on_the_left(text, pos) and not cuts_word_on_the_right(text, end, pos):
                _add_mention(org, surface, pos, covered)
            pos = text.find(surface, end)


def _own_names_under_parents(orgs: dict[str, dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """A unit's own name after its parent's (国家天文台 of 中国科学院国家天文台: the story names it so
    again), of four or more characters, starting with a head word or a place and ending in a suffix (not
    临时办事处, 上市公司: kinds of body), where no other organisation of the story has that part too."""
    lex = lexicon()
    owner: dict[str, dict[str, Any]] = {}
    shared: set[str] = set()  # a part two organisations of the story have: neither's
    for org in orgs.values():
        parent = org.get("parent")
        if not parent:
            continue
        for m in org["mentions"]:
            rest = m["text"][len(parent) :] if m["text"].startswith(parent) else ""
            if (
                len(rest) >= LONG_SURFACE
                and lex.suffix_of(rest) not in (None, rest)
                and (rest.startswith(lex.head_starts) or starts_with_place(rest))
                and owner.setdefault(rest, org) is not org
            ):
                shared.add(rest)
    return [(org, rest) for rest, org in sorted(owner.items()) if rest not in shared and rest not in orgs]


def _add_mention(org: dict[str, Any], surface: str, pos: int, covered: bytearray) -> None:
    end = pos + len(surface)
    org["mentions"].append({"text": surface, "start": pos, "end": end})
    covered[pos:end] = b"\x01" * (end - pos)


def _surfaces(org: dict[str, Any]) -> set[str]:
    """The surface forms an organisation was found under: of four or more characters, or shorter
    ones that are no kind of body alone (人大, 丰田; not 公司, 议会, 医院: the story's own body, which
    MSRA leaves untagged when it is named so again)."""
    lex = lexicon()
    return {
        m["text"]
        for m in org["mentions"]
        if len(m["text"]) >= LONG_SURFACE
        or (len(m["text"]) >= 2 and (lex.suffix_of(m["text"]) is None or m["text"] in lex.standalone_names))
    }


def _word_spans(text: str) -> set[tuple[int, int]]:
    """Where jieba's words of ``text`` start and end."""
    out: set[tuple[int, int]] = set()
    pos = 0
    for w in cut(text):
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def _persons_governments(orgs: dict[str, dict[str, Any]], persons: dict[str, dict[str, Any]]) -> None:
    """马伊加政府, 克林顿政府: a government named after a person of the story is that person's mention
    (msra-train tags the person at all 40 such places, never the whole); the organisation goes."""
    suffix = lexicon().government_suffix
    for name in [n for n in orgs if n.endswith(suffix) and n[: -len(suffix)] in persons]:
        person = persons[name[: -len(suffix)]]
        starts = {m["start"] for m in person["mentions"]}  # the tagger may have named him there too
        for m in orgs.pop(name)["mentions"]:
            end = m["end"] - len(suffix)
            if m["text"].endswith(suffix) and end > m["start"] and m["start"] not in starts:
                person["mentions"].append(
                    {"text": m["text"][: -len(suffix)], "start": m["start"], "end": end}
                )
        person["mentions"].sort(key=lambda m: m["start"])


def _persons_in_lists(text: str, spans: list[Span]) -> list[Span]:
    """A short organisation without an institutional suffix listed among persons (安南、布什、克里、|小泉|、
    阿罗约): a person too, as the tagger read its neighbours. A name the lexicon knows stays a body (冯德莱恩、|北约|
    秘书长吕特)."""
    lex = lexicon()
    by_end = {s.end: s for s in spans}
    by_start = {s.start: s for s in spans}
    out = []
    for s in spans:
        if s.label == ORG and 2 <= s.end - s.start <= 4:
            name = text[s.start : s.end]
            if (
                lex.suffix_of(name) is None
                and name not in lex.standalone_names
                and not lex.is_listed_body(name)
                and CJK_ONLY.match(name)
            ):
                before = by_end.get(s.start - 1) if s.start > 0 and text[s.start - 1] == LIST_MARK else None
                after = by_start.get(s.end + 1) if text[s.end : s.end + 1] == LIST_MARK else None
                labels = {x.label for x in (before, after) if x is not None}
                if labels == {PER}:
                    s = Span(s.start, s.end, PER)
        out.append(s)
    return out


def _parties_tagged_as_persons(text: str, spans: list[Span]) -> list[Span]:
    """A "person" of three or more characters ending in 党 is a party (宋双党: msra-train and msra-dev
    tag one of their 17,613 persons so, 和平新党, a party too); a blocklisted word (入党) is neither."""
    lex = lexicon()
    return [
        Span(s.start, s.end, ORG) if s.label == PER and lex.names_a_party(text[s.start : s.end]) else s
        for s in spans
    ]


def _foreign_companies_read_as_persons(text: str, spans: list[Span]) -> list[Span]:
    """A "person" whose name is the core of a foreign company the story names in full — a country, the core, a
    group's or company's ending (德国|巴斯夫|集团 … 欢迎|巴斯夫|扩大投资) — is that company named shortly: the
    tagger reads a transcribed company name alone as a person's."""
    persons = [s for s in spans if s.label == PER]
    if not persons:
        return spans
    cores = {core for s in spans if s.label == ORG and (core := _foreign_company_core(text[s.start : s.end]))}
    if not cores:
        return spans
    return [
        Span(s.start, s.end, ORG) if s.label == PER and text[s.start : s.end] in cores else s for s in spans
    ]


def _foreign_company_core(name: str) -> str | None:
    """巴斯夫 of 德国巴斯夫集团: the part between a country and a company's legal form or 集团 (``legal_forms``,
    :data:`GROUP_ENDINGS`), in characters a transcription uses; None for any other name."""
    lex = lexicon()
    board = lex.board_re.search(name)
    if board is not None:
        name = name[: board.start()]  # 德国巴斯夫集团|董事会 before its chairman
    ending = next((e for e in (*lex.legal_forms, *GROUP_ENDINGS) if name.endswith(e)), None)
    if ending is None:
        return None
    country = next((name[:k] for k in range(2, min(len(name), 6)) if name[:k] in countries()), None)
    if country is None:
        return None
    core = name[len(country) : len(name) - len(ending)]
    return core if len(core) >= 2 and CJK_ONLY.match(core) and in_transcription_characters(core) else None


def _no_other_org(ordered: list[tuple[Span, re.Match[str]]], own: Span, start: int, end: int) -> bool:
    """No organisation's span but ``own`` overlaps ``start:end`` (a name widened over its unit or its
    partners does not run into the next one's)."""
    return not any(
        sp is not own and sp.label == ORG and sp.start < end and start < sp.end for sp, _ in ordered
    )


def _partners_joined(text: str, spans: list[Span]) -> list[Span]:
    """一汽-大众汽车有限公司, 戴姆勒—克莱斯勒公司: a company named by two partners joined by one dash, the first
    partner's short name (two to four characters, the tagger's organisation, after a clause or list mark or at
    the text's start) right before the dash, the company's name (ending in a legal form or 集团) right after it:
    one organisation, named by both (MSRA tags 戴姆勒—奔驰公司, 沃尔—马特公司, 佩诺—里加集团 whole)."""
    if PARTNER_DASH.search(text) is None:
        return spans
    lex = lexicon()
    ends = lex.legal_forms + (GROUP,)
    out: list[Span] = []
    for s in spans:
        first = out[-1] if out else None
        if (
            first is not None
            and first.label == ORG
            and s.label == ORG
            and s.start == first.end + 1
            and text[first.end] in PARTNER_DASHES
            and 2 <= first.end - first.start <= PARTNER_MAX_CHARS
            and CJK_ONLY.match(text[first.start : first.end])
            and (first.start == 0 or text[first.start - 1] in ITEM_OPENERS)
            and text.endswith(ends, s.start, s.end)
        ):
            out[-1] = Span(first.start, s.end, ORG)
            continue
        out.append(s)
    return out


def _joint_bodies(text: str, spans: list[Span]) -> list[Span]:
    """中共中央国务院, 党中央国务院: two listed bodies the grammar joined into one name (the tagger's two, or
    its one) are two organisations (:func:`national_bodies.joint_parts`), also before what they do
    (中央纪委国家监委|纪律审查: :func:`filters.before_activity`)."""
    return [
        part
        for s in spans
        for part in (
            [Span(a, b, ORG) for a, b in joint_parts(text, s.start, before_activity(text, s.start, s.end))]
            if s.label == ORG
            else [s]
        )
    ]


def extract_entities(
    text: str,
    *,
    title: str = "",
    channel: str | None = None,
    url: str | None = None,
    recognizer: Recognizer | None = None,
    place: StoryPlace | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(organizations, persons) of ``text`` in the item format, in order of first mention."""
    orgs, persons, _ = entities_and_place(
        text, title=title, channel=channel, url=url, recognizer=recognizer, place=place
    )
    return orgs, persons


def entities_and_place(
    text: str,
    *,
    title: str = "",
    channel: str | None = None,
    url: str | None = None,
    recognizer: Recognizer | None = None,
    place: StoryPlace | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], StoryPlace]:
    """(organizations, persons, the story's place) of ``text``: :func:`extract_entities` and the place
    it resolved relative names with (``place`` when given; an empty one for an empty text).

    Text in traditional script is read in simplified script (:func:`simplified_view`, one character for
    one): the tagger and the rules learnt simplified news (msra-dev written in traditional script: ORG
    F1 0.36 read as it is). Names are then in simplified script (香港特区政府, 夏宝龙), the same body or
    person whichever script a story used; each mention's text is the story's own (香港特區政府)."""
    view = simplified_view(text)
    if view is text:
        return _entities_and_place(text, title, channel, url, recognizer, place, traditional=False)
    title_view = view_with_story(title, text, view)
    orgs, persons, place = _entities_and_place(
        view, title_view, channel, url, recognizer, place, traditional=True
    )
    for entity in (*orgs, *persons):
        for m in entity["mentions"]:
            m["text"] = text[m["start"] : m["end"]]
    return orgs, persons, place


def _entities_and_place(
    text: str,
    title: str,
    channel: str | None,
    url: str | None,
    recognizer: Recognizer | None,
    place: StoryPlace | None,
    *,
    traditional: bool,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], StoryPlace]:
    if not text.strip():
        return [], [], place or StoryPlace()
    rec = recognizer or default_recognizer()
    spans = _joint_bodies(text, _parties_tagged_as_persons(text, _persons_in_lists(text, rec.spans(text))))
    spans = _foreign_companies_read_as_persons(text, spans)
    spans = _partners_joined(text, spans)
    spans = bodies_in_lists(text, no_bodies_in_lists(text, spans))
    spans = _prefecture_bodies(text, persons_in_lists(text, spans))
    places = places_of(rec, text)  # the story's place and, below, where no person is left untagged
    spans, places = abbreviated_bodies(text, spans, places)  # 哈工大 of the story's 哈尔滨工业大学…
    spans = places_among_places(text, spans, places)
    if place is None:
        place = story_place(
            text,
            title=title,
            channel=channel,
            url=url,
            persons=[(s.start, s.end) for s in spans if s.label == PER],
            places=[text[s.start : s.end] for s in places],
        )
    lex = lexicon()
    orgs: dict[str, dict[str, Any]] = {}
    persons: dict[str, dict[str, Any]] = {}
    bare: list[tuple[str, int, int]] = []
    ordered = [(sp, edges) for sp in sorted(spans) if (edges := NAME_EDGES.search(text, sp.start, sp.end))]
    person_spans = [(sp.start, sp.end) for sp in spans if sp.label == PER]
    shapeless: dict[tuple[int, int], tuple[int, int]] = {}  # a person's span -> its name, no name alone
    for sp, edges in ordered:  # persons first: a name glued into an organisation's span is known then
        if sp.label != PER:
            continue
        start, end = trim_person(text, edges.start(), whole_list_item(text, edges.start(), edges.end()))
        surface = text[start:end]
        at = familiar_surname(surface)
        if _no_person_here(text, start, end, person_spans):
            continue
        if at is None and not _is_person(surface):
            shapeless[sp.start, sp.end] = (start, end)  # 平伯: the story's full name (俞平伯) may name it
            continue
        if at is None:
            mention = {"text": surface, "start": start, "end": end}
        else:  # 侯|老: the surname is the mention
            mention = {"text": surface[at], "start": start + at, "end": start + at + 1}
            surface = surface[:at] + named_by_surname(surface[at], surface[at + 1 :])  # 陈某某 → 陈某
        persons.setdefault(surface, {"name": surface, "mentions": []})["mentions"].append(mention)
    names = person_name_parts(persons)
    own_orgs = {text[sp.start : sp.end] for sp, _edges in ordered if sp.label == ORG}  # 英特尔, on its own
    absorbed: set[tuple[int, int]] = set()  # a group's name that opens its branch's (group_prefix_before)
    for sp, edges in ordered:
        if sp.label != ORG:
            continue
        quoted = QUOTED_START.match(text, sp.start, sp.end)
        start = sp.start if quoted and quoted.end() < edges.end() else edges.start()
        end = edges.end()
        if (
            text[end : end + 1] == "》"
            and end < sp.end
            and text.rfind("《", start, end) > text.rfind("》", start, end)
        ):
            end += 1  # 香港《大公报》: the title mark the name opened is closed with it
        if lex.suffix_of(text[start:end]) is not None:
            sub_end = sub_unit_after(text, end)  # …指挥部学校|专项组: the group is the body named
            if sub_end > end and _no_other_org(ordered, sp, end, sub_end):
                end = sub_end  # not over another body (新华社|上汽组: 上汽 is one, found by fuzzing)
        unit_end = ordinal_unit_after(text, end)  # 红军|第二十五师: the unit is the body named
        if unit_end > end and _no_other_org(ordered, sp, end, unit_end):
            end = unit_end
        joined = place_joined_before(text, start, end)  # 中国—|东盟博览会秘书处: both partners name it
        if joined < start and _no_other_org(ordered, sp, joined, start):
            start = joined
        opened = group_prefix_before(text, start, end)  # 中车|株洲电力机车有限公司: the group's subsidiary
        group = (opened, start) if opened < start else None  # 中国石油|塔里木油田分公司: the branch's start
        start = opened
        cut_at = person_before_post(text, start, end)
        if cut_at is not None:  # 顺德区金融业联合会|陈伊芬|秘书长: the body, and a person the tagger missed
            surface = text[cut_at:end]
            mention = {"text": surface, "start": cut_at, "end": end}
            persons.setdefault(surface, {"name": surface, "mentions": []})["mentions"].append(mention)
            end = cut_at
        envoy_to = envoy_body(text, start, end)
        if envoy_to is not None:  # 葡萄牙驻|联合国|大使: the body the envoy is sent to
            if end - envoy_to < 2:
                continue
            start = envoy_to
        trimmed = trim_org(text, start, end)
        if trimmed is not None:  # 联合|区市场监管局: a verb before the story's own body
            trimmed = (trimmed[0] + verb_before_relative(text[trimmed[0] : trimmed[1]]), trimmed[1])
        if trimmed is not None and names:
            trimmed = person_glued_to_org(text, *trimmed, names)
        if trimmed is None:
            continue
        body = text[trimmed[0] : trimmed[1]]
        if (
            body not in lex.standalone_names
            and body not in lex.known_bodies
            and not (lex.current_name_re.match(body) and body.endswith(lex.legal_forms))
            and cuts_word_on_the_left(text, trimmed[0])
        ):
            continue  # 对|华政策联盟: the name starts inside a word (but 同|党中央, 从|小鹏汽车, 从|中通快递股份有限公司 are whole)
        if lex.document_number_after_re.match(text, trimmed[1]):
            continue  # 国办发|〔2023〕: a document number's issuer code
        if (
            body in lex.japanese_surnames
            and lex.suffix_of(body)
            and CJK_ONLY.match(text[trimmed[1] : trimmed[1] + 1])
        ):
            continue  # 阿部|规秀: a Japanese family name ending like a body (部), its given name after it
        if locative_clause(text, *trimmed):
            continue  # 在|沪|建设储能超级工厂: a clause, no name
        if NUMBERED_EVENT.search(text, max(0, trimmed[0] - 8), trimmed[0]):
            continue  # 第十次全国代表大会: a meeting, not a body
        if body.endswith(lex.event_leg_suffixes) and text.endswith(lex.event_leg_after, 0, trimmed[0]):
            continue  # 世界女排联赛|香港站: a leg of the contest, not a body
        if PLURAL_LEVELS_BEFORE.search(text, max(0, trimmed[0] - 9), trimmed[0]):
            continue  # 各区县（功能区）卫生健康局: every district's bureau
        if names_a_relation(text, *trimmed):
            continue  # 哥哥|纳尔逊大学室友, 也和|俄国联盟|，: a relation, no body
        if kind_across_places(text, *trimmed):
            continue  # 上海、江苏和|浙江省电厂: the plants of three provinces
        if a_places_system(text, *trimmed):
            continue  # 香港|银行|体系: Hong Kong's banking system
        if group is not None and trimmed[0] <= group[0]:
            absorbed.add(group)  # the group's own span is the stored branch's start, no mention of its own
        for a, b in split_pair(text[trimmed[0] : trimmed[1]], own_orgs):
            if a:  # the second of two bodies: 和|原|国家科委 (trim_org trimmed the first)
                a += glued_on_the_left(text[trimmed[0] + a : trimmed[0] + b])
            _add_org(orgs, text, trimmed[0] + a, trimmed[0] + b, place, bare)
    if absorbed:
        _drop_mentions_where(orgs, lambda m: (m["start"], m["end"]) in absorbed)
    for name in [
        n
        for n, org in orgs.items()
        if _indefinite(text, org["mentions"][0]["start"], org["mentions"][0]["end"])
    ]:
        del orgs[name]  # 一个国际联络小组 …: the text speaks of some body of that kind, not of one
    merge_short_forms(orgs)
    _tails_of_whole_names(orgs, text)
    _short_mentions(orgs, text, bare, place)
    _untagged_org_mentions(orgs, text, [(s.start, s.end) for s in spans])
    declared_forms(
        orgs, text, [(m["start"], m["end"]) for p in persons.values() for m in p["mentions"]], place
    )
    for org in orgs.values():  # in text order, with the mentions the three above added
        org["mentions"].sort(key=lambda m: m["start"])
    given, to_short = given_names(
        persons, lambda name: all(glued_before(text, m["start"]) for m in persons[name]["mentions"])
    )
    for name, short in to_short.items():  # 可凤霞, 明凤霞 beside 凤霞: 凤霞 with a character glued on
        _merge_person(persons, name, short, _without_first_character)
    for name, full in given.items():  # 凤霞 beside 新凤霞: a mention of 新凤霞
        _merge_person(persons, name, full, lambda m: m)
    for name, full in foreign_name_parts(persons).items():  # 斯宾塞 beside 迈克尔·斯宾塞
        _merge_person(persons, name, full, lambda m: m)
    _composed_characters(persons, text)
    _parts_spelt_whole(persons, text)
    _familiar_forms_of_full_names(persons)
    for name in places_named_after(persons):
        del persons[name]  # 屈原滩 beside 屈原: a place named after him
    for name in drop_fragments({n: len(p["mentions"]) for n, p in persons.items()}):
        del persons[name]
    _persons_governments(orgs, persons)
    tagged = [(s.start, s.end) for s in [*spans, *_places_not_persons(text, places, persons)]]
    named = [(m["start"], m["end"]) for e in [*orgs.values(), *persons.values()] for m in e["mentions"]]
    taken = tagged + named
    # the tagger's persons that were no name alone are open to the story's full names only
    open_to_names = [t for t in tagged if t not in shapeless] + named
    # 绍棠 beside 刘绍棠, then 吴先生 beside 吴宓, then 毛主席 (毛泽东 by surname and post), then 马列 (Marx
    # and Lenin), then 吴先生 and 梁某 with no full name in the story (persons named so): each outside
    # what those before found
    for more_mentions in (
        untagged_mentions,
        surname_mentions,
        leader_mentions,
        pair_mentions,
        unnamed_persons,
    ):
        if more_mentions is untagged_mentions:
            found_by = _names_of_whole_spans(more_mentions(text, persons, open_to_names), shapeless)
        else:
            found_by = more_mentions(text, persons, taken)
        for name, found in found_by.items():
            person = persons.setdefault(name, {"name": name, "mentions": []})
            extra = [{"text": text[a:b], "start": a, "end": b} for a, b in found]
            person["mentions"] = sorted(person["mentions"] + extra, key=lambda m: m["start"])
            taken += found
    _persons_as_stored(persons)
    name_organisations(orgs, on_the_mainland(place, url, traditional), text, kept_as_written(place))
    by_first_mention = sorted(persons.values(), key=lambda p: p["mentions"][0]["start"])  # as documented
    return list(orgs.values()), by_first_mention, place


def _persons_as_stored(persons: dict[str, dict[str, Any]]) -> None:
    """A person's name in one form (:func:`canonical.one_form`: 查尔斯•克洛弗 and 查尔斯·克洛弗 are one person,
    named with the middle dot), and as the mainland's press writes it: 川普 → 特朗普, 普丁 → 普京, a foreign
    person named as Taiwan's or Hong Kong's press transliterates the name (``lexicon.json``:
    person_renderings), one person whichever press a story came from. The mentions keep the story's text."""
    renderings = lexicon().person_renderings
    for name in list(persons):
        into = renderings.get(one_form(name), one_form(name))
        if into != name:
            persons.setdefault(into, {"name": into, "mentions": []})
            _merge_person(persons, name, into, lambda m: m)


def _names_of_whole_spans(
    found: dict[str, list[tuple[int, int]]], shapeless: dict[tuple[int, int], tuple[int, int]]
) -> dict[str, list[tuple[int, int]]]:
    """``found`` without the mentions across or inside a person's span that the tagger tagged and the
    step found no name alone in, but its whole name (平伯 tagged, 俞平伯 in the story) or a Chinese
    full name at one of its edges (谢启光|叫纪委, 陈州人|丁文政); not 马图特斯 inside 阿韦尔·马图特斯—胡安,
    nor the given name 欣嘉 of 欣嘉桑."""

    def fits(name: str, a: int, b: int) -> bool:
        full = b - a == len(name) and bool(CJK_ONLY.match(name)) and not is_transliterated(name)
        return all(
            b <= s or e <= a or (a, b) == whole or (full and (a == s or b == e))
            for (s, e), whole in shapeless.items()
        )

    kept = {name: [(a, b) for a, b in spans if fits(name, a, b)] for name, spans in found.items()}
    return {name: spans for name, spans in kept.items() if spans}


def _familiar_forms_of_full_names(persons: dict[str, dict[str, Any]]) -> None:
    """金医生, 胡先生 (the tagger's surname and the form after it) where the story names one person with
    that surname in full (金明岸, 胡继忠): mentions of that person, as :func:`filters.surname_mentions`
    makes them where the tagger saw nothing."""
    full: dict[str, list[str]] = {}
    for name in persons:
        if 2 <= len(name) <= 3 and CJK_ONLY.match(name) and familiar_surname(name) is None:
            full.setdefault(name[0], []).append(name)
    for name in [n for n in persons if familiar_surname(n) == 0 and len(full.get(n[0], ())) == 1]:
        _merge_person(persons, name, full[name[0]][0], lambda m: m)


def _composed_characters(persons: dict[str, dict[str, Any]], text: str) -> None:
    """郑乃|〈王光〉 (郑乃珖 where the character set lacks 珖): a name's last character written as its two
    components in brackets right after the rest (lexicon ``composed_characters``) is part of the name;
    the person is named with full-width brackets (郑乃（王光）), and a name tagged inside them (王光) goes."""
    lex = lexicon()
    grown: list[tuple[str, dict[str, Any]]] = []
    for name, person in persons.items():
        kept = []
        for m in person["mentions"]:
            c = lex.composed_character_re.match(text, m["end"])
            pair = c.group(c.lastindex or 0) if c else ""
            if c is None or word_freq(pair):
                kept.append(m)
                continue
            grown.append(
                (
                    f"{name}（{pair}）",
                    {"text": text[m["start"] : c.end()], "start": m["start"], "end": c.end()},
                )
            )
        person["mentions"] = kept
    if not grown:
        return
    inside = [(m["start"], m["end"]) for _, m in grown]
    for person in persons.values():
        person["mentions"] = [
            m for m in person["mentions"] if not any(a <= m["start"] and m["end"] <= b for a, b in inside)
        ]
    for name, mention in grown:
        persons.setdefault(name, {"name": name, "mentions": []})["mentions"].append(mention)
    _drop_unmentioned(persons)


def _parts_spelt_whole(persons: dict[str, dict[str, Any]], text: str) -> None:
    """雷|郭堂, 雷光|旭: a mention of two characters that is part of a longer name of the story, where the
    text around it spells that name, is a mention of the whole name there (the tagger cut it short at
    that place)."""
    names = sorted(persons, key=len, reverse=True)
    moved: dict[str, list[dict[str, Any]]] = {}
    for name in list(persons):
        kept = []
        for m in persons[name]["mentions"]:
            whole = _whole_name_around(text, m["start"], m["text"], names) if len(m["text"]) == 2 else None
            if whole is None:  # a surname alone (刘 of 刘姥姥), a full name (欧安利|罗立文) stand as they are
                kept.append(m)
            else:
                moved.setdefault(whole[0], []).append({"text": whole[0], "start": whole[1], "end": whole[2]})
        persons[name]["mentions"] = kept
    for name, mentions in moved.items():
        starts = {m["start"] for m in persons[name]["mentions"]}
        persons[name]["mentions"] += [m for m in mentions if m["start"] not in starts]
    _drop_unmentioned(persons)
    for person in persons.values():
        person["mentions"].sort(key=lambda m: m["start"])


def _drop_unmentioned(persons: dict[str, dict[str, Any]]) -> None:
    """Persons whose every mention went to another name are no persons of the story."""
    for name in [n for n, p in persons.items() if not p["mentions"]]:
        del persons[name]


def _whole_name_around(
    text: str, start: int, part: str, names: list[str], *, tail: bool = False
) -> tuple[str, int, int] | None:
    """``(name, start, end)`` of the longest of ``names`` (longest first) that holds ``part`` (ends with
    it: ``tail``) and that ``text`` spells around ``part`` at ``start``, or None."""
    for name in names:
        if len(name) <= len(part):
            return None
        last = len(name) - len(part)
        for k in [last] if tail else range(last + 1):
            if k <= start and name.startswith(part, k) and text.startswith(name, start - k):
                return name, start - k, start - k + len(name)
    return None


def _places_not_persons(text: str, places: list[Span], persons: dict[str, dict[str, Any]]) -> list[Span]:
    """The tagger's places without those a person of the story is named as more often than as a place
    (阿巴查 as a person 8 times, as a place at 3 more: the 3 are his mentions too, left untagged)."""
    counts: dict[str, int] = {}
    for s in places:
        name = text[s.start : s.end]
        if name in persons:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return places
    outvoted = {n for n, k in counts.items() if len(persons[n]["mentions"]) > k}
    return [s for s in places if text[s.start : s.end] not in outvoted]


def _merge_person(
    persons: dict[str, dict[str, Any]],
    name: str,
    into: str,
    mention: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    moved = [mention(m) for m in persons.pop(name)["mentions"]]
    persons[into]["mentions"] = sorted(persons[into]["mentions"] + moved, key=lambda m: m["start"])


def _without_first_character(mention: dict[str, Any]) -> dict[str, Any]:
    return {"text": mention["text"][1:], "start": mention["start"] + 1, "end": mention["end"]}


def apply_to_item(item: ArticleItem) -> None:
    """Fill ``item.organizations``, ``item.persons`` and ``item.place`` from the cleaned body.

    A failure of the recogniser is logged and leaves all three empty (never crashes the crawl).
    """
    try:
        orgs, persons, place = entities_and_place(
            item.body, title=item.title, channel=item.channel, url=item.url
        )
    except Exception:  # noqa: BLE001 - one bad article must not stop the crawl
        log.exception("organisation extraction failed for %s", item.url)
        orgs, persons, place = [], [], StoryPlace()
    item.organizations = orgs
    item.persons = persons
    item.place = place.as_dict()
