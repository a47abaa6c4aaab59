"""Error classes found by reading every mention reported on the real development pages, one row or
more per class, each sentence written here (not taken from the pages). Every row lists all the
mentions its text must yield (text, first day, last day, granularity); nothing else may be reported.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipelines.dates import extract_dates

CST = timezone(timedelta(hours=8))
PUB = datetime(2025, 5, 24, 9, 0, tzinfo=CST)  # Saturday
PUB_FEB = datetime(2022, 2, 6, 20, 0, tzinfo=CST)  # Sunday
PUB_DEC = datetime(2019, 12, 10, 8, 0, tzinfo=CST)

Row = tuple[str, datetime | None, list[tuple[str, str, str, str]]]

TABLE: list[Row] = [
    # --- false positives: document numbers, counts, names -----------------------------------------
    ("市政府印发〔2024〕3号文件。", PUB, []),
    ("依据“七号”文件办理。", PUB, []),
    ("他写过一本《围城十日》。", PUB, []),
    ("提前4个多月完成任务。", PUB, []),
    ("工期缩短了两个余月。", PUB, []),
    ("老人一大早就去排队。", PUB, []),
    ("本年龄组的选手全部晋级。", PUB, []),
    # --- habits, not dates --------------------------------------------------------------------------
    ("公司每个月的月底盘点库存。", PUB, []),
    ("每到中秋节，家家户户吃月饼。", PUB, []),
    # --- "nowadays", not the publication day ----------------------------------------------------------
    ("在信息爆炸的今天，读书更显珍贵。", PUB, []),
    ("用今天的话说，这叫跨界。", PUB, []),
    ("三年后的今天，他重返赛场。", PUB, [("今天", "2025-05-24", "2025-05-24", "day")]),
    # --- a span that took the next word's character -----------------------------------------------
    ("六十年代中国的工业基础薄弱。", PUB, [("六十年代", "1960-01-01", "1969-12-31", "range")]),
    # --- missed: a list of years --------------------------------------------------------------------
    (
        "产业从2016、2017年起步。",
        PUB,
        [("2016", "2016-01-01", "2016-12-31", "year"), ("2017年", "2017-01-01", "2017-12-31", "year")],
    ),
    # --- Chinese month and day without 日: Gregorian, not lunar -------------------------------------
    ("到了三月十二，工程开工。", PUB, [("三月十二", "2025-03-12", "2025-03-12", "day")]),
    # --- bare dates take the year the text is talking about --------------------------------------------
    (
        "2019年11月下旬，厂房动工。12月3日，首批设备进场。",
        PUB,
        [
            ("2019年11月下旬", "2019-11-21", "2019-11-30", "range"),
            ("12月3日", "2019-12-03", "2019-12-03", "day"),
        ],
    ),
    (
        "2020年12月20日，项目签约；1月8日，资金到位。",
        PUB,
        [
            ("2020年12月20日", "2020-12-20", "2020-12-20", "day"),
            ("1月8日", "2021-01-08", "2021-01-08", "day"),
        ],
    ),
    (
        "2016年\n3月1日至5月3日\n8月9日\n2018年\n2月5日至4月6日",
        PUB,
        [
            ("2016年", "2016-01-01", "2016-12-31", "year"),
            ("3月1日至5月3日", "2016-03-01", "2016-05-03", "range"),
            ("8月9日", "2016-08-09", "2016-08-09", "day"),
            ("2018年", "2018-01-01", "2018-12-31", "year"),
            ("2月5日至4月6日", "2018-02-05", "2018-04-06", "range"),
        ],
    ),
    # a hard-wrapped line is still the same paragraph
    (
        "他于2010年6月2日离开\n家乡。6月9日，他到达上海。",
        PUB,
        [("2010年6月2日", "2010-06-02", "2010-06-02", "day"), ("6月9日", "2010-06-09", "2010-06-09", "day")],
    ),
    # a new paragraph, or a bare year in prose, sets no context
    (
        "2018年，公司开始转型。\n9月19日，新品发布。",
        PUB,
        [("2018年", "2018-01-01", "2018-12-31", "year"), ("9月19日", "2024-09-19", "2024-09-19", "day")],
    ),
    (
        "2018年公司就开始转型，9月19日新品发布。",
        PUB,
        [("2018年", "2018-01-01", "2018-12-31", "year"), ("9月19日", "2024-09-19", "2024-09-19", "day")],
    ),
    # a year anaphor before a bare month reads like 同年
    (
        "1900年，城中大乱。这年8月，联军入城。",
        PUB,
        [("1900年", "1900-01-01", "1900-12-31", "year"), ("8月", "1900-08-01", "1900-08-31", "month")],
    ),
    # no publication time: a bare date with a year context is absolute, and so is reported
    (
        "2003年4月1日，他入职；5月6日转正。",
        None,
        [("2003年4月1日", "2003-04-01", "2003-04-01", "day"), ("5月6日", "2003-05-06", "2003-05-06", "day")],
    ),
    # --- days after a day of the same sentence: no roll-over into the next month for a distant one ---
    (
        "9日的罢工是继5日的游行之后的又一次行动。",
        PUB_DEC,
        [("9日", "2019-12-09", "2019-12-09", "day"), ("5日", "2019-12-05", "2019-12-05", "day")],
    ),
    # --- a near date the sentence puts ahead ("也要", "即将") -----------------------------------------
    ("2月15日，德国总理也要访问基辅。", PUB_FEB, [("2月15日", "2022-02-15", "2022-02-15", "day")]),
    ("2月16日即将召开会议。", PUB_FEB, [("2月16日", "2022-02-16", "2022-02-16", "day")]),
    # --- common expressions that must be found ---------------------------------------------------------
    ("整个三月都很忙。", PUB, [("三月", "2025-03-01", "2025-03-31", "month")]),
    (
        "展览于4月3日（开幕式）和4日对公众开放。",
        PUB,
        [("4月3日", "2025-04-03", "2025-04-03", "day"), ("4日", "2025-04-04", "2025-04-04", "day")],
    ),
    ("1月至11月，全市实现增加值。", PUB, [("1月至11月", "2025-01-01", "2025-11-30", "range")]),
    ("前三季度，全省经济增长。", PUB, [("前三季度", "2025-01-01", "2025-09-30", "range")]),
    ("本周，多地迎来降雨。", PUB, [("本周", "2025-05-19", "2025-05-25", "range")]),
    ("二〇二一年，工程启动。", PUB, [("二〇二一年", "2021-01-01", "2021-12-31", "year")]),
    ("2021年上半年，出口增长。", PUB, [("2021年上半年", "2021-01-01", "2021-06-30", "half_year")]),
    # --- Minguo years (Taiwan's calendar: 民国N年 = 1911 + N), in either script; a year of three digits
    # from 100 right before a month is one too; read as a two-digit year (一三年), 2013 was reported ----------
    ("民國113年5月20日，新政府就職。", PUB, [("民國113年5月20日", "2024-05-20", "2024-05-20", "day")]),
    ("中華民國一一三年五月二十日", PUB, [("民國一一三年五月二十日", "2024-05-20", "2024-05-20", "day")]),
    ("民国三十八年，国民政府迁台。", PUB, [("民国三十八年", "1949-01-01", "1949-12-31", "year")]),
    ("他生于民国元年。", None, [("民国元年", "1912-01-01", "1912-12-31", "year")]),
    ("民國一百一十三年度預算", None, [("民國一百一十三年", "2024-01-01", "2024-12-31", "year")]),
    (
        "市政府113年5月20日公告，114年1月1日起實施。",
        PUB,
        [
            ("113年5月20日", "2024-05-20", "2024-05-20", "day"),
            ("114年1月1日", "2025-01-01", "2025-01-01", "day"),
        ],
    ),
    ("公元113年，东汉安帝在位。", PUB, []),
]


def _ids() -> list[str]:
    return [f"{i:02d}-{row[0][:10]}" for i, row in enumerate(TABLE)]


@pytest.mark.parametrize(("sentence", "pub", "expected"), TABLE, ids=_ids())
def test_class(sentence: str, pub: datetime | None, expected: list[tuple[str, str, str, str]]) -> None:
    got = [
        (m.text, m.value_start.isoformat(), m.value_end.isoformat(), m.granularity)
        for m in extract_dates(sentence, pub)
    ]
    assert got == expected
