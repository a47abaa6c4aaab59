"""Issue 12's thirty-seventh step: a body's abbreviation the tagger reads as a place or a person (哈工大 of the
story's 哈尔滨工业大学…), a group's name opening its branch's (中国石油|塔里木油田分公司), a listed company in a list
before a post (网易公司|负责人), a country's broadcaster (德国之声), meetings and leagues that are no body, a
foreign company named after its kind (评级机构|穆迪), international bodies as written, and a place's banking system."""

from __future__ import annotations

import pytest

from pipelines.entities.abbreviated_bodies import abbreviates
from tests.support.entities import org_spans, orgs, overlapping, persons


def surfaces(text: str) -> list[str]:
    return [s for ss in orgs(text).values() for s in ss]


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("哈尔滨工业大学航天学院2日举行发布会。中国科学院院士、哈工大教授马军作学术报告。", "哈工大"),
        ("山东大学10日发布消息。山大教授张华介绍，成果已发表。", "山大"),
        ("福建省台湾同胞联谊会7日举办交流活动。福建省台联会长介绍了活动安排。", "福建省台联"),
    ],
)
def test_an_abbreviation_of_the_storys_body_is_an_organisation(text: str, short: str) -> None:
    assert short in surfaces(text)
    assert short not in persons(text)


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("哈工大", "哈尔滨工业大学航天学院", True),
        ("中俄友协", "中国俄罗斯友好协会理事会", True),
        ("北京市", "北京市人民政府", False),  # the name's opening: a place
        ("日中", "日电中共中央政治局", False),  # two countries' initials (日中联合声明)
        ("中大", "中国科学院", False),  # no suffix opens at 大
        ("哈工大", "哈尔", False),  # longer than the name
    ],
)
def test_what_abbreviates_a_name(short: str, full: str, expected: bool) -> None:
    assert abbreviates(short, full) is expected


def test_a_pair_of_countries_is_no_abbreviation() -> None:
    text = (
        "据新华社东京3日电中共中央政治局委员会见日本客人。久间说，根据日中联合声明的原则，日本坚持一个中国。"
    )
    assert "日中" not in surfaces(text)


def test_a_groups_name_opens_its_branchs() -> None:
    text = "中国石油天然气集团有限公司8日发布消息，中国石油塔里木油田分公司超深层油气勘探取得新突破。"
    found = surfaces(text)
    assert "中国石油塔里木油田分公司" in found
    assert "塔里木油田分公司" not in found
    assert not overlapping(org_spans(text))


def test_a_listed_company_in_a_list_before_a_post() -> None:
    text = "浙江省委常委会召开会议。阿里巴巴集团控股有限公司、网易公司负责人列席会议。"
    assert "网易公司" in surfaces(text)


@pytest.mark.parametrize("name", ["德国之声", "美国之音", "俄罗斯之声"])
def test_a_countrys_broadcaster(name: str) -> None:
    assert name in surfaces(f"{name}报道说，执政联盟内部在预算问题上仍有分歧。")


@pytest.mark.parametrize(
    "text",
    [
        "国家体育总局28日召开备战洛杉矶奥运会动员会。",
        "中国足球协会25日公布新赛季中超联赛准入名单。",
    ],
)
def test_a_meeting_or_a_league_is_no_body(text: str) -> None:
    found = surfaces(text)
    assert not any(s.endswith(("动员会", "联赛")) for s in found)
    assert any(s.startswith(("国家体育总局", "中国足球协会")) for s in found)


def test_a_verb_that_opens_a_suffix_is_in_the_name() -> None:
    text = "澳门特别行政区政府社会工作局举办游园活动。澳门街坊会联合总会组织义工参与服务。"
    assert "澳门街坊会联合总会" in surfaces(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国际评级机构穆迪23日发布报告，维持对中国主权信用评级不变。", "穆迪"),
        ("咨询公司麦肯锡发布报告认为，数字化转型仍在加速。", "麦肯锡"),
        ("美国大型石油公司谢夫隆、埃克森等都已决定扩大投资。", "谢夫隆"),
    ],
)
def test_a_foreign_company_named_after_its_kind(text: str, name: str) -> None:
    assert name in surfaces(text)
    assert name not in persons(text)


def test_no_name_after_a_kind_without_a_modifier() -> None:
    assert surfaces("该公司董事长表示，将继续加大研发投入。") == []


def test_an_international_body_named_as_written() -> None:
    # the tagger reads nothing in the quoted full name (a list of the lexicon's known names does)
    text = "当前，“经济合作与发展组织”的重要成员国国内生产总值增长放缓。"
    assert "经济合作与发展组织" in surfaces(text)


def test_a_places_system_of_banks_is_no_bank() -> None:
    assert "香港银行" not in surfaces("香港金融管理局总裁31日表示，香港银行体系稳健。")
    assert "香港金融管理局" in surfaces("香港金融管理局总裁31日表示，香港银行体系稳健。")
