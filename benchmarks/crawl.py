"""Crawl throughput: generate a local CNR-like site of N articles, serve it, crawl it with politeness off.

    python benchmarks/crawl.py [--articles 2000] [--pipelines all|storage|none|compare] [--concurrency 16]

``--pipelines compare`` runs the three set-ups one after the other (each in its own process: a
Twisted reactor cannot restart) and prints them side by side, with the cost of storage and of the
item pipelines as ratios against the bare crawl of the same site.

The site (in a temporary folder) is a mirror of one channel, ``news.cnr.cn/native/gd/``, with list
pages of 50 articles and gb2312 article pages in the 2021–22 template (~6 KB each). It is served by
``pipelines/demo/server.py`` in a separate process; the crawl runs the real ``cnr`` spider in this
process with the project's settings (robots.txt guard on, delays and AutoThrottle off) into a
temporary SQLite database. Prints pages/s, items/s and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, peak_rss_mb

CHANNEL = "news.cnr.cn/native/gd/"
PER_LIST = 50

SENTENCES = [
    "记者从有关部门获悉，今年以来各地持续推进重点项目建设，一批民生工程陆续投入使用。",
    "相关负责人表示，将进一步优化营商环境，加大对中小企业的支持力度，稳定市场预期。",
    "据介绍，该项目总投资约十二亿元，建成后将有效缓解周边地区的交通压力。",
    "专家认为，推动高质量发展需要在科技创新、产业升级和绿色转型等方面持续发力。",
    "当地群众说，环境变好了，出行更方便了，日子过得越来越有奔头。",
]


def _vocabulary(size: int = 6000) -> list[str]:
    """The ``size`` most frequent words of jieba's dictionary (the bodies' word stock)."""
    import jieba

    rows = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if len(word) >= 2:
                rows.append((int(freq), word))
    return [w for _, w in sorted(rows, reverse=True)[:size]]


_VOCAB: list[str] = []


def article_html(i: int, day: str) -> str:
    """Article ``i``: distinct text (a real site's articles are not copies of each other, so the
    stories index sees no false story), one of the sentences above, words drawn with seed ``i``."""
    if not _VOCAB:
        _VOCAB.extend(_vocabulary())
    rng = random.Random(i)

    def salad(chars: int) -> str:
        words: list[str] = []
        while sum(map(len, words)) < chars:
            words.append(rng.choice(_VOCAB))
            if rng.random() < 0.12:
                words.append(rng.choice("，，，。"))
        return "".join(words).strip("，") + "。"

    first = SENTENCES[i % len(SENTENCES)] + salad(40)
    paras = "\n".join(
        f'<p style="text-indent:2em">{html.escape(first if k == 0 else salad(70))}</p>' for k in range(6)
    )
    title = f"第{i}号测试新闻：各地推进重点项目建设"
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="gb2312">
<META NAME="WT.cg_n" CONTENT="国内"><title>{title}_央广网</title></head><body>
<div class="breadcrumb"><a href="http://www.cnr.cn/">首页</a> &gt; <a href="../">国内</a></div>
<div class="article"><div class="article-header"><h1>{title}</h1>
<div class="source"><span>{day[:4]}-{day[4:6]}-{day[6:]} 08:00:00</span><span>来源：央广网</span></div></div>
<div class="article-body"><div class="shares"><a title="分享到微信">微信</a></div>
<div class="article-main"><div class="article-content">
{paras}
</div><div class="article-editer"><span>编辑:王琳</span></div>
<div class="article-copyright"><span>原创版权禁止商业转载</span></div></div></div></div>
</body></html>"""


def generate(root: Path, n: int) -> None:
    chan = root / CHANNEL
    day = "20250520"
    links: list[str] = []
    for i in range(n):
        aid = 500000 + i
        rel = f"{day}/t{day}_{aid}.shtml"
        p = chan / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(article_html(i, day).encode("gb18030"))
        links.append(f"http://{CHANNEL}{rel}")
    pages = [links[k : k + PER_LIST] for k in range(0, len(links), PER_LIST)]
    for no, chunk in enumerate(pages):
        lis = "\n".join(f'<li><a href="{u}">新闻{j}</a></li>' for j, u in enumerate(chunk))
        nxt = f'<a href="index_{no + 1}.html">下一页</a>' if no + 1 < len(pages) else ""
        name = "index.html" if no == 0 else f"index_{no}.html"
        (chan / name).write_bytes(
            f'<html><head><meta charset="gb2312"><title>国内</title></head><body><ul>{lis}</ul>{nxt}</body></html>'.encode(
                "gb18030"
            )
        )
    home = root / "www.cnr.cn" / "index.html"
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text('<html><body><a href="http://news.cnr.cn/native/gd/">国内</a></body></html>', "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")


SERVE = """
import sys, time
sys.path.insert(0, {tests!r})
from pipelines.demo.server import FixtureServer
srv = FixtureServer({root!r})
print(srv.start(), flush=True)
while True:
    time.sleep(3600)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--pipelines", choices=("all", "storage", "none", "compare"), default="all")
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()
    if args.pipelines == "compare":
        return compare(args.articles, args.concurrency)

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        generate(site, args.articles)
        gen_s = time.perf_counter() - t0
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE.format(tests=str(ROOT), root=str(site))],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            base = server.stdout.readline().strip() if server.stdout else ""
            db = f"sqlite:///{Path(tmp) / 'bench.db'}"
            os.environ["NEWS_DB_URL"] = db
            os.environ["no_proxy"] = "127.0.0.1"
            os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
            from scrapy.crawler import CrawlerProcess
            from scrapy.utils.project import get_project_settings

            settings = get_project_settings()
            overrides: dict[str, object] = {
                "NEWS_DB_URL": db,
                "NEWS_CNR_BASE_URL": base,
                "NEWS_CNR_CHANNELS": [f"http://{CHANNEL}"],
                "NEWS_CNR_MAX_LIST_PAGES": 10_000,
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS": args.concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
                "LOG_LEVEL": "WARNING",
            }
            pipes = dict(settings.getdict("ITEM_PIPELINES"))
            if args.pipelines == "storage":
                pipes = {k: v for k, v in pipes.items() if "db" in k}
            elif args.pipelines == "none":
                pipes = {}
                overrides["EXTENSIONS"] = {}
                overrides["DOWNLOADER_MIDDLEWARES"] = {
                    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                    "crawler.middlewares.robots.RobotsGuardMiddleware": 100,
                }
            overrides["ITEM_PIPELINES"] = pipes
            settings.setdict(overrides, priority="cmdline")
            process = CrawlerProcess(settings)
            crawler = process.create_crawler("cnr")
            process.crawl(crawler)
            t1 = time.perf_counter()
            process.start()
            elapsed = time.perf_counter() - t1
            stats = crawler.stats.get_stats() if crawler.stats else {}
        finally:
            server.terminate()
            server.wait(timeout=10)

    pages = stats.get("response_received_count", 0)
    items = stats.get("item_scraped_count", 0)
    peak_mb = peak_rss_mb()
    print(
        f"articles generated: {args.articles} in {gen_s:.1f}s; pipelines: {args.pipelines}; concurrency: {args.concurrency}"
    )
    print(
        f"pages fetched: {pages}  items: {items}  stored new: {stats.get('news/db/new', 0)}  elapsed: {elapsed:.1f}s"
    )
    print(f"pages/s: {pages / elapsed:.1f}  items/s: {items / elapsed:.1f}  peak RSS: {peak_mb:.0f} MB")
    print(
        f"finish reason: {stats.get('finish_reason')}  extract errors: {stats.get('news/extract_error', 0)}"
    )
    return 0 if items == args.articles else 1


RESULT_RE = re.compile(r"pages/s: (?P<pages>[\d.]+)\s+items/s: (?P<items>[\d.]+)\s+peak RSS: (?P<rss>\d+) MB")


def compare(articles: int, concurrency: int) -> int:
    """Each set-up in its own process, then one table with ratios against the bare crawl."""
    rows: dict[str, dict[str, float]] = {}
    for mode in ("none", "storage", "all"):
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--articles",
                str(articles),
                "--pipelines",
                mode,
                "--concurrency",
                str(concurrency),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        m = RESULT_RE.search(run.stdout)
        if run.returncode != 0 or m is None:
            print(f"{mode}: failed (exit {run.returncode})\n{run.stdout}{run.stderr[-2000:]}")
            return 1
        rows[mode] = {k: float(v) for k, v in m.groupdict().items()}
    base = rows["none"]["pages"]
    print(f"{articles} articles, concurrency {concurrency}; each set-up in its own process")
    print(f"{'pipelines':<10} {'pages/s':>8} {'items/s':>8} {'peak RSS':>9} {'time vs bare crawl':>19}")
    for mode, r in rows.items():
        print(
            f"{mode:<10} {r['pages']:>8.1f} {r['items']:>8.1f} {r['rss']:>6.0f} MB {base / r['pages']:>18.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
