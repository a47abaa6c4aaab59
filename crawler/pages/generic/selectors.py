"""Data for the generic extractor: tag classes, id/class name patterns, Chinese boilerplate lines.

Kept apart from the algorithm (``generic.py``) so the tables can be read and extended in one place.
"""

from __future__ import annotations

import re

# Never text: skipped with everything inside them.
SKIP_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "math",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "map",
        "link",
        "meta",
        "head",
        "title",
        "audio",
        "video",
        "source",
        "track",
        "param",
        "applet",
        "frameset",
        "frame",
        "dialog",
    }
)
# Elements that start and end a line of text.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "html",
        "body",
        "p",
        "div",
        "td",
        "th",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "form",
        "center",
        "figure",
        "figcaption",
        "address",
        "fieldset",
        "legend",
        "details",
        "summary",
        "hr",
        "br",
        "menu",
        "dir",
        "colgroup",
        "hgroup",
        "marquee",
    }
)
# Containers: text directly inside them scores for them (text in a <p> scores for the <p>'s parent).
CONTAINER_TAGS: frozenset[str] = frozenset(
    {
        "div",
        "td",
        "th",
        "article",
        "section",
        "main",
        "body",
        "center",
        "form",
        "blockquote",
        "dd",
        "li",
        "font",
    }
)
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4"})

# id/class names of blocks that are not the article (unless also named like content).
UNLIKELY_NAME_RE = re.compile(
    r"comment|reply|footer|(?:^|[-_\s])foot(?:$|[-_\s])|(?:^|[-_\s])nav|navbar|menu|breadcrumb|crumbs?|"
    r"(?:^|[-_\s])share|bdshare|social|sidebar|side[-_]?bar|(?:^|[-_\s])side(?:$|[-_\s])|copyright|"
    r"advert|(?:^|[-_\s])ads?(?:$|[-_\s\d])|adsense|banner|popup|modal|login|register|signin|"
    r"recommend|related|relate|hot[-_]?(?:news|list|read)|(?:^|[-_\s])rank|toolbar|pagination|"
    r"(?:^|[-_\s])pager(?:$|[-_\s])|friend[-_]?link|links?[-_]?(?:list|box)|qrcode|erweima|"
    r"(?:^|[-_\s])tags?(?:$|[-_\s])|keywords?[-_]?(?:list|box)|sponsor|subscribe|"
    r"(?:^|[-_\s])(?:top|bottom)[-_]?bar|fixed[-_]?bar|float|back[-_]?top|gotop|disclaimer|statement",
    re.I,
)
LIKELY_NAME_RE = re.compile(
    r"article|content|(?:^|[-_\s])main|(?:^|[-_\s])body|(?:^|[-_\s])text|(?:^|[-_\s])post|entry|detail|"
    r"story|news[-_]?con|TRS_Editor|zhengwen|neirong|wenzhang",
    re.I,
)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
TITLE_NAME_RE = re.compile(r"title|headline|(?:^|[-_\s])tit(?:$|[-_\s])|biaoti", re.I)

# Sentence punctuation (Chinese and Western): prose has it, navigation does not.
PUNCT_RE = re.compile(r"[，。！？；：、,.!?;“”]")
WHITESPACE_RE = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")

# Whole lines that are page furniture, not article text (matched on short lines only).
BOILERPLATE_LINE_RE = re.compile(
    r"^[\[【(（<《]?\s*(?:"
    r"分享到|分享至|一键分享|自动播放|打印(?:本页|此文|文章)?|关闭(?:窗口|本页)?|返回(?:顶部|首页|列表|上一页)?|"
    r"(?:字号|字体)\s*[:：]?\s*[大中小]|[大中小]\s*[中小]?\s*$|"
    r"上一篇|下一篇|上一页|下一页|收藏(?:本文|此页)?|我要(?:纠错|评论|打印|收藏)|举报|纠错|"
    r"扫一扫|扫描二维码|微信扫一扫|手机(?:看|阅读|扫)|点击(?:进入|查看|阅读|这里|此处)|"
    r"(?:网友)?评论\s*\d*\s*条?|已有\s*\d+\s*(?:人|条)|阅读(?:数|量)?\s*[:：]?\s*\d+|浏览(?:次数)?\s*[:：]?\s*\d+|"
    r"查看原文|阅读原文|原文链接|本文链接|相关(?:新闻|阅读|链接|文章|报道|专题)|延伸阅读|推荐阅读|热门推荐|"
    r"猜你喜欢|精彩推荐|更多(?:精彩|新闻|内容)|往期回顾|热点新闻|(?:免责|版权)声明|"
    r"登录|注册|用户名|密码|发表评论|网友评论|加载更多|展开全文|全文阅读|"
    r"当前位置|您的位置|您现在的位置|所在位置|第\s*\d+\s*页\s*/?\s*共\s*\d+\s*页|共\s*\d+\s*页|"
    r"本文(?:通告)?引用|Trackback"
    r")",
    re.I,
)
# Promotion of the site's app/WeChat account inside the article block (short lines only).
PROMO_RE = re.compile(
    r"(?:请|欢迎|快来|立即|点击|马上)下载.{0,12}(?:客户端|APP)|扫描.{0,8}二维码|扫码.{0,6}关注|长按.{0,6}识别|"
    r"关注.{0,12}(?:微信公众号|公众号|官方微信|官方微博)|专享福利|免费试玩|更多.{0,8}资讯请|点击.{0,6}订阅",
    re.I,
)
PROMO_LINE_MAX = 150
# Furniture glued to the end of the last paragraph ("…将持续。返回腾讯网首页>>").
TRAILING_FURNITURE_RE = re.compile(r"\s*(?:返回\S{0,12}首页|回到顶部|【?打印】?|【?关闭】?)\s*[>》»]*\s*$")
# A bare URL ("本文链接：http://…", trackback addresses): furniture when it is most of its line.
URL_RE = re.compile(r"(?:https?://|www\.)[\w./?%&=:#~+-]+", re.I)
URL_LINE_SHARE = 0.4
# Counters anywhere in a short line: "(已被阅读178次)", "浏览次数：2034"
COUNTER_LINE_RE = re.compile(r"(?:已被|被)?(?:阅读|浏览|点击|访问)(?:次数|量)?\s*[:：]?\s*\d+\s*次?")
BOILERPLATE_LINE_MAX = 40
# Copyright/legal lines (any position; short lines only).
COPYRIGHT_RE = re.compile(
    r"版权所有|©|Copyright|All\s+Rights\s+Reserved|未经(?:授权|许可|书面)|不得(?:转载|复制|镜像)|"
    r"转载请注明|ICP备|ICP证|公网安备|违法和不良信息|举报电话|举报邮箱|本网站所刊载|本站所刊载",
    re.I,
)
COPYRIGHT_LINE_MAX = 160
# A heading that ends the article ("相关新闻", "推荐阅读", …): nothing after it is body.
END_OF_ARTICLE_RE = re.compile(
    r"^[\[【(（<《]?\s*(?:相关(?:新闻|阅读|链接|文章|报道|专题|推荐)|延伸阅读|推荐阅读|热门推荐|猜你喜欢|精彩推荐|"
    r"更多(?:精彩|新闻|内容|阅读)|往期回顾|热点新闻|热门文章|网友评论|我要评论|发表评论|评论列表)"
    r"\s*[\]】)）>》:：]?\s*$"
)
# "(完)", "【完】", "—完—", "(编辑：…)" style end marks are kept in text; the line after is checked.

# --- block choice: the article's container, its headline, teaser items (crawler.pages.generic.anchor) ---
# ``itemprop`` values that mark the article's text (schema.org); ``<article>`` elements come next.
ARTICLE_BODY_ITEMPROPS: frozenset[str] = frozenset({"articlebody"})
# "8 小時前", "3 分钟前", "刚刚", "昨天 12:30", "05-20": the time line of a teaser item in a feed
RELATIVE_TIME_RE = re.compile(
    r"\d+\s*(?:秒|分钟|分鐘|分|小时|小時|个?钟头|天|日|周|週|星期|个月|個月|月|年)\s*前|刚刚|剛剛|昨天|前天|"
    r"\d+\s*(?:min|mins|minutes?|hours?|hrs?|days?)\s+ago|"
    # a date without its year and a time of day, as lists print them: "05-20", "5月20日", "14:30"
    r"(?<!\d)\d{1,2}[-/]\d{1,2}(?![\d/-])|\d{1,2}月\d{1,2}日|(?<![\d:])\d{1,2}:\d{2}(?![\d:])",
    re.I,
)

# --- captions: text under an image belongs to the image (``images[].caption``), not the body ---
CAPTION_TAGS: frozenset[str] = frozenset({"figcaption"})
CAPTION_NAME_RE = re.compile(
    r"caption|(?:pic|img|image|photo)[-_]?(?:txt|text|desc|note|intro|explain|title|info)(?:$|[-_\s\d])|"
    r"(?:^|[-_\s])tu(?:zhu|shuo)(?:$|[-_\s])",
    re.I,
)
CAPTION_MAX_CHARS = 200  # a longer "caption" block is text, not a caption
CAPTION_MAX_LINES = 2  # ... and so is one of more lines

# --- reader and share widgets: named boilerplate lines (whole short lines, cleanlines drops them) ---
WIDGET_LINE_RES: dict[str, re.Pattern[str]] = {
    # text-to-speech buttons: "播报文章", "语音播报文章，释放双眼", "播报", "听全文", "朗读"
    "reader_widget": re.compile(
        r"^(?:(?:语音)?播报(?:文章)?|(?:语音)?播报文章[，,]\s*释放双眼|听(?:全文|新闻|文章)|(?:全文)?朗读|"
        r"(?:点击)?收听(?:全文|本文)?|暂停播放|正在播放|AI\s*(?:语音)?(?:朗读|播报))$",
        re.I,
    ),
    # share bars and their targets: "分享至：", "分享让更多人看到", "微信扫码分享", "QQ空间", "新浪微博"
    "share_widget": re.compile(
        r"^(?:分享(?:到|至)?[:：]?|分享让更多人看到|微信扫码分享|扫码分享|(?:分享到)?(?:微信|朋友圈|QQ空间|QQ好友|新浪微博|微博)[:：]?)$",
        re.I,
    ),
    # lone labels of ad slots inside the article column: "广告", "推广"
    "ad_label": re.compile(r"^[\[【(（]?(?:广告|推广|赞助|AD)[\]】)）]?$", re.I),
    # where the poster was: "IP属地：北京", "发布于：北京市", "来自甘肃"
    "ip_location": re.compile(r"^(?:IP\s*属地|发布于|来自)\s*[:：]?\s*[\u4e00-\u9fff]{2,8}$", re.I),
    # a keyword/tag line: "关键字： LPR", "标签：蓝羽会客厅"
    "tags_line": re.compile(r"^(?:关键字|关键词|标签|Tags?)\s*[:：].{0,30}$", re.I),
    # video player chrome: "倍速", "1.5X", "高清", "00:00/00:00", "循环播放", "跳过片头"
    "player_widget": re.compile(
        r"^(?:直播|倍速|\d(?:\.\d+)?X|(?:超|高|标)清(?:\s*\d+P)?|\d{2}:\d{2}(?:\s*/\s*\d{2}:\d{2})?|循环播放|跳过片头|"
        r"播放速度[:：].{0,6}|设置成功|正在为您切换到.{0,20}|很抱歉，当前视频播放失败|错误代码[:：].{0,20}|"
        r"时长[:：][\d:]+.{0,16})$",
        re.I,
    ),
}
WIDGET_LINE_MAX = 40  # widget lines are short
# A platform's notice under user-posted articles (网易号, 快传号, 搜狐号 …): "…仅提供信息存储服务".
PLATFORM_NOTICE_RE = re.compile(
    r"仅提供信息(?:存储|发布)(?:空间)?服务|only provides information storage services|"
    r"(?:用户|作者)上传并发布.{0,20}(?:不代表|仅代表)",
    re.I,
)
PLATFORM_NOTICE_MAX = 300  # such a notice is one short paragraph
