"""What every benchmark script shares: the project on ``sys.path`` (importing this module puts it
there), where ``../shared`` lives, the process's peak memory, and the entity step's names of a text as
the benchmarks of today's names and stories read them.

A benchmark runs as ``python benchmarks/NAME.py``, so this folder is on ``sys.path`` and
``from _common import ...`` must come before any project import.
"""

from __future__ import annotations

import resource
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux ``ru_maxrss`` is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class StepNames:
    """What the entity step named in a text: organisations' mentions as written, persons' mentions as
    written and persons' names."""

    org_mentions: set[str]
    person_mentions: set[str]
    person_names: set[str]


def step_names(text: str, recognizer: Any = None) -> StepNames:
    """:func:`pipelines.entities.extract_entities` of ``text`` (with ``recognizer``: the default's when
    None), as surfaces."""
    from pipelines.entities import extract_entities

    orgs, persons = extract_entities(text, recognizer=recognizer)
    return StepNames(
        {m["text"] for o in orgs for m in o["mentions"]},
        {m["text"] for p in persons for m in p["mentions"]},
        {p["name"] for p in persons},
    )
