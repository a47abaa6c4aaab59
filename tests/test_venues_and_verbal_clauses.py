"""Issue 12's thirty-fifth step: a clause of two verbs glued after a body is cut off, venues are places
(a concert hall, an exhibition or sports centre), and a company a venue is named after is no mention."""

from __future__ import annotations

import pytest

from pipelines.entities.known_names import names_a_facility
from pipelines.entities.lexicon import lexicon
from pipelines.entities.tokens import _act_after_body
from pipelines.segment import cut
from tests.support.entities import org_spans, orgs, overlapping


def test_a_clause_of_two_verbs_glued_after_a_body_is_cut_off() -> None:
    text = "中央气象台首席预报员表示，浙江将出现暴雨。国家防汛抗旱总指挥部办公室启动防汛四级应急响应。"
    got = orgs(text)
    assert "国家防汛抗旱总指挥部办公室" in got  # was 国家防汛抗旱总指挥部办公室启动防汛 (the tagger's span)
    assert not any(name.endswith("防汛") for name in got)
    name = "国家防汛抗旱总指挥部办公室启动防汛"
    assert _act_after_body(name, cut(name)) == len("国家防汛抗旱总指挥部办公室")


@pytest.mark.parametrize(
    "unit",
    # a unit's field (a verb that is a noun too) before its unit word: MSRA tags these whole
    ["衡山县公安局预审股", "广州南洋电器厂运输班", "湖北省东风汽车公司总装配厂调整车间"],
)
def test_a_units_field_before_its_unit_word_stays(unit: str) -> None:
    assert _act_after_body(unit, cut(unit)) == 0


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("’９８北京音乐厅学生艺术欣赏课系列音乐会开幕。", "北京音乐厅"),
        ("厦门远华足球队将首次在厦门体育中心亮相。", "厦门体育中心"),
        ("演唱会在星宇表演艺术中心举行。", "星宇表演艺术中心"),
        ("博览会在日内瓦国际展览中心开幕。", "日内瓦国际展览中心"),
    ],
)
def test_a_venue_is_no_organisation(text: str, venue: str) -> None:
    assert lexicon().is_not_organisation(venue)
    assert venue not in orgs(text)


def test_an_art_centre_and_a_troupe_stay_bodies() -> None:
    # MSRA tags an art centre that makes programmes, and a theatre troupe, as organisations
    assert not lexicon().is_not_organisation("北京电视艺术中心")
    assert not lexicon().is_not_organisation("中国青年艺术剧院")


def test_a_company_a_venue_is_named_after_is_no_mention() -> None:
    text = "巡演地点：重庆国际博览中心、华润深圳湾体育中心、南京奥体中心。"
    assert "华润" not in orgs(text)
    at = text.index("华润") + 2
    assert names_a_facility(text, at)  # 华润|深圳湾|体育中心: a place word, then the venue's
    # a facility's word further on, across a clause, is the sentence's (北部战区海军|领导在码头)
    text = "北部战区海军领导在码头送行。"
    assert not names_a_facility(text, text.index("领导"))
    assert names_a_facility("万达广场", 2)


def test_a_whole_name_around_a_tail_takes_the_name_before_it_too() -> None:
    # fuzzed: 市委 (resolved with the story's place) is the tail of the whole 华润市委 named later; the
    # listed company 华润 before it was left a mention of its own, inside the whole's (overlapping spans)
    text = "华润市委”深圳厅》华润市委"
    found = org_spans(text)
    assert not overlapping(found), found
    assert (0, 2) not in found
