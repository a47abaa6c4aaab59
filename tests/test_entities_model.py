"""The shipped character CRF (pipelines/entities): chunking, offsets, bad input, the model file."""

from __future__ import annotations

import time

import pytest

from pipelines.entities import extract_entities
from pipelines.entities.bio import _repair, spans_of
from pipelines.entities.features import Gazetteer, attributes, normalise, sentence_features
from pipelines.entities.tagger import MAX_CHUNK, MODEL_PATH, chunks, default_tagger


def test_model_ships_inside_the_package_and_is_small():
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size <= 25 * 1024 * 1024
    assert MODEL_PATH.with_name("gazetteer.tsv").is_file()


def test_spans_of_bio_strict_and_lenient():
    assert spans_of(["B-ORG", "I-ORG", "O", "B-PER", "I-PER"]) == {(0, 2, "ORG"), (3, 5, "PER")}
    assert spans_of(["I-LOC", "I-LOC", "B-LOC"]) == {(0, 2, "LOC"), (2, 3, "LOC")}
    assert _repair(["O", "I-ORG", "I-PER"]) == ["O", "B-ORG", "B-PER"]


def test_normalise_keeps_length():
    for text in ("ＡＢＣ１２３", "a\x00b\x07c", "\ud800x", "中文English混合１２", "İstanbul"):
        assert len(normalise(text)) == len(text)
    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    assert len(normalise(every)) == len(every)  # no character lower-cases to two


def test_names_after_a_dotted_capital_i_keep_their_offsets():
    """``"İ".lower()`` is two characters: the features were one longer than the text, and every
    name after it was read one character off (``京会`` as a person, the premier inside a body)."""
    text = "İzmir消息，国务院总理李强在北京会见了世界银行行长。"
    orgs, persons = extract_entities(text)
    assert [p["name"] for p in persons] == ["李强"]
    assert {m["text"] for o in orgs for m in o["mentions"]} >= {"国务院", "世界银行"}
    for entity in (*orgs, *persons):
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_the_tagger_is_handed_bytes_and_the_text_view_is_the_same():
    """CRFsuite encodes every ``str`` attribute on every call; the tagger hands it bytes. The text
    view (for reading, tests, the trainer's logs) is the same attributes."""
    gaz = Gazetteer({"委员会": "SFX", "济南": "LOC"})
    text = "济南市委员会２０２５年Ｘ光"
    encoded = attributes(text, gaz)
    assert all(isinstance(a, bytes) for row in encoded for a in row)
    assert sentence_features(text, gaz) == [[a.decode() for a in row] for row in encoded]
    assert "u0=0" in sentence_features(text, gaz)[6] and "u0=x" in sentence_features(text, gaz)[11]


def test_features_one_list_per_character():
    gaz = Gazetteer({"委员会": "SFX", "济南": "LOC"})
    feats = sentence_features("济南市委员会", gaz)
    assert len(feats) == 6
    assert "GLOCB" in feats[0] and "GSFXE" in feats[5]


@pytest.mark.parametrize("text", ["", "。", "\n\n", "短句。", "甲" * 1000, "一，" * 400])
def test_chunks_cover_the_text_with_offsets(text):
    pieces = chunks(text)
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= MAX_CHUNK
    covered = {offset + i for offset, piece in pieces for i in range(len(piece))}
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_entity_offsets_point_into_a_long_text():
    sent = "国务院总理李强在北京会见了世界银行行长，中国人民银行行长潘功胜参加会见。"
    text = sent * 50
    found = default_tagger().entities(text)
    assert found
    assert {text[e.start : e.end] for e in found} >= {"国务院", "李强", "北京"}
    for e in found:
        assert 0 <= e.start < e.end <= len(text)


def test_finds_the_three_types():
    ents = default_tagger().entities("新华社记者从中国气象局获悉，张伟昨天在上海出席会议。")
    got = {("新华社记者从中国气象局获悉，张伟昨天在上海出席会议。"[e.start : e.end], e.label) for e in ents}
    assert ("中国气象局", "ORG") in got
    assert ("张伟", "PER") in got
    assert ("上海", "LOC") in got


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02中国\x1b[31m人民银行\x7f",
        "IBM公司和Microsoft在北京成立了联合实验室，русский текст，العربية，日本語のテキスト。",
        "国" * 20000,  # one very long "sentence"
        "北京大学" * 3000,  # no punctuation at all
        "😀🎉" * 500 + "清华大学",
        "\ud800中国\udfff银行",  # lone surrogates
        "刘绍棠走了。绍棠说。" * 20000,  # one name on every line: every occurrence a mention (was quadratic)
        "济南市委刘绍棠同志说。" * 20000,
        "济南市卫生健康委员会开会。" * 15000,  # a body on every line (short forms were quadratic: 17 s)
        "市委书记张三和县委代表团到了人民日报代表团。" * 9000,  # bare bodies as mentions
    ],
)
def test_bad_input_gives_a_result(text):
    t0 = time.perf_counter()
    orgs, persons = extract_entities(text)
    assert isinstance(orgs, list) and isinstance(persons, list)
    for ent in orgs + persons:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert time.perf_counter() - t0 < 60


def test_a_megabyte_of_one_character_is_fast():
    text = "啊" * 1_000_000
    t0 = time.perf_counter()
    assert default_tagger().entities(text) == []
    assert time.perf_counter() - t0 < 30


def test_places_reach_the_story_place():
    from pipelines.entities import default_recognizer
    from pipelines.entities.places import story_place
    from pipelines.entities.recognizers import places_of

    text = "张伟昨天在上海出席会议。"
    assert [text[s.start : s.end] for s in places_of(default_recognizer(), text)] == ["上海"]
    body = "孙中山的故居展览在广州开幕，孙中山的后人出席。"
    assert story_place(body).city == "中山市"  # 中山 inside 孙中山 read as the city
    assert story_place(body, persons=[(0, 3), (14, 17)]).city == "广州市"
    orgs, persons = extract_entities("市政府召开会议。" + body)
    assert [p["name"] for p in persons] == ["孙中山"]
    assert [o["name"] for o in orgs] == ["广州市人民政府"]


def test_model_post_rules_on_org_spans():
    from pipelines.entities.tagger import Entity
    from pipelines.entities.tokens import org_post_rules

    text = "中国作家协会第十次全国代表大会，潘建伟团队，“普惠托育·科学育儿"
    cut = org_post_rules(text, Entity(0, 15, "ORG"))
    assert [text[e.start : e.end] for e in cut] == ["中国作家协会"]
    group = org_post_rules(text, Entity(16, 21, "ORG"))
    assert [(text[e.start : e.end], e.label) for e in group] == [("潘建伟", "PER")]
    assert org_post_rules(text, Entity(22, 32, "ORG")) == []


def test_a_papers_byline_names_the_paper():
    orgs, persons = extract_entities("示例日报讯（记者王小明 陈静）5月26日，示例市召开新闻发布会。")
    assert [o["name"] for o in orgs] == ["示例日报"]
    assert [p["name"] for p in persons] == ["王小明", "陈静"]
    assert extract_entities("本报讯 今天召开会议。")[0] == []


_FEATURES_PROBE = """
import json
from pipelines.entities.features import sentence_features
from pipelines.entities.tagger import default_tagger
g = default_tagger("crf").gazetteer
print(json.dumps(sentence_features("济南市卫生健康委员会在山东省济南市举办托育服务宣传月活动", g)))
"""


def test_features_do_not_depend_on_the_hash_seed() -> None:
    """The trainer's attribute order follows the features' order: with sets in it, two runs of the same
    command wrote different model files (same scores). Features are lists in a fixed order."""
    import os
    import subprocess
    import sys

    from tests.support.paths import ROOT

    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _FEATURES_PROBE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1]
    assert "GLOCB" in outs[0] and "s=B" in outs[0]


def test_training_holds_out_whole_runs_of_sentences_and_writes_them_back(tmp_path) -> None:
    """``train.py --block N``: the unit held out is N consecutive sentences (a story), and
    ``--write-held`` writes them in a form ``read_any`` (and so ``benchmarks/entities.py --gold``) reads."""
    from pipelines.entities.bio import read_any
    from pipelines.entities.train import load, write_bio

    (tmp_path / "train").mkdir()
    sents = [
        ([f"{i:03d}"[0], f"{i:03d}"[1], f"{i:03d}"[2], "局"], ["B-ORG", "I-ORG", "I-ORG", "I-ORG"])
        for i in range(60)
    ]
    write_bio(tmp_path / "train" / "t.bio", sents)
    train, held = load(["t.bio"], tmp_path, holdout=3, block=5)
    ids = ["".join(c[:3]) for c, _ in held["t.bio"]]
    assert ids == [f"{i:03d}" for i in [*range(0, 5), *range(15, 20), *range(30, 35), *range(45, 50)]]
    assert len(train) == 40 and not {"".join(c[:3]) for c, _ in train} & set(ids)
    # --offset 1: the next unit of each three instead (another split of the same size)
    other = ["".join(c[:3]) for c, _ in load(["t.bio"], tmp_path, holdout=3, block=5, offset=1)[1]["t.bio"]]
    assert other == [f"{i:03d}" for i in [*range(5, 10), *range(20, 25), *range(35, 40), *range(50, 55)]]
    # block 1 is the shipped split: every holdout-th sentence
    assert ["".join(c[:3]) for c, _ in load(["t.bio"], tmp_path, holdout=20)[1]["t.bio"]] == [
        "000",
        "020",
        "040",
    ]
    write_bio(tmp_path / "held.bio", held["t.bio"])
    assert [(list(c), list(t)) for c, t in read_any(tmp_path / "held.bio")] == held["t.bio"]


def test_the_shipped_not_suffix_words_are_what_the_training_data_gives() -> None:
    """``lexicon.json``'s ``not_suffix_words`` is written by ``python -m pipelines.entities.suffix_words``:
    recomputed from msra-train.bio it is the same list (a suffix table change must rewrite it)."""
    from pipelines.entities.bio import read_any
    from pipelines.entities.lexicon import lexicon
    from pipelines.entities.suffix_words import never_ending_names
    from tests.support.paths import shared_path

    train = shared_path("corpus", "ner", "train", "msra-train.bio")
    assert set(never_ending_names(read_any(train))) == lexicon().not_suffix_words


def test_an_organisation_without_a_suffix_needs_the_models_confidence_outside_a_list():
    from pipelines.entities.tagger import MIN_MARGINAL_UNSUFFIXED_ORG, CrfTagger, _listed

    text = "金锺国拥有“能力者”、“斯巴达国斯”及“国教练”等称号。"
    assert "斯巴达国斯" not in [text[e.start : e.end] for e in default_tagger().entities(text)]
    assert _listed("安南、小泉、普京", 3, 5) and not _listed("会见小泉首相", 2, 4)

    class NoFloor(CrfTagger):  # the same model without the organisation floor finds it: the floor did it
        def _sure_spans(self, piece: str) -> list[tuple[int, int, str]]:
            return [(a, b, label) for a, b, label in spans_of(self.tag_sentence(piece))]

    plain = NoFloor()
    assert "斯巴达国斯" in [text[e.start : e.end] for e in plain.entities(text)]
    assert 0 < MIN_MARGINAL_UNSUFFIXED_ORG < 1

    from pipelines.entities.tagger import MIN_MARGINAL, floor

    assert floor("会见小泉首相", 2, 4, "ORG") == MIN_MARGINAL_UNSUFFIXED_ORG  # no suffix, no list
    assert floor("安南、小泉、普京", 3, 5, "ORG") is None  # listed
    assert floor("济南市委召开会议", 0, 4, "ORG") is None  # a suffix
    assert floor("会见小泉首相", 2, 4, "PER") == MIN_MARGINAL["PER"]
    assert floor("潘建伟团队获奖", 0, 3, "PER") is None  # a group word follows
    assert floor("在济南", 1, 3, "LOC") is None


def test_a_model_trained_on_bioes_labels_is_read_back_as_bio(tmp_path) -> None:
    import pycrfsuite

    from pipelines.entities.bio import to_bio, to_bioes
    from pipelines.entities.features import Gazetteer, sentence_features
    from pipelines.entities.tagger import CrfTagger

    gold = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "B-LOC", "I-LOC"]
    assert to_bioes(gold) == ["O", "B-ORG", "I-ORG", "E-ORG", "O", "S-PER", "B-LOC", "E-LOC"]
    assert to_bio(to_bioes(gold)) == gold and to_bio(gold) == gold

    gazetteer = Gazetteer({"委员会": "SFX"})
    sentences = [
        (f"{a}委员会主任{p}说，他来自{c}。", a, p, c)
        for a in ("环保", "教育", "卫生", "科技")
        for p in ("王明", "李华", "张强")
        for c in ("济南", "青岛")
    ]
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, a, p, c in sentences:
        tags = ["O"] * len(text)
        for word, label in ((a + "委员会", "ORG"), (p, "PER"), (c, "LOC")):
            i = text.index(word)
            tags[i : i + len(word)] = ["B-" + label] + ["I-" + label] * (len(word) - 1)
        trainer.append(sentence_features(text, gazetteer), to_bioes(tags))
    trainer.set_params({"max_iterations": 50})
    trainer.train(str(tmp_path / "ner.crfsuite"))
    gazetteer.save(tmp_path / "gazetteer.tsv")

    tagger = CrfTagger(tmp_path / "ner.crfsuite", tmp_path / "gazetteer.tsv")
    text = "环保委员会主任王明说，他来自济南。"
    tags = tagger.tag_sentence(text)
    assert tagger.bioes and not {t[:2] for t in tags} & {"S-", "E-"}
    found = {(text[e.start : e.end], e.label) for e in tagger.entities(text)}
    assert ("环保委员会", "ORG") in found and ("济南", "LOC") in found
