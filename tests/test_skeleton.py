from sqlalchemy import create_engine

from crawler.items import ArticleItem
from pipelines.chain import process_article
from pipelines.cli import build_parser
from pipelines.db.models import Base


def test_schema_creates_all_tables():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    assert {"articles", "pages", "crawl_runs", "date_mentions", "organizations", "mentions"} <= set(
        Base.metadata.tables
    )


def test_chain_keeps_item_identity():
    item = ArticleItem(url="http://x.cnr.cn/a", canonical_url="http://x.cnr.cn/a", site="cnr.cn", key="k")
    item.paragraphs = ["一段文字。"]
    assert process_article(item) is item
    assert item.body == "一段文字。"


def test_cli_parser_builds():
    assert build_parser().prog == "cnr-news"


def test_cli_version(capsys):
    import pytest

    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("cnr-news ")
