"""Paragraphs of today's public-affairs news, labelled by hand: the organisations and persons the entity
step names, the step beside the legacy recogniser (LAC ∪ grammar) in the same run.

msra-dev and People's Daily 1998 are 1990s prose, and the pages of ``../shared`` were read by every step of
issue 12. ``benchmarks/data/todays_stories/held.txt`` holds paragraphs in CNR's style of 2025 (a
dateline, bodies of the Party and the state, companies, sports, the world), written for this benchmark
after issue 12's twenty-seventh step and labelled before the step read them. Each paragraph lists every
organisation's and person's surface as the text writes it; a paragraph's score compares sets of
surfaces (a name written twice counts once):

- organisations: bodies the text names — the state's, the Party's, companies, clubs, newspapers and
  agencies, units of a body (``国家统计局城市司``), and a body named by its level (``省委``, ``州政府``)
  where the story's dateline says which place's, a country's name before a body with it (``日本共同社``, as
  MSRA tags it); not events, venues, places, brands or kinds of body (``国家区域医疗中心``, ``国家队``);
- persons: names of persons as written.

The step's surfaces are its mentions' texts (``extract_entities``). Strict: a surface with an edge off is
one wrong and one missed.

Every ``held*.txt`` batch is scored on its own and all together (``held.txt``: after the twenty-seventh
step; ``held2.txt``: at the start of the twenty-eighth, before its rules; ``held3.txt``: at the start of the
twenty-ninth; ``held4.txt``: at its end, after its rules; ``held5.txt``: at the start of the thirtieth;
``held6.txt`` and ``held7.txt``: at the thirtieth's end, after its rules; ``held8.txt``: at the start of the
thirty-first, before its rules; ``held9.txt``: after its rules; ``held10.txt``: at the thirty-first's very
end, after the rules written on ``held9.txt``'s misses; ``held11.txt``: at the start of the thirty-second,
before its rules; ``held13.txt``: after its first round, before its second; ``held14.txt``: at its very end,
after every rule; ``held15.txt``: at the start of the thirty-third, before its rules; ``held16.txt`` and
``held17.txt``: after its first and second rounds; ``held20.txt``: after the thirty-fourth's first round;
``held22.txt``: at the start of the thirty-fifth, before its rules; ``held23.txt``: at the thirty-fifth's
end, after every rule (spent by a rule of the thirty-sixth on its class); ``held24.txt``: at the start of the
thirty-sixth, before its rules; ``held25.txt`` to ``held31.txt``: after each of its first seven rounds — these
twenty-eight spent; ``held12.txt``: after the thirty-second's first round (spent since the thirty-seventh);
``held18.txt``: at the thirty-third's end, after every rule, ``held19.txt``: at the start of the thirty-fourth,
before its rules, ``held21.txt``: at its end, after every rule, and ``held32.txt``: at the thirty-sixth's end,
after every rule — none of these four spent); ``held33.txt``: at the start of the thirty-seventh, before its rules; ``held34.txt``
to ``held39.txt``: after its rounds (``held36.txt`` and ``held38.txt`` read between rounds and not spent, the
other four spent, and ``held12.txt`` spent by a rule of the thirty-seventh on its class); ``held40.txt``: after
its fifth round, not spent; ``held41.txt``: after it, spent by the sixth round; ``held42.txt``: at the
thirty-seventh's end, after every rule (spent by a rule of the thirty-eighth on its class); ``held43.txt``: at the
start of the thirty-eighth, before its rules; ``held44.txt`` to ``held48.txt``: after its first five rounds, each
spent by the next; ``held49.txt``: after its sixth round, not spent; ``held50.txt``: after it, spent by the seventh round;
``held51.txt``: at the thirty-eighth's end, after every rule, not spent.
A batch a rule was written on is spent (its header says so): its figures are no longer held-out ones.

    python benchmarks/todays_stories.py [--misses] [--no-legacy] [--file PATH ...]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import ROOT, step_names

from pipelines.entities.filters import load_tables
from pipelines.entities.recognizers import Recognizer

HELD_DIR = ROOT / "benchmarks" / "data" / "todays_stories"


def _batch_number(path: Path) -> int:
    """held.txt is the first batch, heldN.txt the N-th (held10.txt after held9.txt)."""
    digits = path.stem.removeprefix("held")
    return int(digits) if digits.isdigit() else 1


HELD = sorted(HELD_DIR.glob("held*.txt"), key=_batch_number)  # each batch written before the rules it judges

Reader = Callable[[str], tuple[set[str], set[str]]]  # text -> (organisation surfaces, person surfaces)


@dataclass(frozen=True)
class Paragraph:
    text: str
    orgs: frozenset[str]
    persons: frozenset[str]


def _names(line: str, label: str) -> frozenset[str]:
    if not line.startswith(label):
        raise ValueError(f"expected a line starting {label!r}, got {line[:40]!r}")
    return frozenset(n.strip() for n in line[len(label) :].split("|") if n.strip())


def paragraphs(path: Path) -> list[Paragraph]:
    """The file's paragraphs: text, ``O:`` line, ``P:`` line, blank-line separated; ``#`` lines are comments."""
    lines = [ln.rstrip() for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out = []
    for block in (b for b in blocks if b):
        if len(block) != 3:
            raise ValueError(f"a paragraph is three lines (text, O:, P:): {block[0][:40]!r}")
        out.append(Paragraph(block[0], _names(block[1], "O:"), _names(block[2], "P:")))
    return out


def step_reader(recognizer: Recognizer | None) -> Reader:
    def read(text: str) -> tuple[set[str], set[str]]:
        names = step_names(text, recognizer)
        return names.org_mentions, names.person_mentions

    return read


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(read: Reader, paras: list[Paragraph], misses: bool = False) -> dict[str, tuple[int, int, int]]:
    counts = {"ORG": [0, 0, 0], "PER": [0, 0, 0]}
    for para in paras:
        got_orgs, got_persons = read(para.text)
        for label, got, gold in (("ORG", got_orgs, para.orgs), ("PER", got_persons, para.persons)):
            counts[label][0] += len(got & gold)
            counts[label][1] += len(got - gold)
            counts[label][2] += len(gold - got)
            if misses and got != gold:
                wrong = " ".join(f"+{n}" for n in sorted(got - gold))
                missed = " ".join(f"-{n}" for n in sorted(gold - got))
                print(f"    {label} {para.text[:24]}…  {wrong} {missed}".rstrip())
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--file", type=Path, nargs="+", default=HELD, help="labelled files (default: every held batch)"
    )
    ap.add_argument(
        "--misses", action="store_true", help="print what the step named wrongly (+) or missed (-)"
    )
    ap.add_argument("--no-legacy", action="store_true", help="the step only")
    args = ap.parse_args()
    load_tables()
    batches = {path.name: paragraphs(path) for path in args.file}
    if len(batches) > 1:
        batches["all"] = [p for paras in list(batches.values()) for p in paras]
    readers = {"step": step_reader(None)}
    if not args.no_legacy:
        from pipelines.entities.legacy import legacy_recognizer

        readers["step-legacy"] = step_reader(legacy_recognizer())
    for name, paras in batches.items():
        print(f"{name}: {len(paras)} paragraphs")
        print(
            f"{'row':12s} {'ORG P':>6s} {'ORG R':>6s} {'ORG F1':>6s} {'PER P':>6s} {'PER R':>6s} {'PER F1':>6s}"
        )
        for label, read in readers.items():
            counts = score(read, paras, misses=args.misses and label == "step" and name != "all")
            org, per = prf(*counts["ORG"]), prf(*counts["PER"])
            print(f"{label:12s} " + " ".join(f"{x:6.3f}" for x in (*org, *per)))
    print("(surfaces as written, strict; see the module's docstring for what is labelled)")


if __name__ == "__main__":
    main()
