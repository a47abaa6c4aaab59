"""Candidates from jionlp's findings (see ``jio.py``): trimmed of what jionlp took along (a leading
comma or 从, the 中 of the next word, 起/以来/前), anaphora (同年, 当天, 次日) marked for resolution in
context, and non-dates dropped (``nondates.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipelines.dates import jio
from pipelines.dates import patterns as P
from pipelines.dates.candidate import Candidate
from pipelines.dates.nondates import not_a_date


def from_jionlp(folded: str, ent: dict[str, Any], base: datetime) -> Candidate | None:
    """One jionlp finding as a candidate; None: not a date, or not one we can read."""
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
        c = Candidate(start, end, values or (date.min, date.min), lambda b: None, None, ours=False)
        c.anaphora, c.rest = word, rest
        return c
    if not_a_date(folded, start, end):
        return None
    m = P.OPEN_SUFFIX.search(surface)
    if m is not None and m.start() > 0:
        # half-open (今年以来, 6月1日起, 二〇二四年底前: jionlp spans them to/from the reference time):
        # report the date they are anchored on, without the suffix
        end -= len(m.group())
        surface, values = folded[start:end], None
        if not_a_date(folded, start, end):
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
    return Candidate(start, end, values, lambda b: jio.parse(expr, b), shift_unit(surface), ours=False)


def shift_unit(surface: str) -> str | None:
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
