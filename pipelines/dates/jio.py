"""The one place that talks to jionlp: lazy import, quiet output, per-chunk extraction, re-parsing.

jionlp prints a banner to stdout when imported (which would corrupt ``cnr-news extract``'s JSON),
logs parse failures of recurring expressions (``每年一次``) through the *root* logger, and its
extractor slices the remaining text once per candidate (quadratic on long texts). So: import once,
lazily, with stdout redirected; route its log calls to our logger at DEBUG; feed it short chunks.
If jionlp is missing or broken, :func:`available` is false and callers fall back to their own rules.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

logger = logging.getLogger(__name__)

MAX_CHUNK = 1500  # characters handed to jionlp at once
# jionlp's extractor tries every substring (up to 35 chars) of a run of "time characters" once per
# entity it finds there, so a long run (周一至周五周一至周五…, digit tables, blank padding) costs
# tens of seconds. Real expressions are short (the longest in the wce-dev bodies: 20 chars).
MAX_RUN = 40
MASK = "。"  # not a time character for jionlp: ends a run without touching offsets
WHITESPACE_RUN = re.compile(r"\s{2,}")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
PARENS = re.compile(r"[(（][^()（）]*[)）]")

_lock = threading.Lock()
_state: dict[str, Any] = {}


class _QuietLogging:
    """Stands in for the ``logging`` module inside jionlp's time parser."""

    @staticmethod
    def error(msg: object, *args: object, **kwargs: object) -> None:
        logger.debug("jionlp: %s", str(msg).strip().splitlines()[-1:] or msg)

    warning = info = debug = error


def _load() -> Any | None:
    """Import jionlp once (stdout silenced) and return the module, or None if it cannot be used."""
    if "jio" in _state:
        return _state["jio"]
    with _lock:
        if "jio" in _state:
            return _state["jio"]
        t0 = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                import jionlp
                from jionlp.gadget import time_parser

            time_parser.logging = _QuietLogging()  # its only log call: a traceback per bad string
            _state["jio"] = jionlp
        except Exception:  # pragma: no cover - depends on the installation
            logger.exception("jionlp unavailable: only the built-in date patterns are used")
            _state["jio"] = None
        _state["import_s"] = time.perf_counter() - t0
        return _state["jio"]


def available() -> bool:
    return _load() is not None


def import_seconds() -> float | None:
    """Seconds the first import took in this process (None before it happened)."""
    return _state.get("import_s")


def chunks(text: str, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``text`` cut at newlines, then at sentence ends, then hard, all <= max_len."""
    pos = 0
    for line in text.split("\n"):
        if len(line) <= max_len:
            if line.strip():
                yield pos, line
        else:
            piece_start = 0
            cut = 0
            for m in SENTENCE_END.finditer(line):
                if m.start() - piece_start > max_len and cut > piece_start:
                    yield pos + piece_start, line[piece_start:cut]
                    piece_start = cut
                cut = m.start()
            while len(line) - piece_start > max_len:
                end = cut if piece_start < cut <= piece_start + max_len else piece_start + max_len
                yield pos + piece_start, line[piece_start:end]
                piece_start = end
            if piece_start < len(line):
                yield pos + piece_start, line[piece_start:]
        pos += len(line) + 1


def extract(text: str, base: datetime) -> list[dict[str, Any]]:
    """jionlp's time entities of ``text`` (offsets into ``text``), chunk by chunk.

    A chunk that makes jionlp raise is logged and skipped; the others are kept.
    """
    jio = _load()
    if jio is None:
        return []
    out: list[dict[str, Any]] = []
    for offset, piece in chunks(text):
        try:
            found = jio.ner.extract_time(_mask_long_runs(piece), time_base=base, with_parsing=True)
        except Exception:
            logger.warning(
                "jionlp failed on a chunk at offset %d (%d chars)", offset, len(piece), exc_info=True
            )
            continue
        for ent in found:
            try:
                s, e = ent["offset"]
                ent["offset"] = [offset + s, offset + e]
                out.append(ent)
            except (KeyError, TypeError, ValueError):
                continue
    return out


def _mask_long_runs(piece: str) -> str:
    """Same-length copy of ``piece`` where runs of time characters longer than MAX_RUN are blanked
    (after cutting them at blank padding); such runs are tables or junk, never one expression."""
    run_pattern = _state.get("run_pattern")
    if run_pattern is None:
        from jionlp.rule.rule_pattern import TIME_CHAR_STRING

        run_pattern = _state["run_pattern"] = re.compile(TIME_CHAR_STRING)
    if not any(len(m.group()) > MAX_RUN for m in run_pattern.finditer(piece)):
        return piece
    piece = WHITESPACE_RUN.sub(lambda m: MASK * len(m.group()), piece)
    chars = list(piece)
    for m in run_pattern.finditer(piece):
        if m.end() - m.start() > MAX_RUN:
            logger.debug("date extraction: %d-char run of time characters skipped", m.end() - m.start())
            chars[m.start() : m.end()] = MASK * (m.end() - m.start())
    return "".join(chars)


def parse_values(detail: Any) -> tuple[date, date] | None:
    """(first day, last day) of a jionlp point/span result; None for deltas, periods, open ends."""
    try:
        if detail.get("type") not in ("time_point", "time_span"):
            return None
        first, last = detail["time"]
        if not (isinstance(first, str) and isinstance(last, str)):
            return None
        return date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def parse(expression: str, base: datetime) -> tuple[date, date] | None:
    """Parse one expression the way the extractor does (drop 的/spaces, weekday asides in brackets)."""
    jio = _load()
    if jio is None:
        return None
    s = expression.replace("的", "").replace(" ", "")
    if any(w in s for w in ("周", "星期")) and PARENS.search(s):
        s = PARENS.sub("", s)
    try:
        return parse_values(jio.parse_time(s, time_base=base, strict=True))
    except Exception:
        return None
