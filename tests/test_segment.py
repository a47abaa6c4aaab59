"""jieba-rs (``pipelines.segment``) gives the words jieba gives: the entity step's tokens and the search
index were built with jieba's pure-Python ``cut``; the swap (issue 19) must not change one word."""

from __future__ import annotations

import json
import logging
import re
import unicodedata

import pytest

from pipelines.db.fts import _HAN_WORD_RE, normalize, word_tokens
from pipelines.entities.jieba_tables import word_flag, word_flags, word_freq
from pipelines.segment import cut, cut_for_search
from pipelines.text.t2s import to_simplified
from tests.support.paths import FIXTURES

ODD = [
    "",
    "\x00\x01\x7f中国人民银行\t今天",
    "😀中华人民共和国🇨🇳 Beijing 2025-05-26 CL2000.com",
    "a\ud800b中华人民共和国\udfff",  # lone surrogates: jieba-rs cannot take them as they are
    "Ｃｈｉｎａ　全角　ａｂｃ　１２３",
    "中" * 5000,
]


@pytest.fixture(scope="module")
def jieba():  # type: ignore[no-untyped-def]
    import jieba as jb

    jb.setLogLevel(logging.WARNING)
    from pipelines.privacy import private_jieba

    return private_jieba(jb)


def _texts() -> list[str]:
    """News text of the fixtures: the story set's articles and the two sites' pages, tags removed."""
    texts = [
        a["title"] + "\n" + a["text"]
        for a in json.loads((FIXTURES / "stories" / "articles.json").read_text())
    ]
    pages = [*(FIXTURES / "news_site").rglob("*.html"), *(FIXTURES / "cnr_site").rglob("*.*html")]
    for page in sorted(pages):
        raw = page.read_bytes().decode("gb18030", "replace")
        texts.append(re.sub(r"<[^>]+>", " ", raw))
    assert len(texts) > 20
    return texts


def test_cut_is_jiebas_cut(jieba) -> None:  # type: ignore[no-untyped-def]
    for text in _texts():
        assert cut(text) == list(jieba.cut(text, HMM=False))


def test_search_words_are_jiebas(jieba) -> None:  # type: ignore[no-untyped-def]
    """The index keeps Han words of 2+ characters: those are jieba's, in jieba's order."""
    total = 0
    for text in _texts():
        # normalize without its last step, OpenCC: on this mojibake (pages decoded with the wrong
        # charset) it writes astral-plane characters (鏉 → 𨱒), which jieba's own regex leaves out of
        # its words and jieba-rs does not; the index segments with jieba-rs alone, text and query alike
        s = unicodedata.normalize("NFKC", text).lower()
        assert to_simplified(s) == normalize(text)
        ours = word_tokens(s)
        theirs = [w for w in jieba.cut_for_search(s) if len(w) > 1 and _HAN_WORD_RE.fullmatch(w)]
        assert ours == theirs
        total += len(ours)
    assert total > 3000  # the pages were read as Chinese


@pytest.mark.parametrize("text", ODD, ids=range(len(ODD)))
def test_odd_text_keeps_every_character(text: str) -> None:
    words = cut(text)
    assert "".join(words) == text  # the entity step's offsets are built from these lengths
    assert all(words)
    search = cut_for_search(text)
    assert bool(search) == bool(text)


def test_dictionary_table_is_jiebas(jieba) -> None:  # type: ignore[no-untyped-def]
    """The packed table reads jieba's own dictionary: frequency and flag as jieba has them."""
    jieba.dt.check_initialized()
    from jieba import posseg

    sample = [w for i, w in enumerate(posseg.dt.word_tag_tab) if i % 97 == 0]
    assert len(sample) > 3000
    for w in sample:
        assert word_freq(w) == jieba.dt.FREQ[w]
        assert word_flag(w) == posseg.dt.word_tag_tab[w]
    assert word_freq("中华人民共和") == 0 and word_flag("中华人民共和") is None  # a prefix is no word
    assert word_flag("中国") == "ns" and word_freq("中国") > 10000
    words = [*sample[:500], "中华人民共和", "中国", "x"]
    assert word_flags(words) == [word_flag(w) for w in words]  # the features' one call per text
