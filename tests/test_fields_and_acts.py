"""Issue 12's thirty-first step: a list of fields is no list of bodies, a clause glued after a body is cut
off, a set phrase inside a unit's name, a body the tagger read as a place, a company group's short form,
a car maker's and an airline's names."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.list_siblings import no_bodies_in_lists
from pipelines.entities.recognizers import ORG, Span
from pipelines.entities.tokens import _act_after_body
from pipelines.segment import cut
from tests.support.entities import orgs


def test_the_items_of_a_list_of_fields_are_no_bodies() -> None:
    text = "院长表示，量子信息、深空探测等领域取得突破。"
    spans = [Span(5, 9, ORG)]  # 量子信息, as the tagger read it in a longer story
    assert text[5:9] == "量子信息"
    assert no_bodies_in_lists(text, spans) == []
    assert "量子信息" not in orgs("中国科学院院长侯建国表示，量子信息、深空探测等领域取得突破。")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("共商中国加入ＷＴＯ、协商解决贸易赤字等问题。", (6, 9)),  # not a whole item: a clause holds it
        ("又有市场报、环球时报、体育文摘、证券时报等专业报刊。", (6, 10)),  # 专业 modifies 报刊: papers
        ("有关部门联合民政局、卫生局等部门开展检查。", (6, 9)),  # 部门 is a kind of body
    ],
)
def test_a_list_that_is_no_list_of_fields_keeps_its_bodies(text: str, span: tuple[int, int]) -> None:
    spans = [Span(*span, ORG)]
    assert no_bodies_in_lists(text, spans) == spans


def test_a_clause_glued_after_a_whole_body_is_cut_off() -> None:
    got = orgs("中共成都市委、成都市人民政府联合印发人才引进新政。")
    assert got["成都市人民政府"] == ["成都市人民政府"]  # was 成都市人民政府联合印发人才
    assert _act_after_body("成都市人民政府联合印发人才", cut("成都市人民政府联合印发人才")) == len(
        "成都市人民政府"
    )
    assert _act_after_body("世界海关组织", cut("世界海关组织")) == 0  # 组织 is its last word, the name's own
    assert (
        _act_after_body("中国石油天然气集团公司", cut("中国石油天然气集团公司")) == 0
    )  # ends in a body's suffix


def test_a_set_phrase_names_a_unit_or_a_body() -> None:
    got = orgs("教育部高等教育司司长吴岩介绍情况。中国高等教育学会将组织相关活动。")
    assert got["教育部高等教育司"] == ["教育部高等教育司"]  # was 教育部: 高等教育 a set phrase, 司 a surname
    assert got["中国高等教育学会"] == ["中国高等教育学会"]
    # a set phrase that is a kind of body itself joins nothing (两国政府, 一流大学)
    assert not any("两国政府" in n for n in orgs("受日美两国政府联合干预外汇市场的影响。"))
    assert not any("一流大学" in n for n in orgs("为我国创建世界一流大学提供了条件。"))


def test_a_units_field_then_what_it_does_about_it() -> None:
    got = orgs("国家防总办公室、水利部水旱灾害防御司派出工作组赴湖南指导防汛。")
    assert got["水利部水旱灾害防御司"] == ["水利部水旱灾害防御司"]  # was 水利部


def test_a_body_the_tables_name_listed_after_a_person_stays_a_body() -> None:
    text = "欧盟委员会主席冯德莱恩、北约秘书长吕特当天也发表讲话。"
    assert "北约" in {m for ms in orgs(text).values() for m in ms}  # was a person: 冯德莱恩、|北约
    assert "北约" not in [p["name"] for p in entities_and_place(text)[1]]


def test_an_institute_the_tagger_read_as_a_place_is_a_body() -> None:
    got = orgs("甘肃省文化和旅游厅厅长何效祖介绍，敦煌研究院将推出数字敦煌新项目。")
    assert got["敦煌研究院"] == ["敦煌研究院"]


def test_a_company_groups_short_form_is_the_company() -> None:
    got = orgs("省长李殿勋会见了东风公司董事长杨青一行。")
    assert got == {"东风汽车": ["东风公司"]}  # 东风公司 was a generic phrase ('east wind' + company)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("安徽省人民政府2日与蔚来汽车签署合作协议。", "蔚来汽车"),  # was 蔚来
        ("中国国际航空股份有限公司、春秋航空新开通多条国际航线。", "春秋航空"),  # was missed
        ("吉祥航空、海航表示将增加航班。", "海航"),
    ],
)
def test_car_makers_and_airlines_of_today(text: str, mention: str) -> None:
    assert mention in {m for ms in orgs(text).values() for m in ms}


def test_a_unit_named_without_its_parent_is_the_units_one_name() -> None:
    got = orgs("四川大学华西医院13日宣布取得新突破。成都高新区管委会与华西医院签署了合作协议。")
    assert got["四川大学华西医院"] == ["四川大学华西医院", "华西医院"]  # 华西医院 was a body of its own
    assert "华西医院" not in got
    # two such units: which one? Each stays as written
    two = orgs("北京大学医学部和清华大学医学部联合招生，医学部负责人表示。")
    assert "北京大学医学部" in two and "清华大学医学部" in two


def test_a_listed_companys_board_before_its_post_is_the_companys() -> None:
    assert orgs("腾讯控股董事会主席马化腾表示，人工智能投入将持续加大。") == {"腾讯": ["腾讯控股"]}
    # the World Bank's board MSRA names whole (世行执行董事会): not a company of current_names
    assert "世行董事会" in {m for ms in orgs("世行董事会成员进行了磋商。").values() for m in ms}


def test_a_count_between_etc_and_the_kind_closes_a_list_of_bodies() -> None:
    got = orgs("国家医保局表示，恒瑞医药、联影医疗、信达生物等12家企业的创新药在列。")
    assert {"联影医疗", "信达生物"} <= set(got)  # were missed: 等12家企业 closed no list of bodies


def test_the_courts_in_general_are_no_body() -> None:
    got = orgs("对于人民检察院提起公诉的案件，人民法院都应当受理。")
    assert "人民法院" not in got and "人民检察院" in got  # as MSRA tags them (2 of 89; 80 of 98)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("天津市委网信办9日开展网络生态治理专项行动。", "天津市委网信办"),  # was 天津市委 and 网信办
        ("浙江省委网信办发布通知。", "浙江省委网信办"),
    ],
)
def test_a_committees_department_of_today_is_one_name_with_it(text: str, name: str) -> None:
    assert orgs(text) == {name: [name]}


def test_a_body_jieba_glues_to_the_post_after_it_is_read() -> None:
    # jieba reads 自然资源|部副|部长: the ministry's last character and the post's first are one word
    got = orgs("国务院新闻办公室7日举行新闻发布会。自然资源部副部长刘国洪介绍情况。")
    assert "自然资源部" in {m for ms in got.values() for m in ms}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("深圳市交通运输局表示，大疆创新等企业参与了航线运营。", "大疆创新"),  # was 大疆
        ("腾讯科技报道称。", "腾讯科技"),
    ],
)
def test_a_listed_companys_name_runs_on_over_the_words_it_names_itself_with(text: str, mention: str) -> None:
    assert mention in {m for ms in orgs(text).values() for m in ms}


def test_a_central_enterprises_prefix_opens_its_subsidiarys_name() -> None:
    got = orgs("株洲市人民政府、中车株洲电力机车有限公司负责人参加签约。")
    assert "中车株洲电力机车有限公司" in got  # was 株洲电力机车有限公司: the tagger read it from its place
    # not a group's prefix: a word of the sentence before the place
    assert "车株洲电力机车有限公司" not in orgs("乘车株洲电力机车有限公司的员工")
