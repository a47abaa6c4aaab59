"""Issue 12's thirty-fourth step: a rank or a count of a kind (美国第三大电信公司, 加拿大６大银行) and a word of
fame, rank or size (国际著名通讯社, 江苏电网主力电厂) describe some body and name none; a new situation (开新局) is
no body."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.filters import is_described, is_quantified


def orgs(text: str) -> dict[str, list[str]]:
    return {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}


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
