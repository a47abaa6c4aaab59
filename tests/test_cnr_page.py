"""The CNR page object (crawler/pages/cnr/page.py): per template, on our fixture site and the real page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.pages.cnr.page import continuation_urls, detect_template, merge_pages, parse_cnr
from crawler.pages.encoding import decode_html
from tests.support.paths import FIXTURES, ROOT, shared_path

SITE = FIXTURES / "cnr_site"
MANIFEST = json.loads((SITE / "manifest.json").read_text("utf-8"))
HEADERS = json.loads((SITE / "_headers.json").read_text("utf-8"))
ARTICLES = {a["key"]: a for a in MANIFEST["articles"]}


def mirror_file(url: str) -> Path:
    rest = url.split("://", 1)[1]
    return SITE / (rest + "index.html" if rest.endswith("/") else rest)


def parse_fixture(url: str):
    path = mirror_file(url)
    rel = "/" + str(path.relative_to(SITE))
    return parse_cnr(url, path.read_bytes(), content_type=HEADERS.get(rel))


def parse_with_continuations(url: str):
    pages = [parse_fixture(url)]
    for more in continuation_urls(url, mirror_file(url).read_bytes()):
        pages.append(parse_fixture(more))
    return merge_pages(pages)


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_fixture_article_fields(key: str) -> None:
    want = ARTICLES[key]
    item = parse_with_continuations(want["url"])
    assert item.is_article
    assert item.key == key
    assert item.site == "cnr.cn"
    assert item.template == want["template"]
    assert item.title == want["title"]
    assert item.published_at is not None and item.published_at.isoformat() == want["published_at"]
    assert item.channel == want["channel"]
    assert item.source == want["source"]
    if want["editor"]:
        assert item.editors == [want["editor"]]
    assert item.paragraphs == want["paragraphs"]
    body = item.body
    for bad in MANIFEST["must_not_contain"]:
        assert bad not in body, bad
    assert "\ufffd" not in body and "\ufffd" not in item.title


def test_every_template_is_covered() -> None:
    templates = {a["template"] for a in MANIFEST["articles"]}
    assert {"cnr-2023", "cnr-2021", "cnr-2017", "cnr-legacy", "generic"} <= templates


def test_gallery_is_not_an_article_but_keeps_images() -> None:
    (url,) = MANIFEST["non_articles"]
    item = parse_fixture(url)
    assert not item.is_article
    assert [i.caption for i in item.images] == ["湖面上荷花竞相开放", "游客在荷塘边拍照留念"]
    assert all(i.src.startswith("https://news.cnr.cn/images/") for i in item.images)


def test_list_pages_and_homepage_are_not_articles() -> None:
    for url in ("http://www.cnr.cn/", "http://www.cnr.cn/sd/", "http://news.cnr.cn/native/gd/index_1.html"):
        assert not parse_fixture(url).is_article, url


def test_error_page_is_not_an_article() -> None:
    body = "<html><head><title>404 页面不存在_央广网</title></head><body><h1>您访问的页面不存在</h1></body></html>"
    item = parse_cnr("http://news.cnr.cn/native/gd/20250101/t20250101_1.shtml", body.encode("gb18030"))
    assert not item.is_article


def test_empty_and_binary_bodies_do_not_raise() -> None:
    for body in (b"", b"\x00\xff\xfe" * 100, b"<html>"):
        item = parse_cnr("http://news.cnr.cn/native/gd/20250101/t20250101_2.shtml", body)
        assert not item.is_article


def test_gbk_page_with_lying_header() -> None:
    item = parse_fixture(ARTICLES["cnr:100011"]["url"])
    assert "王喆" in item.body  # 喆 is GBK, not GB2312
    assert item.authors == ["王喆"]
    text, codec = decode_html(
        mirror_file(ARTICLES["cnr:100011"]["url"]).read_bytes(), "text/html; charset=utf-8"
    )
    assert codec == "gb18030" and "\ufffd" not in text


def test_multi_page_article_merges_in_order() -> None:
    url = ARTICLES["cnr:100008"]["url"]
    assert continuation_urls(url, mirror_file(url).read_bytes()) == [url.replace(".shtml", "_1.shtml")]
    first = parse_fixture(url)
    assert len(first.paragraphs) == 2
    item = parse_with_continuations(url)
    assert item.paragraphs == ARTICLES["cnr:100008"]["paragraphs"] and len(item.paragraphs) == 4


def test_hidden_duplicate_and_player_removed() -> None:
    item = parse_fixture(ARTICLES["cnr:100001"]["url"])
    last = ARTICLES["cnr:100001"]["paragraphs"][-1]
    assert item.body.count(last) == 1
    assert "00:00" not in item.body
    assert item.authors == ["刘洋", "周敏"]
    assert item.description and item.keywords


def test_seed_story_footer_dropped_and_paragraphs_kept() -> None:
    item = parse_fixture(ARTICLES["cnr:100010"]["url"])
    assert item.channel == "山东"
    assert len(item.paragraphs) == 4
    for bad in ("应用市场下载", "报料热线", "cnrbanquan@cnr.cn", "版权声明"):
        assert bad not in item.body
    assert item.paragraphs[-1].endswith("（济南市卫健委）")


def test_images_absolute_with_caption() -> None:
    item = parse_fixture(ARTICLES["cnr:100013"]["url"])
    assert [i.src for i in item.images] == ["https://www.cnr.cn/images/kite.jpg"]


def test_same_id_under_two_hosts_is_one_key() -> None:
    a = ARTICLES["cnr:100005"]
    one, two = parse_fixture(a["url"]), parse_fixture(a["also_at"])
    assert one.key == two.key == "cnr:100005"
    assert one.paragraphs == two.paragraphs


def test_page_object_needs_no_scrapy() -> None:
    code = "import sys, crawler.pages.cnr.page, crawler.pages.cnr.urls; assert 'scrapy' not in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# --- the real CNR page (../shared) --------------------------------------------------------------


def test_real_page_matches_truth() -> None:
    truth_all = json.loads(shared_path("corpus", "cnr", "truth.json").read_text("utf-8"))
    name, truth = next(iter(truth_all.items()))
    body = shared_path("corpus", "cnr", name).read_bytes()
    item = parse_cnr(truth["url_guess"], body)
    assert item.template == "cnr-2021"
    assert item.is_article
    assert item.title == truth["title"]
    assert item.published_at.isoformat() == truth["published_at"]
    assert item.source == truth["source"]
    assert item.editors == [truth["editor"]]
    assert item.channel == truth["channel"]
    assert item.key == "cnr:525739615"
    for p in truth["paragraphs"]:
        assert item.body.count(p) == 1, p
    assert item.paragraphs == truth["paragraphs"]
    for bad in truth["must_not_contain"]:
        assert bad not in item.body


def test_real_page_template_detected() -> None:
    from parsel import Selector

    body = shared_path("corpus", "cnr", "t20220213_525739615.html").read_bytes()
    assert detect_template(Selector(text=decode_html(body)[0])) == "cnr-2021"


def test_trs_editor_style_block_and_br_lines() -> None:
    html = """<html><head><meta charset="utf-8"><title>测试标题_央广网</title></head><body>
    <div class="subject"><h2>测试标题</h2><div class="source"><span>2019-06-12 08:15</span><span>来源：中国之声</span></div></div>
    <div class="TRS_Editor"><style type="text/css">.TRS_Editor P{margin-top:5px;font-family:宋体;}</style>
    <div class="Custom_UnionStyle"><p>第一行正文内容在这里。<br>第二行正文内容也在这里。</p>
    <script>var a = "不是正文";</script><p>　　第三段正文，前面有全角空格缩进。</p></div></div>
    <div class="editor">责编：王五 李四</div></body></html>"""
    item = parse_cnr("http://news.cnr.cn/native/gd/20190612/t20190612_1234.shtml", html.encode("utf-8"))
    assert item.template == "cnr-2017"
    assert item.paragraphs == [
        "第一行正文内容在这里。",
        "第二行正文内容也在这里。",
        "第三段正文，前面有全角空格缩进。",
    ]
    assert item.published_at.isoformat() == "2019-06-12T08:15:00+08:00"
    assert item.source == "中国之声"
    assert item.editors == ["王五", "李四"]


def test_known_template_with_an_empty_body_falls_back_to_the_generic_extractor() -> None:
    # the page still carries the 2017–20 marker, but the story moved to a new container
    story = "".join(
        f"<p>央广网济南5月2{i}日消息 这是一段足够长的新闻正文，讲述了托育服务的新进展，句子完整，标点齐全。</p>"
        for i in range(4)
    )
    html = (
        "<html><head><meta charset='utf-8'><title>托育服务新进展_央广网</title></head><body>"
        "<h1>托育服务新进展</h1><div class='TRS_Editor'></div>"
        f"<div class='new-article-body'>{story}</div></body></html>"
    )
    item = parse_cnr("http://www.cnr.cn/sd/20250524/t20250524_100099.shtml", html.encode())
    assert item.is_article
    assert item.template == "generic"  # counted under news/template/generic: the change shows in stats
    assert len(item.paragraphs) == 4


# --- the 2023– template -------------------------------------------------------------------------


def test_cnr_2023_is_tried_first() -> None:
    from crawler.pages.cnr.selectors import TEMPLATES

    assert TEMPLATES[0].name == "cnr-2023"


def test_cnr_2023_fixture_caption_on_the_image_not_in_the_body() -> None:
    want = ARTICLES["cnr:100021"]
    item = parse_fixture(want["url"])
    assert item.template == "cnr-2023"
    assert item.paragraphs == want["paragraphs"]
    assert [(i.src.split("?")[0].rsplit("/", 1)[-1], i.caption) for i in item.images] == [
        ("5f1c2e9a04d1b7c3.jpg", "无人机从起降点起飞（企业供图 央广网发）")
    ]
    assert item.images[0].src.startswith("https://mediabluk.cnr.cn/") and "?auth=" in item.images[0].src
    assert "企业供图" not in item.body and "分享到" not in item.body and "原创版权" not in item.body
    assert item.source == "央广网" and item.editors == ["许可"] and item.authors == ["张敏"]


def test_cnr_2021_page_is_not_taken_for_2023() -> None:
    """A 2021–22 page has the same content markers; its .article-header keeps it cnr-2021."""
    assert parse_fixture(ARTICLES["cnr:100001"]["url"]).template == "cnr-2021"


@pytest.mark.parametrize(
    "name",
    ["cnr-2025-11-16_article-content.fragment.html", "cnr-2025-11-16_article-content.fragment.gbk.html"],
)
def test_real_2025_fragment(name: str) -> None:
    recent = shared_path("corpus", "cnr", "recent")
    truth = json.loads((recent / "truth.json").read_text("utf-8"))
    want = truth[truth[name].get("same_as", name)]
    url = "https://news.cnr.cn/native/gd/20251116/t20251116_000000000.shtml"  # placeholder (truth.json)
    item = parse_cnr(url, (recent / name).read_bytes())
    assert item.template == "cnr-2023"
    assert len(item.paragraphs) == want["text_paragraphs"] == 9
    assert item.paragraphs[0] == " ".join(want["first_paragraph"].split())
    assert item.paragraphs[-1] == want["last_paragraph"]
    caption = " ".join(want["image_caption"].split())
    assert [i.caption for i in item.images] == [caption]
    assert item.images[0].src.startswith("https://mediabluk.cnr.cn/")
    assert "主办方供图" not in item.body
    assert item.authors == [want["author"]] == ["樊瑞"]
    assert item.source == want["source"].split(" ")[0] == "央广网"


# --- the speed-ups of big pages mean what the rules said --------------------------------------------


def test_noise_in_one_walk_finds_what_each_selector_finds() -> None:
    """The noise selectors merged into one XPath step match the nodes their union matches, in order."""
    from parsel import Selector
    from parsel.csstranslator import css2xpath

    import crawler.pages.query as Q
    from crawler.pages.cnr import selectors as S
    from crawler.pages.cnr.page import _noise_xpath

    merged = _noise_xpath()
    assert "|" not in merged  # every shipped noise selector is one step: merged
    union = " | ".join(css2xpath(css) for css in S.NOISE)
    found = 0
    for path in sorted(SITE.rglob("*.shtml")):
        root = Selector(text=decode_html(path.read_bytes())[0]).root
        a, b = Q.xpath(root, merged), Q.xpath(root, union)
        assert a == b, path
        found += len(a)
    assert found > 20  # scripts, players, editor and copyright blocks on the fixture pages


@pytest.mark.parametrize(
    "text",
    [
        "00:00/03:15",
        "（责任编辑：王琳）",
        "编辑：张三",
        "原创版权禁止商业转载",
        "版权声明：本文…",
        "转载申请事宜请联系",
        "更多精彩资讯请在应用市场下载“央广新闻”客户端",
        "欢迎拨打报料热线 400-800-0088",
        "来信请寄 cnrbanquan@cnr.cn",
        "分享到：",
        "扫码关注",
        "相关新闻：",
        "上一页 1 2 3 下一页",
        "记者编辑：的说法",  # not boilerplate: 编辑 not at the start
        "他说，相关新闻很多。",
        "版权声明之后的正文",
        "",
    ],
)
def test_boilerplate_patterns_joined_mean_the_same(text: str) -> None:
    from crawler.pages.cnr import selectors as S
    from crawler.pages.cnr.page import _is_boilerplate

    assert _is_boilerplate(text) == any(p.search(text) for p in S.BOILERPLATE_PARAGRAPH_RES)


def test_a_byline_of_several_fields_in_one_text() -> None:
    """The CNR page object reads its byline with the labels every page object reads
    (:mod:`crawler.pages.generic.byline`): a source and an author in one span were the source
    ``央广网 作者`` (its own label pattern took the next label as a second word of the source)."""
    story = "".join(
        f"<p>央广网北京5月2{i}日消息 这是一段足够长的新闻正文，讲述了托育服务的新进展，句子完整，标点齐全。</p>"
        for i in range(4)
    )
    html = (
        "<html><head><meta charset='utf-8'><title>托育服务新进展_央广网</title></head><body>"
        "<div class='article-header'><h1>托育服务新进展</h1>"
        "<div class='source'><span>2025-05-24 10:00:00</span><span>来源：央广网 作者：张敏</span></div></div>"
        f"<div class='article-content'><!--content-->{story}<!--/content--></div>"
        "<div class='editor'>（责任编辑：许可 王五）</div></body></html>"
    )
    item = parse_cnr("https://www.cnr.cn/sd/20250524/t20250524_100098.shtml", html.encode())
    assert item.source == "央广网"
    assert item.authors == ["张敏"]
    assert item.editors == ["许可", "王五"]
