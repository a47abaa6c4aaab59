"""The entity step on random strings of today's news words (benchmarks/entity_fuzz.py): no exception, offsets
right, no overlapping organisations — a fixed seed, so a failure here names its string."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _fuzz_module() -> ModuleType:
    benchmarks = str(ROOT / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    return importlib.import_module("entity_fuzz")


def test_random_strings_of_news_words_get_a_sound_answer() -> None:
    fuzz = _fuzz_module()
    words = fuzz.batch_words() + fuzz.MARKS + ["华润", "市委", "深圳厅", "体育中心", "启动", "防汛"]
    assert len(words) > 1000
    assert fuzz.fuzz(35, 400, words) == []
    # a string the step once answered with two overlapping organisations (issue 12's thirty-fifth step)
    assert fuzz.problem("华润市委”深圳厅》华润市委") is None


def _answer(*orgs: tuple[str, int, int]) -> Any:
    found = [{"name": t, "mentions": [{"text": t, "start": a, "end": b}]} for t, a, b in orgs]
    return lambda text: (found, [])


def test_the_fuzzer_names_each_kind_of_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    fuzz = _fuzz_module()
    text = "华润市委深圳"
    monkeypatch.setattr(fuzz, "extract_entities", _answer(("华润", 0, 2), ("华润市委", 0, 4)))
    assert (fuzz.problem(text) or "").startswith("overlapping organisations")
    monkeypatch.setattr(fuzz, "extract_entities", _answer(("深圳", 3, 5)))
    assert (fuzz.problem(text) or "").startswith("offsets")

    def boom(text: str) -> Any:
        raise ValueError("bad")

    monkeypatch.setattr(fuzz, "extract_entities", boom)
    assert fuzz.problem(text) == "ValueError: bad"
    monkeypatch.setattr(fuzz, "extract_entities", _answer(("华润市委", 0, 4), ("深圳", 4, 6)))
    assert fuzz.problem(text) is None
