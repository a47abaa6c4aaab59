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
import sys
from pipelines.privacy import quiet_onnxruntime
quiet_onnxruntime()
from pipelines.entities.jieba_tables import load_tables
from pipelines.db.fts import word_tokens
load_tables()
assert word_tokens("托育服务宣传月")
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
    assert list(home.rglob("*")) == []  # no ~/.cache/Microsoft/… device id or event queue
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]  # no .ses; planted file untouched
    assert planted.read_bytes() == b"planted by another user"
    private = cache / "cnr-news"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert (private / "jieba.cache").stat().st_size > 1_000_000
