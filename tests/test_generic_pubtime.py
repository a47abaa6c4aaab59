"""Publication time: parsing Chinese/ISO/US/RFC times, the order of trust, rejection of bad times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from crawler.constants import BEIJING
from crawler.pages.pubtime.chain import date_from_url, find_published, parse_datetime
from tests.support.paths import shared_path

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CST = timezone(timedelta(hours=8))

PARSE_CASES: list[tuple[str, datetime | None]] = [
    ("2022-02-13 07:00:00", datetime(2022, 2, 13, 7, 0, 0, tzinfo=BEIJING)),
    ("2025年05月26日 16:30", datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING)),
    ("发布时间：2021-1-29 13:18", datetime(2021, 1, 29, 13, 18, tzinfo=BEIJING)),
    ("２０２２年２月１３日", datetime(2022, 2, 13, tzinfo=BEIJING)),  # full-width digits
    ("2022/02/11 08:52:25", datetime(2022, 2, 11, 8, 52, 25, tzinfo=BEIJING)),
    ("2022.02.11", datetime(2022, 2, 11, tzinfo=BEIJING)),
    ("2022-02-06T12:48:06+00:00", datetime(2022, 2, 6, 12, 48, 6, tzinfo=UTC)),
    ("2022-02-06T12:48:06Z", datetime(2022, 2, 6, 12, 48, 6, tzinfo=UTC)),
    ("2022-02-06T20:48:06.123+0800", datetime(2022, 2, 6, 20, 48, 6, tzinfo=CST)),
    ("2005年08月30日, 星期二 13:22", datetime(2005, 8, 30, 13, 22, tzinfo=BEIJING)),
    ("2005-04-03 17:19PM", datetime(2005, 4, 3, 17, 19, tzinfo=BEIJING)),
    ("2024年5月1日 下午3:05", datetime(2024, 5, 1, 15, 5, tzinfo=BEIJING)),
    ("9/17/2004 5:54:13 AM", datetime(2004, 9, 17, 5, 54, 13, tzinfo=BEIJING)),  # US order
    ("7/5/2005 9:23:57 PM", datetime(2005, 7, 5, 21, 23, 57, tzinfo=BEIJING)),
    ("25/12/2019", datetime(2019, 12, 25, tzinfo=BEIJING)),  # day first when it cannot be a month
    ("Saturday, September 10th, 2005   10:56 am", datetime(2005, 9, 10, 10, 56, tzinfo=BEIJING)),
    ("Thu, 30 May 2024 10:15:00 +0800", datetime(2024, 5, 30, 10, 15, tzinfo=CST)),
    # Minguo years (Taiwan: 民國 N = 1911 + N), after 民國 or bare with three digits and one separator
    ("民國113年5月20日 下午3:05", datetime(2024, 5, 20, 15, 5, tzinfo=BEIJING)),
    ("发布日期：113-05-20", datetime(2024, 5, 20, tzinfo=BEIJING)),
    ("113/5/20 14:30", datetime(2024, 5, 20, 14, 30, tzinfo=BEIJING)),
    ("2024年5月20日 14時30分", datetime(2024, 5, 20, 14, 30, tzinfo=BEIJING)),  # 時: traditional script
    ("編號 113-05-20-1", None),  # a serial number
    ("版本 113.5.20", None),
    ("IP 192.113.5.20", None),
    ("来源：新华社 2023-13-45", None),  # no such month/day
    ("第3个 24小时", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_datetime(text: str, expected: datetime | None) -> None:
    got = parse_datetime(text)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None
        assert got.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.cnr.cn/native/gd/20220213/t20220213_525739615.shtml", date(2022, 2, 13)),
        ("http://www.xinhuanet.com/world/2018-03/02/c_1122474433.htm", date(2018, 3, 2)),
        ("http://culture.people.com.cn/n1/2019/0615/c1013-31155540.html", date(2019, 6, 15)),
        ("https://example.com/2024/05/26/a1001.html", date(2024, 5, 26)),
        ("https://example.com/a/20200704/n123.html", date(2020, 7, 4)),
        ("https://example.com/news/123456.html", None),
        ("https://example.com/2024/13/40/x.html", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>示例标题_示例网</title>{head}</head><body>{body}</body></html>"


def test_jsonld_beats_meta_and_byline() -> None:
    html = page(
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-02-13T07:00:00+08:00",'
        '"dateModified":"2022-02-13T09:30:00+08:00"}</script><meta name="publishdate" content="2022-02-12">',
        "<h1>示例标题</h1><p>2022-02-11 10:00 来源：示例网</p>",
    )
    got = find_published(html, None, now=NOW)
    assert got.published == datetime(2022, 2, 13, 7, tzinfo=CST)
    assert got.modified == datetime(2022, 2, 13, 9, 30, tzinfo=CST)
    assert got.method == "jsonld"


def test_date_only_meta_takes_the_bylines_time_of_the_same_day() -> None:
    html = page(
        '<meta name="publishdate" content="2022-02-13">',
        "<h1>示例标题</h1><div>2022-02-13 07:00:00 来源：央广网</div>",
    )
    got = find_published(html, None, now=NOW)
    assert got.published == datetime(2022, 2, 13, 7, tzinfo=BEIJING)
    assert got.method == "meta:publishdate+byline"


def test_labelled_byline_and_near_title() -> None:
    html = page(
        body="<div>今天是2025年12月31日</div><h1>示例标题</h1><div>发布时间：2025年05月26日 16:30</div>"
    )
    got = find_published(html, None, now=NOW)
    assert got.published == datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING)
    html = page(body="<a href='/x'>2024-01-01 旧闻</a><h1>示例标题</h1><p>2025-05-26 16:30 来源：示例网</p>")
    assert find_published(html, None, now=NOW).published == datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING)


def test_labelled_byline_in_traditional_script() -> None:
    """發布時間：, 更新時間： — a Hong Kong or Taiwan page's labels; the time after 更新 is not the
    publication's."""
    html = page(
        body="<h1>示例標題</h1><div>更新時間：2025/06/01 09:00</div><div>發布時間：民國114年5月26日 16:30</div>"
    )
    got = find_published(html, None, now=NOW)
    assert got.published == datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING)


def test_url_date_is_the_last_resort_before_page_text() -> None:
    html = page(body="<p>没有时间的正文。</p>")
    got = find_published(html, "https://example.com/2024/05/26/a1.html", now=NOW)
    assert got.published == datetime(2024, 5, 26, tzinfo=BEIJING)
    assert got.method == "url"


def test_future_and_pre_1990_times_are_rejected_with_a_reason() -> None:
    future = page('<meta property="article:published_time" content="2030-01-01T00:00:00+08:00">')
    got = find_published(future, None, now=NOW)
    assert got.published is None and got.rejected_reason == "future"
    old = page(body="<h1>示例标题</h1><p>发布时间：1985-06-01 10:00</p>")
    got = find_published(old, None, now=NOW)
    assert got.published is None and got.rejected_reason == "before-1990"
    # a rejected structured time falls through to an acceptable byline time
    both = page(
        '<meta name="pubdate" content="2099-01-01">', "<h1>示例标题</h1><p>2024-05-26 16:30 来源：示例网</p>"
    )
    got = find_published(both, None, now=NOW)
    assert got.published == datetime(2024, 5, 26, 16, 30, tzinfo=BEIJING)
    assert got.rejected_reason is None and got.rejected == [("meta:pubdate", "future")]


@pytest.mark.parametrize("doc", ["", b"", b"\x00\xff\xfe", "<html></html>", "no html at all"])
def test_garbage_never_raises(doc: str | bytes) -> None:
    assert find_published(doc, "not a url", now=NOW).published is None


@pytest.mark.shared
def test_real_cnr_page_gives_the_byline_time() -> None:
    raw = shared_path("corpus", "cnr", "t20220213_525739615.html").read_bytes()
    got = find_published(raw, "http://news.cnr.cn/native/gd/20220213/t20220213_525739615.shtml", now=NOW)
    assert got.published == datetime(2022, 2, 13, 7, 0, tzinfo=CST)
    assert got.published.utcoffset() == timedelta(hours=8)


def test_times_of_a_sidebar_headline_list_are_not_the_pages() -> None:
    items = "".join(
        f'<li><a href="/n{i}.html">另一条新闻{i}</a><div class="publish-time">2018-03-0{i} 08:00:00</div></li>'
        for i in range(1, 4)
    )
    html = (
        "<html><head><title>某市召开防汛工作会议</title></head><body>"
        '<div class="h-title">某市召开防汛工作会议</div><div class="h-info"><span>2019-12-10 07:57:40</span>'
        f'</div><div class="content"><p>正文。</p></div><ul class="hot-news">{items}</ul></body></html>'
    )
    got = find_published(html, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert got.published == datetime(2019, 12, 10, 7, 57, 40, tzinfo=BEIJING)
