"""The Datasette metadata matches a real database; its canned queries run and answer correctly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_query_data import build_db

from pipelines.datasette import METADATA_PATH, check_metadata, load_metadata, main, query_params

SAMPLE_PARAMS = {
    "search_phrase": {"term": "卫生健康"},
    "organisations_of_the_month": {"month": "2025-05"},
    "articles_mentioning_org": {"org": "济南市卫健委"},
    "events_between": {"start": "2025-05-15", "end": "2025-06-15"},
    "story_copies": {"story": "1"},
    "last_runs": {},
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ds") / "news.db"
    _, engine = build_db(path)
    engine.dispose()
    return path


@pytest.fixture
def con(db_path: Path) -> sqlite3.Connection:
    c = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    yield c
    c.close()


def test_metadata_names_only_what_exists(con: sqlite3.Connection) -> None:
    meta = load_metadata()
    assert check_metadata(meta, con) == []
    tables = meta["databases"]["news"]["tables"]
    assert tables["articles"]["fts_table"] == "articles_fts" and tables["articles"]["fts_pk"] == "id"
    # every table of the schema is described
    names = {
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'articles_fts_%'"
        )
    }
    assert names - {"sqlite_sequence"} <= set(tables) | {"articles_fts"}


def test_check_metadata_reports_problems(con: sqlite3.Connection) -> None:
    meta = load_metadata()
    db = meta["databases"]["news"]
    db["tables"]["articles"]["columns"]["no_such_column"] = "x"
    db["tables"]["ghosts"] = {"columns": {}}
    db["queries"]["broken"] = {"sql": "SELECT * FROM nowhere WHERE a = :a"}
    problems = check_metadata(meta, con)
    assert len(problems) == 3 and any("no_such_column" in p for p in problems)


def test_every_canned_query_runs_with_sample_params(con: sqlite3.Connection) -> None:
    queries = load_metadata()["databases"]["news"]["queries"]
    assert set(queries) == set(SAMPLE_PARAMS)
    results = {}
    for name, q in queries.items():
        assert set(query_params(q["sql"])) == set(SAMPLE_PARAMS[name]), name
        results[name] = con.execute(q["sql"], SAMPLE_PARAMS[name]).fetchall()
    assert {r[0] for r in results["search_phrase"]} == {1, 4}
    assert results["organisations_of_the_month"][0][:3] == ("济南市卫生健康委员会", 1, 3)
    assert {r[0] for r in results["articles_mentioning_org"]} == {1, 4}
    assert {r[0] for r in results["events_between"]} == {1, 4}
    sql = queries["search_phrase"]["sql"]
    assert [r[0] for r in con.execute(sql, {"term": "托育"})] == [1, 2]
    assert {r[0] for r in con.execute(sql, {"term": "托"})} == {1, 2}
    for evil in ('"', "' OR 1=1 --", ""):
        assert con.execute(sql, {"term": evil}).fetchall() == []


def test_datasette_fts_search_finds_two_character_words(con: sqlite3.Connection) -> None:
    # what Datasette's table search runs for ?_search=托育 (each word quoted)
    rows = con.execute(
        "SELECT id FROM articles WHERE rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"托育\"')"
    ).fetchall()
    assert {r[0] for r in rows} == {1, 2}


def test_builder_rekeys_to_the_file_name(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(db_path.read_bytes())
    out = tmp_path / "m.json"
    assert main(["--db", str(other), "-o", str(out)]) == 0
    meta = json.loads(out.read_text(encoding="utf-8"))
    assert list(meta["databases"]) == ["other"]
    assert main(["--db", str(tmp_path / "absent.db")]) == 2
    assert json.loads(METADATA_PATH.read_text(encoding="utf-8"))["databases"].keys() == {"news"}


def test_datasette_serves_the_metadata(db_path: Path) -> None:
    datasette_app = pytest.importorskip("datasette.app")
    import asyncio

    async def go() -> tuple[int, dict, int, dict]:
        ds = datasette_app.Datasette(
            [str(db_path)], metadata=load_metadata(), settings={"num_sql_threads": 1}
        )
        r1 = await ds.client.get("/news/articles.json?_search=托育&_shape=objects")
        r2 = await ds.client.get("/news/search_phrase.json?term=卫生健康&_shape=objects")
        return r1.status_code, r1.json(), r2.status_code, r2.json()

    status, data, status2, data2 = asyncio.run(go())
    assert status == 200 and {r["id"] for r in data["rows"]} == {1, 2}
    assert status2 == 200 and {r["id"] for r in data2["rows"]} == {1, 4}
