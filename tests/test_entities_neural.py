"""The neural tagger (pipelines/entities/neural): encoding and decoding always; offsets, bad input and
determinism when a model has been trained into pipelines/entities/model/ (none ships: see
docs/entity-model.md)."""

from __future__ import annotations

import itertools
import random
import time

import numpy as np
import pytest

pytest.importorskip("numpy")

from pipelines.entities.features import Gazetteer  # noqa: E402
from pipelines.entities.neural.encode import Transitions, Vocab, illegal_transition_mask, viterbi  # noqa: E402
from pipelines.entities.neural.tagger import GAP, ONNX_PATH, VOCAB_PATH, NeuralTagger  # noqa: E402
from pipelines.entities.tagger import MAX_LENGTH, default_tagger  # noqa: E402


@pytest.fixture(scope="module")
def tagger() -> NeuralTagger:
    if not (ONNX_PATH.is_file() and VOCAB_PATH.is_file()):
        pytest.skip("no neural model trained (python -m pipelines.entities.neural.train)")
    pytest.importorskip("onnxruntime")  # the [bench] and [train] extras
    return NeuralTagger()


def test_a_trained_model_is_small_enough_to_ship(tagger):
    assert ONNX_PATH.stat().st_size + VOCAB_PATH.stat().st_size <= 25 * 1024 * 1024
    assert tagger.name == default_tagger("neural").name == "neural"


def test_no_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no neural model"):
        NeuralTagger(tmp_path / "ner.onnx", tmp_path / "ner-vocab.json")
    with pytest.raises(ValueError, match="unknown tagger"):
        default_tagger("lstm")


def _brute_force(em: np.ndarray, crf: Transitions) -> list[int]:
    best, best_path = -np.inf, []
    for path in itertools.product(range(em.shape[1]), repeat=em.shape[0]):
        s = crf.start[path[0]] + crf.end[path[-1]] + sum(em[i, t] for i, t in enumerate(path))
        s += sum(crf.trans[a, b] for a, b in itertools.pairwise(path))
        if s > best:
            best, best_path = s, list(path)
    return best_path


def test_batched_viterbi_is_exact_for_each_sentence_of_a_padded_batch():
    rng = np.random.default_rng(0)
    n_labels = 3
    crf = Transitions(
        *(rng.normal(size=s).astype(np.float32) for s in (n_labels, (n_labels, n_labels), n_labels))
    )
    lengths = np.asarray([4, 1, 3, 2], dtype=np.int64)
    em = rng.normal(size=(4, 4, n_labels)).astype(np.float32)
    em[1, 1:] = 50.0  # padding must not count
    got = viterbi(em, lengths, crf)
    for k, n in enumerate(lengths):
        assert got[k] == _brute_force(em[k, :n], crf)
    assert viterbi(np.zeros((0, 0, n_labels), np.float32), np.zeros(0, np.int64), crf) == []


def test_strict_bio_transitions_are_forbidden():
    start, trans = illegal_transition_mask(["O", "B-ORG", "I-ORG", "B-PER", "I-PER"])
    assert start[2] < -100 and start[1] == 0
    assert trans[0, 2] < -100 and trans[3, 2] < -100 and trans[1, 2] == 0 and trans[2, 2] == 0


def test_packed_encoding_equals_encoding_each_text_alone():
    vocab = Vocab.build(
        list("中国银行北京大学0a "), ["中国", "国银", "银行", "行$", "北京", "0$"], ("LOC", "ORG", "SFX")
    )
    gaz = Gazetteer({"中国银行": "ORG", "北京": "LOC", "大学": "SFX"})
    rng = random.Random(1)
    alphabet = "中国银行北京大学１２ＡＢa\x00\x07 ，。😀русский"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(40)]
    texts += ["中国银行", "北京", "学"]
    chars, bigrams, gaz_row, starts = vocab.encode_packed(texts, gaz, GAP)
    assert chars.shape[1] == sum(map(len, texts)) + GAP * (len(texts) - 1)
    for text, start in zip(texts, starts, strict=True):
        c, b, g = vocab.encode(text, gaz)
        n = len(text)
        assert (chars[0, start : start + n] == c).all()
        assert (bigrams[0, start : start + n] == b).all()
        assert (gaz_row[0, start : start + n] == g).all()
        assert (chars[0, start + n : start + n + GAP] == 0).all()


def test_packed_pieces_are_tagged_as_each_one_alone(tagger):
    sents = [
        "新华社记者从中国气象局获悉，张伟昨天在上海出席会议。",
        "国务院总理李强在北京会见了世界银行行长。",
        "中国人民银行",
        "王",
    ]
    together = tagger.tag_pieces(sents)
    for sent, tags in zip(sents, together, strict=True):
        assert tags == tagger.tag_sentence(sent)
        assert len(tags) == len(sent)


def test_finds_the_three_types(tagger):
    text = "新华社记者从中国气象局获悉，张伟昨天在上海出席会议。"
    got = {(text[e.start : e.end], e.label) for e in tagger.entities(text)}
    assert {("中国气象局", "ORG"), ("张伟", "PER"), ("上海", "LOC")} <= got


def test_offsets_point_into_a_long_text(tagger):
    sent = "国务院总理李强在北京会见了世界银行行长，中国人民银行行长潘功胜参加会见。"
    text = "开头。\n" + sent * 60
    found = tagger.entities(text)
    assert {text[e.start : e.end] for e in found} >= {"国务院", "李强", "北京"}
    assert sum(1 for e in found if text[e.start : e.end] == "李强") == 60
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.end - e.start <= MAX_LENGTH[e.label]


def test_deterministic(tagger):
    text = "IBM公司和清华大学在北京成立了联合实验室，王小明任主任。" * 5
    assert tagger.entities(text) == tagger.entities(text) == NeuralTagger().entities(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02中国\x1b[31m人民银行\x7f",
        "IBM公司和Microsoft在北京成立了联合实验室，русский текст，العربية，日本語のテキスト。",
        "国" * 100_000,  # one 100k-character sentence
        "北京大学" * 3000,
        "😀🎉" * 500 + "清华大学",
        "\ud800中国\udfff银行",
    ],
)
def test_bad_input_gives_a_result_quickly(tagger, text):
    t0 = time.perf_counter()
    found = tagger.entities(text)
    assert time.perf_counter() - t0 < 30
    for e in found:
        assert 0 <= e.start < e.end <= len(text)


def test_a_long_sentence_of_varied_characters_is_chunked_with_offsets(tagger):
    rng = random.Random(7)
    text = "".join(rng.choice("中国人民银行北京大学王李张伟会议上海公司的了在和") for _ in range(100_000))
    t0 = time.perf_counter()
    found = tagger.entities(text)
    assert time.perf_counter() - t0 < 60
    assert found  # a name somewhere in 100k characters of name-like text
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] in text


def test_a_megabyte_of_one_character(tagger):
    t0 = time.perf_counter()
    assert tagger.entities("啊" * 1_000_000) == []
    assert time.perf_counter() - t0 < 30
