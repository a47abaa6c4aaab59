"""Festivals, solar terms and lunar dates as Gregorian days, with the calendar maths of ``lunar_python``
(MIT, pure Python, no data files). The festival table is data: a name and the (calendar, month, day)
it falls on; lookups are cached per year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

# name -> (calendar, month, day): "solar" (Gregorian), "lunar" (Chinese lunar month/day), "eve"
# (the last day of the lunar year), "term" (a solar term, by its name), "nth" (the Nth weekday of the
# month: day = N * 10 + weekday, Monday 0: 母亲节 is the second Sunday of May, 26)
FESTIVALS: dict[str, tuple[str, int, int]] = {
    "元旦": ("solar", 1, 1),
    "情人节": ("solar", 2, 14),
    "妇女节": ("solar", 3, 8),
    "三八": ("solar", 3, 8),
    "植树节": ("solar", 3, 12),
    "愚人节": ("solar", 4, 1),
    "劳动节": ("solar", 5, 1),
    "五一": ("solar", 5, 1),
    "青年节": ("solar", 5, 4),
    "五四": ("solar", 5, 4),
    "儿童节": ("solar", 6, 1),
    "六一": ("solar", 6, 1),
    "建党节": ("solar", 7, 1),
    "七一": ("solar", 7, 1),
    "建军节": ("solar", 8, 1),
    "八一": ("solar", 8, 1),
    "教师节": ("solar", 9, 10),
    "国庆": ("solar", 10, 1),
    "十一": ("solar", 10, 1),
    "光棍节": ("solar", 11, 11),
    "双十一": ("solar", 11, 11),
    "双11": ("solar", 11, 11),
    "双十二": ("solar", 12, 12),
    "双12": ("solar", 12, 12),
    "平安夜": ("solar", 12, 24),
    "圣诞": ("solar", 12, 25),
    "母亲节": ("nth", 5, 26),
    "父亲节": ("nth", 6, 36),
    "感恩节": ("nth", 11, 43),
    "春节": ("lunar", 1, 1),
    "大年初一": ("lunar", 1, 1),
    "元宵": ("lunar", 1, 15),
    "龙抬头": ("lunar", 2, 2),
    "端午": ("lunar", 5, 5),
    "七夕": ("lunar", 7, 7),
    "中元": ("lunar", 7, 15),
    "中秋": ("lunar", 8, 15),
    "重阳": ("lunar", 9, 9),
    "腊八": ("lunar", 12, 8),
    "小年": ("lunar", 12, 23),
    "除夕": ("eve", 0, 0),
    "大年三十": ("eve", 0, 0),
    "年三十": ("eve", 0, 0),
    "清明": ("term", 0, 0),
    "立春": ("term", 0, 0),
    "立夏": ("term", 0, 0),
    "立秋": ("term", 0, 0),
    "立冬": ("term", 0, 0),
    "春分": ("term", 0, 0),
    "秋分": ("term", 0, 0),
    "夏至": ("term", 0, 0),
    "冬至": ("term", 0, 0),
}
# lunar_python names the terms of the neighbouring years in its table in pinyin
_PINYIN_TERMS = {
    "DONG_ZHI": "冬至",
    "XIAO_HAN": "小寒",
    "DA_HAN": "大寒",
    "LI_CHUN": "立春",
    "YU_SHUI": "雨水",
    "JING_ZHE": "惊蛰",
    "DA_XUE": "大雪",
}
# lunar_python counts days in the Julian calendar before 1582; Python's dates are proleptic Gregorian
LUNAR_YEARS = range(1583, 2201)
SEASON_TERMS = {
    "春": ("立春", "立夏"),
    "夏": ("立夏", "立秋"),
    "秋": ("立秋", "立冬"),
    "冬": ("立冬", "立春"),
}


@lru_cache(maxsize=512)
def solar_terms(year: int) -> dict[str, date]:
    """The 24 solar terms of Gregorian ``year``, by Chinese name (none outside LUNAR_YEARS)."""
    out: dict[str, date] = {}
    if year not in LUNAR_YEARS:
        return out
    for name, solar in Lunar.fromYmd(year, 6, 1).getJieQiTable().items():
        d = date(solar.getYear(), solar.getMonth(), solar.getDay())
        if d.year == year:
            out[_PINYIN_TERMS.get(name, name)] = d
    return out


@lru_cache(maxsize=2048)
def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of lunar ``month``/``day`` that falls in Gregorian ``year`` (腊月 dates of
    the lunar year before fall in January or February); None when that lunar month has no such day,
    or outside LUNAR_YEARS."""
    if year not in LUNAR_YEARS:
        return None
    for lunar_year in (year, year - 1):
        try:
            s = Lunar.fromYmd(lunar_year, month, day).getSolar()
        except Exception:  # lunar_python raises a bare Exception for a day the month lacks
            return None
        if s.getYear() == year:
            return date(s.getYear(), s.getMonth(), s.getDay())
    return None


def festival(year: int, name: str) -> date | None:
    """The Gregorian day of festival ``name`` (a key of FESTIVALS) in ``year``."""
    kind, month, day = FESTIVALS[name]
    if not 1000 <= year <= 2200:
        return None
    if kind == "solar":
        return date(year, month, day)
    if kind == "lunar":
        return lunar_to_solar(year, month, day)
    if kind == "nth":
        first = date(year, month, 1)
        n, weekday = divmod(day, 10)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    if kind == "eve":
        new_year = lunar_to_solar(year, 1, 1)
        return new_year - timedelta(days=1) if new_year else None
    return solar_terms(year).get(name)


def season(year: int, name: str) -> tuple[date, date] | None:
    """春/夏/秋/冬 of ``year``, from its 立 solar term to the day before the next one (winter runs into
    the next year). The end day is the next term's month and day *in the season's own year*: the
    reading jionlp used, which the table tests pin down (off by at most a day from the true term)."""
    first_term, next_term = SEASON_TERMS[name]
    terms = solar_terms(year)
    if first_term not in terms or next_term not in terms:
        return None
    end_md = terms[next_term]
    end_year = year + 1 if name == "冬" else year
    return terms[first_term], date(end_year, end_md.month, end_md.day) - timedelta(days=1)
