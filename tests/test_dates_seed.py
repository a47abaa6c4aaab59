"""Acceptance on the seed story (../shared/seed/gold.json): required dates exact, nothing else but optional."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from pipelines.dates import extract_dates
from tests.support.paths import shared_path

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def found(gold: dict) -> tuple[str, list]:
    body = "\n".join(gold["paragraphs"])
    published = datetime.fromisoformat(gold["dates"]["published_at_for_test"])
    return body, extract_dates(body, published)


def test_every_required_date_found_with_its_period(gold: dict, found: tuple[str, list]) -> None:
    body, mentions = found
    for req in gold["dates"]["required"]:
        hits = [m for m in mentions if m.text == req["text"]]
        assert hits, f"missing {req['text']}"
        for m in hits:
            assert (m.value_start.isoformat(), m.value_end.isoformat()) == (req["start"], req["end"]), m


def test_every_occurrence_of_a_required_date_is_reported(gold: dict, found: tuple[str, list]) -> None:
    body, mentions = found
    spans = [(m.start, m.end) for m in mentions]
    for req in gold["dates"]["required"]:
        text, i = req["text"], body.find(req["text"])
        while i >= 0:
            inside_longer = any(s <= i and i + len(text) <= e and e - s > len(text) for s, e in spans)
            assert inside_longer or (i, i + len(text)) in spans, f"{text} at {i} not reported"
            i = body.find(text, i + 1)


def test_nothing_else_but_optional(gold: dict, found: tuple[str, list]) -> None:
    _, mentions = found
    allowed = {r["text"] for r in gold["dates"]["required"]} | set(gold["dates"]["optional"])
    assert [m.text for m in mentions if m.text not in allowed] == []


def test_offsets_point_into_the_body(found: tuple[str, list]) -> None:
    body, mentions = found
    assert mentions
    for m in mentions:
        assert body[m.start : m.end] == m.text


def test_without_publication_time_only_absolute_dates(gold: dict) -> None:
    body = "\n".join(gold["paragraphs"])
    texts = [m.text for m in extract_dates(body, None)]
    assert "2023年" in texts and "2025年5月15日—6月15日" in texts
    assert "今年" not in texts and "5月23日" not in texts
