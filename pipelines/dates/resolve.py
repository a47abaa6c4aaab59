"""Resolution in context and against the publication time: anaphora (同年12月, 当天, 次日) from the
mention before them, a bare day after a day in the same sentence (6月4日晚和5日上午) in that day's
month, and a bare date that would lie ahead of the publication stepped back to its last occurrence
unless it is near or its sentence says it lies ahead."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pipelines.dates import grammar
from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import cn_int, shift_days, shift_months, shift_years, valid_day
from pipelines.dates.candidate import Candidate, fixed

# A bare date at most this far after publication is taken as upcoming (2月14日正式开学 in a story of
# 13 February), not as last year's: a year-old date that close to its anniversary is rarely written bare.
NEAR_FUTURE = timedelta(days=7)


def resolve_in_context(
    folded: str, c: Candidate, previous: list[tuple[Candidate, bool]], base: datetime
) -> bool:
    """Anaphora (同年12月, 当天, 次日) from the mention they refer to, and a day after a day in the same
    sentence (6月4日晚和5日上午, 8月4、11日) in that day's month. False: drop the mention."""
    if c.anaphora is not None:
        if c.anaphora in P.ANAPHORA_YEAR:
            ante = next((p for p, explicit in reversed(previous) if explicit), None)
            if ante is None or not near(folded, ante, c):
                return False
            year = ante.values[0].year + (1 if c.anaphora in P.ANAPHORA_NEXT else 0)
            expr = f"{year}年{c.rest}"
            values = grammar.parse(expr, base) if c.rest else (date(year, 1, 1), date(year, 12, 31))
            if values is None:
                return False
            c.values, c.resolve, c.shift = values, fixed(values), None
            return True
        ante = next((p for p, _ in reversed(previous) if p.values[0] == p.values[1]), None)
        if ante is None or not near(folded, ante, c):
            return False
        step = 1 if c.anaphora in P.ANAPHORA_NEXT else -1 if c.anaphora in P.ANAPHORA_PREV else 0
        day = ante.values[0] + timedelta(days=step)
        c.values, c.resolve, c.shift = (day, day), fixed((day, day)), None
        return True
    if c.offset is not None:
        # 3天后: after the day mentioned before it in the paragraph; without one, after publication
        # when it lies ahead in so many words (3天后将…) or it is N days before (两天前); else dropped
        # (说出这话两天之后: after an event we cannot date)
        ante = next((p for p, _ in reversed(previous) if p.values[0] == p.values[1]), None)
        if ante is not None and near(folded, ante, c):
            day = ante.values[0] + timedelta(days=c.offset)
            c.values, c.resolve = (day, day), fixed((day, day))
            return True
        return c.offset <= 0 or _future_context(folded, c)
    if c.shift == "week":  # 下星期访问莫斯科。…星期一在莫斯科…，星期二…: days of that week
        week = _week_before(folded, c, previous)
        if week is not None:
            values = c.resolve(datetime.combine(week, time(12)))
            if values is not None:
                c.values, c.resolve, c.shift = values, fixed(values), None
        return True
    if c.shift == "month" and previous:
        ante = previous[-1][0]
        if ante.values[0] == ante.values[1] and not P.SENTENCE_BOUNDARY.search(folded, ante.end, c.start):
            numbers = [cn_int(n) for n in P.DAY_NUMBER.findall(folded, c.start, c.end)]
            days = [d for d in numbers if d]  # all of them, or the span is left as it is
            prev = ante.values[0]
            if days and len(days) == len(numbers) and len(days) <= 2:
                month = datetime(prev.year, prev.month, 1)
                if days[0] < prev.day and c.start - ante.end <= 3:  # 1月30日和2日: the next month
                    month = shift_months(month, 1)
                if all(valid_day(month.year, month.month, d) for d in days):
                    first = date(month.year, month.month, days[0])
                    last = date(month.year, month.month, days[-1])
                    if first <= last:
                        c.values, c.resolve, c.shift = (first, last), fixed((first, last)), None
    return True


def relative_year_in_past_sentence(
    folded: str, c: Candidate, previous: list[tuple[Candidate, bool]], base: datetime
) -> None:
    """今年/去年… counted from the year of a past day named before it in the same sentence (2004年6月3日，
    …创下了今年日发电量的最高纪录), not from the publication."""
    if c.anaphora is not None or not P.REL_YEAR_START.match(folded, c.start):
        return
    for ante, explicit in reversed(previous):
        if P.SENTENCE_BOUNDARY.search(folded, ante.end, c.start):
            return
        first, last = ante.values
        if explicit and first == last and first.year < base.year:
            values = c.resolve(datetime.combine(first, time(12)))
            if values is not None:
                c.values, c.resolve = values, fixed(values)
            return


def _week_before(folded: str, c: Candidate, previous: list[tuple[Candidate, bool]]) -> date | None:
    """Monday of the week (下星期, 本周) named before a bare weekday in its paragraph, with only
    weekdays between them; None when there is none."""
    for ante, _ in reversed(previous):
        if not near(folded, ante, c):
            return None
        first, last = ante.values
        if (last - first).days == 6 and first.weekday() == 0:
            return first
        if first != last or not P.WEEKDAY.search(folded, ante.start, ante.end):
            return None
    return None


def near(folded: str, ante: Candidate, c: Candidate) -> bool:
    """The antecedent is in the same paragraph, at most 300 characters before."""
    return c.start - ante.end <= 300 and "\n" not in folded[ante.end : c.start]


def step_back_if_ahead(folded: str, c: Candidate, base: datetime) -> None:
    """A bare date starting more than ``NEAR_FUTURE`` after the publication day, in a sentence that
    does not say it lies ahead, is its last occurrence before (or on) that day."""
    if c.shift is None or c.values[0] <= base.date() or _future_context(folded, c):
        return
    # within NEAR_FUTURE it is the upcoming one, unless its sentence tells of it in the past
    # (大年初三，我到网吧…玩了通宵 in a story of the week before 春节)
    if c.values[0] > base.date() + NEAR_FUTURE or P.PAST_CUE.search(folded, *_sentence(folded, c)):
        stepped = c.resolve(_step_back(base, c.shift))
        if stepped is not None and stepped[0] <= base.date():
            c.values = stepped


def _step_back(base: datetime, unit: str) -> datetime:
    if unit == "year":
        return shift_years(base, -1)
    if unit == "month":
        return shift_months(base, -1)
    return shift_days(base, -7)


def _future_context(folded: str, c: Candidate) -> bool:
    """Does the sentence around the mention say it lies ahead (将于6月1日, 6月1日起)?"""
    if P.FUTURE_SUFFIX.match(folded, c.end):
        return True
    return bool(P.FUTURE_CUE.search(folded, *_sentence(folded, c)))


def _sentence(folded: str, c: Candidate) -> tuple[int, int]:
    """Start and end of the sentence around the mention (at most 80 characters either side)."""
    lo = c.start
    while lo > 0 and c.start - lo < 80 and not P.SENTENCE_BOUNDARY.match(folded, lo - 1):
        lo -= 1
    hi = c.end
    while hi < len(folded) and hi - c.end < 80 and not P.SENTENCE_BOUNDARY.match(folded, hi):
        hi += 1
    return lo, hi
