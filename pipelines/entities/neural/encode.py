"""Inputs of the neural tagger and the CRF decoding of its scores (numpy only: training and run time).

Per character of the normalised text (:func:`pipelines.entities.features.normalise`: full-width →
ASCII, digits → 0, Latin lower case, control characters → space): the character's id, the id of the
bigram it starts (``c[i] + c[i+1]``, ``$`` after the last character) and the gazetteer flags
(for each gazetteer class, is the character the Beginning, Inside or End of a word of that class).
Id 0 is padding, id 1 an unknown character or bigram.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from pipelines.entities.bio import LABELS
from pipelines.entities.features import END, Gazetteer, normalise

PAD_ID = 0
UNK_ID = 1
PLACES = "BIE"
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass
class Vocab:
    """Characters and bigrams (ids from 2 in list order), the gazetteer classes and the labels."""

    char_list: str
    bigram_list: list[str]  # each two characters
    gaz_classes: tuple[str, ...]
    labels: tuple[str, ...] = LABELS

    @classmethod
    def build(cls, chars: Sequence[str], bigrams: Sequence[str], gaz_classes: Sequence[str]) -> Vocab:
        if any(len(b) != 2 for b in bigrams):
            raise ValueError("a bigram is two characters")
        return cls("".join(chars), list(bigrams), tuple(gaz_classes))

    @cached_property
    def chars(self) -> dict[str, int]:
        return {c: i + 2 for i, c in enumerate(self.char_list)}

    @cached_property
    def bigrams(self) -> dict[str, int]:
        return {b: i + 2 for i, b in enumerate(self.bigram_list)}

    @property
    def n_gaz(self) -> int:
        return len(self.gaz_classes) * len(PLACES)

    def to_json(self) -> dict[str, object]:
        return {
            "chars": self.char_list,
            "bigrams": "".join(self.bigram_list),
            "gaz_classes": list(self.gaz_classes),
            "labels": list(self.labels),
        }

    @classmethod
    def from_json(cls, doc: dict[str, object]) -> Vocab:
        chars = doc["chars"]
        bigrams = doc["bigrams"]
        gaz = doc["gaz_classes"]
        labels = doc["labels"]
        if isinstance(bigrams, str):
            bigrams = [bigrams[i : i + 2] for i in range(0, len(bigrams), 2)]
        if not (isinstance(chars, str) and isinstance(bigrams, list)):
            raise ValueError("vocabulary: chars and bigrams are strings")
        if not (isinstance(gaz, list) and isinstance(labels, list)):
            raise ValueError("vocabulary: gaz_classes and labels are lists")
        vocab = cls.build(chars, bigrams, gaz)
        vocab.labels = tuple(labels)
        return vocab

    def encode(self, text: str, gazetteer: Gazetteer) -> tuple[IntArray, IntArray, FloatArray]:
        """``(char ids, bigram ids, gazetteer flags [n, n_gaz])`` of ``text``."""
        s = normalise(text)
        n = len(s)
        get_c = self.chars.get
        get_b = self.bigrams.get
        chars = np.fromiter((get_c(c, UNK_ID) for c in s), dtype=np.int64, count=n)
        padded = s + END
        bigrams = np.fromiter((get_b(padded[i : i + 2], UNK_ID) for i in range(n)), dtype=np.int64, count=n)
        gaz = np.zeros((n, self.n_gaz), dtype=np.float32)
        column = {
            f"G{c}{p}": k * len(PLACES) + j
            for k, c in enumerate(self.gaz_classes)
            for j, p in enumerate(PLACES)
        }
        for i, marks in gazetteer.marks(s).items():
            for m in marks:
                col = column.get(m)
                if col is not None:
                    gaz[i, col] = 1.0
        return chars, bigrams, gaz

    def _lookup(self) -> tuple[npt.NDArray[Any], IntArray, IntArray]:
        """Code point -> char id table; sorted bigram keys (``cp1 * 0x110000 + cp2``) and their ids."""
        cached: tuple[npt.NDArray[Any], IntArray, IntArray] | None = self.__dict__.get("_tables")
        if cached is None:
            small = len(self.char_list) + 2 <= np.iinfo(np.int16).max  # 2.2 MB instead of 4.5
            table = np.full(0x110000, UNK_ID, dtype=np.int16 if small else np.int32)
            cps = np.frombuffer(self.char_list.encode("utf-32-le"), dtype=np.uint32)
            table[cps] = np.arange(2, len(cps) + 2)
            raw = np.frombuffer("".join(self.bigram_list).encode("utf-32-le"), dtype=np.uint32)
            pairs = raw.reshape(-1, 2).astype(np.int64)
            keys: IntArray = pairs[:, 0] * 0x110000 + pairs[:, 1]
            order = np.argsort(keys, kind="stable")
            cached = (table, keys[order], order.astype(np.int64) + 2)
            self.__dict__["_tables"] = cached
        return cached

    def encode_packed(
        self, texts: Sequence[str], gazetteer: Gazetteer, gap: int
    ) -> tuple[IntArray, IntArray, FloatArray, list[int]]:
        """``texts`` end to end in one row ``[1, width]``, ``gap`` padding positions between them, and
        where each starts. Each text's positions get exactly what :meth:`encode` gives it alone."""
        table, keys, ids = self._lookup()
        norm = [normalise(t) for t in texts]
        row = (" " * gap).join(norm)
        width = len(row)
        starts: list[int] = []
        inside = np.zeros(width, dtype=bool)
        pos = 0
        for t in norm:
            starts.append(pos)
            inside[pos : pos + len(t)] = True
            pos += len(t) + gap
        cp = np.frombuffer(row.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        chars = table[cp].astype(np.int64)
        nxt = np.empty(width, dtype=np.int64)
        nxt[:-1] = cp[1:]
        ends = np.asarray([st + len(t) - 1 for st, t in zip(starts, norm, strict=True) if t], dtype=np.int64)
        nxt[ends] = ord(END)
        key = cp * 0x110000 + nxt
        at = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
        bigrams = np.where(keys[at] == key, ids[at], UNK_ID) if len(keys) else np.full(width, UNK_ID)
        chars[~inside] = PAD_ID
        bigrams[~inside] = PAD_ID
        gaz = np.zeros((width, self.n_gaz), dtype=np.float32)
        column = {c: k * len(PLACES) for k, c in enumerate(self.gaz_classes)}
        words, starts2, prefixes = gazetteer.words, gazetteer.starts, gazetteer.prefixes
        longest = gazetteer.max_len
        for a in range(width - 1):
            if row[a : a + 2] not in starts2:
                continue
            for k in range(2, min(longest, width - a) + 1):
                sub = row[a : a + k]
                c = words.get(sub)
                if c is not None:
                    col = column.get(c)
                    if col is not None:
                        e = a + k - 1
                        gaz[a, col] = 1.0
                        gaz[e, col + 2] = 1.0
                        gaz[a + 1 : e, col + 1] = 1.0
                if sub not in prefixes:
                    break
        return chars[None, :], bigrams[None, :], gaz[None, :, :], starts


@dataclass
class Transitions:
    """The CRF's learned scores: ``start[j]``, ``trans[i, j]`` (label i then j), ``end[i]``."""

    start: FloatArray
    trans: FloatArray
    end: FloatArray

    def to_json(self) -> dict[str, object]:
        return {"start": self.start.tolist(), "trans": self.trans.tolist(), "end": self.end.tolist()}

    @classmethod
    def from_json(cls, doc: dict[str, object]) -> Transitions:
        return cls(
            np.asarray(doc["start"], dtype=np.float32),
            np.asarray(doc["trans"], dtype=np.float32),
            np.asarray(doc["end"], dtype=np.float32),
        )


def viterbi(emissions: FloatArray, lengths: IntArray, crf: Transitions) -> list[list[int]]:
    """The best label sequence of each sentence of a padded batch of emission scores ``[batch, width, labels]``.

    One pass over the positions for the whole batch, longest sentences first, so the sentences still
    running at a position are a prefix of the batch.
    """
    b, width, n_labels = emissions.shape
    if b == 0 or width == 0:
        return [[] for _ in range(b)]
    order = np.argsort(-lengths, kind="stable")
    em = emissions[order]
    lens = lengths[order]
    alive = np.searchsorted(-lens, -np.arange(width), side="left")  # sentences longer than i
    score = crf.start[None, :] + em[:, 0]
    back = np.zeros((width, b, n_labels), dtype=np.int64)
    trans = crf.trans[None, :, :]
    for i in range(1, width):
        k = alive[i]
        total = score[:k, :, None] + trans
        back[i, :k] = total.argmax(1)
        score[:k] = total.max(1) + em[:k, i]
    last = (score + crf.end[None, :]).argmax(1)
    path = np.empty((b, width), dtype=np.int64)
    rows = np.arange(b)
    for i in range(width - 1, -1, -1):
        k = alive[i]
        path[:k, i] = last[:k]
        if i:
            last[:k] = back[i, rows[:k], last[:k]]
    out: list[list[int]] = [[] for _ in range(b)]
    for r, k in enumerate(order):
        out[int(k)] = path[r, : int(lens[r])].tolist()
    return out


def illegal_transition_mask(labels: Sequence[str]) -> tuple[FloatArray, FloatArray]:
    """``(start, trans)`` penalties: an ``I-X`` only after ``B-X`` or ``I-X`` (strict BIO)."""
    n = len(labels)
    start = np.zeros(n, dtype=np.float32)
    trans = np.zeros((n, n), dtype=np.float32)
    for j, b in enumerate(labels):
        if b.startswith("I-"):
            start[j] = -1e4
            for i, a in enumerate(labels):
                if a[2:] != b[2:]:
                    trans[i, j] = -1e4
    return start, trans


def save_vocab(path: Path, vocab: Vocab, crf: Transitions, meta: dict[str, object]) -> None:
    doc = {**vocab.to_json(), **crf.to_json(), "meta": meta}
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def load_vocab(path: Path) -> tuple[Vocab, Transitions, dict[str, object]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    meta = doc.get("meta", {})
    return Vocab.from_json(doc), Transitions.from_json(doc), meta if isinstance(meta, dict) else {}
