"""Train the CRF tagger from ``../shared/corpus/ner/train`` and measure it.

    python -m pipelines.entities.train --out pipelines/entities/model/ner.crfsuite

The defaults reproduce the shipped model (``msra-train.bio``, L-BFGS, c1 0.05, c2 0.01, 250
iterations, features seen at least twice). Every ``--holdout``-th sentence of each training file is
held out (never trained on) and scored beside the MSRA dev set. With ``--block N`` the unit held out
is a run of N consecutive sentences instead (the files keep a story's sentences together, so that
holds out whole stories: text whose names the model has not seen, as a crawl's are);
``--write-held FILE`` writes the held-out sentences of the first file for
``benchmarks/entities.py --gold FILE --model …``. CRFsuite's L-BFGS and averaged perceptron have no
random state and the sentences go in file order: the same files and options give
the same model. One thread. Needs the ``[train]`` extra (python-crfsuite, also a runtime dependency).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from pipelines.entities.bio import Sentence, read_any, score_spans, to_bioes
from pipelines.entities.features import Gazetteer, attributes
from pipelines.entities.tagger import CrfTagger

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "corpus" / "ner"
DEFAULT_FILES = ("msra-train.bio",)  # with pd1998-jan.sent.bio: worse on msra-dev (model card)
DEV_FILE = "msra-dev.char.bmes"
# jieba dictionary flags read into the gazetteer: places, organisations, person names.
GAZETTEER_FLAGS = {"ns": "LOC", "nt": "ORG"}  # nr (person names): tried, no gain (docs/entity-model.md)


def build_gazetteer() -> Gazetteer:
    """Places (``ns``) and organisations (``nt``) of jieba's dictionary, institutional suffixes of
    ``pipelines/entities/lexicon.json`` (``SFX``)."""
    import jieba

    from pipelines.entities.lexicon import lexicon

    words: dict[str, str] = {}
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    with dict_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] in GAZETTEER_FLAGS:
                words[parts[0]] = GAZETTEER_FLAGS[parts[2]]
    for suffix in lexicon().suffix_kind:
        words[suffix] = "SFX"
    return Gazetteer(words)


def load(
    files: Sequence[str], data: Path, holdout: int, block: int = 1, offset: int = 0
) -> tuple[list[Sentence], dict[str, list[Sentence]]]:
    """Training sentences, and the held-out ones per file: every ``holdout``-th unit of ``block``
    consecutive sentences, starting with unit ``offset`` (``block`` 1, ``offset`` 0: every
    ``holdout``-th sentence, the shipped model's split)."""
    train: list[Sentence] = []
    held: dict[str, list[Sentence]] = {}
    for name in files:
        sents = [s for s in read_any(data / "train" / name) if s[0]]
        out = [bool(holdout) and (i // block) % holdout == offset % holdout for i in range(len(sents))]
        held[name] = [s for s, is_out in zip(sents, out, strict=True) if is_out]
        train.extend(s for s, is_out in zip(sents, out, strict=True) if not is_out)
        log.info("%s: %d sentences (%d held out)", name, len(sents), len(held[name]))
    return train, held


def write_bio(path: Path, sents: Iterable[Sentence]) -> None:
    """Sentences as ``char<TAB>tag`` lines, a blank line after each (what :func:`read_any` reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for chars, tags in sents:
            fh.writelines(f"{c}\t{t}\n" for c, t in zip(chars, tags, strict=True))
            fh.write("\n")


def score(tagger: CrfTagger, sents: Iterable[Sentence]) -> dict[str, dict[str, float]]:
    """Strict span P/R/F1 per label (ORG, PER, LOC) and micro over all."""
    return score_spans((tags, tagger.tag_sentence("".join(chars))) for chars, tags in sents)


def train(
    out: Path,
    files: Sequence[str],
    data: Path,
    *,
    algorithm: str,
    c1: float,
    c2: float,
    max_iterations: int,
    holdout: int,
    min_freq: int,
    verbose: bool = False,
    block: int = 1,
    write_held: Path | None = None,
    offset: int = 0,
    scheme: str = "bio",
) -> dict[str, object]:
    out.parent.mkdir(parents=True, exist_ok=True)
    gazetteer = build_gazetteer()
    gaz_path = out.with_name("gazetteer.tsv")
    gazetteer.save(gaz_path)
    train_sents, held = load(files, data, holdout, block, offset)
    if write_held is not None:
        write_bio(write_held, held[files[0]])
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for chars, tags in train_sents:
        trainer.append(attributes("".join(chars), gazetteer), to_bioes(tags) if scheme == "bioes" else tags)
    t_feat = time.perf_counter() - t0
    trainer.select(algorithm)
    params: dict[str, object] = {
        "max_iterations": max_iterations,
        "feature.minfreq": min_freq,
        "feature.possible_transitions": True,
    }
    if algorithm == "lbfgs":
        params.update({"c1": c1, "c2": c2})
    trainer.set_params(params)
    t1 = time.perf_counter()
    trainer.train(str(out))
    t_train = time.perf_counter() - t1
    log.info("trained in %.0f s (features %.0f s)", t_train, t_feat)
    tagger = CrfTagger(out, gaz_path)
    report: dict[str, object] = {
        "files": list(files),
        "sentences": len(train_sents),
        "algorithm": algorithm,
        "scheme": scheme,
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "min_freq": min_freq,
        "block": block,
        "offset": offset,
        "feature_seconds": round(t_feat),
        "train_seconds": round(t_train),
        "iterations": trainer.logparser.last_iteration.get("num")
        if trainer.logparser.last_iteration
        else None,
        "model_bytes": out.stat().st_size,
        "dev": score(tagger, read_any(data / DEV_FILE)),
        "held_out": {name: score(tagger, sents) for name, sents in held.items() if sents},
    }
    return report


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("model") / "ner.crfsuite")
    ap.add_argument("--data", type=Path, default=DATA, help="the ner corpus folder (train/, msra-dev)")
    ap.add_argument("--files", nargs="+", default=list(DEFAULT_FILES))
    ap.add_argument(
        "--algorithm",
        choices=("lbfgs", "ap", "pa", "arow", "l2sgd"),
        default="lbfgs",
        help="CRFsuite training algorithm (ap: averaged perceptron)",
    )
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iterations", type=int, default=250)
    ap.add_argument("--min-freq", type=int, default=2)
    ap.add_argument(
        "--scheme",
        choices=("bio", "bioes"),
        default="bio",
        help="labels the model learns: BIO, or BIOES (S- for a one-character entity, E- for an entity's end)",
    )
    ap.add_argument("--holdout", type=int, default=20, help="every Nth training sentence held out (0: none)")
    ap.add_argument("--block", type=int, default=1, help="hold out runs of N consecutive sentences (stories)")
    ap.add_argument(
        "--offset",
        type=int,
        default=0,
        help="hold out unit K of every --holdout (another split of the same size)",
    )
    ap.add_argument("--write-held", type=Path, help="write the first file's held-out sentences here (BIO)")
    ap.add_argument("--verbose", action="store_true", help="CRFsuite's progress per iteration")
    ap.add_argument("--report", type=Path, help="write the figures as JSON here too")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    report = train(
        args.out,
        args.files,
        args.data,
        algorithm=args.algorithm,
        c1=args.c1,
        c2=args.c2,
        max_iterations=args.max_iterations,
        holdout=args.holdout,
        min_freq=args.min_freq,
        verbose=args.verbose,
        block=args.block,
        write_held=args.write_held,
        offset=args.offset,
        scheme=args.scheme,
    )
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
