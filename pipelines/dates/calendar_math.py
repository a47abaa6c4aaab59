"""Small calendar helpers: Chinese numerals, month ends, shifting a base time."""

from __future__ import annotations

import calendar as _cal
from datetime import date, datetime, timedelta

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def cn_int(s: str) -> int | None:
    """``"23"``, ``"二十三"``, ``"廿三"``, ``"十"``, ``"三十一"``, ``"一百一十三"`` -> int; digit strings of 〇-九 read
    positionally (``"二〇二四"`` -> 2024). None when it is not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十")
    if "百" in s:  # 一百一十三, 一百零五, 一百二: hundreds (a Minguo year)
        return _hundreds(s)
    if "十" not in s:
        if all(c in _DIGITS for c in s):
            return int("".join(str(_DIGITS[c]) for c in s))
        return None
    head, _, tail = s.partition("十")
    if (head and head not in _DIGITS) or (tail and tail not in _DIGITS) or "十" in tail:
        return None
    return (_DIGITS[head] if head else 1) * 10 + (_DIGITS[tail] if tail else 0)


def _hundreds(s: str) -> int | None:
    head, _, tail = s.partition("百")
    hundreds = _DIGITS.get(head) if head else 1
    if hundreds is None:
        return None
    if not tail:
        return hundreds * 100
    if tail[0] in "〇零":  # 一百零五
        rest = cn_int(tail[1:])
        return hundreds * 100 + rest if rest is not None and rest < 10 else None
    if len(tail) == 1 and tail in _DIGITS:  # 一百二: 120
        return hundreds * 100 + _DIGITS[tail] * 10
    rest = cn_int(tail)  # 一十三, 十三
    return hundreds * 100 + rest if rest is not None and 10 <= rest < 100 else None


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= _cal.monthrange(year if year else 2024, month)[1]  # no year: leap-tolerant


def shift_years(base: datetime, years: int) -> datetime:
    try:
        return base.replace(year=base.year + years)
    except ValueError:  # 29 February
        return base.replace(year=base.year + years, day=28)


def shift_months(base: datetime, months: int) -> datetime:
    idx = base.year * 12 + base.month - 1 + months
    y, m = divmod(idx, 12)
    return base.replace(year=y, month=m + 1, day=min(base.day, _cal.monthrange(y, m + 1)[1]))


def shift_days(base: datetime, days: int) -> datetime:
    return base + timedelta(days=days)


def month_part(year: int, month: int, part: str | None) -> tuple[date, date]:
    """A month, or a part of it: 初/上旬 1-10, 中旬 11-20, 下旬/底/末 21-end."""
    end = month_end(year, month)
    if part in ("初", "上旬"):
        return date(year, month, 1), date(year, month, 10)
    if part == "中旬":
        return date(year, month, 11), date(year, month, 20)
    if part in ("下旬", "底", "末"):
        return date(year, month, 21), end
    return date(year, month, 1), end
