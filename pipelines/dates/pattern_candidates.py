"""Candidates from our own patterns (``patterns.py``), for what jionlp misses or misreads: bare and
relative months (三月, 上个月, 12月上旬), month ranges (1月至11月), lists of days (8月4、11日), day
ranges without a month (21日至23日), the second day of a pair (12月30日和31日), decades (2020年代),
lists and ranges of years."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import cn_int, month_end, month_part, shift_months, valid_day
from pipelines.dates.candidate import Candidate, Resolver, Values


def _year_of(m_year: str | None, rel: str | None, base: datetime) -> int | None:
    if m_year:
        return cn_int(m_year)
    if rel:
        return base.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(rel, 0)
    return base.year


def find_candidates(folded: str, base: datetime) -> list[Candidate]:
    """Every candidate our patterns find in ``folded``, valued against ``base``."""
    out: list[Candidate] = []

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
