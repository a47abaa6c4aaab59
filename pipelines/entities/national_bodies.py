"""One name for a body of the state or the Party in every story: the name it calls itself.

Stories name the China Securities Regulatory Commission ``中国证券监督管理委员会``, ``中国证监会`` or
``证监会``, the foreign ministry ``中华人民共和国外交部``, ``中国外交部`` or ``外交部``; each was an
organisation of its own across stories (and within one where no short form joined them,
:mod:`.short_forms`), so ``orgs`` ranked one body in two or three rows. ``lexicon.json``
``national_bodies`` lists 115 bodies (of the state, the Party and the army, people's organisations, state banks,
national universities, state media) with their forms; a story's organisation named by a form is named
as the body. A form starting with one of the ``markers`` (中国证监会, 国家发改委, 中央军委) names the body
in any story; a bare one (外交部, 证监会, 央行, 国务院, 党中央, 解放军, 共产党) only in a story of the
mainland (:func:`on_the_mainland`; in one filed under Hong Kong or Macao not those the regions have
bodies named alike of, :func:`kept_as_written`) that names no other body ending so (美国国务院 beside
国务院: which is it?), where no place abroad stands right before it (美国前|国防部|长, 俄|外交部,
马耳他副总理兼|外交部长) and that is no mention of every country's body (各国|外交部) or of a work's title
(《共产党宣言》); 中国 before a form is a form
(中国全国政协). Local bodies named alike (统计局, 发改委, 宣传部) are no forms. ``national_bodies.international``
lists 42 international organisations, each form of which names it in any story (欧盟, 北约, 安理会, WTO).

The step's final names pass here too (:func:`canonical.stored_name`): in one form (ＩＢＭ公司 is IBM公司),
without a congress's term (九届全国人大 is 全国人大), a local Party committee without 中共 (中共河北省委 is
河北省委). Mentions keep the story's text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from pipelines.entities.canonical import (
    MAX_PLACE,
    canonical_name,
    kind_of,
    parent_of,
    stored_name,
)
from pipelines.entities.jieba_tables import word_freq
from pipelines.entities.lexicon import lexicon
from pipelines.entities.places import StoryPlace, abroad_table
from pipelines.entities.short_forms import without_legal_form

# a story filed under Taiwan (by its places) names its own bodies bare (外交部, 国防部, 教育部 …)
TAIWAN = "台湾省"
# one filed under Hong Kong or Macao names a few bodies of theirs as the mainland's are named (证监会, 审计署)
HONG_KONG_MACAO = frozenset({"香港特别行政区", "澳门特别行政区"})
# sites there (a story from one is theirs, whatever places it names)
HOSTS_OUTSIDE = (".hk", ".tw", ".mo")

# between a country and its body: 美国前国防部长, 美国驻华大使馆, 日本原外务省
BETWEEN = frozenset("前原驻")
# a date's day before a body (５月４日|北大, 二十日|外交部): 日 is no Japan there
DAY_OF_MONTH = re.compile(r"[\d〇零一二三四五六七八九十廿卅]日")
JOINT_POST = "兼"  # 副总理兼|外交部长: a second post of the same person

Orgs = dict[str, dict[str, Any]]


@cache
def national_names() -> dict[str, tuple[str, bool]]:
    """A story's name of a body (canonical: abbreviations expanded) -> (the body's name, whether the
    name is bare: the body's only in a story of the mainland)."""
    lex = lexicon()
    out: dict[str, tuple[str, bool]] = {}
    for form, name in lex.national_bodies.items():
        bare = form not in lex.national_everywhere and not any(
            form.startswith(m) and len(form) > len(m) for m in lex.national_markers
        )
        for written in (form, canonical_name(form)):
            out.setdefault(written, (name, bare))
            if not written.startswith(("中国", "中华")):  # 中国全国政协, 中国中央军委: the country said too
                out.setdefault("中国" + written, (name, False))
    for table in (lex.international_bodies, lex.company_groups):  # 欧盟, 中石油: one body in every story
        for form, name in table.items():
            for written in (form, canonical_name(form)):
                out.setdefault(written, (name, False))
    return out


def _body_named(written: str, names: dict[str, tuple[str, bool]]) -> tuple[str, bool] | None:
    """The body a story's name of an organisation names (:func:`national_names`), a company of the table by
    a registered name included (中国工商银行股份有限公司: the bank), and a theatre command's service named with
    the command's name (北部战区海军: 中国人民解放军北部战区海军)."""
    hit = names.get(written)
    if hit is None:
        core = without_legal_form(written)
        if core != written and kind_of(core) == "company":
            hit = names.get(core)
    if hit is None:
        lex = lexicon()
        service = next((s for s in lex.services if written.endswith(s)), None)
        command = names.get(written[: -len(service)]) if service else None
        if service and command is not None and lex.kind_of(command[0]) == "military":
            hit = (command[0] + service, command[1])
    return hit


def listed_body(name: str) -> bool:
    """A name or form, as written, of a body either table lists (中华人民共和国教育部: the tagger reads it as a
    place after 教育部 in one story, 阿盟 in msra-train)."""
    lex = lexicon()
    return name in lex.national_bodies or name in lex.international_bodies


def joint_split(name: str) -> tuple[int, int] | None:
    """``中共中央国务院``, ``中共中央 国务院``, ``北大清华``: two bodies of one table issuing or named together,
    read as one name — (end of the first, start of the second), a space between them skipped; None for one
    body. Not a body of one table and one of the other (``北约国防部``, ``七国集团财政部``: the alliance's or
    the group's ministers, not China's ministry)."""
    lex = lexicon()
    if listed_body(name):
        return None  # 中国人民解放军南部战区: one body the table lists, a unit named with its parent
    for table in (lex.national_bodies, lex.international_bodies):
        for k in range(2, len(name) - 1):
            second = name[k:].lstrip(" \u3000")
            if len(second) >= 2 and name[:k] in table and second in table:
                return k, len(name) - len(second)
    return None


def joint_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the organisation ``text[start:end]`` names, or of the two bodies of one table it
    joins (:func:`joint_split`)."""
    cut_at = joint_split(text[start:end])
    return [(start, end)] if cut_at is None else [(start, start + cut_at[0]), (start + cut_at[1], end)]


def on_the_mainland(place: StoryPlace, url: str | None, traditional: bool) -> bool:
    """A story of the mainland's press, as far as the step can tell: not written in traditional script,
    not from a site of Hong Kong, Macao or Taiwan, not filed under Taiwan, and not a story abroad. (One
    filed under Hong Kong or Macao is: the bodies named alike there are :func:`kept_as_written`.)"""
    if traditional or place.abroad or place.province == TAIWAN:
        return False
    host = (urlsplit(url).hostname or "") if url else ""
    return not host.endswith(HOSTS_OUTSIDE)


def kept_as_written(place: StoryPlace) -> frozenset[str]:
    """The bodies whose bare forms stay as written in a story filed under ``place``: in Hong Kong's or
    Macao's, those the regions have bodies named alike of (lexicon ``national_bodies.hong_kong_macao``)."""
    return lexicon().national_hong_kong_macao if place.province in HONG_KONG_MACAO else frozenset()


def name_organisations(
    orgs: Orgs, mainland: bool, text: str = "", kept: frozenset[str] = frozenset()
) -> None:
    """The step's final names. Name each organisation of the story as stored (:func:`canonical.stored_name`: ＩＢＭ公司 is IBM公司) and,
    where it is a form of a national body, as the body (in place;
    ``orgs`` maps name -> organisation dict, kept in its order: the body where its first form was);
    forms of one body become one organisation, its mentions in text order."""
    names = national_names()
    renamed: Orgs = {}
    for name, org in orgs.items():
        # ＩＢＭ公司 and IBM公司: one name; 九届全国人大: 全国人大; 中共河北省委: 河北省委
        body = _final_name(name, names, orgs, mainland, text, org["mentions"], kept)
        into = renamed.get(body)
        if into is None:
            parent = parent_of(body) if body != name else org.get("parent")
            if parent:  # 华为技术有限公司北京分公司 is 华为's; 外交部领事司 the ministry's
                parent = _final_name(parent, names, orgs, mainland, kept=kept)
            if parent == body:
                parent = None  # 清华 of 清华大学: a form of the body itself
            if body == name:
                org["parent"] = parent
                renamed[body] = org
            else:
                renamed[body] = {**org, "name": body, "kind": kind_of(body), "parent": parent}
        else:
            into["mentions"] = sorted([*into["mentions"], *org["mentions"]], key=lambda m: m["start"])
    if list(renamed) != list(orgs):
        orgs.clear()
        orgs.update(renamed)


def _final_name(
    name: str,
    names: dict[str, tuple[str, bool]],
    orgs: Orgs,
    mainland: bool,
    text: str = "",
    mentions: list[dict[str, Any]] | None = None,
    kept: frozenset[str] = frozenset(),
) -> str:
    """The name :func:`name_organisations` gives an organisation of the story named ``name`` (or a parent:
    no ``mentions``): as stored, and a national body's where it is a form of one — a bare form only where
    the story is the mainland's, the body is not one ``kept`` as written, the story names no other body
    ending so, no place abroad stands before a mention and no mention is every country's body."""
    written = stored_name(name)
    body, bare = _body_named(written, names) or (written, False)
    if bare and (
        not mainland
        or body in kept
        or _another_ending_so(orgs, name)
        or _abroad_before(text, mentions or [])
        or _not_the_body(text, mentions or [])
    ):
        return written
    return body


def _abroad_before(text: str, mentions: list[dict[str, Any]]) -> bool:
    """A mention right after a place abroad, or a country's one-character name standing as a word (not a
    date's 日), or one of them and 前, 原 or 驻 (美国前|国防部|长, 据俄|外交部), the posts its holder holds as
    well read with it (马耳他副总理兼|外交部长): that country's body."""
    world = abroad_table().by_name
    one = lexicon().country_abbreviations
    for m in mentions:
        s = _before_posts(text, m["start"])
        for at in (s, s - 1) if text[s - 1 : s] in BETWEEN else (s,):
            if (
                at == s
                and text[at - 1 : at] in one
                and not word_freq(text[max(0, at - 2) : at])
                and not DAY_OF_MONTH.match(text, max(0, at - 2))
            ):
                return True  # 据|俄|外交部; not 会议同|意|国务院, 依|法, 今|日, ５月４|日|北大
            if any(text[at - k : at] in world for k in range(2, min(at, MAX_PLACE) + 1)):
                return True
    return False


def _not_the_body(text: str, mentions: list[dict[str, Any]]) -> bool:
    """A mention of every country's body (各国|外交部, 全世界的|共产党) or of a work's title (《|共产党|宣言》):
    lexicon ``national_bodies.not_the_body``."""
    lex = lexicon()
    return any(
        text.endswith(lex.national_not_before, 0, m["start"])
        or text.startswith(lex.national_not_after, m["end"])
        for m in mentions
    )


def _before_posts(text: str, start: int) -> int:
    """Where the mention at ``start`` begins once the posts its holder holds as well are read with it
    (马耳他副总理兼|外交部长: the place stands before 副总理兼)."""
    titles = lexicon().titles
    while text[start - 1 : start] == JOINT_POST:
        title = next((t for t in titles if text.endswith(t, 0, start - 1)), None)
        if title is None:
            break
        start -= 1 + len(title)
    return start


def _another_ending_so(orgs: Orgs, bare: str) -> bool:
    """The story names another body whose name ends with ``bare`` (美国国务院, 香港证监会): not a national
    one."""
    names = national_names()
    return any(n != bare and n.endswith(bare) and n not in names for n in orgs)
