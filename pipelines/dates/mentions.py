"""Date mentions of a Chinese text: what it says, where, and which calendar days it names.

``extract_dates(text, published_at)`` is the whole interface; this module only runs the steps:
1. candidates: the expressions of our grammar (``grammar.py``, as candidates in
   ``expression_candidates.py``) and of the extra patterns (``pattern_candidates.py``: bare months,
   month ranges, day lists, 2020年代 …), less what is not a date and what lies inside an impossible
   date (``nondates.py``);
2. span merging: the longest of overlapping candidates wins (``overlap.py``);
3. in text order, resolution in context and against the publication time (``resolve.py``), with
   the year the text is talking about (``context.py``), by the rules below;
4. a granularity for each (``granularity.py``).

Resolution rules (publication time taken as a calendar day in Asia/Shanghai):
- 今年/去年/明年/上周五/昨天/本月/上半年/一季度/二〇二四年底 … are relative to the publication day.
- A *bare* calendar expression (month-day, month, day-of-month, weekday, holiday, with no year and
  no relative word) is the most recent such period that does not start after the publication day,
  unless it starts at most ``resolve.NEAR_FUTURE`` (7 days) after it, or its sentence says it lies ahead
  (将, 拟于, 计划于, 预计, 届时, 定于, 有望 …, or 起/前/截止 right after it): then it is the upcoming one.
- Quarters, half-years, seasons and 年初/年底 without a year are those of the publication year.
- A bare day in the sentence of a day mention takes its month (6月4日晚和5日上午); 同年/次年/当天/
  次日 … are resolved from the mention before them in the same paragraph (within 300 characters),
  and dropped when there is none.
- The publication time does not anchor relative mentions (so only absolute ones are reported) when
  a text of 5,000 characters or more names no year at all, or when it reports three or more days
  or months a year or more after it (see ``_anchored``).
- Without a publication time only absolute mentions are reported (those whose value does not depend
  on the reference time): ``2024年3月5日`` yes, ``5月23日`` or ``今年`` no.
- Not reported: durations (24小时, 3个月, 近三年, 两年来, 至少30日), ordinals (第3个), clock times
  alone, vague words (近年来, 目前, 截至目前), bare numbers (2000多名, 3-1), two-digit years alone
  (15年), names (光明日报, 五号线, 《星期天真好》), impossible dates (2023年2月29日).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from crawler.constants import BEIJING
from pipelines.dates import patterns as P
from pipelines.dates.candidate import Candidate
from pipelines.dates.context import YearContext, inherit_year, is_heading
from pipelines.dates.expression_candidates import find_expressions
from pipelines.dates.granularity import GRANULARITIES, Granularity, granularity
from pipelines.dates.nondates import vetoes as find_vetoes
from pipelines.dates.overlap import non_overlapping
from pipelines.dates.pattern_candidates import find_candidates
from pipelines.dates.resolve import relative_year_in_past_sentence, resolve_in_context, step_back_if_ahead
from pipelines.dates.width import fold_width
from pipelines.text.t2s import simplified_view

__all__ = ["GRANULARITIES", "DateMention", "Granularity", "extract_dates", "granularity", "reference_time"]

logger = logging.getLogger(__name__)


# Reference times used to tell absolute mentions from relative ones when there is no publication time.
_PROBE_BASES = (datetime(2000, 6, 15, 12), datetime(2011, 2, 20, 12))
_MIN_YEAR, _MAX_YEAR = 1000, 2200
UNANCHORED_MIN_CHARS = 5000  # a text this long that names no year is not a dated report
LATER_DAYS_MAX = 3  # this many days or months reported a year after publication: the time is wrong


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
    """Naive wall-clock time in Asia/Shanghai; naive input is taken as Shanghai."""
    if published_at is None:
        return None
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(BEIJING)
    return published_at.replace(tzinfo=None, microsecond=0)


def _extract(text: str, published_at: datetime | None) -> list[DateMention]:
    # traditional script read in simplified (上週三, 下午三時, 19號: the patterns are written in simplified
    # script), one character for one: offsets and mention texts are the text's own
    folded = fold_width(simplified_view(text))
    base = reference_time(published_at)
    work_base = base or _PROBE_BASES[0]
    vetoes = find_vetoes(folded)
    candidates = find_candidates(folded, work_base) + find_expressions(folded, work_base)
    candidates = [c for c in candidates if not any(c.start < ve and vs < c.end for vs, ve in vetoes)]
    kept = non_overlapping(candidates)
    if base is not None and not _anchored(folded, kept, base):
        base = None  # relative mentions have nothing to count from: only absolute ones are reported
    out: list[DateMention] = []
    previous: list[tuple[Candidate, bool]] = []  # resolved so far, with "names its year explicitly"
    context = YearContext()
    for c in kept:
        try:
            mention = _finish(text, folded, c, previous, base, work_base, context)
        except Exception:
            logger.warning("date mention dropped: %r", text[c.start : c.end], exc_info=True)
            continue
        if mention is not None:
            out.append(mention)
    return out


def _anchored(folded: str, kept: list[Candidate], base: datetime) -> bool:
    """Can the publication time anchor the text's relative mentions? Not when a long text names no
    year at all (an essay, a classic reprinted: its 今年 is not the publication's), nor when it reports
    at least LATER_DAYS_MAX days or months a year or more after the publication time (an encyclopedia
    page or a re-dated repost: the time is wrong)."""
    explicit = [
        c for c in kept if c.anaphora is None and P.YEAR_DIGITS.search(folded, c.start, c.end) is not None
    ]
    if not explicit:
        return len(folded) < UNANCHORED_MIN_CHARS
    horizon = base.date() + timedelta(days=365)
    later = [c for c in explicit if c.values[0] > horizon and (c.values[1] - c.values[0]).days <= 31]
    return len(later) < LATER_DAYS_MAX


def _finish(
    text: str,
    folded: str,
    c: Candidate,
    previous: list[tuple[Candidate, bool]],
    base: datetime | None,
    work_base: datetime,
    context: YearContext,
) -> DateMention | None:
    """Resolve one candidate in context and against the publication time; None: not reported."""
    if P.HABITUAL_BEFORE.search(folded, max(0, c.start - 6), c.start):
        return None  # 每个月的月底: a habit, not a date
    if c.shift == "year" and c.anaphora is None:
        if P.YEAR_ANAPHOR_BEFORE.search(folded, max(0, c.start - 3), c.start):
            c.anaphora, c.rest = "同年", folded[c.start : c.end]  # 这年10月: as 同年10月
    if not resolve_in_context(folded, c, previous, work_base):
        return None
    if base is not None:
        relative_year_in_past_sentence(folded, c, previous, base)
    inherited = inherit_year(folded, c, context, base)
    if base is None:
        if c.anaphora is None and c.resolve(_PROBE_BASES[1]) != c.resolve(_PROBE_BASES[0]):
            return None  # relative: meaningless without a publication time
    else:
        step_back_if_ahead(folded, c, base)
    vs, ve = c.values
    if ve < vs or not (_MIN_YEAR <= vs.year and ve.year <= _MAX_YEAR):
        return None
    surface = folded[c.start : c.end]
    explicit = c.anaphora is not None or bool(P.YEAR_DIGITS.search(surface))
    previous.append((c, explicit))
    if explicit or inherited:
        heading = is_heading(folded, c) if explicit else context.heading  # under a heading: still
        context.update(folded, c, heading=heading)
    else:
        context.latest = False
    return DateMention(text[c.start : c.end], c.start, c.end, vs, ve, granularity(surface, vs, ve))
