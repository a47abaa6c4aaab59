"""Issue 12's thirty-fourth step: a rank or a count of a kind (美国第三大电信公司, 加拿大６大银行) and a word of
fame, rank or size (国际著名通讯社, 江苏电网主力电厂) describe some body and name none; a new situation (开新局) is
no body; a body or persons before a coordinator (中国党和政府, 中央和地方政府) are no field of one department; the
token repairs one function each; an item among places is a place (奥大利), as is a place's station (光州站); a
pronoun and a common word are no person (其研究); a bare institution word names the parent written at the head
of a unit (常委会 after 全国人大常委会法制工作委员会)."""

from __future__ import annotations

import pytest

from pipelines.entities.filters import is_described, is_quantified
from pipelines.entities.recognizers import Token, repair_tokens
from tests.support.entities import orgs, persons


@pytest.mark.parametrize(
    "name",
    ["美国第三大电信公司", "加拿大６大银行", "北欧三大银行集团", "世界第二十二大银行", "韩国5大企业集团"],
)
def test_a_rank_or_a_count_of_a_kind_names_no_body(name: str) -> None:
    assert is_quantified(name)


@pytest.mark.parametrize(
    "name",
    [
        "中共十五大",  # the fifteenth congress, as MSRA tags it
        "巴黎七大",  # a university's number
        "延安抗大三大队",  # a unit
        "河北省保定市交警三大队八中队",
        "统一大市场",  # a bare 一 is no count
        "中国第一汽车集团有限公司",
    ],
)
def test_a_congress_a_unit_or_a_name_with_a_number_stays(name: str) -> None:
    assert not is_quantified(name)


def test_the_named_body_after_its_rank_stays() -> None:
    found = orgs("美国第三大电信公司西南贝尔电话公司日前宣布，将与对手合并。")
    assert "西南贝尔电话公司" in found
    assert not any("第三大" in name for name in found)


def test_a_new_situation_is_no_body() -> None:
    assert "开新局" not in orgs("在危机中育新机，于变局中开新局，坚持以新发展理念为指导。")


@pytest.mark.parametrize(
    "name", ["国际著名通讯社", "江苏电网主力电厂", "美国大型石油公司", "世界一流大学", "全国知名企业"]
)
def test_a_word_of_fame_rank_or_size_describes_a_body(name: str) -> None:
    assert is_described(name)


@pytest.mark.parametrize("name", ["卡萨芒斯民主力量运动", "最高人民法院", "吉林大学超硬材料国家重点实验室"])
def test_names_holding_those_characters_across_words_stay(name: str) -> None:
    assert not is_described(name)


def test_a_described_body_is_no_name_but_the_names_beside_it_are() -> None:
    found = orgs("法新社、路透社等国际著名通讯社也早早派出精兵强将。")
    assert {"法新社", "路透社"} <= set(found)
    assert "国际著名通讯社" not in found


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("他说，中国党和政府十分重视发展同吉布提的关系。", "中国党和政府", None),
        ("这充分表明了中国领导人和中国政府解决毒品问题的坚定决心。", "中国领导人和中国政府", None),
        ("一是中央和地方政府通过职能转换下决心调整结构。", "中央和地方政府", None),
        ("他先后１２次向中央和军委领导进行军事课目汇报。", "中央和军委", "军委"),
    ],
)
def test_a_body_or_persons_before_a_coordinator_are_no_field(text: str, gone: str, kept: str | None) -> None:
    found = orgs(text)
    assert gone not in found
    assert kept is None or kept in found


@pytest.mark.parametrize("name", ["贝宁外交和合作部", "劳动和社会保障部", "国家发展和改革委员会"])
def test_a_department_named_by_two_fields_stays_whole(name: str) -> None:
    assert name in orgs(f"{name}负责人出席了会议。")


def test_two_bodies_in_one_dictionary_word_are_read_apart() -> None:
    tokens = [Token(0, 2, "中国", "ns"), Token(2, 6, "党和政府", "nt"), Token(6, 8, "重视", "v")]
    assert [(t.word, t.pos) for t in repair_tokens(tokens)] == [
        ("中国", "ns"),
        ("党", "n"),
        ("和", "c"),
        ("政府", "n"),
        ("重视", "v"),
    ]
    assert [t.start for t in repair_tokens(tokens)] == [0, 2, 3, 4, 6]


def test_a_department_word_with_a_field_before_its_coordinator_stays_one_token() -> None:
    tokens = [Token(0, 8, "劳动和社会保障部", "nt")]
    assert repair_tokens(tokens) == tokens


def test_a_bureau_of_innovation_is_no_new_situation() -> None:
    assert "深圳市科技创新局" in orgs("深圳市科技创新局发布通知。在危机中育新机，于变局中开新局。")


@pytest.mark.parametrize(
    "text", ["图为在开罗市中心，人们在狂风中举步维艰。", "纽约市中心的一家商场发生火灾。"]
)
def test_a_city_centre_is_a_place(text: str) -> None:
    assert not any(name.endswith("市中心") for name in orgs(text))


def test_a_citys_central_hospital_stays() -> None:
    assert "邢台市中心医院" in orgs("邢台市中心医院的专家为患者会诊。")


def test_an_item_among_places_is_a_place() -> None:
    found = orgs("当时列强有英吉利、德意志、法兰西、奥大利、意大利、西班牙、葡萄牙等国。")
    assert "奥大利" not in found
    assert "英吉利" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中国、日本、东盟、韩国的代表出席了会议。", "东南亚国家联盟"),
        (
            "成都市动物园、中国大熊猫繁育研究基地、沈阳市动物园、沈阳市委、市政府有关部门紧急磋商。",
            "中国大熊猫繁育研究基地",
        ),
        ("广东、大亚湾核电站、香港三地联合演练。", "大亚湾核电站"),
    ],
)
def test_a_body_named_with_its_suffix_a_verb_or_by_the_tables_stays_among_places(
    text: str, name: str
) -> None:
    assert name in orgs(text)


def test_a_places_station_is_a_place_and_a_body_after_it_stays() -> None:
    found = orgs("巡演四站：水原站、釜山站、首尔站、光州站。北京站派出所民警、县农技站技术员到场。")
    assert not any(name in found for name in ("水原站", "釜山站", "首尔站", "光州站"))
    assert "北京站派出所" in found


def test_a_pronoun_and_a_common_word_are_no_person() -> None:
    found = persons(
        "中国科学技术大学宣布，其研究团队在量子计算领域取得新突破。院士潘建伟介绍。红学家冯其庸说。"
    )
    assert "其研究" not in found
    assert {"潘建伟", "冯其庸"} <= set(found)


def test_a_bare_institution_word_names_the_parent_written_at_the_head_of_a_unit() -> None:
    found = orgs(
        "央广网北京6月10日消息 全国人大常委会法制工作委员会10日举行记者会。"
        "法工委发言人介绍，常委会会议将审议民营经济促进法草案等法律案。"
    )
    assert found.get("全国人民代表大会常务委员会") == ["常委会"]


def test_a_bare_suffix_names_no_parent() -> None:
    found = orgs("促进自然科学与社会科学联盟专门委员会发表声明。科马洛夫将和“联盟1号”一起着陆。")
    assert not any(name.endswith("联盟") for name in found)
