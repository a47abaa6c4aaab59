"""Length-preserving width folding, so offsets found in the folded text are offsets into the original.

NFKC of the full-width digits and Latin letters (``２０２５年５月``) and of the full-width ``．`` and
``／`` used in dates (``２０２４．５．１``) is one ASCII character each, so folding just those keeps
``len(fold_width(s)) == len(s)`` and ``s[i:j]`` is the original of ``fold_width(s)[i:j]``. Other
characters are left alone on purpose: NFKC changes the length of some (``㈠`` -> ``(一)``), and
folding CJK punctuation (``，`` -> ``,``) would change what the patterns read as a clause boundary.
(``～`` and ``－`` need no folding: the patterns take them as they are.)
"""

from __future__ import annotations

import unicodedata

_FULL_WIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．／"
_TABLE = str.maketrans({c: unicodedata.normalize("NFKC", c) for c in _FULL_WIDTH})


def fold_width(text: str) -> str:
    """Full-width digits, Latin letters, ``．`` and ``／`` to ASCII (NFKC of each, 1:1 offsets)."""
    if text.isascii():
        return text
    return text.translate(_TABLE)
