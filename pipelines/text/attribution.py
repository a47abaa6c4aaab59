"""A trailing attribution such as ``…受到育儿家庭的欢迎。(济南市卫健委)`` names the article's source.

The attribution stays in the body (it is part of the text as published); :func:`find_attribution`
only reads it, so the caller can fill ``item.source`` when the page gave none. A CMS meta line such
as ``来源：巴彦淖尔日报 编辑：苏亮`` or ``本文转载自《北京科技报》`` (removed from the body as
boilerplate ``source_line``) is read by :func:`find_source_line`. A trailing ``(张巨峰)`` names the
reporter, not a source: person-like names (a common surname + one or two characters, no organisation
ending) are refused. :func:`clean_page_source` refuses a page's source that is markup residue
(``size="20"``) or a placeholder (``转载文章``, ``未知``).
"""

from __future__ import annotations

import re

from pipelines.text.boilerplate import line_pattern
from pipelines.text.t2s import line_views, simplified_view

# after a sentence end (or alone on its line), so ``各区县(功能区)`` closing a paragraph is not one
ATTRIBUTION_RE = re.compile(
    r"(?:^|(?<=[。！？!?…”’」』.]))\s*[(（]\s*(?:(?:来源|稿件来源|文章来源|信息来源|供稿)\s*[:：]\s*|据)?"
    r"(?P<src>[\u4e00-\u9fffA-Za-z0-9·・ ]{2,24}?)"
    r"\s*(?:供稿|供图|报道|消息)?\s*[)）]\s*$"
)
# what a trailing parenthesis may hold without being a source
NOT_A_SOURCE_RE = re.compile(
    r"^(?:完|全文完|未完待续|待续|续|终|图|组图|视频|附图|下同|同上|略|注|见下文|见上文|\d+)$"
    r"|^(?:本报|本刊|本台|记者|通讯员|作者|编辑|责编|责任编辑|实习生|摄影|摄|原标题|图文|文/|文图)"
    r"|(?:记者|通讯员|摄影?|编辑|实习生)"
)
HAS_LETTER_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# 来源：X [编辑：Y] / 本文转载自《X》 — the whole (short) line is the CMS's meta line
SOURCE_LINE_RE = re.compile(
    r"^[(（]?(?:(?:来源|稿件来源|文章来源|本文来源|信息来源|新闻来源)\s*[:：]"
    r"|(?:本文|文章|此文|该文)?(?:来源于|转载自|转自)\s*[:：]?|(?:本文|文章)来自(?:微信)?公众号\s*[:：]?)"
    r"\s*(?P<src>[^\s。！？!?,，:：()（）]{2,30}?)\s*[)）]?\s*(?:$|\s+(?:责任编辑|编辑|作者|记者|责编|审核|校对)\s*[:：])"
)
SOURCE_LINE_MAX = 80
SOURCE_LINE_EDGE = 3
SOURCE_IN_META_RE = re.compile(
    r"(?:来源|稿件来源|文章来源|信息来源)\s*[:：]\s*(?P<src>[^\s。！？!?,，:：]{2,30}?)\s*(?:$|\s|(?:作者|编辑|责任编辑|记者)\s*[:：])"
)
META_LINE_NAMES = frozenset({"source_line", "meta_line"})
BOOK_QUOTES = '《》〈〉“”"「」'
# a source given by the page that is not one: markup residue, a placeholder
PAGE_SOURCE_JUNK_RE = re.compile(
    r"[<>=\"{}]|^(?:转载文章|转载|网络|网络转载|网络整理|互联网|未知|佚名|不详|暂无|无|null|none|undefined)$",
    re.I,
)
# Person names: a common surname then one or two characters (as data: the most frequent surnames)
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵩檀公鄂藏"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
)
# what ends an organisation / outlet name, so 江苏卫视, 钱江晚报, 周口日报 are not taken for persons
ORG_ENDINGS = "网社台报刊局委办院部厅会司处所站团队校馆署府省市县区镇村乡街室科组中心视频讯闻"
NAME_TOKEN_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")
NAME_SPLIT_RE = re.compile(r"[\s、,，/]+")


def looks_like_person(token: str) -> bool:
    """A 2-3 character Han name led by a common surname (4 with a compound one), no organisation ending."""
    if not NAME_TOKEN_RE.fullmatch(token) or token[-1] in ORG_ENDINGS:
        return False
    if token[:2] in COMPOUND_SURNAMES:
        return len(token) in (3, 4)
    return len(token) in (2, 3) and token[0] in COMMON_SURNAMES


def names_persons(src: str) -> bool:
    """True when ``src`` is, or lists, person names (``张巨峰``, ``常书香 马丽``, ``姚峰 上海``)."""
    return any(looks_like_person(t) for t in NAME_SPLIT_RE.split(src) if t)


def clean_page_source(source: str | None) -> str | None:
    """The page's source, or None when it is markup residue or a placeholder."""
    if not source or PAGE_SOURCE_JUNK_RE.search(source) or not HAS_LETTER_RE.search(source):
        return None
    return source


def find_source_line(lines: list[str], views: list[str] | None = None) -> str | None:
    """The source named by a ``来源：X`` / ``本文转载自X`` meta line, or None.

    Only the first and last ``SOURCE_LINE_EDGE`` lines are read: a CMS puts its meta line above or
    below the story, while ``来源：国家统计局`` in the middle credits a chart's data. ``views``: the
    lines' :func:`line_views`, when the caller has them.
    """
    edge = SOURCE_LINE_EDGE
    if views is None:
        views = line_views(lines)  # traditional script matched in simplified (來源：); the source as written
    pairs = list(zip(lines, views, strict=True))
    candidates = pairs if len(pairs) <= 2 * edge else [*pairs[:edge], *pairs[-edge:]]
    for line, view in candidates:
        if len(line) > SOURCE_LINE_MAX:
            continue
        m = SOURCE_LINE_RE.match(view)
        if m is None and line_pattern(view) in META_LINE_NAMES:
            m = SOURCE_IN_META_RE.search(view)  # 2022-02-13 07:00:00来源：央广网 作者：…
        if m is None:
            continue
        src, src_view = _stripped(line, view, m.start("src"), m.end("src"), BOOK_QUOTES + " ")
        if src and HAS_LETTER_RE.search(src) and clean_page_source(src_view) and not names_persons(src_view):
            return src
    return None


def _stripped(line: str, view: str, start: int, end: int, chars: str) -> tuple[str, str]:
    """``line[start:end]`` and the same part of ``view``, without ``chars`` at either end."""
    while start < end and line[start] in chars:
        start += 1
    while end > start and line[end - 1] in chars:
        end -= 1
    return line[start:end], view[start:end]


def find_attribution(paragraphs: list[str]) -> str | None:
    """The source named in parentheses at the very end of the last paragraph, or None."""
    if not paragraphs:
        return None
    last = paragraphs[-1]
    view = simplified_view(last)  # (來源：香港電台): matched in simplified script, kept as written
    m = ATTRIBUTION_RE.search(view)
    if m is None:
        return None
    src, src_view = _stripped(last, view, m.start("src"), m.end("src"), " ")
    if (
        not src
        or NOT_A_SOURCE_RE.search(src_view)
        or not HAS_LETTER_RE.search(src)
        or names_persons(src_view)
    ):
        return None
    return src
