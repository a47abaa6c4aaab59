"""Persons the tagger hesitates over, believed in a person's context (tagger.HESITANT_PERSON)."""

from __future__ import annotations

import pytest

from pipelines.entities import entities_and_place
from pipelines.entities.tagger import _hesitant_persons, default_tagger


def persons(text: str) -> list[str]:
    return [p["name"] for p in entities_and_place(text)[1]]


@pytest.mark.parametrize(
    "text",
    [
        "记者采访了殷勇。",  # a name ending the sentence, after a verb that takes a person
        "记者采访了施小琳。",
        "楼阳生说，这是一个重要的时刻。",  # opening a clause before a verb of saying
        "记者采访了郝鹏。",  # the model gives 郝鹏 0.14 there (0.2 was the floor until the 27th step)
    ],
)
def test_todays_names_in_a_persons_context(text: str) -> None:
    names = {"殷": "殷勇", "施": "施小琳", "楼": "楼阳生", "郝": "郝鹏"}
    name = names[next(c for c in text if c in names)]
    assert persons(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "记者采访了高层。",  # a word, no name
        "他看望了老党员。",
        "双方表示，将加强合作。",
        "记者采访了程序员。",
        "，江山说到做到。",  # a word of the dictionary (a place's name there), no person
        "，黄河强调生态保护。",
    ],
)
def test_no_person_where_the_context_holds_a_word(text: str) -> None:
    assert persons(text) == []


def test_a_hesitant_person_is_whole_and_starts_with_a_surname() -> None:
    """The model's own tags and marginals decide: nothing where it is sure of O, nothing running on."""
    tagger = default_tagger()
    raw = tagger._tagger()
    text = "记者采访了殷勇。"
    own = tagger._model_tags(text)
    assert own[5:7] == ["O", "O"]  # the model alone misses the name
    assert _hesitant_persons(text, own, raw, []) == [(5, 7, "PER")]
    assert _hesitant_persons(text, own, raw, [(5, 7, "PER")]) == []  # a sure span there: nothing more
    text = "记者采访了程序员。"
    assert _hesitant_persons(text, tagger._model_tags(text), raw, []) == []


def test_a_hesitant_person_after_a_post_before_a_verb_of_saying() -> None:
    # the post's end opens the name as a clause's start does (was nothing: 周明 0.1-0.5 there)
    assert persons("《剧本》杂志副主编周明说：“这个戏不是一般地停留在表面。”") == ["周明"]
    assert persons("委员会主任高度重视表示，要抓好落实。") == []  # no surname's name after the post


def test_a_surname_the_model_tags_alone_joins_the_given_name_after_it() -> None:
    # the model reads 王|孟昭 (B-PER B-PER I-PER): one name where a word starts at the surname
    assert persons("主任医师王孟昭团队完成了手术。") == ["王孟昭"]
    assert persons("古埃及第六王朝法老王彼比一世全身青铜立像日前修复。") == [
        "彼比"
    ]  # 法老王: a king, no surname
    got = {p["name"]: [m["text"] for m in p["mentions"]] for p in entities_and_place("他坚持马列主义。")[1]}
    assert got == {"马克思": ["马"], "列宁": ["列"]}  # a pair of one-character names stays two
