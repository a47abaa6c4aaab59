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

    second = demo(db, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert snapshot(db) == rows  # no row added, none updated
    with sqlite3.connect(db) as c:
        assert c.execute("select count(*) from pages").fetchone()[0] == pages
    assert "new in the database: 0" in second.stdout
