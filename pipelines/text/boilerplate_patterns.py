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
    (  # (松花江网编辑 孙桂芳), 【责任编辑：张三】: an outlet may precede, the colon may be a space
        "editor_line",
        "line",
        r"^[\[【(（]\s*[\u4e00-\u9fff]{0,8}?(?:责任编辑|责编|网络编辑|编辑)\s*[:：]?\s*"
        r"[\u4e00-\u9fff·]{2,4}(?:[ 、,，/]+[\u4e00-\u9fff·]{2,4}){0,3}\s*[\]】)）]$",
    ),
    (  # 来源：巴彦淖尔日报 编辑：苏亮 — the CMS's meta line (its source is read by attribution.py first)
        "source_line",
        "line",
        r"^(?:来源|稿件来源|文章来源|本文来源|信息来源|新闻来源)\s*[:：]\s*[^。！？!?]{1,30}?"
        r"(?:\s+(?:责任编辑|编辑|作者|记者|责编|审核|校对)\s*[:：]\s*[^。！？!?]{1,20}){0,3}$",
    ),
    (
        "source_line",
        "line",
        r"^[(（]?(?:本文|文章|此文|该文)?(?:来源于|转载自|转自)\s*[:：]?\s*[^。！？!?,，()（）]{1,30}[)）]?$"
        r"|^[(（]?(?:本文|文章)来自(?:微信)?公众号\s*[:：]?\s*[^。！？!?,，()（）]{1,30}[)）]?$",
    ),
    (  # 本文来源于网络，如有侵权请联系删除
        "disclaimer",
        "line",
        r"^.{0,24}(?:如有侵权|若有侵权|如涉及侵权|如侵犯了?您的(?:合法)?权益|如有版权问题).{0,40}(?:删除|联系|处理).{0,20}$",
    ),
    (  # 原标题：… / （原题为《…》）: the title the story had elsewhere
        "original_title",
        "line",
        r"^[(（【\[]?\s*原(?:标)?题(?:为)?\s*[:：]\s*.{1,80}$|^[(（]\s*原(?:标)?题(?:为)?\s*[:：]?\s*.{1,80}[)）]$",
    ),
    (
        "share_line",
        "line",
        r"^(?:点击)?(?:分享|转发)(?:让|给)(?:更多|身边)的?(?:人|朋友|好友)(?:看到|看看|知道)?[!！。]?$"
        r"|^(?:点击)?(?:分享|转发)(?:给|到)(?:你的|您的)?(?:朋友|好友|朋友圈)[!！。]?$",
    ),
    (  # 扫一扫 / scan the QR code to follow, download, share
        "qr_code",
        "line",
        r"^.{0,16}(?:扫一扫|扫码|扫描(?:下方|上方|左侧|右侧|文末)?二维码|长按(?:识别)?(?:下方|上方)?二维码|识别二维码)"
        r"[^。!?！？]{0,8}(?:关注|下载|分享|订阅|阅读|打开|收听|观看|用手机|手机浏览|加入|获取|添加)[^。!?！？]{0,24}$"
        r"|^扫一扫[^。!?！？]{0,10}$",
    ),
    (  # 关注微信公众号 / 官方微博 …, when the line is the invitation itself
        "follow_us",
        "line",
        r"^(?:欢迎|请|敬请|长按|点击|记得|快来)?(?:关注|订阅|添加)(?:我们的?|本(?:站|网|台|报)的?)?"
        r"(?:官方)?[^。!?！？]{0,12}(?:微信|微博|公众号|抖音|头条号|视频号|服务号|订阅号)[^。!?！？]{0,24}$",
    ),
    (  # 更多精彩，请… / 更多资讯尽在…
        "more_link",
        "line",
        r"^[【\[(（]?(?:返回\S{1,8}[,，]?\s*)?(?:更多|查看更多|阅读更多|点击查看更多)(?:精彩|资讯|内容|新闻|报道|详情|信息|视频|图片)?"
        r"(?:[,，:：>》 ]|请|敬请|尽在|关注|点击|下载|访问|进入|登录|$)[^。!?！？]{0,30}$",
    ),
    (  # 点击进入专题 / 点击查看原文 / 阅读原文
        "more_link",
        "line",
        r"^[【\[(（]?\s*(?:点击|点此|戳此|戳这里)?(?:进入|查看|阅读|浏览)(?:专题|全文|原文|详情|更多|大图|图集)"
        r"[^。!?！？]{0,30}$|^[【\[(（]?\s*(?:专题|图集)[:：].{0,30}$",
    ),
    (  # 下载法广应用程序跟踪国际时事: a short invitation to install the app
        "app_download",
        "line",
        r"^(?:请|欢迎|点击|立即|马上|免费)?下载(?![量次率数])[^。!?！？]{1,16}(?:客户端|APP|App|app|应用程序|应用)[^。!?！？]{0,20}$",
    ),
    (  # 声明：…仅供参考，不构成投资建议… / 免责声明
        "disclaimer",
        "line",
        r"^[【\[]?(?:免责|版权|特别)?声明[】\]]?\s*[:：]?$|^[【\[]?免责声明[】\]]?\s*[:：].{0,200}$"
        r"|^[【\[]?(?:特别|郑重)?声明[】\]]?\s*[:：].{0,160}(?:仅供参考|不构成|风险自担|不代表本|无关|删除|侵权|版权归|所有权)"
        r".{0,60}$",
    ),
    (
        "disclaimer",
        "line",
        r"^.{0,16}(?:本文|文章|此文|以上内容|本内容)(?:仅|只)?代表作者.{0,80}$|^.{0,10}(?:内容|信息)仅供参考.{0,60}$",
    ),
    (  # 图片来源：… / 图片均来自网络 / 图源：…
        "image_credit",
        "line",
        r"^[(（【\[]?\s*(?:图片|配图|题图|封面图|头图|首图|图)(?:均|皆|部分)?(?:来源|来自|源自|出处|提供)(?:于)?\s*[:：]?"
        r"[^。!?！？]{0,40}$|^[(（【\[]?\s*图源\s*[:：].{0,40}$|^[(（【\[]?\s*图片由.{1,30}提供.{0,4}$",
    ),
    (  # (图片来源：视觉中国) inside a caption or paragraph
        "image_credit",
        "span",
        r"[(（【\[]\s*(?:图片|配图|题图|封面图|头图|首图|图)(?:均|皆)?(?:来源|来自|源自|出处)(?:于)?\s*[:：]?"
        r"[^()（）【】\[\]\n]{1,40}[)）】\]]|[(（【\[]\s*图源\s*[:：][^()（）【】\[\]\n]{1,40}[)）】\]]",
    ),
    (  # 【责任编辑：张三】 / （责任编辑：张三） closing a paragraph; 【纠错】 next to it
        "editor_line",
        "span",
        r"[(（【\[]\s*(?:责任编辑|责编|网络编辑|编辑)\s*[:：]\s*[^()（）【】\[\]\n。，,]{1,24}[)）】\]]",
    ),
    ("page_tools", "span", r"[【\[]\s*纠错\s*[】\]]"),
    (  # 本文转载自… 转载请注明出处 / 来源
        "copyright",
        "span",
        rf"(?:如需)?转载请(?:务必)?(?:注明|标明|保留)(?:出处|来源|作者)[^。\n]{{0,30}}{_END}",
    ),
    (
        "copyright",
        "line",
        r"^(?:本文|文章)?(?:系|为)?.{0,12}(?:原创|独家)(?:稿件|文章|内容)?[,，]?(?:未经|禁止|谢绝|严禁).{0,40}$",
    ),
    (
        "trackback",
        "line",
        r"^(?:本文)?(?:通告)?引用\s*[(（]?Trackback[)）]?.{0,100}$|^Trackback\s*(?:URL|链接)?[:：].{0,100}$",
    ),
    (  # a widget's label left alone on its line (share/report/like buttons, image placeholder)
        "widget_residue",
        "line",
        r"^[\[【［(（]?\s*(?:分享|转发|微信|微博|新浪微博|腾讯微博|QQ空间|朋友圈|举报|收藏|点赞|赞|打赏|图集|图片|\+1|"
        r"客户端|客户端下载|下载客户端|加载更多|点击加载更多|查看评论|查看回复|查看原文|阅读原文|阅读下一篇|"
        r"更多|更多\.{1,3}|更多>+|返回\S{0,6}首页|详情|详细|登录|注册|登录注册|搜索|网站地图|联系我们|广告|易信)"
        r"\s*[\]】］)）]?$",
    ),
    ("widget_residue", "line", r"^阅读(?:数|量|次数)?\s*[:：]?\s*[(（]?\s*\d*\s*[)）]?$"),
    (  # an editor/source label the CMS left empty: 责任编辑： / 来源：
        "editor_line",
        "line",
        r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|来源|作者)\s*[:：]\s*[\]】)）]?$",
    ),
    ("editor_line", "span", r"(?<=\S)\[(?:编辑|编辑源代码)\](?=\s|$)"),  # MediaWiki section edit link
    (  # 2022-02-13 07:00:00来源：央广网 — the CMS's date + source meta line
        "source_line",
        "line",
        r"^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*"
        r"(?:来源|稿件来源|文章来源|信息来源)\s*[:：]\s*[^。！？!?]{1,30}$",
    ),
    (  # 当前位置：首页 > 新闻 > 正文
        "breadcrumb",
        "line",
        r"^(?:当前位置|您的位置|你的位置|您当前的位置|所在位置|位置)\s*[:：].{0,80}$"
        r"|^(?:首页|网站首页|主页)\s*(?:>|＞|»|›|→|/|>>)\s*.{0,80}$",
    ),
    (  # 发布时间：2021-02-12 08:31 来源：新华日报 作者：葛灵丹 — the CMS's meta line above the story
        "meta_line",
        "line",
        r"^(?:发布时间|发布日期|发表时间|更新时间|时间|日期)\s*[:：]\s*\d{4}[-年/.]\d{1,2}[^。！？!?]{0,30}"
        r"(?:来源|作者|编辑|责任编辑|浏览|阅读|点击|字号)\s*[:：(（]?[^。！？!?]{0,50}$",
    ),
    (
        "meta_line",
        "line",
        r"^(?:作者|记者)\s*[:：]\s*[^\s。！？!?]{1,20}\s+(?:来源|编辑|发布时间|时间)\s*[:：][^。！？!?]{0,60}$",
    ),
    ("copyright", "line", r"^.{0,6}违法(?:和|及|与)不良信息举报(?:电话|中心|邮箱).{0,60}$"),
    ("copyright", "line", r"^(?:如需)?转载请(?:务必)?(?:注明|标明)(?:出处|来源)?\s*[:：]?.{0,40}$"),
    (
        "comment_widget",
        "line",
        r"^(?:回复\s*)?(?:[踩赞顶]\s*[(（]?\d+[)）]?\s*){1,3}$|^查看回复\s*\d*\s*举报$|^(?:该)?评论已关闭[!！。]?$|^请登录后(?:再)?(?:关注|评论|回复|举报)$",
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
        r"^.{0,12}(?:您的)?浏览器(?:暂)?不支持.{0,40}$"
        r"|^(?:视频|音频)?(?:加载中|正在加载|点击播放|播放|暂停|全屏|静音)(?:视频|音频)?[\W\d_]{0,6}$",
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
    ("prev_next", "line", r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)(?:\s*[:：]|\s+|$).{0,80}$"),
    (
        "page_tools",
        "line",
        r"^(?:[【\[]?\s*(?:打印(?:本页|此文|本文)?|关闭(?:窗口|本页)?|收藏(?:本文)?|返回(?:顶部|页首|页顶|首页|列表)|(?:我要)?纠错|"
        r"(?:字号|字体)[:：]?\s*[大中小 ]+|大\s*中\s*小|加入收藏|设为首页)\s*[】\]]?[\s|/↑^]*){1,8}$",
    ),
    (
        "related_articles",
        "tail",
        r"^(?:相关(?:推荐|阅读|文章|新闻|链接|报道|内容|专题)|推荐阅读|延伸阅读|扩展阅读|猜你喜欢|你可能(?:还)?(?:喜欢|感兴趣)|"
        r"热门(?:推荐|文章|新闻|阅读)|精彩推荐|为你推荐|大家都在看|热点推荐|热点新闻|更多(?:推荐|阅读|精彩|新闻)|"
        r"往期(?:回顾|推荐)|最新文章|最新资讯|今日推荐|点击排行|排行榜|编辑推荐|频道推荐|推荐视频|热门视频|精彩图片|图片新闻|"
        r"热门图片|图片精选|(?:阅读|新闻|热点|评论)排行(?:榜)?|24小时热(?:点|文|闻)|一周热(?:点|文)|相关阅读推荐)\s*[:：>》]*$",
    ),
)

# Every ``span`` match contains one of these literals: lines without any skip the span regex (speed).
# Adding a span pattern? Make sure one of its literals is here (tests check the pattern text).
SPAN_TRIGGERS: tuple[str, ...] = (
    "下载",
    "打开",
    "新闻线索",
    "报料",
    "啄木鸟",
    "版权声明",
    "转载请",
    ":00",
    "来源",  # image credits: every one names 来源/来自/源自/出处 or 图源
    "来自",
    "源自",
    "出处",
    "图源",
    "编辑",
    "责编",
    "纠错",
)

PATTERNS: tuple[BoilerplatePattern, ...] = tuple(
    BoilerplatePattern(name, scope, re.compile(rx)) for name, scope, rx in PATTERN_TABLE
)
NAMES: frozenset[str] = frozenset(p.name for p in PATTERNS)
