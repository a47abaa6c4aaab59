"""Fault suite, server faults and hostile input (issue 8), through one real crawl.

One ``scrapy crawl cnr`` subprocess runs against a local mirror (``-a base=``) on the fault server,
with every fault mounted as a CNR article URL next to good control articles. Each test then asserts
one scenario's outcome in the database, the crawl's stats, the ``crawl_runs`` row or the server's
hit log. Connection refused and DNS failure need another host each, so they run their own short
crawls.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.fault_server import ENCODING_CASES, FaultServer, mirror_path
from tests.support.servers import free_port

# real crawls in subprocesses: seconds each (CI runs them too)
pytestmark = pytest.mark.slow

MOJIBAKE_MARKERS = ("\ufffd", "锟斤拷", "Ã", "Â")
MB = 1024 * 1024

# The crawl's knobs, small so the suite stays fast (the defaults are the same mechanisms, slower).
RETRY_TIMES = 2
BACKOFF_BASE = 0.25
RETRY_AFTER_MAX = 1.5
DOWNLOAD_TIMEOUT = 3.0
SLOW_S = 5.0

FAULTS: dict[str, int] = {
    "/fault/500": 800001,
    "/fault/503-twice": 800002,
    "/fault/429": 800003,
    "/fault/429-long": 800004,
    "/fault/slow": 800005,
    "/fault/truncated": 800006,
    "/fault/gzip-corrupt": 800007,
    "/fault/redirect-chain/0": 800008,
    "/fault/redirect-self": 800009,
    "/fault/redirect-offsite": 800010,
    "/fault/big": 800011,
    "/fault/big-stream": 800012,
    "/fault/entity-bomb": 800013,
    "/fault/deep": 800014,
    "/fault/nobody": 800015,
    "/fault/binary": 800016,
    "/fault/changed-template": 800017,
    "/fault/links": 800018,
}
ENCODING_IDS = {case.name: 800020 + i for i, case in enumerate(ENCODING_CASES)}
CONTROLS = {"对照文章甲": 800040, "对照文章乙": 800041}


@dataclass
class FaultCrawl:
    srv: FaultServer
    result: CrawlResult
    db: Path
    urls: dict[str, str]  # fault path / encoding name / control tag -> logical article URL

    def rows(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.db) as con:
            return con.execute(sql, params).fetchall()

    def article(self, key: str) -> tuple | None:
        """(title, body, template) of the stored article for ``key`` (a FAULTS path, encoding, control)."""
        aid = self.urls[key].rsplit("_", 1)[-1].removesuffix(".shtml")
        found = self.rows("SELECT title, body, template FROM articles WHERE key = ?", f"cnr:{aid}")
        return found[0] if found else None

    def hits(self, key: str) -> list[float]:
        path = mirror_path(self.urls[key])
        return [h.t for h in self.srv.hit_log(path) if h.path == path]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    work = tmp_path_factory.mktemp("faultcrawl")
    db = work / "news.db"
    with FaultServer(slow_s=SLOW_S, retry_after=1, retry_after_long=3600) as srv:
        srv.set_robots("User-agent: *\nAllow: /\n")
        urls: dict[str, str] = {}
        for path, aid in FAULTS.items():
            urls[path] = srv.mount_cnr(aid, path)
        for case in ENCODING_CASES:
            urls[case.name] = srv.mount_cnr(ENCODING_IDS[case.name], f"/enc/{case.name}.html")
        for tag, aid in CONTROLS.items():
            urls[tag] = srv.add_cnr_article(aid, tag)
        result = run_crawl(
            "cnr",
            f"sqlite:///{db}",
            work,
            args={"base": srv.base_url + "/", "urls": ",".join(urls.values())},
            settings={
                "RETRY_TIMES": str(RETRY_TIMES),
                "NEWS_RETRY_BACKOFF_BASE": str(BACKOFF_BASE),
                "NEWS_RETRY_AFTER_MAX": str(RETRY_AFTER_MAX),
                "DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT),
            },
            timeout=180,
        )
        yield FaultCrawl(srv, result, db, urls)


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


# --- the crawl as a whole ------------------------------------------------------------------------------


def test_crawl_survives_every_fault(crawl: FaultCrawl) -> None:
    r = crawl.result
    assert r.rc == 0, r.log[-3000:]
    assert r.stats.get("finish_reason") == "finished", r.stats
    assert "Traceback" not in r.log, r.log[r.log.find("Traceback") - 500 :][:3000]
    for tag in CONTROLS:
        assert crawl.article(tag) is not None, f"control article {tag} not stored"
    (status, errors), *_ = crawl.rows("SELECT status, errors FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert status in ("finished", "failed"), status
    assert errors > 0  # the faults are counted, not hidden


# --- server faults ---------------------------------------------------------------------------------------


def test_500_forever_gives_up_after_retry_budget_with_backoff(crawl: FaultCrawl) -> None:
    times = crawl.hits("/fault/500")
    assert len(times) == RETRY_TIMES + 1, times
    # waits of at least BASE, 2 x BASE (longer when a Retry-After elsewhere held the host)
    gaps = _gaps(times)
    assert gaps[0] >= BACKOFF_BASE * 0.9 and gaps[1] >= 2 * BACKOFF_BASE * 0.9, gaps
    assert crawl.result.stat("news/retry/backoff_seconds") > 0
    assert crawl.result.stat("retry/max_reached") >= 1
    assert crawl.result.stat("retry/reason_count/500 Internal Server Error") == RETRY_TIMES
    assert crawl.article("/fault/500") is None


def test_503_twice_then_200_recovers(crawl: FaultCrawl) -> None:
    assert len(crawl.hits("/fault/503-twice")) == 3
    stored = crawl.article("/fault/503-twice")
    assert stored is not None and "恢复文章" in stored[1]


def test_429_retry_after_is_honoured(crawl: FaultCrawl) -> None:
    times = crawl.hits("/fault/429")
    assert len(times) == 2, times
    assert _gaps(times)[0] >= 0.9, "retried before Retry-After: 1"
    assert crawl.article("/fault/429") is not None
    assert crawl.result.stat("news/retry/retry_after") >= 2


def test_429_retry_after_of_an_hour_is_capped(crawl: FaultCrawl) -> None:
    times = crawl.hits("/fault/429-long")
    assert len(times) == 2, times
    gap = _gaps(times)[0]
    assert RETRY_AFTER_MAX * 0.9 <= gap < RETRY_AFTER_MAX + 10, gap
    assert crawl.result.stat("news/retry/retry_after_capped") == 1
    assert crawl.article("/fault/429-long") is not None


def test_slow_response_times_out_and_is_counted(crawl: FaultCrawl) -> None:
    assert len(crawl.hits("/fault/slow")) == RETRY_TIMES + 1
    assert crawl.result.stat("downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError") >= (
        RETRY_TIMES + 1
    )
    assert crawl.article("/fault/slow") is None


def test_truncated_body_is_never_stored(crawl: FaultCrawl) -> None:
    assert len(crawl.hits("/fault/truncated")) == RETRY_TIMES + 1
    assert crawl.result.stat("downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError") >= 1
    assert crawl.article("/fault/truncated") is None
    assert not crawl.rows("SELECT 1 FROM articles WHERE body LIKE '%截断文章%'")
    assert not crawl.rows("SELECT 1 FROM pages WHERE url = ?", crawl.urls["/fault/truncated"])


def test_corrupt_gzip_is_an_error_not_a_crash(crawl: FaultCrawl) -> None:
    assert len(crawl.hits("/fault/gzip-corrupt")) >= 1
    assert crawl.article("/fault/gzip-corrupt") is None
    assert crawl.result.stat("news/fetch_error/article") >= 1


def test_redirect_chain_past_the_limit_gives_up(crawl: FaultCrawl) -> None:
    chain = [h for h in crawl.srv.hit_log("/fault/redirect-chain/")]
    assert 1 <= len(chain) <= 25, len(chain)  # bounded by REDIRECT_MAX_TIMES
    assert crawl.article("/fault/redirect-chain/0") is None


def test_redirect_to_itself_terminates(crawl: FaultCrawl) -> None:
    n = len(crawl.hits("/fault/redirect-self"))
    assert 1 <= n <= 25, n
    assert crawl.article("/fault/redirect-self") is None


def test_redirect_off_site_is_not_followed(crawl: FaultCrawl) -> None:
    assert len(crawl.hits("/fault/redirect-offsite")) == 1
    assert crawl.srv.hits_for("/offsite-target") == 0
    assert crawl.article("/fault/redirect-offsite") is None
    assert not crawl.rows("SELECT 1 FROM articles WHERE body LIKE '%离站文章%'")


# --- hostile or broken input -----------------------------------------------------------------------


def test_50mb_page_is_cancelled_at_the_size_limit(crawl: FaultCrawl) -> None:
    for path in ("/fault/big", "/fault/big-stream"):
        assert crawl.article(path) is None
    sent = crawl.srv.bytes_sent
    declared = sent[mirror_path(crawl.urls["/fault/big"])]
    streamed = sent[mirror_path(crawl.urls["/fault/big-stream"])]
    # declared 50 MB: refused from the header; streamed: cut at DOWNLOAD_MAXSIZE (10 MB; what the
    # server managed to write includes the socket buffers, which the kernel grows while the client is slow to
    # read: 22.3 MB of the 50 written on a loaded 2-core box, so the bound is "well short of the whole page")
    assert declared < 20 * MB, declared
    assert streamed < 40 * MB, streamed
    assert crawl.result.stat("downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError") >= 2
    # memory bounded: the whole crawl (every fault, text/date/organisation models loaded) peaks near
    # 300 MB; holding the 50 MB page with its decoded text and parse tree would add well over 200 MB
    assert crawl.result.peak_rss_mb < 500, crawl.result.peak_rss_mb
    print(
        f"\n[fault-big] sent {declared / MB:.1f} MB / {streamed / MB:.1f} MB; peak RSS {crawl.result.peak_rss_mb:.0f} MB"
    )


def test_xml_entity_bomb_is_not_expanded(crawl: FaultCrawl) -> None:
    stored = crawl.article("/fault/entity-bomb")
    if stored is not None:
        assert "lollollol" not in stored[1] and len(stored[1]) < 5000
    assert crawl.result.stat("news/extract_error") == 0


def test_300000_nested_elements_do_not_stop_the_crawl(crawl: FaultCrawl) -> None:
    assert 1 <= len(crawl.hits("/fault/deep")) <= RETRY_TIMES + 1
    stored = crawl.article("/fault/deep")
    assert stored is None or len(stored[1]) < 1000
    assert crawl.result.stat("news/extract_error") == 0


def test_html_without_body_is_a_counted_non_article(crawl: FaultCrawl) -> None:
    assert crawl.article("/fault/nobody") is None
    assert crawl.result.stat("news/non_article") >= 1


def test_binary_garbage_as_html_is_a_counted_non_article(crawl: FaultCrawl) -> None:
    # fetched once; a second hit only when the first answer timed out on a loaded machine (a retry)
    hits = len(crawl.hits("/fault/binary"))
    assert hits == 1 or (hits <= 3 and crawl.result.stat("retry/count") >= hits - 1)
    assert crawl.article("/fault/binary") is None
    assert crawl.result.stat("news/non_article") >= 2


def test_changed_template_falls_back_to_generic(crawl: FaultCrawl) -> None:
    stored = crawl.article("/fault/changed-template")
    assert stored is not None, "a page in a new layout was lost"
    title, body, template = stored
    assert template == "generic"
    assert "改版页面第1段" in body
    assert crawl.result.stat("news/template/generic") >= 1


def test_links_to_file_data_and_other_hosts_are_never_fetched(crawl: FaultCrawl) -> None:
    assert crawl.article("/fault/links") is not None
    assert crawl.srv.hits_for("/other-host/t20250520_1.shtml") == 0
    assert not [h for h in crawl.srv.hits if "localhost" in h.host]
    assert crawl.srv.hits_for("/etc/passwd") == 0
    # nothing was requested that the crawl was not given or that robots/the server did not name
    requested = {h.path for h in crawl.srv.hits}
    allowed = {mirror_path(u) for u in crawl.urls.values()} | {"/robots.txt"}
    allowed |= {p for p in requested if p.startswith("/fault/redirect-chain/")}
    assert requested <= allowed, requested - allowed


# --- encodings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ENCODING_CASES, ids=lambda c: c.name)
def test_encodings_stored_without_mojibake(crawl: FaultCrawl, case) -> None:  # type: ignore[no-untyped-def]
    stored = crawl.article(case.name)
    assert stored is not None, f"{case.name} page not stored"
    title, body, _template = stored
    assert case.text in body
    for marker in MOJIBAKE_MARKERS:
        assert marker not in title + body, (case.name, marker)


# --- unreachable sites (their own crawls) ---------------------------------------------------------------


def _unreachable(tmp_path: Path, base: str) -> tuple[CrawlResult, tuple]:
    db = tmp_path / "news.db"
    r = run_crawl(
        "cnr",
        f"sqlite:///{db}",
        tmp_path,
        args={"base": base, "urls": "http://www.cnr.cn/sd/20250520/t20250520_810001.shtml"},
        settings={"RETRY_TIMES": "1", "NEWS_RETRY_BACKOFF_BASE": "0.1", "NEWS_ROBOTS_RETRY_TIMES": "0"},
        timeout=90,
    )
    with sqlite3.connect(db) as con:
        run = con.execute("SELECT status, error, errors FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    return r, run


def test_connection_refused_fails_the_run_with_the_reason(tmp_path: Path) -> None:
    r, (status, error, errors) = _unreachable(tmp_path, f"http://127.0.0.1:{free_port()}/")
    assert r.stat("downloader/exception_type_count/scrapy.exceptions.DownloadConnectionRefusedError") >= 1
    assert status == "failed" and "unreachable" in (error or ""), (status, error)
    assert errors > 0


def test_dns_failure_fails_the_run_with_the_reason(tmp_path: Path) -> None:
    r, (status, error, _errors) = _unreachable(tmp_path, "http://cnr-news-fault.invalid/")
    assert r.stat("downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError") >= 1
    assert status == "failed" and "unreachable" in (error or ""), (status, error)
