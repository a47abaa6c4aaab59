"""Readers for the NER training and dev files (``../shared/corpus/ner``), all as BIO over ORG/PER/LOC.

Formats (see ``SOURCES.md`` there): ``*.bio`` (``char<TAB>tag``), ``*.char.bmes`` (``char tag``, B/M/E/S
prefixes) and CLUENER JSON lines. Each reader yields ``(chars, tags)`` per sentence, with tags in
``{"O", "B-ORG", "I-ORG", "B-PER", "I-PER", "B-LOC", "I-LOC"}``; types outside ORG/PER/LOC become ``O``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

Sentence = tuple[list[str], list[str]]

LABELS = ("O", "B-ORG", "I-ORG", "B-PER", "I-PER", "B-LOC", "I-LOC")

# Source types -> our three. MSRA/PKU: NT/NR/NS; Weibo: ORG.NAM …; Resume: NAME; CLUENER: see below.
TYPE_MAP = {
    "ORG": "ORG",
    "NT": "ORG",
    "ORG.NAM": "ORG",
    "PER": "PER",
    "NR": "PER",
    "NAME": "PER",
    "PER.NAM": "PER",
    "LOC": "LOC",
    "NS": "LOC",
    "GPE": "LOC",
    "LOC.NAM": "LOC",
    "GPE.NAM": "LOC",
}
CLUENER_MAP = {"organization": "ORG", "government": "ORG", "company": "ORG", "name": "PER"}


def _tag(prefix: str, kind: str) -> str:
    label = TYPE_MAP.get(kind)
    if label is None:
        return "O"
    return ("B-" if prefix in ("B", "S") else "I-") + label


def _repair(tags: list[str]) -> list[str]:
    """An ``I-X`` without a ``B-X``/``I-X`` before it starts an entity."""
    out: list[str] = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or out[i - 1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def read_columns(path: Path) -> Iterator[Sentence]:
    """``char<sep>tag`` lines, a blank line between sentences (``.bio`` and ``.char.bmes``)."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield chars, _repair(tags)
                chars, tags = [], []
                continue
            if "\t" in line:
                ch, _, tag = line.partition("\t")
            else:
                ch, _, tag = line.rpartition(" ")
            if not ch:
                ch = " "
            tag = tag.strip()
            prefix, _, kind = tag.partition("-")
            chars.append(ch[0])
            tags.append("O" if tag == "O" or not kind else _tag(prefix, kind))
    if chars:
        yield chars, _repair(tags)


def read_cluener(path: Path) -> Iterator[Sentence]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            chars = list(doc["text"])
            tags = ["O"] * len(chars)
            for kind, surfaces in doc.get("label", {}).items():
                label = CLUENER_MAP.get(kind)
                if label is None:
                    continue
                for spans in surfaces.values():
                    for a, b in spans:
                        tags[a] = "B-" + label
                        for i in range(a + 1, b + 1):
                            tags[i] = "I-" + label
            yield chars, tags


def read_any(path: Path) -> Iterator[Sentence]:
    if path.suffix == ".json":
        return read_cluener(path)
    return read_columns(path)


def to_bioes(tags: list[str]) -> list[str]:
    """BIO tags as BIOES: a one-character entity ``S-X``, an entity's last character ``E-X`` (the tagger
    then learns where names end as well as where they start)."""
    out: list[str] = []
    last = len(tags) - 1
    for i, t in enumerate(tags):
        if t == "O":
            out.append(t)
            continue
        goes_on = i < last and tags[i + 1] == "I-" + t[2:]
        if t.startswith("B-"):
            out.append(("B-" if goes_on else "S-") + t[2:])
        else:
            out.append(("I-" if goes_on else "E-") + t[2:])
    return out


def to_bio(tags: list[str]) -> list[str]:
    """BIOES tags (or BIO, unchanged) as BIO: ``S-X`` → ``B-X``, ``E-X`` → ``I-X``."""
    return [("B-" if t[0] == "S" else "I-") + t[2:] if t[0] in "SE" else t for t in tags]


def spans_of(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, label)`` of a BIO tag sequence (strict: B starts, I continues)."""
    out: set[tuple[int, int, str]] = set()
    start, last, label = -1, -2, ""
    for i in [i for i, t in enumerate(tags) if t != "O"]:  # most tags are O: visit the others only
        t = tags[i]
        if i == last + 1 and t.startswith("I-") and label == t[2:]:
            last = i
            continue
        if label:
            out.add((start, last + 1, label))
        start, last, label = i, i, t[2:]
    if label:
        out.add((start, last + 1, label))
    return out


def score_spans(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, dict[str, float]]:
    """Strict span P/R/F1 per label (ORG, PER, LOC) and micro over all, from ``(gold, predicted)``
    BIO tag sequences (an entity counts only with both edges and the label right)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_tags, pred_tags in pairs:
        gold, pred = spans_of(gold_tags), spans_of(pred_tags)
        for s in pred:
            (tp if s in gold else fp)[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    out: dict[str, dict[str, float]] = {}
    for label in ("ORG", "PER", "LOC", "ALL"):
        if label == "ALL":
            t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, p, n = tp[label], fp[label], fn[label]
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "gold": t + n}
    return out
