"""The grammar of our own date parser (issue 15): every form the issue lists, and the error classes
found by reading the mentions of the 60 development pages after jionlp was replaced. Sentences are
written here (not taken from the pages); every row lists all the mentions its text must yield.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipelines.dates import extract_dates
from pipelines.dates.grammar import parse

CST = timezone(timedelta(hours=8))
PUB = datetime(2025, 5, 24, 9, 0, tzinfo=CST)  # Saturday
PUB_NOV = datetime(2020, 11, 26, 8, 0, tzinfo=CST)
PUB_JUL = datetime(2005, 7, 5, 21, 0, tzinfo=CST)
PUB_SUN = datetime(2022, 2, 6, 20, 0, tzinfo=CST)  # Sunday

Row = tuple[str, datetime | None, list[tuple[str, str, str, str]]]

TABLE: list[Row] = [
    # --- absolute forms ------------------------------------------------------------------------------
    ("2025年5月23日上午9时，大会开幕。", PUB, [("2025年5月23日上午9时", "2025-05-23", "2025-05-23", "day")]),
    ("二〇二五年五月，工程竣工。", PUB, [("二〇二五年五月", "2025-05-01", "2025-05-31", "month")]),
    ("2025.5.23，工程竣工。", PUB, [("2025.5.23", "2025-05-23", "2025-05-23", "day")]),
    ("发布时间：2025/5/23 9:30", PUB, [("2025/5/23 9:30", "2025-05-23", "2025-05-23", "day")]),
    ("25年5月，工程竣工。", PUB, [("25年5月", "2025-05-01", "2025-05-31", "month")]),
    ("五月十三日，学生返校。", PUB, [("五月十三日", "2025-05-13", "2025-05-13", "day")]),
    ("3月 5日，记者来到山庄。", PUB, [("3月 5日", "2025-03-05", "2025-03-05", "day")]),
    ("上世纪30年代后期，他开始投资。", PUB, [("上世纪30年代后期", "1937-01-01", "1939-12-31", "range")]),
    ("这个头像产生于12世纪。", PUB, [("12世纪", "1100-01-01", "1199-12-31", "range")]),
    ("产品2003年中期开始出现。", PUB, [("2003年中期", "2003-04-01", "2003-09-30", "range")]),
    ("1995年至今，他一直在演出。", PUB, [("1995年至今", "1995-01-01", "2025-05-24", "range")]),
    # --- relative forms ------------------------------------------------------------------------------
    ("前天，专家组抵达。", PUB, [("前天", "2025-05-22", "2025-05-22", "day")]),
    ("本周五，新馆开放。", PUB, [("本周五", "2025-05-23", "2025-05-23", "day")]),
    ("下周一，工程复工。", PUB, [("下周一", "2025-05-26", "2025-05-26", "day")]),
    ("晚8点，晚会开始。昨晚8点，演出结束。", PUB, [("昨晚8点", "2025-05-23", "2025-05-23", "day")]),
    ("本月中旬，小麦开镰。", PUB, [("本月中旬", "2025-05-11", "2025-05-20", "range")]),
    ("3天后，专家组将抵达。", PUB, [("3天后", "2025-05-27", "2025-05-27", "day")]),
    (
        "5月1日，他出发。3天后，他抵达北京。",
        PUB,
        [
            ("5月1日", "2025-05-01", "2025-05-01", "day"),
            ("3天后", "2025-05-04", "2025-05-04", "day"),
        ],
    ),
    ("用盐腌制一天以后再炒。", PUB, []),
    ("近日，全市开展检查。", PUB, []),
    # --- festivals and lunar dates (lunar-python does the calendar maths) ------------------------------
    ("中秋节，家人团聚。", PUB, [("中秋节", "2024-09-17", "2024-09-17", "day")]),
    ("正月十五，全城观灯。", PUB, [("正月十五", "2025-02-12", "2025-02-12", "day")]),
    ("农历八月十五，家人团聚。", PUB, [("农历八月十五", "2024-09-17", "2024-09-17", "day")]),
    ("大年初三，我去看望老师。", PUB, [("大年初三", "2025-01-31", "2025-01-31", "day")]),
    ("那是2001年的除夕夜。", PUB, [("2001年的除夕夜", "2001-01-23", "2001-01-23", "day")]),
    (
        "今年，持续整个正月的展览。",
        PUB,
        [
            ("今年", "2025-01-01", "2025-12-31", "year"),
            ("正月", "2025-01-29", "2025-02-27", "range"),
        ],
    ),
    (
        "去年的父亲节是6月16日。",
        PUB,
        [("去年的父亲节", "2024-06-16", "2024-06-16", "day"), ("6月16日", "2024-06-16", "2024-06-16", "day")],
    ),
    (
        "在五六年底五七年初一段时间。",
        None,
        [
            ("五六年底", "1956-11-01", "1956-12-31", "range"),
            ("五七年初", "1957-01-01", "1957-02-28", "range"),
        ],
    ),
    (
        "国庆中秋长假过半。",
        PUB,
        [
            ("国庆", "2024-10-01", "2024-10-01", "day"),
            ("中秋", "2024-09-17", "2024-09-17", "day"),
        ],
    ),
    # --- not dates -----------------------------------------------------------------------------------
    ("每周三开放。有周末，吃住都包。", PUB, []),
    ("时间跨度从公元前2000年直到殖民时期。", PUB, []),
    ("年代约为400至1000年前。", PUB, []),
    ("在交易所的数十年中，他从未缺席。", PUB, []),
    ("官员限一月内出境。", PUB, []),
    ("春到人间人似玉，灯烧月下月如怠。", PUB, []),
    ("张家界的春天美得让人眩目。冬天吃腌菜，夏天换吃法。", PUB, []),
    ("到了今日，中国的病已成。何至有今日？", PUB, []),
    ("今天比昨天更好\n星期六的晚上", PUB, []),
    # --- context ---------------------------------------------------------------------------------------
    # a year-range heading: the rows under it start in its first year
    (
        "2001年~2002年\n6月2日至2月16日",
        PUB,
        [
            ("2001年~2002年", "2001-01-01", "2002-12-31", "range"),
            ("6月2日至2月16日", "2001-06-02", "2002-02-16", "range"),
        ],
    ),
    # an explicit later year in the paragraph governs the bare dates after it
    (
        "2016年12月14日，电视台发表声明。12月16日，制作组道歉。",
        datetime(2011, 6, 17, tzinfo=CST),
        [
            ("2016年12月14日", "2016-12-14", "2016-12-14", "day"),
            ("12月16日", "2016-12-16", "2016-12-16", "day"),
        ],
    ),
    # a past year's narrative carries over paragraphs...
    (
        "一九八九年四月，我在张家界。\n在4月23日长沙一些商店被砸之后，学校停课。",
        PUB_JUL,
        [
            ("一九八九年四月", "1989-04-01", "1989-04-30", "month"),
            ("4月23日", "1989-04-23", "1989-04-23", "day"),
        ],
    ),
    # ...but not to a day just before the publication
    (
        "2016年4月14日晚，事发。\n11月19日早上，他回到家中。",
        PUB_NOV,
        [
            ("2016年4月14日晚", "2016-04-14", "2016-04-14", "day"),
            ("11月19日早上", "2020-11-19", "2020-11-19", "day"),
        ],
    ),
    # a relative year in the sentence of a past day counts from that day's year
    (
        "2004年6月3日，发电量创下了今年的最高纪录，比去年同期多发2亿千瓦时。",
        datetime(2005, 1, 14, tzinfo=CST),
        [
            ("2004年6月3日", "2004-06-03", "2004-06-03", "day"),
            ("今年", "2004-01-01", "2004-12-31", "year"),
            ("去年", "2003-01-01", "2003-12-31", "year"),
        ],
    ),
    (
        "1月4日，甲公司发布公告。\n两天之后的1月6日，乙公司跟进。",
        datetime(2005, 1, 14, tzinfo=CST),
        [("1月4日", "2005-01-04", "2005-01-04", "day"), ("1月6日", "2005-01-06", "2005-01-06", "day")],
    ),
    # a bare date just after publication is the upcoming one, unless its sentence tells of the past
    (
        "大年初三，我到网吧看到许多小孩玩了通宵。",
        datetime(2005, 2, 6, tzinfo=CST),
        [("大年初三", "2004-01-24", "2004-01-24", "day")],
    ),
    (
        "大年初三，网吧将延长营业时间。",
        datetime(2005, 2, 6, tzinfo=CST),
        [("大年初三", "2005-02-11", "2005-02-11", "day")],
    ),
    # weekdays after 下星期 are days of that week
    (
        "马克龙下星期访问莫斯科。报纸说，他星期一会见普京，星期二访问基辅。",
        PUB_SUN,
        [
            ("下星期", "2022-02-07", "2022-02-13", "range"),
            ("星期一", "2022-02-07", "2022-02-07", "day"),
            ("星期二", "2022-02-08", "2022-02-08", "day"),
        ],
    ),
    # a relative day followed by its date in brackets: the bracket says which day
    (
        "报道称，从今天（10月1日）到下周四，出游人数将超过6亿。",
        datetime(2020, 10, 4, tzinfo=CST),
        [
            ("10月1日", "2020-10-01", "2020-10-01", "day"),
            ("下周四", "2020-10-08", "2020-10-08", "day"),
        ],
    ),
]


def _ids() -> list[str]:
    return [f"{i:02d}-{row[0][:10]}" for i, row in enumerate(TABLE)]


@pytest.mark.parametrize(("sentence", "pub", "expected"), TABLE, ids=_ids())
def test_grammar(sentence: str, pub: datetime | None, expected: list[tuple[str, str, str, str]]) -> None:
    got = [
        (m.text, m.value_start.isoformat(), m.value_end.isoformat(), m.granularity)
        for m in extract_dates(sentence, pub)
    ]
    assert got == expected


def test_a_long_text_that_names_no_year_is_not_anchored_on_its_publication() -> None:
    """A classic reprinted (its 今年 is not the publication's): relative mentions are not reported."""
    text = "列位，今年俄国又占了奉天。" + "我们须知道瓜分的祸。" * 600
    assert len(text) > 5000
    assert extract_dates(text, PUB) == []
    assert [m.text for m in extract_dates("列位，今年俄国又占了奉天。", PUB)] == ["今年"]


def test_a_text_reporting_years_after_its_publication_time_is_not_anchored() -> None:
    """An encyclopedia page dated 2011 that reports 2016-2019: only absolute mentions are reported."""
    text = (
        "2016年5月1日，首播。2017年3月2日，续订。2019年7月3日，完结。\n节目于9月18至23日重播。今年，他结婚。"
    )
    got = [m.text for m in extract_dates(text, datetime(2011, 6, 17, tzinfo=CST))]
    assert got == ["2016年5月1日", "2017年3月2日", "2019年7月3日"]


def test_parse_reads_one_whole_expression() -> None:
    base = datetime(2025, 5, 24, 9)
    assert parse("2015年12月21日", base) is not None
    assert parse("2015年12月21日和22日", base) is None
    assert parse("去年冬天", base) == (datetime(2024, 11, 7).date(), datetime(2025, 2, 3).date())


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二十三", 23),
        ("廿三", 23),
        ("二〇二四", 2024),
        ("一百一十三", 113),
        ("一百十三", 113),
        ("一百零五", 105),
        ("一百二", 120),
        ("一百", 100),
        ("一百一百", None),
        ("十百", None),
        ("三十八十", None),
    ],
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    from pipelines.dates.calendar_math import cn_int

    assert cn_int(numeral) == value
