"""Our Chinese date-expression grammar: finds time expressions in (width-folded) text and computes the
calendar days they name against a reference time.

One compiled pattern (``POINT``) reads a *point*: an optional year (``2025年``, ``二〇二五年``,
``25年``, ``今年``, ``去年`` …) followed by a part of the year (``上半年``, ``一季度``, ``年底``,
``春``), a festival (``春节``, ``中秋``), or a month (``5月``, ``正月``, ``上个月``) with a part
(``上旬``, ``底``) or a day (``23日``, ``15-20日``, ``十五``, ``初一``); or a relative day (``昨天``),
a weekday (``上周五``), a week (``本周``), a day alone (``23日``), a decade (``八十年代``), a formatted
date (``2025-05-23``, ``2025.5.23``, ``2025/5/23 9:30``); then optionally a weekday aside
(``（星期五）``) and a time of day (``上午9时``, ``晚``, ``9:30``), which belong to the span but not to
the value. Two points joined by a range separator (``至``, ``—``, ``~``, ``到``) are one range, the
second taking what it omits from the first (``5月15日至6月15日``, ``2024年5月15日－20日``); a point
followed by ``至今`` runs to the reference day.

``find(text)`` yields the expressions; ``Expression.values(base)`` the first and last day;
``parse(text, base)`` reads one whole string (used for ``同年`` + the rest).
Values are plain calendar arithmetic except festivals and lunar dates (``festivals.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crawler.constants import ROC_EPOCH
from pipelines.dates import festivals
from pipelines.dates.calendar_math import cn_int, month_end, month_part, shift_months, valid_day

Values = tuple[date, date]

_CN_DIGIT = "〇零一二三四五六七八九"
_YEAR4 = rf"\d{{4}}|[{_CN_DIGIT}]{{4}}"
_YEAR2 = rf"\d{{2}}|[{_CN_DIGIT}]{{2}}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"[12]\d|3[01]|0?[1-9]|[一二三四五六七八九十廿卅]{1,3}"
_LUNAR_DAY = (
    r"初[一二三四五六七八九十]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|十[一二三四五六七八九]?"
)
_SEP = r"\s*(?:——|[-—–‒―－~～至到])\s*"
# what may not stand right before a month or day number (it would be part of a count: 3个月, 第十一,
# 每月 …) — the same guard as patterns.MONTH's
_NOT_BEFORE_NUM = (
    r"(?:(?<=整个)|(?<![\d.〇零一二三四五六七八九十两几多数半每个第上下本这当同近约满隔则]))"
    r"(?<![\d〇一二三四五六七八九十][-—–~～至到、])"  # the end of a number range or list: 3至5日
)

# relative words: offset in years / months / days from the reference
REL_YEAR: dict[str, int] = {
    "大前年": -3,
    "前年": -2,
    "去年": -1,
    "上年": -1,
    "今年": 0,
    "本年": 0,
    "明年": 1,
    "来年": 1,
    "后年": 2,
    "大后年": 3,
    # anaphora: valued by the candidate layer from the mention they refer to (see resolve.py)
    "同年": 0,
    "当年": 0,
    "是年": 0,
    "该年": 0,
    "次年": 0,
    "翌年": 0,
    "第二年": 0,
}
REL_SEASON_YEAR: dict[str, int] = {"今": 0, "去": -1, "明": 1}  # 今春, 去冬, 明春
REL_MONTH: dict[str, int] = {
    "上上个月": -2,
    "上上月": -2,
    "上个月": -1,
    "上月": -1,
    "本月": 0,
    "这个月": 0,
    "这月": 0,
    "当月": 0,
    "同月": 0,
    "下个月": 1,
    "下月": 1,
    "次月": 1,
}
REL_DAY: dict[str, int] = {
    "大前天": -3,
    "前天": -2,
    "前日": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晨": -1,
    "昨早": -1,
    "昨晚": -1,
    "昨夜": -1,
    "今天": 0,
    "今日": 0,
    "今晨": 0,
    "今早": 0,
    "今晚": 0,
    "今夜": 0,
    "明天": 1,
    "明日": 1,
    "明早": 1,
    "明晚": 1,
    "后天": 2,
    "大后天": 3,
    # anaphora (see resolve.py)
    "当天": 0,
    "当日": 0,
    "当晚": 0,
    "当夜": 0,
    "同日": 0,
    "同一天": 0,
    "次日": 0,
    "翌日": 0,
    "第二天": 0,
    "前一天": 0,
    "后一天": 0,
}
REL_WEEK: dict[str, int] = {
    "上上": -2,
    "上": -1,
    "上个": -1,
    "本": 0,
    "这": 0,
    "这个": 0,
    "下": 1,
    "下个": 1,
    "下下": 2,
}
WEEKDAY: dict[str, int] = dict(
    zip("一二三四五六日天1234567", (0, 1, 2, 3, 4, 5, 6, 6, 0, 1, 2, 3, 4, 5, 6), strict=True)
)
QUARTER: dict[str, int] = {"一": 1, "二": 2, "三": 3, "四": 4, "两": 2, "1": 1, "2": 2, "3": 3, "4": 4}
# parts of a year without a quarter or a season: (first month, last month)
YEAR_PART: dict[str, tuple[int, int]] = {
    "上半年": (1, 6),
    "前半年": (1, 6),
    "下半年": (7, 12),
    "后半年": (7, 12),
    "年初": (1, 2),
    "初": (1, 2),
    "年中": (6, 7),
    "年底": (11, 12),
    "中期": (4, 9),
    "年末": (11, 12),
    "底": (11, 12),
    "末": (11, 12),
}
DECADE_PART: dict[str, tuple[int, int]] = {
    "初": (0, 2),
    "初期": (0, 2),
    "前期": (0, 3),
    "中期": (3, 6),
    "中后期": (5, 9),
    "后期": (7, 9),
    "末": (7, 9),
    "末期": (7, 9),
}
_DECADE_PARTS = "|".join(sorted(DECADE_PART, key=len, reverse=True))

_REL_YEARS = "|".join(sorted(REL_YEAR, key=len, reverse=True))
_REL_MONTHS = "|".join(sorted(REL_MONTH, key=len, reverse=True))
_REL_DAYS = "|".join(sorted(REL_DAY, key=len, reverse=True))
_REL_WEEKS = "上上|下下|上个|下个|这个|[上下本这]"
# festivals, with the word that must follow the ambiguous ones (国庆70周年, 政治清明, 第十一届)
_FESTIVAL_NAMES = sorted(festivals.FESTIVALS, key=len, reverse=True)
_AMBIGUOUS_FESTIVALS = {
    "国庆",
    "十一",
    "五一",
    "六一",
    "七一",
    "八一",
    "三八",
    "五四",
    "清明",
    "小年",
    "圣诞",
}
_FESTIVAL_FOLLOW = r"(?=节|假|黄金周|期间|长假|小长假|当天|前夕|前后|档|晚会|中秋|$)"
_FESTIVALS = "|".join(
    (re.escape(n) + _FESTIVAL_FOLLOW if n in _AMBIGUOUS_FESTIVALS else re.escape(n)) for n in _FESTIVAL_NAMES
)
_TIME_WORD = (
    r"凌晨|清晨|早晨|早上|一早|上午|中午|午间|午后|下午|傍晚|晚上|晚间|夜间|夜里|深夜|半夜|午夜|白天|"
    r"晚(?![会报餐饭宴辈期于点些年])|夜(?![班市校景色空晚间里])"
)
_CLOCK = (
    r"(?:\d{1,2}|[零〇一二三四五六七八九十两]{1,3})\s*[时点](?![钟])"
    r"(?:\s*(?:\d{1,2}|[零〇一二三四五六七八九十]{1,3})\s*分|半|整|一刻|三刻)?(?:许|左右)?"
    r"|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)"
)

# a year of the Republic of China (Minguo, Taiwan's official calendar: 民国113年 = 2024): after 民国
# (or 民國: a short traditional text may be read as written, see pipelines.text.t2s), or
# a year of three digits from 100 right before a month (台北市政府113年5月20日公告; a Gregorian year
# 100–199 with a month is not news, 公元 before it makes it one)
_ROC_YEAR = (
    rf"民[国國](?P<roc>\d{{1,3}}|元|[{_CN_DIGIT}十百]{{1,5}})\s*年(?!代)"
    rf"|(?<![\d.])(?<!公元)(?P<roc3>1\d\d)\s*年(?=\s*(?:{_MONTH})月)"
)
# a part of a year written without its year must not close a count: 数十年中, 大年初三
_NO_COUNT_BEFORE = r"(?<![\d〇零一二三四五六七八九十百千万数几多个余来两大])"
# after a month: a count of months (一月内, 3月余), not a date
_NOT_MONTH_COUNT = r"(?!内|之内|以内|多|余|有余|左右|之久|来)"

# How a point can open, by its first character(s): the text is scanned in C for those characters
# (FIRST_CHARS), and only where one stands is the opening (OPENINGS[char]) and then POINT tried.
_CN_NUMERALS = "〇零一二三四五六七八九十廿卅两"
_OPENING_RULES: list[tuple[str, str]] = [
    ("0123456789", r"\d"),
    ("民", "民[国國]"),
    (_CN_NUMERALS, rf"[{_CN_NUMERALS}]{{1,4}}(?:年|月|[日号天]|世纪|季度)"),
    ("第前后", r"[第前后][一二三四两1-4]季度"),
    ("今去明", r"[今去明][春夏秋冬]"),
    ("春夏秋冬", r"[春夏秋冬]"),
    ("上下这本", r"(?:上上|下下|上个|下个|这个|[上下本这])(?:周|星期|礼拜)"),
    ("周星礼", r"周|星期|礼拜"),
] + [
    (w[0], re.escape(w))
    for w in (
        *REL_YEAR,
        *REL_MONTH,
        *REL_DAY,
        *festivals.FESTIVALS,
        *("农历", "阴历", "大年初", "正月", "腊月", "每", "上世纪", "上个世纪"),
        *("上半年", "下半年", "前半年", "后半年", "年初", "年中", "年底", "年末"),
    )
]
FIRST_CHARS = re.compile(
    "[" + re.escape("".join(sorted({c for chars, _ in _OPENING_RULES for c in chars}))) + "]"
)
OPENINGS: dict[str, re.Pattern[str]] = {
    c: re.compile("|".join(dict.fromkeys(rx for chars, rx in _OPENING_RULES if c in chars)))
    for c in {c for chars, _ in _OPENING_RULES for c in chars}
}

POINT = re.compile(
    rf"""
    (?:
      (?P<skip>每(?:个|一)?(?:周|星期|礼拜|年|月)[一二三四五六日天末1-7]?(?:{_SEP}(?:周|星期|礼拜)?[一二三四五六日天末1-7])?)
    | (?<![\d.])(?P<fy>\d{{4}})(?P<fsep>[-/.])(?P<fm>1[0-2]|0?[1-9])(?:(?P=fsep)(?P<fd>[12]\d|3[01]|0?[1-9])(?![\d.]))?
        (?(fd)|(?![\d.]|(?P=fsep)))
    | (?:(?P<cent>上个?世纪|\d{{2}}世纪|二十一世纪|二十世纪|十九世纪))?
        (?P<dec>\d{{2}}|[一二三四五六七八九]十)年代(?P<decp>{_DECADE_PARTS})?
    | (?<![\d.])(?P<cy>\d{{1,2}}|二十一|二十|十[一二三四五六七八九]?|[一二三四五六七八九])世纪(?!\d)
    | (?:(?<![\u4e00-\u9fff])|(?<=[到在于是的]))(?P<nd>\d{{1,3}}|[一二三四五六七八九十两]{{1,3}})(?:天|日)(?P<ndir>之后|以后|后|之前|以前|前)(?![后天年])
    | (?:
        (?:(?<![\d.{_CN_DIGIT}十百])(?<![\d〇一二三四五六七八九十][-—–~～至到])(?<!公元前)(?<!前)(?P<y>{_YEAR4}|{_YEAR2})\s*年(?!代)
          |{_ROC_YEAR}
          |(?P<yrel>{_REL_YEARS})|(?P<sy>[今去明])(?=[春夏秋冬]))?
        (?:(?<=年)的(?=农历|阴历|{_FESTIVALS}|[春夏秋冬]季|正月|腊月|(?:{_MONTH})月))?
        (?:
          (?P<q>(?:第|前|后)?[一二三四两1-4]季度)
        | (?P<ypart>上半年|下半年|前半年|后半年|{_NO_COUNT_BEFORE}(?:年初(?![一二三四五六七八九十])|年中|年底|年末)
            |(?<=年)(?:中期|初(?![\d二三四五六七八九十]|一(?![段些个次]))|底|末))
        | (?P<lun3>农历|阴历)?(?P<fest>{_FESTIVALS})(?:节|日)?
        | (?P<season>[春夏秋冬])(?P<seasonw>季|天)?(?!的)
        | (?:
            (?:(?P<lun>农历|阴历)?(?:(?P<lm>正|腊)月|(?P<lm3>大年)(?=初))
              |(?P<lun2>农历|阴历){_NOT_BEFORE_NUM}(?P<lm2>{_MONTH})月
              |{_NOT_BEFORE_NUM}(?P<m>{_MONTH})月(?:份)?{_NOT_MONTH_COUNT}|(?<!月)(?P<mrel>{_REL_MONTHS}))
            (?:
              \s?(?P<dr1>{_DAY})[日号]?{_SEP}(?P<dr2>{_DAY})[日号]
            | \s?(?P<d>{_DAY})\s*[日号]
            | (?P<ld>{_LUNAR_DAY})(?![\d日号一二三四五六七八九十])
            | (?P<mpart>上旬|中旬|下旬|初|底|末)
            )?
          )
        | (?P<drel>{_REL_DAYS})
        | (?<!每)(?<!有)(?P<wrel>{_REL_WEEKS})?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末1-7])
        | (?P<week>{_REL_WEEKS})(?:周|星期|礼拜)(?![一二三四五六日天末1-7])
        | {_NOT_BEFORE_NUM}(?P<bd>{_DAY})[日号]
        )?
      )
    )
    (?P<aside>\s*[(（](?:周|星期)[一二三四五六日天][)）])?
    (?P<time>(?:{_TIME_WORD})(?:\s*(?:{_CLOCK}))?|\s?(?:{_CLOCK}))?
    """,
    re.VERBOSE,
)
RANGE_SEP = re.compile(_SEP)
TO_NOW = re.compile(r"\s*(?:至今|迄今|到现在|至现在|[-—–~～]\s*(?:现在|今))")


@dataclass
class Expression:
    start: int
    end: int
    first: dict[str, str | None]  # the groups of the first (or only) point
    last: dict[str, str | None] | None = None  # the second point of a range
    to_now: bool = False  # 1995年至今

    def values(self, base: datetime) -> Values | None:
        """First and last day against ``base``; None: not a date we can value."""
        v1 = point_values(self.first, base)
        if v1 is None:
            return None
        if self.to_now:
            return (v1[0], base.date()) if v1[0] <= base.date() else None
        if self.last is None:
            return v1
        v2 = _second_point(self.first, self.last, v1, base)
        if v2 is None or v2[1] < v1[0]:
            return None
        return v1[0], v2[1]


def _second_point(
    first: dict[str, str | None], last: dict[str, str | None], v1: Values, base: datetime
) -> Values | None:
    """The second point of a range, taking the year (and month) it omits from the first."""
    g = dict(last)
    if not (g["y"] or g["yrel"]) and (g["m"] or g["lm"] or g["lm2"] or g["lm3"] or g["bd"] or g["fest"]):
        anchor = datetime(v1[0].year, v1[0].month, 1, 12)
        if g["bd"] and not (g["m"] or g["lm"] or g["lm2"] or g["lm3"]):
            v2 = point_values(g, anchor)  # 15日至20日: the first point's month
            if v2 is not None and v2[1] < v1[0]:
                v2 = point_values(g, shift_months(anchor, 1))
            return v2
        v2 = point_values(g, anchor)
        if v2 is not None and v2[1] < v1[0]:  # 12月25日至1月5日
            v2 = point_values(g, anchor.replace(year=anchor.year + 1))
        return v2
    return point_values(g, base)


def find(text: str) -> Iterator[Expression]:
    """Every expression of ``text``, in order, ranges joined."""
    points: list[tuple[int, int, dict[str, str | None]]] = []
    for m in _points(text):
        g = m.groupdict()
        if g["skip"]:
            points.append((m.start(), m.end(), {}))  # consumed, never reported
            continue
        end = _core_end(m)
        if end <= m.start():
            continue
        points.append((m.start(), end, g))
    i = 0
    while i < len(points):
        s, e, g = points[i]
        if not g:
            i += 1
            continue
        if i + 1 < len(points):
            s2, e2, g2 = points[i + 1]
            if g2 and _joinable(g, g2) and RANGE_SEP.fullmatch(text, e, s2):
                yield Expression(s, e2, g, g2)
                i += 2
                continue
        now = TO_NOW.match(text, e)
        if now is not None and _has_date(g):
            yield Expression(s, now.end(), g, to_now=True)
        else:
            yield Expression(s, e, g)
        i += 1


def _points(text: str) -> Iterator[re.Match[str]]:
    """Non-empty matches of POINT, tried only where an opening stands (several times faster than
    POINT.finditer, which would try the whole pattern at every character)."""
    pos = 0
    while True:
        s = FIRST_CHARS.search(text, pos)
        if s is None:
            return
        i = s.start()
        m = POINT.match(text, i) if OPENINGS[text[i]].match(text, i) else None
        if m is None or m.end() == i:
            pos = i + 1
            continue
        yield m
        pos = m.end()


def parse(text: str, base: datetime) -> Values | None:
    """The values of ``text`` read as one whole expression; None when it is not exactly one."""
    found = list(find(text))
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(text.rstrip()):
        return None
    return found[0].values(base)


def _core_end(m: re.Match[str]) -> int:
    """Where the point ends: a time of day counts only after a day (昨天下午, 6月4日晚, 2月13日7时)."""
    g = m.groupdict()
    day_level = (
        g["d"] or g["ld"] or g["drel"] or g["wd"] or g["bd"] or g["fd"] or g["fest"] or g["dr2"] or g["nd"]
    )
    if g["time"] and day_level:
        return m.end()
    if g["aside"] and day_level:
        return m.end("aside")
    # without a day: the point ends before the aside and the time
    for name in ("aside", "time"):
        if m.group(name) is not None and m.start(name) >= 0 and m.group(name) != "":
            return _strip_end(m, m.start(name))
    return _strip_end(m, m.end())


def _strip_end(m: re.Match[str], end: int) -> int:
    s = m.string
    while end > m.start() and s[end - 1].isspace():
        end -= 1
    return end


_DATE_GROUPS = (
    "y",
    "roc",
    "roc3",
    "yrel",
    "m",
    "lm",
    "lm2",
    "lm3",
    "mrel",
    "fy",
    "dec",
    "cy",
    "fest",
    "d",
    "bd",
    "q",
    "ypart",
    "season",
)


def _has_date(g: dict[str, str | None]) -> bool:
    return any(g[k] for k in _DATE_GROUPS)


def _joinable(g1: dict[str, str | None], g2: dict[str, str | None]) -> bool:
    """Two points a separator can join into a range: both calendar dates, the second not a weekday
    after a date or a relative day after an absolute one (周一至周五 is a range of weekdays)."""
    if not (_has_date(g1) or g1["wd"] or g1["drel"]) or not (_has_date(g2) or g2["wd"] or g2["drel"]):
        return False
    if g1["wd"] or g2["wd"]:
        return bool(g1["wd"] and g2["wd"])
    if g2["bd"] and not (g1["d"] or g1["bd"] or g1["fd"] or g1["dr2"]):
        return False  # 5月—20日: no
    return True


# ---- values --------------------------------------------------------------------------------------


def _year_number(text: str, base: datetime) -> int | None:
    y = cn_int(text)
    if y is None:
        return None
    if len(text) == 2:  # 25年: 2025; 98年: 1998 (the nearest not more than ten years ahead)
        y = 2000 + y if 2000 + y <= base.year + 10 else 1900 + y
    return y


ROC_LAST = 150  # 2061


def _roc_year(text: str) -> int | None:
    """A Minguo year as a Gregorian one (民国38年, 民国三十八年 → 1949; 民国元年 → 1912); None past
    ``ROC_LAST`` (a number, not a year)."""
    n = 1 if text == "元" else cn_int(text)
    if n is None or not 1 <= n <= ROC_LAST:
        return None
    return ROC_EPOCH + n


def point_values(g: dict[str, str | None], base: datetime) -> Values | None:
    """First and last day of one point against ``base``."""
    if g.get("fy"):
        return _formatted(g)
    if g.get("dec"):
        return _decade(g)
    if g.get("cy"):
        century = cn_int(g["cy"] or "")
        if not century or not 1 <= century <= 22:
            return None
        return date(max(1, (century - 1) * 100), 1, 1), date((century - 1) * 100 + 99, 12, 31)
    if g.get("nd"):
        n = cn_int(g["nd"] or "")
        if n is None or n > 400:
            return None
        day = base.date() + timedelta(days=-n if "前" in (g["ndir"] or "") else n)
        return day, day
    year: int | None = None
    if g["y"]:
        year = _year_number(g["y"], base)
        if year is None:
            return None
    elif g["roc"] or g["roc3"]:
        year = _roc_year(g["roc"] or g["roc3"] or "")
        if year is None:
            return None
    elif g["yrel"]:
        year = base.year + REL_YEAR[g["yrel"]]
    elif g["sy"]:
        year = base.year + REL_SEASON_YEAR[g["sy"]]
    y = year if year is not None else base.year
    if g["q"]:
        return _quarter(y, g["q"])
    if g["ypart"]:
        if year is None and g["ypart"] in ("初", "底", "末"):
            return None  # 底, 末 alone: not a date
        first, last = YEAR_PART[g["ypart"]]
        return date(y, first, 1), month_end(y, last)
    if g["season"]:
        if year is None and g["seasonw"] != "季":
            return None  # 春 alone, 春天: too ambiguous (张家界的春天, 冬天吃腌菜)
        return festivals.season(y, g["season"])
    if g["fest"]:
        festival_day = festivals.festival(y, g["fest"])
        return (festival_day, festival_day) if festival_day else None
    if g["lm"] or g["lm2"] or g["lm3"]:
        return _lunar(g, y)
    if g["m"] or g["mrel"]:
        return _month_day(g, year, base)
    if g["drel"]:
        day = base.date() + timedelta(days=REL_DAY[g["drel"]])
        return day, day
    if g["wd"]:
        return _weekday(g, base)
    if g["week"]:
        monday = base.date() - timedelta(days=base.weekday()) + timedelta(weeks=REL_WEEK[g["week"]])
        return monday, monday + timedelta(days=6)
    if g["bd"]:
        d = cn_int(g["bd"])
        if d is None or not valid_day(base.year, base.month, d):
            return None
        return date(base.year, base.month, d), date(base.year, base.month, d)
    if year is not None:
        return date(y, 1, 1), date(y, 12, 31)
    return None


def _formatted(g: dict[str, str | None]) -> Values | None:
    y, m = int(g["fy"] or 0), int(g["fm"] or 0)
    if g["fd"]:
        d = int(g["fd"])
        if not valid_day(y, m, d):
            return None
        return date(y, m, d), date(y, m, d)
    if g["fsep"] == ".":
        return None  # 2025.5: a decimal as often as a month
    return date(y, m, 1), month_end(y, m)


def _decade(g: dict[str, str | None]) -> Values | None:
    dec = cn_int(g["dec"] or "")
    if dec is None or dec % 10:
        return None
    cent = g["cent"]
    if cent in ("二十一世纪",) or (cent and cent.startswith("21")):
        start = 2000 + dec
    elif cent and cent.startswith("上"):
        start = 1900 + dec
    elif cent and cent not in ("二十世纪",) and not cent.startswith("20"):
        start = 1800 + dec
    else:
        start = 1900 + dec
    first, last = DECADE_PART.get(g["decp"] or "", (0, 9))
    return date(start + first, 1, 1), date(start + last, 12, 31)


def _quarter(y: int, text: str) -> Values | None:
    q = QUARTER.get(text.rstrip("季度")[-1])
    if q is None:
        return None
    if text.startswith("前"):
        return date(y, 1, 1), month_end(y, 3 * q)
    if text.startswith("后"):
        return date(y, 12 - 3 * q + 1, 1), date(y, 12, 31)
    return date(y, 3 * q - 2, 1), month_end(y, 3 * q)


def _lunar(g: dict[str, str | None], y: int) -> Values | None:
    month = 1 if g["lm3"] else {"正": 1, "腊": 12}.get(g["lm"] or "") or cn_int(g["lm2"] or "")
    if not month or not 1 <= month <= 12:
        return None
    day_text = g["ld"] or g["d"]
    if not day_text:  # the whole lunar month: its first day to the day before the next month's
        first = festivals.lunar_to_solar(y, month, 1)
        after = festivals.lunar_to_solar(y + (month == 12), month % 12 + 1, 1)
        return (first, after - timedelta(days=1)) if first and after and first < after else None
    day = cn_int(day_text.replace("初", ""))
    if not day:
        return None
    solar = festivals.lunar_to_solar(y, month, day)
    return (solar, solar) if solar else None


def _month_day(g: dict[str, str | None], year: int | None, base: datetime) -> Values | None:
    if g["mrel"]:
        t = shift_months(base, REL_MONTH[g["mrel"]])
        y, month = t.year, t.month
    else:
        number = cn_int(g["m"] or "")
        if not number or not 1 <= number <= 12:
            return None
        y, month = (year if year is not None else base.year), number
    if g["mpart"]:
        return month_part(y, month, g["mpart"])
    if g["dr1"] and g["dr2"]:
        d1, d2 = cn_int(g["dr1"]), cn_int(g["dr2"])
        if not (d1 and d2 and d1 < d2 and valid_day(y, month, d2)):
            return None
        return date(y, month, d1), date(y, month, d2)
    day_text = g["d"] or g["ld"]
    if day_text:
        if day_text.startswith("初"):
            return None  # 八月初一: lunar, and not said so
        d = cn_int(day_text)
        if not d or not valid_day(y, month, d):
            return None
        return date(y, month, d), date(y, month, d)
    return date(y, month, 1), month_end(y, month)


def _weekday(g: dict[str, str | None], base: datetime) -> Values | None:
    monday = base.date() - timedelta(days=base.weekday()) + timedelta(weeks=REL_WEEK.get(g["wrel"] or "", 0))
    if g["wd"] == "末":
        return monday + timedelta(days=5), monday + timedelta(days=6)
    day = monday + timedelta(days=WEEKDAY[g["wd"] or "一"])
    return day, day
