"""Storage layer: upsert semantics, whole-or-nothing writes, mentions replaced, UTC round trip."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from crawler.constants import BEIJING
from crawler.items import ArticleItem, Image, RawPage
from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.models import (
    Article,
    DateMention,
    Mention,
    Organization,
    OrganizationAlias,
    Page,
    Person,
    PersonMention,
)
from pipelines.db.store import (
    ArticleDataError,
    content_hash,
    delete_article,
    load_raw_pages,
    reprocess_article,
    upsert_article,
)

BODY = ["济南市卫生健康委员会5月23日发布托育服务通知。", "济南市卫健委主任张三表示，2025年将新增托位。"]


def make_item(n: int = 1, *, paragraphs: list[str] | None = None, title: str | None = None) -> ArticleItem:
    paragraphs = list(paragraphs or BODY)
    url = f"https://www.cnr.cn/sd/20250526/t20250526_{n:09d}.shtml"
    item = ArticleItem(
        url=url,
        canonical_url=url,
        site="cnr.cn",
        key=f"cnr:{n:09d}",
        article_id=f"{n:09d}",
        channel="sd",
        title=title if title is not None else f"济南托育新闻 {n}",
        published_at=datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING),
        source="央广网",
        authors=["记者 李四"],
        editors=["王五"],
        paragraphs=paragraphs,
        images=[Image(src="https://www.cnr.cn/a.jpg", caption="图")],
        template="cnr-2021",
        raw_pages=[
            RawPage(
                url=url,
                status=200,
                headers={"Content-Type": "text/html; charset=gb2312"},
                body=("<html>" + "".join(paragraphs) + "</html>").encode("gb18030"),
                fetched_at=datetime(2025, 5, 27, 1, 2, 3, tzinfo=UTC),
                encoding="gb18030",
            )
        ],
    )
    add_mentions(item)
    return item


def add_mentions(item: ArticleItem) -> None:
    """Mentions computed from the body, as the pipelines would."""
    body = item.body
    item.dates, item.organizations, item.persons = [], [], []
    for surface, v in (("5月23日", "2025-05-23"), ("2025年", "2025-01-01")):
        i = body.find(surface)
        if i >= 0:
            item.dates.append(
                {
                    "text": surface,
                    "start": i,
                    "end": i + len(surface),
                    "value_start": v,
                    "value_end": "2025-12-31" if surface == "2025年" else v,
                    "granularity": "year" if surface == "2025年" else "day",
                }
            )
    mentions = []
    for surface in ("济南市卫生健康委员会", "济南市卫健委"):
        start = 0
        while (i := body.find(surface, start)) >= 0:
            mentions.append({"text": surface, "start": i, "end": i + len(surface)})
            start = i + 1
    if mentions:
        item.organizations.append(
            {
                "name": "济南市卫生健康委员会",
                "kind": "government",
                "parent": "济南市人民政府",
                "mentions": mentions,
            }
        )
    i = body.find("张三")
    if i >= 0:
        item.persons.append({"name": "张三", "mentions": [{"text": "张三", "start": i, "end": i + 2}]})


@pytest.fixture()
def db(db_url: str):  # SQLite and PostgreSQL (tests/support/fixtures.py)
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    yield factory
    engine.dispose()


def write(factory, item: ArticleItem, **kw) -> str:
    with factory() as session, session.begin():
        return upsert_article(session, item, **kw)


def counts(factory) -> dict[str, int]:
    with factory() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m))
            for m in (
                Article,
                Page,
                DateMention,
                Organization,
                OrganizationAlias,
                Mention,
                Person,
                PersonMention,
            )
        }


def dump(factory) -> list[tuple]:
    """Every row of every table, to prove "changes nothing"."""
    with factory() as session:
        if session.bind.dialect.name == "postgresql":
            tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        else:
            tables = "SELECT name FROM sqlite_master WHERE type='table'"
        names = [r[0] for r in session.execute(text(tables))]
        return [
            (n, sorted(map(tuple, session.execute(text(f'SELECT * FROM "{n}"')).all()), key=repr))
            for n in sorted(names)
        ]


def test_new_then_unchanged_changes_nothing(db) -> None:
    assert write(db, make_item(1)) == "new"
    assert write(db, make_item(2)) == "new"
    before = dump(db)
    c = counts(db)
    assert c["articles"] == 2 and c["pages"] == 2 and c["date_mentions"] == 4
    assert c["organizations"] == 2  # the organisation and its parent
    assert c["mentions"] == 4 and c["persons"] == 1 and c["person_mentions"] == 2
    # a re-crawl with a later fetch time and another host's URL: same content -> nothing written
    again = make_item(1)
    again.url = again.url.replace("www.cnr.cn", "news.cnr.cn")
    again.raw_pages[0].fetched_at += timedelta(days=3)
    assert write(db, again) == "unchanged"
    assert write(db, make_item(2)) == "unchanged"
    assert dump(db) == before


def test_updated_replaces_mentions_and_pages(db) -> None:
    assert write(db, make_item(1)) == "new"
    first = counts(db)
    changed = make_item(1, paragraphs=["更正：" + BODY[0], BODY[1], "济南市卫健委另有通知。"])
    changed.raw_pages[0].fetched_at += timedelta(hours=5)
    assert write(db, changed) == "updated"
    c = counts(db)
    assert c["articles"] == 1 and c["pages"] == 1
    assert c["mentions"] == first["mentions"] + 1  # one more surface in the new body, old ones replaced
    assert c["date_mentions"] == first["date_mentions"] and c["person_mentions"] == first["person_mentions"]
    with db() as session:
        a = session.scalar(select(Article))
        assert a.times_changed == 1
        assert a.first_seen == datetime(2025, 5, 27, 1, 2, 3, tzinfo=UTC)
        assert a.last_crawled == datetime(2025, 5, 27, 6, 2, 3, tzinfo=UTC)
        assert a.body.startswith("更正：")
        # every stored offset points at its text in the stored body
        for m in session.scalars(select(Mention)):
            assert a.body[m.start : m.end] == m.text
        for d in session.scalars(select(DateMention)):
            assert a.body[d.start : d.end] == d.text
        page = session.scalar(select(Page))
        assert "更正".encode("gb18030") in zlib.decompress(page.body_z)
    # the same update again is unchanged and writes nothing
    before = dump(db)
    assert write(db, changed) == "unchanged"
    assert dump(db) == before


def test_idempotent_reupsert_many(db) -> None:
    items = [make_item(n) for n in range(1, 6)]
    assert [write(db, it) for it in items] == ["new"] * 5
    c = counts(db)
    assert [write(db, make_item(n)) for n in range(1, 6)] == ["unchanged"] * 5
    assert counts(db) == c
    assert c["organization_aliases"] == 2  # canonical name + the 卫健委 alias (the parent is not mentioned)


def test_failing_article_leaves_nothing(db) -> None:
    assert write(db, make_item(1)) == "new"
    before = dump(db)
    bad = make_item(2)
    bad.organizations[0]["mentions"].append({"text": "x", "start": None, "end": 3})
    with db() as session, session.begin():
        with pytest.raises(ArticleDataError):
            upsert_article(session, bad)
        # the rest of the batch goes on in the same transaction
        assert upsert_article(session, make_item(3)) == "new"
    after = counts(db)
    assert after["articles"] == 2
    with db() as session:
        keys = set(session.scalars(select(Article.key)))
    assert keys == {"cnr:000000001", "cnr:000000003"}
    assert dump(db) != before
    # an update that fails keeps the old version whole
    bad_update = make_item(1, paragraphs=["完全不同的正文。"])
    bad_update.dates = [{"text": "x", "start": 0, "end": 1, "value_start": "2025-13-40", "value_end": None}]
    with db() as session, session.begin():
        with pytest.raises(ArticleDataError):
            upsert_article(session, bad_update)
    with db() as session:
        a = session.scalar(select(Article).where(Article.key == "cnr:000000001"))
        assert a.body == "\n".join(BODY) and a.times_changed == 0


def test_db_constraint_failure_rolls_back_savepoint(db) -> None:
    item = make_item(1)
    item.raw_pages.append(item.raw_pages[0])  # the same page URL twice: UNIQUE(pages.url) fails at the DB
    with db() as session, session.begin():
        with pytest.raises(Exception, match="(?i)unique"):
            upsert_article(session, item)
        assert upsert_article(session, make_item(2)) == "new"
    c = counts(db)
    assert c["articles"] == 1 and c["pages"] == 1 and c["mentions"] == 2


def test_utc_round_trip(db) -> None:
    item = make_item(1)
    item.modified_at = datetime(2025, 5, 26, 23, 59, tzinfo=BEIJING)
    write(db, item)
    with db() as session:
        a = session.scalar(select(Article))
        assert a.published_at == datetime(2025, 5, 26, 8, 30, tzinfo=UTC)
        assert a.published_at.tzinfo is not None and a.published_at.utcoffset() == timedelta(0)
        assert a.published_at.astimezone(BEIJING).hour == 16
        assert a.modified_at.astimezone(BEIJING) == item.modified_at
        raw = session.execute(text("SELECT published_at FROM articles")).scalar_one()
        assert str(raw).startswith("2025-05-26 08:30:00")
    naive = make_item(2)
    naive.published_at = datetime(2025, 5, 26, 16, 30)
    with db() as session, session.begin(), pytest.raises(ArticleDataError):
        upsert_article(session, naive)


def test_reprocess_replaces_mentions_in_place(db) -> None:
    write(db, make_item(1))
    with db() as session:
        a = session.scalar(select(Article))
        pk, first_seen = a.id, a.first_seen
    item = make_item(1)
    item.persons = []  # an improved recogniser drops a person ...
    item.organizations[0]["mentions"] = item.organizations[0]["mentions"][:1]  # ... and a mention
    with db() as session, session.begin():
        a = session.get(Article, pk)
        assert reprocess_article(session, a, item) == "updated"
    with db() as session, session.begin():
        a = session.get(Article, pk)
        assert reprocess_article(session, a, item) == "unchanged"
    c = counts(db)
    assert c["articles"] == 1 and c["mentions"] == 1 and c["person_mentions"] == 0 and c["pages"] == 1
    with db() as session:
        a = session.get(Article, pk)
        assert a.first_seen == first_seen and a.times_changed == 0
        assert len(load_raw_pages(session, pk)) == 1


def test_delete_article(db) -> None:
    write(db, make_item(1))
    write(db, make_item(2))
    with db() as session, session.begin():
        pk = session.scalar(select(Article.id).where(Article.key == "cnr:000000001"))
        delete_article(session, pk)
    c = counts(db)
    assert c["articles"] == 1 and c["pages"] == 1 and c["mentions"] == 2


def test_content_hash_ignores_fetch_url_and_template() -> None:
    a, b = make_item(1), make_item(1)
    b.url = b.url.replace("www", "news")
    b.template = "generic"
    assert content_hash(a) == content_hash(b)
    b.title += "!"
    assert content_hash(a) != content_hash(b)


def test_orgs_shared_across_articles(db) -> None:
    write(db, make_item(1))
    write(db, make_item(2))
    with db() as session:
        org = session.scalar(select(Organization).where(Organization.name == "济南市卫生健康委员会"))
        parent = session.scalar(select(Organization).where(Organization.name == "济南市人民政府"))
        assert org.kind == "government" and org.parent_id == parent.id
        aliases = set(
            session.scalars(
                select(OrganizationAlias.alias).where(OrganizationAlias.organization_id == org.id)
            )
        )
        assert aliases == {"济南市卫生健康委员会", "济南市卫健委"}
        n_articles = session.scalar(
            select(func.count(func.distinct(Mention.article_pk))).where(Mention.organization_id == org.id)
        )
        assert n_articles == 2


# --- two writers (crawler nodes) on one database -------------------------------------------------------


def _naming(n: int, orgs: list[str]) -> ArticleItem:
    """Article ``n`` whose body names ``orgs`` in that order."""
    item = make_item(n, paragraphs=["、".join(orgs) + "联合发布通知。"])
    item.organizations, item.persons = [], []
    pos = 0
    for name in orgs:
        at = item.body.index(name, pos)
        item.organizations.append(
            {"name": name, "mentions": [{"text": name, "start": at, "end": at + len(name)}]}
        )
        pos = at + len(name)
    return item


def test_two_writers_naming_the_same_organisations_in_opposite_orders(db) -> None:
    """Each batch locks the organisations it names in name order first, so two writers wait for each
    other instead of deadlocking (PostgreSQL; SQLite has one writer at a time anyway)."""
    import threading
    import time

    from pipelines.db.store import lock_names_in_order

    a, b = "山东省卫生健康委员会", "济南市教育局"
    write(db, _naming(1, [a, b]))  # both exist: the upserts below lock their rows
    errors: list[BaseException] = []

    def writer(first: int, orgs: list[str]) -> None:
        try:
            batch = [_naming(first, orgs[:1]), _naming(first + 1, orgs[1:])]
            with db() as session, session.begin():
                lock_names_in_order(session, batch)
                for item in batch:
                    upsert_article(session, item)
                    time.sleep(0.3)  # the other writer takes its first organisation meanwhile
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(10, [a, b])),
        threading.Thread(target=writer, args=(20, [b, a])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert counts(db)["articles"] == 5


def test_a_batch_that_loses_a_conflict_is_written_again_whole(db_url: str, monkeypatch) -> None:
    from scrapy.utils.test import get_crawler

    import pipelines.db.storage_pipeline as sp
    import pipelines.db.store as store

    class Deadlock(Exception):
        sqlstate = "40P01"

    calls = {"n": 0}
    real = store.on_article_stored

    def flaky(
        session, article, item, outcome, **kw
    ):  # the third article of the first attempt loses a deadlock
        calls["n"] += 1
        if calls["n"] == 3:
            raise Deadlock("deadlock detected")
        return real(session, article, item, outcome, **kw)

    monkeypatch.setattr(store, "on_article_stored", flaky)
    monkeypatch.setattr(sp, "CONFLICT_BACKOFF_S", 0.0)
    crawler = get_crawler(settings_dict={"NEWS_DB_URL": db_url, "NEWS_DB_BATCH_SIZE": 4})
    pipeline = sp.StoragePipeline(crawler)
    pipeline.open_spider()
    try:
        for n in range(1, 5):
            pipeline.process_item(make_item(n))
    finally:
        pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert stats["news/db/conflict_retries"] == 1 and stats["news/db/new"] == 4
    assert "news/db/failed" not in stats
    factory = make_session_factory(make_engine(db_url))
    assert counts(factory)["articles"] == 4
