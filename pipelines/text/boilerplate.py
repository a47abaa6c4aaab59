"""Remove boilerplate lines and spans using the named patterns of :mod:`.boilerplate_patterns`."""

from __future__ import annotations

import re
from collections import Counter

from pipelines.text.boilerplate_patterns import PATTERNS, SPAN_TRIGGERS, BoilerplatePattern
from pipelines.text.dedupe import NON_WORD_RE
from pipelines.text.t2s import line_views

LINE_MAX = 160  # line/tail patterns only look at lines up to this length
BLOCK_LINE_MAX = 40  # inside a related/comment block, lines up to this many letters are swallowed
# what is left of a line after span removal, if it is only this, the line goes
RESIDUE_RE = re.compile(r"[\W_]*")
BLOCK_END_RE = re.compile(r"。[”’」』\"')）]?$")


def _combine(patterns: list[BoilerplatePattern]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if not patterns:
        return None, {}
    names = {f"g{i}": p.name for i, p in enumerate(patterns)}
    rx = "|".join(f"(?P<g{i}>{p.regex.pattern})" for i, p in enumerate(patterns))
    return re.compile(rx), names


LINE_RE, LINE_NAMES = _combine([p for p in PATTERNS if p.scope == "line"])
SPAN_RE, SPAN_NAMES = _combine([p for p in PATTERNS if p.scope == "span"])
TAIL_RE, TAIL_NAMES = _combine([p for p in PATTERNS if p.scope == "tail"])


def _match_name(rx: re.Pattern[str] | None, names: dict[str, str], line: str) -> str | None:
    if rx is None or len(line) > LINE_MAX:
        return None
    m = rx.match(line)  # line and tail patterns are anchored at the start
    if m is None or m.lastgroup is None:
        return None
    return names[m.lastgroup]


def line_pattern(line: str) -> str | None:
    """Name of the ``line`` pattern the whole line matches, else None."""
    return _match_name(LINE_RE, LINE_NAMES, line)


def tail_pattern(line: str) -> str | None:
    """Name of the ``tail`` heading the line is, else None."""
    return _match_name(TAIL_RE, TAIL_NAMES, line)


def strip_spans(line: str, view: str, removed: Counter[str]) -> tuple[str, str]:
    """Cut ``span`` boilerplate out of ``line``: what is left of it ('' when nothing of substance) and
    of its ``view`` (the line in simplified script, as long as it), the patterns matched in the view."""
    if SPAN_RE is None or not any(t in view for t in SPAN_TRIGGERS):
        return line, view
    hits = 0
    parts: list[tuple[int, int]] = []
    last = 0
    for m in SPAN_RE.finditer(view):
        if m.end() == m.start() or m.lastgroup is None:
            continue
        removed[SPAN_NAMES[m.lastgroup]] += 1
        parts.append((last, m.start()))
        last = m.end()
        hits += 1
    if not hits:
        return line, view
    parts.append((last, len(line)))
    rest = "".join(line[a:b] for a, b in parts)
    if RESIDUE_RE.fullmatch(rest.strip()):
        return "", ""
    lead = len(rest) - len(rest.lstrip())
    keep = len(rest.strip())
    rest_view = "".join(view[a:b] for a, b in parts)
    return rest[lead : lead + keep], rest_view[lead : lead + keep]


def remove_boilerplate(lines: list[str], views: list[str] | None = None) -> tuple[list[str], Counter[str]]:
    """Drop boilerplate lines, related/comment blocks, and boilerplate spans inside lines. ``views``: the
    lines' :func:`line_views`, when the caller has them."""
    removed: Counter[str] = Counter()
    out: list[str] = []
    block: str | None = None  # name of the open related/comment block
    # the patterns are written in simplified script: traditional text is matched through its view
    # (責任編輯：, 來源：), one character for one, and what is kept is the text as written
    for line, view in zip(lines, line_views(lines) if views is None else views, strict=True):
        name = line_pattern(view)
        if name is not None:
            removed[name] += 1
            continue
        name = tail_pattern(view)
        if name is not None:
            removed[name] += 1
            block = name
            continue
        if block is not None:
            # link titles are short and never close with a full stop; a sentence ends the block
            if len(NON_WORD_RE.sub("", line)) <= BLOCK_LINE_MAX and not BLOCK_END_RE.search(line):
                removed[block] += 1
                continue
            block = None
        rest, rest_view = strip_spans(line, view, removed)
        if rest and rest != line:  # what a span left may be a boilerplate line itself
            name = line_pattern(rest_view)
            if name is not None:
                removed[name] += 1
                continue
        if rest:
            out.append(rest)
    return out, removed
