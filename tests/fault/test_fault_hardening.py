"""Issue 18: secrets, paths, hostile text, huge pages, bad input — each point's regression test.

In-process or short subprocesses only (no crawl), so the fault suite keeps its CI time.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from tests.support.env import project_env
from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "tests"))
from test_query_data import build_db  # noqa: E402


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        rc = int(exc.code or 0)
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    build_db(path)[1].dispose()
    for extra in ("-wal", "-shm"):
        assert not Path(f"{path}{extra}").exists()
    return path


# --- 1. secrets: the database URL reaches the crawl through the environment, never argv ------------


def test_cron_db_url_never_on_the_command_line(tmp_path: Path) -> None:
    from pipelines.cron.child import child_env, crawl_command

    url = "postgresql+psycopg://user:S3CRET@db.example/news"
    cmd = crawl_command(
        "cnr", db_url=url, log_file=tmp_path / "l", report=tmp_path / "r", timeout_s=60, max_errors=1
    )
    assert not any("S3CRET" in a or "NEWS_DB_URL" in a for a in cmd), cmd
    env = child_env(url)
    assert env["NEWS_DB_URL"] == url
    # the crawl reads it from there: Scrapy's view of the setting in a child with that environment
    got = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", "NEWS_DB_URL"],
        cwd=ROOT,
        env={**project_env(), "NEWS_DB_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert got.stdout.strip() == url


def test_cron_bad_url_error_hides_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = _run(capsys, "cron", "--db", "postgresql://u:PW123@h:notaport/x")
    assert rc == 2
    assert "PW123" not in out + err
    assert "u:***@h" in err


def test_safe_url_hides_passwords_in_unparsable_urls() -> None:
    from pipelines.db.engine import hide_password, safe_url

    assert "PW" not in safe_url("postgresql://u:PW@h:notaport/x")
    assert hide_password("cannot parse 'mysql://root:PW@x/y'") == "cannot parse 'mysql://root:***@x/y'"


# --- 2. a '#' in a SQLite file name ------------------------------------------------------------------


def test_hash_in_sqlite_file_name_opens_that_file_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "we#ird?.db"
    build_db(path)[1].dispose()
    before = sorted(os.listdir(tmp_path))
    rc, out, err = _run(capsys, "search", "托育", "--db", str(path), "--format", "json")
    assert rc == 0, err
    assert "托育" in out
    assert sorted(os.listdir(tmp_path)) == before  # no cut-off file "we", no -wal/-shm


def test_readonly_uri_is_percent_encoded() -> None:
    from pipelines.db.sqlite_uri import readonly_uri

    uri = readonly_uri("/x/we#ird?%.db", writable=False)
    assert uri == "file:/x/we%23ird%3F%25.db?mode=ro&immutable=1"
    assert readonly_uri("/x/a.db", writable=True).endswith("?mode=rw")


# --- 3. the cron lock follows the real file -----------------------------------------------------------


def test_cron_lock_follows_symlinks(tmp_path: Path) -> None:
    from pipelines.cron.lock import LockHeld, default_lock_path, run_lock

    real = tmp_path / "news.db"
    real.touch()
    (tmp_path / "alias.db").symlink_to(real)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "news.db").symlink_to(real)
    a = default_lock_path(f"sqlite:///{real}", tmp_path)
    for alias in (tmp_path / "alias.db", tmp_path / "elsewhere" / "news.db"):
        assert default_lock_path(f"sqlite:///{alias}", tmp_path) == a
        with (
            run_lock(a),
            pytest.raises(LockHeld),
            run_lock(default_lock_path(f"sqlite:///{alias}", tmp_path)),
        ):
            pass
    # a lock path that is itself a symbolic link locks the file it names
    (tmp_path / "link.lock").symlink_to(a)
    with run_lock(a), pytest.raises(LockHeld), run_lock(tmp_path / "link.lock"):
        pass


# --- 4. read-only queries leave no files and work on read-only folders; caches and telemetry ---------


def test_queries_leave_no_wal_or_shm(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["search", "托育"], ["orgs"], ["runs"], ["export", "--limit", "1"]):
        rc, _, err = _run(capsys, *argv, "--db", str(db))
        assert rc == 0, (argv, err)
        assert sorted(os.listdir(db.parent)) == ["news.db"], argv


def test_reader_cannot_write(db: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from pipelines.db.engine import make_readonly_engine

    engine = make_readonly_engine(str(db))
    try:
        with engine.connect() as conn, pytest.raises(OperationalError):
            conn.execute(text("DELETE FROM articles"))
    finally:
        engine.dispose()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_query_on_read_only_folder_and_file(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = db.parent
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        rc, out, err = _run(capsys, "search", "托育", "--db", str(db), "--format", "json")
        assert rc == 0, err
        assert "托育" in out
        assert sorted(os.listdir(folder)) == ["news.db"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_read_only_media_uri_needs_no_files(db: Path) -> None:
    """What a user who cannot write the folder gets (root can write anywhere, so asked directly)."""
    from pipelines.db.sqlite_uri import readonly_uri

    conn = sqlite3.connect(readonly_uri(db, writable=False), uri=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    conn.close()
    assert sorted(os.listdir(db.parent)) == ["news.db"]


_PROBE = """
import importlib.util
import sys
if importlib.util.find_spec("onnxruntime") is not None:  # the [bench] extra (LAC tagger)
    from pipelines.privacy import quiet_onnxruntime
    quiet_onnxruntime()
import os
from pipelines.entities.jieba_tables import load_tables, quiet_jieba
from pipelines.db.fts import word_tokens
from pipelines.entities import extract_entities
load_tables()
assert word_tokens("托育服务宣传月")
assert extract_entities("国家卫生健康委员会今天在济南举办托育服务宣传月活动。")[0]
cache = os.path.join(os.environ["XDG_CACHE_HOME"], "cnr-news")
print("written before jieba:", sorted(os.listdir(cache)) if os.path.isdir(cache) else [])
quiet_jieba().dt.check_initialized()  # the legacy recogniser's jieba (POS tags) builds its cache
"""


def test_no_telemetry_and_jieba_cache_is_private(tmp_path: Path) -> None:
    home, tmp, cache = tmp_path / "home", tmp_path / "tmp", tmp_path / "xdg"
    for d in (home, tmp):
        d.mkdir()
    planted = tmp / "jieba.cache"
    planted.write_bytes(b"planted by another user")
    env = project_env("XDG_CACHE_HOME", HOME=str(home), TMPDIR=str(tmp), XDG_CACHE_HOME=str(cache))
    env.pop("ORT_DISABLE_TELEMETRY", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    # the entity step and the index segment with jieba-rs and read jieba's dictionary file: no cache
    assert "written before jieba: []" in done.stdout
    assert list(home.rglob("*")) == []  # no ~/.cache/Microsoft/… device id or event queue
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]  # no .ses; planted file untouched
    assert planted.read_bytes() == b"planted by another user"
    private = cache / "cnr-news"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert (private / "jieba.cache").stat().st_size > 1_000_000


# --- 8. size caps ---------------------------------------------------------------------------------------


def _big_page(target_bytes: int) -> bytes:
    parts, size, n = [], 0, 0
    while size < target_bytes:
        p = f"<p>第{n}段：国家卫生健康委员会于2025年5月{n % 28 + 1}日在济南举办托育服务宣传月活动，编号{n * 7919}。</p>\n"
        parts.append(p)
        size += len(p.encode())
        n += 1
    head = "<html><head><meta charset='utf-8'><title>大页面</title></head><body><h1>大页面</h1><div>"
    return (head + "".join(parts) + "</div></body></html>").encode()


def test_9mb_article_page_body_is_capped() -> None:
    """A 9 MB page (under the 10 MB download limit) reaches the costly steps cut to the cap (timing:
    benchmarks/hardening.py)."""
    from crawler.pages import page_object_for
    from pipelines.guard import DEFAULT_MAX_BODY_CHARS
    from pipelines.guard import apply_to_item as guard

    html = _big_page(9_000_000)
    url = "https://news.example.com/a/1.html"
    item = page_object_for(url, html).parse(url, html)
    assert len(item.body) > 1_000_000  # what the item pipelines used to get
    done = guard(item)
    assert done["body_cut"] == 1
    assert DEFAULT_MAX_BODY_CHARS - 200 < len(item.body) <= DEFAULT_MAX_BODY_CHARS
    assert item.paragraphs[0].startswith("第0段")


def test_body_cap_is_a_setting_counted_in_stats() -> None:
    from scrapy.utils.test import get_crawler

    from crawler.items import ArticleItem
    from pipelines.guard.pipeline import ItemGuardPipeline

    crawler = get_crawler(settings_dict={"NEWS_MAX_BODY_CHARS": 50})
    crawler.stats.open_spider()
    pipe = ItemGuardPipeline.from_crawler(crawler)
    item = ArticleItem(url="u", canonical_url="u", site="s", key="k", title="t")
    item.paragraphs = ["一" * 30, "二" * 30, "三" * 30]
    pipe.process_item(item)
    assert item.paragraphs == ["一" * 30, "二" * 19] and len(item.body) == 50
    assert crawler.stats.get_value("news/guard/body_cut") == 1
    from crawler import settings

    assert settings.ITEM_PIPELINES["pipelines.guard.pipeline.ItemGuardPipeline"] < min(
        v for k, v in settings.ITEM_PIPELINES.items() if "guard" not in k
    )


def test_extract_refuses_oversized_input_and_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    big = tmp_path / "big.html"
    with open(big, "wb") as f:
        f.truncate(11 * 1024 * 1024)  # a sparse 11 MB file: nothing is read
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    rc, out, err = _run(capsys, "extract", str(big), str(fifo))
    assert rc == 1
    errors = [json.loads(line)["error"] for line in out.splitlines()]
    assert "too large" in errors[0] and "--max-bytes" in errors[0]
    assert "not a regular file (a FIFO)" in errors[1]
    small = tmp_path / "a.txt"
    small.write_text("第一段。\n" * 100, encoding="utf-8")
    rc, out, _ = _run(capsys, "extract", str(small), "--max-bytes", "100")
    assert rc == 1 and "too large" in json.loads(out)["error"]


# --- 9. hostile text: control characters and CSV formulas ----------------------------------------------


HOSTILE_CHANNEL = "要闻\x1b]0;owned\x07\x1b[2J"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/","点我")'


def test_control_characters_removed_where_fields_enter_the_item() -> None:
    from crawler.items import ArticleItem
    from pipelines.chain import process_article

    item = ArticleItem(url="u", canonical_url="u", site="s", key="k", title="标题\x07")
    item.channel = HOSTILE_CHANNEL
    item.authors = ["张三\x1b[1m"]
    item.paragraphs = ["正文\x1b[31m第一段。", "第二段\x08。"]
    process_article(item)
    for v in (item.title, item.channel, *item.authors, item.body):
        assert not any(c in v for c in "\x1b\x07\x08"), repr(v)
    assert item.channel == "要闻]0;owned[2J"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A database written before the guard existed: raw ESC/BEL in the channel, a formula title."""
    path = tmp_path / "hostile.db"
    build_db(path)[1].dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET channel = ?, title = ? WHERE id = 1", (HOSTILE_CHANNEL, HOSTILE_TITLE))
    conn.commit()
    conn.close()
    return path


def test_show_and_tables_print_no_terminal_controls(
    hostile_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["show", "1"], ["export", "--format", "csv"], ["show", "1", "--format", "csv"]):
        rc, out, err = _run(capsys, *argv, "--db", str(hostile_db))
        assert rc == 0, err
        assert "\x1b" not in out and "\x07" not in out, argv
    rc, out, _ = _run(capsys, "show", "1", "--db", str(hostile_db))
    assert "要闻␛]0;owned␇␛[2J" in out  # shown, harmlessly


def test_csv_export_neutralises_formulas(hostile_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    rc, out, _ = _run(capsys, "export", "--format", "csv", "--db", str(hostile_db))
    assert rc == 0
    titles = [r["title"] for r in csv.DictReader(io.StringIO(out))]
    assert "'" + HOSTILE_TITLE in titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)


def test_output_layer_units() -> None:
    from pipelines.cli.output import csv_cell, terminal_safe

    assert terminal_safe("a\x1b[31mb\x07\r\u202e") == "a␛[31mb␇␍\ufffd"
    assert (
        terminal_safe("x\x1b[1;31mhit\x1b[0m\x1b", keep=("\x1b[1;31m", "\x1b[0m")) == "x\x1b[1;31mhit\x1b[0m␛"
    )
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "ok", 3, None)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "ok",
        3,
        None,
    ]


# --- 10. bad input: one message, exit 2 -----------------------------------------------------------------


BAD_QUERY_ARGS = [
    ["search", "托育", "--since", "0001-01-01"],
    ["search", "托育", "--until", "9999-12-31"],
    ["orgs", "--until", "9999-12"],
    ["events", "--between", "0001-01-01", "9999-12-31"],
    ["show", "99999999999999999999"],
    ["search", "x", "--limit", "99999999999999999999"],
    ["runs", "--limit", "9223372036854775808"],
    ["timeline", "\udced\udca0\udc80"],  # what Python makes of the bytes ED A0 80 on a command line
    ["show", "\udcff"],
    ["search", "托育", "--site", "\udcff"],
    ["search", "x", "--db", "nosuch://x"],
    ["orgs", "--db", "nosuch://x"],
    ["export", "--db", "nosuch://x"],
    ["runs", "--db", "mysql://u:PW@h/x"],
]


@pytest.mark.parametrize(
    "argv", BAD_QUERY_ARGS, ids=lambda a: " ".join(a).encode("utf-8", "replace").decode()
)
def test_bad_query_arguments_exit_2_with_a_message(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    has_db = "--db" in argv
    rc, out, err = _run(capsys, *argv, *([] if has_db else ["--db", str(db)]))
    assert rc == 2
    assert err.startswith(f"cnr-news {argv[0]}: argument ") and err.count("\n") == 1, err  # one line
    assert "PW" not in err


@pytest.mark.parametrize("target", ["adir", "nodir/x.jsonl", "/dev/full"])
def test_export_to_an_unwritable_place(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    (tmp_path / "adir").mkdir()
    path = target if target.startswith("/") else str(tmp_path / target)
    if not os.path.exists("/dev/full") and target == "/dev/full":
        pytest.skip("no /dev/full")
    rc, out, err = _run(capsys, "export", "-o", path, "--db", str(db))
    assert rc == 2
    assert err.startswith("cnr-news export: cannot write") and err.count("\n") == 1


def test_stdout_on_a_full_disk(db: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pipelines", "search", "托育", "--db", str(db)],
            cwd=ROOT,
            env=project_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == "cnr-news search: cannot write the output: No space left on device"


@pytest.mark.parametrize(
    "argv", [["--timeout", "nan"], ["--timeout", "inf"], ["--kill-after", "inf"], ["--db", "nosuch://x"]]
)
def test_cron_bad_numbers_and_urls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    rc, _, err = _run(capsys, "cron", *argv, "--log-dir", str(tmp_path / "logs"))
    assert rc == 2
    assert "Traceback" not in err and argv[0] in err


# --- 6. a killed run's counts come from what it committed --------------------------------------------


def test_killed_run_gets_its_committed_counts(db_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy.orm import Session
    from test_query_data import make_item

    from crawler.items import RawPage
    from pipelines.db.engine import make_engine
    from pipelines.db.models import CrawlRun
    from pipelines.db.run_recorder import mark_interrupted
    from pipelines.db.store import upsert_article

    engine = make_engine(db_url)  # SQLite and PostgreSQL
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    t0 = datetime.now(UTC) - timedelta(minutes=10)
    with Session(engine) as s, s.begin():
        old = make_item(100, "旧文章", ["旧的正文。"], None)
        old.raw_pages = [
            RawPage(
                url=old.url, status=200, headers={}, body=b"<p>old</p>", fetched_at=t0 - timedelta(days=1)
            )
        ]
        upsert_article(s, old)
        s.add(CrawlRun(spider="cnr", pid=int(dead.stdout), started_at=t0, status="running", stats={}))
    last = t0
    with Session(engine) as s, s.begin():  # what the killed run committed before its end
        for n in range(35):
            last = t0 + timedelta(seconds=n + 1)
            item = make_item(n, f"标题{n}", [f"第{n}篇的正文。"], None)
            item.raw_pages = [
                RawPage(url=item.url, status=200, headers={}, body=b"<p>x</p>", fetched_at=last)
            ]
            upsert_article(s, item)
    with Session(engine) as s, s.begin():
        assert mark_interrupted(s) == [1]
    with Session(engine) as s:
        run = s.get(CrawlRun, 1)
        assert run is not None
        assert (run.status, run.new, run.updated, run.items, run.pages) == ("interrupted", 35, 0, 35, 35)
        assert run.finished_at == last
    engine.dispose()


# --- 5. reprocess: bad limits, foreign databases, unreadable ones, Ctrl-C ------------------------------


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_reprocess_refuses_non_positive_limits(
    db: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    rc, _, err = _run(capsys, "reprocess", "--db", str(db), "--limit", limit, "--no-progress")
    assert rc == 2 and "--limit" in err


def test_reprocess_refuses_a_foreign_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)  # a SQLite file / PostgreSQL database of some other program
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (x TEXT)"))
    engine.dispose()
    db = db_url.removeprefix("sqlite:///")  # a SQLite file by its path, as users give it
    rc, _, err = _run(capsys, "reprocess", "--db", db, "--no-progress")
    assert rc == 2 and "not a cnr-news database" in err
    engine = create_engine(db_url)
    try:
        assert inspect(engine).get_table_names() == ["notes"]  # no schema added
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["text file", "folder", "unreachable server"])
def test_reprocess_unreadable_database_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    if kind == "text file":
        target = tmp_path / "notes.db"
        target.write_text("hello\n")
        db = str(target)
    elif kind == "folder":
        (tmp_path / "dir.db").mkdir()
        db = str(tmp_path / "dir.db")
    else:
        pytest.importorskip("psycopg")
        db = "postgresql+psycopg://u:PW@127.0.0.1:1/x?connect_timeout=2"
    rc, _, err = _run(capsys, "reprocess", "--db", db, "--no-progress")
    assert rc == 2, err
    assert err.startswith("cnr-news reprocess: ") and err.count("\n") == 1, err
    assert "PW" not in err


def test_reprocess_ctrl_c_keeps_what_was_done(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session
    from test_reprocess import _items

    import pipelines.reprocess as rp
    from pipelines.db.engine import make_engine
    from pipelines.db.store import upsert_article

    url = db_url  # SQLite and PostgreSQL
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        for it in _items():
            upsert_article(s, it)
    engine.dispose()
    real = rp.parse_stored
    calls = []

    def parse_then_ctrl_c(pages, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(pages, **kwargs)

    monkeypatch.setattr(rp, "parse_stored", parse_then_ctrl_c)
    rc, _, err = _run(capsys, "reprocess", "--db", url, "--no-progress")
    assert rc == 130
    assert err.count("\n") == 1 and "interrupted; 1 articles re-processed and kept" in err, err
