"""A 9 MB article page (under the 10 MB download limit) through the page object and the item
pipelines' chain: with the body cap (``NEWS_MAX_BODY_CHARS``, the default) and, as the peer, without
it (the behaviour before issue 18). Prints time, body size and peak memory for both.

    python benchmarks/big_page.py [--mb 9] [--no-peer]
"""

from __future__ import annotations

import argparse
import time

from _common import peak_rss_mb

from crawler.pages import page_object_for
from pipelines.chain import ChainOptions, process_article
from pipelines.guard import DEFAULT_MAX_BODY_CHARS

URL = "https://news.example.com/2025/05/23/big.html"


def big_page(target_bytes: int) -> bytes:
    parts, size, n = [], 0, 0
    while size < target_bytes:
        p = (
            f"<p>第{n}段：国家卫生健康委员会于2025年5月{n % 28 + 1}日在济南举办托育服务宣传月活动，"
            f"第{n}个单位积极参与，编号{n * 7919}。</p>\n"
        )
        parts.append(p)
        size += len(p.encode())
        n += 1
    head = "<html><head><meta charset='utf-8'><title>大页面</title></head><body><h1>大页面</h1><div>"
    return (head + "".join(parts) + "</div></body></html>").encode()


def run(html: bytes, max_body_chars: int) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    item = page_object_for(URL, html).parse(URL, html, body_chars=max_body_chars)  # as a crawl calls it
    t1 = time.perf_counter()
    process_article(item, ChainOptions(max_body_chars=max_body_chars))
    return t1 - t0, time.perf_counter() - t1, len(item.body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=9.0)
    ap.add_argument("--no-peer", action="store_true", help="skip the uncapped run (it takes minutes)")
    args = ap.parse_args()
    html = big_page(int(args.mb * 1_000_000))
    print(f"page: {len(html):,} bytes")
    parse_s, chain_s, chars = run(html, DEFAULT_MAX_BODY_CHARS)
    print(
        f"capped ({DEFAULT_MAX_BODY_CHARS:,} chars): parse {parse_s:.1f} s, chain {chain_s:.1f} s, "
        f"body {chars:,} chars, peak RSS {peak_rss_mb():.0f} MiB"
    )
    if not args.no_peer:
        parse_s, chain_s, chars = run(html, 0)
        print(
            f"peer, no cap (before issue 18): parse {parse_s:.1f} s, chain {chain_s:.1f} s, "
            f"body {chars:,} chars, peak RSS {peak_rss_mb():.0f} MiB"
        )


if __name__ == "__main__":
    main()
