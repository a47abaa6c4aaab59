"""Text in traditional script: the entity step reads it in simplified script, one character for one
(``pipelines.text.t2s.simplified_view``); names come out in simplified script, mentions keep the story's
own text and offsets."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.entities import entities_and_place
from pipelines.entities.step import apply_to_item
from pipelines.text.t2s import simplified_view

HK = "香港特別行政區行政長官李家超今日在政府總部會見了國務院港澳事務辦公室主任夏寶龍。"


def test_the_view_of_traditional_text_is_simplified_and_as_long() -> None:
    view = simplified_view(HK)
    assert view == "香港特别行政区行政长官李家超今日在政府总部会见了国务院港澳事务办公室主任夏宝龙。"
    assert len(view) == len(HK)


def test_simplified_text_is_given_back_as_it_is() -> None:
    """Converting simplified text would change rare variants (锺) and, through OpenCC's phrases, names
    (沈思远 → 沉思远): text that is not traditional script is read as it is."""
    for text in (
        "",
        "ASCII only",
        "锺南山院士说，沈思远也来了。",
        "国务院总理李强在北京会见了世界银行行长。",
    ):
        assert simplified_view(text) is text


def test_a_short_title_is_read_with_its_story() -> None:
    """香港特區 (one traditional character) cannot show its script alone; with a traditional story it is
    read in simplified script, with a simplified story as written."""
    from pipelines.text.t2s import view_with_story

    assert simplified_view("香港特區") == "香港特區"
    assert view_with_story("香港特區", HK, simplified_view(HK)) == "香港特区"
    plain = "国务院总理李强在北京会见了世界银行行长。"
    assert view_with_story("香港特區", plain, simplified_view(plain)) == "香港特區"
    assert view_with_story("東京の長屋", HK, simplified_view(HK)) == "東京の長屋"  # kana: Japanese


def test_only_the_lines_in_traditional_script_are_read_in_simplified() -> None:
    simplified = "国务院总理李强在北京会见了世界银行行长，双方就全球经济形势和发展合作交换了意见。\n" * 3
    text = simplified + "立法會主席梁君彥表示，會議順利。\n"
    view = simplified_view(text)
    assert view == simplified + "立法会主席梁君彦表示，会议顺利。\n"
    assert len(view) == len(text)


def test_lone_surrogates_keep_their_places() -> None:
    text = "德國總統\udc80訪問法國，與總統會談。"
    view = simplified_view(text)
    assert len(view) == len(text) and view.index("\udc80") == text.index("\udc80")
    assert view.startswith("德国总统")


def test_names_of_a_traditional_story_in_simplified_script_mentions_as_written() -> None:
    """Read as it was, the tagger (trained on simplified news) took 香港特別行政區行政長 for a body and
    reported 夏寶龍 and 夏宝龙 of two stories as two persons."""
    orgs, persons, _place = entities_and_place(HK)
    assert [o["name"] for o in orgs] == ["国务院港澳事务办公室"]
    assert [p["name"] for p in persons] == ["李家超", "夏宝龙"]
    for entity in (*orgs, *persons):
        for m in entity["mentions"]:
            assert HK[m["start"] : m["end"]] == m["text"]
    assert orgs[0]["mentions"][0]["text"] == "國務院港澳事務辦公室"
    assert persons[1]["mentions"][0]["text"] == "夏寶龍"


def test_an_item_in_traditional_script_keeps_mentions_that_the_store_accepts() -> None:
    """The store checks every mention against the body: mentions point into the body as written."""
    url = "https://example.com/hk.html"
    item = ArticleItem(url=url, canonical_url=url, site="example.com", key=url, title="特區政府推動托育服務")
    item.paragraphs = [HK, "特區政府表示，將繼續推動托育服務。"]
    apply_to_item(item)
    assert {p["name"] for p in item.persons} >= {"李家超", "夏宝龙"}
    for entity in (*item.organizations, *item.persons):
        for m in entity["mentions"]:
            assert item.body[m["start"] : m["end"]] == m["text"]


def test_japanese_is_not_read_as_traditional_chinese() -> None:
    text = "長屋が続く古い町並みは、東京の下町らしい風景です。\n"
    assert simplified_view(text) is text
    mixed = "德國總統訪問法國，與總統會談。\n" + text
    assert simplified_view(mixed) == "德国总统访问法国，与总统会谈。\n" + text


def test_dates_in_traditional_script() -> None:
    """下週一, 三時, 19號: the date patterns are written in simplified script; read as it was, the text
    gave no date at all."""
    from datetime import UTC, date, datetime

    from pipelines.dates import extract_dates

    text = "立法會主席梁君彥表示，會議將於下週一下午三時舉行，5月19號晚上公布結果。"
    found = extract_dates(text, datetime(2024, 5, 22, tzinfo=UTC))
    assert [(m.text, m.value_start) for m in found] == [
        ("下週一下午三時", date(2024, 5, 27)),
        ("5月19號晚上", date(2024, 5, 19)),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_boilerplate_and_sources_in_traditional_script() -> None:
    """責任編輯：, 來源：, 分享到 — the normaliser's patterns are written in simplified script; a
    traditional page's meta lines stayed in its body and its source was not found. The body keeps
    the text as written."""
    from pipelines.text import normalize_text

    story = "香港特區政府今日公布新措施，將於下週一起實施，市民可於網上查閱詳情。"
    done = normalize_text("", f"{story}\n責任編輯：王小明\n來源：香港電台\n分享到：微信 微博\n")
    assert done.paragraphs == [story]
    assert done.source == "香港電台"
    assert {"editor_line", "source_line"} <= set(done.removed)
    trailing = normalize_text("", "立法會今日通過條例草案，政府表示歡迎。（來源：香港電台）")
    assert trailing.source == "香港電台"


def test_a_foreign_person_is_one_person_whichever_press_named_him() -> None:
    """川普, 普丁, 澤倫斯基 (Taiwan's press) are 特朗普, 普京, 泽连斯基 (the mainland's): one person each
    whichever press a story came from; each mention keeps the story's text."""
    text = "美國總統川普今天表示，將與俄羅斯總統普丁通話，烏克蘭總統澤倫斯基表示歡迎。特朗普稍後離開。"
    persons = {p["name"]: [m["text"] for m in p["mentions"]] for p in entities_and_place(text)[1]}
    assert persons == {"特朗普": ["川普", "特朗普"], "普京": ["普丁"], "泽连斯基": ["澤倫斯基"]}
    text = "美國眾議院前議長裴洛西與參議院共和黨領袖麥康諾會面。德國總理蕭茲與范德賴恩通話。"
    persons = {p["name"]: [m["text"] for m in p["mentions"]] for p in entities_and_place(text)[1]}
    assert persons == {
        "佩洛西": ["裴洛西"],
        "麦康奈尔": ["麥康諾"],
        "朔尔茨": ["蕭茲"],
        "冯德莱恩": ["范德賴恩"],
    }


def test_the_traditional_characters_are_those_opencc_changes() -> None:
    """traditional_chars.txt (the pre-check's characters) holds every character the installed OpenCC changes
    one by one (a character it lacks would let a text of such characters be read as written); a one-line
    text whose traditional characters are none of the 156 commonest is read in simplified."""
    from pipelines.text.t2s import TRADITIONAL_CHARS_FILE, single_character_changes

    listed = set("".join(TRADITIONAL_CHARS_FILE.read_text(encoding="utf-8").split()))
    missing = set(single_character_changes()) - listed
    assert not missing, (
        f"rewrite traditional_chars.txt from t2s.single_character_changes(): {sorted(missing)[:20]}"
    )
    assert len(listed) >= 4000
    line = "港鐵公司表示，匯豐和新鴻基的股價上漲。"
    assert simplified_view(line) == "港铁公司表示，汇丰和新鸿基的股价上涨。"
    assert [o["name"] for o in entities_and_place(line)[0]] == [
        "港铁",
        "汇丰",
        "新鸿基",
    ]  # 港铁公司: the company the news calls 港铁
