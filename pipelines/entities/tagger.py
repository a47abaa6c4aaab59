"""The taggers' common ground (:class:`Entity`, :func:`chunks`, :func:`default_tagger`) and the
character-level CRF tagger (``model/ner.crfsuite``): ORG, PER and LOC spans of a text.

The default tagger is the CRF. The neural tagger (:mod:`pipelines.entities.neural.tagger`,
``default_tagger("neural")``) runs a model trained with ``python -m pipelines.entities.neural.train``;
none ships today (it did not beat the CRF in accuracy and speed together: docs/entity-model.md).

Long texts are cut into sentences (and long sentences at commas, then hard) of at most
:data:`MAX_CHUNK` characters; offsets are into the original text. Identical chunks are tagged once per
call, so pathological input (a megabyte of one character) costs little.
"""

from __future__ import annotations

import functools
import importlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pycrfsuite

from pipelines.entities.bio import spans_of, to_bio
from pipelines.entities.features import Gazetteer, attributes
from pipelines.entities.filters import coverage, in_transcription_characters, surnames
from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import CJK_ONLY, LIST_MARK, NAME_DOTS, NAME_HYPHENS, lexicon
from pipelines.entities.word_edges import EDGE_WINDOW, edges_of

MODEL_DIR = Path(__file__).with_name("model")
MODEL_PATH = MODEL_DIR / "ner.crfsuite"
GAZETTEER_PATH = MODEL_DIR / "gazetteer.tsv"
MAX_CHUNK = 160  # characters per tagger call
# Longer spans are tagger noise (a run of one character, a table row), not names.
MAX_LENGTH = {"ORG": 40, "PER": 16, "LOC": 24}
# A person only where the model gives every character's tag a marginal probability of at least this
# (names it hesitates over are mostly words and slogans: 普惠托育 0.24–0.68, real names 0.98–1.0),
# unless a group word follows (潘建伟团队). Chosen on the held-out slice of the training file, where it
# leaves F1 as it is and raises precision (docs/entity-model.md).
MIN_MARGINAL = {"PER": 0.5}
# The same floor for an organisation without an institutional suffix (吉兴, 赫鲁, 斯巴达国斯: the model's
# guesses at phrases), except in an enumeration (、 beside it: 平民党、维新党; a short name listed among
# persons is read as a person later, 小泉). Suffixed names have the grammar and the lexicon behind them.
# Issue 12's ninth step: +0.001 to +0.003 ORG F1 on the four sets, five wrong page names gone, none right.
MIN_MARGINAL_UNSUFFIXED_ORG = 0.5
# A person the model hesitates over — it tags O, but every character's person tag has at least this
# marginal — is believed in a person's context (lexicon.json person_contexts: 记者采访了|殷勇。,
# 信长星|强调): a surname first, two or three characters, the name whole (the next character's
# I-PER lower). Trained on 1990s news, the model gives today's names 0.1-0.4 there (记者采访了|郝鹏。 0.14);
# msra and People's Daily 1998 have no such place left (issue 12's twenty-fifth step; 0.2 until the
# twenty-seventh, which read the span's dictionary word: 江山|说到做到 is no person).
HESITANT_PERSON = 0.1
MAX_HESITANT = 3
MAX_GIVEN_NAME = 2  # characters of a given name read after a compound surname (欧阳|自远)
# a hesitant person is a word the dictionary lacks, or one it names a person (楼阳生, 巴罗: nr, nrt)
PERSON_FLAGS = frozenset({None, "nr", "nrfg", "nrt"})
MAX_PLACE_AS_PERSON = 4  # characters of a place read as a person between a post and a verb
# a hyphen between a person and a transcribed part after it: one name (博格丹-马丁); a dash joins two persons'
# names in a term (叶利钦—桥本计划, 赫尔姆斯—伯顿法: msra-train), which stay two
JOINING_HYPHENS = frozenset(NAME_HYPHENS) - {"—"}
# a transcribed name in parts (阿不都热依木·买买提): read as a place between a post and a verb, a person
DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:[{NAME_DOTS}][\u4e00-\u9fff]{{2,}})+")
CLAUSE_START = re.compile('[，。；：、！？\n “"]')  # a clause opens after one
# Sentence ends (kept with the sentence before), then the softer cuts for long sentences.
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
SOFT_CUT = re.compile(r"(?<=[，,、：:\s])")


@dataclass(frozen=True, order=True)
class Entity:
    start: int
    end: int
    label: str  # ORG, PER or LOC


def chunks(text: str, size: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """``(offset, piece)`` pieces of ``text`` of at most ``size`` characters, cut at sentence ends first."""
    out: list[tuple[int, str]] = []
    pos = 0
    for sent in SENTENCE_END.split(text):
        if len(sent) <= size:
            if sent.strip():
                out.append((pos, sent))
        else:
            out.extend((pos + off, piece) for off, piece in _cut_long(sent, size))
        pos += len(sent)
    return out


def _cut_long(sent: str, size: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    cut_points = [m.start() for m in SOFT_CUT.finditer(sent)]
    k = 0
    while len(sent) - start > size:
        limit = start + size
        best = start
        while k < len(cut_points) and cut_points[k] <= limit:
            if cut_points[k] > start:
                best = cut_points[k]
            k += 1
        end = best if best > start + size // 4 else limit  # no comma in reach: a hard cut
        piece = sent[start:end]
        if piece.strip():
            out.append((start, piece))
        start = end
    if sent[start:].strip():
        out.append((start, sent[start:]))
    return out


class Tagger(Protocol):
    """What the entity step needs of a tagger."""

    name: str

    def tag_sentence(self, sentence: str) -> list[str]: ...

    def entities(self, text: str) -> list[Entity]: ...


class CrfTagger:
    """ORG/PER/LOC spans from the CRF model; thread-safe (one pycrfsuite tagger per thread)."""

    name = "crf"

    def __init__(self, model_path: Path = MODEL_PATH, gazetteer_path: Path = GAZETTEER_PATH) -> None:
        self.model_path = model_path
        self.gazetteer = Gazetteer.load(gazetteer_path)
        self._local = threading.local()
        self.bioes = False  # set when the model is first opened (its labels say)

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._local.tagger = tagger
            # a model trained on BIOES labels (S-, E-) is read back as BIO; its marginals are its own
            self.bioes = any(label[:2] in ("S-", "E-") for label in tagger.labels())
        return tagger

    def _model_tags(self, sentence: str) -> list[str]:
        """The model's own tags of one (short) sentence (BIO or BIOES, as it was trained)."""
        if not sentence:
            return []
        return list(self._tagger().tag(attributes(sentence, self.gazetteer)))

    def tag_sentence(self, sentence: str) -> list[str]:
        """BIO tags of one (short) sentence."""
        return self._as_bio(self._model_tags(sentence))

    def _as_bio(self, tags: list[str]) -> list[str]:
        return to_bio(tags) if self.bioes else tags

    def entities(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        seen: dict[str, list[tuple[int, int, str]]] = {}
        for offset, piece in chunks(text):
            spans = seen.get(piece)
            if spans is None:
                spans = seen[piece] = self._sure_spans(piece)
            found.extend(
                Entity(offset + a, offset + b, label) for a, b, label in spans if b - a <= MAX_LENGTH[label]
            )
        return sorted(found)

    def _sure_spans(self, piece: str) -> list[tuple[int, int, str]]:
        """The piece's spans, without those the model is unsure of (:func:`floor`)."""
        own = self._model_tags(piece)
        if not own:
            return []
        tagger = self._tagger()  # still holds this piece: marginals of its last tagging
        sure = []
        for a, b, label in _hyphen_joined(piece, _surname_joined(piece, sorted(spans_of(self._as_bio(own))))):
            least = floor(piece, a, b, label)
            if least is not None and min(tagger.marginal(own[i], i) for i in range(a, b)) < least:
                continue
            sure.append((a, b, label))
        if not self.bioes:
            sure = _compound_surname_names(piece, tagger, sure)
            sure.extend(_hesitant_persons(piece, own, tagger, sure))
        return _persons_read_as_places(piece, sure)


def _surname_joined(piece: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` with a surname the model tags a person of its own, right before a person of two characters,
    joined to it where a word of the text starts at the surname (主任医师|王|孟昭|团队: 王孟昭; not 法老王|彼比,
    the pharaoh Pepi): msra-train, msra-dev and People's Daily 1998 hold no such pair
    (their one-character persons beside a person are pairs of names, 马|列, 汤|尤, and stay two)."""
    out: list[tuple[int, int, str]] = []
    names = surnames()
    for a, b, label in spans:
        if (
            label == "PER"
            and b - a == 2
            and out
            and out[-1][1] == a
            and out[-1][2] == "PER"
            and out[-1][1] - out[-1][0] == 1
            and piece[a - 1] in names
            and a - 1 in edges_of(piece, max(0, a - 1 - EDGE_WINDOW), b)
        ):
            out[-1] = (a - 1, b, label)
            continue
        out.append((a, b, label))
    return out


def _hyphen_joined(piece: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` with a person and the transcribed part after a hyphen joined (多琳·博格丹|-|马丁, 吉斯卡尔|-|德斯坦
    read as a place): one name (:data:`JOINING_HYPHENS`)."""
    out: list[tuple[int, int, str]] = []
    for a, b, label in spans:
        if (
            out
            and out[-1][2] == "PER"
            and label in ("PER", "LOC")
            and out[-1][1] + 1 == a
            and piece[a - 1] in JOINING_HYPHENS
            and CJK_ONLY.match(piece[a:b])
            and in_transcription_characters(piece[a:b])
        ):
            out[-1] = (out[-1][0], b, "PER")
            continue
        out.append((a, b, label))
    return out


def _compound_surname_names(
    piece: str, tagger: pycrfsuite.Tagger, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """``spans`` with a person that is a compound surname alone (欧阳, ``surnames.compound``) run on over the one
    or two characters after it that keep a person's tag of at least :data:`HESITANT_PERSON` where the next
    does not, and that are no word of the dictionary but a name (欧阳|自远|在: the model is sure of the surname and
    hesitates over a given name it never saw; not 欧阳|夫子)."""
    lex = lexicon()
    out: list[tuple[int, int, str]] = []
    for a, b, label in spans:
        if label == "PER" and piece[a:b] in lex.compound_surnames:
            j = b
            while (
                j < len(piece)
                and j - b < MAX_GIVEN_NAME
                and CJK_ONLY.match(piece[j])
                and tagger.marginal("I-PER", j) >= HESITANT_PERSON
            ):
                j += 1
            given = piece[b:j]
            if (
                j > b
                and (j == len(piece) or tagger.marginal("I-PER", j) < HESITANT_PERSON)
                and word_flag(given) in PERSON_FLAGS
                and given not in lex.titles
            ):
                out.append((a, j, label))  # not 欧阳|夫子: a word of the dictionary, an honorific
                continue
        out.append((a, b, label))
    return out


def _hesitant_persons(
    piece: str, own: list[str], tagger: pycrfsuite.Tagger, sure: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Persons the model tags O but does not rule out (:data:`HESITANT_PERSON`), in a person's context:
    right after a verb that takes one, or opening a clause or following a post before a verb of saying."""
    lex = lexicon()
    after_verb = {m.end() for m in lex.person_context_before_re.finditer(piece)}
    if not after_verb and lex.person_context_after_re.search(piece) is None:
        return []  # no context in the piece: no marginal read
    clause = {0, *(m.end() for m in CLAUSE_START.finditer(piece))}
    # a post's end opens a name as a clause's start does (副主编|周明|说)
    clause.update(m.end() for m in lex.title_re.finditer(piece))
    names = _hesitant_surnames()
    taken = coverage(len(piece), ((a, b) for a, b, _ in sure))
    out: list[tuple[int, int, str]] = []
    for i in sorted(after_verb | clause):
        if i >= len(piece) or own[i] != "O" or taken[i] or piece[i] not in names:
            continue
        if tagger.marginal("B-PER", i) < HESITANT_PERSON:
            continue
        j = i + 1
        while (
            j < len(piece)
            and j - i < MAX_HESITANT
            and own[j] == "O"
            and not taken[j]
            and tagger.marginal("I-PER", j) >= HESITANT_PERSON
        ):
            j += 1
        if j - i < 2 or (j < len(piece) and tagger.marginal("I-PER", j) >= HESITANT_PERSON):
            continue  # one character, or a name running on (舍比拉|特)
        if word_flag(piece[i:j]) not in PERSON_FLAGS:
            continue  # a word of the dictionary, no name (江山|说到做到, 黄河|强调)
        if i in after_verb or lex.person_context_after_re.match(piece, j):
            out.append((i, j, "PER"))
    return out


def _persons_read_as_places(piece: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` with a place of two to four Chinese characters between a post and a verb of saying or of
    a leader's act (第一书记|阿东|作工作报告, 主席|热地|讲话) read as the person it is: msra-train and People's
    Daily 1998 tag 321 names so placed, every one a person (the model reads some minorities' names, 阿东,
    as places); a transcribed name in parts too (院长|阿不都热依木·买买提|介绍)."""
    if not any(label == "LOC" for _, _, label in spans):
        return spans
    lex = lexicon()
    posts = {m.end() for m in lex.title_re.finditer(piece)}
    return [
        (a, b, "PER")
        if label == "LOC"
        and a in posts
        and (
            (2 <= b - a <= MAX_PLACE_AS_PERSON and CJK_ONLY.match(piece[a:b]))
            or DOTTED_NAME.fullmatch(piece, a, b) is not None
        )
        and lex.person_context_after_re.match(piece, b)
        else (a, b, label)
        for a, b, label in spans
    ]


@functools.cache
def _hesitant_surnames() -> frozenset[str]:
    """The surnames a hesitant person starts with: the step's, and rarer ones (楼阳生, 信长星: lexicon
    ``surnames.hesitant``) — in a person's context only."""
    return surnames() | lexicon().hesitant_surnames


def floor(piece: str, a: int, b: int, label: str) -> float | None:
    """The least marginal every character of span ``piece[a:b]`` needs for the model to be believed,
    or None where no floor applies: a person (``MIN_MARGINAL``), an organisation without an
    institutional suffix outside a list (``MIN_MARGINAL_UNSUFFIXED_ORG``); never before a group word
    (``潘建伟团队``)."""
    lex = lexicon()
    least = MIN_MARGINAL.get(label)
    if label == "ORG" and lex.suffix_of(piece[a:b]) is None and not _listed(piece, a, b):
        least = MIN_MARGINAL_UNSUFFIXED_ORG
    if least is None or piece.startswith(lex.person_groups, b):
        return None
    return least


def _listed(piece: str, a: int, b: int) -> bool:
    """The span stands in an enumeration: a list mark right before or after it."""
    return piece[a - 1 : a] == LIST_MARK or piece[b : b + 1] == LIST_MARK


_DEFAULT: dict[str, Tagger] = {}
_LOCK = threading.Lock()
# kind -> "module:class", imported on first use (the neural tagger imports this module's common ground)
TAGGERS = {"crf": f"{__name__}:CrfTagger", "neural": "pipelines.entities.neural.tagger:NeuralTagger"}


def set_default_tagger(tagger: Tagger, kind: str = "crf") -> None:
    """Make ``tagger`` the process-wide tagger of ``kind`` (a model trained elsewhere, for measuring it)."""
    with _LOCK:
        _DEFAULT[kind] = tagger


def default_tagger(kind: str = "crf") -> Tagger:
    """The process-wide tagger of a model (``crf``, shipped; or ``neural``, when trained), loaded on first use."""
    with _LOCK:
        tagger = _DEFAULT.get(kind)
        if tagger is None:
            if kind not in TAGGERS:
                raise ValueError(f"unknown tagger {kind!r} ({' or '.join(sorted(TAGGERS))})")
            module, _, cls = TAGGERS[kind].partition(":")
            tagger = getattr(importlib.import_module(module), cls)()
            _DEFAULT[kind] = tagger
        return tagger
