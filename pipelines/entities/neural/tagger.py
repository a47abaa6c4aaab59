"""The neural tagger (``model/ner.onnx`` + ``model/ner-vocab.json``, written by
``python -m pipelines.entities.neural.train``; not shipped today): ORG, PER and LOC spans.

Same interface and chunking as :class:`pipelines.entities.tagger.CrfTagger`: the text is cut into
pieces of at most ``MAX_CHUNK`` characters (sentences, then commas, then hard), identical pieces are
tagged once, the distinct pieces go through the emission network a batch at a time (one padded
onnxruntime call, one thread), and Viterbi over the CRF's transition scores runs in numpy for the
whole batch. Offsets are into the original text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.entities.bio import spans_of
from pipelines.entities.features import Gazetteer
from pipelines.entities.neural.encode import load_vocab, viterbi
from pipelines.entities.tagger import GAZETTEER_PATH, MAX_LENGTH, MODEL_DIR, Entity, chunks

WHITESPACE = re.compile(r"\s")
NON_SPACE = re.compile(r"\S+")
ONNX_PATH = MODEL_DIR / "ner.onnx"
VOCAB_PATH = MODEL_DIR / "ner-vocab.json"
ROW = 4096  # positions per onnxruntime call: bounds the memory of a long text
GAP = 4  # padding between packed pieces: at least the network's widest dilation (checked on load)


class NeuralTagger:
    """ORG/PER/LOC spans from the ONNX emission network + CRF transitions; thread-safe."""

    name = "neural"

    def __init__(
        self,
        model_path: Path = ONNX_PATH,
        vocab_path: Path = VOCAB_PATH,
        gazetteer_path: Path = GAZETTEER_PATH,
        *,
        threads: int = 1,
    ) -> None:
        from pipelines.privacy import quiet_onnxruntime

        if not model_path.is_file():
            raise FileNotFoundError(
                f"{model_path}: no neural model (train one: python -m pipelines.entities.neural.train)"
            )
        ort = quiet_onnxruntime()
        self.model_path = model_path
        self.vocab, self.crf, self.meta = load_vocab(vocab_path)
        self.gazetteer = Gazetteer.load(gazetteer_path)
        arch = self.meta.get("arch", {})
        dilations = arch.get("dilations", []) if isinstance(arch, dict) else []
        if not dilations or max(dilations) > GAP:
            raise ValueError(
                f"{vocab_path}: the network's dilations {dilations} reach past the packing gap ({GAP})"
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # memory back to the system after each call (peak RSS)
        options.enable_mem_pattern = False
        self._session: Any = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )

    def tag_pieces(self, pieces: list[str]) -> list[list[str]]:
        """BIO tags of each (short) piece.

        The pieces are packed end to end into rows of about :data:`ROW` positions with :data:`GAP`
        padding positions between them (the network masks padding after every layer and no
        convolution reaches past ``GAP``, so a piece's scores are those it gets alone), one
        onnxruntime call per row; Viterbi then runs over all pieces at once.
        """
        out: list[list[str]] = [[] for _ in pieces]
        live = [i for i, p in enumerate(pieces) if p]
        if not live:
            return out
        vocab, gazetteer = self.vocab, self.gazetteer
        lengths = np.fromiter((len(pieces[i]) for i in live), dtype=np.int64, count=len(live))
        emissions = np.zeros((len(live), int(lengths.max()), len(vocab.labels)), dtype=np.float32)
        k = 0
        while k < len(live):
            # one row: pieces k..j-1, at least one
            j, used = k + 1, int(lengths[k])
            while j < len(live) and used + GAP + int(lengths[j]) <= ROW:
                used += GAP + int(lengths[j])
                j += 1
            chars, bigrams, gaz, starts = vocab.encode_packed([pieces[i] for i in live[k:j]], gazetteer, GAP)
            (row,) = self._session.run(None, {"chars": chars, "bigrams": bigrams, "gaz": gaz})
            for m, start in enumerate(starts):
                n = int(lengths[k + m])
                emissions[k + m, :n] = row[0, start : start + n]
            k = j
        labels = vocab.labels
        for i, path in zip(live, viterbi(emissions, lengths, self.crf), strict=True):
            out[i] = [labels[t] for t in path]
        return out

    def tag_sentence(self, sentence: str) -> list[str]:
        """BIO tags of one (short) sentence."""
        return self.tag_pieces([sentence])[0]

    def entities(self, text: str) -> list[Entity]:
        pieces = chunks(text)
        distinct = list(dict.fromkeys(piece for _, piece in pieces))
        tagged = dict(zip(distinct, self.tag_pieces(distinct), strict=True))
        found: list[Entity] = []
        for offset, piece in pieces:
            for a, b, label in spans_of(tagged[piece]):
                if b - a > MAX_LENGTH[label]:
                    continue
                if label == "PER" and WHITESPACE.search(piece, a, b):
                    # a byline's names side by side (记者王小明 陈静): a name holds no space
                    found.extend(
                        Entity(offset + m.start(), offset + m.end(), label)
                        for m in NON_SPACE.finditer(piece, a, b)
                    )
                else:
                    found.append(Entity(offset + a, offset + b, label))
        return sorted(found)
