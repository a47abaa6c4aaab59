"""Search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector of the same tokens, GIN index):
2-character words, longer phrases, single characters, Latin words, ranking, sync on update/delete,
and hostile input never reaching SQL as syntax. Runs on a real PostgreSQL (``pg_server``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from test_query_data import make_item, sample_items

from pipelines.db import fts, pg_search
from pipelines.db import query as queries
from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.query.filters import Filters, QueryError
from pipelines.db.store import delete_article, upsert_article


def _build(url: str, items: list | None = None) -> Engine:  # type: ignore[type-arg]
    engine = make_engine(url)
    with make_session_factory(engine)() as s, s.begin():
        for item in items if items is not None else sample_items():
            upsert_article(s, item)
    return engine


def _hits(engine: Engine, query: str, **kw: object) -> list[int]:
    with engine.connect() as conn:
        return [r["id"] for r in queries.search(conn, query, limit=50, **kw)]  # type: ignore[arg-type]


def test_same_matches_on_both_backends(db_url: str) -> None:
    engine = _build(db_url)
    with engine.connect() as conn:  # the index is there: not the LIKE fallback
        assert fts.fts_exists(conn) or pg_search.exists(conn)
    assert _hits(engine, "托育")[0] == 1  # the seed-like story; 委托育儿 (id 2) ranks below it
    assert set(_hits(engine, "托育")) == {1, 2}
    assert set(_hits(engine, "卫健")) == {1, 4}
    assert set(_hits(engine, "卫生健康")) == {1, 4}
    assert _hits(engine, "托育服务宣传") == [1]
    assert _hits(engine, "宣传托育") == []  # characters present, not in this order
    assert set(_hits(engine, "covid")) == {5} and set(_hits(engine, "ＯＰＥＮ data")) == {5}
    assert set(_hits(engine, "托")) == {1, 2}
    assert set(_hits(engine, "济南", filters=Filters(about="托育"))) == {1}
    engine.dispose()


def test_word_hit_outranks_chance_adjacency(db_url: str) -> None:
    items = [
        make_item(1, "家政新规", ["家长委托育儿嫂照看孩子，委托育儿嫂需签合同。"], None),
        make_item(2, "社区服务", ["社区新建托育机构一处。"], None),
    ]
    engine = _build(db_url, items)
    assert _hits(engine, "托育") == [2, 1]
    engine.dispose()


def test_update_and_delete_keep_the_index_in_sync(db_url: str) -> None:
    engine = _build(db_url)
    factory = make_session_factory(engine)
    item = sample_items()[0]
    item.title = "济南养老服务宣传月活动启动"
    item.paragraphs = ["5月23日，济南市举办养老服务宣传月启动活动。"]
    item.organizations, item.persons, item.dates = [], [], []
    with factory() as s, s.begin():
        assert upsert_article(s, item) == "updated"
    assert 1 not in _hits(engine, "托育") and _hits(engine, "养老") == [1]
    with factory() as s, s.begin():
        delete_article(s, 1)
    assert _hits(engine, "养老") == [] and _hits(engine, "济南") == [4]
    engine.dispose()


@pytest.mark.parametrize("hostile", ["'; DROP TABLE articles; --", "托育' | '", "a:* & !b", "\\' <-> '"])
def test_hostile_queries_are_only_text(db_url: str, hostile: str) -> None:
    engine = _build(db_url)
    for query in (hostile, hostile + "托育"):
        try:
            _hits(engine, query)
        except QueryError as exc:  # the clear error for "nothing searchable", never an SQL error
            assert "nothing searchable" in str(exc)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == len(sample_items())
    engine.dispose()


def test_postgres_index_is_gin_and_backfilled(pg_server: object) -> None:
    url = pg_server.url("t_backfill")  # type: ignore[attr-defined]
    engine = _build(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {pg_search.TABLE}"))
    engine.dispose()
    engine = make_engine(url)  # schema path: index recreated and filled from articles
    with engine.connect() as conn:
        n = conn.execute(text(f"SELECT count(*) FROM {pg_search.TABLE}")).scalar()
        am = conn.execute(
            text("SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = :i"),
            {"i": pg_search.INDEX},
        ).scalar()
    assert n == len(sample_items()) and am == "gin"
    assert set(_hits(engine, "托育")) == {1, 2}
    engine.dispose()
