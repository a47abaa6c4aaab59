"""Candidates from our grammar's expressions (``grammar.py``): anaphora (同年, 当天, 次日) marked for
resolution in context, and non-dates dropped (``nondates.py``)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from pipelines.dates import grammar
from pipelines.dates import patterns as P
from pipelines.dates.candidate import Candidate
from pipelines.dates.nondates import in_title, not_a_date

logger = logging.getLogger(__name__)


def find_expressions(folded: str, base: datetime) -> list[Candidate]:
    """Every expression of the grammar in ``folded`` that is a date, valued against ``base``."""
    out = []
    for expr in grammar.find(folded):
        try:
            c = from_expression(folded, expr, base)
        except Exception:  # one odd expression must not cost the others
            logger.warning("date mention dropped: %r", folded[expr.start : expr.end], exc_info=True)
            continue
        if c is not None:
            out.append(c)
    return out


def from_expression(folded: str, expr: grammar.Expression, base: datetime) -> Candidate | None:
    """One expression as a candidate; None: not a date, or not one we can value."""
    start, end = expr.start, expr.end
    surface = folded[start:end]
    anaphora = P.ANAPHORA.match(surface)
    if anaphora is not None:
        word = anaphora.group("w")
        if word is None:
            return None  # 当月, 这一年, 那天: not resolved
        rest = surface[anaphora.end() :]
        if word not in P.ANAPHORA_YEAR:
            rest = ""
        if rest and P.YEAR_ANCHOR.search(rest):
            return None
        c = Candidate(start, end, (date.min, date.min), lambda b: None, None, ours=False)
        c.anaphora, c.rest = word, rest
        return c
    if (expr.first.get("drel") or expr.first.get("nd")) and P.BRACKETED_DATE_AFTER.match(folded, end):
        return None  # 从今天（10月1日）起, 两天之后的1月6日: the date after it says which day
    n_days = expr.first.get("nd")
    if n_days is not None and expr.last is None:  # 3天后, 两天前: an offset in days, not a duration
        values = expr.values(base)
        if (
            values is None
            or in_title(folded, start, end)
            or P.DURATION_BEFORE.search(folded, max(0, start - 4), start)
        ):
            return None
        c = Candidate(start, end, values, expr.values, None, ours=False)
        c.offset = (values[0] - base.date()).days
        return c
    if not_a_date(folded, start, end):
        return None
    if (expr.first.get("drel") or expr.first.get("wd")) and in_title_line(folded, start, end):
        return None  # 今天比昨天更好, 星期六的晚上: a title or a table cell
    values = expr.values(base)
    if values is None:
        return None
    return Candidate(start, end, values, expr.values, shift_unit(surface), ours=False)


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


def in_title_line(folded: str, start: int, end: int) -> bool:
    """The mention's line is short and has no sentence punctuation: a title or a table cell."""
    lo = folded.rfind("\n", 0, start) + 1
    hi = folded.find("\n", end)
    line = folded[lo : hi if hi >= 0 else len(folded)].strip()
    return len(line) <= P.TITLE_LINE_MAX and not P.SENTENCE_PUNCT.search(line)
