"""One body named in full and shortly in one story is one organisation (pipelines/entities/short_forms.py)."""

from __future__ import annotations

import pytest

from pipelines.entities.short_forms import merge_short_forms
from tests.support.entities import orgs


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # and then the body's own name (national_bodies.py)
            "中国证监会今天发布通知。证监会表示将加强监管。",
            {"中国证券监督管理委员会": ["中国证监会", "证监会"]},
        ),
        (
            "中国工商银行今天发布年报。工商银行表示，工行将加大支持力度。",
            {"中国工商银行": ["中国工商银行", "工商银行", "工行"]},
        ),
        (
            "中国人民银行今天宣布降准。人民银行表示，央行将保持流动性充裕。",
            {"中国人民银行": ["中国人民银行", "人民银行", "央行"]},
        ),
        (
            "中华人民共和国外交部今天表示。中国外交部发言人说，外交部将发布消息。",
            {"中华人民共和国外交部": ["中华人民共和国外交部", "中国外交部", "外交部"]},
        ),
        (
            "华为技术有限公司今天发布新品。华为表示，华为公司将继续投入。",
            {"华为": ["华为技术有限公司", "华为", "华为公司"]},  # named as the news names it
        ),
    ],
)
def test_a_body_named_shortly_is_one_organisation(text: str, want: dict[str, list[str]]) -> None:
    assert orgs(text) == want


def test_short_forms_stay_apart_where_the_story_names_two_bodies_so_or_none() -> None:
    """Two companies of one name (which one is 华为?) stay apart here; a short form alone in its story stays
    as it is (证监会, 工行 alone are named as their bodies by national_bodies.py, not here). The step's final
    naming then names a listed company's registered names as the company (test_company_names.py)."""
    table = {
        n: {"name": n, "mentions": [{"text": n, "start": s, "end": s + len(n)}]}
        for n, s in (("华为终端有限公司", 0), ("华为技术有限公司", 9), ("华为", 24))
    }
    merge_short_forms(table)
    assert set(table) == {"华为终端有限公司", "华为技术有限公司", "华为"}
    got = orgs("华为终端有限公司和华为技术有限公司发布公告。华为表示。")
    assert got == {"华为": ["华为终端有限公司", "华为技术有限公司", "华为"]}
    assert orgs("据了解，银保监会近日表示，将加强监管。") == {"银保监会": ["银保监会"]}


def test_merge_short_forms_moves_mentions_in_text_order() -> None:
    table = {
        "国家统计局": {"name": "国家统计局", "mentions": [{"text": "国家统计局", "start": 10, "end": 15}]},
        "统计局": {"name": "统计局", "mentions": [{"text": "统计局", "start": 2, "end": 5}]},
        "央行": {"name": "央行", "mentions": [{"text": "央行", "start": 20, "end": 22}]},
    }
    merge_short_forms(table)
    assert list(table) == ["国家统计局", "央行"]  # 央行 stays: the story has no 中国人民银行
    assert [m["start"] for m in table["国家统计局"]["mentions"]] == [2, 10]


def test_a_company_after_its_city_is_named_as_the_company() -> None:
    """唐山建行 (its branch there), 深圳华为 (the company with its home): the mention keeps the place, the
    name is the company's, one with 华为 of the same story; a department of government keeps its county,
    a country is no part of a company's name."""
    # a state bank is then named as it calls itself (national_bodies.py)
    assert orgs("唐山建行依据去年的经验。建行表示。") == {"中国建设银行": ["唐山建行", "建行"]}
    assert orgs("深圳华为今天发布新品。华为表示。") == {"华为": ["深圳华为", "华为"]}
    assert orgs("安吉县网信办发布通知。") == {"安吉县网信办": ["安吉县网信办"]}
    assert orgs("中国华为今天发布新品。") == {"华为": ["华为"]}


def test_a_company_with_its_branch_and_a_given_name_after_a_surname() -> None:
    """建行徐州市分行 was 建行 (the gold names the branch whole); 李长和, 黄建行 are persons' names, not
    the companies 长和 and 建行 (the surname stands alone before them)."""
    assert orgs("建行徐州市分行提出的问题。") == {"建行徐州市分行": ["建行徐州市分行"]}
    assert orgs("华为上海分公司今天成立。") == {"华为上海分公司": ["华为上海分公司"]}
    assert orgs("中国裁军大使李长和９日在日内瓦表示。") == {}
    assert orgs("他和黄建行一起去了北京。") == {}
    assert orgs("向华为学习。") == {"华为": ["华为"]}  # 向: a preposition here, not the surname
