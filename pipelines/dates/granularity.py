"""The kind of calendar period a mention names: day, month, season, quarter, half-year, year or range."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import month_end

Granularity = Literal["day", "month", "season", "quarter", "half_year", "year", "range"]
GRANULARITIES: tuple[str, ...] = get_args(Granularity)


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
