"""Key laboratories and engineering centres named by their host, their fields and their grantor.

``青海大学三江源生态与高原农牧业国家重点实验室`` is one name: the host (青海大学), the fields, joined by 与,
和 or 及 (三江源生态与高原农牧业), and the grantor with the unit (国家重点实验室). The tagger cuts such a
name at its conjunction or reads the host alone, and the suffix grammar reads the unit from the field
after the conjunction (高原农牧业国家重点实验室); msra-train and People's Daily 1998 tag them whole
(吉林大学超硬材料国家重点实验室, 北京大学区域光纤通信网与新型光通信系统国家重点实验室). The tables are
``lexicon.json``'s key_labs.
"""

from __future__ import annotations

import re

from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import lexicon
from pipelines.entities.recognizers import CONJUNCTIONS, ORG, Span, Token, Tokenizer
from pipelines.segment import cut

# What ends a clause: a key laboratory's name holds none of these.
CLAUSE_MARK = re.compile(r"[，。；：、！？,.;:!?“”《》（）()\s]")
# jieba's flags of a word the fields never hold (an adverb, a pronoun, a count, a particle …); 与, 和 and
# 及 join two fields, and a verb may name one (节能, 研究) but never opens them (北京大学|建设|…: FIRST_NOT).
NOT_FIELD_FLAGS = frozenset({"d", "r", "m", "q", "u", "uj", "ul", "uz", "ud", "ug", "uv", "f", "t"})
FIRST_NOT = frozenset({"v", "vn", "p", "c"})
HOST_POS = frozenset({ORG, "nt"})  # the host is a name: the model's organisation or jieba's


class KeyLabRecognizer:
    """A key laboratory's whole name, host first (see the module's docstring)."""

    name = "key-labs"

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def spans(self, text: str) -> list[Span]:
        lex = lexicon()
        found: list[Span] = []
        tokens: list[Token] | None = None
        for unit in lex.key_lab_unit_re.finditer(text):
            reach = max(0, unit.start() - lex.key_lab_field_max - 8)
            marks = list(CLAUSE_MARK.finditer(text, reach, unit.start()))
            clause = marks[-1].end() if marks else reach
            hosts = [
                m
                for m in lex.key_lab_host_re.finditer(text, clause, unit.start())
                if unit.start() - m.end() >= 2
            ]
            if not hosts:
                continue
            host = hosts[-1]
            field = text[host.end() : unit.start()]
            if len(field) > lex.key_lab_field_max or not _fields(field):
                continue
            if tokens is None:
                tokens = self.tokenizer(text)
            start = _host_start(tokens, host.end() - 1)
            if start is not None and start >= clause:
                found.append(Span(start, unit.end(), ORG))
        return found


def _fields(field: str) -> bool:
    """``field`` reads as a laboratory's fields (and its grantor): no adverb, pronoun, count or particle,
    no verb of two or more characters or conjunction first (超|硬|材料: a one-character verb to jieba opens
    a field)."""
    words = cut(field)
    if not words or (len(words[0]) > 1 and (word_flag(words[0]) or "") in FIRST_NOT):
        return False
    return all(w in CONJUNCTIONS or (word_flag(w) or "") not in NOT_FIELD_FLAGS for w in words)


def _host_start(tokens: list[Token], at: int) -> int | None:
    """The start of the name holding the character at ``at`` (the host's last): a token of the model's
    organisations or one jieba's dictionary flags an organisation; None for any other word."""
    for t in tokens:
        if t.start <= at < t.end:
            return t.start if t.pos in HOST_POS else None
    return None
