"""Chinese bylines: 来源 (source), 作者/记者 (authors), 编辑/责任编辑 (editors), from short text lines
(labels in simplified and traditional script: 來源, 記者, 責任編輯).

The metadata line under a title (``2022-02-13 07:00 来源：央广网 作者：张三``), the editor line
after the body (``（责任编辑：李四）``) and the reporter credit opening a story
(``央广网北京2月13日消息（记者王五 赵六）``) are all parsed here. Pure functions on strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.pages.pubtime.parse import fold

# Label -> field. Longest labels first so 责任编辑 wins over 编辑.
SOURCE_LABELS: tuple[str, ...] = (
    "本文来源",
    "文章来源",
    "信息来源",
    "新闻来源",
    "稿件来源",
    "来源",
    "稿源",
    "出处",
    "来自",
    # traditional script (Hong Kong, Macao, Taiwan pages)
    "本文來源",
    "文章來源",
    "信息來源",
    "資訊來源",
    "新聞來源",
    "稿件來源",
    "來源",
    "出處",
    "來自",
)
AUTHOR_LABELS: tuple[str, ...] = (
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "通讯员",
    "记者",
    "作者",
    "撰文",
    "采写",
    "本報記者",
    "特約記者",
    "見習記者",
    "實習記者",
    "通訊員",
    "記者",
    "採寫",
)
EDITOR_LABELS: tuple[str, ...] = (
    "责任编辑",
    "责编",
    "值班编辑",
    "编辑",
    "审核",
    "审校",
    "校对",
    "监制",
    "编审",
    "终审",
    "初审",
    "責任編輯",
    "責編",
    "值班編輯",
    "編輯",
    "審核",
    "審覈",
    "審校",
    "校對",
    "監製",
    "編審",
    "終審",
    "初審",
)

# Other fields of a metadata line that end the value before them ("来源：某报 点击：1024").
_STOPS = (
    "点击|浏览|阅读|字号|时间|日期|发布时间|发布日期|分享|评论|人气"
    "|點擊|瀏覽|閱讀|閲讀|字號|時間|發布時間|發佈時間|發布日期|發佈日期|評論|人氣"
)
_LABELS = "|".join(sorted((*SOURCE_LABELS, *AUTHOR_LABELS, *EDITOR_LABELS), key=len, reverse=True))
# "来源：央广网" / "作者：张三 李四" / "【责任编辑：王五】"; the value runs to the next label or separator.
LABELLED_FIELD_RE = re.compile(
    rf"(?P<label>{_LABELS})\s*[:：]\s*(?P<value>.*?)(?=\s*(?:[|｜]|(?:{_LABELS}|{_STOPS})\s*[:：]|"
    r"\d{4}[-/.年]\d{1,2}|[)）\]】]|$|\s{2,}))"
)
# Reporter credit without a colon: "（记者 张三 李四）", "本报记者 王五".
REPORTER_RE = re.compile(
    r"(?:本报|特约|见习|实习|本報|特約|見習|實習)?(?:记者|記者)\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、,，和及]+[\u4e00-\u9fff·]{2,4}){0,5})"
    r"(?=[)）\]】\s]|$|报道|摄|報道|攝)"
)
NAME_SPLIT_RE = re.compile(r"[\s、,，;；/和及]+")
# A plausible person name (Chinese 2-4 characters, or a Latin name), after splitting.
NAME_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}·[\u4e00-\u9fff]{1,6}|[A-Za-z][A-Za-z .'-]{1,40})$"
)
# Words that follow a label but are not names ("编辑推荐", "来源于…", "作者简介").
NOT_A_NAME: frozenset[str] = frozenset(
    {
        "推荐",
        "简介",
        "介绍",
        "于",
        "网络",
        "本站",
        "不详",
        "未知",
        "佚名",
        "匿名",
        "报道",
        "摄影",
        "摄",
        "采访",
        "等",
        "通讯员",
        "推薦",
        "簡介",
        "介紹",
        "於",
        "網絡",
        "不詳",
        "報道",
        "攝影",
        "攝",
        "採訪",
        "通訊員",
    }
)
# A "name" ending like an organisation or a site (网易, 新华社, 人民日报) is not a person.
ORG_SUFFIX_RE = re.compile(
    r"(?:网|报|社|台|站|刊|频道|中心|集团|公司|新闻|日报|晚报|杂志|消息|科技|财经|网易|资讯|在线"
    r"|網|報|臺|頻道|集團|新聞|日報|晚報|雜誌|財經|網易|資訊|在綫|在線)$"
)
# what a byline line may hold besides its fields: the date and time, separators, brackets
DATE_RESIDUE_RE = re.compile(r"[\d\s:：/.\-年月日时分秒()（）\[\]【】|｜]+")
SOURCE_VALUE_RE = re.compile(r"^[^\s:：]{2,30}$")
# A line that is only a byline (drop it from the body): labels and values, maybe a date.
BYLINE_ONLY_MAX = 80


@dataclass
class Byline:
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    fields: int = 0  # how many labelled fields were found (a byline line has at least one)

    def merge(self, other: Byline) -> None:
        self.source = self.source or other.source
        self.authors += [a for a in other.authors if a not in self.authors]
        self.editors += [e for e in other.editors if e not in self.editors]
        self.fields += other.fields


def split_names(value: str) -> list[str]:
    """Person names in a byline value (``张三 李四``, ``张三、李四``); anything else is dropped."""
    out = []
    for part in NAME_SPLIT_RE.split(value.strip(" 　[]【】()（）")):
        part = part.strip("　 .。")
        if part and part not in NOT_A_NAME and NAME_RE.match(part) and not ORG_SUFFIX_RE.search(part):
            out.append(part)
    return out


def parse_byline(line: str) -> Byline:
    """Every labelled field in one line of text (NFKC-folded first)."""
    text = fold(line)
    b = Byline()
    for m in LABELLED_FIELD_RE.finditer(text):
        label, value = m.group("label"), m.group("value").strip()
        if not value:
            continue
        if label in SOURCE_LABELS:
            value = value.split()[0]  # "江南晚报 点击…": the source is one token
            if b.source is None and SOURCE_VALUE_RE.match(value):
                b.source = value
                b.fields += 1
        elif label in EDITOR_LABELS:
            names = split_names(value)
            if names:
                b.editors += [n for n in names if n not in b.editors]
                b.fields += 1
        else:
            names = split_names(value)
            if names:
                b.authors += [n for n in names if n not in b.authors]
                b.fields += 1
    if not b.authors:
        reporter = REPORTER_RE.search(text)
        if reporter:
            b.authors = split_names(reporter.group("names"))
    return b


def is_byline_line(line: str) -> bool:
    """A short line made of byline fields (and maybe a date): metadata, not body text."""
    text = fold(line).strip()
    if not text or len(text) > BYLINE_ONLY_MAX:
        return False
    b = parse_byline(text)
    if b.fields == 0:
        return False
    rest = LABELLED_FIELD_RE.sub("", text)
    rest = DATE_RESIDUE_RE.sub("", rest)
    return len(rest) <= 6
