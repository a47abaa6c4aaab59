"""Issue 12's thirty-second step: an adverb and a verb glued after a body start a clause, a list's last item
runs up to its predicate, an abbreviation in a list of bodies, a company the tables name registered under
common words, customs named after their city, a unit named with two portfolios."""

from __future__ import annotations

import pytest

from pipelines.entities.filters import is_generic_phrase
from pipelines.entities.list_siblings import _listed_body
from pipelines.entities.tokens import _predicate_after_body
from pipelines.segment import cut
from tests.support.entities import orgs


@pytest.mark.parametrize(
    ("name", "at"),
    [
        ("内蒙古农业大学将建设奶业研究中心", 7),
        ("全国妇女联合会还联合农业部", 7),
        ("下岗职工再就业培训办公室", 0),  # 再 is no listed adverb: a gold name holds it
        ("国有企业下岗职工再就业先进事迹报告团", 0),
        ("东京地方检察厅特别搜查部", 0),  # 特别: a name's word
    ],
)
def test_an_adverb_and_a_verb_after_a_body_start_a_clause(name: str, at: int) -> None:
    assert _predicate_after_body(name, cut(name)) == at


def test_the_body_before_the_predicate_is_the_name() -> None:
    found = orgs("内蒙古农业大学将建设奶业研究中心。")
    assert list(found) == ["内蒙古农业大学"]


def test_a_lists_last_item_runs_up_to_its_predicate() -> None:
    found = orgs("中国东方航空、南方航空将新开多条国际航线。")
    assert found == {"中国东方航空": ["中国东方航空"], "中国南方航空": ["南方航空"]}


def test_the_last_item_needs_a_predicate_after_it() -> None:
    # no verb or adverb after 航空: the item is no name the list says
    assert "中国南方航空" not in orgs("中国东方航空、南方航空公司的航线。")


@pytest.mark.parametrize(
    ("item", "listed"),
    [("中联重科", True), ("格力电器", True), ("中小企业", False), ("商业银行", False), ("外资企业", False)],
)
def test_an_abbreviation_in_a_list_of_bodies_names_one(item: str, listed: bool) -> None:
    assert _listed_body(item) is listed


def test_an_abbreviation_listed_with_a_company() -> None:
    assert "中联重科" in orgs("三一集团、中联重科等企业代表参加会议。")
    assert "中小企业" not in orgs("三一集团、中小企业等企业代表参加会议。")


def test_a_company_the_tables_name_is_no_generic_phrase() -> None:
    assert not is_generic_phrase("鞍钢集团有限公司")  # 鞍钢: a common noun to jieba
    assert is_generic_phrase("物流快递公司")
    found = orgs("鞍钢集团有限公司、华晨汽车集团控股有限公司负责人作交流发言。")
    assert "鞍钢集团有限公司" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("海口海关、洋浦经济开发区管理委员会负责人回答提问。", "海口海关"),
        ("长沙海关负责人介绍。", "长沙海关"),
    ],
)
def test_customs_named_after_its_city(text: str, name: str) -> None:
    assert name in orgs(text)


@pytest.mark.parametrize("text", ["全国海关共查获毒品。", "葡警方和海关１９９７年共缉获各类毒品。"])
def test_customs_after_no_place_is_no_name(text: str) -> None:
    assert not [n for n in orgs(text) if n.endswith("海关")]


def test_a_unit_named_with_two_portfolios() -> None:
    found = orgs("全国总工会劳动和经济工作部负责人介绍，大赛将设置20个比赛项目。")
    assert list(found) == ["全国总工会劳动和经济工作部"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中国科学院南京地理与湖泊研究所发布了太湖蓝藻监测报告。", "中国科学院南京地理与湖泊研究所"),
        ("全国人大环境与资源保护委员会举行会议。", "全国人大环境与资源保护委员会"),
        ("国家食物与营养咨询委员会成立。", "国家食物与营养咨询委员会"),
    ],
)
def test_a_unit_named_with_two_fields(text: str, name: str) -> None:
    assert [m for ms in orgs(text).values() for m in ms] == [name]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("镇政府分管领导和财政所对各站办所公开情况实施监督。", ["财政所"]),  # a post, then a kind
        ("广东、香港警方及香港入境事务处联同日本警视厅行动。", ["香港入境事务处", "日本警视厅"]),
        ("中俄友协理事及外交部官员出席。", ["中俄友协", "外交部"]),  # a body of its own after 及
        ("科特迪瓦国家宪兵和国家安全总局负责人表示。", ["国家安全总局"]),
    ],
)
def test_two_bodies_joined_by_a_conjunction_stay_two(text: str, names: list[str]) -> None:
    assert [m for ms in orgs(text).values() for m in ms] == names


def test_a_registered_name_with_a_conjunction_is_the_exchange() -> None:
    found = orgs("香港交易及结算所有限公司行政总裁陈翊庭表示，港交所将推出新产品。")
    assert found == {"香港交易所": ["香港交易及结算所有限公司", "港交所"]}
