"""A body of the state or the Party by one name in every story (pipelines/entities/national_bodies.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from test_query_data import SH, build_db, make_item

from pipelines.db import query as queries
from pipelines.db.engine import make_readonly_engine
from pipelines.entities import entities_and_place
from pipelines.entities.canonical import canonical_name
from pipelines.entities.lexicon import lexicon
from pipelines.entities.national_bodies import name_organisations, national_names, on_the_mainland
from pipelines.entities.places import StoryPlace
from pipelines.entities.step import apply_to_item


def orgs(text: str, url: str | None = None) -> dict[str, list[str]]:
    return {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text, url=url)[0]}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # one story, three forms: one body (the full name and 中国证监会 were two before)
            "中国证券监督管理委员会今天发布通知。中国证监会表示，证监会将加强监管。",
            {"中国证券监督管理委员会": ["中国证券监督管理委员会", "中国证监会", "证监会"]},
        ),
        ("据了解，证监会近日表示，将加强监管。", {"中国证券监督管理委员会": ["证监会"]}),
        ("外交部发言人毛宁今天表示，中方欢迎。", {"中华人民共和国外交部": ["外交部"]}),
        ("中国外交部发言人今天表示。", {"中华人民共和国外交部": ["中国外交部"]}),
        ("近日，工信部发布通知。", {"中华人民共和国工业和信息化部": ["工信部"]}),
        ("国家发改委今天召开新闻发布会。", {"国家发展和改革委员会": ["国家发改委"]}),
        # the ministries' own short forms in today's releases (issue 12's twenty-seventh step)
        ("国家发展改革委今天召开新闻发布会。", {"国家发展和改革委员会": ["国家发展改革委"]}),
        (
            "教育部、人力资源社会保障部近日联合印发通知。",
            {
                "中华人民共和国教育部": ["教育部"],
                "中华人民共和国人力资源和社会保障部": ["人力资源社会保障部"],
            },
        ),
        ("住房城乡建设部发布通知。", {"中华人民共和国住房和城乡建设部": ["住房城乡建设部"]}),
    ],
)
def test_forms_of_a_national_body_are_its_name(text: str, want: dict[str, list[str]]) -> None:
    assert orgs(text) == want


def test_a_bare_form_is_the_mainland_body_only_in_a_story_of_the_mainland() -> None:
    # Hong Kong's commission, named bare after its full name; a story filed under Hong Kong
    assert orgs("香港证监会今天发布通知。证监会表示将加强监管。") == {
        "香港证监会": ["香港证监会"],
        "证监会": ["证监会"],
    }
    # a story abroad: Russia's ministry, then 外交部
    assert "外交部" in orgs("法国总统马克龙在莫斯科与普京会面。俄罗斯外交部表示。外交部表示。")
    # traditional script: Taiwan's or Hong Kong's press
    assert set(orgs("記者從外交部獲悉，將發布消息。")) == {"外交部"}
    # a site there
    assert set(orgs("记者从外交部获悉，将发布消息。", url="https://news.example.com.tw/a/1")) == {"外交部"}
    # another body ending so: which 国务院 is it?
    assert set(orgs("美国国务院发言人表示。国务院表示欢迎。")) == {"美国国务院", "国务院"}
    # a place abroad right before it (with 前, 原 or 驻 between), or a country's one-character name
    assert set(orgs("傅全有会见美国前国防部长。")) == {"国防部"}
    assert "中华人民共和国外交部" not in orgs("据俄外交部发言人表示。")
    # not a character of a word that is a country's name too (同意: 意, Italy)
    assert set(orgs("会议同意国务院提出的议案。")) == {"中华人民共和国国务院"}
    # a form that starts with a marker names the body in any story
    assert set(orgs("香港媒体报道，中国证监会今天发布通知。香港证监会表示欢迎。")) >= {
        "中国证券监督管理委员会"
    }


def test_the_party_and_the_armed_police_by_their_bare_forms() -> None:
    """共产党 in a story of the mainland is the Party (a story wrote 共产党, another 中国共产党: two rows
    before), 武警 the People's Armed Police, whose units have it as their parent; not the Manifesto of
    1848 nor every country's party, and not in a story abroad."""
    assert orgs("北京市召开会议。共产党领导一切。武警官兵和解放军参加抢险。") == {
        "中国共产党": ["共产党"],
        "中国人民武装警察部队": ["武警"],
        "中国人民解放军": ["解放军"],
    }
    found = entities_and_place("北京市召开会议。武警北京总队官兵参加抢险。")[0]
    assert [(o["name"], o["parent"]) for o in found] == [("武警北京总队", "中国人民武装警察部队")]
    assert set(orgs("北京市召开会议。他研究了《共产党宣言》。")) == {"共产党"}
    assert set(orgs("北京市召开会议。全世界的共产党都面临这个问题。")) == {"共产党"}


def test_a_story_of_china_that_names_other_countries_is_no_story_abroad() -> None:
    """An essay on the country's economy naming the United States, Japan and Canada a few times and China
    many more is a story of the mainland: its 党中央 is the Party's Central Committee (it was left as
    written: the story was read as one abroad, its places abroad outnumbering the provinces it named)."""
    text = (
        "在以习近平同志为核心的党中央坚强领导下，中国经济稳步恢复。美国、日本和加拿大经济仍在收缩，"
        "中国是唯一实现正增长的大国。中国拥有完整的产业链，中国市场潜力巨大，我国内需持续扩大。"
    )
    found, _, place = entities_and_place(text)
    assert not place.abroad
    assert [o["name"] for o in found] == ["中国共产党中央委员会"]
    # a story abroad stays one: France and Russia named far more often than China
    _, _, place = entities_and_place(
        "法国总统马克龙在莫斯科与普京会面。法国和俄罗斯讨论乌克兰局势，中国表示关注。"
    )
    assert place.abroad
    # a dateline abroad places it abroad however often it names China (it counted as a place abroad)
    _, _, place = entities_and_place(
        "新华社华盛顿5月3日电 美国国务卿今天表示，美方将与中国加强沟通。中国学者认为，中国和美国的关系很重要。"
    )
    assert place.abroad


def test_a_foreign_ministers_second_post() -> None:
    """马耳他副总理兼外交部长: the country stands before the first of the person's posts; the ministry is
    Malta's, not China's (the story names China's as well: one name as written)."""
    assert "中华人民共和国外交部" not in orgs("北京市召开会议。会见时，马耳他副总理兼外交部长乔治·韦拉在座。")
    assert set(orgs("北京市召开会议。国务院副总理兼外交部长钱其琛出席。")) >= {"中华人民共和国外交部"}
    # a date's 日 before a body is no Japan (it kept 国务院 and 北大 as written)
    assert set(orgs("北京市召开会议。1991年9月22日国务院发布办法。5月4日北大师生集会。")) == {
        "中华人民共和国国务院",
        "北京大学",
    }


def test_a_story_of_the_mainlands_press_filed_under_hong_kong() -> None:
    """A story on Hong Kong in simplified script, from no site there: 外交部 and 国务院 are the mainland's
    (no body of the region is named so; they stayed as written, a row apart from every other story's), a
    bare 证监会 stays as written (Hong Kong has its own: lexicon ``national_bodies.hong_kong_macao``)."""
    text = "香港特区政府今天表示欢迎。外交部驻港公署发言人表示，国务院港澳办支持。证监会也发布通知。香港各界欢迎。"
    found, _, place = entities_and_place(text)
    assert place.province == "香港特别行政区"
    assert on_the_mainland(place, None, traditional=False)
    got = {o["name"]: o["parent"] for o in found}
    assert got["外交部驻港公署"] == "中华人民共和国外交部"
    assert got["证监会"] is None
    assert set(orgs("香港特区政府今天表示欢迎。外交部发言人表示支持。香港各界欢迎。")) == {
        "香港特区政府",
        "中华人民共和国外交部",
    }
    # Hong Kong's press (its site) and Taiwan's stories keep their bare forms
    assert "外交部" in orgs(
        "香港特区政府今天表示欢迎。外交部发言人表示支持。", url="https://news.example.hk/a"
    )
    assert "外交部" in orgs("台湾地区领导人今天表示。台北的外交部发言人表示。台湾各界关注。")


def test_local_bodies_named_alike_are_no_forms() -> None:
    assert set(orgs("统计局今天发布数据。")) <= {"统计局"}
    assert "济南市发展和改革委员会" in orgs("济南市发改委今天召开会议。")


def test_on_the_mainland() -> None:
    assert on_the_mainland(StoryPlace(), None, traditional=False)
    assert on_the_mainland(StoryPlace(province="山东省"), "https://sd.cnr.cn/a.shtml", traditional=False)
    assert not on_the_mainland(StoryPlace(), None, traditional=True)
    assert not on_the_mainland(StoryPlace(abroad=True), None, traditional=False)
    assert not on_the_mainland(StoryPlace(province="台湾省"), None, traditional=False)
    assert not on_the_mainland(StoryPlace(), "https://news.mingpao.com.hk/x", traditional=False)


def test_the_body_takes_the_place_of_its_first_form_and_its_mentions_in_text_order() -> None:
    table = {
        "证监会": {
            "name": "证监会",
            "kind": None,
            "parent": None,
            "mentions": [{"text": "证监会", "start": 2, "end": 5}],
        },
        "北京大学": {
            "name": "北京大学",
            "kind": None,
            "parent": None,
            "mentions": [{"text": "北京大学", "start": 6, "end": 10}],
        },
        "中国证监会": {
            "name": "中国证监会",
            "kind": None,
            "parent": None,
            "mentions": [{"text": "中国证监会", "start": 0, "end": 5}],
        },
    }
    name_organisations(table, mainland=True)
    assert list(table) == ["中国证券监督管理委员会", "北京大学"]
    body = table["中国证券监督管理委员会"]
    assert body["name"] == "中国证券监督管理委员会" and body["kind"] == "government"
    assert [m["start"] for m in body["mentions"]] == [0, 2]
    table = {"证监会": {"name": "证监会", "kind": None, "parent": None, "mentions": []}}
    name_organisations(table, mainland=False)
    assert list(table) == ["证监会"]


def test_the_table_is_one_body_per_form_and_its_names_are_canonical() -> None:
    """Every form names one body; a body's name is as the step writes it (abbreviations expanded), so a
    story that writes the name in full gets the same organisation; no body's name is a local one."""
    lex = lexicon()
    bodies = set(lex.national_bodies.values())
    assert len(bodies) >= 80
    for name in bodies | set(lex.international_bodies.values()):
        assert canonical_name(name) == name, name
    names = national_names()
    for form, body in [*lex.national_bodies.items(), *lex.international_bodies.items()]:
        assert names[canonical_name(form)][0] == body, form
    assert not lex.national_bodies.keys() & lex.international_bodies.keys()
    for local in ("统计局", "发展和改革委员会", "卫生健康委员会", "宣传部", "社科院", "人大常委会"):
        assert local not in names, local


def enriched(stories: list[tuple[str, str]], *, own_site: bool = False) -> list:
    """Items of (title, body) with their entities, published on consecutive days of May 2025; ``own_site``:
    at URLs of no regional channel (make_item's have /gd/: Guangdong would place a story abroad)."""
    items = []
    for n, (title, body) in enumerate(stories, start=1):
        if own_site:
            item = make_item(n, title, [body], datetime(2025, 5, n, tzinfo=SH), site="example.com")
            item.url = item.canonical_url = f"https://news.example.com/a/{n}.html"
        else:
            item = make_item(n, title, [body], datetime(2025, 5, n, tzinfo=SH))
        apply_to_item(item)
        items.append(item)
    return items


def test_two_stories_one_row(tmp_path: Path) -> None:
    """The headline question counts a body once whatever its stories called it."""
    items = enriched(
        [
            ("证监会发布新规", "证监会今天发布新规，加强对上市公司的监管。"),
            ("中国证监会召开发布会", "中国证监会今天召开新闻发布会，介绍资本市场情况。"),
            ("监管新规解读", "中国证券监督管理委员会有关负责人就新规答记者问。"),
        ]
    )
    url, engine = build_db(tmp_path / "n.db", items)
    engine.dispose()
    with make_readonly_engine(url).connect() as conn:
        rows = queries.orgs(conn, limit=10)
        assert [(r["name"], r["articles"]) for r in rows] == [("中国证券监督管理委员会", 3)]
        # each story's form is an alias: a query by any of them finds the body
        for form in ("证监会", "中国证监会"):
            assert [r["name"] for r in queries.orgs(conn, like=form, limit=5)] == ["中国证券监督管理委员会"]


def test_a_group_by_its_legal_name_is_no_child_of_itself() -> None:
    """中国国家铁路集团有限公司 (国铁集团's own name) had the parent 中国国家铁路集团, and 北京公共交通控股（集团）
    有限公司 the parent 北京公共交通控股（集团: a legal form after a group's name names the group."""
    from pipelines.entities.canonical import parent_of

    assert parent_of("中国国家铁路集团有限公司") is None
    assert parent_of("中国华能集团有限公司") is None
    assert parent_of("北京公共交通控股（集团）有限公司") is None
    assert parent_of("中国南方航空股份有限公司北京分公司") == "中国南方航空股份有限公司"
    assert parent_of("中国人口学会托育服务分会") == "中国人口学会"


def test_an_organisation_is_found_by_any_of_its_names(tmp_path: Path) -> None:
    """``timeline 外交部`` answers with the ministry (named 中华人民共和国外交部) and with a 外交部 a story left
    as written; an abbreviation is read as the step reads it (住建部); a name ``reprocess`` replaced (the
    organisation no article mentions any more) is passed over while the body's new name answers."""
    items = enriched(
        [
            ("外交部发言人答记者问", "外交部发言人今天表示，中方欢迎各方参与。"),
            ("莫斯科会谈", "法国总统马克龙在莫斯科与普京会面。俄罗斯和法国讨论乌克兰局势。外交部表示。"),
            ("住建部发布通知", "住建部今天发布通知，加强城市更新工作。"),
        ],
        own_site=True,
    )
    # the third article as a database stored before this step had it, then reprocessed
    old = make_item(
        3, "住建部发布通知", ["住建部今天发布通知，加强城市更新工作。"], datetime(2025, 5, 3, tzinfo=SH)
    )
    old.organizations = [
        {
            "name": "住房和城乡建设部",
            "kind": "government",
            "parent": None,
            "mentions": items[2].organizations[0]["mentions"],
        }
    ]
    url, engine = build_db(tmp_path / "r.db", [old, *items])
    engine.dispose()
    with make_readonly_engine(url).connect() as conn:
        names = dict(
            conn.execute(text("select id, name from organizations")).all()  # noqa: S608 - a test's fixed query
        )
        assert "住房和城乡建设部" in names.values()  # the replaced name's row is still there
        ministry = queries.resolve_org(conn, "外交部")
        assert sorted(names[i] for i in ministry) == ["中华人民共和国外交部", "外交部"]
        assert [names[i] for i in queries.resolve_org(conn, "中华人民共和国外交部")] == [
            "中华人民共和国外交部"
        ]
        for asked in ("住建部", "住房和城乡建设部", "中华人民共和国住房和城乡建设部"):
            assert [names[i] for i in queries.resolve_org(conn, asked)] == [
                "中华人民共和国住房和城乡建设部"
            ], asked
        assert queries.resolve_org(conn, "水利部") == []


def test_a_body_whose_suffix_tells_its_kind_wrong() -> None:
    """中国人民银行 is the central bank, not a company (银行); the Party centre's departments are the
    Party's. Every body given a kind is one of the table's."""
    got = {
        o["name"]: o["kind"]
        for o in entities_and_place("央行今天宣布降准。中国人民银行表示。中央纪委发布通报。")[0]
    }
    assert got == {"中国人民银行": "government", "中国共产党中央纪律检查委员会": "party"}
    lex = lexicon()
    assert lex.national_kinds.keys() <= set(lex.national_bodies.values()) | set(lex.company_groups.values())


def test_an_international_organisation_by_its_own_name_in_any_story() -> None:
    """欧盟, 北约, 安理会, WTO (or ＷＴＯ): the forms the news writes, in a story of the mainland or not."""
    got = orgs("欧盟表示，北约和安理会将开会。ＩＭＦ和WTO发表声明。世贸组织总干事说。")
    assert got == {
        "欧洲联盟": ["欧盟"],
        "北大西洋公约组织": ["北约"],
        "联合国安全理事会": ["安理会"],
        "国际货币基金组织": ["ＩＭＦ"],
        "世界贸易组织": ["WTO", "世贸组织"],
    }
    assert "欧洲联盟" in orgs("欧盟表示将加强合作。", url="https://news.example.com.hk/a/1")


def test_a_listed_body_the_tagger_reads_as_a_place_is_a_body() -> None:
    """The tagger reads 中华人民共和国教育部 as a place after 教育部 in one story (and 阿盟 in msra-train): a
    name or form of the tables is a body whatever label the tagger gives its span."""
    text = "记者从教育部获悉，中华人民共和国教育部将发布通知。"
    assert orgs(text) == {"中华人民共和国教育部": ["教育部", "中华人民共和国教育部"]}


def test_two_bodies_issuing_together_are_two() -> None:
    """中共中央 国务院印发 (a headline's space dropped both), 中共中央国务院, 党中央国务院, 北大清华: two bodies
    of one table read as one name are two; not one of each table (北约国防部长: the alliance's ministers)."""
    from pipelines.entities.national_bodies import joint_split

    both = {"中国共产党中央委员会": ["中共中央"], "中华人民共和国国务院": ["国务院"]}
    assert orgs("中共中央 国务院印发《关于加快建设统一大市场的意见》。") == both
    assert orgs("中共中央国务院印发《意见》。") == both
    assert orgs("党中央国务院高度重视。") == {
        "中国共产党中央委员会": ["党中央"],
        "中华人民共和国国务院": ["国务院"],
    }
    assert joint_split("北大清华") == (2, 2) and joint_split("中共中央 国务院") == (4, 5)
    assert joint_split("北约国防部") is None and joint_split("国务院") is None


def test_state_media_and_forms_that_name_one_body_everywhere() -> None:
    """新华社 in Hong Kong's press is Xinhua as in Beijing's (national_bodies.everywhere); 外交部 there is not
    the mainland's."""
    assert set(orgs("據新華社報道，香港特區政府表示。")) == {"新华通讯社", "香港特区政府"}
    assert orgs("新华社北京5月24日电 记者获悉，新华通讯社发布消息。")["新华通讯社"] == [
        "新华社",
        "新华通讯社",
    ]
    lex = lexicon()
    assert lex.national_everywhere <= lex.national_bodies.keys()
