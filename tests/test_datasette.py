"""The Datasette metadata matches a real database; its canned queries run and answer correctly; the
plugin (pipelines/datasette/plugin.py) makes any cnr-news database searchable as `cnr-news search`
searches, with Beijing times — tested through Datasette's own test client."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from test_query_data import build_db

from pipelines.datasette import METADATA_PATH, check_metadata, load_metadata, main, query_params
from pipelines.datasette.functions import register_functions

SAMPLE_PARAMS = {
    "search_phrase": {"term": "卫生健康"},
    "organisations_of_the_month": {"month": "2025-05"},
    "places_of_the_month": {"month": "2025-05"},
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
    register_functions(c)  # the plugin's SQL functions, which the canned queries call
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
    assert results["places_of_the_month"] == [("山东省", "济南市", 1)]  # the seed story; no other is placed
    assert {r[0] for r in results["articles_mentioning_org"]} == {1, 4}
    assert {r[0] for r in results["events_between"]} == {1, 4}
    sql = queries["search_phrase"]["sql"]
    assert [r[0] for r in con.execute(sql, {"term": "托育"})] == [1, 2]
    assert {r[0] for r in con.execute(sql, {"term": "托"})} == {1, 2}
    assert [r[0] for r in con.execute(sql, {"term": "宣传月"})] == [1]  # three characters
    assert [r[0] for r in con.execute(sql, {"term": "托育服务"})] == [1]
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
    import asyncio

    async def go() -> tuple[int, dict, int, dict, dict]:
        ds = _datasette_with_plugin([db_path], metadata=load_metadata())
        r1 = await ds.client.get("/news/articles.json?_search=托育&_shape=objects")
        r2 = await ds.client.get("/news/search_phrase.json?term=卫生健康&_shape=objects")
        r3 = await ds.client.get("/news/articles.json")
        return r1.status_code, r1.json(), r2.status_code, r2.json(), r3.json()

    status, data, status2, data2, table = asyncio.run(go())
    assert status == 200 and {r["id"] for r in data["rows"]} == {1, 2}
    assert status2 == 200 and {r["id"] for r in data2["rows"]} == {1, 4}
    # the articles table is faceted by the province its stories are filed under (the seed: 济南)
    facet = table["facet_results"]["place_province"]["results"]
    assert [(f["value"], f["count"]) for f in facet] == [("山东省", 1)]


# --- the plugin, through Datasette's test client ----------------------------------------------------

QUERIES = ["托育", "宣传月", "托育服务", "卫生健康 济南", "托", "open data", "开放数据", "委托育儿", "!!"]


def _datasette_with_plugin(paths: list[Path], **kwargs):  # type: ignore[no-untyped-def]
    """A Datasette over ``paths`` with the cnr-news plugin registered (as its entry point does)."""
    datasette_app = pytest.importorskip("datasette.app")
    from datasette.plugins import pm

    from pipelines.datasette import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, "cnr_news")
    return datasette_app.Datasette([str(p) for p in paths], settings={"num_sql_threads": 1}, **kwargs)


def _run(coro):  # type: ignore[no-untyped-def]
    import asyncio

    return asyncio.run(coro)


@pytest.fixture(scope="module")
def demo_db(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same database under another name (as data/demo.db is): no metadata file keyed to it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    path.write_bytes(db_path.read_bytes())
    return path


def _cli_ids(db: Path, query: str) -> set[int]:
    from pipelines.db import query as queries
    from pipelines.db.engine import make_readonly_engine

    if not any(ch.isalnum() for ch in query):
        return set()  # cnr-news search says "nothing searchable" (exit 2); Datasette shows no rows
    engine = make_readonly_engine(str(db))
    try:
        with engine.connect() as conn:
            return {r["id"] for r in queries.search(conn, query, limit=100)}
    finally:
        engine.dispose()


def test_search_box_and_canned_query_agree_with_cnr_news_search(demo_db: Path) -> None:
    ds = _datasette_with_plugin([demo_db])  # no -m: the plugin supplies the metadata

    async def go() -> dict[str, tuple[set[int], set[int]]]:
        got = {}
        for q in QUERIES:
            box = await ds.client.get("/demo/articles.json", params={"_search": q, "_shape": "objects"})
            canned = await ds.client.get("/demo/search_phrase.json", params={"term": q, "_shape": "objects"})
            assert box.status_code == 200 and canned.status_code == 200, (q, box.text, canned.text)
            got[q] = ({r["id"] for r in box.json()["rows"]}, {r["id"] for r in canned.json()["rows"]})
        return got

    got = _run(go())
    for q in QUERIES:
        expected = _cli_ids(demo_db, q)
        assert got[q] == (expected, expected), q
    assert got["宣传月"][0] == {1} and got["托育服务"][0] == {1}  # 0 rows before the plugin
    assert got["卫生健康 济南"][0] == {1, 4}


def test_times_shown_in_beijing_time(demo_db: Path) -> None:
    ds = _datasette_with_plugin([demo_db])

    async def go():  # type: ignore[no-untyped-def]
        html = await ds.client.get("/demo/articles/1")
        table = await ds.client.get("/demo/articles")
        canned = await ds.client.get("/demo/search_phrase.json", params={"term": "托育", "_shape": "objects"})
        runs = await ds.client.get("/demo/last_runs.json")
        return html, table, canned, runs

    html, table, canned, runs = _run(go())
    assert html.status_code == 200 and "2025-05-24T09:00:00+08:00" in html.text
    assert "2025-05-24 01:00:00" not in html.text  # the stored UTC value is not what is shown
    assert table.status_code == 200 and "2024-03-10T07:30:00+08:00" in table.text
    rows = {r["id"]: r for r in canned.json()["rows"]}
    assert rows[1]["published_at"] == "2025-05-24T09:00:00+08:00"
    assert runs.status_code == 200
    # the descriptions come from the plugin too
    assert "Publication time" in html.text or "Publication time" in table.text


def test_plugin_leaves_other_databases_alone(demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, published_at TEXT)")
        c.execute("INSERT INTO articles VALUES (1, '2025-05-24 01:00:00')")
    ds = _datasette_with_plugin([demo_db, other])

    async def go():  # type: ignore[no-untyped-def]
        return await ds.client.get("/other/articles"), await ds.client.get("/other.json")

    page, _ = _run(go())
    assert page.status_code == 200 and "2025-05-24 01:00:00" in page.text and "+08:00" not in page.text


def test_plugin_entry_point_is_declared() -> None:
    import tomllib

    from tests.support.paths import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    target = project["entry-points"]["datasette"]["cnr_news"]
    assert target == "pipelines.datasette.plugin"
    pytest.importorskip("datasette")
    import importlib

    module = importlib.import_module(target)
    for hook in ("prepare_connection", "get_metadata", "render_cell"):
        assert hasattr(getattr(module, hook), "datasette_impl"), hook


def test_plugin_loads_through_its_entry_point_as_installed(demo_db: Path, tmp_path: Path) -> None:
    """As after `pip install -e '.[datasette]'`: Datasette finds the plugin by its entry point alone
    (a fresh process whose only hint is the installed metadata built from pyproject.toml)."""
    import subprocess
    import sys
    import tomllib

    from tests.support.env import project_env
    from tests.support.paths import ROOT

    pytest.importorskip("datasette")
    entry_points = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["entry-points"]
    info = tmp_path / "site" / "cnr_news_probe-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cnr-news-probe\nVersion: 0.0\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "".join(
            f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items())
            for group, eps in entry_points.items()
        ),
        "utf-8",
    )
    script = (
        "import asyncio, json, sys\n"
        "from datasette.app import Datasette\n"
        "ds = Datasette([sys.argv[1]], settings={'num_sql_threads': 1})\n"
        "r = asyncio.run(ds.client.get('/demo/articles.json', params={'_search': '宣传月', '_shape': 'objects'}))\n"
        "print(json.dumps([row['id'] for row in r.json()['rows']]))\n"
    )
    env = project_env()
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), env["PYTHONPATH"]])
    proc = subprocess.run(
        [sys.executable, "-c", script, str(demo_db)], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [1]
