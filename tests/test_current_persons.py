"""Persons of today's news the tagger (trained on 1990s newspapers) misread: ``lexicon.json``
``current_persons``, matched where the text's words start and end."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place


def persons(text: str) -> list[str]:
    return [p["name"] for p in entities_and_place(text)[1]]


def orgs(text: str) -> list[str]:
    return [o["name"] for o in entities_and_place(text)[0]]


@pytest.mark.parametrize(
    "name",
    [
        "普京",  # a place to the tagger (京)
        "钟南山",  # 南山, a place
        "韩国瑜",  # 韩国, Korea
        "魏哲家",  # cut to 魏哲: 家 is a word
        "潘功胜",  # 潘功
        "宗庆后",  # 宗庆
        "高市早苗",  # four characters, no Chinese surname
        "谷爱凌",  # missed
    ],
)
def test_a_person_of_todays_news_is_read_whole(name: str) -> None:
    """Each was missed or cut in these plain sentences before it was listed."""
    assert persons(f"据报道，{name}近日表示，将进一步加强合作。") == [name]
    assert persons(f"{name}今天在记者会上回答了提问。") == [name]


def test_a_current_person_ends_where_jieba_glues_the_next_word_on() -> None:
    """施一|公会|见, 赵立|坚强|调, 韩|正说: the name's last character and the next one are a word to jieba;
    what follows reads as words of its own. 施一公会 was a body (公会, a guild)."""
    text = "院士施一公会见了来访的客人，赵立坚强调合作。韩正说，这很重要。"
    assert persons(text) == ["施一公", "赵立坚", "韩正"]
    assert "施一公会" not in orgs(text)


def test_no_current_person_inside_other_words() -> None:
    """韩|正式 (Korea, formally): the name does not end a word; a transliterated full name with a dot
    stays the tagger's; a body holding the name stays a body."""
    assert persons("中韩正式签署协议，韩正式宣布参加。") == []
    assert persons("俄罗斯总统弗拉基米尔·普京今天表示。") == ["弗拉基米尔·普京"]
    assert orgs("奥巴马基金会今天宣布了新的计划。") == ["奥巴马基金会"]
    assert persons("奥巴马基金会今天宣布了新的计划。") == []


def test_current_person_spans_need_word_edges() -> None:
    from pipelines.entities.known_persons import current_person_spans
    from pipelines.segment import cut

    for text, want in [
        ("普京说", [(0, 2)]),
        ("韩正式访问", []),
        ("与韩国瑜会面", [(1, 4)]),
        ("马克·普京", []),
    ]:
        assert current_person_spans(text, cut(text)) == want, text


def test_current_persons_are_listed_once_and_read_as_persons() -> None:
    """The list holds no duplicate and no name the lexicon also lists as a body."""
    import json

    from pipelines.entities.lexicon import LEXICON_PATH, lexicon

    items = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))["current_persons"]["items"]
    assert len(items) == len(set(items)) > 200
    assert not set(items) & lexicon().known_bodies
