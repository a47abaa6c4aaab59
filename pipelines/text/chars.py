"""Character-level normalisation: spaces, invisible and control characters, full-width Latin.

Not a blanket NFKC: Chinese punctuation (，。；：“”《》（）) must stay as the page wrote it, so only
the characters that break matching and date parsing are mapped:

- ideographic, no-break and other Unicode spaces and tabs -> one ASCII space (runs collapsed);
- zero-width, bidi and other format characters, soft hyphens, C0/C1 controls -> removed;
- full-width Latin letters and digits (``２０２５``, ``ＡＩ``) -> ASCII;
- every line-break convention (CRLF, CR, U+2028/2029, VT, FF, NEL) -> ``\\n``.
"""

from __future__ import annotations

import re

_SPACES = [0x09, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)]
_INVISIBLE = [
    0xAD,  # soft hyphen
    0x034F,  # combining grapheme joiner
    0x061C,
    0x180E,
    *range(0x200B, 0x2010),  # zero-width space/non-joiner/joiner, LRM, RLM
    *range(0x202A, 0x202F),  # bidi embeddings/overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
    0xFEFF,  # BOM / zero-width no-break space
    *range(0xFFF9, 0xFFFC),  # interlinear annotation anchors
]
_CONTROLS = [
    c for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85)
]
_LINE_BREAKS = [0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
_FULLWIDTH_ALNUM = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]

TRANSLATION: dict[int, str | None] = {}
TRANSLATION.update({c: " " for c in _SPACES})
TRANSLATION.update({c: None for c in _INVISIBLE})
TRANSLATION.update({c: None for c in _CONTROLS})
TRANSLATION.update({c: "\n" for c in _LINE_BREAKS})
TRANSLATION.update({c: chr(c - 0xFEE0) for c in _FULLWIDTH_ALNUM})

# One search tells whether a string needs the (slower, per-character) translate at all.
NEEDS_TRANSLATION_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TRANSLATION)) + "]")
SPACE_RUN_RE = re.compile(r" {2,}")
# private-use characters (icon-font glyphs such as U+E004) in a one-line field are residue
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
CRLF = "\r\n"


def normalize_chars(text: str) -> str:
    """Map spaces/invisibles/controls/full-width alphanumerics; keeps ``\\n`` and Chinese punctuation.

    Spaces are collapsed to one, but lines are not stripped (see :func:`split_lines`).
    """
    if not text:
        return ""
    if CRLF in text:
        text = text.replace(CRLF, "\n")
    if NEEDS_TRANSLATION_RE.search(text):
        text = text.translate(TRANSLATION)
    if "  " in text:
        text = SPACE_RUN_RE.sub(" ", text)
    return text


def normalize_line(text: str) -> str:
    """:func:`normalize_chars` for a one-line field (title, source): line breaks become spaces, private-use
    glyphs (icon fonts) removed, stripped."""
    text = normalize_chars(text)
    if PRIVATE_USE_RE.search(text):
        text = PRIVATE_USE_RE.sub("", text)
    if "\n" in text:
        text = SPACE_RUN_RE.sub(" ", text.replace("\n", " "))
    return text.strip()


def split_lines(paragraphs: list[str]) -> list[str]:
    """Normalise characters and give one stripped, non-empty line per paragraph break."""
    out: list[str] = []
    for p in paragraphs:
        if not isinstance(p, str) or not p:
            continue
        for line in normalize_chars(p).split("\n"):
            line = line.strip()
            if line:
                out.append(line)
    return out
