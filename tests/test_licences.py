"""No GPL code in the runtime or the test environment: what ``pip install -e .`` installs, and what
``pip install -e '.[test,datasette]'`` adds, carries no GPL licence; the peers that only benchmarks
compare against are in the separate ``bench`` extra, and GNE (GPL-3.0 by its licence file, whatever
its metadata says) in no extra at all. (jionlp, whose time parser imports the GPL-3.0 ``jiojio``, is no dependency: the
place data taken from it ships with its Apache-2.0 licence, ``pipelines/entities/LICENSE-jionlp.txt``.)"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement

from tests.support.paths import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
# a licence file that *is* the GPL/AGPL (its title in the first lines), not one that mentions it
GPL_TEXT_RE = re.compile(r"GNU (AFFERO )?GENERAL PUBLIC LICENSE", re.I)
GPL_CLASSIFIER_RE = re.compile(r"GNU (Affero )?General Public License|\bA?GPL", re.I)
LICENCE_FILE_RE = re.compile(r"^(licen[cs]e|copying)", re.I)


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(requirement).name).lower()


def closure(requirements: list[str]) -> dict[str, metadata.Distribution | None]:
    """The installed distributions these requirements pull in (None: not installed here)."""
    seen: dict[str, metadata.Distribution | None] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        if name in seen:
            continue
        try:
            dist: metadata.Distribution | None = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            dist = None
        seen[name] = dist
        for extra in req.extras:
            todo.extend(
                Requirement(r)
                for r in (dist.requires or [] if dist else [])
                if Requirement(r).marker is not None and Requirement(r).marker.evaluate({"extra": extra})
            )
        for r in (dist.requires or []) if dist else []:
            sub = Requirement(r)
            if sub.marker is None or sub.marker.evaluate({"extra": ""}):
                todo.append(sub)
    return seen


def gpl_evidence(dist: metadata.Distribution) -> list[str]:
    found = [
        c
        for c in dist.metadata.get_all("Classifier") or []
        if c.startswith("License") and GPL_CLASSIFIER_RE.search(c) and "Lesser" not in c
    ]
    for f in dist.files or []:
        if LICENCE_FILE_RE.match(f.name):
            try:
                head = f.locate().read_bytes()[:400].decode("utf-8", "replace")
            except OSError:
                continue
            if GPL_TEXT_RE.search(head) and "LESSER" not in head.upper():
                found.append(str(f))
    return found


def test_benchmark_peers_are_in_their_own_extra() -> None:
    bench = {_name(r) for r in EXTRAS["bench"]}
    assert "trafilatura" in bench
    # GNE is GPL-3.0: in no extra a user installs (benchmarks/extract.py measures it where installed by hand)
    assert not any("gne" in {_name(r) for r in reqs} for reqs in EXTRAS.values())
    for extra in ("test", "datasette"):
        assert not bench & {_name(r) for r in EXTRAS[extra]}, extra
    assert not bench & {_name(r) for r in PROJECT["dependencies"]}


def test_test_extras_add_no_gpl_code() -> None:
    runtime = closure(PROJECT["dependencies"])
    added = closure(PROJECT["dependencies"] + EXTRAS["test"] + EXTRAS["datasette"])
    for name in runtime:
        added.pop(name, None)
    assert "gne" not in added
    assert "pytest" in added and added["pytest"] is not None  # the closure is really walked
    offenders = {name: gpl_evidence(d) for name, d in added.items() if d is not None and gpl_evidence(d)}
    assert not offenders, offenders


def test_the_runtime_has_no_gpl_code() -> None:
    runtime = closure(PROJECT["dependencies"])
    assert "scrapy" in runtime and runtime["scrapy"] is not None  # the closure is really walked
    assert "jionlp" not in runtime and "jiojio" not in runtime
    offenders = {name: gpl_evidence(d) for name, d in runtime.items() if d is not None and gpl_evidence(d)}
    assert not offenders, offenders


def test_the_gpl_check_recognises_gne() -> None:
    """The detector on the case that prompted it (skipped where GNE is not installed, e.g. CI)."""
    import pytest

    try:
        gne = metadata.distribution("gne")
    except metadata.PackageNotFoundError:
        pytest.skip("gne is not installed (it is only in the bench extra)")
    assert gpl_evidence(gne)
