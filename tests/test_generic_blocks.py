"""Block choice on 2024-era layouts, on small hand-written pages: a short story beside a longer rail,
a post beside a recommendation list, a short post, a story with links between its paragraphs, a
teaser feed, JSON-LD ``articleBody`` as a cross-check, captions and reader widgets."""

from __future__ import annotations

import json

from crawler.pages.generic.page import parse_generic

URL = "https://news.example.com/2024/05/20/story.html"

STORY = [
    "（法新社羅馬19日電）德國網球好手茲韋列夫今天以6比4、7比5擊敗智利選手賈瑞，在義大利公開賽拿下冠軍。",
    "世界排名第5的茲韋列夫，今天是繼2017年後再度在義大利網賽封王，為下週末登場的法國公開賽做好暖身。",
]
SUMMARY = (
    "（法新社巴黎21日電）網球名將納達爾昨天現身法國公開賽球場練球，今年參賽與否23日大會抽籤時即可揭曉。"
    "他生涯傷痛不斷，至今共缺席12場大滿貫賽事，球迷都非常關心，紛紛到場觀看，場面熱鬧，主辦單位加派人手維持秩序。"
)


def page(body: str, title: str = "義大利公開賽 茲韋列夫封王_示例新聞網", head: str = "") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def rail(n: int, *, with_time: bool = True, cls: str = "stream-item") -> str:
    """``n`` teaser items: source and time, a headline link, a long summary."""
    items = []
    for i in range(n):
        meta = f"<div class='provider'>法新社·{i + 2} 小時前</div>" if with_time else ""
        items.append(
            f"<li class='{cls}'>{meta}<h3><a href='/n/{i}.html'>第{i}則延伸新聞的標題在這裡</a></h3>"
            f"<p>{SUMMARY}</p></li>"
        )
    return f"<ul class='stream'>{''.join(items)}</ul>"


def test_short_story_beside_a_longer_more_news_rail() -> None:
    body = (
        "<div class='main'><h1>義大利公開賽 茲韋列夫封王</h1><div class='byline'>法新社 2024年5月20日</div>"
        f"<div class='story-body'>{paragraphs(STORY)}</div></div>"
        f"<div class='more'><h2>你可能還想看</h2>{rail(6)}</div>"
    )
    item = parse_generic(URL, page(body))
    assert item.is_article
    assert item.paragraphs == STORY
    assert "納達爾" not in item.body


def test_rail_above_the_headline_loses_to_the_block_under_it() -> None:
    # rail items without times are no teasers by structure: the confirmed headline decides
    body = (
        f"<div class='top-stories'>{rail(6, with_time=False)}</div>"
        f"<div class='main'><h1>義大利公開賽 茲韋列夫封王</h1><div class='story-body'>{paragraphs(STORY)}</div></div>"
    )
    item = parse_generic(URL, page(body))
    assert item.is_article
    assert item.paragraphs == STORY
    assert item.notes.get("generic:block_anchored") == 1


def test_blog_post_beside_a_long_recommendation_list() -> None:
    post = [
        "今天在公司里把部署脚本重写了一遍，原来的脚本要跑二十分钟，现在只要三分钟。",
        "关键是把依赖缓存起来，并且并行执行测试。",
    ]
    recommendations = "".join(
        f"<div class='blog-item'><a href='/p/{i}'>另一篇博客文章的标题{i}</a>"
        f"<div class='desc'>{SUMMARY}</div></div>"
        for i in range(5)
    )
    body = (
        "<div class='blog-content-box'><h1 class='title-article'>重写部署脚本的一点心得</h1>"
        f"<article class='post'>{paragraphs(post)}</article></div>"
        f"<div class='blog-list'>{recommendations}</div>"
    )
    item = parse_generic(URL, page(body, title="重写部署脚本的一点心得_某人的博客"))
    assert item.is_article
    assert item.paragraphs == post
    assert item.notes.get("generic:block_anchored") == 1


def test_short_post_in_the_marked_container_is_an_article() -> None:
    body = (
        "<h1 class='title-article'>模型评估代做</h1>"
        "<article><div id='content_views'><p><img src='/img/a.png' width='600' height='400'><br>"
        "模型评估代做<br>联系 1107436458 说明来处</p></div></article>"
        "<div class='toolbox'><a href='#'>点赞</a> <a href='#'>收藏</a> <a href='#'>评论</a></div>"
        "<div class='pay-dialog'><div>抵扣说明：</div><div>1.余额是钱包充值的虚拟货币，按照1:1的比例进行支付金额的抵扣。</div>"
        "<div>2.余额无法直接购买下载，可以购买VIP、付费专栏及课程。</div></div>"
    )
    item = parse_generic(URL, page(body, title="模型评估代做-CSDN博客"))
    assert item.is_article
    assert item.paragraphs == ["模型评估代做", "联系 1107436458 说明来处"]  # the title opens the post's text
    assert item.notes.get("generic:block_short_post") == 1
    assert [i.src for i in item.images] == ["https://news.example.com/img/a.png"]


def test_short_text_without_a_marked_container_is_no_article() -> None:
    body = "<h1>模型评估代做</h1><div><p>模型评估代做<br>联系我们，说明来处。</p></div>"
    item = parse_generic(URL, page(body, title="模型评估代做-CSDN博客"))
    assert not item.is_article and item.notes.get("non_article:short") == 1


def test_story_with_ads_between_its_paragraphs_is_not_a_list() -> None:
    paras = [
        "斯诺克球王丁俊晖的人生故事何其精彩绝伦，他凭借着过人的毅力与天赋成就非凡。",
        "可是就在刚刚结束的世锦赛，丁俊晖再次提前遭到淘汰，未能突破重围。",
        "即便屡屡吞下苦果，丁俊晖依旧咬牙坚持，充满勇气。",
        "尽管事业曲折，丁俊晖早已通过广告代言等赚得盆满钵满，物质生活早已无忧。",
        "这样一位资深球手，追逐冠军梦想已经成为他最大的动力，我们有理由相信他。",
        "身后也少不了妻子的默默支持，为了陪伴他征战世界，她甘愿放弃自己的事业。",
        "人到中年，很多人都会选择安逸，但丁俊晖与众不同，依旧勇往直前。",
    ]
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<div class='para'>{p}</div><div class='para'>{paras[(i + 3) % len(paras)]}</div>")
        parts.append(
            f"<div class='ad'><a href='/ad/{i}'>广告：第{i}个推广链接的标题文字很长</a><a>×</a></div>"
        )
    body = (
        "<h1 class='article__title'>丁俊晖的人生故事</h1><div id='article__content'>"
        + "".join(parts)
        + "</div>"
    )
    item = parse_generic(URL, page(body, title="丁俊晖的人生故事"))
    assert item.is_article
    assert item.paragraphs[0] == paras[0]
    assert "推广链接" not in item.body


def test_a_teaser_feed_is_a_list() -> None:
    body = f"<h1>网球频道</h1><div class='feed'>{rail(8)}</div>"
    item = parse_generic("https://news.example.com/tennis/", page(body, title="网球频道_示例新闻网"))
    assert not item.is_article
    assert item.notes.get("non_article:list") == 1


def test_jsonld_article_body_finds_the_story_beside_a_longer_essay_box() -> None:
    essay = [SUMMARY, SUMMARY.replace("納達爾", "喬科維奇"), SUMMARY.replace("納達爾", "斯威雅蒂")]
    jsonld = json.dumps({"@type": "NewsArticle", "articleBody": "".join(STORY)}, ensure_ascii=False)
    body = f"<div class='column'>{paragraphs(essay)}</div><div class='story'>{paragraphs(STORY)}</div>"
    item = parse_generic(URL, page(body, head=f"<script type='application/ld+json'>{jsonld}</script>"))
    assert item.is_article
    assert item.paragraphs == STORY
    assert item.notes.get("generic:block_anchored") == 1


def test_captions_go_with_their_images() -> None:
    body = (
        "<h1>義大利公開賽 茲韋列夫封王</h1><div class='story-body'>"
        "<figure><div><img src='/img/z.jpg' alt='&lt;a href=x&gt;alt&lt;/a&gt;'></div>"
        "<figcaption>茲韋列夫在羅馬捧盃</figcaption></figure>"
        f"<p>{STORY[0]}</p>"
        "<div class='img-wrap'><img src='/img/y.jpg'></div><p class='pic-text'>賈瑞在比賽中回球</p>"
        f"<p>{STORY[1]}</p></div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == STORY
    assert [(i.src.rsplit("/", 1)[-1], i.caption) for i in item.images] == [
        ("z.jpg", "茲韋列夫在羅馬捧盃"),
        ("y.jpg", "賈瑞在比賽中回球"),
    ]
    assert item.notes.get("generic:caption") == 2


def test_reader_and_share_widgets_are_named_boilerplate() -> None:
    body = (
        "<h1>義大利公開賽 茲韋列夫封王</h1><div class='story-body'>"
        "<div class='audio-btn'>播报文章</div><div class='audio-tip'>语音播报文章，释放双眼</div>"
        f"{paragraphs(STORY)}"
        "<div class='tools'>分享至：</div><div>微信扫码分享</div>"
        "<div>以上内容（包括图片及视频）为创作者平台用户上传并发布，本平台仅提供信息存储服务</div></div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == STORY
    assert item.notes.get("generic:reader_widget") == 2
    assert item.notes.get("generic:share_widget") == 2
    assert item.notes.get("generic:platform_notice") == 1


def test_a_list_with_short_dates_is_a_list() -> None:
    items = "".join(
        f"<li class='news-item'><a href='/n/{i}.html'>第{i}条频道新闻的标题文字</a><span>05-{i + 10}</span>"
        f"<p>{SUMMARY}</p></li>"
        for i in range(8)
    )
    item = parse_generic(
        "https://news.example.com/list/", page(f"<ul>{items}</ul>", title="滚动新闻_示例新闻网")
    )
    assert not item.is_article and item.notes.get("non_article:list") == 1


def test_this_story_linked_in_a_hot_list_below_does_not_move_the_article() -> None:
    # no <h1>; the only heading matching <title> is a linked <h3> in a list under the story
    hot = "".join(f"<h3><a href='/h/{i}'>熱門新聞第{i}則的標題</a></h3>" for i in range(3))
    body = (
        f"<div class='story-body'>{paragraphs(STORY)}</div>"
        f"<div class='hot'>{hot}<h3><a href='/self'>義大利公開賽 茲韋列夫封王</a></h3></div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == STORY
    assert "generic:block_anchored" not in item.notes


def test_a_long_text_in_a_caption_named_block_is_text() -> None:
    story = [*STORY, "他今天在賽後感性地說，羅馬對我來說是意義非凡的地方。"]
    body = f"<h1>義大利公開賽 茲韋列夫封王</h1><div class='pictext'>{paragraphs(story)}</div>"
    item = parse_generic(URL, page(body))
    assert item.paragraphs == story


def test_a_lead_restating_the_title_stays() -> None:
    lead = "義大利公開賽茲韋列夫封王，為法網做好暖身。"
    body = f"<h1>義大利公開賽 茲韋列夫封王</h1><div class='story-body'>{paragraphs([lead, *STORY])}</div>"
    item = parse_generic(URL, page(body))
    assert item.paragraphs == [lead, *STORY]


def test_a_players_copy_of_the_title_goes() -> None:
    body = (
        "<h1>義大利公開賽 茲韋列夫封王</h1><div class='story-body'>"
        "<div class='video-title'>義大利公開賽 茲韋列夫封王 精華片段 02:15</div>"
        f"{paragraphs(STORY)}</div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == STORY


def test_article_element_holding_only_the_head_keeps_the_text_after_it() -> None:
    lead = "本報訊：義大利公開賽今天落幕，德國好手茲韋列夫在決賽中直落二擊敗對手，這是他兩年來最重要的冠軍。"
    body = (
        f"<article class='head'><h1>義大利公開賽 茲韋列夫封王</h1><p class='summary'>{lead}</p></article>"
        f"<div class='content'>{paragraphs(STORY)}</div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == [lead, *STORY]
    assert "generic:block_anchored" not in item.notes


def test_article_body_split_around_a_picture_is_one_text() -> None:
    more = ["他今天在賽後感性地說，羅馬對我來說是意義非凡的地方，謝謝所有球迷。" * 2]
    body = (
        "<h1>義大利公開賽 茲韋列夫封王</h1>"
        f"<div itemprop='articleBody'>{paragraphs(STORY)}</div>"
        "<figure><img src='/img/z.jpg'><figcaption>茲韋列夫捧盃</figcaption></figure>"
        f"<div itemprop='articleBody'>{paragraphs(more)}</div>"
        f"<div class='aside-news'>{paragraphs([SUMMARY, SUMMARY])}</div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs[:2] == STORY
    assert more[0] in item.paragraphs
    assert "納達爾" not in item.body


def test_a_figure_between_text_blocks_is_the_articles_picture() -> None:
    body = (
        "<h1>義大利公開賽 茲韋列夫封王</h1><div class='wrap'>"
        f"<div class='text'>{paragraphs(STORY)}</div>"
        "<figure><img src='/img/z.jpg'><figcaption>茲韋列夫捧盃</figcaption></figure>"
        f"<div class='text'>{paragraphs([SUMMARY])}</div></div>"
    )
    item = parse_generic(URL, page(body))
    assert item.paragraphs == [*STORY, SUMMARY]
    assert [(i.src, i.caption) for i in item.images] == [
        ("https://news.example.com/img/z.jpg", "茲韋列夫捧盃")
    ]
