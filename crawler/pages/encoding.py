"""Decode a page's bytes to text correctly, whatever its header or ``<meta>`` claims.

Order of trust:

1. a byte-order mark;
2. strict UTF-8, when the bytes are valid UTF-8 and not plain ASCII (GBK text is practically never
   valid UTF-8, so this also rescues browser-saved pages that still declare gb2312);
3. the declared charsets (HTTP header, then ``<meta>``), each tried strictly; gb2312/gbk are read as
   gb18030 (their superset), big5 as big5hkscs — and a page declared gb2312 whose gb18030 reading is
   a twentieth or more kana is Big5 (:data:`BIG5_AS_GB_KANA`) when it reads so;
4. charset-normalizer's best guess — unless it reads as almost no CJK (a single-byte guess such as
   ``ptcp154`` turns GBK with one stray byte into Cyrillic) while a lenient gb18030 reading is
   mostly CJK with very few bad bytes: then the gb18030 reading wins, bad bytes dropped;
5. gb18030 with replacement, replacement characters removed (counted by the caller via the
   returned encoding name ending in ``+replace``).

A returned text never contains U+FFFD.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from crawler.constants import KANA_RE

META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
HEADER_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)

# declared name -> the codec we actually decode with
SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
}

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

REPLACEMENT = "\ufffd"
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# codecs whose reading we never second-guess
NATIVE_CODECS: frozenset[str] = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "big5hkscs"})
GB_MAX_BAD_SHARE = 0.002  # at most this share of undecodable bytes for the gb18030 repair
# Big5 bytes read as GB: Big5's commonest characters (lead bytes A4, A5) are GB2312's rows of hiragana
# and katakana, so a Big5 page declared gb2312 reads as a tenth or more kana (magic-dev's two pages in
# traditional script, written in Big5 and read as GB: 14 % and 20 %); Chinese text in GB has none (the
# shared pages: 0), and Japanese is written in Shift_JIS, EUC-JP or UTF-8, not declared gb2312
BIG5_AS_GB_KANA = 0.05


def normalize_charset(name: str | None) -> str | None:
    """Map a declared charset to the Python codec we decode it with, or ``None`` if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | bytes | None) -> str | None:
    """The charset of a ``Content-Type`` header value, if any."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    m = HEADER_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB."""
    m = META_CHARSET_RE.search(body[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | bytes | None = None) -> tuple[str, str]:
    """Return ``(text, codec)`` for a page's raw bytes. Never raises; never returns U+FFFD."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            text = _strict(body, codec)
            if text is not None:
                return text.replace(REPLACEMENT, ""), codec
    if not body.isascii():
        text = _strict(body, "utf-8")
        if text is not None:
            return text.replace(REPLACEMENT, ""), "utf-8"
    else:
        return body.decode("ascii"), "utf-8"
    for declared in (header_charset(content_type), meta_charset(body)):
        declared_codec = normalize_charset(declared)
        if declared_codec and declared_codec != "utf-8":
            text = _strict(body, declared_codec)
            if text is not None and declared_codec == "gb18030" and _kana_share(text) >= BIG5_AS_GB_KANA:
                big5 = _strict(body, "big5hkscs")  # Big5 declared gb2312: its commonest rows read as kana
                if big5 is not None and _kana_share(big5) < BIG5_AS_GB_KANA:
                    return big5.replace(REPLACEMENT, ""), "big5hkscs"
            if text is not None:
                return text.replace(REPLACEMENT, ""), declared_codec
    lenient = body.decode("gb18030", errors="replace")
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        codec = normalize_charset(best.encoding) or best.encoding
        text = _strict(body, codec)
        if text is not None and (
            codec in NATIVE_CODECS or _cjk_share(text) >= 0.3 or not _mostly_gb(lenient)
        ):
            return text.replace(REPLACEMENT, ""), codec
    if _mostly_gb(lenient):
        return lenient.replace(REPLACEMENT, ""), "gb18030+repaired"
    return lenient.replace(REPLACEMENT, ""), "gb18030+replace"


def _share(pattern: re.Pattern[str], text: str, *, empty: float) -> float:
    """Share of ``pattern``'s characters among the non-ASCII characters of the first 20k characters
    (``empty`` when there are none)."""
    sample = text[:20000]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))  # counted in C, not a loop per character
    return len(pattern.findall(sample)) / non_ascii if non_ascii else empty


def _kana_share(text: str) -> float:
    return _share(KANA_RE, text, empty=0.0)


def _cjk_share(text: str) -> float:
    return _share(CJK_RE, text, empty=1.0)


def _mostly_gb(lenient: str) -> bool:
    """A lenient gb18030 reading with very few bad bytes that is mostly CJK."""
    bad = lenient.count(REPLACEMENT)
    return bad <= GB_MAX_BAD_SHARE * max(1, len(lenient)) and _cjk_share(lenient) >= 0.7
