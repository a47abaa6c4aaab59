"""Turning a date string into a tz-aware :class:`~datetime.datetime`.

Understands Chinese (``2025年05月26日 下午3:05``, ``星期二``; Minguo years: ``民國113年5月20日``,
``113/05/20``), ISO 8601 (with or without an offset),
US month/day/year (``9/17/2004 5:54:13 AM``; day first when the first number cannot be a month),
English month names (``September 10th, 2005 10:56 am``) and RFC 2822 (``Thu, 30 May 2024 …``).
Full-width digits are folded (NFKC) first. A time without an offset is read in :data:`BEIJING`
(or the ``tz`` given).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from crawler.constants import BEIJING, ROC_EPOCH

# A calendar date with an optional time of day and offset, after NFKC (full-width digits folded).
_DATE_REST = (
    r"\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT,]*(?:(?:星期|周|週|礼拜|禮拜)[一二三四五六日天])?[\s,]*"
    r"(?:(上午|下午|晚上|凌晨|早上|中午)\s*)?"
    r"(\d{1,2})\s*[:：时時]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?(?:\.\d+)?\s*"
    r"(?:([AaPp])\.?[Mm]\.?)?\s*(Z|(?:GMT|UTC)?\s*[+-]\d{2}:?\d{2})?)?(?![\d])"
)
DATETIME_RE = re.compile(r"(?<![\d/])((?:19|20)\d{2})" + _DATE_REST)
# The same with a Minguo year (Taiwan's calendar, 民國 N = 1911 + N): after 民國/民国 (民國113年5月20日),
# or three digits from 100 before a full date (113-05-20, 113/5/20 14:30: Taiwan's government sites)
ROC_DATETIME_RE = re.compile(r"(?:民[國国]\s*(\d{1,3})|(?<![\d/.])(1[0-4]\d))" + _DATE_REST)
# a bare Minguo date keeps one separator (113-05-20, 113/5/20, 113年5月20日) and no number follows it
# (113-05-20-1 is a serial number, 113.5.20 a version or a price)
ROC_BARE_SHAPE = re.compile(r"1\d\d\s*(?:-\s*\d{1,2}\s*-|/\s*\d{1,2}\s*/|年\s*\d{1,2}\s*月)")
ROC_BARE_AFTER = re.compile(r"[-/.]\d")
# Month/day/year as US-style CMSs print it (``9/17/2004 5:54:13 AM``); day/month when the first
# number cannot be a month.
US_DATETIME_RE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# English month names: ``September 10th, 2005 10:56 am``, ``Sep 10, 2005``.
EN_DATETIME_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"((?:19|20)\d{2})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?)?",
    re.I,
)
EN_MONTHS: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# A UTC offset inside a matched offset group: ``+08:00``, ``GMT+0800``.
UTC_OFFSET_RE = re.compile(r"([+-])(\d{2}):?(\d{2})")
# The start of an RFC 2822 time (feeds, some meta tags): ``Thu, 30 May 2024 …``.
RFC2822_START_RE = re.compile(r"^[A-Za-z]{3},?\s+\d")


def fold(text: str) -> str:
    """NFKC: full-width digits and punctuation folded to ASCII."""
    return unicodedata.normalize("NFKC", text)


def parse_datetime(text: str | None, *, tz: ZoneInfo | timezone = BEIJING) -> datetime | None:
    """The first date (with its time of day, when given) in ``text``, tz-aware; else ``None``."""
    found = first_datetime(text, tz=tz)
    return found[0] if found else None


def first_datetime(
    text: str | None, *, tz: ZoneInfo | timezone = BEIJING, at_start: bool = False
) -> tuple[datetime, bool] | None:
    """``(datetime, has_time_of_day)`` of the earliest date in ``text`` (or only at its start)."""
    if not text:
        return None
    text = fold(text)
    if at_start:
        text = text.lstrip()
    best: tuple[int, datetime, bool] | None = None
    for rx, conv in _PARSERS:
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            if at_start and m.start() > 0:
                break
            dt = conv(m, tz)
            if dt is not None:
                best = (m.start(), dt, m.group(_HOUR_GROUP[rx]) is not None)
                break
    if best is not None:
        return best[1], best[2]
    stripped = text.strip()
    if RFC2822_START_RE.match(stripped):
        try:
            dt = parsedate_to_datetime(stripped)
        except (TypeError, ValueError, IndexError):
            return None
        return (dt if dt.tzinfo else dt.replace(tzinfo=tz)), True
    return None


def _tz_from(text: str | None) -> timezone | ZoneInfo:
    if not text:
        return BEIJING
    if text.upper() == "Z":
        return UTC
    m = UTC_OFFSET_RE.search(text)
    if not m:
        return BEIJING
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def _hour(hh: str | None, ampm: str | None, ampm_zh: str | None = None) -> int:
    hour = int(hh) if hh else 0
    if ((ampm and ampm.lower() == "p") or ampm_zh in ("下午", "晚上")) and hour < 12:
        hour += 12
    elif ampm and ampm.lower() == "a" and hour == 12:
        hour = 0
    return 0 if hour == 24 else hour


def _from_match(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    try:
        return _from_parts(*m.groups(), tz=tz)
    except ValueError:
        return None


def _from_parts(
    y: str,
    mo: str,
    d: str,
    ampm_zh: str | None,
    hh: str | None,
    mi: str | None,
    ss: str | None,
    ampm: str | None,
    off: str | None,
    *,
    tz: ZoneInfo | timezone,
) -> datetime:
    return datetime(
        int(y),
        int(mo),
        int(d),
        _hour(hh, ampm, ampm_zh),
        int(mi) if mi else 0,
        int(ss) if ss else 0,
        tzinfo=_tz_from(off) if off else tz,
    )


def _from_roc(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    after, bare, *rest = m.groups()
    if bare and (ROC_BARE_SHAPE.match(m.group()) is None or ROC_BARE_AFTER.match(m.string, m.end())):
        return None
    year = ROC_EPOCH + int(after or bare)
    try:
        return _from_parts(str(year), *rest, tz=tz)
    except ValueError:
        return None


def _from_us(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    a, b, y, hh, mi, ss, ampm = m.groups()
    month, day = (int(a), int(b)) if int(a) <= 12 else (int(b), int(a))
    try:
        return datetime(
            int(y), month, day, _hour(hh, ampm), int(mi) if mi else 0, int(ss) if ss else 0, tzinfo=tz
        )
    except ValueError:
        return None


def _from_en(m: re.Match[str], tz: ZoneInfo | timezone) -> datetime | None:
    mon, d, y, hh, mi, ss, ampm = m.groups()
    try:
        return datetime(
            int(y),
            EN_MONTHS[mon[:3].lower()],
            int(d),
            _hour(hh, ampm),
            int(mi) if mi else 0,
            int(ss) if ss else 0,
            tzinfo=tz,
        )
    except (ValueError, KeyError):
        return None


_Converter = Callable[[re.Match[str], ZoneInfo | timezone], datetime | None]
# Each pattern with its converter and the group holding the hour (set when a time of day is given).
_HOUR_GROUP: dict[re.Pattern[str], int] = {
    DATETIME_RE: 5,
    ROC_DATETIME_RE: 6,
    US_DATETIME_RE: 4,
    EN_DATETIME_RE: 4,
}
_PARSERS: tuple[tuple[re.Pattern[str], _Converter], ...] = (
    (DATETIME_RE, _from_match),
    (ROC_DATETIME_RE, _from_roc),
    (US_DATETIME_RE, _from_us),
    (EN_DATETIME_RE, _from_en),
)
