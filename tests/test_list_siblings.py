"""Bodies listed beside a body of their kind, a company's shares after its name, and the Central
Committee's organs by one name (issue 12's twenty-seventh step)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.list_siblings import bodies_in_lists
from pipelines.entities.recognizers import LOC, ORG, PER, Span
from tests.support.entities import orgs, persons


def test_airlines_listed_after_one_the_tagger_read_are_bodies() -> None:
    text = "中国东方航空、中国南方航空、海南航空等航空公司加开航班。"
    got = orgs(text)
    # the tagger reads only the first (中国 and 海南 of the others as places)
    assert {"中国东方航空", "中国南方航空", "海南航空"} <= set(got)


def test_items_before_the_body_read_too() -> None:
    text = "据悉，宝鸡电池厂、西安电池厂等企业参加了抽查。"
    spans = [Span(9, 14, ORG)]  # 西安电池厂, as if the tagger read only it
    assert text[9:14] == "西安电池厂"
    got = bodies_in_lists(text, spans)
    assert Span(3, 8, ORG) in got and text[3:8] == "宝鸡电池厂"


def test_a_place_the_tagger_read_in_the_item_gives_way() -> None:
    text = "中国东方航空、海南航空等。"
    got = bodies_in_lists(text, [Span(0, 6, ORG), Span(7, 9, LOC)])
    assert got == [Span(0, 6, ORG), Span(7, 11, ORG)]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # one dictionary word: a kind of bank, not a bank (jieba flags 商业银行 nt)
        ("瑞士的中央银行、商业银行和保险公司。", [Span(3, 7, ORG)]),
        # a verb or a function word in the item: a clause, not a name
        ("，包括容和悦容小学、红杰小学。", [Span(10, 14, ORG)]),
        ("上海灯具城、广东的东方乐园。", [Span(0, 5, ORG)]),
        # a person of the tagger's in the item
        ("华为公司、李明公司。", [Span(0, 4, ORG), Span(5, 7, PER)]),
        # a tail the lexicon names a kind's (list_siblings.not_tails)
        ("东牛遗址、北庄遗址。", [Span(0, 4, ORG)]),
        # no list mark: nothing to read
        ("中国东方航空和海南航空。", [Span(0, 6, ORG)]),
    ],
)
def test_no_body_where_the_item_names_none(text: str, spans: list[Span]) -> None:
    assert bodies_in_lists(text, spans) == spans


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("宁德时代、小米集团港股当日分别上涨3.2%。", "小米"),
        ("腾讯控股港股收涨2%。", "腾讯"),
        ("比亚迪A股股价上涨。", "比亚迪"),
        ("中芯国际股价创新高。", "中芯国际"),
    ],
)
def test_a_companys_shares_are_no_part_of_its_name(text: str, company: str) -> None:
    got = orgs(text)
    assert company in got
    assert not any("股" in name for name in got)  # 小米集团港, 腾讯控股港股收涨 before


def test_organs_of_the_central_committee_by_one_name() -> None:
    text = "中共中央政治局10月30日召开会议。中央政治局常委会听取汇报。中央书记处书记蔡奇出席。中央政治局要求各地抓好落实。"
    got = {o["name"]: o for o in entities_and_place(text)[0]}
    assert [m["text"] for m in got["中共中央政治局"]["mentions"]] == ["中共中央政治局", "中央政治局"]
    assert got["中共中央政治局"]["parent"] == "中国共产党中央委员会"
    assert got["中共中央政治局常务委员会"]["parent"] == "中共中央政治局"
    assert got["中共中央书记处"]["parent"] == "中国共产党中央委员会"
    assert "中央政治局" not in got and "中央书记处" not in got


def test_the_youth_leagues_secretariat_stays_its_own() -> None:
    got = orgs("共青团中央书记处第一书记出席。")
    assert "共青团中央书记处" in got and "中共中央书记处" not in got


def test_the_theatre_commands_are_bodies() -> None:
    # the tagger (1990s text) knows no theatre command; 东部战区 was nothing
    got = orgs("东部战区新闻发言人4日发表谈话，南部战区组织海空兵力开展演练。")
    # named as the army names them since the twenty-eighth step (tests/test_named_units.py)
    assert got["中国人民解放军东部战区"] == ["东部战区"] and got["中国人民解放军南部战区"] == ["南部战区"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "在杭州亚运会上获得金牌的浙江籍运动员汪顺、叶诗文出席了表彰会。",
            "叶诗文",
        ),  # the list ends with a verb
        ("就有大科学家李四光、华罗庚、茅以升、竺可桢等人。", "华罗庚"),  # a name the dictionary knows
        ("与赵望云、石鲁等志同道合，身体力行。", "石鲁"),
    ],
)
def test_a_list_item_between_persons_is_a_person(text: str, name: str) -> None:
    # the tagger read its neighbours and not it (issue 12's twenty-eighth step)
    assert name in persons(text)


@pytest.mark.parametrize(
    "text",
    [
        "前联合国秘书长加利、南非总统曼德拉、俄罗斯总统叶利钦出席。",  # 南非总|统 cuts a word
        "目前有学生张三、远征等人报名。",  # 远征 is a common word
        "上海代表蒋莎、天津代表张慧英发言。",
    ],
)
def test_no_person_cut_from_words_or_common_words_in_a_list(text: str) -> None:
    got = persons(text)
    assert not any(p in got for p in ("南非总", "远征", "天津代")), got
