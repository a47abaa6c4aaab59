"""Issue 12's thirty-sixth step: a unit of one of today's bodies that jieba's dictionary cuts (农业|农村部),
a ministry's department named by two fields joined (科技与财务司), and a body's website after its name."""

from __future__ import annotations

import pytest

from tests.support.entities import org_spans, orgs, overlapping, persons


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("农业农村部市场与信息化司有关负责人介绍了国内粮食市场情况。", "农业农村部市场与信息化司"),
        ("农业农村部市场信息司有关负责人介绍了情况。", "农业农村部市场信息司"),
        ("生态环境部科技与财务司负责人介绍了有关情况。", "生态环境部科技与财务司"),
        ("外交部边界与海洋事务司司长表示，双方进行了磋商。", "外交部边界与海洋事务司"),
    ],
)
def test_a_ministrys_department_named_whole(text: str, name: str) -> None:
    assert orgs(text).get(name) == [name]


def test_a_kind_of_body_after_a_post_stays_apart() -> None:
    # 财政所 is a kind of body (every township has one): not a unit named with 分管领导
    found = orgs("镇政府分管领导和财政所负责人介绍了情况。")
    assert not any("分管领导" in n for n in found)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("中央纪委国家监委网站6日发布消息，某省原副省长接受审查调查。", "中央纪委国家监委"),
        ("据中央纪委国家监委网站消息，有关情况已通报。", "中央纪委国家监委"),
    ],
)
def test_a_bodys_website_names_the_body(text: str, surface: str) -> None:
    surfaces = [s for ss in orgs(text).values() for s in ss]
    assert surface in surfaces
    assert not any(s.endswith("网站") for s in surfaces)


def test_a_district_jieba_reads_as_a_noun_opens_the_name() -> None:
    # 历下区 is a plain noun to jieba's dictionary: the district still heads its sub-district's office
    found = orgs("央广网济南11月14日消息 历下区泉城路街道办事处组织社区工作人员开展防骗宣传。")
    assert "历下区泉城路街道办事处" in [s for ss in found.values() for s in ss]


def test_a_name_the_model_reads_as_a_place_between_a_post_and_a_verb() -> None:
    from pipelines.entities.tagger import _persons_read_as_places

    piece = "共青团中央书记处第一书记阿东作工作报告。"
    a = piece.index("阿东")
    assert _persons_read_as_places(piece, [(a, a + 2, "LOC")]) == [(a, a + 2, "PER")]
    # a place after a post but before no verb of saying stays a place (书记|江苏|的)
    other = "省委书记江苏的发展。"
    b = other.index("江苏")
    assert _persons_read_as_places(other, [(b, b + 2, "LOC")]) == [(b, b + 2, "LOC")]
    assert "阿东" in persons(piece)


def test_a_service_of_the_armed_forces_on_its_own() -> None:
    # 海军, 空军 are heads of longer names (海军航空兵) and services on their own, as MSRA tags them
    found = orgs("央广网北京12月1日消息 东部战区组织海军、空军等兵力在台岛周边开展联合演训。")
    assert {"海军", "空军"} <= set(found)


@pytest.mark.parametrize(
    "name",
    [
        "青海大学三江源生态与高原农牧业国家重点实验室",
        "江西师范大学鄱阳湖湿地与流域研究教育部重点实验室",
        "清华大学汽车安全与节能国家重点实验室",
    ],
)
def test_a_key_laboratory_named_by_its_host_and_fields(name: str) -> None:
    found = orgs(f"{name}将参与项目实施。")
    assert found.get(name) == [name]


def test_no_key_laboratory_across_a_clause() -> None:
    from pipelines.entities.key_labs import KeyLabRecognizer
    from pipelines.entities.tokens import ModelTokenizer

    labs = KeyLabRecognizer(ModelTokenizer())
    # a verb first (建设), an adverb (将), a comma: no name from the university to the unit
    for text in (
        "北京大学将建设国家重点实验室。",
        "北京大学，国家重点实验室。",
        "北京大学建设国家重点实验室。",
    ):
        assert labs.spans(text) == []
    text = "吉林大学超硬材料国家重点实验室发布报告。"
    assert [text[s.start : s.end] for s in labs.spans(text)] == ["吉林大学超硬材料国家重点实验室"]


def test_a_bodys_units_named_by_a_determiner() -> None:
    found = orgs("北京卫戍区有关部队也参加了联合演练。")
    assert found.get("北京卫戍区") == ["北京卫戍区"]


def test_a_verb_of_exploring_inside_a_companys_name() -> None:
    # 探索 names what the company does (lexicon name_verbs): the grammar reads on past it to the country
    found = orgs("美国太空探索技术公司首席执行官马斯克表示，星舰将继续进行试飞。")
    assert "美国太空探索技术公司" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "央广网长沙1月27日消息 湖南省长株潭一体化发展事务中心27日召开工作会议。",
            "湖南省长株潭一体化发展事务中心",
        ),
        ("辽宁省委巡视办有关负责人介绍了巡视整改情况。", "辽宁省委巡视办"),
    ],
)
def test_a_field_named_by_a_set_phrase_or_a_verb(text: str, name: str) -> None:
    assert name in orgs(text)


@pytest.mark.parametrize(
    ("text", "not_a_body"),
    [
        ("云南省农业科学院茶叶研究所专家介绍，普洱茶产业链不断延伸。", "普洱茶产业链"),
        ("福建省人民政府台湾事务办公室25日举办新春联谊会。", "新春联谊会"),
    ],
)
def test_an_industry_chain_and_a_festival_gathering_are_no_bodies(text: str, not_a_body: str) -> None:
    assert not_a_body not in orgs(text)


def test_a_city_jieba_reads_as_a_place_word_opens_its_customs() -> None:
    # 海口 is a place word (s) to jieba ('a seaport'); 郊区 ('the suburbs') opens no name
    assert "海口海关" in orgs("央广网海口2月6日消息 海口海关6日通报，海南离岛免税购物金额同比增长。")
    assert not any("郊区" in n for n in orgs("医疗单位通过居委会、企业、郊区村组开展健康普查。"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("证监会上市公司监管司有关负责人表示，将提高信息披露质量。", "证监会上市公司监管司"),
        ("福建省发展和改革委员会能源处负责人介绍了全省海上风电规划。", "福建省发展和改革委员会能源处"),
        ("第九届亚洲冬季运动会执行委员会向志愿者致感谢信。", "第九届亚洲冬季运动会执行委员会"),
    ],
)
def test_a_unit_read_with_the_body_it_belongs_to(text: str, name: str) -> None:
    # a national body's short form, a coordinated department with its province, an event's committee
    assert name in [s for ss in orgs(text).values() for s in ss]


def test_a_sub_unit_after_a_body_does_not_run_into_another_body() -> None:
    # found by benchmarks/entity_fuzz.py: 新华社 + 上汽组 widened over 上汽, a company of its own
    spans = org_spans("增殖河西区的综合性目标重大突破勤朝阳学林新华社上汽组里澜")
    assert spans and not overlapping(spans)
