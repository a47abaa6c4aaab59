"""A body's units: the army's theatre commands named with the army, and units named by a determiner
rather than a name (issue 12's twenty-eighth step)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.canonical import parent_of
from pipelines.entities.national_bodies import joint_split
from tests.support.entities import org_spans, overlapping


def orgs(text: str) -> dict[str, tuple[list[str], str | None]]:
    return {
        o["name"]: ([m["text"] for m in o["mentions"]], o.get("parent")) for o in entities_and_place(text)[0]
    }


def test_a_theatre_command_after_the_armys_name_is_one_body_of_the_army() -> None:
    got = orgs("中国人民解放军南部战区18日组织海空兵力巡航。南部战区新闻发言人田军里表示，战区部队保持戒备。")
    # was two bodies (中国人民解放军, 南部战区), and its parent read as 中国人民解放军南部
    assert got == {"中国人民解放军南部战区": (["中国人民解放军南部战区", "南部战区"], "中国人民解放军")}


def test_every_form_of_a_theatre_command_is_one_name_across_stories() -> None:
    for text in ("解放军东部战区新闻发言人表示。", "东部战区组织演习。", "中国人民解放军东部战区组织演习。"):
        assert list(orgs(text)) == ["中国人民解放军东部战区"], text


def test_the_parent_of_a_unit_named_by_todays_names() -> None:
    assert parent_of("中国人民解放军北部战区") == "中国人民解放军"


def test_two_listed_bodies_named_together_still_split_but_not_a_listed_whole() -> None:
    assert joint_split("中共中央国务院") is not None
    assert joint_split("中国人民解放军南部战区") is None
    assert joint_split("中国共产党中央纪律检查委员会") is None  # the commission's full name, one body


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("科技部有关司局负责人参加座谈。", "中华人民共和国科学技术部"),
        ("教育部各司局主要负责同志出席。", "中华人民共和国教育部"),
        ("国家林业局直属单位的干部参加培训。", "国家林业局"),
    ],
)
def test_units_named_by_a_determiner_end_the_name_at_the_body(text: str, body: str) -> None:
    got = orgs(text)
    assert list(got) == [body], got
    (mention,) = got[body][0]
    assert not mention.endswith(("司局", "单位"))


def test_a_unit_with_a_name_keeps_it() -> None:
    got = orgs("教育部基础教育司司长表示，将加快普惠托育服务。")
    assert "教育部基础教育司" in {m for ms, _ in got.values() for m in ms}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # jieba's dictionary calls 科学城 and 司令官 names, and a suffix's first character was cut off them
        ("朝鲜劳动党总书记、朝鲜人民军最高司令官金正日视察部队。", "朝鲜人民军"),
        ("时任国民党第二舰队司令官的林遵率舰艇起义。", "国民党第二舰队"),
    ],
)
def test_a_post_starting_with_a_suffixs_character_stays_whole(text: str, body: str) -> None:
    surfaces = {m for ms, _ in orgs(text).values() for m in ms}
    assert body in surfaces and not any(s.endswith("司") for s in surfaces)


def test_a_word_starting_with_a_suffixs_character_is_not_cut_after_a_place() -> None:
    surfaces = {m for ms, _ in orgs("两校共建中关村科学城创新中心。").values() for m in ms}
    assert "中关村科" not in surfaces  # was a body: 中关村 + 科 (a section)


def test_bodies_with_a_conjunction_in_their_names() -> None:
    # the grammar stops at 及 and 与 (two bodies listed); today's bodies named so are listed
    got = orgs("特区政府财经事务及库务局局长许正宇随团出访。中国物流与采购联合会发布采购经理指数。")
    assert {"财经事务及库务局", "中国物流与采购联合会"} <= set(got)
    assert "库务局" not in got


def test_a_provinces_corps_is_named_with_the_province() -> None:
    # 总队 was read as a team (巴西队: no words before it join)
    assert list(orgs("四川省消防救援总队调派力量赶赴震区。")) == ["四川省消防救援总队"]
    assert set(orgs("上半场中国队力克劲旅巴西队。")) == {"中国队", "巴西队"}  # teams as before


def test_a_post_inside_the_taggers_organisation_leaves_the_body_and_the_person() -> None:
    orgs_, persons, _place = entities_and_place("白宫新闻秘书莱维特称，美国商务部将展开调查。")
    assert {o["name"] for o in orgs_} == {"白宫", "美国商务部"}
    assert [p["name"] for p in persons] == ["莱维特"]


def test_a_lists_kind_after_etc_is_no_part_of_its_last_item() -> None:
    got = orgs("北京首钢、新疆伊力特等俱乐部球员入选。活动得到江苏康博集团等单位的大力协助。")
    assert {"新疆伊力特", "江苏康博集团"} <= set(got)
    assert not any("等" in name for name in got)


def test_a_court_the_dictionary_holds_as_a_set_phrase_is_named_after_its_place() -> None:
    assert list(orgs("香港高等法院判决此案。")) == ["香港高等法院"]
    assert orgs("这场官司从地方法院打到高等法院。") == {}  # no place: a kind of court


def test_a_listed_body_the_grammar_reads_is_kept_without_the_taggers_anchor() -> None:
    # 招商 'to invite business' is no head word, and the tagger read nothing there
    got = orgs("宁德时代、贵州茅台、招商银行成交额居前。")
    assert got["招商银行"][0] == ["招商银行"]


def test_a_discipline_ends_no_body_and_is_cut_after_one() -> None:
    assert orgs("在国际生物学会议上，他作了报告。") == {}
    assert list(orgs("加拿大滑铁卢大学社会学教授表示。")) == ["加拿大滑铁卢大学"]


def test_a_national_bodys_local_office_is_one_name_with_it() -> None:
    got = orgs("国家税务总局合肥市包河区税务局负责人介绍了进展。")
    assert got == {"国家税务总局合肥市包河区税务局": (["国家税务总局合肥市包河区税务局"], "国家税务总局")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新疆生产建设兵团第一师阿拉尔市召开大会。", "新疆生产建设兵团第一师"),  # was 新疆生产建设兵团
        ("红军第二十五师在此驻扎。", "红军第二十五师"),  # MSRA tags 红军第２４师 whole
        ("最高人民法院第三巡回法庭在沈阳开庭。", "最高人民法院第三巡回法庭"),
        ("新疆生产建设兵团第8师召开会议。", "新疆生产建设兵团第8师"),  # digits: as before
    ],
)
def test_a_unit_numbered_with_an_ordinal_after_its_body_is_one_name(text: str, name: str) -> None:
    assert [m for ms, _ in orgs(text).values() for m in ms] == [name]


def test_an_ordinal_before_a_longer_word_is_no_unit() -> None:
    # 第三|军医大学: no unit 军 ends a word there, the university is named by the grammar as before
    assert orgs("他毕业于解放军第三军医大学。") == {
        "解放军第三军医大学": (["解放军第三军医大学"], "中国人民解放军")
    }
    got = orgs("新疆生产建设兵团第一师范学校校长表示。")  # a school, not the division 第一师 and 范学校
    assert got == {"新疆生产建设兵团第一师范学校": (["新疆生产建设兵团第一师范学校"], None)}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "中国—东盟博览会秘书处负责人介绍，展会规模再创新高。",
            "中国—东盟博览会秘书处",
        ),  # was 东盟博览会秘书处, of ASEAN
        ("中国—东盟商务理事会发布报告。", "中国—东盟商务理事会"),
        ("巴伦支海—欧洲—北冰洋理事会举行会议。", "欧洲—北冰洋理事会"),  # 巴伦支海 is not read as a place
    ],
)
def test_places_joined_to_a_body_by_a_dash_name_it_with_it(text: str, mention: str) -> None:
    got = orgs(text)
    assert [m for ms, _ in got.values() for m in ms] == [mention]
    assert all(parent is None for _, parent in got.values())  # no longer a unit of ASEAN


def test_a_dash_before_a_body_without_a_suffix_or_a_double_dash_joins_nothing() -> None:
    got = orgs("双方落实中国—东盟非正式首脑会晤成果。他来到北京——中国科学院的专家说明情况。")
    mentions = {m for ms, _ in got.values() for m in ms}
    assert mentions == {"东盟", "中国科学院"}  # 中国—东盟 is a framework of two; —— is an aside


def test_a_theatre_commands_service_is_its_unit_named_with_it() -> None:
    got = orgs("北部战区海军、东部战区海军的多艘舰艇参加了海上阅兵。")  # the first was 北部战区, no navy
    assert got == {
        "中国人民解放军北部战区海军": (["北部战区海军"], "中国人民解放军北部战区"),
        "中国人民解放军东部战区海军": (["东部战区海军"], "中国人民解放军东部战区"),
    }
    assert list(orgs("解放军南部战区空军组织训练。")) == ["中国人民解放军南部战区空军"]  # one name, any form
    assert parent_of("北京军区空军") == "北京军区"


def test_what_a_body_does_after_its_name_is_no_part_of_it() -> None:
    got = orgs("吉林省人大常委会原副主任目前正接受中央纪委国家监委纪律审查和监察调查。")
    # was one body 中央纪委国家监委纪律审查: the tagger's span, the activity glued on
    assert {ms[0] for ms, _ in got.values()} == {"吉林省人大常委会", "中央纪委", "国家监委"}
    assert [ms for ms, _ in orgs("东京商工企业调查公司发布报告。").values()] == [["东京商工企业调查公司"]]


@pytest.mark.parametrize(
    "text",
    [
        "主任医师国民党马耳他—中国物流与采购联合会表示",  # the dash's place is inside the name before it
        "戴厚良和南部战区第二十五师民航局首席执行官表示",  # the unit is inside the name after it
    ],
)
def test_a_name_widened_over_its_unit_or_partners_runs_into_no_other(text: str) -> None:
    spans = org_spans(text)
    assert spans and not overlapping(spans), spans


def test_a_suffix_jieba_glues_to_a_post_starting_with_it_ends_the_body() -> None:
    # jieba's 局局长: the grammar saw no suffix and read no body (nor the tagger, which does not know it)
    assert orgs("青海省林业和草原局局长介绍，生态保护成效显著。") == {
        "青海省林业和草原局": (["青海省林业和草原局"], None)
    }
    got = orgs("燕京学社社长杜维明、哈佛大学东亚学系系主任斯蒂芬·欧文出席。")
    assert "哈佛大学东亚学系" in {ms[0] for ms, _ in got.values()}  # 系主任 is one post, no 系 doubled
