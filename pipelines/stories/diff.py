"""What a copy changed compared with its original: title, paragraphs added, removed or cut.

Paragraphs are compared as shingle sets (:func:`pipelines.stories.shingles.shingle_hashes`, so
punctuation, spacing and full-width forms do not count). A copy's paragraph and an original's
paragraph *correspond* when most of the shorter one (:data:`SAME_PARAGRAPH`) is in the longer one.
Then:

- ``kept``: corresponding and the same text (after normalisation);
- ``changed``: corresponding but different — cut short, or a sentence added or edited;
- ``added``: a copy paragraph with no counterpart (an introduction, an editor's note, boilerplate
  the cleaner left);
- ``removed``: an original paragraph with no counterpart (trimmed away).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipelines.stories.shingles import normalize, overlap, shingle_hashes

SAME_PARAGRAPH = 0.6  # share of the shorter paragraph's shingles found in the other


@dataclass
class CopyDiff:
    title_changed: bool
    original_title: str
    title: str
    kept: int = 0
    changed: list[dict[str, str]] = field(default_factory=list)  # {"original": …, "copy": …}
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "title_changed": self.title_changed,
            "original_title": self.original_title,
            "title": self.title,
            "kept": self.kept,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
        }


def _corresponds(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    return overlap(a, b) / min(len(a), len(b))


def diff_copy(original_title: str, original: list[str], title: str, copy: list[str]) -> CopyDiff:
    """How ``copy`` (title, paragraphs) differs from ``original``."""
    out = CopyDiff(
        title_changed=normalize(title) != normalize(original_title),
        original_title=original_title,
        title=title,
    )
    orig_sh = [shingle_hashes(p) for p in original]
    used: set[int] = set()
    for p in copy:
        sh = shingle_hashes(p)
        if not len(sh):
            continue
        scores = [(_corresponds(sh, o), i) for i, o in enumerate(orig_sh)]
        best, i = max(scores, default=(0.0, -1))
        if best < SAME_PARAGRAPH:
            out.added.append(p)
            continue
        used.add(i)
        if normalize(p) == normalize(original[i]):
            out.kept += 1
        else:
            out.changed.append({"original": original[i], "copy": p})
    out.removed = [p for i, p in enumerate(original) if i not in used and len(orig_sh[i])]
    return out
