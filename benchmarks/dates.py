"""Date-mention extraction: first-import time, characters per second, peak memory; the old step beside it.

Input: a synthetic Chinese news text generated here (seeded, reproducible: sentences with absolute,
relative, range, Chinese-numeral and full-width dates, durations and ordinals, and filler), cut into
articles of ~3,000 characters; plus, when ../shared is present, the seed story and the wce-dev truth
bodies (35 real pages) with their own publication dates. Printed:

- the first import of ``pipelines.dates`` and the first extraction, separately from the steady state;
- per corpus: characters, mentions, seconds, characters per second, ms per article;
- the same corpora through the *old* step (jionlp's time parser with our filters, as the package stood
  at ``OLD_COMMIT``), in the same run, and the speed-up per character. The old step is rebuilt from
  git into a temporary folder and imported only here; without git history or jionlp it prints "n/a";
- peak RSS of the process (``resource`` high-water mark), taken before the old step is loaded.

Usage: ``python benchmarks/dates.py [--chars 300000] [--seed 7] [--repeat 1] [--no-old]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from importlib.util import find_spec
from pathlib import Path

import psutil
from _common import ROOT, SHARED, peak_rss_mb

# the last commit whose date step ran on jionlp
OLD_COMMIT = "01cf961c636f012221f06eeec466eed135c6cabe"
OLD_PACKAGE = "old_dates"
CST = timezone(timedelta(hours=8))
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
CN = "〇一二三四五六七八九"

FILLER = [
    "会议强调，要坚持以人民为中心的发展思想，扎实推进各项工作落地见效",
    "据了解，该项目总投资约12亿元，建成后将新增就业岗位3000余个",
    "记者从市卫生健康委获悉，全市共建成各类普惠性托育机构123家",
    "活动现场，来自多个部门的工作人员为群众提供政策咨询和便民服务",
    "专家表示，下一步要加强统筹协调，推动资源共享和优势互补",
    "热线24小时在线，市民可通过电话、网站等多种渠道反映诉求",
    "这是我国第3个全国托育服务宣传月，各地围绕主题开展了丰富多彩的活动",
    "近年来，当地持续优化营商环境，截至目前已累计服务企业5000余家",
    "工期3个月，预计可惠及周边居民2万余人",
    "共有2000多名群众参加，现场气氛热烈",
]


def _date_phrase(rng: random.Random) -> str:
    y, m, d = rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)
    cn_year = "".join(CN[int(c)] for c in str(y))
    return rng.choice(
        [
            f"{y}年{m}月{d}日",
            f"{m}月{d}日",
            f"{y}年{m}月",
            f"{y}年",
            f"{cn_year}年",
            f"{y}年{m}月{d}日—{min(m + 1, 12)}月{d}日",
            f"{m}月{d}日至{d + 2}日",
            f"{y}年{m}月{d}日".translate(FULL),
            "今年",
            "去年",
            "上周五",
            "今年一季度",
            f"{y}年上半年",
            "明年",
            "昨天下午",
            f"{cn_year}年底",
            "今年1-4月",
            "上个月",
            f"{y}年第三季度",
            "春节期间",
        ]
    )


def synthetic_articles(total_chars: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    articles: list[str] = []
    size = 0
    while size < total_chars:
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                s = rng.choice(FILLER)
                if rng.random() < 0.6:
                    s = f"{_date_phrase(rng)}，{s}"
                sentences.append(s)
            paragraphs.append("。".join(sentences) + "。")
        text = "\n".join(paragraphs)
        articles.append(text)
        size += len(text)
    return articles


def shared_corpus() -> list[tuple[str, datetime | None]]:
    docs: list[tuple[str, datetime | None]] = []
    gold = SHARED / "seed" / "gold.json"
    if gold.exists():
        g = json.loads(gold.read_text(encoding="utf-8"))
        docs.append(("\n".join(g["paragraphs"]), datetime.fromisoformat(g["dates"]["published_at_for_test"])))
    truth = SHARED / "corpus" / "zh-news" / "wce-dev" / "truth.json"
    if truth.exists():
        for page in json.loads(truth.read_text(encoding="utf-8")).values():
            pub = None
            try:
                pub = datetime.strptime(str(page.get("date", "")).split()[0], "%Y-%m-%d").replace(tzinfo=CST)
            except (ValueError, IndexError):
                pass
            docs.append((page.get("body") or "", pub))
    return docs


Extract = Callable[[str, datetime | None], list]


def old_step() -> Extract | None:
    """``extract_dates`` of the date package at OLD_COMMIT (jionlp inside), or None when it cannot run."""
    if find_spec("jionlp") is None:
        return None
    tmp = Path(tempfile.mkdtemp(prefix="old-dates-"))
    pkg = tmp / OLD_PACKAGE
    pkg.mkdir()
    try:
        names = subprocess.run(
            ["git", "ls-tree", "--name-only", OLD_COMMIT, "pipelines/dates/"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for name in names:
            if not name.endswith(".py"):
                continue
            source = subprocess.run(
                ["git", "show", f"{OLD_COMMIT}:{name}"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
            (pkg / Path(name).name).write_text(re.sub(r"\bpipelines\.dates\b", OLD_PACKAGE, source))
    except (OSError, subprocess.CalledProcessError):
        return None
    sys.path.insert(0, str(tmp))
    try:
        module = importlib.import_module(f"{OLD_PACKAGE}.mentions")
    except Exception:
        return None
    return module.extract_dates


def run(name: str, docs: list[tuple[str, datetime | None]], extract, repeat: int) -> float:
    chars = sum(len(t) for t, _ in docs)
    best = float("inf")
    mentions = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        mentions = sum(len(extract(text, pub)) for text, pub in docs)
        best = min(best, time.perf_counter() - t0)
    print(
        f"{name:<28} {len(docs):>6} docs {chars:>9} chars {mentions:>7} mentions "
        f"{best:8.2f} s {chars / best:>10,.0f} chars/s {1000 * best / max(len(docs), 1):7.1f} ms/doc"
    )
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=300_000, help="size of the synthetic text")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per corpus; the fastest is kept")
    ap.add_argument("--no-old", action="store_true", help="skip the old (jionlp) step")
    args = ap.parse_args()

    proc = psutil.Process()
    rss0 = proc.memory_info().rss / 2**20
    t0 = time.perf_counter()
    from pipelines.dates import extract_dates

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_dates(
        "2025年5月15日—6月15日是宣传月，今年的主题是普惠托育。春节期间。", datetime(2025, 5, 24, tzinfo=CST)
    )
    t_first = time.perf_counter() - t0
    rss_loaded = proc.memory_info().rss / 2**20
    print(f"first import of pipelines.dates: {t_import:.2f} s; first extraction: {t_first:.2f} s")
    print(f"RSS: {rss0:.0f} MiB at start, {rss_loaded:.0f} MiB with the date step loaded")

    pub = datetime(2025, 5, 24, 9, tzinfo=CST)
    synthetic = [(a, pub) for a in synthetic_articles(args.chars, args.seed)]
    corpora: list[tuple[str, list[tuple[str, datetime | None]]]] = [
        ("synthetic, per article", synthetic),
        ("synthetic, one text", [("\n".join(a for a, _ in synthetic), pub)]),
        ("synthetic, no pub time", [(a, None) for a, _ in synthetic]),
    ]
    shared = shared_corpus()
    if shared:
        corpora.append(("../shared seed + wce-dev", shared))
    else:
        print("../shared absent: real texts skipped")
    new_times = {name: run(f"new: {name}", docs, extract_dates, args.repeat) for name, docs in corpora}
    rss_end = proc.memory_info().rss / 2**20
    print(f"peak RSS {peak_rss_mb():.0f} MiB; RSS grew {rss_end - rss_loaded:+.0f} MiB during extraction")

    old = None if args.no_old else old_step()
    if old is None:
        print("old step (jionlp): n/a")
        return 0
    old("2025年5月15日—6月15日是宣传月。", pub)  # jionlp's import and parser build, not timed below
    for name, docs in corpora:
        t_old = run(f"old: {name}", docs, old, args.repeat)
        print(f"  new is {t_old / new_times[name]:.1f}x faster per character")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
