"""The Python API: the pipeline of ``scrapy crawl``/``cnr-news extract`` called from code.

>>> from pipelines import api
>>> article = api.extract(open("page.html", "rb").read(), "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml")  # doctest: +SKIP

Four functions, each taking text (or a page's bytes) and returning plain, JSON-ready values:

- :func:`extract` — a saved page → the article, with exactly the fields ``cnr-news extract`` prints
  (the page object :func:`crawler.pages.page_object_for` picks, then cleaning, dates, organisations);
- :func:`normalize_text` — the text cleaning alone (pinyin glosses, boilerplate, odd characters);
- :func:`extract_dates` — the dates a text mentions, each with its calendar period;
- :func:`extract_entities` — the organisations and people a text mentions.

Offsets (``start``/``end``) are character offsets into the text given (for :func:`extract`: into
``body``, the cleaned paragraphs joined by ``"\\n"``). Times are ISO 8601 with their offset; a time
without one is Beijing time. Nothing here fetches anything or touches a database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crawler.constants import BEIJING, DEFAULT_MAX_BODY_CHARS
from crawler.items import ArticleItem
from crawler.pages import page_object_for
from pipelines.chain import process_article
from pipelines.dates import extract_dates as _extract_dates
from pipelines.entities import entities_and_place as _entities_and_place
from pipelines.text import normalize_text as _normalize_text

__all__ = [
    "NO_URL",
    "RECORD_KEYS",
    "extract",
    "extract_dates",
    "extract_entities",
    "normalize_text",
    "record",
]

# A page with no URL is read as a saved file (a ``file:`` URL: CNR's page object still recognises
# CNR pages by their bytes; everything else goes to the generic extractor).
NO_URL = "file:///dev/stdin"

# keys every record carries (in this order), whatever else the item adds: ``cnr-news extract``'s output
RECORD_KEYS = (
    "path",
    "url",
    "is_article",
    "template",
    "title",
    "published_at",
    "source",
    "authors",
    "channel",
    "body",
    "paragraphs",
    "images",
    "error",
)


def publication_time(value: datetime | str | None) -> datetime | None:
    """A publication time: a datetime, or ISO 8601 text (``Z`` accepted); no offset = Beijing time."""
    if value is None or value == "":
        return None
    dt = (
        value if isinstance(value, datetime) else datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    )
    return dt if dt.tzinfo else dt.replace(tzinfo=BEIJING)


def record(
    item: ArticleItem | None, *, path: str | None = None, url: str | None = None, error: str | None = None
) -> dict[str, Any]:
    """The JSON-ready record of an item: :data:`RECORD_KEYS` first, then the item's other fields."""
    out: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    out.update({"path": path, "url": url, "authors": [], "paragraphs": [], "images": []})
    if item is not None:
        out.update(item.to_json_dict())
        out["path"] = path
    out["error"] = error
    return out


def parse_page(
    html: bytes | str,
    url: str | None = None,
    *,
    published_at: datetime | str | None = None,
    pipelines: bool = True,
) -> ArticleItem:
    """The :class:`~crawler.items.ArticleItem` of a page (what :func:`extract` turns into a dict)."""
    url = url or NO_URL
    cap = DEFAULT_MAX_BODY_CHARS if pipelines else 0  # the chain cuts the body there: read no further
    if isinstance(html, str):  # already text: no charset sniffing
        item = page_object_for(url, html).parse(
            url, html.encode("utf-8"), content_type="text/html; charset=utf-8", text=html, body_chars=cap
        )
    else:
        item = page_object_for(url, html).parse(url, html, body_chars=cap)
    when = publication_time(published_at)
    if when is not None:
        item.published_at = when
    if pipelines:
        process_article(item)
    return item


def extract(
    html: bytes | str, url: str | None = None, *, published_at: datetime | str | None = None
) -> dict[str, Any]:
    """Extract the article of a saved page: the same fields as one line of ``cnr-news extract``.

    ``html`` is the page as fetched (bytes: the encoding is sniffed as in a crawl) or as text;
    ``url`` its URL (it picks the page object and fills ``site``, ``key``, ``channel`` …);
    ``published_at`` overrides the page's publication time (a datetime or ISO text; no offset =
    Beijing time); relative dates in the text (``昨天``, ``23日``) are resolved against it.

    >>> page = '''<html><head><title>济南启动托育服务宣传月_新闻</title>
    ... <meta property="article:published_time" content="2025-05-24T09:00:00+08:00"></head>
    ... <body><h1>济南启动托育服务宣传月</h1><div class="article">
    ... <p>5月23日，济南市卫生健康委员会在泉城广场启动托育服务宣传月活动。</p>
    ... <p>活动期间，全市各托育机构将开放参观，为家长提供科学育儿指导和托育政策咨询服务。</p>
    ... <p>济南市婴幼儿托育服务行业协会表示，今年全市将新增托位一千余个。</p>
    ... </div></body></html>'''
    >>> article = extract(page, "https://news.example.com.cn/2025/05/24/a1.html")
    >>> article["title"], article["published_at"], article["is_article"]
    ('济南启动托育服务宣传月', '2025-05-24T09:00:00+08:00', True)
    >>> [(d["text"], d["value_start"]) for d in article["dates"]]
    [('5月23日', '2025-05-23'), ('今年', '2025-01-01')]
    >>> [o["name"] for o in article["organizations"]]
    ['济南市卫生健康委员会', '济南市婴幼儿托育服务行业协会']
    """
    return record(parse_page(html, url, published_at=published_at), url=url or NO_URL)


def normalize_text(text: str, title: str = "", *, t2s: bool = False) -> dict[str, Any]:
    """Clean a plain text as the crawl cleans an article: one paragraph per line; ideographic spaces,
    zero-width characters, pinyin glosses and boilerplate lines (``关注微信公众号``, footers, share
    bars …) go; ``removed`` counts what went, by name. ``t2s``: Traditional → Simplified.

    >>> clean = normalize_text("济南市(jǐnánshì)启动托育服务宣传月活动。\\n\\n关注微信公众号\\n")
    >>> clean["paragraphs"], clean["removed"]
    (['济南市启动托育服务宣传月活动。'], {'pinyin_gloss': 1, 'follow_us': 1})
    """
    done = _normalize_text(title, text, t2s=t2s)
    return {
        "title": done.title,
        "paragraphs": list(done.paragraphs),
        "body": done.body,
        "source": done.source,
        "removed": dict(done.removed),
    }


def extract_dates(text: str, published_at: datetime | str | None = None) -> list[dict[str, Any]]:
    """The dates ``text`` mentions, in text order: ``text``, ``start``/``end`` (offsets into ``text``),
    ``value_start``/``value_end`` (the calendar period, ISO dates) and ``granularity``. Relative
    dates (``23日``, ``昨天``, ``今年``) need ``published_at`` (no offset = Beijing time).

    >>> extract_dates("5月23日，济南市启动托育服务宣传月活动，今年将新增普惠托位。", "2025-05-24T09:00")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'text': '5月23日', 'start': 0, 'end': 5, 'value_start': '2025-05-23', 'value_end': '2025-05-23',
      'granularity': 'day'},
     {'text': '今年', 'start': 21, 'end': 23, 'value_start': '2025-01-01', 'value_end': '2025-12-31',
      'granularity': 'year'}]
    """
    return [m.to_dict() for m in _extract_dates(text, publication_time(published_at))]


def extract_entities(text: str, *, title: str = "", url: str | None = None) -> dict[str, Any]:
    """The organisations and people ``text`` mentions, in order of first mention, and where the story
    is: ``{"organizations": [{name, kind, parent, mentions: [{text, start, end}]}], "persons": [...],
    "place": {province, city, county}}`` (``name`` is the canonical name; ``place`` holds the levels
    that are known; ``title`` and ``url`` help place a story, e.g. 市 in 济南).

    >>> found = extract_entities("5月23日，济南市卫生健康委员会在泉城广场启动托育服务宣传月活动。")
    >>> [(o["name"], o["kind"], o["mentions"][0]["start"]) for o in found["organizations"]]
    [('济南市卫生健康委员会', 'government', 6)]
    >>> found["place"]
    {'province': '山东省', 'city': '济南市'}
    """
    orgs, persons, place = _entities_and_place(text, title=title, url=url)
    return {"organizations": orgs, "persons": persons, "place": place.as_dict()}
