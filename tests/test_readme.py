"""The README tells the truth: its settings exist, its commands exist, CI runs its test command."""

from __future__ import annotations

import re

from pipelines.cli import build_parser
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text("utf-8")
SETTING_RE = re.compile(r"\bNEWS_[A-Z0-9_]+\b")
COMMAND_RE = re.compile(r"(?:^|`|\$ |bin/)cnr-news ([a-z][a-z-]*)\b", re.M)  # a command line, not prose
CODE = "\n".join(p.read_text("utf-8") for d in ("crawler", "pipelines") for p in (ROOT / d).rglob("*.py"))


def test_every_documented_setting_is_read_by_the_code() -> None:
    documented = set(SETTING_RE.findall(README))
    assert documented, "the README documents no NEWS_ setting"
    missing = sorted(s for s in documented if s not in CODE)
    assert not missing, f"README documents settings the code never reads: {missing}"


def test_every_setting_the_code_reads_is_documented() -> None:
    settings_read = set(SETTING_RE.findall(CODE))
    table = (ROOT / "docs" / "settings.md").read_text("utf-8")
    undocumented = sorted(settings_read - set(SETTING_RE.findall(table)))
    assert not undocumented, f"settings read by the code but not in docs/settings.md: {undocumented}"
    assert "docs/settings.md" in README


def test_readme_is_short_and_its_doc_links_exist() -> None:
    assert len(README.encode("utf-8")) <= 15 * 1024, "README.md over 15 KB: move detail to docs/"
    links = re.findall(r"\]\((docs/[^)#]+)", README)
    assert links, "the README links to no docs/ page"
    missing = sorted({link for link in links if not (ROOT / link).is_file()})
    assert not missing, f"README links to missing docs: {missing}"
    for doc in (ROOT / "docs").glob("*.md"):
        stale = sorted(s for s in set(SETTING_RE.findall(doc.read_text("utf-8"))) if s not in CODE)
        assert not stale, f"{doc.name} documents settings the code never reads: {stale}"


def test_every_documented_command_exists() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = set(sub.choices)  # type: ignore[arg-type]
    documented = set(COMMAND_RE.findall(README))
    assert {"demo", "extract", "cron", "search", "orgs"} <= documented
    missing = sorted(documented - commands)
    assert not missing, f"README mentions commands that do not exist: {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_cmd = next(
        line for line in README.splitlines() if "pytest" in line and line.startswith("python3 -m venv")
    )
    assert test_cmd.strip() in ci
