"""Lists of bodies closed by 等 and a kind, clubs listed beside a club, a company's board before its
post, registered names with a place in brackets, today's central enterprises and the kinds of listed
company (issue 12's thirtieth step)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.known_names import bracketed_names
from pipelines.entities.list_siblings import bodies_in_lists
from pipelines.entities.recognizers import ORG, Span


def orgs(text: str) -> set[str]:
    return {m["text"] for o in entities_and_place(text)[0] for m in o["mentions"]}


def persons(text: str) -> set[str]:
    return {p["name"] for p in entities_and_place(text)[1]}


def test_a_list_closed_by_a_kind_of_body_holds_bodies_whatever_their_ends() -> None:
    text = "迈瑞医疗、百济神州等企业有新药纳入目录。"
    got = bodies_in_lists(text, [Span(0, 4, ORG)])  # the tagger read only the first
    assert Span(5, 9, ORG) in got and text[5:9] == "百济神州"
    # a name holding a verb's character (联|影|医疗) is one too
    assert "联影医疗" in orgs("中芯国际、联影医疗等企业负责人出席活动。")


@pytest.mark.parametrize(
    "text",
    [
        "迈瑞医疗、百济神州等城市。",  # 等 and a kind of place: no list of bodies
        "迈瑞医疗、百济神州参加会议。",  # no kind closes the list (and the ends differ)
        "迈瑞医疗、外资企业等企业参加会议。",  # a kind of body, not one
        "迈瑞医疗、来自美国等单位参加会议。",  # a verb first: a clause
    ],
)
def test_no_body_where_the_list_is_no_list_of_bodies(text: str) -> None:
    spans = [Span(0, 4, ORG)]
    assert bodies_in_lists(text, spans) == spans


def test_a_club_named_after_a_place_beside_a_club() -> None:
    got = orgs("山东泰山、上海申花、武汉三镇将在首轮分别迎战对手。")
    assert {"山东泰山", "上海申花", "武汉三镇"} <= got  # 武汉三镇 ends as a town (镇) does
    assert "山东泰山" not in orgs("山东泰山景区迎来客流高峰。")


def test_a_listed_name_before_a_conjunction_runs_on() -> None:
    text = "中国煤炭工业协会、中国石油和化学工业联合会有关负责人出席。"
    assert "中国石油" not in orgs(text)


def test_a_board_before_its_post_is_the_companys_post() -> None:
    got = orgs("省长会见了德国巴斯夫集团董事会主席马库斯·卡默。")
    assert "德国巴斯夫集团" in got and "德国巴斯夫集团董事会" not in got
    assert "可口可乐公司董事会" in orgs("可口可乐公司董事会决定增资。")  # the board alone is a body


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("本源量子计算科技（合肥）股份有限公司参与了实验。", "本源量子计算科技（合肥）股份有限公司"),
        ("比赛由优妮姿（无锡）纺织服装有限公司赞助。", None),  # after a preposition: not read here
        ("比赛得到优妮姿（无锡）纺织服装有限公司的赞助。", None),  # a verb before the name
        ("南方航空（集团）公司党委开展活动。", None),  # its body after it: the grammar's
        ("阳光明媚（今天）有限公司", None),  # a bracket that says when, not where or what
    ],
)
def test_a_registered_name_with_a_place_in_brackets(text: str, name: str | None) -> None:
    got = [text[s.start : s.end] for s in bracketed_names(text)]
    assert got == ([name] if name else [])


def test_central_enterprises_by_their_short_names() -> None:
    assert "中国电建" in orgs("中国电建、中国华能西藏分公司负责人列席会议。")
    assert "中国船舶" not in orgs("这开创了中国船舶工业的新纪元。")  # also 'China's ships'


def test_a_category_of_listed_companies_is_no_body() -> None:
    assert orgs("科创板上市公司总数达到600家。") == set()


def test_a_hesitant_person_after_a_post_before_a_leaders_duty() -> None:
    assert "廖品琥" in persons("自治区卫生健康委员会主任廖品琥出席签约仪式。")


def test_a_unit_named_by_two_portfolios_after_its_body() -> None:
    text = "国家金融监督管理总局发布数据。金融监管总局统计与风险监测司司长介绍。"
    orgs_ = {o["name"]: o for o in entities_and_place(text)[0]}
    assert orgs_["金融监管总局统计与风险监测司"]["parent"] == "国家金融监督管理总局"
    # no portfolio word before the conjunction, or a body after it: no one name over both
    assert "人大代表和政协" not in orgs("正确对待人大代表和政协委员的意见。")
    assert "联合国贸易和发展会议和联合国开发计划署" not in orgs(
        "由联合国贸易和发展会议和联合国开发计划署联合举办。"
    )


def test_a_prefectures_bodies_named_by_its_level_word() -> None:
    got = {
        o["name"]: [m["text"] for m in o["mentions"]]
        for o in entities_and_place("延边州委、州政府和州人大常委会发出通知。")[0]
    }
    assert got["延边州人民政府"] == ["州政府"]
    assert "延边州人民代表大会常务委员会" in got
    # 州 alone is no level word: a state's bodies stay as the text names them
    assert "州工党" in orgs("州工党领袖说，这反映了选民的不满。")


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("据了解，海天近日发布通知，将加强相关工作。", "海天"),  # opening a clause before a company's act
        ("苹果今天推出新款手机。", "苹果"),
        ("记者从京东获悉，该项目已正式启动。", "京东"),  # a reporter's source
        ("他吃了一个苹果，味道很好。", None),  # the fruit
        ("登上长城发布的照片很多。", None),  # not opening a clause
    ],
)
def test_a_common_word_company_by_what_it_does(text: str, company: str | None) -> None:
    got = orgs(text)
    assert (company in got) if company else not got


def test_a_rarer_surname_opens_a_hesitant_person_in_a_persons_context() -> None:
    assert "楼阳生" in persons("记者采访了楼阳生。")  # 楼: no surname of the step's elsewhere
    assert "信长星" in persons("信长星强调，要加快发展。")
    assert persons("记者采访了信用社。") == set()  # a word of the dictionary
    assert persons("楼上的灯都亮了，信号很好。") == set()  # no person's context


def test_a_listed_companys_cloud_business_is_named_with_it() -> None:
    assert {"阿里云", "百度智能云"} <= orgs("阿里云、百度智能云等企业提供了案例。")
    assert "腾讯云" in orgs("腾讯云宣布降价。")


def test_a_two_character_body_anchors_a_list_of_bodies() -> None:
    text = "美团、闪送科技等平台加入了联盟。"
    assert Span(3, 7, ORG) in bodies_in_lists(text, [Span(0, 2, ORG)])  # 等平台: a list of companies
    # no kind closes the list: a name of two has no ending to share
    assert bodies_in_lists("美团、闪送科技加入了联盟。", [Span(0, 2, ORG)]) == [Span(0, 2, ORG)]


def test_a_unit_read_from_a_departments_second_portfolio_is_the_departments() -> None:
    text = "文化和旅游部资源开发司副司长介绍，出游人次同比增长。"
    assert "文化和旅游部资源开发司" in orgs(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "人力资源和社会保障部就业促进司有关负责人出席会议。",
            "人力资源和社会保障部就业促进司",
        ),  # 就业: a portfolio
        ("上海证券中央登记结算公司发布公告。", "上海证券中央登记结算公司"),  # 登记
    ],
)
def test_portfolio_verbs_inside_a_bodys_name(text: str, name: str) -> None:
    assert name in orgs(text)


def test_an_on_site_meeting_is_an_event() -> None:
    assert orgs("崇文区短式网球推广现场会正在这里举行。") == set()
