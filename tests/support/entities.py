"""What the entity step names in a text, as the step's tests read it."""

from __future__ import annotations

from pipelines.entities import entities_and_place


def orgs(text: str) -> dict[str, list[str]]:
    """Each organisation's name -> its mentions' surfaces."""
    return {o["name"]: [m["text"] for m in o["mentions"]] for o in entities_and_place(text)[0]}


def persons(text: str) -> list[str]:
    """The persons' names."""
    return [p["name"] for p in entities_and_place(text)[1]]
