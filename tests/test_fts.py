"""The full-text index: token preparation, safe MATCH expressions, sync on insert/update/delete."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from test_query_data import SEED_LIKE_TITLE, build_db, make_item, sample_items

from pipelines.db import fts
from pipelines.db import query as queries
from pipelines.db.engine import make_engine, make_readonly_engine, make_session_factory
from pipelines.db.models import Article, Base
from pipelines.db.store import delete_article, upsert_article


def test_gram_tokens_cover_every_character() -> None:
    assert fts.gram_tokens("托育服务") == ["托育", "育服", "服务", "务"]
    assert fts.gram_tokens("卫健委，covid-19") == ["卫健", "健委", "委", "covid", "19"]
    assert fts.gram_tokens("") == []


def test_words_are_han_words_of_two_or_more() -> None:
    words = fts.word_tokens(fts.normalize("济南市卫生健康委员会举办托育服务宣传月，covid"))
    assert "卫生" in words and "委员会" in words
    assert all(len(w) >= 2 for w in words) and "covid" not in words


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("托育", '"托育"'),
        ("卫生健康", '("卫生 生健 健康" OR "卫生健康")'),
        ("托", '"托" *'),
        ("ＣＯＶＩＤ", '"covid"'),
        ("济南 托育", '"济南" AND "托育"'),
    ],
)
def test_build_match(query: str, expected: str) -> None:
    assert fts.build_match(query) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        '" OR 1=1 --',
        '托育" NEAR(a b) OR "x',
        "'); DROP TABLE articles; --",
        "title_words:托育 OR body_grams:*",
        "^托育 + - * ( ) { } : NOT AND OR",
        "\x00托育\u202e",
    ],
)
def test_build_match_never_emits_syntax_from_input(hostile: str) -> None:
    expr = fts.build_match(hostile)
    assert expr is not None
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(a, content='')")
    con.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()  # parses
    # every user piece sits inside double quotes; operators only come from build_match
    outside = "".join(expr.split('"')[0::2])
    assert set(outside) <= set(" ()*ORAND")


def test_only_punctuation_is_not_searchable() -> None:
    assert fts.build_match(" ，。!?\"' ") is None


def _hits(engine, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [r["id"] for r in queries.search(conn, query, limit=50)]


def test_two_and_four_character_terms_match(tmp_path: Path) -> None:
    url, engine = build_db(tmp_path / "n.db")
    ro = make_readonly_engine(url)
    assert _hits(ro, "托育")[0] == 1  # the seed-like story; 委托育儿 (id 2) ranks below it
    assert set(_hits(ro, "托育")) == {1, 2}
    assert set(_hits(ro, "卫健")) == {1, 4}
    assert set(_hits(ro, "卫生健康")) == {1, 4}
    assert _hits(ro, "托育服务宣传") == [1]
    assert _hits(ro, "宣传托育") == []  # characters present, not in this order
    assert set(_hits(ro, "covid")) == {5} and set(_hits(ro, "ＯＰＥＮ data")) == {5}
    assert _hits(ro, "托") and set(_hits(ro, "托")) == {1, 2}


def test_word_hit_outranks_chance_adjacency(tmp_path: Path) -> None:
    items = [
        make_item(1, "家政新规", ["家长委托育儿嫂照看孩子，委托育儿嫂需签合同。"], None),
        make_item(2, "社区服务", ["社区新建托育机构一处。"], None),
    ]
    url, _ = build_db(tmp_path / "r.db", items)
    assert _hits(make_readonly_engine(url), "托育") == [2, 1]


def test_update_and_delete_keep_the_index_in_sync(tmp_path: Path) -> None:
    url, engine = build_db(tmp_path / "s.db")
    factory = make_session_factory(engine)
    ro = make_readonly_engine(url)
    # update: the seed-like story loses 托育 and gains 养老
    item = sample_items()[0]
    item.title = "济南养老服务宣传月活动启动"
    item.paragraphs = ["5月23日，济南市举办养老服务宣传月启动活动。"]
    item.organizations, item.persons, item.dates = [], [], []
    with factory() as s, s.begin():
        assert upsert_article(s, item) == "updated"
    assert 1 not in _hits(ro, "托育") and _hits(ro, "养老") == [1]
    # re-syncing unchanged text is a no-op
    with factory() as s, s.begin():
        fts.sync_article(s, 1, item.title, item.body)
    assert _hits(ro, "养老") == [1]
    # delete
    with factory() as s, s.begin():
        delete_article(s, 1)
    assert _hits(ro, "养老") == [] and _hits(ro, "济南") == [4]
    with engine.connect() as conn:
        n_state = conn.execute(text(f"SELECT count(*) FROM {fts.STATE_TABLE}")).scalar()
        n_art = conn.execute(text("SELECT count(*) FROM articles")).scalar()
        assert n_state == n_art == 4
        assert (
            conn.execute(
                text(f"INSERT INTO {fts.FTS_TABLE}({fts.FTS_TABLE}, rank) VALUES ('integrity-check', 0)")
            )
            is not None
        )


def test_existing_database_gets_the_index_and_rebuild(tmp_path: Path) -> None:
    url, engine = build_db(tmp_path / "old.db")
    with engine.begin() as conn:  # simulate a database from before the index existed
        conn.exec_driver_sql(f"DROP TABLE {fts.FTS_TABLE}")
        conn.exec_driver_sql(f"DROP TABLE {fts.STATE_TABLE}")
    engine.dispose()
    # a read-only reader falls back to LIKE (same answers, newest first)
    assert set(_hits(make_readonly_engine(url), "托育")) == {1, 2}
    assert _hits(make_readonly_engine(url), "covid") == [5]  # case-insensitive like the index
    assert _hits(make_readonly_engine(url), "托育%") == _hits(make_readonly_engine(url), "托育")
    engine = make_engine(url)  # writers create the index and fill it from the articles
    assert _hits(make_readonly_engine(url), "托育")[0] == 1
    with make_session_factory(engine)() as s, s.begin():
        assert fts.rebuild(s) == 5
        assert not fts.needs_rebuild(s.connection())
    assert set(_hits(make_readonly_engine(url), "卫生健康")) == {1, 4}


def test_index_created_lazily_when_schema_made_without_make_engine(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'lazy.db'}")
    Base.metadata.create_all(engine)
    with make_session_factory(engine)() as s, s.begin():
        upsert_article(s, sample_items()[0])
    assert _hits(make_readonly_engine(f"sqlite:///{tmp_path / 'lazy.db'}"), "托育") == [1]


def test_sync_is_noop_on_other_backends() -> None:
    class _Dialect:
        name = "mysql"  # PostgreSQL has its own index (tests/test_search_backends.py)

    class _Conn:
        dialect = _Dialect()

        def execute(self, *a: object, **k: object) -> None:
            raise AssertionError("no SQL on other backends")

    class _Session:
        def connection(self) -> _Conn:
            return _Conn()

    fts.sync_article(_Session(), 1, "托育", "托育")  # type: ignore[arg-type]
    fts.delete_article(_Session(), 1)  # type: ignore[arg-type]


def test_seed_like_title_is_indexed(tmp_path: Path) -> None:
    url, _ = build_db(tmp_path / "t.db")
    with make_readonly_engine(url).connect() as conn:
        hit = queries.search(conn, "科学育儿", limit=5)
        assert hit and hit[0]["title"] == SEED_LIKE_TITLE
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 5
        assert Article.__tablename__ == "articles"


def test_rank_window_bounds_ranking_to_newest_matches(tmp_path: Path) -> None:
    url, _ = build_db(tmp_path / "w.db")
    with make_readonly_engine(url).connect() as conn:
        assert [r["id"] for r in queries.search(conn, "托育", limit=1)] == [1]  # best overall
        # a window of one: only the newest match (id 2) is ranked
        assert [r["id"] for r in queries.search(conn, "托育", limit=1, rank_window=1)] == [2]
        # filters that empty the window: everything is ranked instead
        f = queries.Filters(org="济南市儿童医院")
        assert [r["id"] for r in queries.search(conn, "托育", f, limit=1, rank_window=1)] == [1]


def test_rebuild_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, engine = build_db(tmp_path / "c.db")
    engine.dispose()
    from pipelines.cli import main as cnr_news

    assert cnr_news(["db", "reindex", "--db", url, "--check"]) == 0
    assert cnr_news(["db", "reindex", "--db", url]) == 0
    assert "indexed 5 articles" in capsys.readouterr().out
    assert _hits(make_readonly_engine(url), "托育")[0] == 1
