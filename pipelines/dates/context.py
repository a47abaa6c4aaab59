"""Year context: a bare month-day, month or holiday takes the year the text is talking about (the last
mention that names its year in the same paragraph, or a year heading above it) instead of the
publication's (2004年10月下旬… 11月4日; 2017年⏎3月2日至7月6日)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipelines.dates import patterns as P
from pipelines.dates.candidate import Candidate, fixed


@dataclass
class YearContext:
    """The year the text is talking about: the last mention that names its year (2004年10月下旬),
    or a year standing alone on its line (a table's or a list's heading: 2017年⏎3月2日至7月6日)."""

    year: int | None = None
    first: date | None = None  # first day of that mention
    end: int = -1  # where it ends in the text
    fine: bool = False  # a month or finer (a bare year in prose sets no context: 2018年就开始…)
    heading: bool = False
    latest: bool = False  # no other mention has been reported since (see NARRATIVE_MAX_GAP)

    def update(self, folded: str, c: Candidate, *, heading: bool) -> None:
        vs, ve = c.values
        if heading or (ve - vs).days <= 31:
            self.year, self.first, self.end = vs.year, vs, c.end
            self.fine, self.heading, self.latest = (ve - vs).days <= 31, heading, True
        elif not self.heading:
            self.year = None  # a year range or a bare year in prose: no context any more


HEADING_MAX_GAP = 1500  # a year heading governs the bare dates of the lines under it, this far
INHERIT_MAX_GAP = 300  # a year in prose governs the bare dates after it in its paragraph, this far
# a past year in prose still governs bare dates in the paragraphs after it, this far, while no other
# mention came in between: a memoir or a story of a past year (一九八九年四月… ⏎五月十三日…)
NARRATIVE_MAX_GAP = 1000
RECENT_DAYS = 14  # …unless it reads as a day this close to the publication


def is_heading(folded: str, c: Candidate) -> bool:
    """The mention is alone on its line (2017年⏎, 2017年：, 2012年~2016年⏎) and names one year or a
    span of whole years (a table's rows under it start in its first year)."""
    lo = folded.rfind("\n", 0, c.start) + 1
    hi = folded.find("\n", c.end)
    line = folded[lo : hi if hi >= 0 else len(folded)].strip().rstrip("：:")
    vs, ve = c.values
    whole_years = (vs.month, vs.day, ve.month, ve.day) == (1, 1, 12, 31)
    return line == folded[c.start : c.end] and (vs.year == ve.year or whole_years)


def inherit_year(folded: str, c: Candidate, ctx: YearContext, base: datetime | None) -> bool:
    """A bare month-day/month/holiday takes the year of the text's context (2004年10月下旬… 11月4日;
    1989年5月26日… 6月3日晚; 2017年⏎3月2日至7月6日) rather than the publication's. In prose a year
    in the same paragraph counts, and a past year in the paragraphs before when no other mention came
    in between; a date far before its antecedent is in the next year (2004年12月… 1月5日)."""
    if c.shift != "year" or c.anaphora is not None or ctx.year is None or ctx.first is None:
        return False
    gap = folded[ctx.end : c.start]
    if ctx.heading:
        if c.start - ctx.end > HEADING_MAX_GAP:
            return False
    elif not ctx.fine:
        return False
    elif c.start - ctx.end > INHERIT_MAX_GAP or P.PARAGRAPH_END.search(gap):
        narrative = base is not None and ctx.year < base.year and ctx.latest
        if not narrative or c.start - ctx.end > NARRATIVE_MAX_GAP:
            return False
        if base is not None and abs((c.values[0] - base.date()).days) <= RECENT_DAYS:
            return False  # 11月19日 in a story of 26 November: the news, between paragraphs of background
    elif base is not None and ctx.year == base.year:
        return False  # this year's: the usual rules already read it so
    values = c.resolve(datetime(ctx.year, 12, 31, 12))
    if values is None or values[0].year != ctx.year:
        return False
    if not ctx.heading and (ctx.first - values[0]).days > 180:
        later = c.resolve(datetime(ctx.year + 1, 12, 31, 12))
        if later is None or (base is not None and later[0] > base.date()):
            return False
        values = later
    c.values, c.resolve, c.shift = values, fixed(values), None
    return True
