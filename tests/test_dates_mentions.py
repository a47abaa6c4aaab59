"""Date mentions: offsets, resolution rules, robustness, the item hook."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from crawler.items import ArticleItem
from pipelines.chain import process_article
from pipelines.dates import apply_to_item, extract_dates
from pipelines.dates.mentions import GRANULARITIES, granularity, reference_time
from pipelines.dates.width import fold_width
from tests.support.paths import ROOT

PUB = datetime(2025, 5, 24, 9, 0, tzinfo=timezone(timedelta(hours=8)))

BODY = (
    "２０２５年５月１５日～６月１５日是宣传月。\n"
    "据了解，去年全市新增托育机构50家，今年一季度又新增12家。\n"
    "（济南市卫健委）5月23日上午，活动启动；上周五，专家组抵达。热线24小时在线。\n"
    "该项目将于6月1日投入使用，预计二〇二四年底前完成的二期工程已延至明年上半年。"
)


def test_offsets_are_into_the_original_text() -> None:
    mentions = extract_dates(BODY, PUB)
    assert len(mentions) >= 7
    for m in mentions:
        assert BODY[m.start : m.end] == m.text
        assert m.granularity in GRANULARITIES
        assert m.value_start <= m.value_end
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    first = mentions[0]
    assert first.text == "２０２５年５月１５日～６月１５日"
    assert (first.value_start, first.value_end) == (date(2025, 5, 15), date(2025, 6, 15))


def test_fold_width_keeps_length() -> None:
    s = "２０２５年㈠½　～－Ａ"
    assert len(fold_width(s)) == len(s)
    assert fold_width(s).startswith("2025年")


def test_reference_time_is_shanghai_wall_clock() -> None:
    utc_late = datetime(2025, 5, 23, 23, 30, tzinfo=UTC)  # 07:30 on the 24th in Shanghai
    assert reference_time(utc_late) == datetime(2025, 5, 24, 7, 30)
    assert [m.value_start for m in extract_dates("今天，会议召开。", utc_late)] == [date(2025, 5, 24)]


def test_bare_date_resolves_to_most_recent_not_after_publication() -> None:
    pub_jan = datetime(2025, 1, 10, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    (m,) = extract_dates("12月30日，年终总结会召开。", pub_jan)
    assert m.value_start == date(2024, 12, 30)
    (m,) = extract_dates("12月30日，年终总结会召开。", PUB)
    assert m.value_start == date(2024, 12, 30)


def test_relative_dates_need_a_publication_time() -> None:
    texts = [m.text for m in extract_dates(BODY, None)]
    assert "２０２５年５月１５日～６月１５日" in texts
    assert "二〇二四年底" in texts
    for relative in ("去年", "今年一季度", "5月23日上午", "上周五", "6月1日", "明年上半年"):
        assert relative not in texts


@pytest.mark.parametrize(
    "junk",
    [
        "",
        " ",
        "\x00\x01\ufffd",
        "12345678901234567890" * 50,
        "年月日" * 500,
        "第" + "一" * 3000,
        "（" * 200 + "5月" + "）" * 200,
        "🙂2025年🙂5月🙂",
        "9999年99月99日，0000年0月0日，2025年13月1日",
        "周一至周五" * 300,
        "每年一次，每天两次，每周三",
    ],
)
def test_never_crashes(junk: str) -> None:
    for m in extract_dates(junk, PUB):
        assert junk[m.start : m.end] == m.text
    extract_dates(junk, None)


def test_non_string_input_yields_nothing() -> None:
    assert extract_dates(None, PUB) == []  # type: ignore[arg-type]


def test_long_text_offsets_across_chunks() -> None:
    para = "会议强调，要做好各项工作。" * 40 + "2024年3月5日，大会开幕。"
    text = "\n".join([para] * 30) + "\n" + "据悉" * 2000 + "2023年"
    mentions = extract_dates(text, PUB)
    assert [m.text for m in mentions] == ["2024年3月5日"] * 30 + ["2023年"]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_granularity_from_values() -> None:
    assert granularity("2024年5月", date(2024, 5, 1), date(2024, 5, 31)) == "month"
    assert granularity("一季度", date(2025, 1, 1), date(2025, 3, 31)) == "quarter"
    assert granularity("下半年", date(2025, 7, 1), date(2025, 12, 31)) == "half_year"
    assert granularity("2024年", date(2024, 1, 1), date(2024, 12, 31)) == "year"
    assert granularity("夏季", date(2025, 5, 5), date(2025, 8, 6)) == "season"
    assert granularity("2024-05-01", date(2024, 5, 1), date(2024, 5, 1)) == "day"
    assert granularity("4月至6月", date(2025, 4, 1), date(2025, 6, 30)) == "range"


def _item(paragraphs: list[str], published: datetime | None) -> ArticleItem:
    item = ArticleItem(url="http://x.cnr.cn/a", canonical_url="http://x.cnr.cn/a", site="cnr.cn", key="k")
    item.paragraphs = paragraphs
    item.published_at = published
    return item


def test_apply_to_item_fills_dates_as_json_ready_dicts() -> None:
    item = _item(["5月23日，活动启动。", "今年的主题是普惠托育。"], PUB)
    apply_to_item(item)
    assert item.dates == [
        {
            "text": "5月23日",
            "start": 0,
            "end": 5,
            "value_start": "2025-05-23",
            "value_end": "2025-05-23",
            "granularity": "day",
        },
        {
            "text": "今年",
            "start": 12,
            "end": 14,
            "value_start": "2025-01-01",
            "value_end": "2025-12-31",
            "granularity": "year",
        },
    ]
    for d in item.dates:
        assert item.body[d["start"] : d["end"]] == d["text"]


def test_chain_offsets_are_into_the_normalised_body() -> None:
    item = process_article(_item(["２０２４年３月５日，大会开幕。"], PUB))
    assert item.dates
    for d in item.dates:
        assert item.body[d["start"] : d["end"]] == d["text"]


def test_import_prints_nothing_to_stdout() -> None:
    """`cnr-news extract` writes JSON to stdout: importing and running the date step prints nothing."""
    code = "from pipelines.dates import extract_dates; print(len(extract_dates('今年5月', None)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "0\n"


def test_habits_do_not_configure_root_logging() -> None:
    root = logging.getLogger()
    handlers = list(root.handlers)
    assert extract_dates("每年一次，每天两次，每周三开放。", PUB) == []
    assert root.handlers == handlers


def test_one_failing_mention_does_not_cost_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.dates import mentions

    real = mentions.granularity

    def flaky(surface: str, vs: date, ve: date) -> str:
        if surface == "今年":
            raise RuntimeError("boom")
        return real(surface, vs, ve)

    monkeypatch.setattr(mentions, "granularity", flaky)
    texts = [m.text for m in extract_dates("2024年3月5日，大会开幕。今年，项目完工。去年，项目开工。", PUB)]
    assert texts == ["2024年3月5日", "去年"]


def test_an_expression_that_breaks_the_grammar_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.dates import grammar

    real = grammar.point_values

    def flaky(g: dict, base: datetime):  # noqa: ANN202
        if g.get("yrel") == "去年":
            raise ValueError("grammar bug")
        return real(g, base)

    monkeypatch.setattr(grammar, "point_values", flaky)
    mentions = extract_dates("坏段落，去年。\n2024年3月5日，大会开幕。", PUB)
    assert [m.text for m in mentions] == ["2024年3月5日"]
