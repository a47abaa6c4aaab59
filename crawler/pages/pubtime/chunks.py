"""The visible text of a page as chunks (text nodes and tails) in document order, each marked
when it sits inside a link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

SKIP_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "textarea", "option", "select"}
)
MAX_CHUNKS = 20_000


class TextChunk(Protocol):
    """One line/node of visible text; ``in_link`` when it is (mostly) anchor text."""

    @property
    def text(self) -> str: ...

    @property
    def in_link(self) -> bool: ...


@dataclass
class Chunk:
    text: str
    in_link: bool


def visible_chunks(tree: Any) -> list[Chunk]:
    """Text nodes of ``<body>`` in document order (scripts/styles skipped), at most MAX_CHUNKS."""
    body = tree.find("body")
    root = body if body is not None else tree
    chunks: list[Chunk] = []
    state: dict[Any, tuple[bool, bool]] = {}  # element -> (inside a link, inside a skipped element)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        p_link, p_skip = state.get(parent, (False, False))
        in_link, skip = p_link or el.tag == "a", p_skip or el.tag in SKIP_TAGS
        state[el] = (in_link, skip)
        if not skip and el.text and el.text.strip():
            chunks.append(Chunk(el.text.strip(), in_link))
        if not p_skip and el.tail and el.tail.strip():
            chunks.append(Chunk(el.tail.strip(), p_link))
        if len(chunks) >= MAX_CHUNKS:
            break
    return chunks


def text_of(el: Any) -> str:
    """All the text under ``el``, pieces joined by a space; ``""`` when lxml cannot walk it."""
    try:
        return " ".join(t for t in el.itertext() if t).strip()
    except ValueError:
        return ""
