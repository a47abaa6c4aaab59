"""Date mentions of a Chinese text: what it says, where, and which calendar days it names.

``extract_dates(text, published_at)`` is the whole interface. Inside: jionlp finds and parses most
expressions (see ``jio.py``); our own patterns (``patterns.py``) add what it misses (bare months,
month ranges, 上个月, 2020年代), veto impossible dates, and drop what is not a date (durations,
ordinals, clock times, vague words, anaphora). Then relative expressions are resolved against the
publication time, with the rules below, and each mention gets a granularity.

Resolution rules (publication time taken as a calendar day in Asia/Shanghai):
- 今年/去年/明年/上周五/昨天/本月/上半年/一季度/二〇二四年底 … are relative to the publication day.
- A *bare* calendar expression (month-day, month, day-of-month, weekday, holiday, with no year and
  no relative word) is the most recent such period that does not start after the publication day,
  unless it starts at most ``NEAR_FUTURE`` (7 days) after it, or its sentence says it lies ahead
  (将, 拟于, 计划于, 预计, 届时, 定于, 有望 …, or 起/前/截止 right after it): then it is the upcoming one.
- Quarters, half-years, seasons and 年初/年底 without a year are those of the publication year.
- A bare day in the sentence of a day mention takes its month (6月4日晚和5日上午); 同年/次年/当天/
  次日 … are resolved from the mention before them in the same paragraph (within 300 characters),
  and dropped when there is none.
- Without a publication time only absolute mentions are reported (those whose value does not depend
  on the reference time): ``2024年3月5日`` yes, ``5月23日`` or ``今年`` no.
- Not reported: durations (24小时, 3个月, 近三年, 两年来, 至少30日), ordinals (第3个), clock times
  alone, vague words (近年来, 目前, 截至目前), bare numbers (2000多名, 3-1), two-digit years alone
  (15年), names (光明日报, 五号线, 《星期天真好》), impossible dates (2023年2月29日).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pipelines.dates import jio
from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import (
    cn_int,
    month_end,
    month_part,
    shift_days,
    shift_months,
    shift_years,
    valid_day,
)
from pipelines.dates.width import fold_width

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
Granularity = Literal["day", "month", "season", "quarter", "half_year", "year", "range"]
GRANULARITIES: tuple[str, ...] = ("day", "month", "season", "quarter", "half_year", "year", "range")

# Reference times used to tell absolute mentions from relative ones when there is no publication time.
_PROBE_BASES = (datetime(2000, 6, 15, 12), datetime(2011, 2, 20, 12))
_MIN_YEAR, _MAX_YEAR = 1000, 2200
# A bare date at most this far after publication is taken as upcoming (2月14日正式开学 in a story of
# 13 February), not as last year's: a year-old date that close to its anniversary is rarely written bare.
NEAR_FUTURE = timedelta(days=7)

Values = tuple[date, date]
Resolver = Callable[[datetime], Values | None]


@dataclass(frozen=True)
class DateMention:
    text: str  # exactly text[start:end] of the text passed in
    start: int
    end: int
    value_start: date
    value_end: date
    granularity: Granularity

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["value_start"] = self.value_start.isoformat()
        d["value_end"] = self.value_end.isoformat()
        return d


@dataclass
class _Candidate:
    start: int
    end: int
    values: Values
    resolve: Resolver  # recomputes the values for another reference time
    shift: str | None  # "year" | "month" | "week": how a bare expression steps back; None: not bare
    ours: bool  # found by our patterns (wins a tie against jionlp)
    anaphora: str | None = None  # 同年/当天/次日…: resolved from the mention before it
    rest: str = ""  # what follows the anaphoric word (同年|12月21日)


def extract_dates(text: str, published_at: datetime | None) -> list[DateMention]:
    """Date mentions of ``text``, in text order, offsets into ``text``. Never raises on bad input."""
    if not text or not isinstance(text, str):
        return []
    try:
        return _extract(text, published_at)
    except Exception:  # a bug here must not stop a crawl: log it and report nothing for this text
        logger.exception("date extraction failed on a text of %d chars", len(text))
        return []


def reference_time(published_at: datetime | None) -> datetime | None:
    """Naive wall-clock time in Asia/Shanghai (what jionlp expects); naive input is taken as Shanghai."""
    if published_at is None:
        return None
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(SHANGHAI)
    return published_at.replace(tzinfo=None, microsecond=0)


def _extract(text: str, published_at: datetime | None) -> list[DateMention]:
    folded = fold_width(text)
    base = reference_time(published_at)
    work_base = base or _PROBE_BASES[0]
    vetoes = _vetoes(folded)
    candidates = _ours(folded, work_base)
    for ent in jio.extract(folded, work_base):
        try:
            c = _from_jionlp(folded, ent, work_base)
        except Exception:  # one odd finding must not cost the others
            logger.warning("date mention dropped: %r", ent.get("text"), exc_info=True)
            continue
        if c is not None and not any(c.start < ve and vs < c.end for vs, ve in vetoes):
            candidates.append(c)
    out: list[DateMention] = []
    previous: list[tuple[_Candidate, bool]] = []  # resolved so far, with "names its year explicitly"
    context = _YearContext()
    for c in _non_overlapping(candidates):
        try:
            mention = _finish(text, folded, c, previous, base, work_base, context)
        except Exception:
            logger.warning("date mention dropped: %r", text[c.start : c.end], exc_info=True)
            continue
        if mention is not None:
            out.append(mention)
    return out


def _finish(
    text: str,
    folded: str,
    c: _Candidate,
    previous: list[tuple[_Candidate, bool]],
    base: datetime | None,
    work_base: datetime,
    context: _YearContext,
) -> DateMention | None:
    """Resolve one candidate in context and against the publication time; None: not reported."""
    if P.HABITUAL_BEFORE.search(folded, max(0, c.start - 6), c.start):
        return None  # 每个月的月底: a habit, not a date
    if c.shift == "year" and c.anaphora is None:
        if P.YEAR_ANAPHOR_BEFORE.search(folded, max(0, c.start - 3), c.start):
            c.anaphora, c.rest = "同年", folded[c.start : c.end]  # 这年10月: as 同年10月
    if not _resolve_in_context(folded, c, previous, work_base):
        return None
    inherited = _inherit_year(folded, c, context, base)
    if base is None:
        if c.anaphora is None and c.resolve(_PROBE_BASES[1]) != c.values:
            return None  # relative: meaningless without a publication time
    elif c.shift is not None and c.values[0] > base.date() + NEAR_FUTURE and not _future_context(folded, c):
        stepped = c.resolve(_step_back(base, c.shift))
        if stepped is not None and stepped[0] <= base.date():
            c.values = stepped
    vs, ve = c.values
    if ve < vs or not (_MIN_YEAR <= vs.year and ve.year <= _MAX_YEAR):
        return None
    surface = folded[c.start : c.end]
    explicit = c.anaphora is not None or bool(P.YEAR_DIGITS.search(surface))
    previous.append((c, explicit))
    if explicit or inherited:
        heading = _is_heading(folded, c) if explicit else context.heading  # under a heading: still
        context.update(folded, c, heading=heading)
    return DateMention(text[c.start : c.end], c.start, c.end, vs, ve, granularity(surface, vs, ve))


def _resolve_in_context(
    folded: str, c: _Candidate, previous: list[tuple[_Candidate, bool]], base: datetime
) -> bool:
    """Anaphora (同年12月, 当天, 次日) from the mention they refer to, and a day after a day in the same
    sentence (6月4日晚和5日上午, 8月4、11日) in that day's month. False: drop the mention."""
    if c.anaphora is not None:
        if c.anaphora in P.ANAPHORA_YEAR:
            ante = next((p for p, explicit in reversed(previous) if explicit), None)
            if ante is None or not _near(folded, ante, c):
                return False
            year = ante.values[0].year + (1 if c.anaphora in P.ANAPHORA_NEXT else 0)
            expr = f"{year}年{c.rest}"
            values = jio.parse(expr, base) if c.rest else (date(year, 1, 1), date(year, 12, 31))
            if values is None:
                return False
            c.values, c.resolve, c.shift = values, (lambda b, v=values: v), None
            return True
        ante = next((p for p, _ in reversed(previous) if p.values[0] == p.values[1]), None)
        if ante is None or not _near(folded, ante, c):
            return False
        step = 1 if c.anaphora in P.ANAPHORA_NEXT else -1 if c.anaphora in P.ANAPHORA_PREV else 0
        day = ante.values[0] + timedelta(days=step)
        c.values, c.resolve, c.shift = (day, day), (lambda b, d=day: (d, d)), None
        return True
    if c.shift == "month" and previous:
        ante = previous[-1][0]
        if ante.values[0] == ante.values[1] and not P.SENTENCE_BOUNDARY.search(folded, ante.end, c.start):
            days = [cn_int(n) for n in P.DAY_NUMBER.findall(folded, c.start, c.end)]
            prev = ante.values[0]
            if days and all(days) and len(days) <= 2:
                month = datetime(prev.year, prev.month, 1)
                if days[0] < prev.day and c.start - ante.end <= 3:  # 1月30日和2日: the next month
                    month = shift_months(month, 1)
                if all(valid_day(month.year, month.month, d) for d in days):
                    first = date(month.year, month.month, days[0])
                    last = date(month.year, month.month, days[-1])
                    if first <= last:
                        c.values, c.resolve, c.shift = (first, last), (lambda b, v=(first, last): v), None
    return True


@dataclass
class _YearContext:
    """The year the text is talking about: the last mention that names its year (2004年10月下旬),
    or a year standing alone on its line (a table's or a list's heading: 2017年⏎3月2日至7月6日)."""

    year: int | None = None
    first: date | None = None  # first day of that mention
    end: int = -1  # where it ends in the text
    fine: bool = False  # a month or finer (a bare year in prose sets no context: 2018年就开始…)
    heading: bool = False

    def update(self, folded: str, c: _Candidate, *, heading: bool) -> None:
        vs, ve = c.values
        if heading or (ve - vs).days <= 31:
            self.year, self.first, self.end = vs.year, vs, c.end
            self.fine, self.heading = (ve - vs).days <= 31, heading
        elif not self.heading:
            self.year = None  # a year range or a bare year in prose: no context any more


HEADING_MAX_GAP = 1500  # a year heading governs the bare dates of the lines under it, this far
INHERIT_MAX_GAP = 300  # a year in prose governs the bare dates after it in its paragraph, this far


def _is_heading(folded: str, c: _Candidate) -> bool:
    lo = folded.rfind("\n", 0, c.start) + 1
    hi = folded.find("\n", c.end)
    line = folded[lo : hi if hi >= 0 else len(folded)].strip().rstrip("：:")
    return line == folded[c.start : c.end] and c.values[0].year == c.values[1].year


def _inherit_year(folded: str, c: _Candidate, ctx: _YearContext, base: datetime | None) -> bool:
    """A bare month-day/month/holiday takes the year of the text's context (2004年10月下旬… 11月4日;
    1989年5月26日… 6月3日晚; 2017年⏎3月2日至7月6日) rather than the publication's. In prose only a
    past year in the same paragraph counts; a date far before its antecedent is in the next year
    (2004年12月… 1月5日)."""
    if c.shift != "year" or c.anaphora is not None or ctx.year is None or ctx.first is None:
        return False
    gap = folded[ctx.end : c.start]
    if ctx.heading:
        if c.start - ctx.end > HEADING_MAX_GAP:
            return False
    elif not ctx.fine or c.start - ctx.end > INHERIT_MAX_GAP or P.PARAGRAPH_END.search(gap):
        return False
    elif base is not None and ctx.year >= base.year:
        return False  # this year's: the usual rules already read it so
    values = c.resolve(datetime(ctx.year, 12, 31, 12))
    if values is None or values[0].year != ctx.year:
        return False
    if not ctx.heading and (ctx.first - values[0]).days > 180:
        later = c.resolve(datetime(ctx.year + 1, 12, 31, 12))
        if later is None or (base is not None and later[0] > base.date()):
            return False
        values = later
    c.values, c.resolve, c.shift = values, (lambda b, v=values: v), None
    return True


def _near(folded: str, ante: _Candidate, c: _Candidate) -> bool:
    """The antecedent is in the same paragraph, at most 300 characters before."""
    return c.start - ante.end <= 300 and "\n" not in folded[ante.end : c.start]


# ---- jionlp findings -----------------------------------------------------------------------------


def _from_jionlp(folded: str, ent: dict[str, Any], base: datetime) -> _Candidate | None:
    try:
        start, end = (int(x) for x in ent["offset"])
        detail = ent.get("detail") or {}
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 <= start < end <= len(folded) or detail.get("type") not in ("time_span", "time_point"):
        return None
    values = jio.parse_values(detail)
    lead = P.LEADING_JUNK.match(folded, start, end)
    if lead is not None and lead.end() > start:  # ，从2019年1月1日到…: jionlp took the comma and 从 along
        start, values = lead.end(), None
    if P.TRAILING_ZHONG.match(folded, end - 1):  # 七十年代中国: the 中 is the next word's
        end, values = end - 1, None
    surface = folded[start:end]
    anaphora = P.ANAPHORA.match(surface)
    if anaphora is not None:
        word = anaphora.group("w")
        if word is None:
            return None  # 当月, 这一年, 那天: not resolved
        rest = surface[anaphora.end() :]
        if word not in P.ANAPHORA_YEAR:
            rest = ""
        if rest and (P.OPEN_SUFFIX.search(rest) or P.YEAR_ANCHOR.search(rest)):
            return None
        c = _Candidate(start, end, values or (date.min, date.min), lambda b: None, None, ours=False)
        c.anaphora, c.rest = word, rest
        return c
    if _not_a_date(folded, start, end):
        return None
    m = P.OPEN_SUFFIX.search(surface)
    if m is not None and m.start() > 0:
        # half-open (今年以来, 6月1日起, 二〇二四年底前: jionlp spans them to/from the reference time):
        # report the date they are anchored on, without the suffix
        end -= len(m.group())
        surface, values = folded[start:end], None
        if _not_a_date(folded, start, end):
            return None
    expr = P.END_OF_DAY.sub("", surface)
    if expr != surface:
        values = None  # jionlp rolls 2月12日24时 over to the 13th
    if P.CN_MONTH_DAY_NO_RI.fullmatch(expr):
        expr, values = expr + "日", None  # 八月二十八: jionlp reads a lunar date
    if values is None:
        values = jio.parse(expr, base)
    if values is None:
        return None
    return _Candidate(start, end, values, lambda b: jio.parse(expr, b), _shift_unit(surface), ours=False)


def _not_a_date(folded: str, start: int, end: int) -> bool:
    s = folded[start:end]
    if len(s) < 2 or s != s.strip() or s in P.VAGUE:
        return True
    if P.BARE_NUMBERS.fullmatch(s) and not P.FORMATTED_DATE.fullmatch(s):
        return True  # 2000多名, 1949人, 3-1, 05-23 (no year: too ambiguous)
    if P.ORDINAL.match(s) or P.TIME_OF_DAY_ONLY.fullmatch(s) or P.TWO_DIGIT_YEAR.fullmatch(s):
        return True
    if P.BARE_LUNAR_DAY.fullmatch(s):
        return True
    m = P.REL_DURATION.fullmatch(s)
    if m and (m.group("pre") or m.group("q") or m.group("post") or m.group("suf")):
        return True  # 近三年, 3个月, 两年来, 三年前
    before, after = folded[max(0, start - 4) : start], folded[end : end + 2]
    if P.SIMPLE_COUNT.fullmatch(s) and P.DURATION_BEFORE.search(before):
        return True  # 至少30日, 晚1000年, 有2000年
    if s.endswith("号") and "月" not in s:
        if P.HAO_NOUN_AFTER.match(after) or (before and not P.HAO_DAY_BEFORE.match(before[-1])):
            return True  # 五号线, 3号楼, 联盟1号
        if P.HAO_DOC_BEFORE.search(before):
            return True  # 〔2022〕1号
    if (s == "今天" or s == "今日") and P.NOWADAYS.match(folded, start):
        return True  # 改革的今天: nowadays
    if P.CN_BARE_DAY.fullmatch(s):
        return True  # 扬州十日记, 五号文件
    if s.endswith("年") and P.YEAR_WORD_AFTER.match(after):
        return True  # 本年龄段
    if not P.DIGIT.search(s):
        if P.TITLE_AFTER.match(after) or _in_title(folded, start, end):
            return True  # 光明日报, 今晚报, 《星期天真好》
        if (s.endswith("日") and after[:1] == "本") or (s.startswith("本") and before[-1:] == "日"):
            return True  # 前日本人, 日本周报
    if s in P.NUMERIC_HOLIDAY:  # 十一 is National Day only in 十一黄金周, not in 第十一届
        prev = before[-1:]
        if prev == "第" or (prev and prev in P.CN_NUM) or not P.HOLIDAY_CONTEXT.match(after):
            return True
    return False


def _in_title(folded: str, start: int, end: int) -> bool:
    """Inside 《…》 (a title: 《今天比昨天更》), looking at most 30 characters either way."""
    left = folded.rfind("《", max(0, start - 30), start)
    if left < 0 or "》" in folded[left:start]:
        return False
    return "》" in folded[end : end + 30]


def _shift_unit(surface: str) -> str | None:
    """How a bare expression steps back one occurrence; None when it is anchored or not calendar-bare."""
    if P.YEAR_ANCHOR.search(surface) or P.RELATIVE_WORD.search(surface):
        return None
    if "月" in surface or P.HOLIDAY.search(surface):
        return "year"
    if P.WEEKDAY.search(surface):
        return "week"
    if P.DAY_WORD.search(surface):
        return "month"
    return None


# ---- our own patterns ----------------------------------------------------------------------------


def _year_of(m_year: str | None, rel: str | None, base: datetime) -> int | None:
    if m_year:
        return cn_int(m_year)
    if rel:
        return base.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(rel, 0)
    return base.year


def _ours(folded: str, base: datetime) -> list[_Candidate]:
    out: list[_Candidate] = []

    for m in P.MONTH.finditer(folded):
        month = cn_int(m.group("m"))
        y_txt, rel, part = m.group("year"), m.group("rel"), m.group("part")

        def res(b: datetime, y_txt=y_txt, rel=rel, month=month, part=part) -> Values | None:
            y = _year_of(y_txt, rel, b)
            return month_part(y, month, part) if y and month and 1 <= month <= 12 else None

        _add(out, m, res, base, None if (y_txt or rel) else "year")

    for m in P.MONTH_RANGE.finditer(folded):
        m1, m2 = cn_int(m.group("m1")), cn_int(m.group("m2"))
        y_txt, rel = m.group("year"), m.group("rel")

        def res(b: datetime, y_txt=y_txt, rel=rel, m1=m1, m2=m2) -> Values | None:
            y = _year_of(y_txt, rel, b)
            if not (y and m1 and m2 and 1 <= m1 < m2 <= 12):
                return None
            return month_part(y, m1, None)[0], month_end(y, m2)

        _add(out, m, res, base, None if (y_txt or rel) else "year")

    for m in P.DAY_LIST.finditer(folded):
        # one mention per day: "8月4" (month and first day), then "11日"; bare ones step back by a year
        month, y_txt, rel = cn_int(m.group("m")), m.group("year"), m.group("rel")
        pos = m.start("days")
        for i, num in enumerate(P.DAY_LIST_SEP.split(m.group("days"))):
            day = cn_int(num)
            lo, hi = (m.start(), pos + len(num)) if i == 0 else (pos, pos + len(num))
            if num and hi == m.end() - 1:
                hi = m.end()  # the last number takes the 日/号

            def res(b: datetime, y_txt=y_txt, rel=rel, month=month, day=day) -> Values | None:
                y = _year_of(y_txt, rel, b)
                if not (y and month and day and valid_day(y, month, day)):
                    return None
                return date(y, month, day), date(y, month, day)

            _add_span(out, lo, hi, res, base, None if (y_txt or rel) else "year")
            pos += len(num) + 1

    for m in P.DAY_RANGE.finditer(folded):
        if P.DURATION_BEFORE.search(folded, max(0, m.start() - 4), m.start()):
            continue  # 为期3至5日
        d1, d2 = cn_int(m.group("d1")), cn_int(m.group("d2"))

        def res(b: datetime, d1=d1, d2=d2) -> Values | None:
            if not (d1 and d2 and d1 < d2 and valid_day(b.year, b.month, d2)):
                return None
            return date(b.year, b.month, d1), date(b.year, b.month, d2)

        _add(out, m, res, base, "month")

    for m in P.NEXT_DAY.finditer(folded):
        day = cn_int(m.group("d"))

        def res(b: datetime, day=day) -> Values | None:
            t = b
            for _ in range(12):  # the reference month, or the latest month before it with that day
                if day and valid_day(t.year, t.month, day):
                    return date(t.year, t.month, day), date(t.year, t.month, day)
                t = shift_months(t, -1)
            return None

        _add_span(out, m.start("d"), m.end("ri"), res, base, "month")

    for m in P.REL_MONTH.finditer(folded):
        step = {"上": -1, "下": 1}.get(m.group("rel")[0], 0)
        part = m.group("part")

        def res(b: datetime, step=step, part=part) -> Values | None:
            t = shift_months(b, step)
            return month_part(t.year, t.month, part)

        _add(out, m, res, base, None)

    for m in P.BARE_MONTH_PART.finditer(folded):
        part = m.group("part")
        _add(out, m, lambda b, part=part: month_part(b.year, b.month, part), base, None)

    for m in P.DECADE.finditer(folded):
        y = int(m.group("y"))
        _add(out, m, lambda b, y=y: (date(y, 1, 1), date(y + 9, 12, 31)), base, None)

    for m in P.YEAR_LIST.finditer(folded):
        y = int(m.group("y"))
        _add(out, m, lambda b, y=y: (date(y, 1, 1), date(y, 12, 31)), base, None)

    for m in P.YEAR_RANGE.finditer(folded):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y1 < y2 <= y1 + 50:
            _add(out, m, lambda b, y1=y1, y2=y2: (date(y1, 1, 1), date(y2, 12, 31)), base, None)
    return out


def _add(out: list[_Candidate], m: Any, res: Resolver, base: datetime, shift: str | None) -> None:
    _add_span(out, m.start(), m.end(), res, base, shift)


def _add_span(
    out: list[_Candidate], start: int, end: int, res: Resolver, base: datetime, shift: str | None
) -> None:
    try:
        values = res(base)
    except ValueError:
        values = None
    if values is not None and start < end:
        out.append(_Candidate(start, end, values, _safe(res), shift, ours=True))


def _safe(res: Resolver) -> Resolver:
    def run(b: datetime) -> Values | None:
        try:
            return res(b)
        except ValueError:
            return None

    return run


def _vetoes(folded: str) -> list[tuple[int, int]]:
    """Spans of impossible dates (2023年2月29日, 13月5日): nothing inside them is reported."""
    spans = []
    for m in P.YMD.finditer(folded):
        y = cn_int(m.group("year")) if m.group("year") else None
        month, day = cn_int(m.group("m")), cn_int(m.group("d"))
        if month is None or day is None or not valid_day(y, month, day):
            spans.append(m.span())
    return spans


# ---- merging and resolution ----------------------------------------------------------------------


def _non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first (ties: ours), then keep those that overlap nothing kept; in text order."""
    starts: list[int] = []  # kept spans, sorted by start (they never overlap, so ends are sorted too)
    kept: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), not c.ours, c.start)):
        i = bisect_left(starts, c.end)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


def _step_back(base: datetime, unit: str) -> datetime:
    if unit == "year":
        return shift_years(base, -1)
    if unit == "month":
        return shift_months(base, -1)
    return shift_days(base, -7)


def _future_context(folded: str, c: _Candidate) -> bool:
    """Does the sentence around the mention say it lies ahead (将于6月1日, 6月1日起)?"""
    if P.FUTURE_SUFFIX.match(folded, c.end):
        return True
    lo = c.start
    while lo > 0 and c.start - lo < 80 and not P.SENTENCE_BOUNDARY.match(folded, lo - 1):
        lo -= 1
    hi = c.end
    while hi < len(folded) and hi - c.end < 80 and not P.SENTENCE_BOUNDARY.match(folded, hi):
        hi += 1
    return bool(P.FUTURE_CUE.search(folded, lo, hi))


def granularity(surface: str, vs: date, ve: date) -> Granularity:
    """The kind of period a mention names, from its (folded) text and its first and last day."""
    if vs == ve:
        return "day"
    if P.RANGE_TEXT.search(surface) and not P.FORMATTED_DATE.fullmatch(surface):
        return "range"
    if P.SEASON.search(surface) and not P.HOLIDAY.search(surface):
        return "season"
    if vs.day == 1 and vs.year == ve.year:
        if vs.month == ve.month and ve == month_end(ve.year, ve.month):
            return "month"
        if vs.month in (1, 4, 7, 10) and ve.month == vs.month + 2 and ve == month_end(ve.year, ve.month):
            return "quarter"
        if (vs.month, ve.month, ve.day) in ((1, 6, 30), (7, 12, 31)):
            return "half_year"
        if vs.month == 1 and (ve.month, ve.day) == (12, 31):
            return "year"
    return "range"
