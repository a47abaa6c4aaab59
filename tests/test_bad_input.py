"""Bad input to ``cnr-news`` and ``scrapy crawl``: one clear line on stderr and exit status 2 (the
README's "bad input"), never a traceback, never a silent misuse. The layer: pipelines/cli/errors.py
(cnr-news) and pipelines/commands/crawl.py (spider arguments)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.env import CNR_NEWS, project_env
from tests.support.paths import FIXTURES, ROOT

PAGE = FIXTURES / "cnr_site" / "www.cnr.cn" / "sd" / "20250524" / "t20250524_100010.shtml"
PAGE_URL = "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml"
SCRAPY = [sys.executable, "-m", "scrapy", "crawl", "-L", "WARNING"]

CASES = {
    # --db: an unparsable URL, an unknown database, a driver that is not installed (no password shown)
    "db-unparsable": ([*CNR_NEWS, "search", "托育", "--db", "bogus:://"], "is not a database URL or path"),
    "db-unknown": ([*CNR_NEWS, "export", "--db", "bogus://x"], "unknown database 'bogus'"),
    "db-no-driver": (
        [*CNR_NEWS, "search", "托育", "--db", "mysql://u:secret@x/db"],
        "driver is not installed",
    ),
    "db-no-driver-runs": ([*CNR_NEWS, "runs", "--db", "mysql://x"], "driver is not installed"),
    "db-reprocess": ([*CNR_NEWS, "reprocess", "--db", "bogus:://"], "is not a database URL"),
    "db-demo": ([*CNR_NEWS, "demo", "--db", "mysql://x"], "driver is not installed"),
    # a filter that does not apply is refused, not ignored
    "runs-org": ([*CNR_NEWS, "runs", "--org", "foo"], "--org does not apply to crawl runs"),
    # extract: one URL for several files; a directory without pages; a bad time
    "extract-url-several": (
        [*CNR_NEWS, "extract", "--url", PAGE_URL, str(PAGE), str(PAGE)],
        "--url is the URL of one page, but 2 files",
    ),
    "extract-empty-dir": (
        [*CNR_NEWS, "extract", "{empty}"],
        "no pages (.htm .html .shtml .txt .xhtml) under",
    ),
    "extract-published-at": (
        [*CNR_NEWS, "extract", str(PAGE), "--published-at", "yesterday"],
        "not ISO 8601",
    ),
    # spider arguments
    "crawl-since": ([*SCRAPY, "cnr", "-a", "since=notadate"], "since='notadate' is not a date (YYYY-MM-DD)"),
    "crawl-max-list-pages": (
        [*SCRAPY, "cnr", "-a", "max_list_pages=x"],
        "max_list_pages='x' is not a whole number",
    ),
    "crawl-base": ([*SCRAPY, "cnr", "-a", "base=file:///etc/"], "base must be an http(s) URL"),
    "crawl-news-max-pages": (
        [*SCRAPY, "news", "-a", "start_urls=http://127.0.0.1:9/", "-a", "max_pages=0"],
        "max_pages='0' is not a whole number",
    ),
    "crawl-unknown-spider": ([*SCRAPY, "nosuch"], "no spider named 'nosuch'"),
    # a setting of ours that cannot be used
    "crawl-offload-bytes": (
        [*SCRAPY, "cnr", "-s", "NEWS_EXTRACT_OFFLOAD_BYTES=-5"],
        "NEWS_EXTRACT_OFFLOAD_BYTES='-5' is not a whole number of bytes >= 0",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    argv, message = CASES[case]
    (tmp_path / "empty").mkdir()
    argv = [a.replace("{empty}", str(tmp_path / "empty")) for a in argv]
    env = {**project_env(), "NEWS_DB_URL": f"sqlite:///{tmp_path / 'never.db'}"}
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(lines) == 1 and message in lines[0], proc.stderr[-3000:]
    assert "secret" not in proc.stderr
    assert proc.stdout == ""  # nothing done, nothing printed
    assert not (tmp_path / "never.db").exists()


def test_extract_reads_one_page_from_stdin() -> None:
    proc = subprocess.run(
        [*CNR_NEWS, "extract", "-", "--url", PAGE_URL],
        input=PAGE.read_bytes(),
        cwd=ROOT,
        env=project_env(),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    (rec,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert rec["path"] == "-" and rec["error"] is None and rec["key"] == "cnr:100010"
    assert rec["title"] == "济南“普惠托育·科学育儿”托育服务宣传月活动启动"
    assert "济南市卫生健康委员会" in {o["name"] for o in rec["organizations"]}
    # without --url the page is read as a saved file: CNR's page object still knows it by its bytes
    proc = subprocess.run(
        [*CNR_NEWS, "extract", "-"], input=PAGE.read_bytes(), cwd=ROOT, env=project_env(), capture_output=True
    )
    (rec,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 0 and rec["template"] == "cnr-2021" and rec["error"] is None
