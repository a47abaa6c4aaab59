"""The bulk path of a crawl's batches (store_articles) writes what one-by-one upserts write."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipelines.db.store as store
from crawler.items import ArticleItem
from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.store import ArticleDataError, store_articles, upsert_article
from tests.support.dbcompare import snapshot
from tests.test_store import make_item


def _items() -> list[ArticleItem]:
    items = [make_item(n) for n in range(1, 8)]
    items.append(make_item(3))  # a repeated key in one batch
    items[5].organizations[0]["kind"] = None  # the kind comes from another article
    return items


def _write(url: str, items: list[ArticleItem], *, bulk: bool) -> list[object]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            if bulk:
                return list(store_articles(session, items))
            out: list[object] = []
            for item in items:
                try:
                    out.append(upsert_article(session, item))
                except ArticleDataError as exc:
                    out.append(exc)
            return out
    finally:
        engine.dispose()


def test_bulk_equals_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    calls: list[str] = []
    real = store.upsert_article
    monkeypatch.setattr(
        store, "upsert_article", lambda s, item, **kw: calls.append(item.key) or real(s, item, **kw)
    )
    bulk = _write(a, _items(), bulk=True)
    assert calls == ["cnr:000000003"]  # only the repeated key took the per-article path
    serial = _write(b, _items(), bulk=False)
    assert bulk == serial == ["new"] * 7 + ["unchanged"]
    snap = snapshot(a)
    assert snap["articles"] and snap["mentions"] and snap["articles_fts_state"]
    assert snap == snapshot(b)
    # a second batch: unchanged and updated articles
    again = _items()
    again[0].paragraphs = [*again[0].paragraphs, "新增一段。"]
    outcomes = _write(a, again, bulk=True)
    assert outcomes == _write(b, again, bulk=False) == ["updated"] + ["unchanged"] * 7
    assert snapshot(a) == snapshot(b)


def test_bad_article_fails_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    items = [make_item(n) for n in range(1, 4)]
    items[1].dates = [{"text": "x", "start": 5, "end": 1, "value_start": "2025-01-01"}]  # bad offsets
    results = _write(url, items, bulk=True)
    assert results[0] == results[2] == "new" and isinstance(results[1], ArticleDataError)
    keys = {dict(r)["key"] for r in snapshot(url)["articles"]}
    assert keys == {"cnr:000000001", "cnr:000000003"}


def test_database_error_in_bulk_falls_back_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    items = [make_item(n) for n in range(1, 4)]
    items[2].title = None  # type: ignore[assignment]  # stored as "" on both paths
    hooked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        store, "on_article_stored", lambda s, article, item, outcome, **kw: hooked.append((item.key, outcome))
    )
    real = store._bulk_insert_new

    def boom(session, batch):  # type: ignore[no-untyped-def]
        real(session, batch)
        raise store.SQLAlchemyError("constraint failed")

    monkeypatch.setattr(store, "_bulk_insert_new", boom)
    assert _write(url, items, bulk=True) == ["new"] * 3
    assert len(snapshot(url)["articles"]) == 3  # the bulk rows were rolled back, then one by one
    # the hook ran in the rolled-back bulk savepoint too; what counts is once per stored article
    assert hooked[-3:] == [(i.key, "new") for i in items]


def test_bulk_links_stories_as_one_by_one(tmp_path: Path) -> None:
    """The story fixture set (copies and their originals) in one batch: the same stories, originals,
    band keys and article links as storing the articles one by one, in the same transaction."""
    from tests.story_fixtures import load_articles
    from tests.story_fixtures import make_item as story_item

    articles = load_articles()
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    bulk = _write(a, [story_item(x) for x in articles], bulk=True)
    assert _write(b, [story_item(x) for x in articles], bulk=False) == bulk == ["new"] * len(articles)
    snap = snapshot(a)
    assert snap["stories"] and snap["story_bands"]
    assert all(dict(r)["story_scheme"] is not None for r in snap["articles"])  # every article indexed
    for table in ("stories", "story_bands", "articles"):
        assert snap[table] == snapshot(b)[table], table
    assert snap == snapshot(b)


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_stories_linked_in_batches_as_one_by_one(tmp_path: Path, size: int) -> None:
    """The story fixture set in batches of ``size`` (pipelines.stories.index.StoryLinker): an
    article's candidates come from the database for articles of earlier batches and from memory for
    those of its own batch, and the band keys and links of articles that join no story are written
    together — the same stories, originals, band keys and links as one by one, whatever the cut."""
    from tests.story_fixtures import load_articles
    from tests.story_fixtures import make_item as story_item

    articles = load_articles()
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    for i in range(0, len(articles), size):
        assert _write(a, [story_item(x) for x in articles[i : i + size]], bulk=True) == ["new"] * len(
            articles[i : i + size]
        )
    assert _write(b, [story_item(x) for x in articles], bulk=False) == ["new"] * len(articles)
    snap = snapshot(a)
    assert snap["stories"] and snap["story_bands"]
    for table in ("stories", "story_bands", "articles"):
        assert snap[table] == snapshot(b)[table], table


def test_the_linker_writes_a_batch_in_few_statements(tmp_path: Path) -> None:
    """Articles that join no story: one index lookup, one insert of band keys and one update of links
    for the batch, not three statements an article."""
    from sqlalchemy import event

    from tests.story_fixtures import load_articles, load_expected
    from tests.story_fixtures import make_item as story_item

    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    expected = load_expected()  # the originals and the look-alikes: none is a copy of another
    names = {st["original"] for st in expected["stories"]} | set(expected["not_copies"])
    items = [story_item(x) for x in load_articles() if x["name"] in names]
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        with make_session_factory(engine)() as session, session.begin():
            assert store_articles(session, items) == ["new"] * len(items)
    finally:
        engine.dispose()
    bands = [s for s in statements if "story_bands" in s]
    assert len(items) >= 3 and len(bands) <= 3, bands
