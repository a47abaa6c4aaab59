"""Text normaliser throughput: characters per second on a large Chinese text.

Input: the seed (glosses, repeats, boilerplate), the real CNR page's truth paragraphs and the
../shared wce-dev truth bodies, repeated to ``--mb`` megabytes (a synthetic Chinese text when
../shared is absent). Measures two shapes:

- per article: each document normalised on its own (what the crawl does);
- one large text: everything joined into a single document (worst case for duplicate checks).

Usage: ``python benchmarks/normalize.py [--mb 4] [--synthetic]``
"""

from __future__ import annotations

import argparse
import json
import random
import time
import unicodedata

from _common import SHARED  # first: puts the project on sys.path

from pipelines.text import normalize_text


def shared_documents() -> list[str]:
    docs: list[str] = []
    seed = SHARED / "seed" / "000_f368e660888cc969.txt"
    if seed.exists():
        docs.append(seed.read_text(encoding="utf-8"))
    cnr = SHARED / "corpus" / "cnr" / "truth.json"
    if cnr.exists():
        for page in json.loads(cnr.read_text(encoding="utf-8")).values():
            docs.append(page["title"] + "\n" + "\n".join(page["paragraphs"]))
    wce = SHARED / "corpus" / "zh-news" / "wce-dev" / "truth.json"
    if wce.exists():
        for page in json.loads(wce.read_text(encoding="utf-8")).values():
            if page.get("body"):
                docs.append(page["body"])
    return docs


def synthetic_documents(n: int = 40) -> list[str]:
    rng = random.Random(0)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    footer = "更多精彩资讯请在应用市场下载“央广网”客户端。欢迎提供新闻线索，24小时报料热线400-800-0088。"
    docs = []
    for _ in range(n):
        title = "".join(rng.choice(chars) for _ in range(rng.randint(10, 24)))
        paras = []
        for _ in range(rng.randint(4, 12)):
            sent = [
                "".join(rng.choice(chars) for _ in range(rng.randint(8, 30)))
                for _ in range(rng.randint(2, 6))
            ]
            paras.append("，".join(sent) + "。")
        paras[0] = paras[0][:6] + "(de)" + paras[0][6:]
        docs.append("\n".join([title, title + paras[0], *paras[1:], footer, *paras, "相关推荐", "评论列表"]))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="input size in megabytes of UTF-8 (default 4)")
    parser.add_argument(
        "--synthetic", action="store_true", help="use the synthetic text even if ../shared exists"
    )
    args = parser.parse_args()

    docs = [] if args.synthetic else shared_documents()
    origin = "../shared seed + CNR truth + wce-dev truth bodies"
    if not docs:
        docs, origin = synthetic_documents(), "synthetic Chinese text (../shared absent)"
    target = int(args.mb * 1024 * 1024)
    corpus: list[str] = []
    size = 0
    while size < target:
        for d in docs:
            corpus.append(d)
            size += len(d.encode("utf-8"))
            if size >= target:
                break
    n_chars = sum(len(d) for d in corpus)
    normalize_text("", docs[0])  # warm-up: imports, pypinyin dictionaries

    t0 = time.perf_counter()
    out_chars = 0
    for d in corpus:
        out_chars += len(normalize_text("", d).body)
    per_doc = time.perf_counter() - t0

    big = "\n".join(corpus)
    t0 = time.perf_counter()
    big_result = normalize_text("", big)
    one = time.perf_counter() - t0

    # the peer: the least any cleaner does (NFKC, whitespace folded, exact duplicate lines dropped)
    t0 = time.perf_counter()
    for d in corpus:
        seen: set[str] = set()
        for line in unicodedata.normalize("NFKC", d).splitlines():
            line = " ".join(line.split())
            if line and line not in seen:
                seen.add(line)
    floor = time.perf_counter() - t0

    print(f"input: {origin}; {len(corpus)} documents, {n_chars:,} characters ({size / 1e6:.1f} MB UTF-8)")
    print(f"per article : {n_chars / per_doc:,.0f} chars/s ({per_doc:.2f} s; {out_chars:,} chars out)")
    print(f"one big text: {len(big) / one:,.0f} chars/s ({one:.2f} s; {len(big_result.body):,} chars out)")
    print(
        f"peer (NFKC + whitespace + exact-duplicate lines only): {n_chars / floor:,.0f} chars/s; "
        f"ours takes {per_doc / floor:.1f}x its time"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
