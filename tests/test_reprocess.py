"""``cnr-news reprocess``: re-parse stored raw pages, update articles and mentions in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from crawler.items import ArticleItem, RawPage
from pipelines.chain import process_article
from pipelines.cli import main
from pipelines.db.engine import make_engine
from pipelines.db.models import Article, DateMention, Mention, Page, PersonMention
from pipelines.db.store import upsert_article
from pipelines.reprocess import Selection, parse_stored, reprocess
from tests.support.paths import FIXTURES

CNR_PAGE = (
    "www.cnr.cn/sd/20250524/t20250524_100010.shtml",
    "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml",
)
GENERIC_PAGE = ("news_site/2024/05/26/a1001.html", "http://news.example.cn/2024/05/26/a1001.html")


def _raw(path: Path, url: str, ctype: str) -> RawPage:
    return RawPage(
        url=url,
        status=200,
        headers={"Content-Type": ctype},
        body=path.read_bytes(),
        fetched_at=datetime.now(UTC),
    )


def _items() -> list[ArticleItem]:
    cnr_path = FIXTURES / "cnr_site" / CNR_PAGE[0]
    gen_path = FIXTURES / GENERIC_PAGE[0]
    if not cnr_path.exists() or not gen_path.exists():
        pytest.skip("fixture pages not present")
    out = []
    for raw in (
        _raw(cnr_path, CNR_PAGE[1], "text/html; charset=gb2312"),
        _raw(gen_path, GENERIC_PAGE[1], "text/html"),
    ):
        item = parse_stored([raw])
        assert item.is_article, raw.url
        out.append(process_article(item))
    return out


def _mention_rows(session: Session) -> list[tuple]:
    rows = []
    for model in (DateMention, Mention, PersonMention):
        rows += [
            (model.__tablename__, *r)
            for r in session.execute(select(model.article_pk, model.start, model.end, model.text))
        ]
    return sorted(rows, key=repr)


def test_reprocess_updates_in_place(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = db_url  # SQLite and PostgreSQL (tests/support/fixtures.py)
    items = _items()
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        assert [upsert_article(s, it) for it in items] == ["new", "new"]
    with Session(engine) as s:
        good = _mention_rows(s)
        ids = dict(s.execute(select(Article.key, Article.id)).all())
        n_pages = s.scalar(select(func.count()).select_from(Page))
        first_seen = dict(s.execute(select(Article.id, Article.first_seen)).all())
    assert good, "the chain found mentions in the fixture pages"

    # an older extractor's output: a wrong title, a duplicated mention set, a stray date
    with Session(engine) as s, s.begin():
        s.execute(update(Article).values(title="旧标题"))
        s.execute(
            text(
                'INSERT INTO mentions (article_pk, organization_id, start, "end", text) SELECT article_pk, organization_id, start, "end", text FROM mentions'
            )
        )
        pk = next(iter(ids.values()))
        s.add(
            DateMention(
                article_pk=pk,
                start=0,
                end=1,
                text="x",
                value_start=datetime(2000, 1, 1).date(),
                value_end=datetime(2000, 1, 1).date(),
                granularity="day",
            )
        )
    engine.dispose()

    counts = reprocess(url)
    assert counts == {"updated": 2}
    engine = make_engine(url)
    with Session(engine) as s:
        assert _mention_rows(s) == good  # replaced, not duplicated
        assert dict(s.execute(select(Article.key, Article.id)).all()) == ids  # same rows, same ids
        assert dict(s.execute(select(Article.id, Article.first_seen)).all()) == first_seen
        assert "旧标题" not in set(s.scalars(select(Article.title)))
        assert s.scalar(select(func.count()).select_from(Page)) == n_pages
        assert set(s.scalars(select(Article.times_changed))) == {0}
    engine.dispose()

    # again: nothing to change; through the command line, with a filter
    assert main(["reprocess", "--db", url, "--no-progress"]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    assert reprocess(url, Selection(site="cnr.cn")) == {"unchanged": 1}
    assert reprocess(url, Selection(since=datetime(2030, 1, 1).date())) == {}


def test_reprocess_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reprocess", "--db", str(tmp_path / "absent.db"), "--no-progress"]) == 1
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "absent.db").exists()
