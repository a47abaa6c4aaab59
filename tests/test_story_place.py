"""Where a story is (issue 12: places available to queries): the entity step's story place is the item's
``place``, stored as ``articles.place_province/place_city/place_county`` (revision 0006), filled for
older articles by ``reprocess``, and filtered on with ``--place`` (a province, city or county of China,
by full or short name) — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crawler.items import ArticleItem
from pipelines import api
from pipelines.chain import process_article
from pipelines.cli import main as cnr_news
from pipelines.db import query as queries
from pipelines.db.engine import make_engine
from pipelines.db.models import Article
from pipelines.db.store import upsert_article
from pipelines.reprocess import reprocess
from tests.test_query_data import make_item
from tests.test_reprocess import _items

SH = timezone(timedelta(hours=8))
JINAN = {"province": "山东省", "city": "济南市"}


def test_the_entity_step_places_the_story() -> None:
    url = "https://www.cnr.cn/sd/20250524/t20250524_1.shtml"
    item = ArticleItem(url=url, canonical_url=url, site="cnr.cn", key="cnr:1", title="托育服务宣传月启动")
    item.paragraphs = ["央广网济南5月23日消息，济南市卫生健康委员会在历下区启动托育服务宣传月活动。"]
    process_article(item)
    assert item.place == {**JINAN, "county": "历下区"}
    assert item.to_json_dict()["place"] == item.place  # what `scrapy crawl -o` and `cnr-news extract` write
    other = "https://news.example.cn/a.html"
    empty = ArticleItem(url=other, canonical_url=other, site="example.cn", key=other)
    process_article(empty)
    assert empty.place == {}  # nothing to place: no level
    # the library: the place beside the names
    assert api.extract_entities("5月23日，济南市卫生健康委员会启动托育服务宣传月活动。")["place"] == JINAN
    assert api.extract_entities("")["place"] == {}


def _rows(url: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return {
                r.key: (r.place_province, r.place_city, r.place_county)
                for r in s.execute(
                    select(Article.key, Article.place_province, Article.place_city, Article.place_county)
                )
            }
    finally:
        engine.dispose()


def test_stored_and_filled_again_by_reprocess(db_url: str) -> None:
    items = _items()  # the Jinan 托育 page of the CNR fixture site and a generic page
    assert items[0].place["city"] == "济南市"
    engine = make_engine(db_url)
    with Session(engine) as s, s.begin():
        for it in items:
            upsert_article(s, it)
    engine.dispose()
    stored = _rows(db_url)
    assert stored[items[0].key] == (items[0].place.get("province"), "济南市", items[0].place.get("county"))
    assert stored[items[1].key] == tuple(items[1].place.get(k) for k in ("province", "city", "county"))

    engine = make_engine(db_url)  # as articles stored before revision 0006: no place
    with Session(engine) as s, s.begin():
        s.execute(update(Article).values(place_province=None, place_city=None, place_county=None))
    engine.dispose()
    placed = sum(1 for it in items if it.place)  # the generic page's story names no place of China
    assert placed == 1 and items[1].place == {}
    # the place is read again from the stored pages; an article with none has nothing to change
    assert reprocess(db_url) == {"updated": placed, "unchanged": len(items) - placed}
    assert _rows(db_url) == stored
    assert reprocess(db_url) == {"unchanged": len(items)}


def _placed(n: int, title: str, place: dict[str, str], org: str) -> ArticleItem:
    item = make_item(
        n, title, [f"{org}召开会议。"], datetime(2025, 5, 10 + n, 9, 0, tzinfo=SH), orgs={org: [org]}
    )
    item.place = place
    return item


PLACED = [
    _placed(1, "济南托育", {**JINAN, "county": "历下区"}, "济南市卫生健康委员会"),
    _placed(2, "青岛港口", {"province": "山东省", "city": "青岛市"}, "青岛港集团"),
    _placed(3, "山东全省", {"province": "山东省"}, "山东省教育厅"),
    _placed(4, "北京新闻", {"province": "北京市"}, "北京市教育委员会"),  # a municipality, no city read
    _placed(5, "无处", {}, "中国人口学会"),
]


@pytest.fixture()
def placed_db(db_url: str) -> str:
    engine = make_engine(db_url)
    with Session(engine) as s, s.begin():
        for it in PLACED:
            upsert_article(s, it)
    engine.dispose()
    return db_url


@pytest.mark.parametrize(
    ("place", "titles"),
    [
        (
            "山东",
            {"济南托育", "青岛港口", "山东全省"},
        ),  # a province: every story in it, with or without a city
        ("山东省", {"济南托育", "青岛港口", "山东全省"}),
        ("济南", {"济南托育"}),
        ("青岛市", {"青岛港口"}),
        ("历下区", {"济南托育"}),
        ("北京", {"北京新闻"}),
        ("北京市", {"北京新闻"}),  # the city reading of a municipality is its province
        ("广东", set()),
        ("山东济南", {"济南托育"}),  # a larger place first: a city of that province
        ("济南市历下区", {"济南托育"}),
        ("青岛市历下区", set()),  # no 历下区 of 青岛 in the stories
        ("北京朝阳区", set()),
    ],
)
def test_the_place_filter(placed_db: str, place: str, titles: set[str]) -> None:
    engine = make_engine(placed_db)
    try:
        with engine.connect() as conn:
            rows = list(queries.export(conn, queries.Filters(place=place)))
            assert {r["title"] for r in rows} == titles
            assert all(r["place"] for r in rows)
            orgs = queries.orgs(conn, queries.Filters(place=place))
            assert {o["name"] for o in orgs} == {
                o["name"] for it in PLACED if it.title in titles for o in it.organizations
            }
    finally:
        engine.dispose()


@pytest.mark.parametrize("place", ["纽约", "济南山东", "济南纽约", "市", " "])
def test_a_place_that_is_not_one_is_a_clear_error(placed_db: str, place: str) -> None:
    engine = make_engine(placed_db)
    try:
        with engine.connect() as conn, pytest.raises(queries.QueryError, match="unknown place"):
            list(queries.export(conn, queries.Filters(place=place)))
    finally:
        engine.dispose()


def test_the_command_line(placed_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cnr_news(["export", "--place", "济南", "--format", "json", "--db", placed_db]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["title"], row["place"]) == ("济南托育", {**JINAN, "county": "历下区"})
    assert cnr_news(["orgs", "--place", "青岛", "--format", "json", "--db", placed_db]) == 0
    assert [o["name"] for o in json.loads(capsys.readouterr().out)] == ["青岛港集团"]
    assert cnr_news(["search", "会议", "--place", "山东", "--format", "json", "--db", placed_db]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert cnr_news(["orgs", "--place", "纽约", "--db", placed_db]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown place '纽约'" in err and "\n" not in err and "Traceback" not in err
    assert cnr_news(["runs", "--place", "山东", "--db", placed_db]) == 2
    assert "--place does not apply to crawl runs" in capsys.readouterr().err
    assert cnr_news(["show", "test:1", "--db", placed_db]) == 0
    assert "place         山东省 济南市 历下区\n" in capsys.readouterr().out
    assert cnr_news(["show", "test:5", "--db", placed_db]) == 0
    assert "place " not in capsys.readouterr().out  # no place: no line


def test_places_ranks_where_stories_are(placed_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(placed_db)
    try:
        with engine.connect() as conn:
            provinces = queries.places(conn)
            assert [(r["place"], r["articles"]) for r in provinces] == [("山东省", 3), ("北京市", 1)]
            assert provinces[0]["first_day"] == "2025-05-11" and provinces[0]["last_day"] == "2025-05-13"
            cities = queries.places(conn, queries.Filters(place="山东"), level="city")
            assert [(r["place"], r["province"]) for r in cities] == [
                ("济南市", "山东省"),
                ("青岛市", "山东省"),
            ]
            counties = queries.places(conn, level="county", by="story")
            assert counties == [
                {
                    "place": "历下区",
                    "province": "山东省",
                    "city": "济南市",
                    "stories": 1,
                    "articles": 1,
                    "first_day": "2025-05-11",
                    "last_day": "2025-05-11",
                }
            ]
            assert queries.places(conn, queries.Filters(since=datetime(2025, 5, 14, tzinfo=SH))) == [
                {"place": "北京市", "articles": 1, "first_day": "2025-05-14", "last_day": "2025-05-14"}
            ]
            with pytest.raises(queries.QueryError, match="--level"):
                queries.places(conn, level="town")  # type: ignore[arg-type]
    finally:
        engine.dispose()
    assert cnr_news(["places", "--level", "city", "--format", "json", "--db", placed_db]) == 0
    assert [r["place"] for r in json.loads(capsys.readouterr().out)] == ["济南市", "青岛市"]
    assert cnr_news(["places", "--db", placed_db]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["stories", "articles", "first_day", "last_day", "place"]
    assert "山东省" in table and "北京市" in table


def test_a_place_filter_does_not_load_the_recogniser() -> None:
    """``--place`` reads the place table: importing it leaves the entity step (its recogniser,
    filters and the text package) unloaded — ~0.08 s a command before — until a name of the
    step is used."""
    import subprocess
    import sys

    probe = (
        "import sys; from pipelines.db.query.filters import place_condition; "
        "from pipelines.entities.places import lookup; assert lookup('济南') is not None; "
        "print('pipelines.entities.step' in sys.modules, 'pipelines.entities.filters' in sys.modules); "
        "from pipelines.entities import extract_entities, common_words; "
        "print('pipelines.entities.step' in sys.modules, callable(extract_entities), common_words.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["False False", "True True pipelines.entities.common_words"]
