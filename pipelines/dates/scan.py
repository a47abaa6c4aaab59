"""``finditer_near``: a pattern's matches, looked for only around the characters every match contains.

Patterns that start with optional parts (a year, a relative word) cannot be sped up by the regex
engine's first-character scan, so ``pattern.finditer`` tries them at every character. Each of ours
contains an anchor character (``月`` in a month, ``年`` in a year, ``日``/``号`` in a day); scanning
for the anchors in C and running the pattern on merged windows around them finds the same matches.
Look-behinds still see the text before a window; a window reaches far enough after its anchor for
every match and look-ahead of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

BEFORE = 16  # characters a match may start before its first anchor (二〇二四年十二月: 8)
AFTER = 48  # characters a match (and its look-ahead) may run after an anchor (3月14、15、16、17日)


def finditer_near(pattern: re.Pattern[str], text: str, anchor: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` restricted to windows around ``anchor``'s matches."""
    lo = hi = -1
    for a in anchor.finditer(text):
        start, end = max(0, a.start() - BEFORE), min(len(text), a.end() + AFTER)
        if start <= hi:
            hi = end
            continue
        if hi > lo:
            yield from pattern.finditer(text, lo, hi)
        lo, hi = start, end
    if hi > lo:
        yield from pattern.finditer(text, lo, hi)
