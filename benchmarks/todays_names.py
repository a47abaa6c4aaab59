"""Names of today's news in plain sentences: how many the entity step reads whole, the step beside the
legacy recogniser (LAC ∪ grammar) in the same run.

msra-dev and the shared pages are mostly 1990s and older mainland prose; a tagger trained on them does
not know today's companies, departments and persons. Each list in ``benchmarks/data/todays_names/``
(written down by hand; whitespace-separated, ``#`` comments) is read in a few plain sentences, and a name
counts as found when the step reads it in every one of them:

- persons, provincial_leaders: ten sentences (``据报道，X近日表示…``, ``X说，…``, ``外交部长X会见…``,
  ``记者采访了X。`` …); found when a person of exactly that name is reported;
- companies, local_bodies, bodies_abroad, sports: two (``据了解，X近日发布通知…``, ``记者从X获悉…``); found when
  an organisation's mention is exactly X; outlets: those and three of their trade (``据X报道…``,
  ``X报道称…``, ``X记者获悉…``);
- departments: X after four places (``安吉县X``, ``杭州市萧山区X`` …) in those two sentences.

    python benchmarks/todays_names.py [--misses] [--only persons,companies] [--no-legacy]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, step_names

from pipelines.entities.filters import load_tables
from pipelines.entities.recognizers import Recognizer

LISTS = ROOT / "benchmarks" / "data" / "todays_names"
PERSON_SENTENCES = (
    "据报道，{}近日表示，将进一步加强合作。",
    "{}今天在记者会上回答了提问。",
    "{}说，这是一个重要的时刻。",
    "{}院士今天在广州接受了记者采访。",
    "外交部长{}会见了来访的客人。",
    "他会见了{}一行，双方交换了意见。",
    "{}在会上指出，要坚持稳中求进。",
    "{}强调，要加快发展。",
    "当天，{}与夫人抵达北京。",
    "记者采访了{}。",
)
BODY_SENTENCES = ("据了解，{}近日发布通知，将加强相关工作。", "记者从{}获悉，该项目已正式启动。")
OUTLET_SENTENCES = ("据{}报道，双方将会面。", "{}报道称，双方将会面。", "{}记者获悉，双方将会面。")
PLACES = ("安吉县", "杭州市萧山区", "贵州省", "深圳市龙岗区")
KINDS = {
    "persons": "person",
    "provincial_leaders": "person",
    "companies": "body",
    "local_bodies": "body",
    "bodies_abroad": "body",
    "outlets": "outlet",
    "sports": "body",
    "departments": "department",
}

Reader = Callable[[str], tuple[set[str], set[str]]]  # text -> (person names, organisation mentions)


def names(path: Path) -> list[str]:
    words = [
        w
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    ]
    return list(dict.fromkeys(words))


def cases(kind: str, name: str) -> list[tuple[str, str]]:
    """(sentence, the form that must be found) for one name of a list of ``kind``."""
    if kind == "person":
        return [(t.format(name), name) for t in PERSON_SENTENCES]
    if kind == "body":
        return [(t.format(name), name) for t in BODY_SENTENCES]
    if kind == "outlet":
        return [(t.format(name), name) for t in (*BODY_SENTENCES, *OUTLET_SENTENCES)]
    return [(t.format(p + name), p + name) for p in PLACES for t in BODY_SENTENCES]


def step_reader(recognizer: Recognizer | None) -> Reader:
    def read(text: str) -> tuple[set[str], set[str]]:
        names = step_names(text, recognizer)
        return names.person_names, names.org_mentions

    return read


def found(read: Reader, kind: str, name: str) -> list[str]:
    """The sentences of ``name`` in which ``read`` misses it."""
    missed = []
    for text, form in cases(kind, name):
        persons, mentions = read(text)
        if form not in (persons if kind == "person" else mentions):
            missed.append(text)
    return missed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated lists (default: all)", default=",".join(KINDS))
    ap.add_argument("--misses", action="store_true", help="print each name the step misses and where")
    ap.add_argument("--no-legacy", action="store_true", help="the step only")
    args = ap.parse_args()
    load_tables()
    readers = {"step": step_reader(None)}
    if not args.no_legacy:
        from pipelines.entities.legacy import legacy_recognizer

        readers["legacy"] = step_reader(legacy_recognizer())
    print(f"{'list':20s} {'names':>5s} " + " ".join(f"{r:>8s}" for r in readers))
    for key in args.only.split(","):
        kind = KINDS[key]
        listed = names(LISTS / f"{key}.txt")
        counts = {}
        misses: list[tuple[str, list[str]]] = []
        for label, read in readers.items():
            missed = [(n, m) for n in listed if (m := found(read, kind, n))]
            counts[label] = len(listed) - len(missed)
            if label == "step":
                misses = missed
        print(f"{key:20s} {len(listed):5d} " + " ".join(f"{counts[r]:8d}" for r in readers))
        if args.misses:
            for n, m in misses:
                print(f"    {n}: missed in {len(m)} — {m[0]}")
    print("(found: read whole in every sentence of its list; see the module's docstring)")


if __name__ == "__main__":
    main()
