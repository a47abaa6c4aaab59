"""``--about TEXT`` (articles matching a full-text query) on every query command, and the
first/last publication day per organisation in ``orgs``: the headline question
"which organisations were in the news about 托育 in May 2025, and when"."""

from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from test_query_data import SH, build_db, make_item, sample_items

from pipelines.cli import main
from pipelines.db import fts, pg_search
from pipelines.db import query as queries
from pipelines.db.engine import make_readonly_engine
from tests.support.env import run_cnr_news

# the module (the package re-exports its function of the same name)
orgs_module = importlib.import_module("pipelines.db.query.orgs")

JINAN = "济南市卫生健康委员会"


def about_items() -> list:
    """The sample articles plus three 托育 stories around the end of May (Beijing time)."""
    more = [
        make_item(
            6,
            "济南启动托育机构评估",
            ["5月2日，济南市卫生健康委员会启动普惠托育机构质量评估。"],
            datetime(2025, 5, 2, 10, 0, tzinfo=SH),
            orgs={JINAN: [JINAN]},
        ),
        make_item(
            7,
            "托育服务行业协会成立",
            ["济南市婴幼儿托育服务行业协会成立，济南市卫生健康委员会到会祝贺。"],
            # 23:30 in Beijing is 15:30 UTC the same day: the day shown is the Beijing day
            datetime(2025, 5, 31, 23, 30, tzinfo=SH),
            orgs={JINAN: [JINAN], "济南市婴幼儿托育服务行业协会": ["济南市婴幼儿托育服务行业协会"]},
        ),
        make_item(
            8,
            "六一托育机构开放日",
            ["6月1日，济南市婴幼儿托育服务行业协会组织托育机构开放日。"],
            # 00:30 on 1 June in Beijing is still 31 May in UTC: outside --until 2025-05-31
            datetime(2025, 6, 1, 0, 30, tzinfo=SH),
            orgs={"济南市婴幼儿托育服务行业协会": ["济南市婴幼儿托育服务行业协会"]},
        ),
    ]
    return sample_items() + more


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:  # SQLite and PostgreSQL (tests/support/fixtures.py)
    url, engine = build_db(module_db_url, about_items())
    engine.dispose()
    return url


def run_json(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> list[dict]:
    rc = main([*argv, "--db", db, "--format", "json"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    return json.loads(out.out)


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {r["name"]: r for r in rows}


def test_orgs_about_keeps_only_organisations_of_matching_articles(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = by_name(run_json(capsys, db, "orgs", "--limit", "100"))
    assert {"北京市气象台", "国家卫生健康委员会"} <= set(everything)
    about = by_name(run_json(capsys, db, "orgs", "--about", "托育", "--limit", "100"))
    # articles 1, 6, 7, 8 say 托育 (article 2's 委托育儿 matches too, as in `search`: no org mentioned)
    assert set(about) == {JINAN, "济南市儿童医院", "济南市婴幼儿托育服务行业协会"}
    # 济南市卫健委 is also in the 18 April story on 婴幼儿照护 (no 托育): not counted here
    assert everything[JINAN]["articles"] == 4 and about[JINAN]["articles"] == 3
    assert (about[JINAN]["first_day"], about[JINAN]["last_day"]) == ("2025-05-02", "2025-05-31")
    assert (everything[JINAN]["first_day"], everything[JINAN]["last_day"]) == ("2025-04-18", "2025-05-31")


def test_headline_question_may_2025(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, db, "orgs", "--about", "托育", "--since", "2025-05-01", "--until", "2025-05-31")
    got = {r["name"]: (r["articles"], r["first_day"], r["last_day"]) for r in rows}
    assert got == {
        JINAN: (3, "2025-05-02", "2025-05-31"),
        "济南市儿童医院": (1, "2025-05-24", "2025-05-24"),
        # the 1 June (Beijing) story is outside May although it is 31 May in UTC
        "济南市婴幼儿托育服务行业协会": (1, "2025-05-31", "2025-05-31"),
    }
    assert rows[0]["name"] == JINAN  # ranked by articles
    rc = main(["orgs", "--about", "托育", "--since", "2025-05-01", "--until", "2025-05-31", "--db", db])
    table = capsys.readouterr().out
    assert rc == 0 and "first_day" in table.splitlines()[0] and "last_day" in table.splitlines()[0]
    assert any(JINAN in line and "2025-05-02" in line and "2025-05-31" in line for line in table.splitlines())


def test_days_without_publication_time_are_empty(db_url: str) -> None:
    items = [make_item(1, "托育", ["济南市卫生健康委员会谈托育。"], None, orgs={JINAN: [JINAN]})]
    url, engine = build_db(db_url, items)
    engine.dispose()
    with make_readonly_engine(url).connect() as conn:
        for f in (queries.Filters(), queries.Filters(about="托育")):
            [row] = queries.orgs(conn, f)
            assert (row["articles"], row["first_day"], row["last_day"]) == (1, None, None)


def test_unfiltered_and_filtered_spans_agree(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The code paths (in the filtered pass; afterwards for the top N, by reading their articles
    or by walking the publication-time index from either end) give the same days."""
    with make_readonly_engine(db).connect() as conn:
        wide = queries.orgs(conn, queries.Filters(since=queries.parse_since("2000-01-01")), limit=100)
        expected = [(r["name"], r["first_day"], r["last_day"]) for r in wide]
        assert len(expected) == 5 and all(r[1] for r in expected)
        walks: list[int] = []
        real_walk = orgs_module._walk_end

        def counting_walk(*args: object, **kw: object) -> object:
            got = real_walk(*args, **kw)  # type: ignore[arg-type]
            walks.append(got is not None)
            return got

        monkeypatch.setattr(orgs_module, "_walk_end", counting_walk)
        # a walk window of 1 article: found for the organisations of the newest/oldest article,
        # read for the others
        for factor in (10**6, 0):
            monkeypatch.setattr(orgs_module, "SPAN_WALK_FACTOR", factor)
            plain = queries.orgs(conn, limit=100)
            assert [(r["name"], r["first_day"], r["last_day"]) for r in plain] == expected, factor
        assert any(walks) and not all(walks)


def test_about_on_timeline_events_export_search(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    tl = run_json(capsys, db, "timeline", JINAN, "--about", "托育")
    assert [(m["month"], m["articles"]) for m in tl] == [("2025-05", 3)]
    assert [(m["month"], m["articles"]) for m in run_json(capsys, db, "timeline", JINAN)] == [
        ("2025-04", 1),
        ("2025-05", 3),
    ]
    ev = run_json(capsys, db, "events", "--between", "2025-04-01", "2025-06-30", "--about", "托育")
    assert {r["id"] for r in ev} == {1}  # 4 mentions days in the period too, but not 托育
    ev_all = run_json(capsys, db, "events", "--between", "2025-04-01", "2025-06-30")
    assert {r["id"] for r in ev_all} == {1, 4}
    ex = run_json(capsys, db, "export", "--about", "托育 济南")
    assert [r["id"] for r in ex] == [1, 6, 7, 8]
    hits = run_json(capsys, db, "search", "济南", "--about", "托育")
    assert {r["id"] for r in hits} == {1, 6, 7, 8}
    rc = main(["orgs", "--about", "%", "--db", db])
    assert rc == 2 and "nothing searchable" in capsys.readouterr().err


def test_like_fallback_gives_the_same_answer(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the full-text index (SQLite without FTS5, a PostgreSQL database before migration
    0004) --about uses LIKE, with the same answer."""
    f_orgs = queries.Filters(about="托育", until=queries.parse_until("2025-05-31"))
    f_export = queries.Filters(about="托育服务 济南")
    with make_readonly_engine(db).connect() as a:
        assert fts.fts_exists(a) or pg_search.exists(a)
        indexed = (queries.orgs(a, f_orgs, limit=100), [r["id"] for r in queries.export(a, f_export)])
    if db.startswith("sqlite"):
        copy = tmp_path / "nofts.db"
        shutil.copy(db.removeprefix("sqlite:///"), copy)
        with sqlite3.connect(copy) as con:
            con.execute(f"DROP TABLE {fts.FTS_TABLE}")
        plain_url = f"sqlite:///{copy}"
    else:  # the same database, as if its search table were absent
        monkeypatch.setattr(pg_search, "exists", lambda conn: False)
        plain_url = db
    with make_readonly_engine(plain_url).connect() as b:
        assert not fts.fts_exists(b) and not pg_search.exists(b)
        plain = (queries.orgs(b, f_orgs, limit=100), [r["id"] for r in queries.export(b, f_export)])
    assert plain == indexed and indexed[1] == [1, 7, 8]


def test_demo_database_answers_the_headline_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cnr-news demo` into a fresh database, then the one command of the README's worked example."""
    path = tmp_path / "demo.db"
    done = run_cnr_news("demo", "--db", f"sqlite:///{path}", cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    db = f"sqlite:///{path}"
    rows = by_name(
        run_json(capsys, db, "orgs", "--about", "托育", "--since", "2025-05-01", "--until", "2025-05-31")
    )
    assert JINAN in rows and rows[JINAN]["last_day"] == "2025-05-24"
    assert all("2025-05-01" <= r["first_day"] <= r["last_day"] <= "2025-05-31" for r in rows.values())
    # a story of the same month that is not about 托育 brings none of its organisations
    may = by_name(
        run_json(capsys, db, "orgs", "--since", "2025-05-01", "--until", "2025-05-31", "--limit", "100")
    )
    assert len(may) > len(rows) and "中国气象局" in may and "中国气象局" not in rows
    tl = run_json(capsys, db, "timeline", JINAN, "--about", "托育")
    assert [m["month"] for m in tl] == ["2025-05"]


def test_one_query_finds_stories_in_either_script(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """醫院 and 医院 are one word to a reader: the index and the query read traditional Chinese as
    simplified (fts.normalize), so each finds both stories; the snippet shows the story's own text.
    Without the index, LIKE looks for the query as written, in simplified and in traditional script."""
    items = [
        make_item(
            1,
            "香港醫院增加病床",
            ["醫院管理局今日公布，明年將增加病床。"],
            datetime(2025, 5, 2, tzinfo=SH),
            orgs={"医院管理局": ["醫院管理局"]},
        ),
        make_item(
            2,
            "北京医院开设新门诊",
            ["北京医院今天开设新门诊，方便市民就医。"],
            datetime(2025, 5, 3, tzinfo=SH),
            orgs={"北京医院": ["北京医院"]},
        ),
        make_item(3, "济南托育服务", ["济南市卫健委举办托育服务宣传月。"], datetime(2025, 5, 4, tzinfo=SH)),
    ]
    url, engine = build_db(db_url, items)
    engine.dispose()
    with make_readonly_engine(url).connect() as conn:
        # a name asked for in either script: names are stored in simplified script, aliases as written
        beijing = queries.resolve_org(conn, "北京医院")
        assert beijing and queries.resolve_org(conn, "北京醫院") == beijing  # no story wrote 北京醫院
        assert queries.resolve_org(conn, "醫院管理局") == queries.resolve_org(conn, "医院管理局") != []
        assert queries.resolve_org(conn, "北京醫院管理處") == []
        assert [r["name"] for r in queries.orgs(conn, like="北京醫", limit=5)] == ["北京医院"]
        for query in ("医院", "醫院", "医院管理局"):
            found = {r["id"] for r in queries.search(conn, query, limit=10)}
            assert found == ({1, 2} if query != "医院管理局" else {1}), query
        snippet = next(r["snippet"] for r in queries.search(conn, "医院", limit=10) if r["id"] == 1)
        assert "【醫院】" in snippet  # the hit marked in the text as published
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
            con.execute(f"DROP TABLE {fts.FTS_TABLE}")
    else:
        monkeypatch.setattr(pg_search, "exists", lambda conn: False)
    with make_readonly_engine(url).connect() as conn:
        assert not fts.fts_exists(conn) and not pg_search.exists(conn)
        about = {
            q: {r["id"] for r in queries.export(conn, queries.Filters(about=q))} for q in ("醫院", "医院")
        }
        # as written, simplified and OpenCC's traditional forms: each finds both stories
        assert about == {"醫院": {1, 2}, "医院": {1, 2}}


def test_reindex_brings_an_index_of_the_last_scheme_up_to_date(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows indexed by the scheme before (traditional script as written) are stale on both backends:
    ``db reindex --check`` says so, ``db reindex`` writes them again, and the query finds the story."""
    from sqlalchemy import text

    from pipelines.db.engine import make_engine

    items = [
        make_item(1, "香港醫院增加病床", ["醫院管理局今日公布新措施。"], datetime(2025, 5, 2, tzinfo=SH))
    ]
    url, engine = build_db(db_url, items)
    with engine.begin() as conn:  # as the last scheme left it: other tokens, another digest
        if pg_search.is_postgres(conn):
            conn.execute(text(f"UPDATE {pg_search.TABLE} SET digest = 'scheme 1'"))
        else:
            conn.execute(text(f"UPDATE {fts.STATE_TABLE} SET scheme = 1"))
    engine.dispose()
    assert main(["db", "reindex", "--db", url, "--check"]) == 1
    assert "needs a rebuild" in capsys.readouterr().out
    assert main(["db", "reindex", "--db", url]) == 0
    assert "indexed 1 articles" in capsys.readouterr().out
    assert main(["db", "reindex", "--db", url, "--check"]) == 0
    with make_engine(url).connect() as conn:
        assert [r["id"] for r in queries.search(conn, "医院", limit=5)] == [1]
