"""Words that end in a one-character institutional suffix but never end a name (社会, 关系, 僵局,
当局, 餐厅): the suffix grammar does not close a name on them. Read from the training data, not
written by hand, so the list covers the language rather than the pages the rules were read beside::

    python -m pipelines.entities.suffix_words            # rewrites lexicon.json's not_suffix_words

A word is listed when jieba's segmentation of ``msra-train.bio`` (the training file of the tagger,
dev sentences already removed) yields it as a two-character word at least :data:`MIN_SEEN` times and
no gold organisation ends with it there. ``中东|和谈|僵局`` then stays no name however the place
before it anchors the grammar; ``公安|分局`` (19 of 30 places ending a name) is not listed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipelines.entities.bio import Sentence, read_any, spans_of
from pipelines.entities.lexicon import LEXICON_PATH, lexicon
from pipelines.segment import cut

KEY = "not_suffix_words"
MIN_SEEN = 4  # occurrences of a word before its never ending a name counts
TRAIN_FILE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ner" / "train" / "msra-train.bio"


def never_ending_names(sentences: Iterable[Sentence], min_seen: int = MIN_SEEN) -> list[str]:
    """Two-character words ending in a one-character suffix of the lexicon, seen at least ``min_seen``
    times in ``sentences`` and never at the end of a gold ORG span (suffixes themselves excluded)."""
    lex = lexicon()
    one = {s for s in lex.suffix_kind if len(s) == 1}
    seen: Counter[str] = Counter()
    ending: Counter[str] = Counter()
    for chars, tags in sentences:
        text = "".join(chars)
        ends = {b for _a, b, label in spans_of(tags) if label == "ORG"}
        pos = 0
        for word in cut(text):
            pos += len(word)
            if len(word) == 2 and word[-1] in one:
                seen[word] += 1
                ending[word] += pos in ends
    return sorted(w for w, n in seen.items() if n >= min_seen and not ending[w] and w not in lex.suffix_kind)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--train", type=Path, default=TRAIN_FILE, help="BIO training file (default: msra-train.bio)"
    )
    ap.add_argument("--min-seen", type=int, default=MIN_SEEN)
    ap.add_argument("--lexicon", type=Path, default=LEXICON_PATH, help="lexicon.json to rewrite")
    args = ap.parse_args(argv)
    if not args.train.is_file():
        raise SystemExit(f"no training file at {args.train} (the shared corpus beside the repository)")
    words = never_ending_names(read_any(args.train), args.min_seen)
    raw = json.loads(args.lexicon.read_text(encoding="utf-8"))
    raw[KEY] = {
        "_about": "two-character words ending in a one-character suffix that never end a name "
        f"(written by python -m pipelines.entities.suffix_words from msra-train.bio: seen at least "
        f"{args.min_seen} times, never at the end of a gold organisation); the suffix grammar closes no name on them",
        "items": words,
    }
    args.lexicon.write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {args.lexicon} ({KEY})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
