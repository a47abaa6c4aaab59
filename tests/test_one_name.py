"""A local body by one name whichever way a story wrote its place (pipelines/entities/canonical.py)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.canonical import canonical_name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        # the province before its city: named from the city (relative names resolve to it: 济南市委)
        ("山东省聊城市中级人民法院", "聊城市中级人民法院"),
        ("山东聊城市中级人民法院", "聊城市中级人民法院"),
        ("广西钦州市委", "钦州市委"),
        ("内蒙古自治区呼和浩特市人民政府", "呼和浩特市人民政府"),
        ("吉林省吉林市人民政府", "吉林市人民政府"),
        ("山东省济南市历下区人民政府", "济南市历下区人民政府"),
        # a court's short form after a city or a province; not Macao's, whose name it is
        ("山东省聊城市中级法院", "聊城市中级人民法院"),
        ("北京市第一中级法院", "北京市第一中级人民法院"),
        ("山东省高级法院", "山东省高级人民法院"),
        ("澳门特别行政区中级法院", "澳门特别行政区中级法院"),
        # a place and a relative name of its level written out
        ("河南省省委", "河南省委"),
        ("北京市市政府", "北京市人民政府"),
        ("萧县县委", "萧县委"),  # as a story's 县委 resolves
        ("长沙市芙蓉区区委", "长沙市芙蓉区委"),  # a district after its city
    ],
)
def test_one_name(written: str, name: str) -> None:
    assert canonical_name(written) == name


@pytest.mark.parametrize(
    "name",
    [
        "山东省人民政府",  # a province's own body
        "北京市朝阳区人民政府",  # 北京市 is province and city at once: no province before a city
        "山东临沂市金锣食品有限公司",  # a company's legal name is as registered
        "山东大学",
        "济南市市场监督管理局",  # 市|市场: no relative name
        "河北省雄安新区管理委员会",  # 雄安新区 is no prefecture-level city
        "天津市市话局",  # 市话局: the city's telephone bureau, no relative name
        "西藏自治区区委",  # a province, not a district: 区委 is no level of it
    ],
)
def test_names_that_stay(name: str) -> None:
    assert canonical_name(name) == name


def test_a_story_writing_both_has_one_body() -> None:
    text = "山东聊城市中级人民法院一审判决。2017年2月17日，山东省聊城市中级法院再次开庭。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert orgs == {"聊城市中级人民法院": ["山东聊城市中级人民法院", "山东省聊城市中级法院"]}


def test_a_name_as_stored_whichever_way_a_story_typed_it() -> None:
    """Full-width letters and digits (msra's news, some sites) and a transliterated name's dots (·, •, ・, ．)
    are one form in the database; the mentions keep the story's text, and the step's rules read the name as
    typed (the gold spans do not move)."""
    from pipelines.entities.canonical import one_form

    assert one_form("ＩＢＭ公司") == "IBM公司" and one_form("７国集团") == "7国集团"
    assert one_form("Ｓｏｎｙ　Ｍｕｓｉｃ") == "Sony Music"
    assert {one_form(n) for n in ("查尔斯•克洛弗", "查尔斯・克洛弗", "查尔斯．克洛弗", "查尔斯·克洛弗")} == {
        "查尔斯·克洛弗"
    }
    assert one_form("（中国）") == "（中国）"  # brackets stay as Chinese writes them

    text = "ＩＢＭ公司发布新品。IBM公司表示，记者查尔斯•克洛弗说，查尔斯・克洛弗表示。"
    orgs, persons, _ = entities_and_place(text)
    assert [(o["name"], [m["text"] for m in o["mentions"]]) for o in orgs] == [
        ("IBM公司", ["ＩＢＭ公司", "IBM公司"])
    ]
    assert [(p["name"], [m["text"] for m in p["mentions"]]) for p in persons] == [
        ("查尔斯·克洛弗", ["查尔斯•克洛弗", "查尔斯・克洛弗"])
    ]


def test_a_congress_in_one_of_its_terms_is_the_body() -> None:
    """九届全国人大 and 全国人大 are one body in the news; so are a local congress's or conference's terms. Not
    a term of anything else (第十五届阿拉伯内政部长理事会: a meeting's name)."""
    from pipelines.entities.canonical import without_term

    assert without_term("政协巴彦淖尔市第五届委员会") == "政协巴彦淖尔市委员会"
    assert without_term("河北省第十三届人民代表大会常务委员会") == "河北省人民代表大会常务委员会"
    assert without_term("第十五届阿拉伯内政部长理事会") == "第十五届阿拉伯内政部长理事会"
    text = "九届全国人大一次会议开幕。八届全国政协委员出席。中国人民政治协商会议第九届全国委员会发布公告。中国全国政协表示。"
    got = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert got == {
        "全国人民代表大会": ["九届全国人大"],
        "中国人民政治协商会议全国委员会": [
            "八届全国政协",
            "中国人民政治协商会议第九届全国委员会",
            "中国全国政协",
        ],
    }


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("中共河北省委", "河北省委"),
        ("中共济南市委员会", "济南市委"),
        ("中国共产党济南市委员会", "济南市委"),
        ("中共济南市委宣传部", "济南市委宣传部"),
        ("中共长沙市芙蓉区区委", "长沙市芙蓉区委"),
        ("中共河北省廊坊市委", "廊坊市委"),
        # the centre's, and committees of no administrative place, keep 中共
        ("中共中央宣传部", "中共中央宣传部"),
        ("中共晋冀豫省委", "中共晋冀豫省委"),
        ("中共河北雄安新区工作委员会", "中共河北雄安新区工作委员会"),
        ("中共中国科学院大学委员会", "中共中国科学院大学委员会"),
    ],
)
def test_a_local_party_committee_as_relative_names_resolve(written: str, stored: str) -> None:
    from pipelines.entities.canonical import stored_name

    assert stored_name(written) == stored


def test_a_story_naming_a_committee_with_and_without_the_party_has_one_body() -> None:
    got = {
        o["name"]: [m["text"] for m in o["mentions"]]
        for o in entities_and_place("中共河北省委发布通知。河北省委表示。")[0]
    }
    assert got == {"河北省委": ["中共河北省委", "河北省委"]}


def test_a_listed_company_with_the_word_for_company_is_the_company() -> None:
    """华为公司 in one story, 华为 in another: one company (its registered names too: test_company_names.py),
    and a name that is listed with 公司 (苹果公司: 苹果 alone is the fruit) is left."""
    from pipelines.entities.canonical import stored_name

    assert stored_name("华为公司") == "华为" and stored_name("腾讯公司") == "腾讯"
    assert stored_name("苹果公司") == "苹果公司"
    got = {
        o["name"]: [m["text"] for m in o["mentions"]]
        for o in entities_and_place("华为公司今天发布新品。华为表示。")[0]
    }
    assert got == {"华为": ["华为公司", "华为"]}
