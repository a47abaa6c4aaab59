"""Enrichment off the reactor (issue 19): the pool's results are the serial path's, row for row;
the time budget; a worker that dies is counted, retried once, logged — never a silent loss."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

import pipelines.enrich as enrich_mod
from crawler.items import ArticleItem, RawPage
from pipelines.chain import process_article
from pipelines.enrich import Request, apply_result, enrich, payload
from pipelines.enrich.pipeline import FAILED_NOTE, WAITING_PER_WORKER, EnrichPipeline, default_workers
from pipelines.stories.index import carried_fingerprint, fingerprint
from tests.support.crawl import run_crawl
from tests.support.dbcompare import snapshot
from tests.support.paths import FIXTURES
from tests.support.pools import FakePool
from tests.support.servers import FixtureServer
from tests.test_store import make_item

SERIAL = {  # the step pipelines, one after the other in the crawl's process (before issue 19)
    "pipelines.guard.pipeline.ItemGuardPipeline": 50,
    "pipelines.text.pipeline.NormalizeTextPipeline": 100,
    "pipelines.dates.pipeline.ExtractDatesPipeline": 200,
    "pipelines.entities.pipeline.ExtractOrganizationsPipeline": 300,
    "pipelines.db.storage_pipeline.StoragePipeline": 900,
}


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES / "cnr_site") as server:
        yield server


def _crawl(site: FixtureServer, db: Path, settings: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as work:
        result = run_crawl(
            "cnr", f"sqlite:///{db}", Path(work), args={"base": site.base_url}, settings=settings
        )
    assert result.rc == 0, result.log[-4000:]
    return result.stats


def test_pool_crawl_equals_serial_crawl(site: FixtureServer, tmp_path: Path) -> None:
    serial = _crawl(site, tmp_path / "serial.db", {"ITEM_PIPELINES": SERIAL})
    pooled = _crawl(site, tmp_path / "pool.db", {"NEWS_WORKERS": 2, "NEWS_DB_BATCH_SIZE": 3})
    assert pooled.get("news/enrich/articles") == pooled["item_scraped_count"] > 0
    assert pooled.get("news/enrich/over_budget", 0) == 0
    keys = (
        "news/db/new",
        "news/dates/mentions",
        "news/orgs/organizations",
        "news/orgs/persons",
        "news/orgs/placed",
    )
    assert serial.get("news/orgs/placed", 0) > 0  # the fixture site's stories have datelines
    for key in keys:
        assert pooled.get(key) == serial.get(key), key
    a, b = snapshot(f"sqlite:///{tmp_path / 'serial.db'}"), snapshot(f"sqlite:///{tmp_path / 'pool.db'}")
    assert a["articles"] and a["mentions"] and a["date_mentions"] and a["articles_fts_state"]
    assert a["story_bands"] and "stories" in a  # stories: the index and the links (story_id in articles)
    assert a.keys() == b.keys()
    for table in a:  # every table, every row: same content hashes, mentions, full-text tokens
        assert a[table] == b[table], table


# --- the worker's function ------------------------------------------------------------------------


def _raw_item(n: int = 1) -> ArticleItem:
    item = make_item(n)
    item.dates, item.organizations, item.persons = [], [], []
    item.paragraphs = [*item.paragraphs, "拼音 pīnyīn 测试。", item.paragraphs[0]]  # work for the normaliser
    return item


def test_enrich_equals_process_article() -> None:
    want = process_article(_raw_item())
    item = _raw_item()
    req = payload(item)
    assert all(len(p.body) <= enrich_mod.HEAD_BYTES for p in req.item.raw_pages)  # no raw bytes sent
    result = enrich(req)
    assert result.skipped == [] and result.fts_columns is not None
    apply_result(item, result)
    assert item == want
    carried = carried_fingerprint(item, item.body)  # the story fingerprint rides along for the store
    assert carried is not None and carried.keys == fingerprint(want.body).keys
    assert carried_fingerprint(item, item.body + "改") is None  # not for another text
    assert item.raw_pages[0].body == _raw_item().raw_pages[0].body  # the crawl's item keeps its bytes


def test_over_budget_in_process_keeps_done_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_dates(item: ArticleItem) -> None:
        time.sleep(0.3)
        item.dates = [{"text": "x", "start": 0, "end": 1, "value_start": "2025-01-01"}]

    monkeypatch.setattr(enrich_mod, "add_dates", slow_dates)
    result = enrich(Request(item=_raw_item(), budget_s=0.1))
    assert result.skipped == ["entities", "fts"]  # dates ended late: kept; the rest skipped
    assert result.item.dates and result.item.organizations == []
    assert result.item.notes == {"budget:entities": 1, "budget:fts": 1}
    assert result.fts_columns is not None and result.fts_columns[2:] == ("", "")  # the title only


def test_over_budget_in_worker_interrupts_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless_dates(item: ArticleItem) -> None:
        item.dates = [{"text": "half-done"}]
        while True:
            pass

    monkeypatch.setattr(enrich_mod, "add_dates", endless_dates)
    monkeypatch.setattr(enrich_mod, "_IN_WORKER", True)
    start = time.monotonic()
    result = enrich(Request(item=_raw_item(), budget_s=0.5))
    assert time.monotonic() - start < 5
    assert result.skipped == ["dates", "entities", "fts"]
    assert result.item.dates == []  # the interrupted step is undone
    assert result.item.paragraphs != _raw_item().paragraphs  # normalisation was done and kept
    assert result.item.notes == {"budget:dates": 1, "budget:entities": 1, "budget:fts": 1}


def test_pool_off_by_default_below_three_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2 cores the pool was slower than enriching in-process (docs/performance.md): off unless asked."""
    import pipelines.enrich.pipeline as pipeline_mod

    assert [default_workers(n) for n in (1, 2, 3, 8)] == [0, 0, 3, 8]

    async def workers(settings: dict[str, Any]) -> int:  # in a running loop, as in a crawl
        crawler = FakeCrawler()
        crawler.settings = Settings({"NEWS_DB_URL": "sqlite:///unused.db", **settings})
        return EnrichPipeline(crawler).workers  # type: ignore[arg-type]

    for cores, unset in ((2, 0), (4, 4)):
        monkeypatch.setattr(pipeline_mod, "available_cores", lambda cores=cores: cores)
        assert asyncio.run(workers({})) == unset
        assert asyncio.run(workers({"NEWS_WORKERS": 2})) == 2  # asked for: always honoured


# --- a worker process that dies ---------------------------------------------------------------------


class FakeCrawler:
    engine = None

    def __init__(self) -> None:
        self.settings = Settings({"NEWS_WORKERS": 1, "NEWS_DB_URL": "sqlite:///unused.db"})
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]


def _run_with(crashes: int, caplog: pytest.LogCaptureFixture) -> tuple[ArticleItem, dict[str, Any], int]:
    crawler = FakeCrawler()
    pools = [FakePool(crashes)]
    started = []

    async def go() -> ArticleItem:
        loop = asyncio.get_running_loop()
        pipe = EnrichPipeline(crawler)  # type: ignore[arg-type]

        def start() -> asyncio.Future[Any]:
            started.append(1)
            fut = loop.create_future()
            fut.set_result(pools[-1])
            return fut

        pipe._start_pool = start  # type: ignore[method-assign]
        pipe.slots = asyncio.Semaphore(4)
        pipe.ready = start()
        return await pipe.process_item(_raw_item())

    with caplog.at_level(logging.WARNING):
        item = asyncio.run(go())
    return item, crawler.stats.get_stats(), len(started)


def test_worker_crash_is_retried_once(caplog: pytest.LogCaptureFixture) -> None:
    item, stats, starts = _run_with(1, caplog)
    assert stats["news/enrich/worker_crash"] == 1 and stats["news/enrich/retried"] == 1
    assert "news/enrich/failed" not in stats
    assert starts == 2  # the pool was replaced
    assert item.organizations and FAILED_NOTE not in item.notes
    assert "worker process died" in caplog.text


def test_worker_crash_twice_is_stored_without_enrichment(caplog: pytest.LogCaptureFixture) -> None:
    item, stats, _ = _run_with(2, caplog)
    assert stats["news/enrich/failed"] == 1 and stats["news/enrich/worker_crash"] == 2
    assert item.notes[FAILED_NOTE] == 1 and item.organizations == []  # passed on to storage, marked
    assert "stored without it" in caplog.text


def test_pages_head_only() -> None:
    item = _raw_item()
    item.raw_pages = [
        RawPage(
            url="u",
            status=200,
            headers={},
            body=b"<" + b"x" * 10_000,
            fetched_at=item.raw_pages[0].fetched_at,
        )
    ]
    assert payload(item).item.raw_pages[0].body == b"<" + b"x" * (enrich_mod.HEAD_BYTES - 1)


def test_backlog_pauses_the_engine() -> None:
    class Engine:
        calls: list[str] = []

        def pause(self) -> None:
            self.calls.append("pause")

        def unpause(self) -> None:
            self.calls.append("unpause")

    crawler = FakeCrawler()
    crawler.engine = Engine()  # type: ignore[assignment]

    async def go() -> EnrichPipeline:
        return EnrichPipeline(crawler)  # type: ignore[arg-type]

    pipe = asyncio.run(go())
    high = pipe.workers * WAITING_PER_WORKER
    for _ in range(high + 1):
        pipe._hold(+1)
    assert Engine.calls == ["pause"]
    for _ in range(high + 1 - high // 2):
        pipe._hold(-1)
    assert Engine.calls == ["pause", "unpause"] and pipe.waiting == high // 2


def test_warm_up_builds_every_table_a_worker_would_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork server's ``warm_up`` leaves nothing for a worker to build on its own: after it,
    enriching articles (a transcribed foreign name, a story-sized body) never scans jieba's whole
    dictionary nor draws the MinHash permutations again — a table built in a worker is that worker's
    private copy (the jieba scan alone was ~30 MB per worker, issue 19)."""
    from pipelines.enrich import WARM_UP_PARAGRAPHS, warm_up
    from pipelines.entities import common_words, jieba_tables
    from pipelines.stories import shingles
    from pipelines.text import t2s

    for cached in (
        jieba_tables.characters_of,
        jieba_tables.first_characters_of,
        shingles._permutations,
        t2s._converter,  # OpenCC's tables: persons' names are read in simplified script too
        common_words.load_dictionary,  # CC-CEDICT's common words and brands: persons' names are checked
    ):
        cached.cache_clear()  # as in a fresh fork server, whatever other tests loaded
    warm_up()

    def scanned(flag: str) -> None:
        raise AssertionError(f"jieba's dictionary scanned for {flag!r} after the warm-up")

    monkeypatch.setattr(jieba_tables, "_words_of", scanned)
    drawn = shingles._permutations.cache_info().misses
    converters = t2s._converter.cache_info().misses
    assert common_words.load_dictionary.cache_info().misses == 1
    item = make_item(
        paragraphs=[
            "巴勒斯坦总统阿巴斯与以色列总理内塔尼亚胡通电话，讨论加沙地带停火安排。",
            *WARM_UP_PARAGRAPHS[::-1],
            "委员会表示，将继续推动各方落实协议，确保人道主义物资顺利进入。",
        ]
    )
    result = enrich(Request(item=item))
    assert result.story_fingerprint is not None and result.story_fingerprint.indexable
    assert shingles._permutations.cache_info().misses == drawn
    assert t2s._converter.cache_info().misses == converters == 1
    assert common_words.load_dictionary.cache_info().misses == 1
    assert "内塔尼亚胡" in {p["name"] for p in result.item.persons}


def test_a_pool_that_cannot_start_enriches_in_process(caplog: pytest.LogCaptureFixture) -> None:
    """No fork server (a broken import, no /dev/shm): one error in the log, then every article is
    enriched in the crawl's process — none dropped, no traceback per article."""
    crawler = FakeCrawler()

    async def go() -> list[ArticleItem]:
        loop = asyncio.get_running_loop()
        pipe = EnrichPipeline(crawler)  # type: ignore[arg-type]
        failed: asyncio.Future[Any] = loop.create_future()
        failed.set_exception(OSError("forkserver: cannot connect"))
        pipe.slots = asyncio.Semaphore(4)
        pipe.ready = failed
        return [await pipe.process_item(_raw_item(n)) for n in (1, 2, 3)]

    with caplog.at_level(logging.WARNING):
        items = asyncio.run(go())
    stats = crawler.stats.get_stats()
    assert all(item.organizations for item in items)
    assert stats["news/enrich/pool_failed"] == 1 and stats["news/enrich/articles"] == 3
    assert caplog.text.count("could not start") == 1 and "Traceback" not in caplog.text
