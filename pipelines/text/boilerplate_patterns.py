"""Boilerplate patterns as data: each has a NAME (counted in ``item.removed`` and the crawl stats
as ``news/text/removed/<name>``), a SCOPE and a regular expression.

Scopes:

- ``line``: the whole line is boilerplate when the pattern matches it (patterns are anchored with
  ``^`` and length-bounded, so a body paragraph that merely mentions 编辑 or 分享 is never dropped);
- ``span``: only the matched text is cut from the line (CNR's footer packs app download, hotline,
  complaint platform and copyright into one line); the line goes if nothing but punctuation is left;
- ``tail``: a heading that opens a block of short lines (related articles, comment widget); the
  heading and the short lines after it go, up to the next real paragraph.

To add a pattern, append a row; names may repeat (the same thing written several ways).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Scope = Literal["line", "span", "tail"]


@dataclass(frozen=True)
class BoilerplatePattern:
    name: str
    scope: Scope
    regex: re.Pattern[str]


_Q_OPEN = '[“"「『]?'
_Q_CLOSE = '[”"」』]?'
_END = "[。.!！;；,，]?"

# (name, scope, pattern) — lines are already stripped and character-normalised (ASCII digits and
# letters, one space) when these run; Chinese punctuation may be full- or half-width.
PATTERN_TABLE: tuple[tuple[str, Scope, str], ...] = (
    # --- CNR (央广网) footer, one line of several sentences -------------------------------------
    (
        "app_download",
        "span",
        rf"更多精彩(?:资讯|内容|新闻)?[,，]?\s*请?(?:在|到|去)?(?:各大)?应用(?:市场|商店|宝)?下载{_Q_OPEN}[^”\"」。\n]{{1,12}}{_Q_CLOSE}(?:客户端|APP|App|app){_END}",
    ),
    (
        "app_download",
        "span",
        rf"(?:请|欢迎)?(?:下载|打开){_Q_OPEN}[^”\"」。\n]{{1,12}}{_Q_CLOSE}(?:客户端|APP|App|app)[,，]?(?:查看|阅读|获取|了解)(?:更多|全文)[^。\n]{{0,12}}{_END}",
    ),
    (
        "news_tip_hotline",
        "span",
        rf"(?:欢迎(?:提供|向我们提供)新闻线索[,，;；]?\s*)?(?:24小时)?(?:新闻)?报料(?:热线|电话)[:：]?\s*[\d\-－— ]{{7,}}\d{_END}",
    ),
    ("news_tip_hotline", "span", rf"欢迎(?:提供|向我们提供)新闻线索{_END}"),
    (
        "woodpecker_complaints",
        "span",
        rf"(?:消费者)?也?可(?:以)?通过[^。\n]{{0,10}}啄木鸟消费者投诉平台{_Q_CLOSE}(?:线上|进行)?投诉{_END}",
    ),
    ("copyright", "span", rf"版权声明[:：][^。\n]{{0,80}}(?:所有|转载|责任)[^。\n]{{0,30}}{_END}"),
    (
        "copyright",
        "span",
        rf"转载请(?:联系|注明)[:：]?\s*[\w.\-]+@[\w.\-]+[,，]?(?:不尊重原创的行为我们将追究(?:法律)?责任)?{_END}",
    ),
    ("copyright", "line", r"^(?:央广网)?原创版权禁止商业转载.{0,12}$"),
    ("copyright", "line", r"^转载申请事宜.{0,60}$"),
    (
        "copyright",
        "line",
        r"^.{0,40}(?:未经|未获)[^。\n]{0,10}授权[^。\n]{0,10}(?:不得|禁止|严禁|请勿)[^。\n]{0,12}(?:转载|使用|复制).{0,40}$",
    ),
    ("copyright", "line", r"^(?:版权所有|Copyright|copyright|©|\(c\)).{0,80}$"),
    # --- editor / share / player ----------------------------------------------------------------
    (
        "editor_line",
        "line",
        r"^[\[【(（]?\s*(?:责任编辑|责编|网络编辑|值班编辑|实习编辑|编辑|主编|审核|审校|校对|编审|监制|签发|终审)"
        r"\s*[:：]\s*[\w·・ 、,，/]{1,30}[\]】)）]?$",
    ),
    (
        "editor_line",
        "line",
        r"^[\[【(（]?\s*(?:责任编辑|责编)\s*[\u4e00-\u9fff·]{2,4}(?:[ 、,，/]+[\u4e00-\u9fff·]{2,4}){0,3}[\]】)）]?$",
    ),
    ("share_line", "line", r"^(?:分享到|分享至|一键分享)[:：]?.{0,40}$"),
    (
        "share_line",
        "line",
        r"^(?:分享|微信|微博|QQ|QQ空间|朋友圈|新浪微博|腾讯微博|人人网|豆瓣|Facebook|Twitter|复制链接|扫一扫)"
        r"(?:[\s|/、,，:：]*(?:分享|微信|微博|QQ|QQ空间|朋友圈|新浪微博|腾讯微博|人人网|豆瓣|Facebook|Twitter|复制链接|扫一扫)){2,}$",
    ),
    ("player_residue", "line", r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2}$"),
    ("player_residue", "span", r"(?<!\d)0?0:00\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?!\d)"),
    (
        "player_residue",
        "line",
        r"^.{0,12}(?:您的)?浏览器(?:暂)?不支持.{0,40}$|^(?:视频|音频)?(?:加载中|正在加载|点击播放|播放|暂停|全屏|静音).{0,6}$",
    ),
    # --- comment widgets --------------------------------------------------------------------------
    ("comment_widget", "line", r"^暂无评论.{0,20}$|^.{0,10}快(?:来)?抢沙发.{0,10}$"),
    ("comment_widget", "line", r"^(?:你|您)?\s*(?:发表|发布|写)(?:评论|留言)\s*[:：]?.{0,10}$"),
    ("comment_widget", "line", r"^(?:已有|共)?\s*\d+\s*(?:条评论|人参与|人评论).{0,10}$"),
    ("comment_widget", "line", r"^(?:登录|请登录)后(?:才能|即可)?(?:发表)?(?:评论|留言).{0,12}$"),
    ("comment_widget", "line", r"^(?:网友|全部|最新|热门)?评论\s*[(（]?\d*[)）]?$"),
    (
        "comment_widget",
        "tail",
        r"^(?:评论列表|网友评论|最新评论|热门评论|全部评论|精彩评论|发表评论|我要评论|评论区)\s*[:：]?$",
    ),
    # --- CMS navigation and "related articles" blocks ---------------------------------------------
    ("prev_next", "line", r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：].{0,80}$"),
    (
        "page_tools",
        "line",
        r"^(?:[【\[]?\s*(?:打印(?:本页|此文|本文)?|关闭(?:窗口|本页)?|收藏(?:本文)?|返回顶部|返回首页|返回列表|纠错|"
        r"(?:字号|字体)[:：]?\s*[大中小 ]+|大\s*中\s*小|加入收藏|设为首页)\s*[】\]]?[\s|/]*){1,8}$",
    ),
    (
        "related_articles",
        "tail",
        r"^(?:相关(?:推荐|阅读|文章|新闻|链接|报道|内容|专题)|推荐阅读|延伸阅读|扩展阅读|猜你喜欢|你可能(?:还)?(?:喜欢|感兴趣)|"
        r"热门(?:推荐|文章|新闻|阅读)|精彩推荐|为你推荐|大家都在看|热点推荐|热点新闻|更多(?:推荐|阅读|精彩|新闻)|"
        r"往期(?:回顾|推荐)|最新文章|最新资讯|今日推荐|点击排行|排行榜)\s*[:：>》]*$",
    ),
)

# Every ``span`` match contains one of these literals: lines without any skip the span regex (speed).
# Adding a span pattern? Make sure one of its literals is here (tests check the pattern text).
SPAN_TRIGGERS: tuple[str, ...] = ("下载", "打开", "新闻线索", "报料", "啄木鸟", "版权声明", "转载请", ":00")

PATTERNS: tuple[BoilerplatePattern, ...] = tuple(
    BoilerplatePattern(name, scope, re.compile(rx)) for name, scope, rx in PATTERN_TABLE
)
NAMES: frozenset[str] = frozenset(p.name for p in PATTERNS)
