"""apply_to_item and NormalizeTextPipeline: item fields, stats, t2s, robustness."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, RawPage
from pipelines.text import apply_to_item
from pipelines.text.boilerplate_patterns import NAMES, PATTERN_TABLE
from pipelines.text.pipeline import NormalizeTextPipeline

RAW = [
    "济南托育宣传月活动启动",
    "济南托育宣传月活动启动5月23日，济南市(jǐnánshì)卫生健康委员会举办活动。",
    "编辑:李楠",
    "受到育儿家庭的欢迎。(济南市卫健委)",
]


def _item(**kw: object) -> ArticleItem:
    item = ArticleItem(url="http://x.cn/a", canonical_url="http://x.cn/a", site="x.cn", key="http://x.cn/a")
    for k, v in kw.items():
        setattr(item, k, v)
    return item


def test_apply_to_item_fills_fields() -> None:
    item = _item(paragraphs=list(RAW))
    apply_to_item(item)
    assert item.title == "济南托育宣传月活动启动"
    assert item.paragraphs == [
        "5月23日，济南市卫生健康委员会举办活动。",
        "受到育儿家庭的欢迎。(济南市卫健委)",
    ]
    assert item.source == "济南市卫健委" and item.source_from == "attribution"
    assert item.removed == {"pinyin_gloss": 1, "editor_line": 1, "repeated_title": 1}
    assert item.title_original is None and item.paragraphs_original is None


def test_page_source_wins() -> None:
    item = _item(title="济南托育宣传月活动启动", paragraphs=list(RAW), source="\u3000央广网 ")
    apply_to_item(item)
    assert item.source == "央广网" and item.source_from == "page"


def test_html_page_title_not_guessed_from_headline() -> None:
    html = b"<html><body><p>x</p></body></html>"
    page = RawPage(url="http://x.cn/a", status=200, headers={}, body=html, fetched_at=datetime.now(UTC))
    item = _item(paragraphs=["一段看起来像标题的文字", "5月23日，活动在济南启动。"], raw_pages=[page])
    apply_to_item(item)
    assert item.title == ""
    assert len(item.paragraphs) == 2


def test_txt_item_with_raw_page_gets_headline_title() -> None:
    text = "一段看起来像标题的文字\n5月23日，活动在济南启动。".encode()
    page = RawPage(url="file:a.txt", status=200, headers={}, body=text, fetched_at=datetime.now(UTC))
    item = _item(paragraphs=text.decode().splitlines(), raw_pages=[page])
    apply_to_item(item)
    assert item.title == "一段看起来像标题的文字"
    assert item.paragraphs == ["5月23日，活动在济南启动。"]


def test_t2s_keeps_originals() -> None:
    item = _item(title="中國人民銀行發佈通知", paragraphs=["中國人民銀行發佈《關於規範網絡借貸的通知》。"])
    apply_to_item(item, t2s=True)
    assert item.title == "中国人民银行发布通知"
    assert item.paragraphs == ["中国人民银行发布《关于规范网络借贷的通知》。"]
    assert item.title_original == "中國人民銀行發佈通知"
    assert item.paragraphs_original == ["中國人民銀行發佈《關於規範網絡借貸的通知》。"]


def test_t2s_off_by_default_and_no_originals_when_simplified() -> None:
    item = _item(title="中國人民銀行", paragraphs=["發佈通知。"])
    apply_to_item(item)
    assert item.title == "中國人民銀行"
    simplified = _item(title="中国人民银行", paragraphs=["发布通知。"])
    apply_to_item(simplified, t2s=True)
    assert simplified.title_original is None and simplified.paragraphs_original is None


def test_bad_paragraphs_do_not_crash() -> None:
    item = _item(title=None, paragraphs=[None, "", "正文。", 3])  # type: ignore[list-item]
    apply_to_item(item)
    assert item.paragraphs == ["正文。"]


def test_pipeline_counts_removed_in_stats() -> None:
    crawler = get_crawler(settings_dict={"NEWS_T2S": False})
    pipeline = NormalizeTextPipeline.from_crawler(crawler)
    assert pipeline.stats is not None
    item = pipeline.process_item(_item(paragraphs=list(RAW)))
    assert item.paragraphs[0].startswith("5月23日")
    assert pipeline.stats.get_value("news/text/removed/editor_line") == 1
    assert pipeline.stats.get_value("news/text/removed/pinyin_gloss") == 1


def test_patterns_are_named_data() -> None:
    assert {"app_download", "news_tip_hotline", "woodpecker_complaints", "copyright"} <= NAMES
    assert {"editor_line", "share_line", "player_residue", "comment_widget", "related_articles"} <= NAMES
    assert all(scope in ("line", "span", "tail") for _, scope, _ in PATTERN_TABLE)


def test_pattern_table_invariants() -> None:
    from pipelines.text.boilerplate_patterns import SPAN_TRIGGERS

    for name, scope, rx in PATTERN_TABLE:
        if scope in ("line", "tail"):
            assert rx.startswith("^"), name  # matched with re.match
        else:
            assert any(t in rx for t in SPAN_TRIGGERS), name  # the span prefilter must let it through


def test_to_simplified_keeps_lone_surrogates_where_they_were() -> None:
    """Text decoded with ``surrogateescape`` has lone surrogates, which OpenCC cannot take (no UTF-8
    form): the text around them is converted, they stay in place — no UnicodeEncodeError."""
    from pipelines.entities.filters import is_person_name
    from pipelines.text.t2s import to_simplified

    assert to_simplified("德國\udc80總統") == "德国\udc80总统"
    assert to_simplified("\udc80\udc81") == "\udc80\udc81"
    assert is_person_name("張\udc80三") in (True, False)  # judged, not raised
