"""A short form the story declares for a body: ``国际商业信贷银行（以下简称国商银行）``.

Releases, court rulings and reports name a body in full once and declare the form they use after it, in
brackets: ``（以下简称“海尔智家”）``, ``（简称青民盟）``, ``（下称"巴南公司"）``. That form, wherever the
story uses it, is the body: an organisation the step named by it is a mention of the body, and where no
name was found there (the tagger does not know ``国商银行``) the form is a mention too. Only after an
organisation the step found (not after a law or a plan: ``《讲话》（以下简称《讲话》）``), and only where
the form is not inside another name or a person's (a name read inside the form gives way to it), and a
form of two or three characters only where it cuts no word.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

from pipelines.entities.canonical import canonical_name
from pipelines.entities.filters import coverage
from pipelines.entities.places import StoryPlace
from pipelines.entities.word_edges import on_word_edges

# right after a body's name (a closing quote between them): the bracket, the declaring word, the form
DECLARED = re.compile(
    r"[”\"」』]?\s?[（(]\s?(?:以下简称|以下统称|以下称|下称|简称)[为:：]?\s?[“\"「『]?"
    r"(?P<form>[^\s，,。；;：:、（()）“”\"「」『』《》]{2,12}?)[”\"」』]?\s?[）)]"
)

# a form this long is the body wherever it stands; a shorter one where it cuts no word (华能 declared: not in
# 才华|能力)
LONG_FORM = 4

Orgs = dict[str, dict[str, Any]]


def declared_forms(orgs: Orgs, text: str, taken: list[tuple[int, int]], place: StoryPlace) -> None:
    """Make each form the story declares for one of ``orgs`` a form of it (in place; ``taken``: spans of
    persons and of other names the form must not be read inside)."""
    declared: dict[str, str] = {}  # form -> the body's name (the first body declaring it)
    for name, org in orgs.items():
        for m in org["mentions"]:
            d = DECLARED.match(text, m["end"])
            if d is not None:
                declared.setdefault(d.group("form"), name)
    if not declared:
        return
    for form, owner in declared.items():
        named = canonical_name(form, place)
        if named in orgs and named != owner:  # the step found the form: its mentions are the body's
            orgs[owner]["mentions"].extend(orgs.pop(named)["mentions"])
    persons = coverage(len(text), taken)
    found = [m for org in orgs.values() for m in org["mentions"]]
    at = array("l", [-1]) * len(text)  # the mention covering each position (mentions do not overlap)
    for i, m in enumerate(found):
        at[m["start"] : m["end"]] = array("l", [i]) * (m["end"] - m["start"])
    given_way: set[int] = set()  # names read inside a form, which give way to it
    for form, owner in declared.items():
        if owner not in orgs:  # declared for a form another declaration took in
            continue
        pos = text.find(form)
        while pos >= 0:
            end = pos + len(form)
            if persons.find(1, pos, end) < 0 and (len(form) >= LONG_FORM or on_word_edges(text, pos, end)):
                inside = {i for i in at[pos:end] if i >= 0}
                if all(pos <= found[i]["start"] and found[i]["end"] <= end for i in inside) and not any(
                    (found[i]["start"], found[i]["end"]) == (pos, end) for i in inside
                ):  # not where a name runs across its edges, nor this very mention already
                    given_way |= inside
                    found.append({"text": form, "start": pos, "end": end})
                    at[pos:end] = array("l", [len(found) - 1]) * len(form)
                    orgs[owner]["mentions"].append(found[-1])
            pos = text.find(form, end)
    if given_way:
        gone = {id(found[i]) for i in given_way}
        for org in orgs.values():
            org["mentions"] = [m for m in org["mentions"] if id(m) not in gone]
    for name in [n for n, o in orgs.items() if not o["mentions"]]:
        del orgs[name]  # 海尔 read inside 海尔智家 only
    for org in orgs.values():
        org["mentions"].sort(key=lambda m: m["start"])
