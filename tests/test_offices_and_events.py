"""Issue 12's thirty-third step: an event's committee named with its season, a Party committee's or a
government's field office (金融办), crews, places before a games read as persons, a zone's two bodies listed
together, customs read at one depth, a list's last item at most ``ITEM_MAX_CHARS`` characters."""

from __future__ import annotations

import pytest

from pipelines.entities.list_siblings import ITEM_MAX_CHARS, _last_item_by_tail
from pipelines.entities.recognizers import GrammarRecognizer, Token, _place_suffix
from tests.support.entities import orgs, persons


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("第九届亚洲冬季运动会组委会23日召开新闻发布会。", "第九届亚洲冬季运动会组委会"),
        ("亚洲冬季运动会组委会召开新闻发布会。", "亚洲冬季运动会组委会"),
    ],
)
def test_an_events_committee_named_with_its_season(text: str, name: str) -> None:
    assert name in orgs(text)


def test_a_season_before_no_event_ends_the_name() -> None:
    grammar = GrammarRecognizer()
    text = "今年冬季研究所将开展调查。"
    assert all(not text[s.start : s.end].startswith(("冬季", "今年")) for s in grammar.spans(text))


@pytest.mark.parametrize(
    ("text", "name", "surface"),
    [
        ("上海市委金融办负责人表示，将持续优化营商环境。", "上海市委金融办", "上海市委金融办"),
        ("央广网杭州1月4日消息 省政府金融办召开会议，部署工作。", "浙江省政府金融办", "省政府金融办"),
        ("央广网杭州1月4日消息 市委外办负责人介绍了情况。", "杭州市委外办", "市委外办"),
    ],
)
def test_a_field_office_of_a_committee_or_a_government(text: str, name: str, surface: str) -> None:
    assert orgs(text).get(name) == [surface]


@pytest.mark.parametrize(
    "text",
    [
        "区政府今年为群众办了十件大事。",
        "要鼓励社会办大学。",
        "把油田二级单位中企业办社会的项目剥离。",
        "市委领导办实事。",
    ],
)
def test_ban_the_verb_names_no_office(text: str) -> None:
    assert not any(n.endswith("办") for n in orgs(text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("中国载人航天工程办公室1日宣布，神舟十九号乘组将于近期返回。", "中国载人航天工程办公室"),
        ("国航机组成员协助处置。", None),
        ("一进行集中的储运和发运是淘宝物流仓配网点计划之一。", None),
    ],
)
def test_a_crew_or_an_outlet_is_no_organisation(text: str, kept: str | None) -> None:
    found = orgs(text)
    assert not any(n.endswith(("乘组", "机组", "网点")) for n in found)
    assert kept is None or kept in found


def test_a_place_before_a_games_is_no_person() -> None:
    text = "国际奥委会主席考文垂表示，米兰—科尔蒂纳丹佩佐冬奥会筹备工作进展顺利。"
    assert persons(text) == ["考文垂"]


@pytest.mark.parametrize("joint", ["、", "和"])
def test_a_zones_two_bodies_listed_together(joint: str) -> None:
    text = f"央广网石家庄1月4日消息 研究部署雄安新区建设工作。雄安新区党工委{joint}管委会负责人汇报了进展。"
    found = orgs(text)
    assert found.get("雄安新区党工委") == ["雄安新区党工委"]
    assert found.get("雄安新区管委会") == ["管委会"]


def test_a_bare_body_after_no_pair_stays_unreported() -> None:
    assert not any(
        n.endswith("管委会") for n in orgs("央广网北京1月4日消息 中国人民银行、管委会负责人出席。")
    )


def tok(word: str, pos: str) -> Token:
    return Token(0, len(word), word, pos)


@pytest.mark.parametrize(
    ("before", "suffix"),
    [
        (tok("海口", "s"), "海关"),
        (tok("上海", "ns"), "海关"),
        (tok("全国", "n"), None),
        (tok("和", "c"), None),
    ],
)
def test_customs_end_a_name_after_a_place_only(before: Token, suffix: str | None) -> None:
    assert _place_suffix([before, tok("海关", "ns")], 1) == suffix
    assert _place_suffix([before, tok("济南", "ns")], 1) is None  # a place, no suffix


def test_a_lists_last_item_is_at_most_item_max_chars() -> None:
    head = "中国东方航空、"
    for n, found in ((ITEM_MAX_CHARS, True), (ITEM_MAX_CHARS + 1, False)):
        item = "南" * (n - 2) + "航空"
        got = _last_item_by_tail(head + item + "将新开航线。", len(head) - 1, "航空")
        assert (got is not None) is found, n
        if found:
            assert got == (len(head), len(head) + n)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("一汽-大众汽车有限公司负责人表示，将加快新能源车型投放。", "一汽-大众汽车有限公司"),
        ("据悉，戴姆勒—克莱斯勒公司也推出新车。", "戴姆勒—克莱斯勒公司"),
    ],
)
def test_a_joint_venture_named_by_both_partners(text: str, name: str) -> None:
    assert orgs(text) == {name: [name]}


def test_partners_not_a_company_stay_apart() -> None:
    # a double dash is an aside; a name ending in no legal form is no joint venture's
    found = orgs("中国移动——中国电信股份有限公司的对手。")
    assert found == {"中国移动": ["中国移动"], "中国电信": ["中国电信股份有限公司"]}
    assert orgs("一汽-大众推出新车。") != {"一汽-大众": ["一汽-大众"]}


def test_a_field_read_as_two_characters() -> None:
    found = orgs("央广网杭州1月4日消息 省委网信办召开会议，部署网络生态治理工作。")
    assert found.get("浙江省委网信办") == ["省委网信办"]
    assert "网信办" not in found and "国家互联网信息办公室" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("全国人大代表、格力电器董事长董明珠提出建议。", "格力电器"),
        ("联想集团董事长杨元庆表示，将加大研发投入。", "联想集团"),
    ],
)
def test_a_proper_noun_before_a_companys_post(text: str, name: str) -> None:
    assert orgs(text).get(name) == [name]


def test_a_proper_noun_needs_the_post_and_an_opener() -> None:
    assert "格力电器" not in orgs("他买了一台格力电器空调。")


@pytest.mark.parametrize(
    "text", ["国家统计局表示，国民经济开局良好。", "两岸僵局仍未打破。", "形成对外开放新格局。"]
)
def test_a_situation_named_with_ju_is_no_body(text: str) -> None:
    assert not any(n.endswith(("开局", "僵局", "格局")) for n in orgs(text))


def test_a_bureau_ending_like_a_situation_stays() -> None:
    # 全局 is not listed: it ends 安全局
    assert any(n.endswith("安全局") for n in orgs("美国国家安全局发布了一份报告。"))


@pytest.mark.parametrize(
    "text",
    [
        "特斯拉宣布在沪建设储能超级工厂。",
        "华为将在渝建设新能源汽车研发总部。",
        "多家企业计划在京设立区域总部。",
    ],
)
def test_a_clause_after_a_locative_preposition_is_no_name(text: str) -> None:
    assert not any(n[0] in "沪渝京" for n in orgs(text))


@pytest.mark.parametrize(
    ("text", "name"), [("他在新会师范学校任教。", "新会师范学校"), ("他在沪江大学任教。", "沪江大学")]
)
def test_a_name_after_a_locative_preposition_stays(text: str, name: str) -> None:
    assert name in orgs(text)


def test_a_person_before_a_number_and_hao_names_a_machine() -> None:
    assert persons("量子计算原型机“祖冲之三号”研制成功。") == []
    assert persons("记者李四1号下午到达现场。") == ["李四"]  # a day, in digits


@pytest.mark.parametrize(
    ("form", "name"), [("国家中医药局", "国家中医药管理局"), ("国家烟草局", "国家烟草专卖局")]
)
def test_a_national_bureaus_short_form(form: str, name: str) -> None:
    assert orgs(f"{form}召开会议，部署全年工作。") == {name: [form]}
