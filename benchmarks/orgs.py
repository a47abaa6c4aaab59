"""Organisation recognition: speed, memory and MSRA-dev ORG precision/recall/F1 (strict span match).

    python benchmarks/orgs.py [--recognizers lac,grammar,grammar-lac,union,union-jieba,default,pipeline]
                              [--limit N] [--split even|odd|all]

Reads ``../shared/corpus/ner/msra-dev.char.bmes`` (one ``char TAG`` per line, BMES, NT = organisation)
in place; prints a skip message when it is absent. Sentences are joined 20 at a time with "\\n" into
article-sized documents (as the pipeline sees a body), recognised, and spans mapped back.
``--split even|odd`` keeps only the sentences of even (odd) index before grouping: tune on one half,
report the other as a held-out figure.
Each recogniser runs in its own subprocess so its peak RSS is its own; ONNX Runtime single-threaded
(one core). Speed counts recognition only (after a warm-up document), not model loading: chars/s by
the wall clock, and chars per CPU-second of this process (the one-core figure on a shared machine).
``pipeline`` scores the whole step (``extract_entities``: the name filters and canonicalisation too):
its reported mentions as spans.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import SHARED, peak_rss_mb

MSRA = SHARED / "corpus" / "ner" / "msra-dev.char.bmes"
DOC_SENTENCES = 20
ALL = ("lac", "grammar", "grammar-lac", "union", "union-jieba", "default", "pipeline")


def read_bmes(path: Path) -> list[tuple[str, list[str]]]:
    sents: list[tuple[str, list[str]]] = []
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    sents.append(("".join(chars), tags))
                chars, tags = [], []
                continue
            ch, _, tag = line.rpartition(" ")
            chars.append(ch[:1] or " ")
            tags.append(tag)
    if chars:
        sents.append(("".join(chars), tags))
    return sents


def gold_spans(tags: list[str], label: str) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    start: int | None = None
    for i, t in enumerate(tags):
        if t == f"S-{label}":
            out.add((i, i + 1))
            start = None
        elif t == f"B-{label}":
            start = i
        elif t == f"E-{label}" and start is not None:
            out.add((start, i + 1))
            start = None
        elif t != f"M-{label}":
            start = None
    return out


def make(name: str):
    from pipelines.entities.legacy import LacRecognizer, LacTokenizer
    from pipelines.entities.recognizers import GrammarRecognizer, JiebaTokenizer, UnionRecognizer

    if name == "lac":
        return LacRecognizer()
    if name == "grammar":
        return GrammarRecognizer(JiebaTokenizer(), name="grammar")
    lac_tok = LacTokenizer()
    if name == "grammar-lac":
        return GrammarRecognizer(lac_tok, name="grammar-lac")
    if name == "union":
        return UnionRecognizer([LacRecognizer(lac_tok), GrammarRecognizer(lac_tok)], name="union")
    if name == "union-jieba":
        return UnionRecognizer(
            [LacRecognizer(lac_tok), GrammarRecognizer(JiebaTokenizer())], name="union-jieba"
        )
    if name == "default":
        from pipelines.entities import default_recognizer
        from pipelines.entities.filters import load_tables

        load_tables()  # jieba's tables (the edge repairs read them): loading is not part of the speed
        return default_recognizer()
    if name == "pipeline":
        return PipelineSpans()
    if name.startswith("consistent"):
        from pipelines.entities.recognizers import ConsistentRecognizer

        ratio = float(name.partition("-")[2] or 0.5)
        return ConsistentRecognizer(make("union"), min_ratio=ratio)
    raise SystemExit(f"unknown recogniser {name!r}")


class PipelineSpans:
    """The whole step as an item sees it (``extract_entities``: recognition, then the filters on names
    and canonicalisation): the reported mentions as spans."""

    name = "pipeline"

    def __init__(self) -> None:
        from pipelines.entities.filters import load_tables

        load_tables()  # jieba's tables, loaded once per process: not part of the speed figure

    def spans(self, text: str) -> list:
        from pipelines.entities import Span, extract_entities

        orgs, persons = extract_entities(text)
        out = [Span(m["start"], m["end"], "ORG") for o in orgs for m in o["mentions"]]
        out.extend(Span(m["start"], m["end"], "PER") for p in persons for m in p["mentions"])
        return out


def select(sents: list, split: str) -> list:
    """The sentences of one half, by sentence index (``even``: 0, 2, 4 …; ``odd``: 1, 3 …), or all."""
    if split == "even":
        return sents[0::2]
    if split == "odd":
        return sents[1::2]
    return sents


def run_one(name: str, limit: int | None, split: str = "all") -> dict:

    sents = select(read_bmes(MSRA), split)
    sents = sents[:limit] if limit else sents
    rec = make(name)
    docs = [sents[i : i + DOC_SENTENCES] for i in range(0, len(sents), DOC_SENTENCES)]
    rec.spans("中华人民共和国国务院新闻办公室今天举行发布会。")  # warm-up: loads models
    tp = fp = fn = 0
    ptp = pfp = pfn = 0
    nchars = 0
    elapsed = cpu = 0.0
    for doc in docs:
        text = "\n".join(s for s, _ in doc)
        nchars += len(text)
        t0, c0 = time.perf_counter(), time.process_time()
        spans = rec.spans(text)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        offset = 0
        bounds = []
        for s, _ in doc:
            bounds.append((offset, offset + len(s)))
            offset += len(s) + 1
        pred: list[set[tuple[int, int]]] = [set() for _ in doc]
        ppred: list[set[tuple[int, int]]] = [set() for _ in doc]
        for sp in spans:
            for i, (a, b) in enumerate(bounds):
                if a <= sp.start and sp.end <= b:
                    (pred if sp.label == "ORG" else ppred)[i].add((sp.start - a, sp.end - a))
                    break
        for i, (_s, tags) in enumerate(doc):
            g = gold_spans(tags, "NT")
            tp += len(g & pred[i])
            fp += len(pred[i] - g)
            fn += len(g - pred[i])
            gp = gold_spans(tags, "NR")
            ptp += len(gp & ppred[i])
            pfp += len(ppred[i] - gp)
            pfn += len(gp - ppred[i])

    def prf(a: int, b: int, c: int) -> tuple[float, float, float]:
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    p, r, f = prf(tp, fp, fn)
    pp, pr, pf = prf(ptp, pfp, pfn)
    return {
        "recognizer": name,
        "split": split,
        "sentences": len(sents),
        "chars": nchars,
        "seconds": round(elapsed, 2),
        "chars_per_s": round(nchars / elapsed) if elapsed else None,
        "chars_per_cpu_s": round(nchars / cpu) if cpu else None,
        "peak_rss_mb": round(peak_rss_mb()),
        "org_p": round(p, 4),
        "org_r": round(r, 4),
        "org_f1": round(f, 4),
        "per_p": round(pp, 4),
        "per_r": round(pr, 4),
        "per_f1": round(pf, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recognizers", default=",".join(ALL))
    ap.add_argument("--limit", type=int, default=None, help="first N sentences only")
    ap.add_argument(
        "--split", choices=("even", "odd", "all"), default="all", help="sentences of even/odd index, or all"
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not MSRA.exists():
        print(f"skip: {MSRA} not found (../shared absent)")
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.limit, args.split)))
        return 0
    env = dict(os.environ, NEWS_ORGS_THREADS="1", OMP_NUM_THREADS="1")
    print(
        f"{'recogniser':<13}{'chars/s':>9}{'chars/cpu-s':>12}{'peak MB':>9}"
        f"{'ORG P':>8}{'ORG R':>8}{'ORG F1':>8}{'PER F1':>8}"
    )
    for name in args.recognizers.split(","):
        cmd = [sys.executable, __file__, "--one", name, "--split", args.split]
        cmd += ["--limit", str(args.limit)] if args.limit else []
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if out.returncode != 0:
            print(f"{name:<13} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{name:<13}{r['chars_per_s']:>9}{r['chars_per_cpu_s']:>12}{r['peak_rss_mb']:>9}"
            f"{r['org_p']:>8.3f}{r['org_r']:>8.3f}"
            f"{r['org_f1']:>8.3f}{r['per_f1']:>8.3f}"
        )
    print(
        f"(MSRA dev: {MSRA.name}, {args.split} sentences; strict span match on NT; one core;"
        f" {DOC_SENTENCES} sentences per document)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
