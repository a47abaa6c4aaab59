"""A short form a story declares for a body is the body (pipelines/entities/declared_forms.py)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.declared_forms import DECLARED
from tests.support.entities import orgs


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a form the tagger does not know, in the declaration and after it
            "１９９１年，国际商业信贷银行（以下简称国商银行）因亏损严重被关闭。国商银行随即倒闭。",
            {"国际商业信贷银行": ["国际商业信贷银行", "国商银行", "国商银行"]},
        ),
        (  # quoted; a listed company read inside the form gives way to it
            "青岛海尔股份有限公司（以下简称“海尔智家”）今天发布公告。海尔智家表示，将继续投入。",
            {"青岛海尔股份有限公司": ["青岛海尔股份有限公司", "海尔智家", "海尔智家"]},
        ),
        (
            "匈牙利公民党（简称青民盟）在选举中获胜。青民盟主席表示欢迎。",
            {"匈牙利公民党": ["匈牙利公民党", "青民盟", "青民盟"]},
        ),
    ],
)
def test_a_declared_form_is_a_mention_of_the_body(text: str, want: dict[str, list[str]]) -> None:
    got = orgs(text)
    assert {k: v for k, v in got.items() if k in want} == want
    assert not any(k in want[n][1] for n in want for k in got if k not in want)  # no organisation of its own


def test_offsets_point_at_the_form() -> None:
    text = "青岛海尔股份有限公司（以下简称“海尔智家”）今天发布公告。海尔智家表示。"
    for org in entities_and_place(text)[0]:
        for m in org["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_no_form_after_a_law_or_a_plan_and_none_inside_a_person() -> None:
    assert orgs("他们推出了《全国田径业余锻炼等级标准》（以下简称《标准》）。《标准》规定了等级。") == {}
    # a short form where it cuts no word: not in 才华|能力
    text = "中国华能集团有限公司（以下简称华能）发布公告。他的才华能力出众，华能将继续投入。"
    assert orgs(text) == {"中国华能": ["中国华能集团有限公司", "华能", "华能"]}  # companies.groups
    starts = [m["start"] for o in entities_and_place(text)[0] for m in o["mentions"]]
    assert text.index("华能力") not in starts


@pytest.mark.parametrize(
    ("after", "form"),
    [
        ("（以下简称国商银行）", "国商银行"),
        ("（简称“鲁艺”）", "鲁艺"),
        ('（下称"巴南公司"）', "巴南公司"),
        ("”（以下简称「两委」）", "两委"),
        ("(简称:环认委)", "环认委"),
    ],
)
def test_declarations(after: str, form: str) -> None:
    m = DECLARED.match(after)
    assert m is not None and m.group("form") == form
    assert DECLARED.match("（以下简称，见附件）") is None
    assert DECLARED.match("（简称“一个很长很长很长很长的简称”）") is None  # longer than 12
