"""Companies by their registered names in plain sentences: how many the entity step names as the company the
news knows (``华为技术有限公司`` → ``华为``), and how many other businesses it keeps apart.

``benchmarks/data/company_names.txt`` (written down by hand) pairs a registered name with the company as it
should be stored; where the two are the same, the name is another business than the listed company it starts
with (``中信证券股份有限公司`` is not ``中信``). Each is read in two sentences (``据了解，X近日发布通知…``,
``记者从X获悉…``); it counts when an organisation whose mention is exactly X is named as expected in both.

    python benchmarks/company_names.py [--misses]
"""

from __future__ import annotations

import argparse

from _common import ROOT

from pipelines.entities import extract_entities
from pipelines.entities.filters import load_tables

DATA = ROOT / "benchmarks" / "data" / "company_names.txt"
SENTENCES = ("据了解，{}近日发布通知，将加强相关工作。", "记者从{}获悉，该项目已正式启动。")


def pairs() -> list[tuple[str, str]]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [(a, b) for line in lines if line.strip() and not line.startswith("#") for a, b in [line.split()]]


def named(registered: str) -> list[str | None]:
    """The name of the organisation whose mention is ``registered``, in each sentence (None: not read whole)."""
    out: list[str | None] = []
    for template in SENTENCES:
        orgs, _persons = extract_entities(template.format(registered))
        out.append(
            next((o["name"] for o in orgs if any(m["text"] == registered for m in o["mentions"])), None)
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print each name not named as expected")
    args = ap.parse_args()
    load_tables()
    rows = {"the company": [0, 0, 0], "another business": [0, 0, 0]}  # right, named otherwise, not read whole
    for registered, want in pairs():
        got = named(registered)
        row = rows["another business" if want == registered else "the company"]
        if all(g == want for g in got):
            row[0] += 1
            continue
        row[1 if all(g is not None for g in got) else 2] += 1
        if args.misses:
            print(f"    {registered}: {got} (want {want})")
    print(f"{'expected':18s} {'names':>5s} {'right':>6s} {'named otherwise':>16s} {'not read whole':>15s}")
    for label, (right, other, missed) in rows.items():
        print(f"{label:18s} {right + other + missed:5d} {right:6d} {other:16d} {missed:15d}")


if __name__ == "__main__":
    main()
