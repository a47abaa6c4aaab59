"""CNR URL rules and link discovery (crawler/pages/cnr/urls.py)."""

from __future__ import annotations

from datetime import date

import pytest
from parsel import Selector

from crawler.pages.cnr import urls
from crawler.pages.encoding import decode_html
from tests.support.paths import FIXTURES, shared_path


@pytest.mark.parametrize(
    ("url", "article_id", "page"),
    [
        ("http://news.cnr.cn/native/gd/20180318/t20180318_524169220.shtml", "524169220", 0),
        ("https://www.cnr.cn/sd/20250524/t20250524_527180123.shtml", "527180123", 0),
        ("http://china.cnr.cn/xwhbzzy/20220213/t20220213_525739615_1.shtml", "525739615", 1),
        ("http://military.cnr.cn/gz/20180319/t20180319_524170138.html", "524170138", 0),
        ("http://cnr.cn/20180319/t20180319_1.shtml", "1", 0),
    ],
)
def test_article_urls(url: str, article_id: str, page: int) -> None:
    ref = urls.article_ref(url)
    assert ref is not None
    assert ref.article_id == article_id and ref.page == page
    assert ref.key == f"cnr:{article_id}"
    assert urls.article_ref(ref.first_page_url).page == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://www.example.com/20180318/t20180318_524169220.shtml",  # off-site
        "http://cnr.cn.evil.com/20180318/t20180318_1.shtml",
        "file:///www.cnr.cn/20180318/t20180318_1.shtml",
        "http://news.cnr.cn/native/gd/",
        "http://news.cnr.cn/native/gd/index_2.html",
        "http://news.cnr.cn/2018zt/qglh/",
    ],
)
def test_not_article_urls(url: str) -> None:
    assert urls.article_ref(url) is None


def test_same_id_two_hosts_one_key() -> None:
    a = urls.article_key("http://news.cnr.cn/native/gd/20250521/t20250521_100005.shtml")
    b = urls.article_key("http://www.cnr.cn/newscenter/native/gd/20250521/t20250521_100005.shtml")
    assert a == b == "cnr:100005"


def test_list_pages_and_channels() -> None:
    assert urls.list_page("http://www.cnr.cn/sd/") == ("http://www.cnr.cn/sd/", 0)
    assert urls.list_page("http://www.cnr.cn/sd/index.html") == ("http://www.cnr.cn/sd/", 0)
    assert urls.list_page("http://www.cnr.cn/sd/index_3.html") == ("http://www.cnr.cn/sd/", 3)
    assert urls.list_page("http://www.example.com/sd/") is None
    assert urls.list_page_url("http://www.cnr.cn/sd/", 2) == "http://www.cnr.cn/sd/index_2.html"
    assert urls.channel_name("http://www.cnr.cn/sd/20250524/t20250524_1.shtml") == "山东"
    assert (
        urls.channel_name("http://china.cnr.cn/xwhbzzy/20220213/t20220213_525739615.shtml")
        == "新闻和报纸摘要"
    )
    assert urls.in_channel("http://www.cnr.cn/sd/index_1.html", "http://www.cnr.cn/sd/")
    assert not urls.in_channel("http://www.cnr.cn/sdx/index_1.html", "http://www.cnr.cn/sd/")
    assert urls.continuation_url("http://a.cnr.cn/x/20250101/t20250101_9.shtml", 2).endswith(
        "t20250101_9_2.shtml"
    )
    assert urls.article_ref("http://a.cnr.cn/x/20250101/t20250101_9.shtml").day == date(2025, 1, 1)


def test_mirror_round_trip() -> None:
    m = urls.Mirror("http://127.0.0.1:8000")
    logical = "http://news.cnr.cn/native/gd/20250521/t20250521_100005.shtml"
    fetched = m.to_fetch(logical)
    assert fetched == "http://127.0.0.1:8000/news.cnr.cn/native/gd/20250521/t20250521_100005.shtml"
    assert m.to_logical(fetched) == logical
    assert m.to_fetch("http://cnr.cn/sd/") == "http://127.0.0.1:8000/www.cnr.cn/sd/"
    assert m.to_logical("http://127.0.0.1:8000/www.example.com/x") is None
    assert m.to_logical("http://127.0.0.2:8000/news.cnr.cn/x") is None


def test_discovery_on_real_homepage_excerpt() -> None:
    text = shared_path("corpus", "cnr", "homepage-2018-excerpt.html").read_text("utf-8")
    links = urls.discover_links("http://www.cnr.cn/", Selector(text=text).css("a::attr(href)").getall())
    assert len(links.articles) >= 25
    assert all(urls.is_cnr_url(u) and urls.article_ref(u) for u in links.articles)
    hosts = {u.split("/")[2] for u in links.articles}
    assert {"news.cnr.cn", "china.cnr.cn", "www.cnr.cn", "country.cnr.cn"} <= hosts
    assert "http://news.cnr.cn/native/gd/20180318/t20180318_524169220.shtml" in links.articles
    assert "http://military.cnr.cn/gz/20180319/t20180319_524170138.html" in links.articles
    assert len({urls.article_key(u) for u in links.articles}) == len(links.articles)
    assert "http://china.cnr.cn/yaowen/" in links.lists
    assert links.dropped >= 1  # 12377.cn


def test_discovery_on_fixture_homepage_drops_forbidden_links() -> None:
    home = FIXTURES / "cnr_site" / "www.cnr.cn" / "index.html"
    text = home.read_bytes().decode("gb18030")
    links = urls.discover_links("http://www.cnr.cn/", Selector(text=text).css("a::attr(href)").getall())
    for u in links.articles + links.lists:
        assert urls.is_cnr_url(u)
        assert "example" not in u
    # 6 forbidden hrefs are not cnr.cn http(s) URLs; the robots-disallowed one is (robots.txt guards it)
    assert links.dropped == 6
    assert "http://www.cnr.cn/sd/" in links.lists


# --- 2023–26: https, tracking parameters, list markup, sitemaps -------------------------------------


def test_defaults_are_https_and_live_channels() -> None:
    assert urls.DEFAULT_HOMEPAGE.startswith("https://")
    assert all(c.startswith("https://") for c in urls.DEFAULT_CHANNELS)
    assert "https://news.cnr.cn/kuaixun/" in urls.DEFAULT_CHANNELS
    assert not any("gjxw/gnews" in c for c in urls.DEFAULT_CHANNELS)  # no sign of life after 2020
    assert urls.channel_name("https://www.cnr.cn/newscenter/kx/20260927/t20260927_527827128.shtml") == "快讯"


def test_tracking_parameters_dropped_article_key_kept() -> None:
    signed = "https://www.cnr.cn/newscenter/kx/20260927/t20260927_527827128.shtml?sign=ABZ0&x=1#top"
    assert urls.strip_tracking(signed) == signed.split("?")[0] + "?x=1"
    assert urls.strip_tracking("https://www.cnr.cn/a/?sign=1") == "https://www.cnr.cn/a/"
    links = urls.discover_links("https://news.cnr.cn/kuaixun/", [signed])
    assert links.articles == [signed.split("?")[0]]  # no query left for Disallow: /*?* to match
    assert urls.article_key(signed) == "cnr:527827128"


def test_mirror_with_an_http_origin() -> None:
    m = urls.Mirror("http://127.0.0.1:8000", "http://127.0.0.1:8001")
    https_url = "https://news.cnr.cn/kuaixun/index_1.html"
    assert m.to_fetch(https_url) == "http://127.0.0.1:8000/news.cnr.cn/kuaixun/index_1.html"
    assert m.to_fetch("http://news.cnr.cn/kuaixun/") == "http://127.0.0.1:8001/news.cnr.cn/kuaixun/"
    assert m.to_logical(m.to_fetch(https_url)) == https_url
    assert m.to_logical("http://127.0.0.1:8001/www.cnr.cn/sd/") == "http://www.cnr.cn/sd/"


def test_real_2023_list_fragments() -> None:
    from crawler.pages.cnr import lists

    recent = shared_path("corpus", "cnr", "recent")
    import json

    truth = json.loads((recent / "truth.json").read_text("utf-8"))
    for name in (
        "news.cnr.cn_comment_cnrp_index.2023-03-27.fragment.html",
        "news.cnr.cn_kuaixun_index.sanitized-fixture.alisen39-whatshot.html",
    ):
        want = truth[name]
        text, _ = decode_html((recent / name).read_bytes())  # UTF-8 and GBK: as the spider decodes
        sel = Selector(text=text)
        items = lists.list_items(sel, want["url"])
        links = urls.discover_links(want["url"], [i.url for i in items])
        assert links.articles == want["expected_article_links"], name
        if "titles" in want:
            assert [i.title for i in items] == [" ".join(t.split()) for t in want["titles"]]
            assert [i.published_at.strftime("%Y-%m-%d %H:%M") for i in items if i.published_at] == want[
                "times"
            ]


def test_robots_sitemaps_of_the_real_robots_txt() -> None:
    from crawler.pages.cnr import lists

    body = shared_path("corpus", "cnr", "recent", "robots_www.cnr.cn.2024-05-26.txt").read_bytes()
    found = lists.robots_sitemaps(body)
    assert len(found) == 5 and all(u.startswith("http://www.cnr.cn/sitmap/") for u in found)


def test_sitemap_locs() -> None:
    from crawler.pages.cnr import lists

    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    assert lists.sitemap_locs(
        f"<urlset {ns}><url><loc> https://a.cnr.cn/x </loc></url></urlset>".encode()
    ) == (
        "urlset",
        ["https://a.cnr.cn/x"],
    )
    assert lists.sitemap_locs(
        f"<sitemapindex {ns}><sitemap><loc>u</loc></sitemap></sitemapindex>".encode()
    ) == (
        "sitemapindex",
        ["u"],
    )
    assert lists.sitemap_locs(b"<html><body>404</body></html>") is None
    assert lists.sitemap_locs(b"\x00\xff garbage") is None


@pytest.mark.parametrize(
    ("url", "name", "province"),
    [
        ("https://www.cnr.cn/nmg/jrnmg/20250520/t20250520_527174777.shtml", "内蒙古", "内蒙古自治区"),
        ("https://www.cnr.cn/shanghai/tt/20250520/t20250520_527174777.shtml", "上海", "上海市"),
        ("https://www.cnr.cn/xinjiang/xjyw/20250520/t20250520_527174777.shtml", "新疆", "新疆维吾尔自治区"),
        ("https://www.cnr.cn/shaanxi/xjyw/20250520/t20250520_527174777.shtml", "陕西", "陕西省"),
        ("https://www.cnr.cn/sx/xjyw/20250520/t20250520_527174777.shtml", "山西", "山西省"),
        ("https://hlj.cnr.cn/hlj/20250520/t20250520_527174777.shtml", "黑龙江", "黑龙江省"),
        ("https://www.cnr.cn/sz/szyw/20250520/t20250520_527174777.shtml", "深圳", "广东省"),
        ("https://www.cnr.cn/dl/dlyw/20250520/t20250520_527174777.shtml", "大连", "辽宁省"),
        ("https://food.cnr.cn/x/20250520/t20250520_527174777.shtml", "食品", None),
    ],
)
def test_regional_channels_name_their_province(url: str, name: str, province: str | None) -> None:
    """A regional channel's article without a channel meta tag still knows its channel, and the
    story's place falls back to that channel's province (its city's, for the city channels)."""
    from pipelines.entities.places import channel_province

    assert urls.channel_name(url) == name
    assert channel_province(name, url) == province


def test_a_regional_channel_places_a_relative_body() -> None:
    from pipelines.entities import extract_entities

    url = "https://www.cnr.cn/sz/szyw/20250520/t20250520_527174777.shtml"
    orgs, _ = extract_entities(
        "省委书记主持召开会议，要求抓好落实。", channel=urls.channel_name(url), url=url
    )
    assert [o["name"] for o in orgs] == ["广东省委"]
