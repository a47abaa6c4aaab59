"""The query commands (search, show, orgs, timeline, events, export, runs) end to end via the CLI."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_query_data import SEED_LIKE_TITLE, build_db, make_item

from pipelines.cli import main
from pipelines.db import query as queries
from pipelines.db.engine import make_readonly_engine, make_session_factory
from pipelines.db.models import CrawlRun


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("q") / "news.db"
    url, engine = build_db(path)
    now = datetime.now(UTC)
    with make_session_factory(engine)() as s, s.begin():
        s.add_all(
            [
                CrawlRun(
                    spider="cnr",
                    started_at=now - timedelta(hours=5),
                    finished_at=now - timedelta(hours=4, minutes=50),
                    status="finished",
                    new=5,
                    items=5,
                ),
                CrawlRun(
                    spider="cnr",
                    started_at=now - timedelta(hours=1),
                    finished_at=now - timedelta(minutes=59),
                    status="failed",
                    finish_reason="site unreachable",
                    errors=3,
                ),
            ]
        )
    engine.dispose()
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def run_json(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> list[dict]:
    rc, out, err = run(capsys, *argv, "--db", db, "--format", "json")
    assert rc == 0, err
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_search_finds_the_seed_like_article_with_snippet(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, db, "search", "托育")
    assert rows[0]["title"] == SEED_LIKE_TITLE
    assert "【托育】" in rows[0]["snippet"]
    assert [r["id"] for r in rows] == [1, 2]
    rc, out, _ = run(capsys, "search", "托育", "--db", db)
    assert rc == 0 and SEED_LIKE_TITLE in out and "【托育】" in out  # not a tty: brackets, no ANSI


def test_search_filters(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert [r["id"] for r in run_json(capsys, db, "search", "济南", "--site", "news.cn")] == [4]
    assert [r["id"] for r in run_json(capsys, db, "search", "托育", "--since", "2025-05-01")] == [1]
    assert [r["id"] for r in run_json(capsys, db, "search", "托育", "--until", "2025-02-20")] == [2]
    assert [r["id"] for r in run_json(capsys, db, "search", "济南", "--org", "济南市儿童医院")] == [1]
    assert [r["id"] for r in run_json(capsys, db, "search", "济南", "--org", "济南市卫健委")] in (
        [1, 4],
        [4, 1],
    )
    assert len(run_json(capsys, db, "search", "济南", "--limit", "1")) == 1


def test_events_between(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, db, "events", "--between", "2025-05-15", "2025-06-15")
    assert {r["id"] for r in rows} == {1, 4}
    seed = next(r for r in rows if r["id"] == 1)
    assert {"5月23日", "2025年5月15日—6月15日"} <= {m["text"] for m in seed["mentions"]}
    assert all(m["value_start"] <= "2025-06-15" and m["value_end"] >= "2025-05-15" for m in seed["mentions"])
    assert {r["id"] for r in run_json(capsys, db, "events", "--between", "2024-03-01", "2024-03-31")} == {3}
    rc, _, err = run(capsys, "events", "--between", "2025-06-15", "2025-05-15", "--db", db)
    assert rc == 2 and "before" in err


def test_events_contained_excludes_whole_year_mentions(tmp_path: Path) -> None:
    items = [
        make_item(
            1,
            "年度计划",
            ["今年将新建托育机构。"],
            None,
            dates=[("今年", "2025-01-01", "2025-12-31", "year")],
        ),
        make_item(
            2,
            "启动仪式",
            ["6月1日举行启动仪式。"],
            None,
            dates=[("6月1日", "2025-06-01", "2025-06-01", "day")],
        ),
    ]
    url, _ = build_db(tmp_path / "e.db", items)
    with make_readonly_engine(url).connect() as conn:
        d1, d2 = date(2025, 5, 15), date(2025, 6, 15)
        assert [r["id"] for r in queries.events(conn, d1, d2)] == [2, 1]  # the precise mention first
        assert [r["id"] for r in queries.events(conn, d1, d2, contained=True)] == [2]


def test_events_finds_long_periods_starting_long_before(tmp_path: Path) -> None:
    items = [
        make_item(
            1,
            "十年回顾",
            ["2015年至2025年，全市新建学校100所。"],
            None,
            dates=[("2015年至2025年", "2015-01-01", "2025-12-31", "range")],
        ),
        make_item(
            2,
            "年度计划",
            ["2019年全市新建学校10所。"],
            None,
            dates=[("2019年", "2019-01-01", "2019-12-31", "year")],
        ),
        make_item(
            3,
            "开学",
            ["2020年9月1日开学。"],
            None,
            dates=[("2020年9月1日", "2020-09-01", "2020-09-01", "day")],
        ),
    ]
    url, _ = build_db(tmp_path / "long.db", items)
    with make_readonly_engine(url).connect() as conn:
        got = [r["id"] for r in queries.events(conn, date(2020, 8, 15), date(2020, 9, 15))]
        assert got == [3, 1]  # the day first, the ten-year range found although it starts in 2015
        assert [r["id"] for r in queries.events(conn, date(2019, 6, 1), date(2019, 6, 30))] == [2, 1]
        assert [r["id"] for r in queries.events(conn, date(2026, 1, 1), date(2026, 2, 1))] == []


def test_orgs_timeline_and_show_agree(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    orgs = run_json(capsys, db, "orgs", "--limit", "100")
    assert orgs[0]["name"] == "济南市卫生健康委员会" and orgs[0]["articles"] == 2
    shows = [run_json(capsys, db, "show", str(i))[0] for i in range(1, 6)]
    for o in orgs:
        in_show = [a for a in shows if any(x["name"] == o["name"] for x in a["organizations"])]
        assert len(in_show) == o["articles"]
        assert (
            sum(x["mentions"] for a in in_show for x in a["organizations"] if x["name"] == o["name"])
            == o["mentions"]
        )
        tl = run_json(capsys, db, "timeline", o["name"])
        assert sum(m["articles"] for m in tl) == o["articles"]
        assert sum(m["mentions"] for m in tl) == o["mentions"]
    tl = run_json(capsys, db, "timeline", "济南市卫健委")  # by alias
    assert [(m["month"], m["articles"], m["mentions"]) for m in tl] == [("2025-04", 1, 1), ("2025-05", 1, 3)]


def test_orgs_like_and_filters(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    names = {
        o["name"] for o in run_json(capsys, db, "orgs", "--like", "卫健")
    }  # alias 国家卫健委 / 济南市卫健委
    assert names == {"济南市卫生健康委员会", "国家卫生健康委员会"}
    assert [
        o["name"] for o in run_json(capsys, db, "orgs", "--like", "%")
    ] == []  # a literal %, not a wildcard
    co = run_json(capsys, db, "orgs", "--org", "国家卫生健康委员会")
    assert {o["name"] for o in co} == {"国家卫生健康委员会", "济南市卫生健康委员会"}
    assert {o["name"] for o in run_json(capsys, db, "orgs", "--since", "2025-05-01")} == {
        "济南市卫生健康委员会",
        "济南市儿童医院",
    }


def test_timeline_table_is_a_bar_chart(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "timeline", "济南市卫生健康委员会", "--db", db)
    assert rc == 0
    lines = out.splitlines()
    assert lines[1].startswith("2025-04") and lines[2].startswith("2025-05")
    assert lines[2].count("█") == 40 and 0 < lines[1].count("█") < 40
    rc, out, _ = run(capsys, "timeline", "济南市卫生健康委员会", "--db", db, "--format", "csv")
    assert list(csv.DictReader(io.StringIO(out)))[1] == {
        "month": "2025-05",
        "stories": "1",
        "articles": "1",
        "mentions": "3",
    }
    rc, _, err = run(capsys, "timeline", "不存在的机构", "--db", db)
    assert rc == 1 and "orgs --like" in err


def test_show_by_id_and_url(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    art = run_json(capsys, db, "show", "1")[0]
    assert {o["name"] for o in art["organizations"]} == {"济南市卫生健康委员会", "济南市儿童医院"}
    assert art["persons"] == [{"name": "李明", "mentions": 1}]
    assert ("2025-05-15", "2025-06-15") in {(d["value_start"], d["value_end"]) for d in art["dates"]}
    by_url = run_json(capsys, db, "show", art["url"])[0]
    assert by_url["id"] == 1
    rc, out, _ = run(capsys, "show", "1", "--db", db)
    assert rc == 0 and "济南市卫生健康委员会  ×3  (济南市卫健委)" in out and "李明" in out
    rc, _, err = run(capsys, "show", "999", "--db", db)
    assert rc == 1 and "no article" in err


def test_export_jsonl_csv_json(db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, _ = run(capsys, "export", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rc == 0 and [r["id"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["organizations"] == ["济南市卫生健康委员会", "济南市儿童医院"]
    assert rows[0]["dates"][0] == {
        "text": "5月23日",
        "value_start": "2025-05-23",
        "value_end": "2025-05-23",
        "granularity": "day",
    }
    target = tmp_path / "out.csv"
    rc, _, _ = run(capsys, "export", "--db", db, "--format", "csv", "--site", "news.cn", "-o", str(target))
    got = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["id"] for r in got] == ["4", "5"] and got[0][
        "organizations"
    ] == "国家卫生健康委员会; 济南市卫生健康委员会"
    assert len(run_json(capsys, db, "export", "--limit", "2")) == 2


def test_runs_with_last_success_age(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, db, "runs")
    assert [r["status"] for r in rows] == ["failed", "finished"]
    assert rows[0]["finish_reason"] == "site unreachable"
    rc, out, _ = run(capsys, "runs", "--db", db)
    assert rc == 0 and "last successful run: #1 (cnr) finished 4 h 50 min ago" in out


def test_csv_output(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "orgs", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0 and rows[0]["name"] == "济南市卫生健康委员会" and rows[0]["articles"] == "2"


def test_missing_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in (
        ["search", "托育"],
        ["show", "1"],
        ["orgs"],
        ["timeline", "x"],
        ["events", "--between", "2025-01-01", "2025-01-02"],
        ["export"],
        ["runs"],
    ):
        rc, out, err = run(capsys, *cmd, "--db", str(tmp_path / "absent.db"))
        assert rc == 2 and "no database" in err and out == ""
    assert not (tmp_path / "absent.db").exists()


def test_bad_dates_and_limits(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "托育", "--since", "yesterday", "--db", db)[0] == 2
    assert run(capsys, "events", "--between", "2025-13-01", "2025-12-01", "--db", db)[0] == 2
    assert run(capsys, "orgs", "--limit", "0", "--db", db)[0] == 2


INJECTIONS = [
    "' OR '1'='1",
    '" OR 1=1 --',
    "x'; DROP TABLE articles; --",
    "%",
    "_",
    "托育' UNION SELECT id, title FROM articles --",
    "1) OR (1=1",
    "* NEAR(托育 济南) NOT",
    "\\",
]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_through_every_option(db: str, capsys: pytest.CaptureFixture[str], evil: str) -> None:
    path = db.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    schema_before = con.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    counts_before = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    cases = [
        ["search", evil],
        ["search", "托育", "--site", evil],
        ["search", "托育", "--org", evil],
        ["show", evil],
        ["orgs", "--like", evil],
        ["orgs", "--site", evil],
        ["timeline", evil],
        ["events", "--between", "2025-01-01", "2025-12-31", "--site", evil],
        ["export", "--site", evil],
        ["runs", "--site", evil],
        ["search", "托育", "--about", evil],
        ["orgs", "--about", evil],
        ["timeline", "济南市卫生健康委员会", "--about", evil],
        ["events", "--between", "2025-01-01", "2025-12-31", "--about", evil],
        ["export", "--about", evil],
    ]
    for argv in cases:
        rc, out, err = run(capsys, *argv, "--db", db, "--format", "json" if argv[0] != "export" else "jsonl")
        assert rc in (0, 1, 2), (argv, err)
        assert "Traceback" not in err
        if rc == 0 and argv[0] != "export":
            data = json.loads(out)
            assert isinstance(data, list)
            if argv[0] == "search" and argv[1] == evil:
                # the pieces of the string are searched as words; never "everything"
                assert len(data) < 5
            elif argv[0] != "orgs" or "--like" not in argv:
                assert data == [], argv
        if argv[0] == "export" and rc == 0:
            assert out == ""
    con = sqlite3.connect(path)
    assert con.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
    assert con.execute("SELECT count(*) FROM articles").fetchone() == counts_before
    con.close()


def test_queries_open_read_only(db: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with make_readonly_engine(db).connect() as conn, pytest.raises(OperationalError):
        conn.execute(text("DELETE FROM articles"))
