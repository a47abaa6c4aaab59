"""Schema migrations (pipelines/db/schema.py, pipelines/db/migrations/): revision 0001 is exactly the
schema the code before Alembic made; head matches the models; a database made and filled by that
code is recognised, stamped 0001 and upgraded with every row intact; writers refuse a database that
is behind — on SQLite (batch mode) and on PostgreSQL (the ``pg`` fixture, tests/conftest.py)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from crawler.items import RawPage
from pipelines.cli import main as cnr_news
from pipelines.db import fts
from pipelines.db import query as queries
from pipelines.db.engine import make_engine, make_readonly_engine, make_session_factory
from pipelines.db.models import Article, CrawlRun, ListPage
from pipelines.db.schema import (
    SchemaError,
    SchemaOutOfDate,
    downgrade,
    head_revision,
    metadata_diff,
    schema_status,
    script_directory,
    upgrade,
)
from pipelines.db.store import reprocess_article, upsert_article
from tests.support.env import run_cnr_news
from tests.support.paths import ROOT
from tests.test_query_data import make_item, sample_items

REV0001: Any = script_directory().get_revision("0001").module  # type: ignore[union-attr]
SNAPSHOT = json.loads((ROOT / "tests" / "support" / "schema_0001.json").read_text("utf-8"))


def sqlite_url(tmp_path: Path, name: str = "news.db") -> str:
    return f"sqlite:///{tmp_path / name}"


@pytest.fixture()
def any_db(db_url: str) -> str:
    """A URL of a new, empty database: a SQLite file, or a database on the throw-away server (the
    suite's one parametrised ``db_url``, tests/support/fixtures.py)."""
    return db_url


# --- databases as the code before Alembic left them -------------------------------------------------------


def make_legacy(url: str, tmp_path: Path) -> Engine:
    """A database made and filled as the code before Alembic did: revision 0001's schema (the frozen
    DDL), no ``alembic_version``, every table with rows. The rows are what the store writes (five
    articles with pages, dates, organisations, people; a crawl run; a list page's validators),
    written to a scratch database and copied over column by column; on SQLite the full-text index is
    built as the old code kept it."""
    scratch = make_engine(sqlite_url(tmp_path, "scratch.db"))
    with make_session_factory(scratch)() as s, s.begin():
        now = datetime(2025, 5, 26, 8, 0, tzinfo=UTC)
        for item in sample_items():
            html = f"<html><title>{item.title}</title><body>{item.body}</body></html>".encode("gb18030")
            headers = {"Content-Type": "text/html; charset=gb2312"}
            item.raw_pages = [RawPage(item.url, 200, headers, html, now, encoding="gb2312")]
            upsert_article(s, item)
        s.add(CrawlRun(spider="cnr", pid=42, started_at=now, finished_at=now, status="finished", new=5))
        s.add(ListPage(url="https://sd.cnr.cn/gd/index.html", etag='"abc"', status=200, fetched_at=now))
    engine = make_engine(url, create=False)
    with scratch.connect() as src, engine.begin() as dst:
        REV0001.create(dst)
        for table in REV0001.meta.sorted_tables:
            rows = [dict(r._mapping) for r in src.execute(select(*table.columns))]
            assert rows, f"no rows for {table.name}: the test would prove nothing"
            dst.execute(table.insert(), rows)
            if dst.dialect.name == "postgresql" and "id" in table.c:  # ids were copied: move SERIALs on
                dst.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}"
                    )
                )
        if dst.dialect.name == "sqlite":
            assert fts.rebuild(dst) == 5
    scratch.dispose()
    with engine.connect() as conn:
        status = schema_status(conn)
        assert status.unversioned and not status.versioned
    return engine


def _head() -> str:
    """The newest revision shipped (the last of the numbered files)."""
    from pipelines.db import migrations

    versions = sorted((Path(migrations.__file__).parent / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return versions[-1].name[:4]


HEAD = _head()
# every revision after 0001, as `cnr-news db status` lists them
PENDING_AFTER_0001 = ", ".join(f"{n:04d}" for n in range(2, int(HEAD) + 1))


def every_row(conn: Connection) -> dict[str, list[tuple]]:
    """Every row of every revision-0001 table, in its 0001 columns, in primary-key order."""
    return {
        t.name: [tuple(r) for r in conn.execute(select(*t.columns).order_by(*t.primary_key.columns))]
        for t in REV0001.meta.sorted_tables
    }


# --- revision 0001 = the old schema; head = the models ------------------------------------------------------


def test_0001_creates_the_pre_alembic_schema_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path), create=False)
    assert upgrade(engine, "0001").after == "0001"
    engine.dispose()
    with sqlite3.connect(tmp_path / "news.db") as con:
        rows = sorted(
            list(r)
            for r in con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            if r[2] != "alembic_version"
        )
        rank = con.execute("SELECT v FROM articles_fts_config WHERE k = 'rank'").fetchone()
    assert rows == SNAPSHOT["sqlite"]  # byte for byte what make_engine + the middleware created
    assert rank == ("bm25(8.0, 4.0, 2.0, 1.0)",)


def test_0001_emits_the_pre_alembic_ddl_on_postgresql() -> None:
    from sqlalchemy import create_mock_engine

    emitted: list[str] = []
    mock = create_mock_engine(
        "postgresql+psycopg://",
        lambda sql, *a, **k: emitted.append(str(sql.compile(dialect=mock.dialect)).strip()),
    )
    REV0001.meta.create_all(mock, checkfirst=False)
    assert sorted(emitted) == sorted(SNAPSHOT["postgresql"])


def test_new_database_is_created_at_head(any_db: str) -> None:
    engine = make_engine(any_db)  # what a crawl, the demo or cron does with a new database
    with engine.connect() as conn:
        status = schema_status(conn)
        assert status.up_to_date and status.current == head_revision()
        assert metadata_diff(conn) == []  # the migrations build exactly the models
        cols = {c["name"] for c in inspect(conn).get_columns("articles")}
        assert "notes" in cols
    item = sample_items()[0]
    item.notes = {"pubtime:meta": 1, "generic:share_bar": 2}
    with make_session_factory(engine)() as s, s.begin():
        assert upsert_article(s, item) == "new"
    with Session(engine) as s:
        assert s.scalar(select(Article.notes)) == {"pubtime:meta": 1, "generic:share_bar": 2}
    engine.dispose()
    make_engine(any_db).dispose()  # opening it again: nothing to do


# --- a database of the old code, upgraded ---------------------------------------------------------------------


def test_pre_alembic_database_is_upgraded_with_every_row_intact(
    any_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_legacy(any_db, tmp_path)
    with engine.connect() as conn:
        before = every_row(conn)
    counts = {name: len(rows) for name, rows in before.items()}
    assert counts["articles"] == 5 and all(counts.values())
    with pytest.raises(SchemaOutOfDate, match=r"cnr-news db upgrade"):  # writers refuse it as it is
        make_engine(any_db)

    assert cnr_news(["db", "upgrade", "--db", any_db]) == 0
    out = capsys.readouterr().out
    assert f"stamped the pre-Alembic schema 0001, then upgraded 0001 -> {HEAD} (applied 0002" in out

    with engine.connect() as conn:
        after = every_row(conn)
        assert {name: len(rows) for name, rows in after.items()} == counts
        assert after == before  # every row of every table, every column, unchanged
        assert conn.execute(select(func.count()).where(Article.notes.is_(None))).scalar() == 5
        status = schema_status(conn)
        assert status.up_to_date and metadata_diff(conn) == []
        if conn.dialect.name == "sqlite":
            assert not fts.needs_rebuild(conn)
            assert [r["id"] for r in queries.search(conn, "托育", limit=10)][0] == 1
    engine.dispose()

    # the upgraded database is written as a new one: notes stored, by a crawl and by reprocess
    engine = make_engine(any_db)
    items = sample_items()
    items[0].notes = {"pubtime:meta": 1}
    new = make_item(99, "新的一篇", ["济南市托育服务。"], datetime(2025, 6, 1, tzinfo=UTC))
    new.notes = {"pubtime:meta": 1}
    with make_session_factory(engine)() as s, s.begin():
        assert upsert_article(s, new) == "new"
        old = s.scalar(select(Article).where(Article.key == items[0].key))
        assert old is not None and reprocess_article(s, old, items[0]) == "updated"  # only notes differ
    with Session(engine) as s:
        assert s.scalar(select(Article.notes).where(Article.key == new.key)) == {"pubtime:meta": 1}
        assert s.scalar(select(Article.notes).where(Article.key == items[0].key)) == {"pubtime:meta": 1}
        assert s.scalar(select(func.count()).select_from(Article)) == 6
    engine.dispose()
    assert cnr_news(["db", "upgrade", "--db", any_db]) == 0
    assert f"already at revision {HEAD} (head): nothing to do" in capsys.readouterr().out


def test_writers_refuse_a_database_behind_and_leave_it_alone(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    engine = make_engine(url, create=False)
    upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(SchemaOutOfDate) as err:
        make_engine(url)
    msg = str(err.value)
    assert "at schema revision 0001" in msg and f"run `cnr-news db upgrade --db {url}`" in msg
    assert "\n" not in msg
    with sqlite3.connect(tmp_path / "news.db") as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert "notes" not in {r[1] for r in con.execute("PRAGMA table_info(articles)")}


def test_a_database_ahead_of_the_code_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    make_engine(url).dispose()
    with sqlite3.connect(tmp_path / "news.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaError, match="newer than this cnr-news knows"):
        make_engine(url)
    assert cnr_news(["db", "upgrade", "--db", url]) == 1


def test_db_current_says_where_a_database_stands(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    proc = run_cnr_news("db", "current", "--db", url)
    assert proc.returncode == 1 and "no database at" in proc.stderr
    engine = make_engine(url, create=False)
    upgrade(engine, "0001")
    engine.dispose()
    proc = run_cnr_news("db", "status", "--db", url)
    assert proc.returncode == 1
    assert proc.stdout.strip() == (
        f"{url}: at schema revision 0001, behind this cnr-news (head {HEAD}; pending: {PENDING_AFTER_0001}): "
        f"run `cnr-news db upgrade --db {url}`"
    )
    proc = run_cnr_news("db", "upgrade", "--db", url)
    assert proc.returncode == 0
    assert proc.stdout.strip().startswith(f"{url}: upgraded 0001 -> {HEAD} (applied 0002")
    proc = run_cnr_news("db", "current", "--db", url)
    assert (
        proc.returncode == 0 and proc.stdout.strip() == f"{url}: schema at revision {HEAD} (head): up to date"
    )


def test_downgrade_in_batch_mode_keeps_every_row_on_sqlite(tmp_path: Path) -> None:
    # 0002's downgrade drops a column: on SQLite batch mode copies the articles table; with foreign
    # keys on, dropping the old copy would cascade to pages and mentions — they must all survive.
    url = sqlite_url(tmp_path)
    engine = make_legacy(url, tmp_path)
    with engine.connect() as conn:
        before = every_row(conn)
    upgrade(engine)
    assert downgrade(engine, "0001") == "0001"
    with engine.connect() as conn:
        assert every_row(conn) == before
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for this connection
    assert upgrade(engine).applied[0] == "0002" and upgrade(engine).after == HEAD
    engine.dispose()


def test_0006_adds_the_story_place_empty_until_reprocessed(any_db: str) -> None:
    from pipelines.reprocess import reprocess
    from tests.test_reprocess import _items

    item = _items()[0]  # the Jinan 托育 page of the CNR fixture site
    engine = make_engine(any_db)
    with Session(engine) as s, s.begin():
        upsert_article(s, item)
    assert downgrade(engine, "0005") == "0005"
    with engine.connect() as conn:
        assert "place_city" not in {c["name"] for c in inspect(conn).get_columns("articles")}
        before = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("articles", "pages", "mentions")
        }
    assert upgrade(engine).applied == ["0006"]
    place = select(Article.key, Article.place_province, Article.place_city, Article.place_county)
    with engine.connect() as conn:
        after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in before}
        assert after == before and before["mentions"] > 0  # every row kept
        assert conn.execute(place).all() == [(item.key, None, None, None)]  # unknown until re-read
        assert metadata_diff(conn) == []
    engine.dispose()
    assert reprocess(any_db) == {"updated": 1}
    engine = make_engine(any_db)
    with engine.connect() as conn:
        assert conn.execute(place).all() == [
            (item.key, item.place["province"], "济南市", item.place.get("county"))
        ]
    engine.dispose()


# --- crawl, cron and queries on a database that is behind ------------------------------------------------------


def test_crawl_refuses_a_database_behind(tmp_path: Path) -> None:
    from tests.test_store_crawl import MiniSite, crawl

    url = sqlite_url(tmp_path)
    make_legacy(url, tmp_path).dispose()
    site = MiniSite()
    site.articles = {1: "第一篇。"}
    report = tmp_path / "report.json"
    try:
        crawl(url, site.base, NEWS_RUN_REPORT=str(report))
    finally:
        site.close()
    rec = json.loads(report.read_text("utf-8"))
    assert (rec["status"], rec["problem"]) == ("failed", "db_unwritable")
    assert "made before schema versioning" in rec["error"] and "cnr-news db upgrade" in rec["error"]
    assert not [p for p in site.hits if p.startswith("/a/")]
    with sqlite3.connect(tmp_path / "news.db") as con:  # left as it was
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
        assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchall()


def test_cron_refuses_a_database_behind(tmp_path: Path) -> None:
    from pipelines.cron import outcome

    url = sqlite_url(tmp_path)
    make_legacy(url, tmp_path).dispose()
    proc = run_cnr_news("cron", "--db", url, "--log-dir", str(tmp_path / "logs"), timeout=120)
    assert proc.returncode == outcome.EXIT_DB
    assert "cnr-news db upgrade" in proc.stderr and "made before schema versioning" in proc.stderr


def test_query_commands_say_the_schema_is_behind(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    make_legacy(url, tmp_path).dispose()
    proc = run_cnr_news("show", "1", "--db", url)
    assert proc.returncode == 2
    assert "made before schema versioning" in proc.stderr and "cnr-news db upgrade" in proc.stderr
    assert "Traceback" not in proc.stderr
    with make_readonly_engine(url).connect() as conn:  # what does not need the new column still works
        assert queries.search(conn, "托育", limit=10)


# --- the PostgreSQL fixture itself -------------------------------------------------------------------------------


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_server_that_cannot_start_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]
) -> None:
    from tests.support import unavailable

    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no server here"):
        unavailable("PostgreSQL: no server here")


def test_processes_opening_a_new_database_at_once_create_it_once(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.support.env import project_env

    url = sqlite_url(tmp_path)
    start = time.time() + 3.0
    script = (
        "import sys, time\n"
        "from pipelines.db.engine import make_engine\n"
        "from pipelines.db.schema import head_revision\n"
        "head_revision()\n"  # everything loaded: the processes really race on the database
        "while time.time() < float(sys.argv[2]): time.sleep(0.005)\n"
        "make_engine(sys.argv[1]).dispose()\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(start)],
            cwd=ROOT,
            env=project_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
    with sqlite3.connect(tmp_path / "news.db") as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    engine = make_engine(url)
    with engine.connect() as conn:
        assert metadata_diff(conn) == []
    engine.dispose()


def test_switching_a_new_database_to_wal_waits_out_another_process() -> None:
    """SQLite answers "database is locked" at once, without its busy timeout, to ``journal_mode=WAL``
    while another process opens the same new file: the switch is tried again until the timeout."""
    import sqlite3

    from pipelines.db.engine import _set_wal

    class Cursor:
        def __init__(self, failures: int) -> None:
            self.failures = failures
            self.tries = 0

        def execute(self, sql: str) -> None:
            self.tries += 1
            if self.tries <= self.failures:
                raise sqlite3.OperationalError("database is locked")

    cur = Cursor(failures=3)
    _set_wal(cur, timeout_s=5.0)
    assert cur.tries == 4
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _set_wal(Cursor(failures=10**6), timeout_s=0.2)  # still locked at the deadline: the error


def test_a_wal_switch_error_other_than_a_lock_is_not_retried() -> None:
    import sqlite3

    from pipelines.db.engine import _set_wal

    class Cursor:
        tries = 0

        def execute(self, sql: str) -> None:
            Cursor.tries += 1
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _set_wal(Cursor(), timeout_s=5.0)
    assert Cursor.tries == 1
