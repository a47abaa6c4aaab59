"""Crawl throughput: generate a local CNR-like site of N articles, serve it, crawl it with politeness off.

    python benchmarks/crawl.py [--articles 2000] [--pipelines all|pool|serial|storage|none|compare]
                               [--concurrency 16] [--workers N] [--big-article] [--offload-bytes N]

Set-ups: ``none`` (bare crawl), ``storage`` (storage only), ``serial`` (every item pipeline with
``NEWS_WORKERS=0``: enrichment in the crawl's process), ``pool`` (every item pipeline, enrichment in
``--workers`` processes, default the cores, whatever ``NEWS_WORKERS``'s default; ``all`` = the
project's settings as they are). ``--pipelines compare`` runs none, storage, serial and pool one after
the other (each in its own process: a Twisted reactor cannot restart) and prints them side by side,
with times as ratios against the bare crawl of the same site; with ``--big-article`` it adds the
bare, serial and pool set-ups on the same site plus one 9 MB article (the growth of each crawl's time
is printed), and the bare crawl once more with that page extracted on the reactor
(``--offload-bytes 0``; by default a page of 1 MB or more is extracted in a worker process).
``--big-article`` alone puts the 9 MB article into a single run.

The site (in a temporary folder) is a mirror of one channel, ``news.cnr.cn/native/gd/``, with list
pages of 50 articles and gb2312 article pages in the 2021–22 template (~6 KB each). It is served by
``pipelines/demo/server.py`` in a separate process; the crawl runs the real ``cnr`` spider in this
process with the project's settings (robots.txt guard on, delays and AutoThrottle off) into a
temporary SQLite database; the site is generated in a child process first, so the crawl's process
holds only what a real crawl holds. Prints pages/s, items/s and the peak RSS of the crawl's process and
its worker processes together (sampled every 0.5 s; the site's server is not counted).
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
import threading
import time
import urllib.request
from functools import lru_cache
from pathlib import Path

import psutil
from _common import ROOT

CHANNEL = "news.cnr.cn/native/gd/"
PER_LIST = 50

SENTENCES = [
    "记者从有关部门获悉，今年以来各地持续推进重点项目建设，一批民生工程陆续投入使用。",
    "相关负责人表示，将进一步优化营商环境，加大对中小企业的支持力度，稳定市场预期。",
    "据介绍，该项目总投资约十二亿元，建成后将有效缓解周边地区的交通压力。",
    "专家认为，推动高质量发展需要在科技创新、产业升级和绿色转型等方面持续发力。",
    "当地群众说，环境变好了，出行更方便了，日子过得越来越有奔头。",
]


@lru_cache(maxsize=1)
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


def article_html(i: int, day: str) -> str:
    """Article ``i``: distinct text (a real site's articles are not copies of each other, so the
    stories index sees no false story), one of the sentences above, words drawn with seed ``i``."""
    vocabulary = _vocabulary()
    rng = random.Random(i)

    def salad(chars: int) -> str:
        words: list[str] = []
        while sum(map(len, words)) < chars:
            words.append(rng.choice(vocabulary))
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


BIG_BYTES = 9 * 1024 * 1024


def big_article_html(i: int, day: str) -> str:
    """A 9 MB page (gb18030): the usual template with tens of thousands of distinct paragraphs."""
    page = article_html(i, day)
    head, tail = page.split('</div><div class="article-editer">', 1)
    paras: list[str] = []
    size, k = len(page.encode("gb18030")), 0
    while size < BIG_BYTES:
        para = f"<p>第{k}段。{SENTENCES[k % len(SENTENCES)]}{SENTENCES[(k * 7 + 3) % len(SENTENCES)]}</p>\n"
        paras.append(para)
        size += len(para.encode("gb18030"))
        k += 1
    return head + "".join(paras) + '</div><div class="article-editer">' + tail


def generate(root: Path, n: int, *, big: bool = False) -> None:
    chan = root / CHANNEL
    day = "20250520"
    links: list[str] = []
    for i in range(n):
        aid = 500000 + i
        rel = f"{day}/t{day}_{aid}.shtml"
        p = chan / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        page = big_article_html(i, day) if big and i == n // 2 else article_html(i, day)
        p.write_bytes(page.encode("gb18030"))
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


class RssSampler(threading.Thread):
    """Peak RSS and PSS of this process + its descendants except ``skip``, sampled every 0.5 s.

    The sum of RSS counts the pages the workers share with their fork server once per process;
    PSS (proportional set size) counts each shared page once in all."""

    def __init__(self, skip: set[int]) -> None:
        super().__init__(daemon=True)
        self.skip, self.peak, self.peak_pss, self.stop = skip, 0, 0, threading.Event()
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds (user + system) when last seen
        self.uss: dict[int, int] = {}  # pid -> peak USS (the process's private pages)

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop.wait(0.5):
            rss = pss = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    if proc.pid in self.skip:
                        continue
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                self.uss[proc.pid] = max(self.uss.get(proc.pid, 0), getattr(info, "uss", info.rss))
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument(
        "--pipelines", choices=("all", "pool", "serial", "storage", "none", "compare"), default="all"
    )
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument(
        "--workers", type=int, default=None, help="NEWS_WORKERS for the pool set-up (default: cores)"
    )
    ap.add_argument("--big-article", action="store_true", help="one 9 MB article among the others")
    ap.add_argument(
        "--offload-bytes",
        type=int,
        default=None,
        help="NEWS_EXTRACT_OFFLOAD_BYTES (default: the project's, 1 MB; 0: every page on the reactor)",
    )
    # the site only, written into DIR (run as a child process by the set-ups)
    ap.add_argument("--generate-into", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate_into:
        generate(Path(args.generate_into), args.articles, big=args.big_article)
        return 0
    if args.pipelines == "compare":
        return compare(args.articles, args.concurrency, args.workers, args.big_article)

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        # in a child process: the vocabulary (jieba's whole dictionary read and sorted) left ~70 MB in
        # the heap of the process that then crawled, counted in every set-up's peak memory
        cmd = [sys.executable, __file__, "--generate-into", str(site), "--articles", str(args.articles)]
        subprocess.run(cmd + (["--big-article"] if args.big_article else []), check=True)
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
            # only when a proxy is configured: it must not carry the local site (set always, it made
            # Scrapy's proxy middleware check every request against the environment)
            if urllib.request.getproxies():
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
            elif args.pipelines == "serial":
                overrides["NEWS_WORKERS"] = 0
            elif args.pipelines == "pool":  # the pool whatever the default says for this machine
                from pipelines.enrich.pipeline import available_cores

                overrides["NEWS_WORKERS"] = args.workers if args.workers is not None else available_cores()
            overrides["ITEM_PIPELINES"] = pipes
            if args.offload_bytes is not None:
                overrides["NEWS_EXTRACT_OFFLOAD_BYTES"] = args.offload_bytes
            settings.setdict(overrides, priority="cmdline")
            sampler = RssSampler({server.pid})
            sampler.start()
            process = CrawlerProcess(settings)
            crawler = process.create_crawler("cnr")
            process.crawl(crawler)
            t1 = time.perf_counter()
            process.start()
            elapsed = time.perf_counter() - t1
            sampler.stop.set()
            sampler.join()
            crawl_cpu = sum(os.times()[:2])  # this process, to the end (the sampler saw it at 0.5 s steps)
            server_cpu = sampler.cpu.get(server.pid, 0.0)
            others_cpu = sum(v for k, v in sampler.cpu.items() if k not in (server.pid, os.getpid()))
            stats = crawler.stats.get_stats() if crawler.stats else {}
        finally:
            server.terminate()
            server.wait(timeout=10)

    pages = stats.get("response_received_count", 0)
    items = stats.get("item_scraped_count", 0)
    peak_mb = sampler.peak / 2**20
    big = " + one 9 MB article" if args.big_article else ""
    print(
        f"articles generated: {args.articles}{big} in {gen_s:.1f}s; pipelines: {args.pipelines}; concurrency: {args.concurrency}"
    )
    print(
        f"pages fetched: {pages}  items: {items}  stored new: {stats.get('news/db/new', 0)}  elapsed: {elapsed:.1f}s"
    )
    print(f"pages/s: {pages / elapsed:.1f}  items/s: {items / elapsed:.1f}  peak RSS: {peak_mb:.0f} MB")
    print(f"peak PSS (all processes, shared pages counted once): {sampler.peak_pss / 2**20:.0f} MB")
    own = sampler.uss.pop(os.getpid(), 0)
    others = ", ".join(f"{u / 2**20:.0f}" for u in sorted(sampler.uss.values(), reverse=True))
    print(f"peak USS (private pages) by process: crawl {own / 2**20:.0f} MB; the others {others or '-'} MB")
    print(
        f"CPU ms per page: crawl process {1000 * crawl_cpu / max(pages, 1):.2f}"
        f"  pool processes {1000 * others_cpu / max(pages, 1):.2f}"
        f"  site server {1000 * server_cpu / max(pages, 1):.2f} (sampled every 0.5 s)"
    )
    print(
        f"finish reason: {stats.get('finish_reason')}  extract errors: {stats.get('news/extract_error', 0)}"
        f"  enrichment: {stats.get('news/enrich/milliseconds', 0) / 1000:.1f} s in all"
        f" (pool start {stats.get('news/enrich/pool_start_seconds', '-')} s)"
        f"  over budget: {stats.get('news/enrich/over_budget', 0)}  worker crashes: {stats.get('news/enrich/worker_crash', 0)}"
    )
    return 0 if items == args.articles else 1


RESULT_RE = re.compile(
    r"elapsed: (?P<elapsed>[\d.]+)s\s+pages/s: (?P<pages>[\d.]+)\s+items/s: (?P<items>[\d.]+)\s+"
    r"peak RSS: (?P<rss>\d+) MB\s+peak PSS \(all processes, shared pages counted once\): (?P<pss>\d+) MB"
)


def compare(articles: int, concurrency: int, workers: int | None, big: bool) -> int:
    """Each set-up in its own process, then one table with ratios against the bare crawl."""
    from pipelines.enrich.pipeline import available_cores, default_workers  # not in a set-up's process

    rows: dict[str, dict[str, float]] = {}
    where: dict[str, list[str]] = {}  # each set-up's CPU and private memory by process
    # (set-up, with the 9 MB article, NEWS_EXTRACT_OFFLOAD_BYTES: None = the project's)
    setups: list[tuple[str, bool, int | None]] = [
        ("none", False, None),
        ("storage", False, None),
        ("serial", False, None),
        ("pool", False, None),
    ]
    if big:  # and the bare crawl extracting the big page on the reactor, as before it was offloaded
        setups += [("none", True, None), ("serial", True, None), ("pool", True, None), ("none", True, 0)]
    for mode, with_big, offload in setups:
        cmd = [sys.executable, __file__, "--articles", str(articles), "--pipelines", mode]
        cmd += ["--concurrency", str(concurrency)]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        if with_big:
            cmd.append("--big-article")
        if offload is not None:
            cmd += ["--offload-bytes", str(offload)]
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        m = RESULT_RE.search(run.stdout.replace("\n", " "))
        name = mode + (" +9MB" if with_big else "") + (" reactor" if offload == 0 else "")
        if run.returncode != 0 or m is None:
            print(f"{name}: failed (exit {run.returncode})\n{run.stdout}{run.stderr[-2000:]}")
            return 1
        rows[name] = {k: float(v) for k, v in m.groupdict().items()}
        where[name] = [line for line in run.stdout.splitlines() if line.startswith(("CPU ms", "peak USS"))]
    base = rows["none"]["elapsed"]
    print(
        f"{articles} articles, concurrency {concurrency}; each set-up in its own process, one after the other"
    )
    print("peak RSS: sum over the crawl's processes; PSS: the same with shared pages counted once")
    print(
        f"{'pipelines':<18} {'pages/s':>8} {'items/s':>8} {'peak RSS':>9} {'peak PSS':>9} {'time vs bare crawl':>19}"
    )
    for name, r in rows.items():
        print(
            f"{name:<18} {r['pages']:>8.1f} {r['items']:>8.1f} {r['rss']:>6.0f} MB {r['pss']:>6.0f} MB"
            f" {r['elapsed'] / base:>18.2f}x"
        )
    print("where the CPU and memory go, by set-up:")
    for name, lines in where.items():
        print(f"  {name}: " + "; ".join(lines))
    if big:
        for mode in ("none", "serial", "pool"):
            growth = rows[f"{mode} +9MB"]["elapsed"] / rows[mode]["elapsed"] - 1
            print(f"one 9 MB article among {articles}: the {mode} crawl's time grows by {growth:+.1%}")
        growth = rows["none +9MB reactor"]["elapsed"] / rows["none"]["elapsed"] - 1
        print(
            f"  (the none crawl with the big page extracted on the reactor, NEWS_EXTRACT_OFFLOAD_BYTES=0: {growth:+.1%})"
        )
    print(f"NEWS_WORKERS default on this machine ({available_cores()} cores): {default_workers()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
