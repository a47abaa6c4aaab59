"""Big pages extracted in a worker process, off the reactor (issue 19): the same rows as pages
extracted in the crawl's process; a worker that dies is counted, the page retried once; a worker
that cannot start leaves the pages to the crawl's process; the user's script is not run again."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.pages.extract import extract_page_item
from crawler.spiders.offload import PageOffload
from tests.support.crawl import run_crawl
from tests.support.dbcompare import snapshot
from tests.support.paths import FIXTURES, ROOT
from tests.support.pools import FakePool
from tests.support.servers import FixtureServer

PAGE = FIXTURES / "cnr_site" / "news.cnr.cn" / "native" / "gd"


def _a_page() -> tuple[str, bytes]:
    path = next(p for p in sorted(PAGE.rglob("t*.shtml")))
    url = "https://news.cnr.cn/" + path.relative_to(FIXTURES / "cnr_site" / "news.cnr.cn").as_posix()
    return url, path.read_bytes()


# --- crawls: every page through the worker, the same database --------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES / "cnr_site") as server:
        yield server


def _crawl(site: FixtureServer, db: Path, offload_bytes: int, spider: str = "cnr") -> dict[str, Any]:
    args = {"base": site.base_url} if spider == "cnr" else {"start_urls": site.base_url}
    with tempfile.TemporaryDirectory() as work:
        result = run_crawl(
            spider,
            f"sqlite:///{db}",
            Path(work),
            args=args,
            settings={"NEWS_EXTRACT_OFFLOAD_BYTES": offload_bytes},
        )
    assert result.rc == 0, result.log[-4000:]
    assert "Traceback" not in result.log, result.log[-4000:]
    return result.stats


def test_offloaded_crawl_equals_inline_crawl(site: FixtureServer, tmp_path: Path) -> None:
    inline = _crawl(site, tmp_path / "inline.db", 0)
    offloaded = _crawl(site, tmp_path / "offloaded.db", 1)  # every page is "big"
    assert "news/extract/offloaded" not in inline
    # every article page, continuation pages included, went to the worker
    assert offloaded["news/extract/offloaded"] >= offloaded["item_scraped_count"] > 0
    assert offloaded.get("news/extract_error", 0) == inline.get("news/extract_error", 0) == 0
    for key in ("item_scraped_count", "news/non_article", "news/db/new"):
        assert offloaded.get(key) == inline.get(key), key
    a, b = snapshot(f"sqlite:///{tmp_path / 'inline.db'}"), snapshot(f"sqlite:///{tmp_path / 'offloaded.db'}")
    assert a["articles"] and a["pages"]
    for table in a:  # raw pages, bodies, mentions: row for row
        assert a[table] == b[table], table


def test_news_spider_offloaded_equals_inline(tmp_path: Path) -> None:
    """The generic spider's path through the worker: articles, and a page that is no article (its
    links read from the text decoded again), as in the crawl that extracts every page itself."""
    with FixtureServer(FIXTURES / "news_site") as site:
        stats = {
            name: _crawl(site, tmp_path / f"{name}.db", offload_bytes, "news")
            for name, offload_bytes in (("inline", 0), ("offloaded", 1))
        }
    assert stats["offloaded"]["news/extract/offloaded"] > stats["offloaded"]["item_scraped_count"] > 0
    assert stats["offloaded"].get("news/non_article", 0) >= 1  # a channel page read for its links
    for key in ("item_scraped_count", "news/non_article", "news/db/new"):
        assert stats["offloaded"].get(key) == stats["inline"].get(key), key
    a, b = snapshot(f"sqlite:///{tmp_path / 'inline.db'}"), snapshot(f"sqlite:///{tmp_path / 'offloaded.db'}")
    for table in a:
        assert a[table] == b[table], table


# --- the worker, alone ------------------------------------------------------------------------------


def test_the_worker_returns_what_this_process_extracts() -> None:
    url, body = _a_page()
    offload = PageOffload(1)

    async def go() -> Any:
        try:
            return await offload.extract(url, body, "text/html")
        finally:
            offload.close()

    got = asyncio.run(go())
    assert got is not None and got == extract_page_item(url, body, "text/html")
    assert got[0].is_article and got[0].paragraphs


def test_which_pages_go_to_the_worker() -> None:
    assert not PageOffload(0).wants(b"x" * 10_000_000)  # 0: never
    assert not PageOffload(1_000_000).wants(b"x" * 999_999)
    with pytest.raises(ValueError, match="NEWS_EXTRACT_OFFLOAD_BYTES"):
        PageOffload(-1)


class FakeCrawler:
    def __init__(self) -> None:
        self.settings = Settings()
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]


def _run_with(crashes: int | None, pages: int = 1) -> tuple[list[Any], dict[str, Any]]:
    """``pages`` pages through an offload whose pools crash ``crashes`` times (``None``: cannot start)."""
    crawler = FakeCrawler()
    offload = PageOffload(1, crawler)  # type: ignore[arg-type]
    pool = FakePool(crashes or 0)
    starts: list[int] = []

    def start() -> Any:
        starts.append(1)
        if crashes is None:
            raise OSError("spawn: cannot start a process")
        offload.pool = pool  # type: ignore[assignment]
        return pool

    offload._start = start  # type: ignore[method-assign]
    url, body = _a_page()

    async def go() -> list[Any]:
        return [await offload.extract(url, body, "text/html") for _ in range(pages)]

    out = asyncio.run(go())
    return out, {**crawler.stats.get_stats(), "starts": len(starts)}


def test_a_worker_that_dies_is_replaced_and_the_page_retried(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        (got,), stats = _run_with(1)
    assert got is not None and got[0].is_article
    assert stats["news/extract/offload_crash"] == 1 and stats["starts"] == 2
    assert stats["news/extract/offloaded"] == 1  # one page, sent twice
    assert "news/extract_error" not in stats
    assert "trying once more" in caplog.text


def test_a_page_that_kills_the_worker_twice_is_dropped_counted(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        (got,), stats = _run_with(2)
    assert got is None
    assert stats["news/extract/offload_crash"] == 2 and stats["news/extract_error"] == 1
    assert "died twice" in caplog.text and "Traceback" not in caplog.text


def test_a_worker_that_cannot_start_leaves_pages_here(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        got, stats = _run_with(None, pages=3)
    assert all(g is not None and g[0].is_article for g in got)  # none lost
    assert stats["news/extract/offload_failed"] == 1 and stats["starts"] == 1  # tried once
    assert "news/extract/offloaded" not in stats  # none was sent
    assert caplog.text.count("could not start") == 1 and "Traceback" not in caplog.text


# --- the user's script is not run again in a worker ------------------------------------------------

UNGUARDED = """
import sys
sys.path.insert(0, {root!r})
with open({marker!r}, "a") as f:  # top-level code, no __main__ guard (as Scrapy's script example)
    f.write("ran\\n")
from crawler.spiders.offload import PageOffload
import asyncio
offload = PageOffload(1)
async def go():
    try:
        return await offload.extract("https://news.cnr.cn/a.shtml", {body!r}, "text/html")
    finally:
        offload.close()
item, codec = asyncio.run(go())
print(item.url, sys.modules["__main__"].__file__ == __file__)
"""


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    script = tmp_path / "crawl_script.py"
    body = "<html><body><h1>标题</h1><p>正文。</p></body></html>".encode()
    script.write_text(UNGUARDED.format(root=str(ROOT), marker=str(marker), body=body), "utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["https://news.cnr.cn/a.shtml", "True"]  # __main__ restored
    assert marker.read_text() == "ran\n"  # not "ran" twice: the worker did not run the script


def test_a_page_object_error_in_the_worker_is_counted_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A bug in the page object, raised in the worker: the page is counted and logged with the
    worker's traceback, as in the crawl's process; the crawl goes on."""
    crawler = FakeCrawler()
    offload = PageOffload(1, crawler)  # type: ignore[arg-type]

    async def go() -> Any:
        try:
            return await offload.extract("https://news.cnr.cn/a.shtml", None, "text/html")  # type: ignore[arg-type]
        finally:
            offload.close()

    with caplog.at_level(logging.ERROR):
        assert asyncio.run(go()) is None
    assert crawler.stats.get_stats()["news/extract_error"] == 1
    assert "extraction failed for https://news.cnr.cn/a.shtml" in caplog.text
    assert "decode_html" in caplog.text  # where it failed, in the worker


def test_a_big_pages_headers_start_the_worker() -> None:
    """The worker starts when a big page's headers arrive, while its body downloads; small or
    unknown lengths start nothing."""
    offload = PageOffload(1000)
    starts: list[int] = []
    pool = FakePool(0)

    def start() -> Any:
        starts.append(1)
        offload.pool = pool  # type: ignore[assignment]
        return pool

    offload._start = start  # type: ignore[method-assign]

    async def go() -> Any:
        offload.headers_received(body_length=999, request=None, spider=None)
        offload.headers_received(body_length=object(), request=None, spider=None)  # unknown length
        assert offload.starting is None
        offload.headers_received(body_length=5000, request=None, spider=None)
        offload.headers_received(body_length=5000, request=None, spider=None)  # starting already
        assert offload.starting is not None
        return await offload._pool()

    assert asyncio.run(go()) is pool
    assert starts == [1]
