"""Character features for the CRF tagger (one list of string attributes per character).

Window features: the normalised characters at -2..+2, the four bigrams and the centred trigram in that
window, and the character types at -1..+1. Word features: the character's place (B/M/E/S) in its jieba
word and the word's length (1-4+), and for a dictionary word of two or more characters its POS flag with
that place (``sf=nsB``: the first character of a place name). Lexicon features: for every word of the gazetteer
(``model/gazetteer.tsv``: places and organisations from jieba's dictionary, institutional suffixes from
``pipelines/entities/lexicon.json``) found in the text, its class and the character's place in it
(B/I/E), so a character knows it starts a known place or ends a suffix such as 委员会.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pipelines.entities.jieba_tables import word_flag
from pipelines.segment import cut

# Full-width ASCII -> ASCII, digits -> 0, Latin letters -> lower case: one class per shape.
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDE[0x3000] = 0x20
_WIDE.update({c: 0x20 for c in [*range(0x20), 0x7F]})  # control characters read as spaces
_WIDE.update({c: 0x3F for c in range(0xD800, 0xE000)})  # lone surrogates (no UTF-8 form) read as "?"
_DIGITS = {ord(c): "0" for c in "0123456789"}
CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
MAX_WORD = 8  # longest gazetteer entry considered
PAD = "^"
END = "$"


def normalise(text: str) -> str:
    """The text the features see: same length as ``text`` (one character in, one out)."""
    return text.translate(_WIDE).translate(_DIGITS).lower()


def char_type(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
        return "C"
    if c == "0":
        return "D"
    if "a" <= c <= "z":
        return "L"
    if c.isspace():
        return "S"
    if c in "，。！？；：、,.!?;:":
        return "P"
    if c in "《》“”\"'‘’（）()「」『』【】[]":
        return "Q"
    return "O"


class Gazetteer:
    """Words with a class (``LOC``, ``ORG``, ``SFX`` …), matched at every position of a text."""

    def __init__(self, words: dict[str, str]) -> None:
        self.words = {w: c for w, c in words.items() if 2 <= len(w) <= MAX_WORD}
        self.max_len = max((len(w) for w in self.words), default=0)
        self.starts = frozenset(w[:2] for w in self.words)  # a word's first two characters
        # proper prefixes (2+ characters): the scan from a position stops when none continues
        self.prefixes = frozenset(w[:k] for w in self.words for k in range(2, len(w)))

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        words: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                w, _, c = line.rstrip("\n").partition("\t")
                if w and c:
                    words[w] = c
        return cls(words)

    def save(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as fh:
            for w in sorted(self.words):
                fh.write(f"{w}\t{self.words[w]}\n")

    def marks(self, s: str) -> dict[int, set[str]]:
        """The ``G<class><B|I|E>`` attributes of the words covering each character of ``s`` (only the
        positions some word covers)."""
        n = len(s)
        out: dict[int, set[str]] = {}
        words = self.words
        starts = self.starts
        prefixes = self.prefixes
        for a in range(n - 1):
            if s[a : a + 2] not in starts:
                continue
            for k in range(2, min(self.max_len, n - a) + 1):
                sub = s[a : a + k]
                c = words.get(sub)
                if c is not None:
                    b = a + k - 1
                    out.setdefault(a, set()).add("G" + c + "B")
                    out.setdefault(b, set()).add("G" + c + "E")
                    for i in range(a + 1, b):
                        out.setdefault(i, set()).add("G" + c + "I")
                if sub not in prefixes:
                    break
        return out


def word_features(s: str) -> list[list[str]]:
    """Each character's word attributes: its place in its jieba word with the word's length
    (``s=B2``), the POS flags of the words before and after (``sp=``, ``sn=``), and for a dictionary
    word of two or more characters its flag (``sf=nsB``) and, up to four characters, the word itself
    (``w=济南B``)."""
    words = cut(s)
    flags = [(word_flag(w) or "?") if len(w) > 1 else "c" for w in words]
    last = len(words) - 1
    out: list[list[str]] = []
    for j, w in enumerate(words):
        prev = "sp=" + (flags[j - 1] if j else "^")
        nxt = "sn=" + (flags[j + 1] if j < last else "$")
        n_w = len(w)
        if n_w == 1:
            out.append(["s=S1", prev, nxt])
            continue
        flag = flags[j]
        size = str(min(n_w, 4))
        ident = "w=" + w if n_w <= 4 and flag != "?" else None
        for k in range(n_w):
            place = "B" if k == 0 else "E" if k == n_w - 1 else "M"
            row = ["s=" + place + size, prev, nxt, "sf=" + flag + place]
            if ident is not None:
                row.append(ident + place)
            out.append(row)
    return out


def sentence_features(text: str, gazetteer: Gazetteer) -> list[list[str]]:
    """The attribute lists of each character of ``text``."""
    s = normalise(text)
    n = len(s)
    padded = PAD + PAD + s + END + END
    types = [char_type(c) for c in padded]
    feats = [
        [
            "u0=" + c,
            "u-1=" + b,
            "u1=" + d,
            "u-2=" + a,
            "u2=" + e,
            "b-2=" + a + b,
            "b-1=" + b + c,
            "b0=" + c + d,
            "b1=" + d + e,
            "t0=" + b + c + d,
            "k=" + tb + tc + td,
            *w,
        ]
        for a, b, c, d, e, tb, tc, td, w in zip(
            padded[:n],
            padded[1 : n + 1],
            padded[2 : n + 2],
            padded[3 : n + 3],
            padded[4 : n + 4],
            types[1 : n + 1],
            types[2 : n + 2],
            types[3 : n + 3],
            word_features(s),
            strict=True,
        )
    ]
    for i, m in gazetteer.marks(s).items():
        feats[i].extend(sorted(m))  # in a fixed order: a set's order changes with the hash seed
    return feats


def features_many(texts: Iterable[str], gazetteer: Gazetteer) -> list[list[list[str]]]:
    return [sentence_features(t, gazetteer) for t in texts]
