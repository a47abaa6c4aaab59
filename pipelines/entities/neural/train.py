"""Train the neural tagger and export it: ``model/ner.onnx`` (emission network) + ``model/ner-vocab.json``.

    python -m pipelines.entities.neural.train [--epochs 12] [--minutes 50]

Character embeddings (every normalised training character) + bigram embeddings (bigrams seen at least
``--min-bigram`` times) + the gazetteer flags of ``model/gazetteer.tsv`` → a dilated convolution stack
(IDCNN, residual, masked at padding) → per-label emission scores; a linear-chain CRF on top (trained
with the CRF log-likelihood; its transition scores are saved beside the vocabulary and Viterbi runs in
numpy at run time). Every ``--holdout``-th sentence of each training file is held out; the epoch kept is
the one with the best held-out F1 (msra-dev is measured and logged, never used to choose). Fixed seed,
one process; needs the ``[train]`` extra (torch, onnx).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from pipelines.entities.bio import LABELS, Sentence, read_any, score_spans
from pipelines.entities.features import END, Gazetteer, normalise
from pipelines.entities.neural.encode import (
    IntArray,
    Transitions,
    Vocab,
    illegal_transition_mask,
    save_vocab,
    viterbi,
)
from pipelines.entities.neural.tagger import GAP
from pipelines.entities.train import load  # the same hold-out as the CRF's

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
REPO = Path(__file__).resolve().parents[3]
DATA = REPO.parent / "shared" / "corpus" / "ner"
DEV_FILE = "msra-dev.char.bmes"
GAZ_CLASSES = ("LOC", "ORG", "SFX")


class Emissions(nn.Module):
    """``(chars [B,T], bigrams [B,T], gaz [B,T,G]) -> scores [B,T,labels]``; padding (char id 0) is masked."""

    def __init__(
        self,
        n_chars: int,
        n_bigrams: int,
        n_gaz: int,
        n_labels: int,
        *,
        char_dim: int,
        bigram_dim: int,
        channels: int,
        dilations: Sequence[int],
        dropout: float,
    ) -> None:
        super().__init__()
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.bigram = nn.Embedding(n_bigrams, bigram_dim, padding_idx=0)
        self.inp = nn.Conv1d(char_dim + bigram_dim + n_gaz, channels, 3, padding=1)
        self.convs = nn.ModuleList(nn.Conv1d(channels, channels, 3, padding=d, dilation=d) for d in dilations)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Conv1d(channels, n_labels, 1)

    def forward(self, chars: torch.Tensor, bigrams: torch.Tensor, gaz: torch.Tensor) -> torch.Tensor:
        mask = (chars > 0).unsqueeze(1).to(torch.float32)
        x = torch.cat([self.char(chars), self.bigram(bigrams), gaz], dim=-1).transpose(1, 2)
        h = torch.relu(self.inp(self.drop(x))) * mask
        for conv in self.convs:
            h = (h + torch.relu(conv(h))) * mask
        return self.out(self.drop(h)).transpose(1, 2)


class Crf(nn.Module):
    def __init__(self, n_labels: int) -> None:
        super().__init__()
        self.start = nn.Parameter(torch.zeros(n_labels))
        self.trans = nn.Parameter(torch.zeros(n_labels, n_labels))
        self.end = nn.Parameter(torch.zeros(n_labels))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tags (padding positions: any tag, masked)."""
        b, width, _ = em.shape
        mask = torch.arange(width)[None, :] < lengths[:, None]
        rows = torch.arange(b)
        # gold path score
        gold = self.start[tags[:, 0]] + em[rows, 0, tags[:, 0]]
        for i in range(1, width):
            step = self.trans[tags[:, i - 1], tags[:, i]] + em[rows, i, tags[:, i]]
            gold = gold + step * mask[:, i]
        last = tags[rows, lengths - 1]
        gold = gold + self.end[last]
        # partition function
        alpha = self.start[None, :] + em[:, 0]
        for i in range(1, width):
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], dim=1) + em[:, i]
            alpha = torch.where(mask[:, i, None], nxt, alpha)
        z = torch.logsumexp(alpha + self.end[None, :], dim=1)
        return (z - gold).mean()

    def transitions(self) -> Transitions:
        start_pen, trans_pen = illegal_transition_mask(LABELS)
        return Transitions(
            self.start.detach().numpy().astype(np.float32) + start_pen,
            self.trans.detach().numpy().astype(np.float32) + trans_pen,
            self.end.detach().numpy().astype(np.float32),
        )


def build_vocab(train: Sequence[Sentence], min_bigram: int) -> Vocab:
    chars: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for cs, _ in train:
        s = normalise("".join(cs))
        chars.update(s)
        padded = s + END
        bigrams.update(padded[i : i + 2] for i in range(len(s)))
    keep_c = sorted(chars, key=lambda c: (-chars[c], c))
    keep_b = sorted((b for b, n in bigrams.items() if n >= min_bigram), key=lambda b: (-bigrams[b], b))
    return Vocab.build(keep_c, keep_b, GAZ_CLASSES)


Encoded = tuple[IntArray, IntArray, np.ndarray, IntArray]


def encode_all(sents: Sequence[Sentence], vocab: Vocab, gaz: Gazetteer) -> list[Encoded]:
    index = {t: i for i, t in enumerate(LABELS)}
    out: list[Encoded] = []
    for cs, tags in sents:
        c, b, g = vocab.encode("".join(cs), gaz)
        out.append((c, b, g, np.asarray([index[t] for t in tags], dtype=np.int64)))
    return out


def collate(items: Sequence[Encoded], n_gaz: int) -> tuple[torch.Tensor, ...]:
    width = max(len(it[0]) for it in items)
    n = len(items)
    chars = np.zeros((n, width), dtype=np.int64)
    bigrams = np.zeros((n, width), dtype=np.int64)
    gaz = np.zeros((n, width, n_gaz), dtype=np.float32)
    tags = np.zeros((n, width), dtype=np.int64)
    lengths = np.zeros(n, dtype=np.int64)
    for k, (c, b, g, t) in enumerate(items):
        m = len(c)
        chars[k, :m], bigrams[k, :m], gaz[k, :m], tags[k, :m], lengths[k] = c, b, g, t, m
    return tuple(torch.from_numpy(a) for a in (chars, bigrams, gaz, tags, lengths))


def batches(data: Sequence[Encoded], size: int, rng: random.Random) -> list[list[int]]:
    """Index batches of similar lengths (little padding), in a shuffled order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    out = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(out)
    return out


def predict(net: Emissions, crf: Transitions, data: Sequence[Encoded], n_gaz: int) -> list[list[int]]:
    net.eval()
    out: list[list[int]] = [[] for _ in data]
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), 128):
            idx = order[k : k + 128]
            chars, bigrams, gaz, _tags, lengths = collate([data[i] for i in idx], n_gaz)
            em = net(chars, bigrams, gaz).numpy()
            for i, path in zip(idx, viterbi(em, lengths.numpy(), crf), strict=True):
                out[i] = path
    return out


def score(paths: Sequence[list[int]], data: Sequence[Encoded]) -> dict[str, dict[str, float]]:
    return score_spans(
        ([LABELS[t] for t in item[3]], [LABELS[t] for t in path])
        for path, item in zip(paths, data, strict=True)
    )


def export(net: Emissions, path: Path, n_gaz: int) -> None:
    net.eval()
    example = (
        torch.ones(2, 5, dtype=torch.int64),
        torch.ones(2, 5, dtype=torch.int64),
        torch.zeros(2, 5, n_gaz),
    )
    axes = {
        "chars": {0: "batch", 1: "width"},
        "bigrams": {0: "batch", 1: "width"},
        "gaz": {0: "batch", 1: "width"},
    }
    torch.onnx.export(
        net,
        example,
        str(path),
        input_names=["chars", "bigrams", "gaz"],
        output_names=["emissions"],
        dynamic_axes={**axes, "emissions": {0: "batch", 1: "width"}},
        opset_version=17,
        dynamo=False,
    )


def quantize(path: Path, vocab: Vocab, gaz: Gazetteer, sents: Sequence[Sentence]) -> None:
    """Rewrite the ONNX file with int8 convolutions (onnxruntime's static quantization, calibrated on
    ``sents`` packed as at run time)."""
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    texts = ["".join(chars) for chars, _ in sents]

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            rows: list[dict[str, np.ndarray]] = []
            for k in range(0, len(texts), 30):
                chars, bigrams, g, _ = vocab.encode_packed(texts[k : k + 30], gaz, GAP)
                rows.append({"chars": chars, "bigrams": bigrams, "gaz": g})
            self.rows = iter(rows)

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.rows, None)

    pre = path.with_suffix(".pre.onnx")
    quant_pre_process(str(path), str(pre))
    quantize_static(
        str(pre),
        str(path),
        Reader(),
        quant_format=QuantFormat.QOperator,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QUInt8,
        op_types_to_quantize=["Conv"],
    )
    pre.unlink()


def train(args: argparse.Namespace) -> dict[str, Any]:
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    gaz = Gazetteer.load(MODEL_DIR / "gazetteer.tsv")
    train_sents, held = load(args.files, args.data, args.holdout)
    if args.limit:
        train_sents = train_sents[: args.limit]
        held = {k: v[: args.limit // 10] for k, v in held.items()}
    vocab = build_vocab(train_sents, args.min_bigram)
    log.info("vocab: %d chars, %d bigrams", len(vocab.chars), len(vocab.bigrams))
    t0 = time.perf_counter()
    train_data = encode_all(train_sents, vocab, gaz)
    held_data = [e for sents in held.values() for e in encode_all(sents, vocab, gaz)]
    dev_sents = [s for s in read_any(args.data / DEV_FILE) if s[0]]
    dev_data = encode_all(dev_sents[: args.limit // 10] if args.limit else dev_sents, vocab, gaz)
    log.info("encoded in %.0f s", time.perf_counter() - t0)
    net = Emissions(
        len(vocab.chars) + 2,
        len(vocab.bigrams) + 2,
        vocab.n_gaz,
        len(LABELS),
        char_dim=args.char_dim,
        bigram_dim=args.bigram_dim,
        channels=args.channels,
        dilations=args.dilations,
        dropout=args.dropout,
    )
    crf = Crf(len(LABELS))
    params = list(net.parameters()) + list(crf.parameters())
    opt = torch.optim.Adam(params, lr=args.lr)
    best: dict[str, Any] = {"held_f1": -1.0}
    history = []
    deadline = time.monotonic() + args.minutes * 60
    t_start = time.perf_counter()
    if args.from_checkpoint:  # export a saved epoch (no training)
        saved = torch.load(args.from_checkpoint)
        net.load_state_dict(saved["net"])
        crf.load_state_dict(saved["crf"])
        trans = crf.transitions()
        best = {
            "epoch": saved["epoch"],
            "held": score(predict(net, trans, held_data, vocab.n_gaz), held_data),
            "dev": score(predict(net, trans, dev_data, vocab.n_gaz), dev_data),
        }
        best_state = ({k: v.clone() for k, v in net.state_dict().items()}, trans)
    for epoch in range(1, 0 if args.from_checkpoint else args.epochs + 1):
        net.train()
        te = time.perf_counter()
        total = 0.0
        for batch in batches(train_data, args.batch, rng):
            chars, bigrams, g, tags, lengths = collate([train_data[i] for i in batch], vocab.n_gaz)
            loss = crf.nll(net(chars, bigrams, g), tags, lengths)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += float(loss.detach()) * len(batch)
        trans = crf.transitions()
        held_score = score(predict(net, trans, held_data, vocab.n_gaz), held_data)
        dev_score = score(predict(net, trans, dev_data, vocab.n_gaz), dev_data)
        row = {
            "epoch": epoch,
            "loss": round(total / len(train_data), 3),
            "seconds": round(time.perf_counter() - te),
            "held": {k: v["f1"] for k, v in held_score.items()},
            "dev": {k: v["f1"] for k, v in dev_score.items()},
        }
        history.append(row)
        log.info("%s", json.dumps(row))
        if held_score["ALL"]["f1"] > best["held_f1"]:
            best = {"held_f1": held_score["ALL"]["f1"], "epoch": epoch, "held": held_score, "dev": dev_score}
            best_state = ({k: v.clone() for k, v in net.state_dict().items()}, trans)
            if args.checkpoint:
                torch.save({"net": best_state[0], "crf": crf.state_dict(), "epoch": epoch}, args.checkpoint)
        if time.monotonic() > deadline:
            log.info("time budget reached after epoch %d", epoch)
            break
    net.load_state_dict(best_state[0])
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    export(net, out, vocab.n_gaz)
    meta = {
        "files": list(args.files),
        "epoch": best["epoch"],
        "seed": args.seed,
        "arch": {
            "char_dim": args.char_dim,
            "bigram_dim": args.bigram_dim,
            "channels": args.channels,
            "dilations": list(args.dilations),
        },
    }
    if args.quantize:
        quantize(out, vocab, gaz, [s for i, s in enumerate(train_sents) if i % 20 == 1][:600])
        meta["quantized"] = True
    save_vocab(out.with_name(out.stem + "-vocab.json"), vocab, best_state[1], meta)
    return {
        **meta,
        "train_seconds": round(time.perf_counter() - t_start),
        "sentences": len(train_data),
        "chars": len(vocab.chars),
        "bigrams": len(vocab.bigrams),
        "model_bytes": out.stat().st_size,
        "held_out": best["held"],
        "dev": best["dev"],
        "history": history,
    }


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODEL_DIR / "ner.onnx")
    ap.add_argument("--data", type=Path, default=DATA, help="the ner corpus folder (train/, msra-dev)")
    ap.add_argument("--files", nargs="+", default=["msra-train.bio"])
    ap.add_argument("--holdout", type=int, default=20)
    ap.add_argument("--min-bigram", type=int, default=3)
    ap.add_argument("--char-dim", type=int, default=64)
    ap.add_argument("--bigram-dim", type=int, default=32)
    ap.add_argument("--channels", type=int, default=96)
    ap.add_argument("--dilations", type=int, nargs="+", default=[1, 2, 4, 1, 2, 4])
    ap.add_argument("--dropout", type=float, default=0.25)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--minutes", type=float, default=50.0, help="stop after the epoch that passes this")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--report", type=Path, help="write the figures as JSON here too")
    ap.add_argument("--checkpoint", type=Path, help="save the best epoch's weights here as training goes")
    ap.add_argument("--quantize", action="store_true", help="int8 convolutions (onnxruntime quantization)")
    ap.add_argument("--from-checkpoint", type=Path, help="export this saved epoch instead of training")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (a smoke test)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    report = train(args)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
