#!/usr/bin/env python3
"""Entity recognition, old beside new, in one run: the legacy recogniser (LAC ∪ grammar,
``pipelines.entities.legacy``), the shipped CRF model (``pipelines.entities``) and, when one has been
trained, the neural model (``pipelines.entities.neural``).

    python benchmarks/entities.py [--limit N] [--repeat N] [--only accuracy|chain]

1. Accuracy and speed on ``../shared/corpus/ner/msra-dev.char.bmes`` (NT = ORG, NR = PER, NS = LOC),
   sentences joined 20 at a time with "\\n" into article-sized documents. Strict span P/R/F1 per type.
   Rows: ``lac`` (LAC's own ORG/PER/LOC tokens), ``crf`` and ``neural`` (each model alone),
   ``legacy``, ``default`` and ``default-neural`` (the whole recogniser: model ∪ grammar ∪ title
   marks, edges repaired, consistency filter; ORG/PER; ``default`` is over the shipped CRF),
   ``step-legacy``, ``step`` and ``step-neural`` (``extract_entities``: the recogniser, name filters
   and canonical names; mentions scored as spans). The ``neural`` rows need a model trained with
   ``python -m pipelines.entities.neural.train`` (none ships) and are skipped without one. Speed: chars per CPU-second of the process (one thread), after a
   warm-up; peak RSS of the process (each row runs in its own subprocess). ``--script traditional``
   scores the same sentences written in traditional script (OpenCC ``s2t``, the same offsets; the
   row's peak RSS then holds the benchmark's own converter, ~25 MB).
2. The whole chain (extract → normalise → dates → entities) on ``zh-news/wce-dev`` and
   ``zh-news/pages``: median ms per page with each recogniser, beside trafilatura's extraction alone.

Prints a skip message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import SHARED, peak_rss_mb  # first: puts the project on sys.path

MSRA = SHARED / "corpus" / "ner" / "msra-dev.char.bmes"
PAGE_DIRS = (SHARED / "corpus" / "zh-news" / "wce-dev", SHARED / "corpus" / "zh-news" / "pages")
DOC_SENTENCES = 20
ACCURACY_ROWS = (
    "lac",
    "crf",
    "neural",
    "legacy",
    "default",
    "default-neural",
    "step-legacy",
    "step",
    "step-neural",
)
CHAIN_ROWS = ("trafilatura", "chain-legacy", "chain", "chain-neural")
LABELS = ("ORG", "PER", "LOC")

SpanFn = Callable[[str], list[tuple[int, int, str]]]


def _recogniser(name: str) -> SpanFn:
    """``text -> [(start, end, label)]`` for one row; models loaded here (not timed)."""
    from pipelines.entities.filters import load_tables

    load_tables()  # jieba's tables (the repairs and filters read them): loading is not part of speed
    if name == "lac":
        from pipelines.entities.legacy import LacTokenizer

        lac = LacTokenizer()
        return lambda t: [(k.start, k.end, k.pos) for k in lac(t) if k.pos in LABELS]
    if name in ("crf", "neural"):
        from pipelines.entities.tagger import default_tagger

        tagger = default_tagger(name)
        return lambda t: [(e.start, e.end, e.label) for e in tagger.entities(t)]
    if name in ("legacy", "default", "default-neural"):
        rec = _recogniser_of(name)
        return lambda t: [(s.start, s.end, s.label) for s in rec.spans(t)]
    if name in ("step-legacy", "step", "step-neural"):
        from pipelines.entities import extract_entities

        rec = _recogniser_of(name)

        def step(t: str) -> list[tuple[int, int, str]]:
            orgs, persons = extract_entities(t, recognizer=rec)
            out = [(m["start"], m["end"], "ORG") for o in orgs for m in o["mentions"]]
            return out + [(m["start"], m["end"], "PER") for p in persons for m in p["mentions"]]

        return step
    raise SystemExit(f"unknown row {name!r}")


def _recogniser_of(row: str) -> Any:
    """The recogniser of a row: ``*legacy`` (LAC ∪ grammar), ``*-neural`` (the neural model ∪ grammar)
    or the default (the shipped CRF ∪ grammar)."""
    if row.endswith("legacy"):
        return _legacy()
    if row.endswith("-neural"):
        from pipelines.entities import model_recognizer
        from pipelines.entities.tagger import default_tagger

        return model_recognizer(default_tagger("neural"))
    return _default()


def _legacy() -> Any:
    from pipelines.entities.legacy import legacy_recognizer

    return legacy_recognizer()


def _default() -> Any:
    from pipelines.entities import default_recognizer

    return default_recognizer()


def per_sentence(sentences: list[str], found: list[tuple[int, int, str]]) -> list[set[tuple[int, int, str]]]:
    """The spans found in ``"\n".join(sentences)``, each in the sentence that holds it, with that
    sentence's offsets (a span across a line break is in none)."""
    bounds, offset = [], 0
    for s in sentences:
        bounds.append((offset, offset + len(s)))
        offset += len(s) + 1
    pred: list[set[tuple[int, int, str]]] = [set() for _ in sentences]
    for a, b, label in found:
        for k, (lo, hi) in enumerate(bounds):
            if lo <= a and b <= hi:
                pred[k].add((a - lo, b - lo, label))
                break
    return pred


def accuracy_row(
    name: str, limit: int | None, gold: Path = MSRA, script: str = "simplified"
) -> dict[str, Any]:
    from pipelines.entities.bio import read_any, spans_of

    sents = [("".join(c), spans_of(t)) for c, t in read_any(gold)]
    if script == "traditional":
        sents = [(_traditional(s), spans) for s, spans in sents]
    sents = sents[:limit] if limit else sents
    fn = _recogniser(name)
    fn("中华人民共和国国务院新闻办公室今天举行发布会，王毅出席。")  # warm-up: loads the model
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn_: Counter[str] = Counter()
    nchars = 0
    cpu = 0.0
    for i in range(0, len(sents), DOC_SENTENCES):
        doc = sents[i : i + DOC_SENTENCES]
        text = "\n".join(s for s, _ in doc)
        nchars += len(text)
        c0 = time.process_time()
        found = fn(text)
        cpu += time.process_time() - c0
        pred = per_sentence([s for s, _ in doc], found)
        for k, (_s, truth) in enumerate(doc):
            for sp in pred[k]:
                (tp if sp in truth else fp)[sp[2]] += 1
            for sp in truth - pred[k]:
                fn_[sp[2]] += 1
    row: dict[str, Any] = {
        "row": name,
        "chars": nchars,
        "chars_per_cpu_s": round(nchars / cpu) if cpu else None,
    }
    for label in LABELS:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn_[label]) if tp[label] + fn_[label] else 0.0
        row[label] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        row[label + "_p"], row[label + "_r"] = round(p, 4), round(r, 4)
    row["peak_rss_mb"] = round(peak_rss_mb())
    return row


def _pages() -> list[tuple[str, bytes]]:
    pages: list[tuple[str, bytes]] = []
    for folder in PAGE_DIRS:
        if folder.is_dir():
            pages.extend((p.name, p.read_bytes()) for p in sorted(folder.glob("*.html")))
    return pages


def chain_row(name: str, repeat: int) -> dict[str, Any]:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    from crawler.pages.encoding import decode_html
    from crawler.pages.generic.page import parse_generic

    pages = _pages()
    if name == "trafilatura":
        import trafilatura

        texts = [decode_html(raw)[0] for _, raw in pages]

        def run(i: int) -> None:
            trafilatura.bare_extraction(texts[i], with_metadata=True)

    else:
        import pipelines.entities.step as orgs
        from pipelines.chain import process_article

        orgs._DEFAULT = _recogniser_of(name)
        from pipelines.entities.filters import load_tables

        load_tables()

        def run(i: int) -> None:
            pname, raw = pages[i]
            process_article(parse_generic(f"file:///{pname}", raw))

    run(0)  # warm-up
    ms = []
    for i in range(len(pages)):
        spent = []
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            run(i)
            spent.append(time.perf_counter() - t0)
        ms.append(min(spent) * 1000)
    return {
        "row": name,
        "pages": len(pages),
        "median_ms": round(statistics.median(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def _cnr_pages() -> list[tuple[str, bytes]]:
    cnr = SHARED / "corpus" / "cnr"
    found = sorted(cnr.glob("t2*.html")) + sorted((cnr / "recent").glob("*article-content.fragment.html"))
    return [(p.name, p.read_bytes()) for p in found]


def _context(body: str, m: dict[str, Any]) -> str:
    """A mention in [brackets] with 12 characters either side."""
    return body[max(0, m["start"] - 12) : m["start"]] + "[" + m["text"] + "]" + body[m["end"] : m["end"] + 12]


def dump_pages(path: str) -> int:
    """The entity step's output on the real pages (wce-dev, zh-news/pages, the CNR article pages), one
    JSON line per page: the story's place, organisations and persons, each with its mentions and a
    context snippet, for the hand count of clearly wrong names and places (docs/entity-model.md)."""
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    from crawler.pages import page_object_for
    from pipelines.chain import process_article

    with open(path, "w", encoding="utf-8") as out:
        for pname, raw in _pages() + _cnr_pages():
            url = f"https://www.cnr.cn/a/20250101/{pname}" if pname.startswith("t2") else f"file:///{pname}"
            item = process_article(page_object_for(url, raw).parse(url, raw))
            body = item.body or ""

            row = {
                "page": pname,
                "title": item.title,
                "place": item.place,  # where the entity step placed the story (judged by hand as well)
                "organizations": [
                    {
                        "name": o["name"],
                        "mentions": len(o["mentions"]),
                        "context": _context(body, o["mentions"][0]),
                    }
                    for o in item.organizations or []
                ],
                "persons": [
                    {
                        "name": p["name"],
                        "mentions": len(p["mentions"]),
                        "context": _context(body, p["mentions"][0]),
                    }
                    for p in item.persons or []
                ],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


def diff_pages(before: Path, after: Path) -> list[str]:
    """What changed between two ``--dump`` files, page by page: each organisation or person that went
    (``-``) or came (``+``) with its mention count and first context, and a story place that moved (a
    name whose mentions changed shows as both). The way to see that a rule changed only what it says."""
    rows = [
        {row["page"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}
        for path in (before, after)
    ]
    out: list[str] = []
    for page in sorted(rows[0].keys() | rows[1].keys()):
        a, b = rows[0].get(page, {}), rows[1].get(page, {})
        for kind in ("organizations", "persons"):
            names = [
                {(n["name"], n["mentions"]): n["context"].replace("\n", " ") for n in side.get(kind, [])}
                for side in (a, b)
            ]
            out += [
                f"{page[:10]} {kind[:3]} - {k[0]} ×{k[1]}  {names[0][k]}"
                for k in names[0]
                if k not in names[1]
            ]
            out += [
                f"{page[:10]} {kind[:3]} + {k[0]} ×{k[1]}  {names[1][k]}"
                for k in names[1]
                if k not in names[0]
            ]
        if a.get("place") != b.get("place"):
            out.append(f"{page[:10]} place {a.get('place')} -> {b.get('place')}")
    return out


def _sub(args: list[str]) -> dict[str, Any] | None:
    if "neural" in args[1]:
        from pipelines.entities.neural.tagger import ONNX_PATH

        if not ONNX_PATH.is_file():
            print(
                f"{args[1]:<13} skipped: no neural model ({ONNX_PATH.name}; python -m pipelines.entities.neural.train)"
            )
            return None
    env = dict(os.environ, NEWS_ORGS_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        print(f"{args[1]:<13} failed: {out.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def _traditional(sentence: str) -> str:
    """``sentence`` written in traditional script (OpenCC ``s2t``), one character for one; as it is
    where the conversion would change its length (msra-dev: never)."""
    out: str = _s2t().convert(sentence)
    return out if len(out) == len(sentence) else sentence


@functools.cache
def _s2t() -> Any:
    import opencc  # a runtime dependency (pipelines.text.t2s)

    return opencc.OpenCC("s2t")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N dev sentences only")
    ap.add_argument("--repeat", type=int, default=2, help="time each page N times (the fastest is kept)")
    ap.add_argument("--only", choices=("accuracy", "chain"))
    ap.add_argument(
        "--rounds", type=int, default=1, help="run the accuracy rows N times in turn; each keeps its fastest"
    )
    ap.add_argument("--rows", help="comma-separated rows (default: all)")
    ap.add_argument("--dump", metavar="FILE", help="write the step's names on the real pages (JSON lines)")
    ap.add_argument(
        "--diff-pages",
        nargs=2,
        type=Path,
        metavar=("BEFORE", "AFTER"),
        help="print what changed between two --dump files, page by page",
    )
    ap.add_argument(
        "--gold",
        type=Path,
        default=MSRA,
        help="score on this BIO/BMES file instead of msra-dev (e.g. train.py --write-held)",
    )
    ap.add_argument(
        "--model",
        type=Path,
        help="the CRF model the crf/default/step rows use (its gazetteer.tsv beside it; train.py --out)",
    )
    ap.add_argument(
        "--script",
        choices=("simplified", "traditional"),
        default="simplified",
        help="traditional: score the gold's sentences written in traditional script (OpenCC s2t, same offsets)",
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--one-chain", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.model:
        from pipelines.entities.tagger import CrfTagger, set_default_tagger

        set_default_tagger(CrfTagger(args.model, args.model.with_name("gazetteer.tsv")))
    if args.one:
        print(json.dumps(accuracy_row(args.one, args.limit, args.gold, args.script)))
        return 0
    if args.one_chain:
        print(json.dumps(chain_row(args.one_chain, args.repeat)))
        return 0
    if args.dump:
        return dump_pages(args.dump)
    if args.diff_pages:
        print("\n".join(diff_pages(*args.diff_pages)) or "no change")
        return 0
    if not args.gold.exists():
        print(f"skip: {args.gold} not found (../shared absent)")
        return 0
    passed = ["--gold", str(args.gold), "--script", args.script] + (
        ["--model", str(args.model)] if args.model else []
    )
    wanted = set(args.rows.split(",")) if args.rows else None
    if args.only in (None, "accuracy"):
        print(
            f"{'row':<13}{'chars/cpu-s':>12}{'peak MB':>9}"
            f"{'ORG P':>7}{'ORG R':>7}{'ORG F1':>7}{'PER F1':>7}{'LOC F1':>7}"
        )
        names = [n for n in ACCURACY_ROWS if not wanted or n in wanted]
        best: dict[str, dict[str, Any]] = {}
        # the rows run in turn, ``--rounds`` times over: a machine whose speed drifts (a shared box)
        # slows every row alike, and each row keeps its fastest round
        for _ in range(max(1, args.rounds)):
            for name in names:
                r = _sub(["--one", name, *passed] + (["--limit", str(args.limit)] if args.limit else []))
                if r and (name not in best or r["chars_per_cpu_s"] > best[name]["chars_per_cpu_s"]):
                    best[name] = r
        for name in names:
            r = best.get(name)
            if r:
                loc = f"{r['LOC']:>7.3f}" if r["LOC_p"] or r["LOC_r"] else f"{'-':>7}"
                print(
                    f"{name:<13}{r['chars_per_cpu_s']:>12}{r['peak_rss_mb']:>9}"
                    f"{r['ORG_p']:>7.3f}{r['ORG_r']:>7.3f}{r['ORG']:>7.3f}{r['PER']:>7.3f}{loc}"
                )
        what = "MSRA dev" if args.gold == MSRA else args.gold.name
        rounds = f", the fastest of {args.rounds} alternating rounds" if args.rounds > 1 else ""
        print(f"({what}, strict spans; {DOC_SENTENCES} sentences per document; one thread{rounds})")
        if "step" in best and "step-legacy" in best:
            ratio = best["step"]["chars_per_cpu_s"] / best["step-legacy"]["chars_per_cpu_s"]
            print(f"the step is {ratio:.2f}x the legacy step's speed (chars per CPU-second)")
    if args.only in (None, "chain"):
        print(f"{'chain row':<13}{'pages':>6}{'med ms':>8}{'mean ms':>8}{'peak MB':>9}")
        for name in CHAIN_ROWS:
            if wanted and name not in wanted:
                continue
            r = _sub(["--one-chain", name, "--repeat", str(args.repeat)])
            if r:
                print(f"{name:<13}{r['pages']:>6}{r['median_ms']:>8}{r['mean_ms']:>8}{r['peak_rss_mb']:>9}")
        print("(chain = extract → normalise → dates → entities; trafilatura = its extraction alone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
