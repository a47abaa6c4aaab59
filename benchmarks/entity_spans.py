"""The entity step's every span on gold text, right or wrong, and what a rule changed.

    python benchmarks/entity_spans.py --out before.jsonl            # msra-dev + msra-train.bio
    (change a rule)
    python benchmarks/entity_spans.py --out after.jsonl
    python benchmarks/entity_spans.py --diff before.jsonl after.jsonl [--label PER]

Runs :func:`pipelines.entities.extract_entities` over the gold files in documents of 20 sentences (as
``benchmarks/entities.py`` scores them) and writes one JSON line per span: the file, the sentence, the
span, its label and ``TP`` (the step and the gold agree), ``FP`` (the step's only) or ``FN`` (the gold's
only), with the sentence. ``--diff`` prints the step's spans one run has and the other has not, in
context: how many gold names a rule found and how many wrong ones it added, read one by one. The rules
are not the model's, so msra-train (which the model was trained on) still tests a rule that adds or
drops names by their context; the model's own figures on it say nothing. ~20 s for both files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from _common import SHARED  # first: puts the project on sys.path
from entities import DOC_SENTENCES, MSRA, _recogniser, per_sentence

TRAIN = SHARED / "corpus" / "ner" / "train" / "msra-train.bio"
CONTEXT = 10


def spans(golds: list[Path]) -> list[dict[str, object]]:
    from pipelines.entities.bio import read_any, spans_of

    step = _recogniser("step")  # the step's organisation and person mentions, as entities.py scores them
    rows: list[dict[str, object]] = []
    for gold in golds:
        sents = [("".join(chars), set(spans_of(tags))) for chars, tags in read_any(gold)]
        for first in range(0, len(sents), DOC_SENTENCES):
            doc = sents[first : first + DOC_SENTENCES]
            found = per_sentence(
                [sent for sent, _truth in doc], step("\n".join(sent for sent, _truth in doc))
            )
            for k, (sent, truth) in enumerate(doc):
                truth = {t for t in truth if t[2] in ("ORG", "PER")}
                for a, b, label in sorted(found[k] | truth):
                    kind = "TP" if (a, b, label) in found[k] and (a, b, label) in truth else "FP"
                    if (a, b, label) not in found[k]:
                        kind = "FN"
                    rows.append(
                        {
                            "file": gold.name,
                            "sentence": first + k,
                            "start": a,
                            "end": b,
                            "label": label,
                            "kind": kind,
                            "text": sent,
                        }
                    )
    return rows


def _key(row: dict) -> tuple:
    return row["file"], row["sentence"], row["start"], row["end"], row["label"], row["kind"]


def _shown(row: dict) -> str:
    a, b, text = row["start"], row["end"], row["text"]
    return f"{row['kind']} {row['label']} {text[max(0, a - CONTEXT) : a]}[{text[a:b]}]{text[b : b + CONTEXT]}"


def diff(before: Path, after: Path, label: str | None) -> list[str]:
    def read(path: Path) -> dict[tuple, dict]:
        rows = (json.loads(line) for line in path.open(encoding="utf-8"))
        return {_key(r): r for r in rows if r["kind"] != "FN" and (label is None or r["label"] == label)}

    old, new = read(before), read(after)
    lines = [f"- {_shown(old[k])}" for k in sorted(old.keys() - new.keys())]
    return lines + [f"+ {_shown(new[k])}" for k in sorted(new.keys() - old.keys())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="write every span here (JSON lines)")
    ap.add_argument(
        "--gold", type=Path, action="append", help="gold BIO/BMES files (default: msra-dev, msra-train)"
    )
    ap.add_argument(
        "--diff",
        type=Path,
        nargs=2,
        metavar=("BEFORE", "AFTER"),
        help="the step's spans one has, the other not",
    )
    ap.add_argument("--label", choices=("ORG", "PER"), help="with --diff: one label only")
    args = ap.parse_args(argv)
    if args.diff:
        for line in diff(*args.diff, args.label):
            print(line)
        return 0
    if args.out is None:
        ap.error("--out or --diff is needed")
    rows = spans(args.gold or [MSRA, TRAIN])
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter((r["file"], r["label"], r["kind"]) for r in rows)
    for name in dict.fromkeys(str(r["file"]) for r in rows):
        for label in ("ORG", "PER"):
            tp, fp, fn = (counts[(name, label, kind)] for kind in ("TP", "FP", "FN"))
            p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
            f1 = 2 * p * r / max(1e-9, p + r)
            print(f"{name:24} {label} TP {tp:6} FP {fp:5} FN {fn:5}  P {p:.4f} R {r:.4f} F1 {f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
