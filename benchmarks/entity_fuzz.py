"""The entity step on random strings: no exception, every mention's offsets right, no two organisations' mentions
overlapping. Issue 12's steps each ran such a check by hand; the thirty-fifth found an overlap with it
(`华润市委”深圳厅》华润市委`, docs/entity-model.md).

    python benchmarks/entity_fuzz.py [--seed 1] [--strings 3000] [--words 华润,体育中心,...]

The strings are 1-50 words drawn (with the seed) from the words of every held batch of today's news
(``benchmarks/data/todays_stories``, segmented by jieba), list and clause marks, brackets, quotes and a few
characters that join names, plus ``--words`` (the words of the rules a step wrote). Prints each problem (at most
five) and the count; exits 1 if there is any. ~1 s per 1,000 strings.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence

from _common import ROOT  # first: puts the project on sys.path

from pipelines.entities import extract_entities
from pipelines.entities.filters import load_tables
from pipelines.segment import cut

BATCHES = ROOT / "benchmarks" / "data" / "todays_stories"
MARKS = list("、，。；：“”《》（）\n 等和与及的了在于") + ["——"]


def batch_words() -> list[str]:
    """The words of the held batches' paragraphs (not their label lines)."""
    words: set[str] = set()
    for path in sorted(BATCHES.glob("held*.txt")):
        for line in path.read_text("utf-8").splitlines():
            if line and not line.startswith(("#", "O:", "P:")):
                words.update(cut(line))
    return sorted(words)


def problem(text: str) -> str | None:
    """What is wrong with the step's answer on ``text``, or None."""
    try:
        orgs, persons = extract_entities(text)
    except Exception as exc:  # a fuzzer reports whatever is raised
        return f"{type(exc).__name__}: {exc}"
    for entity in orgs + persons:
        for m in entity["mentions"]:
            if text[m["start"] : m["end"]] != m["text"]:
                return f"offsets: {m}"
    spans = sorted((m["start"], m["end"]) for o in orgs for m in o["mentions"])
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if end > start:
            return f"overlapping organisations: {spans}"
    return None


def fuzz(seed: int, strings: int, words: Sequence[str]) -> list[tuple[str, str]]:
    """``(text, problem)`` for each of ``strings`` random strings with a problem."""
    rng = random.Random(seed)
    found = []
    for _ in range(strings):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 50)))
        wrong = problem(text)
        if wrong is not None:
            found.append((text, wrong))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strings", type=int, default=3000)
    ap.add_argument("--words", default="", help="comma-separated words added to the draw")
    args = ap.parse_args()
    load_tables()
    words = batch_words() + MARKS + [w for w in args.words.split(",") if w]
    found = fuzz(args.seed, args.strings, words)
    for text, wrong in found[:5]:
        print(repr(text), wrong)
    print(f"seed {args.seed}: {args.strings} strings of {len(words)} words, {len(found)} with a problem")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
