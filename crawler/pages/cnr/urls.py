"""CNR (央广网) URL rules: what an article, a continuation page and a channel list look like.

All patterns are compiled, named constants here; spiders and page objects import them.

* Article: ``…/YYYYMMDD/tYYYYMMDD_<id>.shtml`` on any ``cnr.cn`` host (``.html`` also occurs, e.g.
  ``military.cnr.cn``). The numeric ``<id>`` is the article's identity: the same id under two hosts or
  paths is one article, key ``cnr:<id>``.
* Continuation page of a multi-page article: ``tYYYYMMDD_<id>_1.shtml``, ``_2.shtml`` …
* Channel list: a directory URL (``…/sd/``), ``index.html`` or ``index_N.html`` in it.

The *mirror* helpers map a logical ``cnr.cn`` URL onto a local copy of the site laid out as
``<base>/<host>/<path>`` (what ``wget --mirror`` writes). Tests and ``cnr-news demo`` serve such a copy
on 127.0.0.1; the spider fetches the mirror but reasons about (and stores) the logical cnr.cn URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

SITE = "cnr.cn"
KEY_PREFIX = "cnr:"
DEFAULT_HOMEPAGE = "https://www.cnr.cn/"

# host is cnr.cn or one of its subdomains (news.cnr.cn, www.cnr.cn, china.cnr.cn …)
CNR_HOST_RE = re.compile(r"^(?:[a-z0-9-]+\.)*cnr\.cn$", re.I)
# /<dirs>/YYYYMMDD/tYYYYMMDD_<id>[_<page>].shtml
ARTICLE_PATH_RE = re.compile(
    r"^(?P<dir>/(?:[\w.-]+/)*?)(?P<dirdate>\d{8})/t(?P<date>\d{8})_(?P<id>\d+)(?:_(?P<page>\d+))?\.s?html?$",
    re.I,
)
# /<dirs>/ , /<dirs>/index.html , /<dirs>/index_3.html
LIST_PATH_RE = re.compile(r"^(?P<dir>/(?:[\w.-]+/)*)(?:index(?:_(?P<n>\d+))?\.s?html?)?$", re.I)
# CNR's list pager: createPageHTML(total, current, "index", "html")
LIST_PAGER_SCRIPT_RE = re.compile(r"createPageHTML\(\s*(?P<total>\d+)\s*,\s*(?P<cur>\d+)", re.I)
# CNR's article pager: pageHtml(total, current, "tYYYYMMDD_<id>", "shtml")
ARTICLE_PAGER_SCRIPT_RE = re.compile(
    r"pageHtml\(\s*(?P<total>\d+)\s*,\s*(?P<cur>\d+)\s*,\s*[\"'](?P<stem>t\d{8}_\d+)[\"']\s*,\s*[\"'](?P<ext>s?html?)[\"']",
    re.I,
)
# the page extension of an article URL (where a continuation page's ``_N`` goes)
PAGE_EXT_RE = re.compile(r"(\.s?html?)$", re.I)
FETCHABLE_SCHEMES = frozenset({"http", "https"})
# query parameters that only track or preview (TRS's ``?sign=`` on kuaixun links): dropped from a URL
# before it is fetched, so ``Disallow: /*?*`` in robots.txt does not block the article behind it
TRACKING_PARAMS = frozenset(
    {
        "sign",
        "spm",
        "from",
        "share_token",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
    }
)

# Channel names by host + path prefix (longest prefix wins). ``www.cnr.cn`` and ``cnr.cn`` are the same.
CHANNEL_NAMES: dict[str, str] = {
    "news.cnr.cn/": "新闻",
    "news.cnr.cn/native/": "国内",
    "news.cnr.cn/native/gd/": "国内",
    "news.cnr.cn/native/city/": "城市",
    "news.cnr.cn/gjxw/": "国际",
    "news.cnr.cn/gjxw/gnews/": "国际",
    "news.cnr.cn/dj/": "独家",
    "news.cnr.cn/comment/": "评论",
    "news.cnr.cn/comment/cnrp/": "央广网评",
    "news.cnr.cn/kuaixun/": "快讯",
    "www.cnr.cn/newscenter/kx/": "快讯",
    "www.cnr.cn/newscenter/native/": "国内",
    "www.cnr.cn/newscenter/comment/": "评论",
    "www.cnr.cn/newscenter/comment/cnrp/": "央广网评",
    "news.cnr.cn/theory/": "理论",
    "china.cnr.cn/": "中国之声",
    "china.cnr.cn/yaowen/": "要闻",
    "china.cnr.cn/news/": "新闻",
    "china.cnr.cn/xwwgf/": "新闻纵横",
    "china.cnr.cn/xwhbzzy/": "新闻和报纸摘要",
    "china.cnr.cn/gdgg/": "国内",
    "finance.cnr.cn/": "财经",
    "military.cnr.cn/": "军事",
    "country.cnr.cn/": "三农",
    "tech.cnr.cn/": "科技",
    "edu.cnr.cn/": "教育",
    "health.cnr.cn/": "健康",
    "pic.cnr.cn/": "图片",
    "www.cnr.cn/picture/": "图片",
    "www.cnr.cn/newscenter/": "新闻中心",
    "china.cnr.cn/law/": "法治",
    "auto.cnr.cn/": "汽车",
    "travel.cnr.cn/": "文旅",
    "house.cnr.cn/": "房产",
    "food.cnr.cn/": "食品",
    # regional channels (www.cnr.cn/<code>/; Heilongjiang on its own host), as linked from cnr.cn's
    # front page in 2024–25
    "www.cnr.cn/bj/": "北京",
    "www.cnr.cn/tj/": "天津",
    "www.cnr.cn/hebei/": "河北",
    "www.cnr.cn/sx/": "山西",
    "www.cnr.cn/nmg/": "内蒙古",
    "www.cnr.cn/ln/": "辽宁",
    "www.cnr.cn/jl/": "吉林",
    "hlj.cnr.cn/": "黑龙江",
    "www.cnr.cn/shanghai/": "上海",
    "www.cnr.cn/js/": "江苏",
    "www.cnr.cn/zj/": "浙江",
    "www.cnr.cn/ah/": "安徽",
    "www.cnr.cn/fj/": "福建",
    "www.cnr.cn/jx/": "江西",
    "www.cnr.cn/sd/": "山东",
    "www.cnr.cn/sd/jr/": "山东",
    "www.cnr.cn/henan/": "河南",
    "www.cnr.cn/hubei/": "湖北",
    "www.cnr.cn/hunan/": "湖南",
    "www.cnr.cn/gd/": "广东",
    "www.cnr.cn/gx/": "广西",
    "www.cnr.cn/hainan/": "海南",
    "www.cnr.cn/cq/": "重庆",
    "www.cnr.cn/sc/": "四川",
    "www.cnr.cn/gz/": "贵州",
    "www.cnr.cn/yn/": "云南",
    "www.cnr.cn/shaanxi/": "陕西",
    "www.cnr.cn/gs/": "甘肃",
    "www.cnr.cn/qh/": "青海",
    "www.cnr.cn/nx/": "宁夏",
    "www.cnr.cn/xinjiang/": "新疆",
    "www.cnr.cn/dl/": "大连",
    "www.cnr.cn/nb/": "宁波",
    "www.cnr.cn/xm/": "厦门",
    "www.cnr.cn/sz/": "深圳",
}

# Channel lists alive in 2023–26 (https): national news (its articles also live under
# www.cnr.cn/newscenter/native/gd/), the kuaixun flash list (links to www.cnr.cn/newscenter/kx/…),
# CNR's commentary, China Voice headlines and the Shandong front page. (news.cnr.cn/gjxw/gnews/ shows
# no sign of life after 2020.)
DEFAULT_CHANNELS: tuple[str, ...] = (
    "https://news.cnr.cn/native/gd/",
    "https://news.cnr.cn/kuaixun/",
    "https://news.cnr.cn/comment/cnrp/",
    "https://china.cnr.cn/yaowen/",
    "https://www.cnr.cn/sd/",
)


@dataclass(frozen=True)
class ArticleRef:
    """What an article URL says about the article."""

    article_id: str
    day: date | None
    page: int  # 0 = first page, N = continuation ``_N``
    first_page_url: str  # the URL of page 0 (continuation suffix removed)

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}{self.article_id}"


def _www(host: str) -> str:
    """``cnr.cn`` and ``www.cnr.cn`` are one host: the bare domain becomes ``www.cnr.cn``."""
    return "www.cnr.cn" if host == "cnr.cn" else host


def is_cnr_host(host: str | None) -> bool:
    return bool(host and CNR_HOST_RE.match(host.rstrip(".")))


def is_cnr_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in FETCHABLE_SCHEMES and is_cnr_host(parts.hostname)


def _parse_day(s: str) -> date | None:
    try:
        return date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def article_ref(url: str) -> ArticleRef | None:
    """The article a cnr.cn URL points to, or ``None`` when it is not an article URL."""
    parts = urlsplit(url)
    if not is_cnr_url(url):
        return None
    m = ARTICLE_PATH_RE.match(parts.path)
    if not m:
        return None
    page = int(m["page"] or 0)
    path = parts.path
    if m["page"] is not None:  # drop the ``_N`` before the extension
        path = path[: m.start("page") - 1] + path[m.end("page") :]
    first = urlunsplit((parts.scheme.lower(), (parts.netloc or "").lower(), path, "", ""))
    return ArticleRef(article_id=m["id"], day=_parse_day(m["date"]), page=page, first_page_url=first)


def article_key(url: str) -> str | None:
    ref = article_ref(url)
    return ref.key if ref else None


def list_page(url: str) -> tuple[str, int] | None:
    """``(channel directory URL, page number)`` for a channel list URL (``index.html`` is page 0)."""
    if not is_cnr_url(url):
        return None
    parts = urlsplit(url)
    m = LIST_PATH_RE.match(parts.path or "/")
    if not m:
        return None
    directory = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), m["dir"], "", ""))
    return directory, int(m["n"] or 0)


def list_page_url(directory: str, n: int) -> str:
    """URL of list page ``n`` of a channel directory (0 → ``index.html``)."""
    return urljoin(directory, "index.html" if n == 0 else f"index_{n}.html")


def continuation_url(first_page_url: str, n: int) -> str:
    """URL of continuation page ``n`` (≥1) of an article."""
    return PAGE_EXT_RE.sub(rf"_{n}\1", first_page_url, count=1)


def strip_tracking(url: str) -> str:
    """``url`` without :data:`TRACKING_PARAMS` in its query (and without a fragment)."""
    parts = urlsplit(url)
    if not parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))


def canonical_cnr_url(url: str) -> str:
    """Lower-cased scheme/host, no query or fragment; ``cnr.cn`` → ``www.cnr.cn``."""
    parts = urlsplit(url.strip())
    host = _www((parts.netloc or "").lower())
    return urlunsplit((parts.scheme.lower() or "http", host, parts.path or "/", "", ""))


def channel_dir(url: str) -> str:
    """``host/path-directory/`` of a URL, the form :data:`CHANNEL_NAMES` is keyed by."""
    parts = urlsplit(url)
    host = _www((parts.hostname or "").lower())
    path = parts.path or "/"
    m = ARTICLE_PATH_RE.match(path)
    if m:
        path = m["dir"]
    else:
        path = path[: path.rfind("/") + 1]
    return host + path


def channel_name(url: str) -> str | None:
    """The channel a cnr.cn URL belongs to, from :data:`CHANNEL_NAMES` (longest prefix)."""
    d = channel_dir(url)
    best: str | None = None
    for prefix in CHANNEL_NAMES:
        if d.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return CHANNEL_NAMES[best] if best else None


def in_channel(url: str, channel_url: str) -> bool:
    """Whether ``url`` lies under the channel directory ``channel_url``."""
    return channel_dir(url).startswith(channel_dir(channel_url))


@dataclass(frozen=True)
class Mirror:
    """A local copy of cnr.cn laid out as ``<base>/<host>/<path>`` (e.g. served on 127.0.0.1).

    With ``http_base`` the mirror has two origins, as cnr.cn does: ``https://`` URLs are fetched from
    ``base`` and ``http://`` ones from ``http_base`` (which may answer with redirects to ``base``, the
    way cnr.cn redirects http to https). Without it every URL is fetched from ``base`` and read back
    as ``http://``.
    """

    base: str
    http_base: str | None = None

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")
        if self.http_base and not self.http_base.endswith("/"):
            object.__setattr__(self, "http_base", self.http_base + "/")

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or ""

    def to_fetch(self, url: str) -> str:
        """Logical cnr.cn URL → the mirror URL to fetch."""
        parts = urlsplit(url)
        host = _www((parts.hostname or "").lower())
        path = parts.path or "/"
        tail = host + path + (f"?{parts.query}" if parts.query else "")
        if self.http_base and parts.scheme.lower() == "http":
            return self.http_base + tail
        return self.base + tail

    def to_logical(self, fetch_url: str) -> str | None:
        """Mirror URL → the logical cnr.cn URL, or ``None`` if it is not under the mirror."""
        if self.http_base and fetch_url.startswith(self.http_base):
            scheme, rest = "http", fetch_url[len(self.http_base) :]
        elif fetch_url.startswith(self.base):
            scheme, rest = ("https" if self.http_base else "http"), fetch_url[len(self.base) :]
        else:
            return None
        host, _, path = rest.partition("/")
        if not is_cnr_host(host):
            return None
        return f"{scheme}://{host}/{path}"


def logical_url(fetch_url: str, mirror: Mirror | None) -> str:
    if mirror is None:
        return fetch_url
    return mirror.to_logical(fetch_url) or fetch_url


def fetch_url(url: str, mirror: Mirror | None) -> str:
    return mirror.to_fetch(url) if mirror is not None else url


@dataclass
class Links:
    """What a page links to, as logical cnr.cn URLs (everything else is dropped and counted)."""

    articles: list[str]  # first-page article URLs, in page order, one per article id
    lists: list[str]  # channel list URLs (directories, index.html, index_N.html)
    dropped: int = 0  # off-site, non-http(s), javascript:, mailto: …


def discover_links(page_url: str, hrefs: list[str]) -> Links:
    """Classify a page's ``href`` values (resolved against the page's logical URL)."""
    articles: list[str] = []
    lists: list[str] = []
    seen_ids: set[str] = set()
    seen_lists: set[str] = set()
    dropped = 0
    for href in hrefs:
        href = (href or "").strip()
        if not href or href.startswith("#"):
            continue
        link = urljoin(page_url, href)
        if not is_cnr_url(link):
            dropped += 1
            continue
        ref = article_ref(link)
        if ref is not None:
            if ref.page == 0 and ref.article_id not in seen_ids:
                seen_ids.add(ref.article_id)
                articles.append(ref.first_page_url)
            continue
        lp = list_page(link)
        if lp is not None:
            u = list_page_url(*lp) if lp[1] else lp[0]
            if u not in seen_lists:
                seen_lists.add(u)
                lists.append(u)
    return Links(articles, lists, dropped)


def list_pager_total(script_texts: list[str]) -> int | None:
    """Total list pages announced by CNR's ``createPageHTML(total, …)`` pager, if present."""
    for s in script_texts:
        m = LIST_PAGER_SCRIPT_RE.search(s)
        if m:
            return int(m["total"])
    return None
