"""Issue 12's thirty-eighth step: a verb of building after a body opens what is built, no name (拉萨市教育局|新建|
改扩建学校: jieba flags 新建 a place), a fund before its head's post is a body (俄罗斯直接投资基金|总裁), and a
department the tagger reads as a place after its province is the province's (浙江省|科技厅), a name ends before
作 and the act it governs (陈来|作主旨发言); then an outlet and its dateline's place read as one name (央广网喀什), a
transcribed name in parts read as a place after a post, hyphened foreign names, and a model's organisation that ends
in a verb (宁波舟山港|集装箱|吞吐量|突破); a compound surname, a body word jieba calls a person, a foreign
company named shortly, and 出入境 a word of names."""

from __future__ import annotations

import pytest

from pipelines.entities.filters import split_at_clause_verb, trim_person
from pipelines.entities.tokens import _a_body_word
from tests.support.entities import orgs, persons


def surfaces(text: str) -> list[str]:
    return [s for ss in orgs(text).values() for s in ss]


@pytest.mark.parametrize(
    ("text", "body", "built"),
    [
        ("今年秋季学期，拉萨市教育局新建改扩建学校12所，迎来新生。", "拉萨市教育局", "改扩建学校"),
        ("今年，成都市卫生健康委员会新增社区医院8家。", "成都市卫生健康委员会", "社区医院"),
    ],
)
def test_what_a_body_builds_is_no_name(text: str, body: str, built: str) -> None:
    found = surfaces(text)
    assert body in found
    assert not any(built in s for s in found)


@pytest.mark.parametrize(
    ("surface", "parts"),
    [
        ("拉萨市教育局新建改扩建学校", [(0, 6)]),  # the thing built is no name
        ("拉萨市教育局新建拉萨市第一中学", [(0, 6), (8, 15)]),  # a school opening with its place is one
        ("新建改扩建学校", [(0, 7)]),  # no body before the verb: left to the other checks
    ],
)
def test_a_verb_of_building_cuts_the_span(surface: str, parts: list[tuple[int, int]]) -> None:
    assert split_at_clause_verb(surface) == parts


@pytest.mark.parametrize(
    ("text", "fund", "person"),
    [
        ("俄罗斯直接投资基金总裁德米特里耶夫表示，合作项目持续增长。", "俄罗斯直接投资基金", "德米特里耶夫"),
        ("沙特公共投资基金总裁鲁迈延会见了中方代表。", "沙特公共投资基金", "鲁迈延"),
        ("国家集成电路产业投资基金总经理丁文武表示，将加大投资。", "国家集成电路产业投资基金", "丁文武"),
    ],
)
def test_a_fund_before_its_heads_post_is_a_body(text: str, fund: str, person: str) -> None:
    assert fund in surfaces(text)
    assert person in persons(text)


@pytest.mark.parametrize(
    "text",
    [
        "某私募基金总经理因违规被处罚。",  # no place or head opens the fund's name
        "他会见了该基金董事长。",  # a pronoun before it
        "养老基金总额持续增长。",  # no post after it
    ],
)
def test_a_fund_without_a_place_or_a_post_is_no_body(text: str) -> None:
    assert not any("基金" in s for s in surfaces(text))


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("浙江省科技厅有关负责人表示，将支持项目成果在医疗领域应用。", "浙江省科技厅"),
        ("浙江省教育厅有关负责人表示，今年新增学位两万个。", "浙江省教育厅"),
    ],
)
def test_a_department_read_as_a_place_after_its_province_is_a_body(text: str, body: str) -> None:
    assert body in surfaces(text)


@pytest.mark.parametrize("text", ["乐团在北京音乐厅演出。", "代表们在人民大会堂辽宁厅座谈。"])
def test_a_hall_is_no_body(text: str) -> None:
    assert not any(s.endswith("厅") for s in surfaces(text))


@pytest.mark.parametrize(
    ("text", "span", "trimmed"),
    [
        ("院长陈来作主旨发言。", (2, 5), (2, 4)),  # 作 governs the speech
        ("院长陈来作报告。", (2, 5), (2, 4)),
        ("作家李作平说。", (2, 5), (2, 5)),  # 作 inside the name: no act after it
        ("省长王作工作报告。", (2, 4), (2, 4)),  # two characters stay two
    ],
)
def test_a_name_ends_before_zuo_and_its_act(
    text: str, span: tuple[int, int], trimmed: tuple[int, int]
) -> None:
    assert trim_person(text, *span) == trimmed


def test_a_speaker_before_zuo_is_named_without_it() -> None:
    text = "光明日报社25日举办研讨会，清华大学国学研究院院长陈来作主旨发言。"
    assert "陈来" in persons(text)
    assert "陈来作" not in persons(text)


@pytest.mark.parametrize("place", ["喀什", "延吉", "二连浩特", "义乌"])
def test_an_outlet_and_its_datelines_place_are_two(place: str) -> None:
    text = f"央广网{place}11月4日消息 当地政府4日召开冬季供暖保障会议。"
    assert surfaces(text) == ["央广网"]
    assert not any(place in p for p in persons(text))


def test_a_transcribed_name_read_as_a_place_after_a_post_is_a_person() -> None:
    text = "莎车县人民医院院长阿不都热依木·买买提介绍，医院已储备足量的防寒药品。"
    assert "阿不都热依木·买买提" in persons(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国际电联秘书长多琳·博格丹-马丁表示，弥合数字鸿沟需要各方共同努力。", "多琳·博格丹-马丁"),
        ("法国前总统瓦莱里·吉斯卡尔-德斯坦表示，欧洲需要团结。", "瓦莱里·吉斯卡尔-德斯坦"),
    ],
)
def test_a_hyphened_foreign_name_is_one_person(text: str, name: str) -> None:
    assert name in persons(text)


@pytest.mark.parametrize(
    "text",
    [
        "京港高铁京雄－石雄段开通运营。",  # a railway's sections: no transcription
        "“叶利钦—桥本计划”的内容得到落实，叶利钦对此表示满意。",  # a dash between two persons in a term
    ],
)
def test_no_person_joined_over_a_dash_in_a_term(text: str) -> None:
    assert not any(("－" in p or "—" in p) for p in persons(text))


def test_a_models_organisation_ending_in_a_verb_is_a_clause() -> None:
    text = "宁波舟山港集团有限公司10日发布消息，前10个月宁波舟山港集装箱吞吐量突破3300万标准箱。"
    assert surfaces(text) == ["宁波舟山港集团有限公司"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中国铁路上海局集团有限公司12日发布消息，旅客发送量创新高。", "中国铁路上海局集团有限公司"),
        ("武警部队、火箭军有关单位积极做好新兵接收准备。", "火箭军"),
        ("格力电器19日发布消息称，光伏空调已出口至40多个国家。", "格力电器"),
    ],
)
def test_todays_bodies_the_tables_now_hold(text: str, name: str) -> None:
    assert name in surfaces(text)


@pytest.mark.parametrize(
    ("text", "name", "not_name"),
    [
        (
            "中国科学院院士欧阳自远在发布会上介绍了成果。",
            "欧阳自远",
            "欧阳",
        ),  # a given name the model never saw
        ("欧阳夫子则认为，此事不可。", "欧阳", "欧阳夫子"),  # an honorific, a word of the dictionary
    ],
)
def test_a_compound_surname_runs_on_over_a_given_name(text: str, name: str, not_name: str) -> None:
    found = persons(text)
    assert name in found
    assert not_name not in found


def test_a_body_word_jieba_calls_a_person_heads_a_name() -> None:
    text = "国家天文台与中国空间技术研究院9日联合发布最新成果。"  # jieba: 天文台/nr
    assert "国家天文台" in surfaces(text)
    assert not persons(text)


def test_a_master_jieba_names_stays_a_person() -> None:
    assert _a_body_word("天文台")
    assert _a_body_word("幼儿园")
    assert not _a_body_word("弘一法师")  # a master's title
    assert not _a_body_word("王建社")  # the commonest surnames open names


def test_organisation_as_a_word_of_a_name() -> None:
    text = "成都市社会组织服务中心将提供咨询服务。"  # jieba: 组织/v
    assert "成都市社会组织服务中心" in surfaces(text)


def test_a_foreign_company_named_shortly_is_no_person() -> None:
    text = "上海市市长龚正20日会见德国巴斯夫集团董事会主席马库斯·卡米斯。龚正表示，欢迎巴斯夫扩大在沪投资。"
    assert "巴斯夫" in surfaces(text)
    assert "巴斯夫" not in persons(text)


def test_a_person_a_body_is_named_after_stays_a_person() -> None:
    text = "中国宋庆龄基金会19日启动交流项目。宋庆龄的事业后继有人。"  # no country, no company's ending
    assert "宋庆龄" in persons(text)


def test_entry_and_exit_is_a_word_of_names() -> None:
    text = "天津出入境边防检查站21日发布数据，经天津口岸出入境人员将超过10万人次。"  # jieba: 出入境/l
    assert surfaces(text) == ["天津出入境边防检查站"]
