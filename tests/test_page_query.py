"""Compiled selectors (crawler/pages/query.py): the same answers as parsel, compiled once, and a bad
selector in a data module matches nothing instead of breaking a page."""

from __future__ import annotations

import logging

import pytest
from lxml import etree
from parsel import Selector

from crawler.pages import query as Q
from crawler.pages.cnr import page as P
from crawler.pages.cnr import selectors as S
from crawler.pages.encoding import decode_html
from tests.support.paths import FIXTURES

PAGES = sorted((FIXTURES / "cnr_site").rglob("*.shtml"))[:40]
CHAINS = (
    S.TITLE
    + S.PUBLISHED
    + S.SOURCE
    + S.EDITOR
    + S.BYLINE_AUTHOR
    + S.CONTENT
    + S.CHANNEL
    + S.DESCRIPTION
    + S.KEYWORDS
    + S.CANONICAL
    + S.NOISE
    + tuple(css for t in S.TEMPLATES for css in t.detect + t.absent)
    + ("a::attr(href)", "script::text")
)
XPATHS = tuple(x for t in S.TEMPLATES for x in t.detect_xpath)


def _parsel_texts(sel: Selector, css: str) -> list[str]:
    nodes = sel.css(css)
    if "::attr(" in css or "::text" in css:
        return [v for v in nodes.getall()]
    return [" ".join(n.xpath(".//text()").getall()) for n in nodes]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_cnr_selector_answers_as_parsel_does(path) -> None:
    text, _ = decode_html(path.read_bytes(), None)
    sel = Selector(text=text)
    for css in CHAINS:
        ours = [Q.text_of(n) for n in Q.css(sel.root, css)]
        assert ours == _parsel_texts(sel, css), css
    for query in XPATHS:  # the templates' XPath detectors (comments): the same nodes matched
        assert Q.xpath(sel.root, query) == [n.root for n in sel.xpath(query)], query


def test_the_pages_exercise_the_selectors() -> None:
    assert len(PAGES) >= 10
    hits = set()
    for path in PAGES:
        root = Selector(text=decode_html(path.read_bytes(), None)[0]).root
        hits.update(css for css in CHAINS if Q.css(root, css))
        hits.update(query for query in XPATHS if Q.xpath(root, query))
    assert {"h1", "meta[name='keywords']::attr(content)", "a::attr(href)", *XPATHS} <= hits
    assert len(hits) >= 10


def test_noise_union_removes_what_the_selectors_remove_one_by_one() -> None:
    html = (
        "<div class='article-content'><p>甲<script>x()</script>乙</p><div class='share'>分享"
        "<span class='player'>00:01</span></div>丙<p style='display:none'>藏</p><p>丁</p></div>"
    )
    container = Selector(text=html).css("div.article-content")[0].root
    P._strip_noise(container)
    assert "".join(container.itertext()) == "甲乙丙丁"


def test_text_of_leaves_comments_out_and_keeps_strings() -> None:
    root = etree.HTML("<div id='a'>x<!--c-->y<b>z</b></div>")
    assert [Q.text_of(n) for n in Q.css(root, "#a")] == ["x y z"]
    assert Q.css(root, "#a::attr(id)") == ["a"]
    assert Q.xpath(root, "count(//b)") == [1.0]


def test_a_bad_selector_matches_nothing_and_is_logged_once(caplog, monkeypatch) -> None:
    Q.compiled_css.cache_clear()  # another test may have compiled (and logged) it already
    Q.compiled_xpath.cache_clear()
    caplog.set_level(logging.WARNING, logger="crawler.pages.query")
    bad = "h1[[["
    monkeypatch.setattr(S, "TITLE", (bad, *S.TITLE))
    path = PAGES[0]
    first = P.parse_cnr("https://news.cnr.cn/native/gd/20250520/t20250520_1.shtml", path.read_bytes())
    P.parse_cnr("https://news.cnr.cn/native/gd/20250520/t20250520_1.shtml", path.read_bytes())
    assert first.title  # the chain went on to the next selector
    assert Q.css(etree.HTML("<h1>t</h1>"), bad) == []
    assert Q.xpath(etree.HTML("<h1>t</h1>"), "//h1[") == []
    warnings = [r for r in caplog.records if bad in r.getMessage()]
    assert len(warnings) == 1


def test_a_selector_that_fails_when_evaluated_matches_nothing_and_is_logged_once(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="crawler.pages.query")
    root = etree.HTML("<p class='ab'>x</p><p>y</p>")
    query = "//p[no-such-function(.)]"
    assert Q.xpath(root, query) == [] and Q.xpath(root, query) == []
    assert len([r for r in caplog.records if query in r.getMessage()]) == 1


def test_exslt_regular_expressions_work_as_in_parsel() -> None:
    html = "<p class='ab'>x</p><p class='b'>y</p>"
    query = "//p[re:test(@class, '^a')]/text()"
    assert Q.xpath(etree.HTML(html), query) == Selector(text=html).xpath(query).getall() == ["x"]


def test_a_bad_noise_selector_leaves_the_others_working(monkeypatch) -> None:
    monkeypatch.setattr(S, "NOISE", ("div.share[[[", *S.NOISE))
    P._noise_xpath.cache_clear()
    try:
        container = Selector(text="<div><p>甲<script>x()</script></p><div class='share'>分享</div></div>")
        root = container.css("div")[0].root
        P._strip_noise(root)
        assert "".join(root.itertext()) == "甲"
    finally:
        P._noise_xpath.cache_clear()


ARTICLE = "https://news.cnr.cn/native/gd/20250520/t20250520_123.shtml"


def test_continuation_found_from_the_pager_script_alone() -> None:
    html = "<html><body><p>正文</p><script>pageHtml(3, 0, 't20250520_123', 'shtml');</script></body></html>"
    assert P.continuation_urls(ARTICLE, html) == [
        ARTICLE.replace(".shtml", "_1.shtml"),
        ARTICLE.replace(".shtml", "_2.shtml"),
    ]


def test_continuation_precheck_skips_pages_of_another_article() -> None:
    # names t20250520_1234_1 (another article whose id starts with ours) and nothing of article 123
    html = "<html><body><a href='t20250520_1234_1.shtml'>下一页</a></body></html>"
    assert P.continuation_urls(ARTICLE, html) == []
