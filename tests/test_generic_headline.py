"""Title classes the generic headline finder gets right on pages we write ourselves: a label before
the headline, a bullet, a greeting ``<title>``, a subtitle split off the headline, site names in
``<title>`` fallbacks, an author-prefixed headline over a body that repeats the bare title."""

from __future__ import annotations

from crawler.pages.generic.headline import _pick_title_part, _subtitle, is_greeting, names_site_only
from crawler.pages.generic.page import parse_generic
from crawler.pages.pubtime.chain import title_variants

URL = "http://127.0.0.1:8000/2024/05/26/a1.html"

PARAS = "".join(
    f"<p>示例市第{n}季度经济运行平稳，工业增加值同比增长百分之五，消费市场持续回暖，"
    f"城乡居民收入稳步提高，各项民生保障工作扎实推进。</p>"
    for n in "一二三四"
)
NAV = "".join(f"<li><a href='/c{i}/'>栏目{i}</a></li>" for i in range(8))


def page(title: str, head: str, *, meta: str = "") -> bytes:
    """A page: ``<title>``, a navigation bar, ``head`` (the markup above the body), four paragraphs."""
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
        f"<ul class='nav'>{NAV}</ul><div class='main'>{head}"
        f"<div class='info'>发布时间：2024-05-26 10:00</div><div class='text'>{PARAS}</div></div>"
        "</body></html>"
    ).encode()


def title_of(html: bytes) -> str:
    item = parse_generic(URL, html)
    assert item.is_article
    return item.title


def test_label_prefix_is_stripped() -> None:
    assert title_of(page("论坛", "<h1>主题: 【资源】示例纪录片全集</h1>")) == "【资源】示例纪录片全集"
    assert title_of(page("", "<h1>标题：示例市召开防汛会议</h1>")) == "示例市召开防汛会议"


def test_leading_bullet_is_stripped() -> None:
    assert title_of(page("研究_示例网", "<p>*第一编 古代</p>")) == "第一编 古代"
    assert title_of(page("", "<h2>● 示例县开展春耕备耕检查</h2>")) == "示例县开展春耕备耕检查"
    assert title_of(page("", "<h1>*ST示例：关于公司股票交易的公告</h1>")) == "*ST示例：关于公司股票交易的公告"


def test_greeting_title_gives_way_to_the_headline_by_the_body() -> None:
    html = page(
        "谢谢您访问〖示例中心〗", "<table><tr><td><b>张三：示例市举行“新春座谈会”</b></td></tr></table>"
    )
    assert title_of(html) == "张三：示例市举行“新春座谈会”"
    # a greeting og:title is no fallback either
    html = page(
        "",
        "<div>李四：示例县的春天为何来得这样早这样快</div>",
        meta="<meta property='og:title' content='欢迎访问示例网'>",
    )
    assert title_of(html) == "李四：示例县的春天为何来得这样早这样快"
    assert is_greeting("欢迎光临 示例网") and not is_greeting("示例市欢迎新同学入学")


def test_author_prefixed_headline_over_a_body_that_repeats_the_title() -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>谢谢您访问〖示例中心〗</title></head><body>"
        f"<ul class='nav'>{NAV}</ul><table><tr><td><b>王五：我的春天</b></td></tr></table>"
        f"<div class='info'>发布日期：2024-05-26</div><div class='text'><p>我的春天</p>{PARAS}</div>"
        "</body></html>"
    ).encode()
    item = parse_generic(URL, html)
    assert item.title == "王五：我的春天"
    assert item.paragraphs[0].startswith("示例市第一季度")  # the repeated bare title is not body


def test_subtitle_split_off_the_headline_element_is_kept() -> None:
    # the parser closes <p> before <div>: the subtitle ends up in the next element, <title> joins them
    head = "<p class='tt'>为示例市建设凝聚力量<div>——热烈祝贺示例会议开幕</div></p>"
    html = page("为示例市建设凝聚力量——热烈祝贺示例会议开幕_示例市人民政府网", head)
    assert title_of(html) == "为示例市建设凝聚力量——热烈祝贺示例会议开幕"


def test_subtitle_not_joined_when_title_lacks_it_or_a_line_sits_between() -> None:
    head = "<p class='tt'>为示例市建设凝聚力量<div>——热烈祝贺示例会议开幕</div></p>"
    assert title_of(page("为示例市建设凝聚力量_示例网", head)) == "为示例市建设凝聚力量"
    head = "<h1>示例之路(上)</h1><p>赵六</p><p>——论示例的方式</p>"
    assert title_of(page("示例之路(上)——论示例的方式", head)) == "示例之路(上)"


def test_site_name_parts_are_not_the_title_in_a_fallback() -> None:
    raw = "金示例国 - 维基百科，自由的百科全书"
    assert _pick_title_part(raw, title_variants(raw)) == "金示例国"
    raw = "示例市发布新规_要闻_示例日报网"
    assert _pick_title_part(raw, title_variants(raw)) == "示例市发布新规"
    # every part looks like a site: the longest one still
    raw = "示例新闻网_示例网"
    assert _pick_title_part(raw, title_variants(raw)) == "示例新闻网"


def test_label_value_lines_are_still_no_headline() -> None:
    html = page("某人的博客", "<div>访问:121369</div><div>Blog名:洞庭一叶</div><p>示例小城的春天来了</p>")
    assert title_of(html) == "示例小城的春天来了"


def test_subtitle_helper_needs_a_dash() -> None:
    from crawler.pages.generic.htmltree import parse_tree
    from crawler.pages.generic.textwalk import walk

    tree = parse_tree("<html><body><p>示例主标题</p><div>热烈祝贺示例会议开幕</div></body></html>")
    w = walk(tree.find("body"))
    assert _subtitle(w, 1, "示例主标题", "示例主标题热烈祝贺示例会议开幕") == ""


def test_site_name_title_does_not_crown_the_logo() -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>示例日报</title></head><body>"
        f"<h1 class='logo'>示例日报</h1><ul class='nav'>{NAV}</ul><div class='main'>"
        "<h2>示例市召开夏季防汛工作会议</h2><div class='info'>发布时间：2024-05-26 10:00</div>"
        f"<div class='text'>{PARAS}</div></div></body></html>"
    ).encode()
    assert title_of(html) == "示例市召开夏季防汛工作会议"
    assert names_site_only("示例日报") and names_site_only("示例新闻网 - www.example.com")
    assert not names_site_only("示例市召开防汛会议_示例网")


def test_short_story_part_beats_the_site_name() -> None:
    raw = "金示例 - 维基百科，自由的百科全书"
    assert _pick_title_part(raw, title_variants(raw)) == "金示例"


def test_lone_agency_colon_headline_is_no_label_value() -> None:
    # "机构：短句" alone above the body is a headline; label:value lines come in runs or carry numbers
    assert title_of(page("示例论坛", "<div>外交部：坚决反对</div>")) == "外交部：坚决反对"
