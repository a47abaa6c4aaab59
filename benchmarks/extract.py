#!/usr/bin/env python3
"""Generic article extraction, side by side: ours, trafilatura and GNE, in one run.

    pip install -e '.[bench]'     # trafilatura
    pip install gne               # GNE: GPL-3.0, so in no extra of this project; install it to measure it
    python benchmarks/extract.py [PAGES_DIR TRUTH.json | --set wce-dev|magic-dev] [--per-doc] [--repeat N]

Defaults to ``../shared/corpus/zh-news/wce-dev`` (its ``truth.json``); ``--set magic-dev`` takes the
2024-era pages of ``../shared/corpus/zh-news/magic-dev``; exits 0 with a message when the set is
absent. Every extractor gets the same decoded text (``decode_html``) for its input, except
ours, which takes the raw bytes as the crawler does (decoding is counted in its time).

Scoring is ``../shared/tools/score_extraction.py`` itself (loaded in place, never copied): each
extractor's predictions are written as JSONL and scored by that script's ``main``. Printed per
extractor: body precision / recall / F1, published-day accuracy (as the scorer counts it: over
every page whose truth has a date string, including ones like ``"1998-3"`` that no prediction can
match) and over the pages whose truth names a full day, title accuracy, and median / mean ms per page
(each page timed ``--repeat`` times, extractors interleaved page by page, the fastest run kept, so
that load from other processes does not favour whichever extractor ran in a quiet moment).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import runpy
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import SHARED  # first: puts the project on sys.path

from crawler.pages.encoding import decode_html
from crawler.pages.generic.page import parse_generic

SETS = {name: SHARED / "corpus" / "zh-news" / name for name in ("wce-dev", "magic-dev")}
DEFAULT_PAGES = SETS["wce-dev"]
SCORER = SHARED / "tools" / "score_extraction.py"

Prediction = dict[str, Any]


def run_ours(name: str, raw: bytes, text: str) -> Prediction:
    item = parse_generic(f"file:///{name}", raw)
    return {
        "title": item.title,
        # a page judged not an article would not be stored by a crawl: score it as empty
        "body": item.body if item.is_article else "",
        "published_at": item.published_at.isoformat() if item.published_at else None,
    }


def run_trafilatura(name: str, raw: bytes, text: str) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True)
    if doc is None:
        return {"title": None, "body": "", "published_at": None}
    return {"title": doc.title, "body": doc.text or "", "published_at": doc.date}


_GNE: Any = None


def run_gne(name: str, raw: bytes, text: str) -> Prediction:
    global _GNE
    if _GNE is None:
        from gne import GeneralNewsExtractor

        _GNE = GeneralNewsExtractor()
    try:
        res = _GNE.extract(text)
    except Exception:  # GNE raises on some inputs; a failed page scores as empty
        return {"title": None, "body": "", "published_at": None}
    return {
        "title": res.get("title"),
        "body": res.get("content") or "",
        "published_at": res.get("publish_time"),
    }


EXTRACTORS: dict[str, Callable[[str, bytes, str], Prediction]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "gne": run_gne,
}

OURS = ("ours",)
# each peer's import name and how to install it (GNE is GPL-3.0: no extra of this project holds it)
PEERS = {
    "trafilatura": ("trafilatura", "pip install -e '.[bench]'"),
    "gne": ("gne", "pip install gne (GPL-3.0; in no extra)"),
}


def _installed(name: str) -> bool:
    import importlib.util

    module, install = PEERS[name]
    if importlib.util.find_spec(module) is not None:
        return True
    print(f"skipped {name}: not installed ({install})")
    return False


FULL_DAY_RE = re.compile(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})")


def score(
    scorer_main: Callable[[list[str]], None], truth_path: Path, preds: list[Prediction], per_doc: bool
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
        pred_path = fh.name
    buf = io.StringIO()
    argv = ["score_extraction.py", str(truth_path), pred_path] + (["--per-doc"] if per_doc else [])
    with contextlib.redirect_stdout(buf):
        scorer_main(argv)
    Path(pred_path).unlink(missing_ok=True)
    lines = buf.getvalue().strip().splitlines()
    result = json.loads(lines[-1])
    result["per_doc"] = lines[:-1]
    return result


def full_day_accuracy(truth: dict[str, Any], preds: list[Prediction]) -> tuple[float | None, int]:
    by_name = {Path(p["path"]).name: p for p in preds}
    n = ok = 0
    for name, g in truth.items():
        gm = FULL_DAY_RE.search(g.get("date") or g.get("published_at") or "")
        if not gm:
            continue
        n += 1
        pm = FULL_DAY_RE.search(by_name.get(name, {}).get("published_at") or "")
        ok += bool(pm) and tuple(map(int, gm.groups())) == tuple(map(int, pm.groups()))
    return (round(ok / n, 4) if n else None), n


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="?", type=Path)
    ap.add_argument("truth", nargs="?", type=Path)
    ap.add_argument("--set", choices=sorted(SETS), help="a development set of ../shared (default wce-dev)")
    ap.add_argument("--per-doc", action="store_true", help="print the scorer's per-document rows")
    ap.add_argument("--repeat", type=int, default=3, help="time each page N times (the fastest is kept)")
    ap.add_argument("--only", choices=sorted(EXTRACTORS), action="append", help="run only these")
    args = ap.parse_args(argv)
    if args.pages is not None and args.set:
        ap.error("give PAGES_DIR or --set, not both")
    args.pages = args.pages or SETS[args.set or "wce-dev"]
    truth_path = args.truth or args.pages / "truth.json"
    if not args.pages.is_dir() or not truth_path.is_file():
        print(f"skipped: {args.pages} or {truth_path} not found (../shared is not available)")
        return 0
    if not SCORER.is_file():
        print(f"skipped: scorer {SCORER} not found (../shared is not available)")
        return 0
    scorer_main = runpy.run_path(str(SCORER))["main"]
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = [(n, (args.pages / n).read_bytes()) for n in truth if (args.pages / n).is_file()]
    decoded = [decode_html(raw)[0] for _, raw in pages]
    warnings.filterwarnings("ignore")
    import logging

    logging.disable(logging.CRITICAL)

    names = [n for n in (args.only or list(EXTRACTORS)) if n in OURS or _installed(n)]
    print(f"{len(pages)} pages from {args.pages}")
    header = f"{'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'day':>6} {'day*':>6} {'title':>6} {'med ms':>7} {'mean ms':>8}"
    fns = {n: EXTRACTORS[n] for n in names}
    for fn in fns.values():
        fn(pages[0][0], pages[0][1], decoded[0])  # warm-up (imports, model loading)
    preds: dict[str, list[Prediction]] = {n: [] for n in names}
    times: dict[str, list[float]] = {n: [] for n in names}
    # interleaved (page by page, extractor by extractor) so that machine load hits all alike
    for (name, raw), text in zip(pages, decoded, strict=True):
        spent: dict[str, list[float]] = {n: [] for n in names}
        last: dict[str, Prediction] = {}
        for _ in range(max(1, args.repeat)):
            for ex_name, fn in fns.items():
                t0 = time.perf_counter()
                last[ex_name] = fn(name, raw, text)
                spent[ex_name].append(time.perf_counter() - t0)
        for ex_name in names:
            times[ex_name].append(min(spent[ex_name]) * 1000)
            last[ex_name]["path"] = name
            preds[ex_name].append(last[ex_name])
    rows = []
    for ex_name in names:
        res = score(scorer_main, truth_path, preds[ex_name], args.per_doc)
        day_full, n_full = full_day_accuracy(truth, preds[ex_name])
        t = times[ex_name]
        rows.append((ex_name, res, day_full, n_full, statistics.median(t), statistics.fmean(t)))
        if args.per_doc:
            print(f"--- {ex_name}")
            print("\n".join(res["per_doc"]))
    print(header)
    for ex_name, res, day_full, _n_full, med, mean in rows:
        print(
            f"{ex_name:<12} {res['precision']:>6.3f} {res['recall']:>6.3f} {res['f1']:>6.3f} "
            f"{res['date_acc'] or 0:>6.3f} {day_full or 0:>6.3f} {_fmt(res['title_acc']):>6} "
            f"{med:>7.1f} {mean:>8.1f}"
        )
    if rows:
        r = rows[0][1]
        print(
            f"day = scorer's date accuracy over {r['date_n']} pages with a truth date; "
            f"day* = over the {rows[0][3]} pages whose truth names a full day; "
            f"title over {r['title_n']} pages with a truth title"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
