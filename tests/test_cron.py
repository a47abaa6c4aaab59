"""``cnr-news cron``: lock, exit codes, and incremental crawls of the local CNR fixture site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipelines.cli import cron
from pipelines.cron import child, outcome
from pipelines.cron.dburl import absolute_db_url
from pipelines.cron.lock import default_lock_path, run_lock
from pipelines.db.engine import make_engine
from pipelines.db.models import Article, CrawlRun
from tests.support.crawl import FAST as FAST_SETTINGS
from tests.support.crawl import setting_args
from tests.support.env import CNR_NEWS, project_env, run_cnr_news
from tests.support.paths import FIXTURES, ROOT
from tests.support.servers import FixtureServer, free_port

SITE = FIXTURES / "cnr_site"
# the test settings as cron's -s arguments (no stats file: cron's own report is read), no retries
CRON_SETTINGS = {k: v for k, v in FAST_SETTINGS.items() if k != "STATS_CLASS"}
CRON_SETTINGS |= {"RETRY_TIMES": 0, "NEWS_ROBOTS_RETRY_TIMES": 0, "LOG_LEVEL": "INFO"}
FAST = setting_args(CRON_SETTINGS)


def with_delay(delay: str) -> list[str]:
    """``FAST`` with ``DOWNLOAD_DELAY`` raised to ``delay`` seconds (a crawl slow enough to interrupt)."""
    return setting_args({**CRON_SETTINGS, "DOWNLOAD_DELAY": delay})


def run_cron(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return run_cnr_news("cron", *args, env=project_env("NEWS_CNR_BASE_URL"), timeout=timeout)


def popen_cron(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CNR_NEWS, "cron", *args],
        cwd=ROOT,
        env=project_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def db_rows(url: str) -> tuple[list[CrawlRun], int]:
    engine = make_engine(url)
    with Session(engine) as session:
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        n = int(session.scalar(select(func.count()).select_from(Article)) or 0)
        session.expunge_all()
    engine.dispose()
    return runs, n


def article_hits(server: FixtureServer) -> list[str]:
    return sorted(
        p for p, n in server.hits.items() for _ in range(n) if re.search(r"/t\d{8}_\d+(_\d+)?\.shtml$", p)
    )


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    if not (SITE / "manifest.json").exists():
        pytest.skip("fixture site not built yet")
    dst = tmp_path / "site"
    shutil.copytree(SITE, dst)
    return dst


def non_article_paths() -> set[str]:
    manifest = json.loads((SITE / "manifest.json").read_text("utf-8"))
    return {"/" + u.split("://", 1)[1] for u in manifest.get("non_articles", [])}


def expected_articles() -> int:
    manifest = json.loads((SITE / "manifest.json").read_text("utf-8"))
    return len(manifest["articles"])


# --- unit ---------------------------------------------------------------------------------------------


def test_command_line_helpers(tmp_path: Path) -> None:
    assert cron.scrapy_args(["refresh=3", "-a", "since=2025-05-01", "-s", "X=1", "-aY=2"]) == [
        "-a",
        "refresh=3",
        "-a",
        "since=2025-05-01",
        "-s",
        "X=1",
        "-a",
        "Y=2",
    ]
    with pytest.raises(ValueError):
        cron.scrapy_args(["oops"])
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert default_lock_path(db, tmp_path / "logs") == tmp_path / "x.db.cron.lock"
    assert default_lock_path("postgresql://u:p@h/db", tmp_path).parent == tmp_path
    assert absolute_db_url("sqlite:///data/news.db") == f"sqlite:///{(Path.cwd() / 'data/news.db')}"
    assert absolute_db_url("sqlite:///~/news.db") == f"sqlite:///{Path.home() / 'news.db'}"
    assert absolute_db_url("sqlite:////abs/news.db") == "sqlite:////abs/news.db"
    assert absolute_db_url("sqlite://") == "sqlite://"


@pytest.mark.parametrize(
    "argv",
    [
        ["cnr", "--db", "x.db", "--timeout", "5", "--log-dir", "L", "-s", "A=1"],  # as the usage line reads
        ["--db", "x.db", "--timeout", "5", "--log-dir", "L", "-s", "A=1", "cnr"],
        ["--db", "x.db", "cnr", "--timeout", "5", "--log-dir=L", "--set", "A=1"],
    ],
)
def test_options_before_or_after_the_spider(argv: list[str]) -> None:
    args, extra = cron.parse_command_line(argv)
    assert (args.spider, args.db, args.timeout, args.log_dir, args.set) == ("cnr", "x.db", 5.0, "L", ["A=1"])
    assert extra == []


def test_spider_arguments_are_what_follows_the_double_dash() -> None:
    args, extra = cron.parse_command_line(
        ["news", "--db", "x.db", "--", "refresh=3", "-a", "since=2025-05-01"]
    )
    assert (args.spider, args.db) == ("news", "x.db")
    assert cron.scrapy_args(extra) == ["-a", "refresh=3", "-a", "since=2025-05-01"]
    # an option-looking word after -- is a spider argument, not cron's option
    args, extra = cron.parse_command_line(["--", "--db", "y.db"])
    assert (args.spider, args.db, extra) == ("cnr", None, ["--db", "y.db"])
    with pytest.raises(cron.UsageError, match="unexpected spider argument '--db'"):
        cron.scrapy_args(extra)
    args, extra = cron.parse_command_line(["--timeout", "2", "--", "channels=sd"])
    assert (args.spider, args.timeout, extra) == ("cnr", 2.0, ["channels=sd"])
    # key=value without -- is not silently taken as a spider name or argument
    with pytest.raises(cron.UsageError, match="spider arguments go after --"):
        cron.parse_command_line(["refresh=3"])
    for bad in (["oops"], ["=3"], ["-a"], ["-s", "NOEQUALS"]):
        with pytest.raises(cron.UsageError):
            cron.scrapy_args(bad)


def test_exit_codes_from_records() -> None:
    assert outcome.exit_code_for({"status": "finished"}) == outcome.EXIT_OK
    assert (
        outcome.exit_code_for({"status": "failed", "problem": "site_unreachable"}) == outcome.EXIT_UNREACHABLE
    )
    assert outcome.exit_code_for({"status": "failed", "problem": "db_unwritable"}) == outcome.EXIT_DB
    assert (
        outcome.exit_code_for({"status": "failed", "problem": "all_articles_failed"}) == outcome.EXIT_FAILED
    )
    assert outcome.exit_code_for({"status": "failed", "problem": "too_many_errors"}) == outcome.EXIT_FAILED
    assert outcome.exit_code_for({"status": "interrupted", "problem": "stopped"}) == outcome.EXIT_STOPPED
    assert outcome.exit_code_for({"status": "failed", "problem": "killed"}) == outcome.EXIT_KILLED


def test_hard_limit_kills_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(child, "TERM_GRACE_S", 1.0)
    ignore_term = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    t0 = time.monotonic()
    result = child.run_child(
        [sys.executable, "-c", ignore_term], dict(os.environ), tmp_path / "x.log", hard_limit_s=1.0
    )
    assert result.killed and result.returncode == -9
    assert time.monotonic() - t0 < 20
    assert "up" in (tmp_path / "x.log").read_text()


# --- the command line, end to end (the lock makes these quick: nothing is crawled) -----------------


def run_cron_in(cwd: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = project_env("NEWS_LOG_DIR", **({} if home is None else {"HOME": str(home)}))
    return run_cnr_news("cron", *args, cwd=cwd, env=env, timeout=60)


@pytest.mark.parametrize("spider_first", [True, False])
def test_both_orders_reach_the_options(tmp_path: Path, spider_first: bool) -> None:
    db, logs = tmp_path / "news.db", tmp_path / "logs"
    options = ["--db", str(db), "--log-dir", str(logs), "--timeout", "5", "-s", "X=1"]
    argv = ["cnr", *options] if spider_first else [*options, "cnr"]
    with run_lock(tmp_path / "news.db.cron.lock"):  # the lock named by --db: proves --db was read
        proc = run_cron(*argv, "--", "refresh=3", timeout=60)
    assert proc.returncode == outcome.EXIT_LOCKED, proc.stderr
    assert "another run is in progress" in (logs / "cron.log").read_text()


def test_bad_spider_argument_is_a_usage_error(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    proc = run_cron("cnr", "--db", str(tmp_path / "news.db"), "--log-dir", str(logs), "--", "oops")
    assert proc.returncode == outcome.EXIT_USAGE == 2
    assert "unexpected spider argument 'oops'" in proc.stderr and "NAME=VALUE" in proc.stderr
    assert "usage: cnr-news cron [SPIDER] [options] [-- spider args]" in proc.stderr
    assert not (tmp_path / "news.db").exists() and not logs.exists()  # nothing done
    proc = run_cron("cnr", "refresh=3", "--db", str(tmp_path / "news.db"))
    assert proc.returncode == 2 and "spider arguments go after --" in proc.stderr


def test_unknown_spider_lists_the_spiders(tmp_path: Path) -> None:
    proc = run_cron("cnnr", "--db", str(tmp_path / "news.db"), "--log-dir", str(tmp_path / "logs"))
    assert proc.returncode == outcome.EXIT_USAGE
    assert "unknown spider 'cnnr'" in proc.stderr
    listed = proc.stderr.split("the spiders are:", 1)[1]
    assert "cnr" in listed and "news" in listed
    assert not (tmp_path / "news.db").exists() and not (tmp_path / "logs").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-s", "NEWS_DB_URL=sqlite:///other.db"], "use --db"),
        (["-s", "CLOSESPIDER_TIMEOUT=10"], "use --timeout"),
        (["--", "-s", "LOG_FILE=x.log"], "use --log-dir"),
        (["-s", "NOVALUE"], "-s needs NAME=VALUE"),
        (["--timeout", "0"], "--timeout must be > 0"),
        (["--timeout", "soon"], "invalid float value"),
        (["--max-errors", "-1"], "--max-errors >= 0"),
        (["--nope"], "unrecognized arguments: --nope"),
        (["cnr", "news"], "unrecognized arguments: news"),
    ],
)
def test_usage_errors(tmp_path: Path, argv: list[str], message: str) -> None:
    proc = run_cron("--db", str(tmp_path / "news.db"), "--log-dir", str(tmp_path / "logs"), *argv)
    assert proc.returncode == outcome.EXIT_USAGE, proc.stderr
    assert message in proc.stderr
    assert not (tmp_path / "logs").exists()


def test_help_exits_0() -> None:
    proc = run_cron("cnr", "--help")
    assert proc.returncode == 0 and "spider arguments: after --" in proc.stdout and "75" in proc.stdout


def test_relative_paths_are_taken_from_the_current_folder(tmp_path: Path) -> None:
    """What a crontab line with ``cd /srv/cnr-news && … --db data/news.db`` expects; ``~`` too;
    a missing log folder (nested) is created."""
    work = tmp_path / "work"
    work.mkdir()
    with run_lock(work / "data" / "news.db.cron.lock"):
        proc = run_cron_in(work, "--db", "data/news.db", "--log-dir", "logs/cron/deep", "cnr")
    assert proc.returncode == outcome.EXIT_LOCKED, proc.stderr
    assert "another run is in progress" in (work / "logs/cron/deep/cron.log").read_text()
    with run_lock(tmp_path / "home.db.cron.lock"):
        proc = run_cron_in(work, "cnr", "--db", "~/home.db", "--log-dir", "~/logs", home=tmp_path)
    assert proc.returncode == outcome.EXIT_LOCKED, proc.stderr
    assert (tmp_path / "logs" / "cron.log").exists() and not (work / "~").exists()


# --- the lock -----------------------------------------------------------------------------------------


def test_second_run_exits_at_once_when_locked(tmp_path: Path) -> None:
    lock = tmp_path / "news.db.cron.lock"
    with run_lock(lock):
        t0 = time.monotonic()
        proc = run_cron("--db", str(tmp_path / "news.db"), "--log-dir", str(tmp_path / "logs"), timeout=60)
        elapsed = time.monotonic() - t0
    assert proc.returncode == outcome.EXIT_LOCKED == 75
    assert "another run is in progress" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
    assert elapsed < 30
    assert "another run is in progress" in (tmp_path / "logs" / "cron.log").read_text()
    assert not (tmp_path / "news.db").exists() or db_rows(f"sqlite:///{tmp_path / 'news.db'}")[0] == []
    # released: it can be taken again
    with run_lock(lock):
        pass


def test_unwritable_database_exit_code(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cron("--db", str(blocker / "news.db"), "--log-dir", str(tmp_path / "logs"), timeout=60)
    assert proc.returncode == outcome.EXIT_DB
    assert "database unwritable" in proc.stderr


# --- against the fixture site ----------------------------------------------------------------------------


def add_article(site: Path) -> str:
    """A new Shandong article (copied from an existing one, retitled), linked first from the channel list."""
    src = site / "www.cnr.cn/sd/20250520/t20250520_100012.shtml"
    dst = site / "www.cnr.cn/sd/20250525/t20250525_100099.shtml"
    dst.parent.mkdir(parents=True)
    raw = src.read_bytes()
    text = raw.decode("gb18030")
    m = re.search(r"<title>([^_<]+)", text)
    assert m, "fixture article has a title"
    text = text.replace(m.group(1).strip(), "济南新增普惠托位三千个").replace("2025-05-20", "2025-05-25")
    dst.write_bytes(text.encode("gb18030"))
    index = site / "www.cnr.cn/sd/index.html"
    html = index.read_bytes().decode("gb18030")
    link = '<li><a href="http://www.cnr.cn/sd/20250525/t20250525_100099.shtml" target="_blank">济南新增普惠托位三千个</a></li>'
    html = html.replace(
        '<a href="http://www.cnr.cn/sd/20250524/', link + '<a href="http://www.cnr.cn/sd/20250524/', 1
    )
    index.write_bytes(html.encode("gb18030"))
    return "/www.cnr.cn/sd/20250525/t20250525_100099.shtml"


def test_cron_incremental_against_fixture_site(site_copy: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    url = f"sqlite:///{db_path}"
    logs = tmp_path / "logs"
    with FixtureServer(site_copy) as srv:
        common = [
            "--db",
            str(db_path),
            "--log-dir",
            str(logs),
            *FAST,
            "-s",
            f"NEWS_CNR_BASE_URL={srv.base_url}",
        ]
        first = run_cron(*common)
        assert first.returncode == 0, first.stderr
        runs, n = db_rows(url)
        assert n == expected_articles()
        assert len(runs) == 1 and runs[0].status == "finished" and runs[0].new == n
        assert len(list(logs.glob("cnr-*.log"))) == 1

        srv.hits.clear()
        second = run_cron(*common)
        assert second.returncode == 0, second.stderr
        # only lists, robots.txt and the non-article page (never stored, so looked at again) were fetched
        assert [p for p in article_hits(srv) if p not in non_article_paths()] == []
        assert srv.hits_under("/") > 0
        runs, n2 = db_rows(url)
        assert n2 == n
        assert (runs[-1].status, runs[-1].new, runs[-1].updated, runs[-1].items) == ("finished", 0, 0, 0)
        assert runs[-1].stats["news/incremental/skipped"] >= n
        assert len(list(logs.glob("cnr-*.log"))) == 2

        new_path = add_article(site_copy)
        srv.hits.clear()
        third = run_cron(*common)
        assert third.returncode == 0, third.stderr
        assert [p for p in article_hits(srv) if p not in non_article_paths()] == [new_path]
        runs, n3 = db_rows(url)
        assert n3 == n + 1
        assert (runs[-1].new, runs[-1].updated, runs[-1].unchanged) == (1, 0, 0)


def test_spider_first_with_spider_arguments_against_fixture_site(site_copy: Path, tmp_path: Path) -> None:
    """The usage line's order, end to end: options after SPIDER reach cron, words after -- reach the spider."""
    db_path = tmp_path / "news.db"
    article = "http://www.cnr.cn/sd/20250520/t20250520_100012.shtml"
    with FixtureServer(site_copy) as srv:
        proc = run_cron(
            "cnr",
            "--db",
            str(db_path),
            "--log-dir",
            str(tmp_path / "logs"),
            "--timeout",
            "5",
            *FAST,
            "-s",
            f"NEWS_CNR_BASE_URL={srv.base_url}",
            "--",
            f"urls={article}",
        )
        hits = article_hits(srv)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # quiet on success: cron mails whatever reaches stderr
    assert hits == ["/www.cnr.cn/sd/20250520/t20250520_100012.shtml"]  # urls=… reached the spider
    runs, n = db_rows(f"sqlite:///{db_path}")
    assert n == 1 and (runs[-1].status, runs[-1].new) == ("finished", 1)
    assert len(list((tmp_path / "logs").glob("cnr-*.log"))) == 1


def test_two_simultaneous_runs_exactly_one_crawls(site_copy: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    with FixtureServer(site_copy) as srv:
        common = [
            "--db",
            str(db_path),
            "--log-dir",
            str(tmp_path / "logs"),
            *FAST,
            "-s",
            f"NEWS_CNR_BASE_URL={srv.base_url}",
        ]
        procs = [popen_cron(*common), popen_cron(*common)]
        outs = [p.communicate(timeout=180) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, outcome.EXIT_LOCKED], outs
    runs, n = db_rows(f"sqlite:///{db_path}")
    assert len(runs) == 1 and n == expected_articles()


def test_site_down_fails_with_reason(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    base = f"http://127.0.0.1:{free_port()}/"
    proc = run_cron(  # the order of the usage line: SPIDER, then options
        "cnr",
        "--db",
        str(db_path),
        "--log-dir",
        str(tmp_path / "logs"),
        *FAST,
        "-s",
        f"NEWS_CNR_BASE_URL={base}",
    )
    assert proc.returncode == outcome.EXIT_UNREACHABLE, proc.stderr
    assert "site unreachable" in proc.stderr
    runs, n = db_rows(f"sqlite:///{db_path}")
    assert n == 0 and len(runs) == 1
    assert runs[0].status == "failed" and runs[0].error.startswith("site unreachable")
    assert runs[0].stats["news/run/verdict"] == "site_unreachable"


def test_timeout_is_a_graceful_stop(site_copy: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    slow = with_delay("1.5")
    with FixtureServer(site_copy) as srv:
        proc = run_cron(
            "--db",
            str(db_path),
            "--log-dir",
            str(tmp_path / "logs"),
            "--timeout",
            "0.1",
            *slow,
            "-s",
            f"NEWS_CNR_BASE_URL={srv.base_url}",
        )
    assert proc.returncode == 0, proc.stderr
    runs, n = db_rows(f"sqlite:///{db_path}")
    assert (runs[-1].status, runs[-1].finish_reason) == ("finished", "closespider_timeout")
    assert 0 < n < expected_articles()  # what was fetched is committed; the rest waits for the next run
    assert runs[-1].new == n


def test_sigterm_to_cron_stops_the_crawl_gracefully(site_copy: Path, tmp_path: Path) -> None:
    import signal

    db_path = tmp_path / "news.db"
    slow = with_delay("1")
    with FixtureServer(site_copy) as srv:
        proc = popen_cron(
            "--db",
            str(db_path),
            "--log-dir",
            str(tmp_path / "logs"),
            *slow,
            "-s",
            f"NEWS_CNR_BASE_URL={srv.base_url}",
        )
        deadline = time.monotonic() + 60
        while srv.hits_under("/") < 4 and time.monotonic() < deadline:  # the crawl is under way
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == outcome.EXIT_STOPPED, err
    assert "stopped before the end" in err
    runs, n = db_rows(f"sqlite:///{db_path}")
    assert (runs[-1].status, runs[-1].finish_reason) == ("interrupted", "shutdown")
    assert runs[-1].new == n < expected_articles()


def test_lock_outlives_a_killed_cron(site_copy: Path, tmp_path: Path) -> None:
    import signal

    db_path = tmp_path / "news.db"
    slow = with_delay("1")
    args = ["--db", str(db_path), "--log-dir", str(tmp_path / "logs"), *slow]
    with FixtureServer(site_copy) as srv:
        proc = popen_cron(*args, "-s", f"NEWS_CNR_BASE_URL={srv.base_url}")
        deadline = time.monotonic() + 60
        while srv.hits_under("/") < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        proc.kill()  # cron dies; its crawl lives on, holding the inherited lock
        proc.communicate(timeout=30)
        runs, _ = db_rows(f"sqlite:///{db_path}")
        orphan = runs[-1].pid
        try:
            second = run_cron(*args, "-s", f"NEWS_CNR_BASE_URL={srv.base_url}", timeout=60)
            assert second.returncode == outcome.EXIT_LOCKED, second.stderr
        finally:
            os.kill(orphan, signal.SIGKILL)
        time.sleep(0.5)
    third = run_cron(
        "--db",
        str(db_path),
        "--log-dir",
        str(tmp_path / "logs"),
        *FAST,
        "-s",
        "NEWS_CNR_BASE_URL=http://127.0.0.1:9/",
    )
    assert third.returncode == outcome.EXIT_UNREACHABLE, third.stderr  # the lock was free again
    runs, _ = db_rows(f"sqlite:///{db_path}")
    assert [r.status for r in runs] == ["interrupted", "failed"]  # the killed crawl, found by the next run
