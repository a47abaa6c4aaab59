"""Date-mention extraction: first-import time, characters per second, peak memory.

Input: a synthetic Chinese news text generated here (seeded, reproducible: sentences with absolute,
relative, range, Chinese-numeral and full-width dates, durations and ordinals, and filler), cut into
articles of ~3,000 characters; plus, when ../shared is present, the seed story and the wce-dev truth
bodies (35 real pages) with their own publication dates. Printed:

- jionlp's first import (in this process) and the first extraction (jionlp builds its parser then),
  separately from the steady-state figures;
- per corpus: characters, mentions, seconds, characters per second, ms per article;
- peak RSS of the process (``resource`` high-water mark) and its growth during the runs (psutil).

Usage: ``python benchmarks/dates.py [--chars 300000] [--seed 7] [--repeat 1]``
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import datetime, timedelta, timezone

import psutil
from _common import SHARED, peak_rss_mb

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


def jionlp_alone(text: str, pub: datetime | None) -> list[object]:
    """The peer: jionlp's own time extraction on the same text, nothing of ours around it."""
    import jionlp

    base = (pub or datetime(2025, 5, 24, 9, tzinfo=CST)).timestamp()
    try:
        return list(jionlp.ner.extract_time(text, time_base=base, with_parsing=True))
    except Exception:  # jionlp raises on some inputs; the peer just reports nothing then
        return []


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
    args = ap.parse_args()

    proc = psutil.Process()
    rss0 = proc.memory_info().rss / 2**20
    t0 = time.perf_counter()
    from pipelines.dates import extract_dates, jio

    jio.available()
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_dates("2025年5月15日—6月15日是宣传月，今年的主题是普惠托育。", datetime(2025, 5, 24, tzinfo=CST))
    t_first = time.perf_counter() - t0
    rss_loaded = proc.memory_info().rss / 2**20
    print(
        f"first import of pipelines.dates + jionlp: {t_import:.2f} s (jionlp itself: {jio.import_seconds():.2f} s)"
    )
    print(f"first extraction (jionlp builds its parser): {t_first:.2f} s")
    print(f"RSS: {rss0:.0f} MiB at start, {rss_loaded:.0f} MiB with jionlp loaded")

    pub = datetime(2025, 5, 24, 9, tzinfo=CST)
    synthetic = [(a, pub) for a in synthetic_articles(args.chars, args.seed)]
    ours = run("synthetic, per article", synthetic, extract_dates, args.repeat)
    peer = run("  peer: jionlp alone", synthetic, jionlp_alone, args.repeat)
    print(f"  ours / jionlp alone: {ours / peer:.2f}x the time (our patterns, filters and resolution on top)")
    big = "\n".join(a for a, _ in synthetic)
    run("synthetic, one text", [(big, pub)], extract_dates, args.repeat)
    run("synthetic, no pub time", [(a, None) for a, _ in synthetic], extract_dates, args.repeat)
    shared = shared_corpus()
    if shared:
        run("../shared seed + wce-dev", shared, extract_dates, args.repeat)
    else:
        print("../shared absent: real texts skipped")
    rss_end = proc.memory_info().rss / 2**20
    print(f"peak RSS {peak_rss_mb():.0f} MiB; RSS grew {rss_end - rss_loaded:+.0f} MiB during extraction")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
