"""CNR page templates as data: how to recognise each, and ordered selector chains per field.

Each chain is tried in order and the first non-empty result wins, so a page that mixes templates
still yields every field. ``TEMPLATES`` is tried in order to *name* the template (crawl stats count
hits per name); a page that matches none goes to the generic extractor (template ``"generic"``).

Selectors are CSS (parsel). A selector ending in ``::attr(x)`` reads an attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    name: str
    years: str
    detect: tuple[str, ...]  # all must match
    detect_xpath: tuple[str, ...] = ()  # all must match (XPath: comments, which CSS cannot see)
    absent: tuple[str, ...] = ()  # none may match
    # the body lies between these comments inside the content container (None: the whole container)
    markers: tuple[str, str] | None = None


# CNR's content markers: <!--content--> … <!--/content--> inside div.article-content (2021–)
CONTENT_MARKERS = ("content", "/content")
# the opening marker inside div.article-content (detection of the 2023– template)
CONTENT_MARKER_XPATH = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]"
    "//comment()[normalize-space(.)='content']"
)

TEMPLATES: tuple[Template, ...] = (
    # 2023–: bare <h1>, <div class="source">, body between <!--content--> and <!--/content--> in
    # div.article-content; images are centred paragraphs (mediabluk.cnr.cn, ?auth= tokens), each
    # followed by a centred caption paragraph. No .article-header (that is 2021–22).
    Template(
        "cnr-2023",
        "2023–",
        ("div.article-content",),
        detect_xpath=(CONTENT_MARKER_XPATH,),
        absent=(".article-header",),
        markers=CONTENT_MARKERS,
    ),
    # 2021–22: <div class="article-header"><h1>…</h1><div class="source"><span>time</span><span>来源：…</span>
    Template("cnr-2021", "2021–22", (".article-header h1", ".article-content")),
    # before 2017: Baidu-news ids on the byline, body in TRS_Editor
    Template("cnr-legacy", "–2016", ("#pubtime_baidu",)),
    # 2017–20: body in the TRS editor's div
    Template("cnr-2017", "2017–20", ("div.TRS_Editor",)),
)

GENERIC_TEMPLATE = "generic"

TITLE: tuple[str, ...] = (
    ".article-header h1",
    ".article h1",
    ".subject h2",
    ".wh645 .f24",
    "#title_baidu",
    "h1",
    "meta[property='og:title']::attr(content)",
    "#title_desc h1",
    "title",
)
# strings in a byline that hold the publication time
PUBLISHED: tuple[str, ...] = (
    ".article-header .source span",
    "#pubtime_baidu",
    ".subject .source span",
    ".source span",
    ".source",
    ".sw",
    "meta[name='publishdate']::attr(content)",
    "meta[property='article:published_time']::attr(content)",
)
SOURCE: tuple[str, ...] = (
    ".article-header .source span",
    "#source_baidu",
    ".subject .source span",
    ".source span",
    ".source",
    "meta[name='source']::attr(content)",
    "[class*='source']",
    "[class*='info'] span",
    "[class*='from']",
)
EDITOR: tuple[str, ...] = (
    ".article-editer",
    "#editor_baidu",
    ".editor",
    ".article-footer .editor",
)
BYLINE_AUTHOR: tuple[str, ...] = (
    ".article-header .source span",
    ".subject .source span",
    ".source span",
    "#author_baidu",
)
CONTENT: tuple[str, ...] = (
    ".article-content",
    "div.TRS_Editor",
    "#article-content",
    "#articleContent",
    ".articleText",
    "article.TRS_Editor",
    ".contentText",
    ".article-main",
)
CHANNEL: tuple[str, ...] = (
    "meta[name='WT.cg_n']::attr(content)",
    "meta[name='wt.cg_n']::attr(content)",
    ".breadcrumb a:last-child",
    ".crumbs a:last-child",
    ".position a:last-child",
)
DESCRIPTION: tuple[str, ...] = (
    "meta[name='description']::attr(content)",
    "meta[name='Description']::attr(content)",
    "meta[property='og:description']::attr(content)",
    "#title_desc p",  # CNR's hidden share description (2021–22)
)
KEYWORDS: tuple[str, ...] = (
    "meta[name='keywords']::attr(content)",
    "meta[name='Keywords']::attr(content)",
)
CANONICAL: tuple[str, ...] = ("link[rel='canonical']::attr(href)",)

# Removed from the content container before reading text: scripts, the audio player, share
# widgets, editor/copyright blocks, related-story boxes.
NOISE: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "fjtignoreurl",
    ".HiRadioPlayer",
    ".player",
    ".audio",
    ".video-player",
    ".bdshare-buttons",
    ".shares",
    ".share",
    ".article-comps",
    ".article-editer",
    ".article-copyright",
    ".editor",
    "#editor_baidu",
    ".special",
    ".related",
    ".relatedNews",
    ".page",
    ".pages",
    "#page",
    ".article-footer",
)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Whole paragraphs that are CNR boilerplate (anchored: a story that merely mentions these words stays).
BOILERPLATE_PARAGRAPH_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*(?:\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}\s*)+$"),  # player residue 00:00/00:00
    re.compile(r"^\s*[（(\[]?\s*(?:责任编辑|责编|编辑|审核|校对|监制)\s*[:：]"),
    re.compile(r"^\s*原创版权"),
    re.compile(r"^\s*版权声明"),
    re.compile(r"^\s*转载申请事宜"),
    re.compile(r"^\s*更多精彩资讯请在应用市场下载"),
    re.compile(r"报料热线\s*400-800-0088"),
    re.compile(r"cnrbanquan@cnr\.cn"),
    re.compile(r"^\s*分享到"),
    re.compile(r"^\s*(?:扫一扫|扫码)(?:分享|关注|下载)"),
    re.compile(r"^\s*(?:相关新闻|相关阅读|相关推荐|延伸阅读)\s*[:：]?\s*$"),
    re.compile(r"^\s*(?:上一页|下一页|首页|尾页|\d+)(?:\s+(?:上一页|下一页|首页|尾页|\d+))*\s*$"),
)
# The same as two patterns (a 58,000-paragraph page: twelve searches a paragraph took 0.6 s): those
# anchored at the start as one alternation tried once at the start (``match``), the rest as one
# searched alternation. All are compiled without flags, so the alternations mean what they did.
BOILERPLATE_AT_START_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PARAGRAPH_RES if p.pattern.startswith("^"))
)
BOILERPLATE_ANYWHERE_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PARAGRAPH_RES if not p.pattern.startswith("^"))
)
# Player residue inside a paragraph.
PLAYER_RESIDUE_RE = re.compile(r"\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}")

TIME_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
        r"(?:[\sT]*(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
    ),
)
# a CNR dateline opening a story names its source: 央广网北京11月16日消息 / 中国之声5月1日电
DATELINE_SOURCE_RE = re.compile(r"^\s*(?P<v>央广网|中国之声|经济之声)\S{0,12}?\d{1,2}月\d{1,2}日(?:消息|电)")
# (记者张三 李四) / （央广网记者 王五） at the start of a story
LEAD_REPORTER_RE = re.compile(r"[（(](?:央广网|中国之声|经济之声)?(?:驻\S{1,6})?记者(?P<v>[^）)]{2,40})[）)]")
NAME_SPLIT_RE = re.compile(r"[\s、,，/;；]+")
NAME_END_RE = re.compile(r"通讯员|摄影|实习生|摄|报道")  # a name list ends at the first of these
TITLE_SUFFIX_RE = re.compile(r"\s*[_|｜-]\s*(?:央广网|中央人民广播电台|中国广播网)\s*$")
# error pages
ERROR_TITLE_RE = re.compile(r"404|页面不存在|页面未找到|您访问的页面|Not Found|出错", re.I)

BLOCK_TAGS = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 li ul ol table tr td th blockquote center pre dl dt dd "
    "figure figcaption header footer".split()
)
CENTER_STYLE_RE = re.compile(r"text-align\s*:\s*center", re.I)
# a paragraph that is just a picture caption follows a picture and is short
MAX_CAPTION_CHARS = 80
# below this many characters of body text a page is not an article (list, gallery, error page)
MIN_ARTICLE_CHARS = 30

# --- channel lists ------------------------------------------------------------------------------
# 2023– list markup: <div class="articleList"><div class="item"><a href="…"><strong>title</strong>
# <em>summary</em><span class="publishTime">YYYY-MM-DD  HH:MM</span></a></div>…
LIST_ITEM: tuple[str, ...] = ("div.articleList div.item > a", "div.item.url_http > a")
LIST_ITEM_TITLE: tuple[str, ...] = ("strong", "span.text", "::attr(title)")
LIST_ITEM_TIME: tuple[str, ...] = ("span.publishTime",)
