"""One body, one organisation of a story, whatever form the story names it by.

A story names a body in full once and then shortly: ``中国证监会`` then ``证监会``, ``中国工商银行`` then
``工商银行`` and ``工行``, ``华为技术有限公司`` then ``华为`` and ``华为公司``, ``中国人民银行`` then ``央行``.
Each form was an organisation of its own, so a reader counting the story's organisations counted one body
two or three times. Within one story (across stories, bodies of the state, state banks and national
universities are named as they call themselves by :mod:`.national_bodies`; ``银保监会`` alone stays):

- X / X公司 / X有限公司 … (X of four or more characters) are one company, named by the longest form
  (:func:`merge_company_forms`);

- a name that is a longer one without its national prefix, or with a shorter one (``lexicon.json``
  ``short_forms.national``: 中华人民共和国, 中国, 国家, 中央, 国务院) is a mention of the longest
  (外交部, 中国外交部 → 中华人民共和国外交部);
- a company the lexicon knows (``current_names``) is a mention of the story's one name of it with a legal
  form (华为 → 华为技术有限公司; 华为公司 too);
- a short form of ``short_forms.aliases`` (央行, 工行, 金融监管总局) is a mention of its full name where
  the story has it;
- a unit named without its parent body (华西医院) is a mention of the story's one name of it with the parent
  (四川大学华西医院).
"""

from __future__ import annotations

from typing import Any

from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import lexicon
from pipelines.segment import cut

Orgs = dict[str, dict[str, Any]]
MIN_UNIT_ALONE = 4  # characters of a unit named without its parent (华西医院; not 学院)
# a unit's first word so flagged makes it a kind of body (临时|办事处, 常设|委员会), no one unit
KIND_FIRST_FLAGS = frozenset({"a", "b", "d", "m", "q", "r", "v", "vn"})


def merge_short_forms(orgs: Orgs) -> None:
    """Move each short form's mentions to the story's full name of the body (in place; ``orgs`` maps
    canonical name -> organisation dict): the legal forms of a company first (:func:`merge_company_forms`),
    then the national prefixes, the listed companies and the aliases."""
    merge_company_forms(orgs)
    lex = lexicon()
    for short in sorted(orgs, key=len):
        if short not in orgs:
            continue
        if lex.is_listed_company(short):
            forms = _company_forms(short, orgs)
            if forms:  # 华为, 华为公司 -> 华为技术有限公司
                for form in [short, *forms[1:]]:
                    _move(orgs, form, forms[0])
                continue
        full = _full_form(short, orgs, lex.national_prefixes, lex.short_form_aliases)
        if full is None:
            full = _unit_under_parent(short, orgs)
        if full is not None:
            _move(orgs, short, full)


def _full_form(
    short: str, orgs: Orgs, prefixes: tuple[str, ...], aliases: dict[str, tuple[str, ...]]
) -> str | None:
    core = next((short[len(p) :] for p in prefixes if short.startswith(p) and len(short) > len(p) + 1), short)
    longer = [p + core for p in prefixes if p + core in orgs and len(p) + len(core) > len(short)]
    if longer:  # 证监会 -> 中国证监会, 网信办 -> 国家网信办, 中国外交部 -> 中华人民共和国外交部
        return max(longer, key=len)
    for full in aliases.get(short, ()):
        if full in orgs:
            return full  # 央行 -> 中国人民银行
    return None


def _unit_under_parent(short: str, orgs: Orgs) -> str | None:
    """The story's one name of a unit with its parent body before it (四川大学|华西医院, 生态环境部|大气环境司)
    where ``short`` is that unit named alone (华西医院): a name of four characters or more ending in a body's
    suffix, no kind of body and no body the tables name; None where the story has no such name, or two
    (北京大学医学部 and 清华大学医学部 beside 医学部)."""
    lex = lexicon()
    if len(short) < MIN_UNIT_ALONE or lex.suffix_of(short) is None:
        return None
    if short in lex.standalone_names or short in lex.known_bodies or lex.is_listed_body(short):
        return None  # 中共中央, 国家计委: a body of its own, whatever a longer span glued before it
    if lex.is_not_organisation(short) or word_flag(cut(short)[0]) in KIND_FIRST_FLAGS:
        return None  # 临时办事处, 常设委员会: a kind of body, any of them
    whole = [n for n, o in orgs.items() if len(n) > len(short) and n.endswith(short) and o.get("parent")]
    return whole[0] if len(whole) == 1 else None


def _company_forms(short: str, orgs: Orgs) -> list[str]:
    """The story's names of the company ``short`` with a legal form, the longest first (华为技术有限公司,
    华为公司), where each is a form of the longest (华为公司: its core 华为 starts 华为技术); none when the
    story names two companies so (华为终端有限公司 beside 华为技术有限公司: which one?)."""
    forms = lexicon().legal_forms
    longer = sorted(
        (n for n in orgs if n != short and n.startswith(short) and n.endswith(forms)),
        key=lambda n: (-len(n), n),
    )
    if not longer:
        return []
    core = without_legal_form(longer[0])
    return longer if all(core.startswith(without_legal_form(n)) for n in longer) else []


def _move(orgs: Orgs, short: str, full: str) -> None:
    target = orgs[full]["mentions"]
    target.extend(orgs.pop(short)["mentions"])
    target.sort(key=lambda m: m["start"])


def without_legal_form(name: str) -> str:
    """杭州某某电器 for 杭州某某电器有限公司 / …公司 / …股份有限公司 (the longest legal form it ends in), the name
    itself when it ends in none."""
    form = next((f for f in lexicon().legal_forms if name.endswith(f)), "")
    return name[: len(name) - len(form)]


def company_core(name: str) -> str | None:
    """:func:`without_legal_form`, when it is long enough to be matched without its legal form; None for a
    shorter one."""
    core = without_legal_form(name)
    return core if len(core) >= lexicon().legal_min_core else None


def merge_company_forms(orgs: dict[str, dict]) -> None:
    """Within one story, X / X公司 / X有限公司 … are one company: their mentions go to the longest form
    (in place; ``orgs`` maps canonical name -> organisation dict)."""
    groups: dict[str, list[str]] = {}
    for name in orgs:
        core = company_core(name)
        if core is not None:
            groups.setdefault(core, []).append(name)
    for names in groups.values():
        if len(names) < 2 or not any(n != company_core(n) for n in names):
            continue  # the bare name alone, or one form only
        keep = max(names, key=len)
        for n in names:
            if n != keep:
                orgs[keep]["mentions"].extend(orgs.pop(n)["mentions"])
        orgs[keep]["mentions"].sort(key=lambda m: m["start"])
