"""What the entity step names in a text, as the step's tests read it."""

from __future__ import annotations

from pipelines.entities import entities_and_place


def orgs(text: str) -> dict[str, list[str]]:
    """Each organisation's name -> its mentions' surfaces."""
    return {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}


def persons(text: str) -> list[str]:
    """The persons' names."""
    return [p["name"] for p in entities_and_place(text)[1]]


def org_spans(text: str) -> list[tuple[int, int]]:
    """Every organisation mention's (start, end), in text order."""
    return sorted((m["start"], m["end"]) for o in entities_and_place(text)[0] for m in o["mentions"])


def overlapping(spans: list[tuple[int, int]]) -> bool:
    """Two of the (sorted) ``spans`` share a character."""
    return any(c < b for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
