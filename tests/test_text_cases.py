"""Table-driven cases for the text normaliser (issue 3): glosses, parentheticals, characters,
duplicates, boilerplate, attribution, and a clean article that must pass through unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pipelines.text import normalize_paragraphs, normalize_text

TITLE = "示例新闻：济南举办托育服务宣传月活动"
KEEP = object()  # expected paragraphs = input paragraphs


@dataclass
class Case:
    id: str
    paragraphs: list[str]
    expected: list[str] | object = KEEP
    title: str = TITLE
    expected_title: str | None = None  # None: same as `title`
    source: str | None = None
    removed: dict[str, int] = field(default_factory=dict)  # must be present with these counts


CLEAN_CNR = [
    "央广网北京2月13日消息 据中央广播电视总台中国之声《新闻和报纸摘要》报道，国务院日前印发《“十四五”数字经济发展规划》（以下简称《规划》），自2022年1月12日起施行。",
    "《规划》提出，到2025年，数字经济核心产业增加值占国内生产总值(GDP)比重达到10%，人工智能(AI)、大数据等新技术加速融合。",
    "国家发展改革委有关负责人表示，各地区各部门要结合实际抓好落实（详见附件）。",
]

CASES: list[Case] = [
    # --- pinyin glosses removed ------------------------------------------------------------------
    Case(
        "gloss-tone-multi",
        ["济南市(jǐnánshì)卫生健康委员会举办活动。"],
        ["济南市卫生健康委员会举办活动。"],
        removed={"pinyin_gloss": 1},
    ),
    Case("gloss-neutral-de", ["推动行业的(de)高质量发展。"], ["推动行业的高质量发展。"]),
    Case("gloss-u-umlaut", ["坚持绿(lǜ)色发展。"], ["坚持绿色发展。"]),
    Case("gloss-toneless-v", ["坚持绿(lv)色发展。"], ["坚持绿色发展。"]),
    Case("gloss-toneless", ["他来到济南(jinan)工作。"], ["他来到济南工作。"]),
    Case(
        "gloss-spaced-syllables",
        ["山东大学齐鲁儿童医院(ér tóng yī yuàn)的专家。"],
        ["山东大学齐鲁儿童医院的专家。"],
    ),
    Case("gloss-tone-numbers", ["他来到济南(ji3 nan2)工作。"], ["他来到济南工作。"]),
    Case("gloss-fullwidth-parens", ["卫生（wèishēng）健康委员会。"], ["卫生健康委员会。"]),
    Case(
        "gloss-inside-quotes",
        ["举办“普惠托育(pǔhuìtuōyù)·科学(kēxué)育儿”宣传月。"],
        ["举办“普惠托育·科学育儿”宣传月。"],
        removed={"pinyin_gloss": 2},
    ),
    Case("gloss-after-closing-quote", ["发展“托育”(tuōyù)服务。"], ["发展“托育”服务。"]),
    Case("gloss-space-before", ["他来到济南 (jǐnán)的一家医院。"], ["他来到济南的一家医院。"]),
    Case("gloss-heteronym-wei", ["为(wèi)机构授牌，成为(chéngwéi)示范。"], ["为机构授牌，成为示范。"]),
    Case("gloss-name-toned", ["习近平(Xí Jìnpíng)签署命令。"], ["习近平签署命令。"]),
    Case("gloss-erhua", ["再快一点儿(yìdiǎnr)就好了。"], ["再快一点儿就好了。"]),
    Case("gloss-apostrophe", ["他去了西安(xī'ān)。"], ["他去了西安。"]),
    Case("gloss-last-char-only", ["增强群众幸福感(gǎn)、获得感。"], ["增强群众幸福感、获得感。"]),
    Case("gloss-then-aside", ["组织各区县(qūxiàn)(功能区)卫生健康局。"], ["组织各区县(功能区)卫生健康局。"]),
    Case(
        "gloss-in-title",
        ["正文第一段内容。"],
        ["正文第一段内容。"],
        title="济南(jǐnán)托育宣传月启动",
        expected_title="济南托育宣传月启动",
    ),
    # --- parentheticals kept ---------------------------------------------------------------------
    Case("keep-romanised-brand", ["华为(Huawei)发布新品。"]),
    Case("keep-romanised-name", ["习近平(Xi Jinping)签署命令。"]),
    Case("keep-romanised-place-curly-apostrophe", ["他去了西安(Xi’an)。"]),
    Case("keep-ai", ["发展人工智能(AI)产业。"]),
    Case("keep-gdp", ["占国内生产总值(GDP)比重。"]),
    Case("keep-who", ["世界卫生组织(WHO)发布报告。"]),
    Case("keep-covid", ["新冠肺炎(COVID-19)疫情期间。"]),
    Case("keep-year", ["该方案(2025)已印发。"]),
    Case("keep-chinese-aside", ["各区县(功能区)卫生健康局负责人参加。"]),
    Case("keep-mismatch-toneless", ["他来到济南(beijing)工作。"]),
    Case("keep-mismatch-toned", ["他来到上海(běijīng)工作。"]),
    Case("keep-english-word", ["进口苹果(apple)价格上涨。"]),
    Case("keep-no-han-before", ["使用Python(pàisēn)编程。"]),
    Case("keep-fullwidth-aside", ["会议（第二次）在京召开。"]),
    # --- characters --------------------------------------------------------------------------------
    Case(
        "chars-spaces",
        ["\u3000\u3000央广网北京2月13日消息\u00a0据报道，会议召开。"],
        ["央广网北京2月13日消息 据报道，会议召开。"],
    ),
    Case("chars-zero-width", ["\ufeff习近\u200b平日前签署\u200d命令。"], ["习近平日前签署命令。"]),
    Case("chars-fullwidth-alnum", ["２０２５年５月２３日，ＡＩ大会召开。"], ["2025年5月23日，AI大会召开。"]),
    Case("chars-chinese-punct-stays", ["他说：“好！”《规划》（全文）；完成。"]),
    Case("chars-controls", ["会议\x07召开\x00了。"], ["会议召开了。"]),
    Case(
        "chars-line-breaks",
        ["第一段内容。\r\n第二段内容。\u2029第三段内容。"],
        ["第一段内容。", "第二段内容。", "第三段内容。"],
    ),
    Case("chars-space-runs", ["会议   于  昨日召开。", "", "  "], ["会议 于 昨日召开。"]),
    # --- duplicates --------------------------------------------------------------------------------
    Case(
        "dup-title-lines",
        [TITLE, TITLE, "正文第一段内容。"],
        ["正文第一段内容。"],
        removed={"repeated_title": 2},
    ),
    Case(
        "dup-title-glued",
        [TITLE + "5月23日，活动在济南启动。"],
        ["5月23日，活动在济南启动。"],
        removed={"repeated_title": 1},
    ),
    Case(
        "keep-first-paragraph-starting-with-title",
        ["习近平签署命令，发布《军队装备试验鉴定规定》。"],
        title="习近平签署命令",
    ),
    Case(
        "keep-short-title-running-into-sentence",
        ["国务院常务会议5日召开，部署有关工作。"],
        title="国务院常务会议",
    ),
    Case(
        "dup-title-derived",
        [
            "济南托育宣传月活动启动",
            "济南托育宣传月活动启动",
            "济南托育宣传月活动启动5月23日，活动启动。",
            "第二段。",
        ],
        ["5月23日，活动启动。", "第二段。"],
        title="",
        expected_title="济南托育宣传月活动启动",
    ),
    Case(
        "dup-paragraph",
        [
            "这是一段足够长的正文内容，用来测试重复段落的去除效果。",
            "第二段。",
            "这是一段足够长的正文内容，用来测试重复段落的去除效果。",
        ],
        ["这是一段足够长的正文内容，用来测试重复段落的去除效果。", "第二段。"],
    ),
    Case(
        "dup-near-punct-space",
        [
            "这是一段足够长的正文内容，用来测试重复段落的去除效果。",
            "这是一段足够长的正文内容, 用来测试重复段落的去除效果.",
        ],
        ["这是一段足够长的正文内容，用来测试重复段落的去除效果。"],
    ),
    Case(
        "dup-whole-body",
        ["第一段：济南市举办托育服务宣传月启动活动。", "第二段：活动展示了示范项目以来的主要成果。", "（完）"]
        * 2,
        [
            "第一段：济南市举办托育服务宣传月启动活动。",
            "第二段：活动展示了示范项目以来的主要成果。",
            "（完）",
        ],
        removed={"duplicate_paragraph": 3},
    ),
    Case(
        "dup-body-glued-into-one",
        [
            "第一段：济南市卫生健康委员会联合举办托育服务宣传月启动活动暨第二届托育服务行业高质量发展培训班。",
            "第二段：本次活动展示了济南市实施中央财政普惠托育服务发展示范项目以来的主要成果。",
            "第一段：济南市卫生健康委员会联合举办托育服务宣传月启动活动暨第二届托育服务行业高质量发展培训班。"
            "第二段：本次活动展示了济南市实施中央财政普惠托育服务发展示范项目以来的主要成果。",
        ],
        [
            "第一段：济南市卫生健康委员会联合举办托育服务宣传月启动活动暨第二届托育服务行业高质量发展培训班。",
            "第二段：本次活动展示了济南市实施中央财政普惠托育服务发展示范项目以来的主要成果。",
        ],
    ),
    Case(
        "dup-doubled-within-line",
        ["本次活动展示了济南市托育服务发展的主要成果。本次活动展示了济南市托育服务发展的主要成果。"],
        ["本次活动展示了济南市托育服务发展的主要成果。"],
    ),
    Case(
        "keep-short-repeated-heading",
        ["专家点评", "第一位专家认为托育服务很重要。", "专家点评", "第二位专家认为价格应当普惠。"],
    ),
    # --- boilerplate -------------------------------------------------------------------------------
    Case(
        "bp-cnr-footer",
        [
            "正文内容。",
            "更多精彩资讯请在应用市场下载“央广网”客户端。欢迎提供新闻线索，24小时报料热线400-800-0088；消费者也可通过央广网“啄木鸟消费者投诉平台”线上投诉。版权声明：本文章版权归属央广网所有，未经授权不得转载。转载请联系：cnrbanquan@cnr.cn，不尊重原创的行为我们将追究责任。",
        ],
        ["正文内容。"],
        removed={"app_download": 1, "news_tip_hotline": 1, "woodpecker_complaints": 1, "copyright": 2},
    ),
    Case(
        "bp-editor",
        ["正文内容。", "编辑:李楠", "（责任编辑：张三、李四）", "责编 王五"],
        ["正文内容。"],
        removed={"editor_line": 3},
    ),
    Case(
        "bp-cnr-copyright-lines",
        [
            "正文内容。",
            "原创版权禁止商业转载 授权>>",
            "转载申请事宜以及报告非法侵权行为，请联系我们：010-56807194",
        ],
        ["正文内容。"],
    ),
    Case(
        "bp-share", ["正文内容。", "分享到：", "微信 微博 QQ空间"], ["正文内容。"], removed={"share_line": 2}
    ),
    Case("bp-player", ["00:00/00:00", "正文内容。"], ["正文内容。"], removed={"player_residue": 1}),
    Case(
        "bp-comment-widget",
        ["正文内容。", "相关推荐", "评论列表", "暂无评论,快抢沙发吧~", "你 发表评论:", "欢迎"],
        ["正文内容。"],
        removed={"related_articles": 1, "comment_widget": 4},
    ),
    Case(
        "bp-related-block",
        [
            "正文内容。",
            "相关阅读：",
            "济南托育服务宣传月启动",
            "全国婴幼儿照护服务示范城市名单公布",
            "上一篇：前一条新闻",
            "下一篇：后一条新闻",
        ],
        ["正文内容。"],
        removed={"related_articles": 3, "prev_next": 2},
    ),
    Case(
        "bp-related-block-ends-at-paragraph",
        [
            "正文内容。",
            "相关阅读",
            "济南托育服务宣传月启动",
            "这是相关阅读之后仍然属于正文的一段足够长的内容，包括句号，而且它讲述了更多的细节和背景材料。",
        ],
        [
            "正文内容。",
            "这是相关阅读之后仍然属于正文的一段足够长的内容，包括句号，而且它讲述了更多的细节和背景材料。",
        ],
    ),
    Case(
        "bp-page-tools",
        ["正文内容。", "【打印】【关闭】", "返回顶部"],
        ["正文内容。"],
        removed={"page_tools": 2},
    ),
    Case("keep-editor-in-sentence", ["他曾任报社编辑，后来成为一名记者，分享到各地采访的经历。"]),
    Case(
        "keep-woodpecker-news",
        ["央广网啄木鸟消费者投诉平台近日收到多起关于某品牌的投诉，记者调查发现问题属实。"],
    ),
    # --- attribution -------------------------------------------------------------------------------
    Case("source-attribution", ["正文内容，受到育儿家庭的欢迎。(济南市卫健委)"], source="济南市卫健委"),
    Case("source-laiyuan", ["正文内容。", "（来源：新华社）"], source="新华社"),
    Case("source-not-wan", ["正文内容。（完）"], source=None),
    Case("source-not-reporter", ["正文内容。（记者 张三）"], source=None),
    Case("source-not-aside", ["组织各区县(功能区)"], source=None),
    # --- real-page classes (generalisation): prose that mentions furniture words stays ------------
    Case("keep-prose-download", ["任何人都可以通过软件免费下载播客提供的节目，订阅自己喜欢的内容。"]),
    Case("keep-prose-download-count", ["下载量突破1亿次的应用程序引发关注"]),
    Case("keep-prose-copyright", ["该公司因侵犯版权被起诉，法院判决其赔偿作者损失。"]),
    Case("keep-prose-app-comment", ["不少网友在APP上发表评论，认为新规有助于保护消费者权益。"]),
    Case(
        "keep-prose-editor-reporter",
        ["记者：你们的农机大市场场址在哪？", "编辑部收到读者来信后，记者赶赴现场。"],
    ),
    Case("keep-prose-share", ["他愿意把经验分享给更多的年轻人。"]),
    Case("keep-prose-scan", ["市民扫码即可乘车，无需购买纸质车票。"]),
    Case("keep-prose-follow", ["外媒关注武汉的热情不减，各大媒体纷纷报道。"]),
    Case("keep-prose-original-title", ["课文来自《读者》1995年第2期，原标题为《宇航员之死》。"]),
    Case("keep-table-header-play", ["节目", "播放年份", "播放日期", "媒体"]),
    Case("keep-short-refrain", ["绿水青山就是金山银山", "正文第一段内容。", "绿水青山就是金山银山"]),
    Case(
        "keep-quote-repeated-on-purpose",
        [
            "“绿水青山就是金山银山，这句话我们记在心里。”",
            "村里的变化有目共睹，游客越来越多，收入也越来越高。",
            "“绿水青山就是金山银山，这句话我们记在心里。”",
        ],
    ),
    Case(
        "keep-caption-reused",
        [
            "2月18日，北京故宫午门调试灯光。中新社记者 杜洋 摄",
            "灯光秀将在元宵节当晚向公众开放。",
            "2月18日，北京故宫午门调试灯光。中新社记者 杜洋 摄",
        ],
    ),
    Case(
        "dup-caption-adjacent",
        [
            "2月18日，北京故宫午门调试灯光。中新社记者 杜洋 摄",
            "2月18日，北京故宫午门调试灯光。中新社记者 杜洋 摄",
        ],
        ["2月18日，北京故宫午门调试灯光。中新社记者 杜洋 摄"],
    ),
    Case("keep-prose-statement", ["外交部发言人就此发表声明，表示坚决反对。"]),
    Case("keep-prose-more", ["更多人开始选择绿色出行方式。"]),
    Case("keep-prose-prev-article", ["上一篇文章中我们讲到了托育服务的发展。"]),
    Case("keep-gloss-english-word", ["他喜欢吃苹果(apple)和香蕉(banana)。"]),
    # --- real-page classes: CMS furniture removed -------------------------------------------------
    Case(
        "bp-original-title",
        ["原标题：春季学期开学，织密返校疫情防控网", "正文内容。"],
        ["正文内容。"],
        removed={"original_title": 1},
    ),
    Case(
        "bp-original-title-paren",
        ["正文内容。", "（原题为《新年伊始的重要文章》）"],
        ["正文内容。"],
        removed={"original_title": 1},
    ),
    Case(
        "bp-source-editor-line",
        ["正文内容。", "来源：巴彦淖尔日报 编辑：苏亮"],
        ["正文内容。"],
        source="巴彦淖尔日报",
        removed={"source_line": 1},
    ),
    Case("bp-reposted-from", ["正文内容。", "本文转载自《北京科技报》"], ["正文内容。"], source="北京科技报"),
    Case(
        "bp-editor-outlet-paren",
        ["正文内容。", "（松花江网编辑 孙桂芳）"],
        ["正文内容。"],
        removed={"editor_line": 1},
    ),
    Case("bp-editor-span-end", ["工作取得积极成效。（责任编辑：王小明）"], ["工作取得积极成效。"]),
    Case("bp-jiucuo-editor", ["正文内容。", "【纠错】 【责任编辑：张三】"], ["正文内容。"]),
    Case(
        "bp-image-credit-span",
        ["游客在故宫参观。(图片来源：视觉中国)"],
        ["游客在故宫参观。"],
        removed={"image_credit": 1},
    ),
    Case("bp-image-credit-line", ["正文内容。", "图片均来自网络"], ["正文内容。"]),
    Case(
        "bp-disclaimer",
        [
            "正文内容。",
            "声明：本站力求信息真实、准确，文章提及内容仅供参考，不构成投资建议，据此操作风险自担。",
        ],
        ["正文内容。"],
        removed={"disclaimer": 1},
    ),
    Case(
        "bp-disclaimer-heading",
        ["正文内容。", "免责声明：本文仅代表作者个人观点，与本网站无关。"],
        ["正文内容。"],
    ),
    Case(
        "bp-share-more-people", ["正文内容。", "分享让更多人看到"], ["正文内容。"], removed={"share_line": 1}
    ),
    Case("bp-qr-code", ["正文内容。", "扫一扫，用手机看新闻", "扫描二维码关注我们的公众号"], ["正文内容。"]),
    Case(
        "bp-follow-wechat",
        ["正文内容。", "欢迎关注本报官方微信公众号"],
        ["正文内容。"],
        removed={"follow_us": 1},
    ),
    Case(
        "bp-more-link",
        ["正文内容。", "更多精彩，请关注央广网", "点击进入专题"],
        ["正文内容。"],
        removed={"more_link": 2},
    ),
    Case(
        "bp-app-install",
        ["正文内容。", "下载法广应用程序跟踪国际时事"],
        ["正文内容。"],
        removed={"app_download": 1},
    ),
    Case(
        "bp-prev-next-space",
        ["正文内容。", "上一篇 京沪高速施工封闭", "下一篇"],
        ["正文内容。"],
        removed={"prev_next": 2},
    ),
    Case("bp-print-close", ["正文内容。", "【打印本页】 【关闭窗口】"], ["正文内容。"]),
    Case("bp-reprint-notice", ["正文内容。转载请注明出处。"], ["正文内容。"]),
    Case("keep-hashtag-line", ["正文内容。", "#大家健康超能团# @大家健康"]),  # part of the post, as labelled
    Case(
        "bp-breadcrumb",
        ["当前位置：首页 > 新闻中心 > 正文", "正文内容。"],
        ["正文内容。"],
        removed={"breadcrumb": 1},
    ),
    Case(
        "bp-meta-line-source",
        ["发布时间：2021-02-12 08:31 来源：新华日报 作者：葛灵丹", "正文内容。"],
        ["正文内容。"],
        source="新华日报",
        removed={"meta_line": 1},
    ),
    Case(
        "bp-date-source-line",
        ["2022-02-13 07:00:00来源：央广网", "正文内容。"],
        ["正文内容。"],
        source="央广网",
    ),
    Case(
        "bp-widget-residue",
        ["图集", "正文内容。", "分享", "微博", "举报", "+1", "阅读 539", "[详情]", "登录", "网站地图"],
        ["正文内容。"],
        removed={"widget_residue": 9},
    ),
    Case("bp-comment-votes", ["正文内容。", "回复 踩0 赞0"], ["正文内容。"], removed={"comment_widget": 1}),
    Case("bp-empty-editor-label", ["正文内容。", "责任编辑：", "来源："], ["正文内容。"]),
    Case("bp-wiki-edit-link", ["音乐作品[编辑]", "正文内容。"], ["音乐作品", "正文内容。"]),
    Case(
        "bp-footer-misc",
        [
            "正文内容。",
            "返回顶部↑",
            "返回页首 | 关闭窗口",
            "违法和不良信息举报电话：010-62675637",
            "【编辑:刘欢】 返回搜狐，查看更多",
        ],
        ["正文内容。"],
    ),
    Case(
        "bp-wechat-account-source",
        ["正文内容。", "（本文来自微信公众号“看理想”）"],
        ["正文内容。"],
        source="看理想",
    ),
    Case(
        "bp-infringement-notice",
        ["正文内容。", "本文来源于网络，如有侵权请联系删除"],
        ["正文内容。"],
        source=None,
    ),
    Case("keep-prose-comes-from", ["本文来自作者在年会上的发言，有删节。", "正文内容。"]),
    Case(
        "source-not-chart-credit",
        [
            "第一段。",
            "第二段。",
            "第三段。",
            "来源：国家统计局",
            "第四段。",
            "第五段。",
            "第六段。",
            "第七段。",
        ],
        ["第一段。", "第二段。", "第三段。", "第四段。", "第五段。", "第六段。", "第七段。"],
        source=None,
    ),
    Case(
        "bp-related-block-ends-at-sentence",
        [
            "正文内容。",
            "相关新闻",
            "京沪高速施工封闭",
            "济南托育宣传月启动",
            "湘菜粤菜兵分两路，新鲜的是湘菜浓妆淡抹。",
            "第二段。",
        ],
        ["正文内容。", "湘菜粤菜兵分两路，新鲜的是湘菜浓妆淡抹。", "第二段。"],
        removed={"related_articles": 3},
    ),
    Case("keep-prose-position", ["该公司在行业中的位置十分重要，首页广告位供不应求。"]),
    Case("keep-prose-time-source", ["时间：2021年2月12日，地点：南京，来源不明的包裹引起警方注意。"]),
    # --- real-page classes: attribution / source ----------------------------------------------------
    Case("source-not-person-name", ["正文内容，实现轻松换新。(李楠)"], source=None),
    Case("source-not-persons-list", ["活动将在巴西举行。（常书香 马丽）"], source=None),
    Case("source-outlet-ending-kept", ["正文内容。（钱江晚报）"], source="钱江晚报"),
    # --- untouched ---------------------------------------------------------------------------------
    Case("clean-cnr-article", CLEAN_CNR, title="国务院印发《“十四五”数字经济发展规划》", removed={}),
]


def test_enough_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_normalise_case(case: Case) -> None:
    result = normalize_paragraphs(case.title, case.paragraphs)
    expected = case.paragraphs if case.expected is KEEP else case.expected
    assert result.paragraphs == expected
    assert result.title == (case.title if case.expected_title is None else case.expected_title)
    assert result.source == case.source
    for name, count in case.removed.items():
        assert result.removed.get(name) == count, result.removed
    if case.id == "clean-cnr-article":
        assert result.removed == {}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_idempotent(case: Case) -> None:
    once = normalize_paragraphs(case.title, case.paragraphs)
    twice = normalize_paragraphs(once.title, once.paragraphs)
    assert (twice.title, twice.paragraphs) == (once.title, once.paragraphs)


def test_page_source_junk_refused_and_private_use_title() -> None:
    from crawler.items import ArticleItem
    from pipelines.text import apply_to_item

    item = ArticleItem(
        url="http://example.com/a.html",
        canonical_url="http://example.com/a.html",
        site="example.com",
        key="a",
        title="投身外交(3)\ue004",
        paragraphs=["正文内容。"],
    )
    item.source = 'size="20"'
    apply_to_item(item)
    assert item.title == "投身外交(3)"
    assert item.source is None and item.source_from is None
    item = ArticleItem(
        url="http://example.com/b.html",
        canonical_url="http://example.com/b.html",
        site="example.com",
        key="b",
        title="标题",
        paragraphs=["正文。", "来源：新华日报"],
    )
    item.source = "转载文章"
    apply_to_item(item)
    assert (item.source, item.source_from, item.paragraphs) == ("新华日报", "attribution", ["正文。"])


def test_normalize_text_plain_headline_title() -> None:
    result = normalize_text("", "济南托育宣传月活动启动\n\n5月23日，活动在济南启动。\n第二段。")
    assert result.title == "济南托育宣传月活动启动"
    assert result.paragraphs == ["5月23日，活动在济南启动。", "第二段。"]


def test_normalize_text_no_title_in_prose() -> None:
    result = normalize_text("", "5月23日，活动在济南启动。\n第二段内容。")
    assert result.title == ""
    assert result.paragraphs == ["5月23日，活动在济南启动。", "第二段内容。"]
