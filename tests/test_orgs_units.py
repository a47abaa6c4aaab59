"""Units of pipelines.entities: canonical names, story place, the recogniser interface and union."""

from __future__ import annotations

import logging

import pytest

import pipelines.entities as orgs
from crawler.items import ArticleItem
from pipelines.entities.canonical import (
    aliases_of,
    canonical_name,
    expand_abbreviations,
    is_relative,
    parent_of,
)
from pipelines.entities.lexicon import lexicon
from pipelines.entities.places import StoryPlace, channel_province, story_place
from pipelines.entities.recognizers import (
    ORG,
    PER,
    ConsistentRecognizer,
    GrammarRecognizer,
    Recognizer,
    Span,
    Token,
    UnionRecognizer,
    resolve_overlaps,
)

JINAN = StoryPlace(province="山东省", city="济南市")


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("济南市卫健委", "济南市卫生健康委员会"),
        ("济南市卫生健康委", "济南市卫生健康委员会"),
        ("济南市卫生健康委员会", "济南市卫生健康委员会"),
        ("国家卫健委人口监测与家庭发展司", "国家卫生健康委人口监测与家庭发展司"),
        ("国家卫生健康委人口监测与家庭发展司", "国家卫生健康委人口监测与家庭发展司"),
        ("济南市政府", "济南市人民政府"),
        ("济南市人民政府", "济南市人民政府"),
        ("济南市政府办公厅", "济南市政府办公厅"),
        ("计生协", "计划生育协会"),
        ("青岛市人社局", "青岛市人力资源和社会保障局"),
        ("“济南市儿童医院”", "济南市儿童医院"),
    ],
)
def test_canonical_name(surface: str, canonical: str):
    assert canonical_name(surface, JINAN) == canonical


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("市委", "济南市委"),
        ("市政府", "济南市人民政府"),
        ("省委", "山东省委"),
        ("市卫健委", "济南市卫生健康委员会"),
    ],
)
def test_relative_references_take_the_story_place(surface: str, canonical: str):
    assert is_relative(surface)
    assert canonical_name(surface, JINAN) == canonical


def test_an_autonomous_regions_body_by_its_level_word_takes_the_story_place():
    """自治区党委 in a story of Inner Mongolia is 内蒙古自治区党委 (it stayed 自治区党委: 自 is no level
    character); 自治州政府 in Yanbian's is the prefecture's people's government. Without such a place it
    stays as written (MSRA tags 自治区党委 as an organisation), and it is never a story's dropped
    relative name."""
    inner_mongolia = StoryPlace(province="内蒙古自治区", city="巴彦淖尔市")
    assert canonical_name("自治区党委", inner_mongolia) == "内蒙古自治区党委"
    assert canonical_name("自治区财政厅", inner_mongolia) == "内蒙古自治区财政厅"
    yanbian = StoryPlace(province="吉林省", city="延边朝鲜族自治州")
    assert canonical_name("自治州政府", yanbian) == "延边朝鲜族自治州人民政府"
    assert canonical_name("自治区党委", yanbian) == "自治区党委"  # Jilin is a province
    assert canonical_name("自治区党委", JINAN) == "自治区党委"
    assert canonical_name("自治区成立", inner_mongolia) == "自治区成立"  # no body after the level word
    assert not is_relative("自治区党委")
    found = orgs.extract_entities("内蒙古自治区召开会议。自治区党委、自治区财政厅负责人出席。")[0]
    assert [o["name"] for o in found] == ["内蒙古自治区党委", "内蒙古自治区财政厅"]


def test_relative_reference_without_place_stays_relative():
    assert canonical_name("县政府", JINAN) == "县人民政府"  # no county known
    assert is_relative("县人民政府")
    assert not is_relative("市场监管局")
    assert not is_relative("济南市委")


def test_a_government_abroad_is_not_a_peoples_government():
    assert expand_abbreviations("济南市政府") == "济南市人民政府"
    assert expand_abbreviations("北京市政府") == "北京市人民政府"  # in the world table too, and ours
    for name in ("墨尔本市政府", "智利圣地亚哥市政府", "福特政府", "香港特区政府"):
        assert expand_abbreviations(name) == name


def test_abbreviation_expansion_is_idempotent():
    for short, (final, _infix) in lexicon().abbreviations.items():
        assert expand_abbreviations("某市" + final) == "某市" + final, short
        assert expand_abbreviations(expand_abbreviations("某市" + short)) == "某市" + final


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("国家卫生健康委人口监测与家庭发展司", "国家卫生健康委员会"),
        ("中国人口学会托育服务分会", "中国人口学会"),
        ("山东大学齐鲁儿童医院", "山东大学"),
        ("济南市卫生健康委党组", "济南市卫生健康委员会"),
        ("中国工商银行济南分行", "中国工商银行"),
        ("济南市卫生健康委员会", None),
        ("济南市儿童医院", None),
        ("中国科学技术大学", None),
        ("济南市婴幼儿托育服务行业协会", None),
    ],
)
def test_parent_of(name: str, parent: str | None):
    assert parent_of(name) == parent


def test_aliases_of():
    org = {"name": "济南市卫生健康委员会", "mentions": [{"text": "济南市卫健委", "start": 0, "end": 6}]}
    assert aliases_of(org) == {"济南市卫生健康委员会", "济南市卫健委"}


def test_story_place_from_dateline_frequency_and_channel():
    assert story_place("央广网青岛3月2日消息，市政府发布通知。").city == "青岛市"
    body = "济南市召开会议。济南市的托育机构。烟台市也派人参加。"
    assert story_place(body) == StoryPlace(province="山东省", city="济南市", county=None)
    assert story_place("省委、省政府高度重视。", channel="sd").province == "山东省"
    assert channel_province(None, "https://www.cnr.cn/sd/gd/x.shtml") == "山东省"
    assert channel_province("山东", None) == "山东省"
    assert channel_province("news", "https://www.cnr.cn/news/x.shtml") is None


class FixedRecognizer:
    def __init__(self, name: str, spans: list[Span]) -> None:
        self.name = name
        self._spans = spans

    def spans(self, text: str) -> list[Span]:
        return list(self._spans)


def test_union_longest_span_wins_and_persons_inside_orgs_drop():
    a = FixedRecognizer("a", [Span(0, 7, ORG), Span(10, 12, PER), Span(7, 9, PER)])
    b = FixedRecognizer("b", [Span(0, 9, ORG), Span(20, 24, ORG)])
    union = UnionRecognizer([a, b])
    assert isinstance(union, Recognizer)
    assert union.name == "a+b"
    assert union.spans("x" * 30) == [Span(0, 9, ORG), Span(10, 12, PER), Span(20, 24, ORG)]
    assert resolve_overlaps([]) == []


def test_consistency_filter_drops_a_phrase_tagged_once_in_three():
    text = "普惠托育很好。普惠托育服务。普惠托育机构。济南市儿童医院。"
    inner = FixedRecognizer("x", [Span(0, 4, ORG), Span(21, 28, ORG)])
    assert ConsistentRecognizer(inner).spans(text) == [Span(21, 28, ORG)]
    consistent = FixedRecognizer("y", [Span(0, 4, ORG), Span(7, 11, ORG), Span(14, 18, ORG)])
    assert len(ConsistentRecognizer(consistent).spans(text)) == 3


def _tokens(pairs: list[tuple[str, str]]) -> list[Token]:
    out, pos = [], 0
    for w, p in pairs:
        out.append(Token(pos, pos + len(w), w, p))
        pos += len(w)
    return out


def test_grammar_left_edge_by_segmentation():
    toks = _tokens(
        [("联合", "v"), ("举办", "v"), ("国家卫生健康委", "ORG"), ("人口", "n"), ("监测", "vn"), ("与", "c"),
         ("家庭", "n"), ("发展", "v"), ("司", "n"), ("原", "PER"), ("一级", "m"), ("巡视员", "n")]
    )  # fmt: skip
    text = "".join(t.word for t in toks)
    spans = resolve_overlaps(GrammarRecognizer(tokenizer=lambda _t: toks).spans(text))
    assert [text[s.start : s.end] for s in spans] == ["国家卫生健康委人口监测与家庭发展司"]


def test_grammar_needs_a_head_and_skips_titles_and_common_words():
    cases = [
        [("这家", "r"), ("医院", "n"), ("的", "u"), ("医生", "n")],
        [("公安", "n"), ("局长", "n"), ("说", "v")],
        [("全部", "n"), ("干部", "n")],
        [("济南市", "LOC"), ("公安局", "n"), ("局长", "n")],
    ]
    got = []
    for pairs in cases:
        toks = _tokens(pairs)
        text = "".join(t.word for t in toks)
        got.append(
            [text[s.start : s.end] for s in GrammarRecognizer(tokenizer=lambda _t, k=toks: k).spans(text)]
        )
    assert got == [[], [], [], ["济南市公安局"]]


def test_apply_to_item_empty_body():
    item = ArticleItem(url="u", canonical_url="u", site="cnr.cn", key="k")
    orgs.apply_to_item(item)
    assert item.organizations == [] and item.persons == []


def test_apply_to_item_survives_a_failing_recogniser(monkeypatch, caplog):
    class Boom:
        name = "boom"

        def spans(self, text: str) -> list[Span]:
            raise RuntimeError("model broke")

    import pipelines.entities.step as step  # where apply_to_item looks the recogniser up

    monkeypatch.setattr(step, "default_recognizer", lambda: Boom())
    item = ArticleItem(
        url="u", canonical_url="u", site="cnr.cn", key="k", paragraphs=["济南市卫健委发布通知。"]
    )
    item.organizations = [{"name": "stale"}]
    with caplog.at_level(logging.ERROR):
        orgs.apply_to_item(item)
    assert item.organizations == [] and item.persons == []
    assert "organisation extraction failed" in caplog.text


def test_scrapy_pipeline_counts(monkeypatch):
    from pipelines.entities.pipeline import ExtractOrganizationsPipeline

    class Stats:
        def __init__(self) -> None:
            self.values: dict[str, int] = {}

        def inc_value(self, key: str, count: int = 1) -> None:
            self.values[key] = self.values.get(key, 0) + count

    class Crawler:
        settings: dict = {}
        stats = Stats()

    pipe = ExtractOrganizationsPipeline(Crawler())  # type: ignore[arg-type]
    item = ArticleItem(
        url="u", canonical_url="u", site="cnr.cn", key="k", paragraphs=["济南市卫健委主任张三发布通知。"]
    )
    assert pipe.process_item(item) is item
    assert [o["name"] for o in item.organizations] == ["济南市卫生健康委员会"]
    assert Crawler.stats.values["news/orgs/organizations"] == 1
    assert item.place == {"province": "山东省", "city": "济南市"}
    assert Crawler.stats.values["news/orgs/placed"] == 1


def test_lexicon_tables_are_well_formed():
    lex = lexicon()
    assert all(len(v) == 2 and all(v) for v in lex.abbreviations.values())
    assert set(lex.suffix_kind.values()) >= {"government", "association", "hospital", "education", "company"}
    assert lex.channels["sd"] == "山东省"


def test_place_probe_finds_what_one_alternation_of_all_names_finds():
    """``PlaceTable.hits`` (a dictionary probe per position) against the regular expression it
    replaced (every name, longest first): same names at the same places, none overlapping."""
    import json
    import re

    from pipelines.entities.places import place_table
    from tests.support.paths import FIXTURES

    table = place_table()
    assert len(table.by_name) > 3000
    pattern = re.compile("|".join(map(re.escape, sorted(table.by_name, key=len, reverse=True))))
    articles = json.loads((FIXTURES / "stories" / "articles.json").read_text("utf-8"))
    texts = [a["title"] + "\n" + a["text"] for a in articles]
    texts += ["内蒙古自治区呼和浩特市新城区", "山东省济南市历下区，北京、上海、重庆市", "吉林吉林市", ""]
    found = 0
    for text in texts:
        expected = [(m.start(), m.group(0)) for m in pattern.finditer(text)]
        assert list(table.hits(text)) == expected
        found += len(expected)
    assert found > 30


def test_a_relative_body_listed_after_a_body_of_a_place_is_that_places() -> None:
    from pipelines.entities import entities_and_place

    # datelined 银川 (the story's city), but 市政府 is listed right after 固原市委: 固原's government
    text = "央广网银川7月18日消息 自治区党委书记18日在固原市调研。固原市委、市政府主要负责同志汇报了工作。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert orgs.get("固原市人民政府") == ["市政府"]
    assert "银川市人民政府" not in orgs
    # at another level it is the story's place's, as before
    text = "央广网银川7月18日消息 固原市委、区政府负责同志汇报了工作。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert "固原市人民政府" not in orgs


def test_a_units_own_name_named_again_is_its_mention() -> None:
    from pipelines.entities import entities_and_place

    text = "中国科学院国家天文台16日发布消息。国家天文台研究员李菂介绍，相关成果已发表。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert orgs == {"中国科学院国家天文台": ["中国科学院国家天文台", "国家天文台"]}
    # a kind of body after its parent is no name of its own (临时办事处 of …用电分局临时办事处)
    text = "富丽新村用电分局临时办事处开始办公。供电局在各小区设立了临时办事处。"
    orgs = {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}
    assert orgs["富丽新村用电分局临时办事处"] == ["富丽新村用电分局临时办事处"]
