"""The generic page object on our fixture pages (three layouts, one GBK) and on garbage."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.constants import BEIJING
from crawler.pages.generic.byline import is_byline_line, parse_byline
from crawler.pages.generic.page import canonical_url, decode, parse_generic, site_of
from tests.support.paths import FIXTURES

SITE = FIXTURES / "news_site"
BASE = "http://127.0.0.1:8000/"


def parse(path: str, content_type: str | None = "text/html; charset=utf-8"):
    return parse_generic(BASE + path, (SITE / path).read_bytes(), content_type=content_type)


def test_modern_layout_with_jsonld() -> None:
    item = parse("2024/05/26/a1001.html")
    assert item.is_article and item.template == "generic"
    assert item.title == "示例市启动老旧小区改造三年行动 首批涉及四十个小区"
    assert item.published_at == datetime(2024, 5, 26, 16, 30, tzinfo=BEIJING)
    assert item.modified_at == datetime(2024, 5, 26, 18, 5, tzinfo=BEIJING)
    assert (item.source, item.authors, item.editors) == ("示例日报", ["王小明", "陈静"], ["李华"])
    assert item.paragraphs[0].startswith("示例日报讯（记者王小明 陈静）5月26日")
    assert item.paragraphs[-1].endswith("确保工程质量和施工安全。")
    body = item.body
    for furniture in ("分享到", "相关新闻", "责任编辑", "版权所有", "首页", "棚户区"):
        assert furniture not in body
    assert [i.src for i in item.images] == [BASE + "images/2024/05/26/renovation.jpg"]
    assert item.keywords == ["老旧小区", "改造", "示例市"]
    assert item.site == "127.0.0.1" and item.key == item.canonical_url == BASE + "2024/05/26/a1001.html"


def test_gbk_table_layout_served_with_a_lying_header() -> None:
    item = parse("news/20240527/t20240527_1002.shtml", "text/html; charset=utf-8")
    assert item.is_article
    assert item.title == "江南镇举办第十届油菜花节 游客量同比增长两成"
    assert item.published_at == datetime(2024, 5, 27, 9, 30, tzinfo=BEIJING)
    assert item.source == "江南晚报" and item.editors == ["赵敏"]
    assert len(item.paragraphs) == 4
    assert item.paragraphs[0].startswith("本报讯 5月25日，江南镇第十届油菜花节")
    for furniture in ("热点排行", "打印本页", "版权所有", "点击", "发布时间"):
        assert furniture not in item.body


def test_div_layout_with_a_related_box_inside_the_body() -> None:
    item = parse("content/2024-05/28/content_1003.htm")
    assert item.title == "示例省发布夏季防汛工作方案"  # from "标题_频道_网站"
    assert item.published_at == datetime(2024, 5, 28, 8, 5, tzinfo=BEIJING)
    assert item.source == "示例省应急管理厅" and item.editors == ["张三"]
    assert len(item.paragraphs) == 4  # both halves around the "相关新闻" box
    assert item.paragraphs[3].startswith("应急管理厅负责人表示")
    for furniture in ("相关新闻", "病险水库", "网友评论", "字号", "举报电话"):
        assert furniture not in item.body


@pytest.mark.parametrize("path", ["channel/list.html", "index.html", "2024/05/31/gallery_1006.html"])
def test_lists_indexes_and_galleries_are_not_articles(path: str) -> None:
    item = parse(path)
    assert item.is_article is False
    assert any(k.startswith("non_article:") for k in item.notes)


GARBAGE: list[bytes] = [
    b"",
    b"   \n\t ",
    bytes(range(256)) * 40,  # binary
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000,
    b"<html><body>" + b"<div>" * 300_000 + b"x" + b"</div>" * 300_000 + b"</body></html>",
    b"<html><body>" + b"<p>a</p>" * 50_000 + b"</body></html>",
    b"<!-- only a comment -->",
    b"just some text without any markup",
    "<html><head><title>\u6807\u9898</title></head><body><p>\u77ed\u3002</p></body></html>".encode("utf-16"),
    b"<html><body><script>" + b"var a=1;" * 10000 + b"</script></body></html>",
]


@pytest.mark.parametrize("body", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_never_raises_and_is_not_an_article(body: bytes) -> None:
    item = parse_generic("http://example.com/x.html", body)
    assert item.is_article is False
    assert item.template == "generic"
    assert any(k.startswith("non_article:") for k in item.notes)


def test_gbk_without_charset_and_a_stray_byte_is_still_read_as_chinese() -> None:
    text = (
        "<html><head><title>示例</title></head><body><p>"
        + "今天天气很好，我们去公园散步。" * 40
        + "</p></body></html>"
    )
    raw = text.encode("gbk")
    raw = raw[:200] + b"\xc7" + raw[200:]  # one stray byte: not clean GBK any more
    decoded, codec = decode(raw)
    assert "今天天气很好" in decoded, codec
    item = parse_generic("http://example.com/a.html", raw)
    assert item.is_article and "我们去公园散步" in item.body


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://news.cnr.cn/native/gd/x.shtml", "cnr.cn"),
        ("https://www.sd.gov.cn/art/2024/1/1/art_1.html", "sd.gov.cn"),
        ("http://culture.people.com.cn/n1/2019/0615/c1013-31155540.html", "people.com.cn"),
        ("https://news.bbc.co.uk/x", "bbc.co.uk"),
        ("http://127.0.0.1:8000/a.html", "127.0.0.1"),
        ("not a url", ""),
    ],
)
def test_site_of(url: str, site: str) -> None:
    assert site_of(url) == site


def test_canonical_url_drops_fragment_tracking_and_default_port() -> None:
    assert canonical_url("HTTP://News.Example.COM:80/a.html?id=3&utm_source=x&spm=1#top") == (
        "http://news.example.com/a.html?id=3"
    )


@pytest.mark.parametrize(
    ("line", "source", "authors", "editors", "only_byline"),
    [
        ("2022-02-13 07:00 来源：央广网 作者：张三", "央广网", ["张三"], [], True),
        ("（责任编辑：李四）", None, [], ["李四"], True),
        ("来源: 人民网-人民日报  作者：李红梅", "人民网-人民日报", ["李红梅"], [], True),
        ("发布时间：2024年05月27日 09:30 来源：江南晚报 点击：1024", "江南晚报", [], [], True),
        ("央广网北京2月13日消息（记者王五 赵六）据报道，今天…", None, ["王五", "赵六"], [], False),
        ("编辑推荐：好文章", None, [], [], False),
        ("这是正文，作者：很长的描述不是名字而且有标点。", None, [], [], False),
        # traditional script (Hong Kong, Taiwan pages): the same labels
        ("2024-05-19 10:00 來源：中央社 記者：陳家倫", "中央社", ["陳家倫"], [], True),
        ("（責任編輯：王小明）", None, [], ["王小明"], True),
        ("發布時間：2024年05月19日 09:30 來源：香港電台 點擊：1024", "香港電台", [], [], True),
        ("中央社台北19日電（記者陳家倫 林長順）行政院今天…", None, ["陳家倫", "林長順"], [], False),
    ],
)
def test_bylines(
    line: str, source: str | None, authors: list[str], editors: list[str], only_byline: bool
) -> None:
    b = parse_byline(line)
    assert (b.source, b.authors, b.editors) == (source, authors, editors)
    assert is_byline_line(line) is only_byline


PROSE = "示例段落讲述了一件普通的事情，内容平实，句子完整，标点齐全。" * 3


def test_blog_front_page_gives_its_first_post() -> None:
    posts = "".join(
        f'<tr><td><table class="post"><tr><td class="post-title">第{i}篇文章的标题</td>'
        f'<td class="post-title">2005-06-1{i} 03:25:55</td></tr>'
        f'<tr><td class="post-body">第{i}篇正文。{PROSE * (1 + i)}</td></tr></table></td></tr>'
        for i in (1, 2, 3)
    )
    html = (
        f"<html><head><title>某人 | blog.example.com</title></head><body><table>{posts}</table></body></html>"
    )
    item = parse_generic("http://blog.example.com/", html.encode())
    assert item.paragraphs and item.paragraphs[0].startswith("第1篇正文")
    assert "第2篇正文" not in item.body and "第3篇正文" not in item.body
    assert item.title == "第1篇文章的标题"
    assert item.published_at == datetime(2005, 6, 11, 3, 25, 55, tzinfo=BEIJING)


def test_hidden_furniture_is_dropped_but_a_hidden_article_is_kept() -> None:
    html = (
        "<html><head><title>标题_网站</title></head><body><h1>标题</h1>"
        f'<div class="content"><p>{PROSE}</p><div style="display:none"><p>隐藏的广告文字，不是正文。</p></div></div>'
        "</body></html>"
    )
    item = parse_generic("http://x.cn/a.html", html.encode())
    assert "隐藏的广告" not in item.body and PROSE in item.body
    revealed_by_script = (
        f'<html><body><div id="art" style="display:none"><p>{PROSE}</p><p>{PROSE}</p></div></body></html>'
    )
    assert PROSE in parse_generic("http://x.cn/b.html", revealed_by_script.encode()).body


def test_content_after_a_stray_closing_html_tag_is_read() -> None:
    html = f"<html><body><div>页头</div></body></html>\n<div class='article'><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    item = parse_generic("http://x.cn/a.html", html.encode())
    assert item.is_article and PROSE in item.body


def _teaser_list(n: int) -> str:
    items = "".join(
        f'<li><h3><a href="/2024/05/{10 + i}/a{i}.html">第{i}条新闻的标题写得比较长</a></h3>'
        f"<p>这是第{i}条新闻的摘要，介绍了事情的经过，内容简短，句子完整。</p><span>2024-05-{10 + i}</span></li>"
        for i in range(n)
    )
    return f"<html><head><title>新闻列表_示例网</title></head><body><ul class='news-list'>{items}</ul></body></html>"


def test_a_list_with_teasers_is_not_an_article() -> None:
    item = parse_generic("http://x.cn/news/index.html", _teaser_list(15).encode())
    assert item.is_article is False and item.notes.get("non_article:list") == 1


def test_an_article_followed_by_related_links_is_an_article() -> None:
    related = "".join(
        f'<li><a href="/2024/05/1{i}/r{i}.html">相关新闻标题第{i}条写得比较长</a></li>' for i in range(15)
    )
    paras = "".join(f"<p>{PROSE}</p>" for _ in range(6))
    html = f"<html><head><title>标题_网站</title></head><body><div class='main'><h1>标题</h1>{paras}<ul>{related}</ul></div></body></html>"
    item = parse_generic("http://x.cn/a.html", html.encode())
    assert item.is_article and len(item.paragraphs) == 6


def test_an_article_with_a_longer_link_list_than_itself_is_an_article() -> None:
    # a portal page: the story (a few paragraphs), then more headline text in link boxes than the story has
    paras = "".join(f"<p>{PROSE}</p>" for _ in range(5))
    boxes = "".join(
        f'<li><a href="/2005/04/0{i % 9 + 1}/n{i}.html">[栏目] 另一条新闻的标题在这里写得比较长一些({i})</a></li>'
        for i in range(60)
    )
    html = f"<html><head><title>标题_网站</title></head><body><div class='c'><h1>标题</h1>{paras}<ul>{boxes}</ul></div></body></html>"
    item = parse_generic("http://x.cn/2005/04/05/a.html", html.encode())
    assert item.is_article, item.notes
    assert len(item.paragraphs) == 5


FURNITURE_LINES = [
    "扫描下方二维码关注示例网官方微信",
    "(本文来自示例网，更多原创资讯请下载“示例新闻”APP)",
    "本文链接：http://www.example.com/2024/05/26/a1001.html",
    "第1页/共1页 << 上一页 | 下一页 >>",
    "当前位置：首页 > 新闻",
    "(本文已被阅读178次)",
    "【字号 大 中 小】",
    "Copyright © 2024 示例网 版权所有",
    "（责任编辑：王五）",
]
KEPT_LINES = [
    "此事引发广泛关注，微博话题阅读量超过1亿。",
    "下载该APP的用户已超过一千万，来源于各大应用商店。",
    "记者从市交通局了解到，全市共有公交线路三百条。",
]


def test_furniture_lines_inside_the_article_block_are_dropped() -> None:
    lines = [PROSE, *FURNITURE_LINES[:4], *KEPT_LINES, *FURNITURE_LINES[4:], PROSE + "返回示例网首页>>"]
    html = (
        "<html><head><title>标题_网站</title></head><body><h1>标题</h1><div class='content'>"
        + "".join(f"<p>{x}</p>" for x in lines)
        + "</div></body></html>"
    )
    item = parse_generic("http://x.cn/a.html", html.encode())
    assert item.paragraphs == [PROSE, *KEPT_LINES, PROSE]
    assert item.editors == ["王五"]
