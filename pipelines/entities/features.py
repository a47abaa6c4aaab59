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
from collections.abc import Callable
from operator import add
from pathlib import Path
from typing import TypeVar

from pipelines.entities.jieba_tables import word_flags
from pipelines.segment import cut

# Full-width ASCII -> ASCII, digits -> 0, Latin letters -> lower case: one class per shape.
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDE[0x3000] = 0x20
_WIDE.update({c: 0x20 for c in [*range(0x20), 0x7F]})  # control characters read as spaces
_WIDE.update({c: 0x3F for c in range(0xD800, 0xE000)})  # lone surrogates (no UTF-8 form) read as "?"
_DIGITS = {ord(c): ord("0") for c in "0123456789"}
# One table for both (one pass over the text), and İ read as i: its ``lower()`` is two characters
# (i + a combining dot), which moved every later offset of the text by one.
_SHAPE = {c: _DIGITS.get(v, v) for c, v in _WIDE.items()} | _DIGITS | {0x130: ord("i")}
CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
MAX_WORD = 8  # longest gazetteer entry considered
PAD = "^"
END = "$"
K = TypeVar("K")
V = TypeVar("V")


def normalise(text: str) -> str:
    """The text the features see: same length as ``text`` (one character in, one out)."""
    return text.translate(_SHAPE).lower()


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


class _Built(dict[K, V]):
    """A table that builds each value once, the first time its key is asked for (``make(key)``): the
    attributes' parts repeat — a language's characters, jieba's few dozen flags, the shapes of words —
    so each is made once per process, not once per character of every text."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self.make(key)
        return value


_BYTES: _Built[str, bytes] = _Built(str.encode)  # a normalised character -> its UTF-8 bytes
_TYPES: _Built[str, bytes] = _Built(lambda c: char_type(c).encode("ascii"))


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


def word_features(s: str) -> list[list[bytes]]:
    """Each character's word attributes: its place in its jieba word with the word's length
    (``s=B2``), the POS flags of the words before and after (``sp=``, ``sn=``), and for a dictionary
    word of two or more characters its flag (``sf=nsB``) and, up to four characters, the word itself
    (``w=济南B``). UTF-8 bytes, as :func:`attributes`."""
    words = cut(s)
    flags = [(f or "?") if len(w) > 1 else "c" for w, f in zip(words, word_flags(words), strict=True)]
    last = len(words) - 1
    out: list[list[bytes]] = []
    for j, w in enumerate(words):
        prev = _BEFORE[flags[j - 1] if j else "^"]
        nxt = _AFTER[flags[j + 1] if j < last else "$"]
        n_w = len(w)
        if n_w == 1:
            out.append([b"s=S1", prev, nxt])
            continue
        flag = flags[j]
        if n_w <= 4 and flag != "?":
            ident = b"w=" + w.encode("utf-8")
            out.extend([size, prev, nxt, sf, ident + place] for size, sf, place in _SHAPES[n_w, flag])
        else:
            out.extend([size, prev, nxt, sf] for size, sf, _ in _SHAPES[n_w, flag])
    return out


def _shape(key: tuple[int, str]) -> tuple[tuple[bytes, bytes, bytes], ...]:
    """(a word's length, its flag) -> each of its characters' ``s=`` and ``sf=`` attributes and place
    (B, M, E)."""
    n_w, flag = key
    size = str(min(n_w, 4))
    places = ["B"] + ["M"] * (n_w - 2) + ["E"]
    return tuple(
        (f"s={p}{size}".encode("ascii"), f"sf={flag}{p}".encode(), p.encode("ascii")) for p in places
    )


_BEFORE: _Built[str, bytes] = _Built(lambda flag: f"sp={flag}".encode())
_AFTER: _Built[str, bytes] = _Built(lambda flag: f"sn={flag}".encode())
_SHAPES: _Built[tuple[int, str], tuple[tuple[bytes, bytes, bytes], ...]] = _Built(_shape)
_KINDS: _Built[bytes, bytes] = _Built(lambda types: b"k=" + types)  # three characters' types


def attributes(text: str, gazetteer: Gazetteer) -> list[list[bytes]]:
    """The attribute lists of each character of ``text``, UTF-8 encoded: what the tagger and the
    trainer hand CRFsuite. (CRFsuite keys are bytes; given a ``str`` it encodes every attribute on every
    call, a fifth of its time — issue 12's twentieth step.) :func:`sentence_features` is the same as
    text."""
    s = normalise(text)
    n = len(s)
    around = PAD + PAD + s + END + END
    padded = list(map(_BYTES.__getitem__, around))
    pairs = list(map(add, padded, padded[1:]))  # pairs[i]: characters i and i + 1 of the padded text
    types = list(map(_TYPES.__getitem__, around))
    kinds = map(_KINDS.__getitem__, map(add, map(add, types[1 : n + 1], types[2 : n + 2]), types[3 : n + 3]))
    feats = [
        [
            b"u0=" + c,
            b"u-1=" + b,
            b"u1=" + d,
            b"u-2=" + a,
            b"u2=" + e,
            b"b-2=" + ab,
            b"b-1=" + bc,
            b"b0=" + cd,
            b"b1=" + de,
            b"t0=" + bc + d,
            k,
            *w,
        ]
        for a, b, c, d, e, ab, bc, cd, de, k, w in zip(
            padded[:n],
            padded[1 : n + 1],
            padded[2 : n + 2],
            padded[3 : n + 3],
            padded[4 : n + 4],
            pairs[:n],
            pairs[1 : n + 1],
            pairs[2 : n + 2],
            pairs[3 : n + 3],
            kinds,
            word_features(s),
            strict=True,
        )
    ]
    for i, m in gazetteer.marks(s).items():
        # in a fixed order: a set's order changes with the hash seed
        feats[i].extend(sorted(x.encode("ascii") for x in m))
    return feats


def sentence_features(text: str, gazetteer: Gazetteer) -> list[list[str]]:
    """:func:`attributes` as text (for reading them; CRFsuite is handed the bytes)."""
    return [[x.decode("utf-8") for x in row] for row in attributes(text, gazetteer)]
