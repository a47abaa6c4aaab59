"""Edge repairs of organisation spans and names in title/quotation marks (pipelines.entities.edges).

Sentences written here; none is taken from ../shared.
"""

from __future__ import annotations

import pytest

from pipelines.entities import extract_entities
from pipelines.entities.edges import TitleMarkRecognizer, repair_spans, split_glued, trim_edges
from pipelines.entities.recognizers import (
    ORG,
    PER,
    ConsistentRecognizer,
    Span,
    _starts_with_head,
)


def _trim(text: str, surface: str) -> str:
    start = text.index(surface)
    a, b = trim_edges(text, start, start + len(surface))
    return text[a:b]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("他调到中国科学院物理研究所在北京工作。", "中国科学院物理研究所在", "中国科学院物理研究所"),
        ("本次展览由东方红集团协办。", "东方红集团协办", "东方红集团"),
        ("继华东师范大学之后，又有学校加入。", "继华东师范大学", "华东师范大学"),
        ("新一届人大将在春天召开。", "一届人大", "人大"),
        # whole names stay whole
        ("他在对外经济贸易大学读书。", "对外经济贸易大学", "对外经济贸易大学"),
        ("第九届全国人大召开会议。", "第九届全国人大", "第九届全国人大"),
        ("国家体育总局发布通知。", "国家体育总局", "国家体育总局"),
        ("自治区人民政府召开会议。", "自治区人民政府", "自治区人民政府"),
    ],
)
def test_trim_edges(text: str, span: str, name: str):
    assert _trim(text, span) == name


@pytest.mark.parametrize(
    ("surface", "names"),
    [
        ("光明日报理论部浙江华立集团", ["光明日报理论部", "浙江华立集团"]),
        ("省委省政府", ["省委", "省政府"]),
        # nested names are one organisation
        ("中科院大连化学物理研究所", ["中科院大连化学物理研究所"]),
        ("国务院台湾事务办公室", ["国务院台湾事务办公室"]),
        ("中国石化集团北京燕山石化公司", ["中国石化集团北京燕山石化公司"]),
        ("济南市公安局历下区分局", ["济南市公安局历下区分局"]),
    ],
)
def test_split_glued(surface: str, names: list[str]):
    assert [surface[a:b] for a, b in split_glued(surface)] == names


def test_repair_drops_a_preposition_before_a_count_and_keeps_persons():
    text = "他从一个工人做起，张三也是。"
    spans = [Span(1, 3, ORG), Span(text.index("张三"), text.index("张三") + 2, PER)]
    assert repair_spans(text, spans) == [spans[1]]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("据《北京青年报》报道，", ["北京青年报"]),
        ("文章发表在《读书》杂志上。", ["《读书》杂志"]),
        ("“春蕾计划”组委会发出倡议。", ["“春蕾计划”组委会"]),
        ("大家都叫它“草原”分局。", ["“草原”分局"]),
        # books, reports, quoted verbs and words cut in two are no organisation
        ("他读了《政府工作报告》和《红楼梦》。", []),
        ("有人“买通”保险公司的职员。", []),
        ("正如《经济观察》近日报道，", []),
        ("他在《往事》一书中专门写到。", []),
        ("国务院发布《关于加强管理的通报》。", []),
    ],
)
def test_title_marks(text: str, found: list[str]):
    assert [text[s.start : s.end] for s in TitleMarkRecognizer().spans(text)] == found


def test_quoted_name_is_reported_without_marks():
    orgs, _ = extract_entities("1月1日出版的《求是》杂志发表文章。据《北京青年报》报道，")
    by_name = {o["name"]: o for o in orgs}
    assert by_name["求是杂志"]["mentions"][0]["text"] == "《求是》杂志"
    assert by_name["北京青年报"]["mentions"][0]["text"] == "北京青年报"


@pytest.mark.parametrize(
    ("word", "suffix", "expected"),
    [
        ("国家统计局", "局", True),
        ("北京市教委", "委", True),
        ("国际社会", "会", False),
        ("统计局", "局", False),
    ],
)
def test_a_token_with_its_own_head(word: str, suffix: str, expected: bool):
    assert _starts_with_head(word, suffix) is expected


class _Fixed:
    name = "fixed"

    def __init__(self, spans: list[Span]) -> None:
        self._spans = spans

    def spans(self, text: str) -> list[Span]:
        return self._spans


def test_consistency_ignores_a_part_of_a_longer_name_but_not_its_start():
    # 团中央 tagged once on its own, once inside 共青团中央: kept (the inner one is no free mention)
    text = "共青团中央发出通知。团中央表示支持。"
    spans = [Span(0, 5, ORG), Span(10, 13, ORG)]
    assert ConsistentRecognizer(_Fixed(spans)).spans(text) == spans
    # 天宇 tagged once, and untagged at the start of the longer name 天宇集成: the free one counts
    text = "天宇集成发布新品。天宇表示满意。天宇还说。"
    spans = [Span(0, 4, ORG), Span(9, 11, ORG)]
    assert ConsistentRecognizer(_Fixed(spans)).spans(text) == [spans[0]]


def test_consistency_keeps_a_party_the_model_named_once() -> None:
    """人民党 tagged at its first mention and not at its second: a party (a name the model ends in 党)
    has its suffix behind it like 协会 or 公司, so the count does not drop it; a phrase does go."""
    text = "他说，人民党将继续坚持民族大团结政策。谢辛阐述人民党的竞选纲领。"
    spans = [Span(3, 6, ORG)]
    assert ConsistentRecognizer(_Fixed(spans)).spans(text) == spans
    text = "宣传普惠托育政策。普惠托育很重要。"
    assert ConsistentRecognizer(_Fixed([Span(2, 6, ORG)])).spans(text) == []


def test_a_verb_before_a_body_named_by_its_level_is_cut() -> None:
    text = "广州市越秀区北京街道办事处13日联合区市场监管局开展食品安全检查。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in extract_entities(text)[0]}
    # was 联合区市场监督管理局: 联合 'jointly with', then the district's bureau
    assert orgs["越秀区市场监督管理局"] == ["区市场监管局"]
    assert not any(name.startswith("联合") for name in orgs)


def test_a_county_jieba_reads_as_a_verb_stays_in_the_name() -> None:
    from pipelines.entities.canonical import verb_before_relative

    assert verb_before_relative("联合区市场监管局") == 2
    assert verb_before_relative("进贤县委") == 0  # 进贤 (and 怀来, 开封): a county, not 'to promote'
    assert verb_before_relative("区市场监管局") == 0


@pytest.mark.parametrize(
    "text",
    ["中国女排在世界女排联赛香港站比赛中以3比1战胜巴西队。", "他参加了国际田联钻石联赛上海站的比赛。"],
)
def test_a_leg_of_a_contest_is_no_body(text: str) -> None:
    names = [o["name"] for o in extract_entities(text)[0]]
    assert not any(name.endswith("站") for name in names)


def test_a_station_after_other_words_stays_a_body() -> None:
    names = [o["name"] for o in extract_entities("河北省气象局所属的张家口气象站发布预警。")[0]]
    assert "张家口气象站" in names


def test_a_legislators_post_after_a_party_is_cut() -> None:
    text = "国民党立委王鸿薇、民进党立委沈伯洋在社交平台发文。"
    orgs, persons = extract_entities(text)
    assert [o["name"] for o in orgs] == ["国民党", "民进党"]  # were 国民党立委, 民进党立委
    assert [p["name"] for p in persons] == ["王鸿薇", "沈伯洋"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("于都县委书记陈剑介绍，今年将新建研学基地3个。", "于都县委"),  # was 都县委: 于 read as 'at'
        ("在于都县政府的支持下，项目顺利推进。", "于都县人民政府"),
    ],
)
def test_a_county_whose_first_character_is_a_preposition(text: str, name: str) -> None:
    assert name in [o["name"] for o in extract_entities(text)[0]]


def test_a_word_of_todays_news_that_starts_with_a_preposition_is_no_preposition() -> None:
    text = "海南省委自贸港工委办公室16日发布消息。"
    names = [o["name"] for o in extract_entities(text)[0]]
    assert names == ["海南省委自贸港工委办公室"]  # was 海南省委 and 贸港工委办公室 (自 read as 'from')


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "国家统计局城市司首席统计师董莉娟解读说。",
            "国家统计局城市司",
        ),  # was nothing: 统计师 read as a body
        ("他从哈尔滨市农机局总工程师的岗位上离休了。", "哈尔滨市农机局"),
        ("浙江省人民医院主任医师李四介绍。", "浙江省人民医院"),
    ],
)
def test_a_professional_post_after_a_body_is_cut(text: str, body: str) -> None:
    assert body in [o["name"] for o in extract_entities(text)[0]]


def test_a_body_right_after_a_cnr_dateline() -> None:
    text = "央广网北京8月11日消息 最高人民检察院11日发布消息，依法对某省原副省长涉嫌受贿案提起公诉。"
    # the tagger ran the dateline's 消息 and its space into the name; the span was dropped whole
    assert [o["name"] for o in extract_entities(text)[0]] == ["央广网", "最高人民检察院"]


def test_a_count_after_a_listed_body_ends_it() -> None:
    text = "中国移动、中国电信、中国联通三家基础电信企业5G用户总数超过10亿户。"
    names = [o["name"] for o in extract_entities(text)[0]]
    assert names == ["中国移动", "中国电信", "中国联通"]  # was 中国联通三家基础电信企业
    # a body's own number stays (科研四所), and a place before 'a hospital' is no body to cut at
    from pipelines.entities.filters import trim_org

    assert trim_org("总参工程兵科研四所", 0, 9) == (0, 9)
    assert trim_org("山西介休一所铁路医院", 0, 10) == (0, 10)
