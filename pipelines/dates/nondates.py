"""What looks like a date but is not one: durations (24小时, 近三年, 至少30日), ordinals (第3个), clock
times alone, vague words (近年来, 目前), bare numbers (2000多名, 3-1), two-digit years alone (15年),
names (光明日报, 五号线, 《星期天真好》), document numbers (〔2022〕1号), and impossible dates
(2023年2月29日, 13月5日), inside which nothing is reported."""

from __future__ import annotations

from pipelines.dates import patterns as P
from pipelines.dates.calendar_math import cn_int, valid_day
from pipelines.dates.scan import finditer_near


def vetoes(folded: str) -> list[tuple[int, int]]:
    """Spans of impossible dates (2023年2月29日, 13月5日): nothing inside them is reported."""
    spans = []
    for m in finditer_near(P.YMD, folded, P.MONTH_ANCHOR):
        y = cn_int(m.group("year")) if m.group("year") else None
        month, day = cn_int(m.group("m")), cn_int(m.group("d"))
        if month is None or day is None or not valid_day(y, month, day):
            spans.append(m.span())
    return spans


def not_a_date(folded: str, start: int, end: int) -> bool:
    """True when ``folded[start:end]``, in its context, is not a date."""
    s = folded[start:end]
    if len(s) < 2 or s != s.strip() or s in P.VAGUE:
        return True
    if P.BARE_NUMBERS.fullmatch(s) and not P.FORMATTED_DATE.fullmatch(s):
        return True  # 2000多名, 1949人, 3-1, 05-23 (no year: too ambiguous)
    if P.ORDINAL.match(s) or P.TIME_OF_DAY_ONLY.fullmatch(s) or P.TWO_DIGIT_YEAR.fullmatch(s):
        return True
    if P.BARE_LUNAR_DAY.fullmatch(s):
        return True
    m = P.REL_DURATION.fullmatch(s)
    if m and (m.group("pre") or m.group("q") or m.group("post") or m.group("suf")):
        return True  # 近三年, 3个月, 两年来, 三年前
    before, after = folded[max(0, start - 4) : start], folded[end : end + 2]
    if P.SIMPLE_COUNT.fullmatch(s) and P.DURATION_BEFORE.search(before):
        return True  # 至少30日, 晚1000年, 有2000年
    if s.endswith("号") and "月" not in s:
        if P.HAO_NOUN_AFTER.match(after) or (before and not P.HAO_DAY_BEFORE.match(before[-1])):
            return True  # 五号线, 3号楼, 联盟1号
        if P.HAO_DOC_BEFORE.search(before):
            return True  # 〔2022〕1号
    if (s == "今天" or s == "今日") and P.NOWADAYS.match(folded, start):
        return True  # 改革的今天: nowadays
    if P.CN_BARE_DAY.fullmatch(s):
        return True  # 扬州十日记, 五号文件
    if s.endswith("年") and P.YEAR_WORD_AFTER.match(after):
        return True  # 本年龄段
    if not P.DIGIT.search(s):
        if P.TITLE_AFTER.match(after) or in_title(folded, start, end):
            return True  # 光明日报, 今晚报, 《星期天真好》
        if (s.endswith("日") and after[:1] == "本") or (s.startswith("本") and before[-1:] == "日"):
            return True  # 前日本人, 日本周报
    if s in P.NUMERIC_HOLIDAY:  # 十一 is National Day only in 十一黄金周, not in 第十一届
        prev = before[-1:]
        if prev == "第" or (prev and prev in P.CN_NUM) or not P.HOLIDAY_CONTEXT.match(after):
            return True
    return False


def in_title(folded: str, start: int, end: int) -> bool:
    """Inside 《…》 (a title: 《今天比昨天更》), looking at most 30 characters either way."""
    left = folded.rfind("《", max(0, start - 30), start)
    if left < 0 or "》" in folded[left:start]:
        return False
    return "》" in folded[end : end + 30]
