"""Compiled patterns of the date-mention layer, all run on width-folded text (see ``width.py``).

Three groups: expressions the grammar (``grammar.py``) leaves to these extra patterns (``MONTH``,
``MONTH_RANGE``, ``REL_MONTH``, ``BARE_MONTH_PART``, ``DECADE``, ``YEAR_RANGE``); vetoes (``YMD``:
an impossible calendar date such as 2023年2月29日 must yield nothing, not its fragments); and the
filters that tell a date from a duration, an ordinal, a clock time or a vague word.
"""

from __future__ import annotations

import re

CN_NUM = "〇零一二三四五六七八九十廿卅"
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_REL_YEAR = r"(?:今年|去年|明年|前年|本年|上年)"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})"
_RANGE_SEP = r"[-—–‒―－~～至到]"
# what may not stand right before a month number (it would be part of a count: 3个月, 十一, 每月...)
_NOT_BEFORE_MONTH = r"(?:(?<=整个)|(?<![\d〇零一二三四五六七八九十两几多数半每个第上下本这当同近约满隔则]))"
# what may not follow a month (then it is a day, read by the grammar): 5月15日, 5月十五
_NOT_DAY_AFTER = r"(?![\d〇零一二三四五六七八九十廿卅两]|内|之内|以内|多|余|有余|左右|之久|来)"
_PART = r"(?P<part>初|底|末|上旬|中旬|下旬)"

# ---- our own layer -------------------------------------------------------------------------
MONTH = re.compile(
    rf"(?:(?P<year>{_YEAR})年|(?P<rel>{_REL_YEAR}))?{_NOT_BEFORE_MONTH}(?P<m>{_MONTH})月份?{_PART}?{_NOT_DAY_AFTER}"
)
MONTH_RANGE = re.compile(
    rf"(?:(?P<year>{_YEAR})年|(?P<rel>{_REL_YEAR}))?{_NOT_BEFORE_MONTH}(?P<m1>{_MONTH})(?:月份?)?\s*{_RANGE_SEP}\s*"
    rf"(?P<m2>{_MONTH})月份?{_NOT_DAY_AFTER}(?![初底末]|[上中下]旬)"
)
# 8月4、11日 / 2009年3月14、15日: one mention per day, the first with its month
DAY_LIST = re.compile(
    rf"(?:(?P<year>{_YEAR})年|(?P<rel>{_REL_YEAR}))?{_NOT_BEFORE_MONTH}(?P<m>{_MONTH})月"
    rf"(?P<days>{_DAY}(?:[、,，和及与]{_DAY})+)[日号]"
)
DAY_LIST_SEP = re.compile(r"[、,，和及与]")
# nouns after N号 that make it a number, not a day: 五号线, 3号楼, 1-3号楼
_HAO_NOUNS = "线楼院馆门机坑令台位车房室厅库井站口码床店铺仓舱道街路巷区栋座种选文"
# 21日至23日 without a month: days of the reference month (not a duration)
DAY_RANGE = re.compile(
    rf"(?<![\d〇零一二三四五六七八九十廿卅月第])(?P<d1>{_DAY})[日号]?\s*{_RANGE_SEP}\s*(?P<d2>{_DAY})[日号](?![{_HAO_NOUNS}])"
)
# 12月30日和31日: the second day right after a day, which alone would be read in the reference month (and
# loses when that month has no 31st); its month comes from the day before it (see resolve.py)
# (also after a bracketed aside: 2月19日(正月十五)、20日(正月十六))
NEXT_DAY = re.compile(rf"[日号](?=(?:[(（][^()（）\n]{{1,8}}[)）])?[和、及与](?P<d>{_DAY})(?P<ri>[日号]))")
REL_MONTH = re.compile(r"(?<!月)(?P<rel>上个?月|下个?月|本月|这个月)" + _PART + "?")  # not 灯烧月下月如怠
BARE_MONTH_PART = re.compile(r"(?<![\d〇零一二三四五六七八九十个本上下这当同每年])月(?P<part>初|底|末)")
DECADE = re.compile(r"(?<!\d)(?P<y>\d{3}0)年代")
# 2013、2014年: the year without 年 in a list of years
YEAR_LIST = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?=(?:[、,，和及与](?:19|20)\d{2})+年)")
YEAR_RANGE = re.compile(
    rf"(?<!\d)(?P<y1>\d{{4}})\s*{_RANGE_SEP}\s*(?P<y2>\d{{4}})(?:年|(?=学年|赛季|财年|年度))(?!\d)"
)
# the characters every match of a group of patterns contains (see scan.py)
MONTH_ANCHOR = re.compile("月")
DAY_ANCHOR = re.compile("[日号]")
YEAR_ANCHOR_CHAR = re.compile("年")
# ---- vetoes --------------------------------------------------------------------------------
YMD = re.compile(
    rf"(?:(?P<year>{_YEAR})年)?(?<![\d〇零一二三四五六七八九十])(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?P<d>{_DAY})[日号]"
)

# ---- filters on the grammar's findings ----------------------------------------------------------
FORMATTED_DATE = re.compile(
    r"\d{4}([-/.])\d{1,2}\1\d{1,2}(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?|\d{4}[-/]\d{1,2}"
)
BARE_NUMBERS = re.compile(r"[\d\s\-./:：·~～—–－至到]+")
ORDINAL = re.compile(r"第(?!.*季度)")
TWO_DIGIT_YEAR = re.compile(r"(?:\d{2}|[〇零一二三四五六七八九十]{2,3})年")  # 15年: a count as often as 2015
SIMPLE_COUNT = re.compile(
    rf"(?:[\d〇零一二三四五六七八九十百千两]+[年日天号]?\s*{_RANGE_SEP}\s*)?[\d〇零一二三四五六七八九十百千两]+[年日天号]"
)
DURATION_BEFORE = re.compile(
    r"(?:至少|最少|最多|长达|共|满|超过|不少于|不超过|连续|历时|为期|持续|大约|约|近|每|逾|晚|早|隔|了|达|有)$"
)
ANAPHORA = re.compile(
    r"(?P<w>同年|当年|是年|该年|次年|翌年|第二年|当天|当日|当晚|当夜|同日|同一天|次日|翌日|第二天|前一天|后一天)"
    r"|(?:当|同|这一?|那一?)(?:月|周|年|天)"
)
# 1860年…这年10月 / 那年冬天: the year of an anaphor, read like 同年 (see mentions.py)
YEAR_ANAPHOR_BEFORE = re.compile(r"(?:这一?|那一?|同|当|是|该)年$")
ANAPHORA_NEXT = ("次年", "翌年", "第二年", "次日", "翌日", "第二天", "后一天")
ANAPHORA_PREV = ("前一天",)
ANAPHORA_YEAR = ("同年", "当年", "是年", "该年", "次年", "翌年", "第二年")
TITLE_AFTER = re.compile(r"报(?![道告名送到批请称警表备销考])|头条|说法|之星")  # 光明日报, 今晚报, 今日头条
BARE_LUNAR_DAY = re.compile(r"初[一二三四五六七八九十]")  # 上了初一: a school grade as often as a day
# a day written N号 follows punctuation or a preposition; after a name it is a number (联盟1号, 嫦娥五号)
HAO_DAY_BEFORE = re.compile(r"[^\u4e00-\u9fff]|[于在从到至是和及与的前后月日]")
HAO_NOUN_AFTER = re.compile(rf"[{_HAO_NOUNS}]")
# a document number: 〔2022〕1号, [2021]5号, 第3号
HAO_DOC_BEFORE = re.compile(r"[〕\]】）)第]$")
# a day of the month written alone in Chinese numerals (十日, 五号): a count or a name (扬州十日记,
# 五号文件) far more often than a date, which news writes 10日
CN_BARE_DAY = re.compile(r"[一二三四五六七八九十廿卅]{1,3}[日号]")
# 本年龄段, 去年级: the 年 belongs to the next word
YEAR_WORD_AFTER = re.compile(r"[龄级纪]")
# 每个月的月底, 每年的春节, 每周的周五: a habit, not a date
HABITUAL_BEFORE = re.compile(r"每(?:个|一)?(?:年|月|周|星期|天|季度?)(?:的)?$|每(?:到|逢|当)$")
# 在高考制度改革的今天, 用今天的话来说: "nowadays", not a day
NOWADAYS = re.compile(
    r"(?<=的)(?<![前后]的)(?:今天|今日)|(?:今天|今日)(?=的(?:话|人|中国|世界|社会|时代))"
    r"|(?:(?<=到了)|(?<=到)|(?<=有))(?:今天|今日)|今日(?=中国|世界|社会|之)"  # 到了今日, 何至有今日, 今日中国
)
TIME_OF_DAY_ONLY = re.compile(
    r"(?:凌晨|清晨|早晨|早上|上午|中午|午间|午后|下午|傍晚|晚上|晚间|夜间|夜里|深夜|半夜|午夜|白天|晚|早)?"
    r"(?:[\d零〇一二三四五六七八九十两]{1,3}\s*[时点:：](?:[\d零〇一二三四五六七八九十]{1,3}分?|半|整|一刻|三刻)?"
    r"(?:许|左右|前后|多)?)?"
)
REL_DURATION = re.compile(
    r"(?P<pre>近|最近|过去|未来|今后|此后|前|后)?(?!\d{4}|[〇零一二三四五六七八九]{4})"
    r"[\d零〇一二两三四五六七八九十百千几数半多]+(?P<q>多|余|个|个多|个余)?"
    r"(?:年|月|周|星期|礼拜|天|日|小时|钟头|分钟)(?P<post>多|余|半)?"
    r"(?P<suf>来|以来|前|后|之前|之后|以前|以后|内|之内|以内|间|里|中)?"
)
VAGUE = frozenset(
    "现在 目前 当前 此前 此后 今后 以来 期间 同期 当时 过去 未来 开始 将来 如今 当下 眼下 近期 近日 日前 "
    "近年 近年来 早期 中期 晚期 前期 后期 黎明 全年 至今 今后 一大早 大早 本天".split()
)
NUMERIC_HOLIDAY = frozenset("五一 十一 七一 八一 六一 三八 五四".split())
HOLIDAY_CONTEXT = re.compile(r"[节假期黄长小当前后晚]")

# ---- resolution ----------------------------------------------------------------------------
YEAR_ANCHOR = re.compile(
    r"\d{2,4}年|[〇零一二三四五六七八九]{2,4}年|民[国國]|\d{4}[-/.]|今年|去年|明年|前年|后年|本年|上年|年代|世纪"
)
RELATIVE_WORD = re.compile(
    r"[上下]个?(?:周|星期|礼拜|月)|本(?:周|月|星期)|这个?(?:周|月|星期|礼拜)|[今昨]|(?<!清)明|大?[前后][天日]|次日|翌日|当|同"
    r"|近|过去|未来|每"
)
HOLIDAY = re.compile(
    r"节|元旦|除夕|中秋|端午|清明|重阳|七夕|元宵|腊八|国庆|五一|十一|七一|八一|六一|三八|双十[一二]|正月|腊月|农历"
    r"|初[一二三四五六七八九十]|冬至|夏至|立[春夏秋冬]|小年"
)
WEEKDAY = re.compile(r"周|星期|礼拜")
DAY_WORD = re.compile(r"[日号]")
SEASON = re.compile(r"[春夏秋冬](?:季|天)?")
RANGE_TEXT = re.compile(
    rf"[\d〇零一二三四五六七八九十日月年号周季度天节旬底初末]\s*{_RANGE_SEP}\s*[\d〇零一二三四五六七八九十上下本今明去周星]"
)
DIGIT = re.compile(r"\d")
YEAR_DIGITS = re.compile(r"\d{4}|[〇零一二三四五六七八九]{4}|\d{2}年|[〇零一二三四五六七八九]{2}年|民[国國]")
DAY_NUMBER = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})(?=[日号])")
# a paragraph ends at a line break after closing punctuation (a break elsewhere is a hard wrap)
PARAGRAPH_END = re.compile(r"[。！？!?；;：:”」』)）\]】]\s*\n|\n\s*\n|^\s*\n")
SENTENCE_BOUNDARY = re.compile(r"[。！？；!?;\n]")
FUTURE_CUE = re.compile(
    r"将(?![军领士帅近])|拟(?:于|在)|计划(?:于|在)|预计|届时|即将|[也还就]要|"
    r"定于|有望|(?:之)?前完成|截止|报名|等到?(?=[^，。；,;]{1,10}(?:后|以后|之后|过后|再))"  # 等春节后再做打算
)
# 今天（10月1日）, 两天之后的1月6日: a relative day followed by the date it stands for
BRACKETED_DATE_AFTER = re.compile(r"\s*(?:[(（]\s*|的)(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}[日号]")
# 今年, 去年同期 … at the start of a mention: counted from the year of a past day named before it in
# the same sentence (2004年6月3日，…创下了今年日发电量的最高纪录)
REL_YEAR_START = re.compile(r"今年|去年|明年|前年|本年|上年")
# a line with no sentence punctuation and this short is a title or a table cell (a song 今天比昨天更好,
# 星期六的晚上): a relative day there is not a date of the story
TITLE_LINE_MAX = 20
SENTENCE_PUNCT = re.compile(r"[，。；！？、,;!?]")
# the aspect particle 了 (not 为了, 除了, 了解, 了不起 …) or 曾/已经: the sentence tells of the past
PAST_CUE = re.compile(r"(?<![为除受罢])了(?![解不却结])|曾经|已经")
FUTURE_SUFFIX = re.compile(r"\s*(?:起|开始|前|之前|以前|截止|为止)")
