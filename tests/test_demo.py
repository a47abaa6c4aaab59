"""``cnr-news demo``: the real spider against the bundled fixture site, into a database, twice."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.support.env import run_cnr_news, sql_rows
from tests.support.paths import FIXTURES

MANIFEST = json.loads((FIXTURES / "cnr_site" / "manifest.json").read_text("utf-8"))


def demo(db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cnr_news("demo", "--db", f"sqlite:///{db}", cwd=cwd)


def snapshot(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(
            "select key, url, content_hash, times_changed, last_crawled, first_seen from articles order by key"
        ).fetchall()


def test_demo_stores_every_fixture_article_once_and_rerun_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = demo(db, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert str(db) in first.stdout  # says where the database is
    rows = snapshot(db)
    assert {r[0] for r in rows} == {a["key"] for a in MANIFEST["articles"]}
    with sqlite3.connect(db) as c:  # each with the template it was written in (cnr-2023 included)
        templates = dict(c.execute("select key, template from articles").fetchall())
    assert templates == {a["key"]: a["template"] for a in MANIFEST["articles"]}
    assert "cnr-2023" in templates.values()
    generic = sum(a["template"] == "generic" for a in MANIFEST["articles"])
    assert (
        f"generic extractor (no CNR template matched): {generic} of {len(templates)} articles" in first.stdout
    )
    assert all(u.startswith("https://") for (u,) in sql_rows(db, "select url from articles"))
    with sqlite3.connect(db) as c:
        (pages,) = c.execute("select count(*) from pages").fetchone()
    assert pages == sum(a["pages"] for a in MANIFEST["articles"])

    # the README's question, answered as it shows (ids included: the same on every run)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    command = "cnr-news orgs --about 托育 --since 2025-05-01 --until 2025-05-31 --limit 5 --db /tmp/demo.db"
    shown = readme.split(f"$ {command}\n", 1)[1].split("\n\n", 1)[0]
    asked = run_cnr_news(*command.split()[1:-1], str(db), cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr[-3000:]
    assert asked.stdout.rstrip("\n") == shown

    second = demo(db, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert snapshot(db) == rows  # no row added, none updated
    with sqlite3.connect(db) as c:
        assert c.execute("select count(*) from pages").fetchone()[0] == pages
    assert "new in the database: 0" in second.stdout
