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

# a form this long is the body wherever it stands; a shorter one where it cuts no word (华夏 of 华夏银行
# declared: not in 董事长|华夏东)
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
    for form, owner in declared.items():
        if owner not in orgs:  # declared for a form another declaration took in
            continue
        pos = text.find(form)
        while pos >= 0:
            end = pos + len(form)
            if persons.find(1, pos, end) < 0 and (len(form) >= LONG_FORM or on_word_edges(text, pos, end)):
                _form_here(orgs, owner, form, pos, end)
            pos = text.find(form, end)
    for name in [n for n, o in orgs.items() if not o["mentions"]]:
        del orgs[name]  # 海尔 read inside 海尔智家 only
    for org in orgs.values():
        org["mentions"].sort(key=lambda m: m["start"])


def _form_here(orgs: Orgs, owner: str, form: str, pos: int, end: int) -> None:
    """The declared form at ``pos``: a mention of ``owner``, in place of names read inside it (海尔 of
    海尔智家); not where a name runs across its edges or holds it."""
    inside: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for org in orgs.values():
        for m in org["mentions"]:
            if m["start"] < end and pos < m["end"]:
                if m["start"] < pos or end < m["end"] or (m["start"], m["end"]) == (pos, end):
                    return  # across its edges, around it, or this very mention already
                inside.append((org, m))
    for org, m in inside:
        org["mentions"].remove(m)
    orgs[owner]["mentions"].append({"text": form, "start": pos, "end": end})
