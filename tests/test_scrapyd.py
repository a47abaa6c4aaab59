"""Scrapyd runs the project: ``scrapyd-deploy --build-egg`` gives an egg with the ``[scrapy] settings``
entry point, a real Scrapyd on 127.0.0.1 takes it, runs ``cnr`` against the fixture site with a
database URL given as ``-d setting=NEWS_DB_URL=…``, and the articles are in that database.

Scrapyd and scrapyd-client are test dependencies: if Scrapyd cannot start, the test fails. The daemon
is :class:`tests.support.scrapyd_server.ScrapydNode`, the tests' one Scrapyd launcher."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ServerUnavailable
from tests.support.env import project_env, sql_rows
from tests.support.paths import FIXTURES, ROOT
from tests.support.scrapyd_server import PROJECT, ScrapydNode
from tests.support.servers import FixtureServer

SITE = FIXTURES / "cnr_site"
EXPECTED = {a["key"] for a in json.loads((SITE / "manifest.json").read_text("utf-8"))["articles"]}
# what goes into the egg (a copy, so the build leaves nothing in the checkout)
SOURCES = ("crawler", "pipelines", "pyproject.toml", "setup.py", "README.md")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        src = ROOT / name
        if not src.exists():  # (no setup.py: scrapyd-deploy writes its own, as it would in a checkout)
            continue
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    shutil.copy2(ROOT / "scrapy.cfg", dest / "scrapy.cfg")
    return dest


@pytest.fixture(scope="module")
def egg(project_copy: Path) -> Path:
    out = project_copy / "out.egg"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(out)],
        cwd=project_copy,
        env=project_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and out.exists(), proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydNode]:
    node = ScrapydNode(tmp_path_factory.mktemp("scrapyd"), max_proc=1)
    try:
        node.start()
    except ServerUnavailable as exc:
        pytest.fail(f"Scrapyd did not start: {exc}")
    try:
        yield node
    finally:
        node.stop()


def test_egg_carries_the_scrapy_settings_entry_point(egg: Path) -> None:
    with zipfile.ZipFile(egg) as z:
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
        names = set(z.namelist())
    assert "[scrapy]\nsettings = crawler.settings" in entry_points
    assert "crawler/settings.py" in names and "pipelines/db/storage_pipeline.py" in names


def test_deploy_schedule_and_crawl_into_the_database(
    project_copy: Path, egg: Path, scrapyd: ScrapydNode, tmp_path: Path
) -> None:
    # deploy as a user does: a target in scrapy.cfg, then scrapyd-deploy
    cfg = project_copy / "scrapy.cfg"
    cfg.write_text(
        cfg.read_text("utf-8") + f"\n[deploy:test]\nurl = {scrapyd.url}\nproject = {PROJECT}\n", "utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "test", "--egg", str(egg), "--version", "r1"],
        cwd=project_copy,
        env=project_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and '"status": "ok"' in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert "cnr" in scrapyd.get("listspiders.json", project=PROJECT)["spiders"]

    db = tmp_path / "news.db"
    with FixtureServer(SITE) as site:
        job = scrapyd.schedule(
            "cnr",
            {
                "NEWS_DB_URL": f"sqlite:///{db}",
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "RETRY_TIMES": 0,
            },
            args={"base": site.base_url},  # a spider argument
        )  # raises unless Scrapyd answers "status": "ok"
        scrapyd.wait(job, timeout=180)
    assert {k for (k,) in sql_rows(db, "select key from articles")} == EXPECTED
    ((status, spider),) = sql_rows(db, "select status, spider from crawl_runs")
    assert (status, spider) == ("finished", "cnr")
