"""Tokens for the suffix grammar from the CRF tagger: each ORG/PER/LOC span of the model is one token
tagged with its label (as LAC tagged its entities), the text between them is segmented by jieba with
each word's dictionary POS flag (no HMM POS pass: the model already found the names)."""

from __future__ import annotations

import re

from pipelines.entities.tagger import CrfTagger, Entity, default_tagger
from pipelines.orgs.jieba_tables import quiet_jieba, word_flag
from pipelines.orgs.recognizers import LOC, ORG, PER, Span, Token, repair_tokens

DIGITS = re.compile(r"^[0-9０-９.．%％]+$")
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


def _flag(word: str) -> str:
    flag = word_flag(word)
    if flag is not None:
        return flag
    if DIGITS.match(word):
        return "m"
    if CJK_WORD.match(word):
        return "n" if len(word) > 1 else "x"  # an unknown word (jieba's HMM found it): a noun
    return "x"


class ModelTokenizer:
    """Text -> tokens with offsets; remembers the last text so several users share one tagger pass."""

    def __init__(self, tagger: CrfTagger | None = None) -> None:
        self._tagger = tagger
        self._cut = quiet_jieba().dt.cut
        self._last: tuple[str, list[Entity], list[Token]] | None = None

    def entities(self, text: str) -> list[Entity]:
        return self._run(text)[0]

    def __call__(self, text: str) -> list[Token]:
        return self._run(text)[1]

    def _run(self, text: str) -> tuple[list[Entity], list[Token]]:
        last = self._last
        if last is not None and last[0] == text:
            return last[1], last[2]
        tagger = self._tagger or default_tagger()
        ents = tagger.entities(text)
        tokens: list[Token] = []
        pos = 0
        for e in ents:
            if e.start < pos:
                continue
            self._words(text, pos, e.start, tokens)
            tokens.append(Token(e.start, e.end, text[e.start : e.end], e.label))
            pos = e.end
        self._words(text, pos, len(text), tokens)
        tokens = repair_tokens(tokens)
        self._last = (text, ents, tokens)
        return ents, tokens

    def _words(self, text: str, start: int, end: int, out: list[Token]) -> None:
        pos = start
        for w in self._cut(text[start:end]):
            out.append(Token(pos, pos + len(w), w, _flag(w)))
            pos += len(w)


class ModelRecognizer:
    """ORG and PER spans of the CRF model (its LOC spans: :meth:`places`)."""

    name = "crf"

    def __init__(self, tokenizer: ModelTokenizer | None = None) -> None:
        self.tokenizer = tokenizer or ModelTokenizer()

    def spans(self, text: str) -> list[Span]:
        return [Span(e.start, e.end, e.label) for e in self.tokenizer.entities(text) if e.label in (ORG, PER)]

    def places(self, text: str) -> list[Span]:
        return [Span(e.start, e.end, e.label) for e in self.tokenizer.entities(text) if e.label == LOC]
