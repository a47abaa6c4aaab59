"""Test data for the query/FTS/Datasette tests: a small database built through the storage path.

Articles are written by us (modelled on CNR stories, not copied), with organisations, persons and
dates given explicitly so the expected answers are known. Imported by ``test_query*.py``,
``test_fts*.py`` and ``test_datasette*.py``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from crawler.items import ArticleItem
from pipelines.db.engine import make_engine, make_session_factory

SH = ZoneInfo("Asia/Shanghai")

SEED_LIKE_TITLE = "济南“普惠托育·科学育儿”托育服务宣传月活动启动"


def _spans(body: str, form: str) -> list[dict[str, Any]]:
    out, i = [], body.find(form)
    while i >= 0:
        out.append({"text": form, "start": i, "end": i + len(form)})
        i = body.find(form, i + len(form))
    return out


def make_item(
    n: int,
    title: str,
    paragraphs: list[str],
    published: datetime | None,
    *,
    site: str = "cnr.cn",
    orgs: dict[str, list[str]] | None = None,
    persons: list[str] | None = None,
    dates: list[tuple[str, str, str, str]] | None = None,
) -> ArticleItem:
    """``orgs``: canonical name -> surface forms; ``dates``: (text, start, end, granularity)."""
    url = f"https://{'news.' + site if site != 'cnr.cn' else 'sd.cnr.cn'}/gd/2025/t2025_{n}.shtml"
    item = ArticleItem(
        url=url, canonical_url=url, site=site, key=f"test:{n}", title=title, published_at=published
    )
    item.paragraphs = paragraphs
    body = item.body
    for name, forms in (orgs or {}).items():
        mentions = sorted((m for f in forms for m in _spans(body, f)), key=lambda m: m["start"])
        item.organizations.append({"name": name, "kind": None, "parent": None, "mentions": mentions})
    for name in persons or []:
        item.persons.append({"name": name, "mentions": _spans(body, name)})
    for text, v1, v2, gran in dates or []:
        for m in _spans(body, text):
            item.dates.append({**m, "value_start": v1, "value_end": v2, "granularity": gran})
    return item


def sample_items() -> list[ArticleItem]:
    seed = make_item(
        1,
        SEED_LIKE_TITLE,
        [
            "5月23日，济南市卫生健康委员会、济南市儿童医院联合举办托育服务宣传月启动活动。"
            "济南市卫健委党组成员李明参加活动。",
            "2025年5月15日—6月15日是全国托育服务宣传月，今年的主题是“普惠托育，科学育儿”。",
            "今年，济南市将建设普惠托育机构300家。（济南市卫健委）",
        ],
        datetime(2025, 5, 24, 9, 0, tzinfo=SH),
        orgs={
            "济南市卫生健康委员会": ["济南市卫生健康委员会", "济南市卫健委"],
            "济南市儿童医院": ["济南市儿童医院"],
        },
        persons=["李明"],
        dates=[
            ("5月23日", "2025-05-23", "2025-05-23", "day"),
            ("2025年5月15日—6月15日", "2025-05-15", "2025-06-15", "range"),
            ("今年", "2025-01-01", "2025-12-31", "year"),
        ],
    )
    entrust = make_item(
        2,
        "家政服务新规发布",
        ["新规明确，家长委托育儿嫂照看孩子时应签订书面合同。", "3月1日起施行。"],
        datetime(2025, 2, 20, 10, 0, tzinfo=SH),
        orgs={"济南市人力资源和社会保障局": ["济南市人力资源和社会保障局"]},
        dates=[("3月1日", "2025-03-01", "2025-03-01", "day")],
    )
    weather = make_item(
        3,
        "北京迎来降雪天气",
        ["2024年3月10日，北京市气象台发布暴雪蓝色预警。", "北京市气象台提醒市民注意出行安全。"],
        datetime(2024, 3, 10, 7, 30, tzinfo=SH),
        orgs={"北京市气象台": ["北京市气象台"]},
        dates=[("2024年3月10日", "2024-03-10", "2024-03-10", "day")],
    )
    other_site = make_item(
        4,
        "山东推进婴幼儿照护服务",
        [
            "4月18日，国家卫健委在济南召开座谈会，济南市卫生健康委员会介绍了经验。",
            "会议要求6月1日前完成备案工作。",
        ],
        datetime(2025, 4, 18, 16, 0, tzinfo=SH),
        site="news.cn",
        orgs={
            "国家卫生健康委员会": ["国家卫健委"],
            "济南市卫生健康委员会": ["济南市卫生健康委员会"],
        },
        dates=[
            ("4月18日", "2025-04-18", "2025-04-18", "day"),
            ("6月1日", "2025-06-01", "2025-06-01", "day"),
        ],
    )
    no_date = make_item(
        5,
        "Ｏpen data 开放数据周",
        ["COVID-19 疫情之后，开放数据（open data）再受关注。100%的受访者支持。"],
        None,
        site="news.cn",
    )
    seed.place = {"province": "山东省", "city": "济南市"}  # where the entity step files the seed story
    return [seed, entrust, weather, other_site, no_date]


def build_db(path: Path | str, items: list[ArticleItem] | None = None) -> tuple[str, Engine]:
    """A database holding ``items`` (default: :func:`sample_items`): a SQLite file at ``path``, or
    the empty database at the URL ``path`` (a ``str``, e.g. the ``db_url`` fixture's)."""
    from pipelines.db.store import upsert_article

    url = path if isinstance(path, str) else f"sqlite:///{path}"
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        for item in items if items is not None else sample_items():
            upsert_article(session, item)
    return url, engine
