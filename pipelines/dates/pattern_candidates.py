"""Candidates from our own patterns (``patterns.py``), beside the grammar's: bare and
relative months (三月, 上个月, 12月上旬), month ranges (1月至11月), lists of days (8月4、11日), day
ranges without a month (21日至23日), the second day of a pair (12月30日和31日), decades (2020年代),
lists and ranges of years."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import cn_int, month_end, month_part, shift_months, valid_day
from pipelines.dates.candidate import Candidate, Resolver, Values
from pipelines.dates.scan import finditer_near


def _year_of(m_year: str | None, rel: str | None, base: datetime) -> int | None:
    if m_year:
        return cn_int(m_year)
    if rel:
        return base.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(rel, 0)
    return base.year


def find_candidates(folded: str, base: datetime) -> list[Candidate]:
    """Every candidate our patterns find in ``folded``, valued against ``base``."""
    out: list[Candidate] = []

    for m in finditer_near(P.MONTH, folded, P.MONTH_ANCHOR):
        month = cn_int(m.group("m"))
        y_txt, rel, part = m.group("year"), m.group("rel"), m.group("part")
        _add(out, m, _month(y_txt, rel, month, part), base, None if (y_txt or rel) else "year")

    for m in finditer_near(P.MONTH_RANGE, folded, P.MONTH_ANCHOR):
        m1, m2 = cn_int(m.group("m1")), cn_int(m.group("m2"))
        y_txt, rel = m.group("year"), m.group("rel")
        _add(out, m, _month_range(y_txt, rel, m1, m2), base, None if (y_txt or rel) else "year")

    for m in finditer_near(P.DAY_LIST, folded, P.MONTH_ANCHOR):
        # one mention per day: "8月4" (month and first day), then "11日"; bare ones step back by a year
        month, y_txt, rel = cn_int(m.group("m")), m.group("year"), m.group("rel")
        pos = m.start("days")
        for i, num in enumerate(P.DAY_LIST_SEP.split(m.group("days"))):
            day = cn_int(num)
            lo, hi = (m.start(), pos + len(num)) if i == 0 else (pos, pos + len(num))
            if num and hi == m.end() - 1:
                hi = m.end()  # the last number takes the 日/号
            _add_span(out, lo, hi, _day(y_txt, rel, month, day), base, None if (y_txt or rel) else "year")
            pos += len(num) + 1

    for m in finditer_near(P.DAY_RANGE, folded, P.DAY_ANCHOR):
        if P.DURATION_BEFORE.search(folded, max(0, m.start() - 4), m.start()):
            continue  # 为期3至5日
        d1, d2 = cn_int(m.group("d1")), cn_int(m.group("d2"))
        _add(out, m, _day_range(d1, d2), base, "month")

    for m in finditer_near(P.NEXT_DAY, folded, P.DAY_ANCHOR):
        day = cn_int(m.group("d"))
        _add_span(out, m.start("d"), m.end("ri"), _latest_day(day), base, "month")

    for m in finditer_near(P.REL_MONTH, folded, P.MONTH_ANCHOR):
        step = {"上": -1, "下": 1}.get(m.group("rel")[0], 0)
        _add(out, m, _relative_month(step, m.group("part")), base, None)

    for m in finditer_near(P.BARE_MONTH_PART, folded, P.MONTH_ANCHOR):
        _add(out, m, _relative_month(0, m.group("part")), base, None)

    for m in finditer_near(P.DECADE, folded, P.YEAR_ANCHOR_CHAR):
        y = int(m.group("y"))
        _add(out, m, _years(y, y + 9), base, None)

    for m in finditer_near(P.YEAR_LIST, folded, P.YEAR_ANCHOR_CHAR):
        y = int(m.group("y"))
        _add(out, m, _years(y, y), base, None)

    for m in finditer_near(P.YEAR_RANGE, folded, P.YEAR_ANCHOR_CHAR):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y1 < y2 <= y1 + 50:
            _add(out, m, _years(y1, y2), base, None)
    return out


# Resolvers: each recomputes a candidate's values for a reference time ``b``; a ValueError (a date out
# of range) is caught by ``_add_span`` / ``_safe``.


def _month(y_txt: str | None, rel: str | None, month: int | None, part: str | None) -> Resolver:
    def res(b: datetime) -> Values | None:
        y = _year_of(y_txt, rel, b)
        return month_part(y, month, part) if y and month and 1 <= month <= 12 else None

    return res


def _month_range(y_txt: str | None, rel: str | None, m1: int | None, m2: int | None) -> Resolver:
    def res(b: datetime) -> Values | None:
        y = _year_of(y_txt, rel, b)
        if not (y and m1 and m2 and 1 <= m1 < m2 <= 12):
            return None
        return month_part(y, m1, None)[0], month_end(y, m2)

    return res


def _day(y_txt: str | None, rel: str | None, month: int | None, day: int | None) -> Resolver:
    def res(b: datetime) -> Values | None:
        y = _year_of(y_txt, rel, b)
        if not (y and month and day and valid_day(y, month, day)):
            return None
        return date(y, month, day), date(y, month, day)

    return res


def _day_range(d1: int | None, d2: int | None) -> Resolver:
    """Days of the reference month (21日至23日)."""

    def res(b: datetime) -> Values | None:
        if not (d1 and d2 and d1 < d2 and valid_day(b.year, b.month, d2)):
            return None
        return date(b.year, b.month, d1), date(b.year, b.month, d2)

    return res


def _latest_day(day: int | None) -> Resolver:
    """The reference month's day, or the latest month before it that has that day."""

    def res(b: datetime) -> Values | None:
        t = b
        for _ in range(12):
            if day and valid_day(t.year, t.month, day):
                return date(t.year, t.month, day), date(t.year, t.month, day)
            t = shift_months(t, -1)
        return None

    return res


def _relative_month(step: int, part: str | None) -> Resolver:
    """(A part of) the month ``step`` months from the reference month (上个月, 本月底)."""

    def res(b: datetime) -> Values | None:
        t = shift_months(b, step)
        return month_part(t.year, t.month, part)

    return res


def _years(first: int, last: int) -> Resolver:
    """1 January of ``first`` to 31 December of ``last``, whatever the reference time."""

    def res(b: datetime) -> Values | None:
        return date(first, 1, 1), date(last, 12, 31)

    return res


def _add(out: list[Candidate], m: Any, res: Resolver, base: datetime, shift: str | None) -> None:
    _add_span(out, m.start(), m.end(), res, base, shift)


def _add_span(
    out: list[Candidate], start: int, end: int, res: Resolver, base: datetime, shift: str | None
) -> None:
    try:
        values = res(base)
    except ValueError:
        values = None
    if values is not None and start < end:
        out.append(Candidate(start, end, values, _safe(res), shift, ours=True))


def _safe(res: Resolver) -> Resolver:
    def run(b: datetime) -> Values | None:
        try:
            return res(b)
        except ValueError:
            return None

    return run
