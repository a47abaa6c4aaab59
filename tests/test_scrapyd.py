"""Scrapyd runs the project: ``scrapyd-deploy --build-egg`` gives an egg with the ``[scrapy] settings``
entry point, a real Scrapyd on 127.0.0.1 takes it, runs ``cnr`` against the fixture site with a
database URL given as ``-d setting=NEWS_DB_URL=…``, and the articles are in that database.

Scrapyd and scrapyd-client are test dependencies: if Scrapyd cannot start, the test fails."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.env import project_env, sql_rows
from tests.support.paths import FIXTURES, ROOT
from tests.support.servers import FixtureServer, free_port

SITE = FIXTURES / "cnr_site"
EXPECTED = {a["key"] for a in json.loads((SITE / "manifest.json").read_text("utf-8"))["articles"]}
PROJECT = "cnr-news"
# what goes into the egg (a copy, so the build leaves nothing in the checkout)
SOURCES = ("crawler", "pipelines", "pyproject.toml", "setup.py", "README.md")


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:  # 127.0.0.1 only
        return json.loads(r.read().decode())


def _post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=30) as r:
        return json.loads(r.read().decode())


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
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\npoll_interval = 0.5\nmax_proc = 1\n",
        "utf-8",
    )
    log = (home / "scrapyd.out").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=home, env=project_env(), stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(url + "daemonstatus.json").get("status") == "ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Scrapyd did not start: {(home / 'scrapyd.out').read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_egg_carries_the_scrapy_settings_entry_point(egg: Path) -> None:
    with zipfile.ZipFile(egg) as z:
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
        names = set(z.namelist())
    assert "[scrapy]\nsettings = crawler.settings" in entry_points
    assert "crawler/settings.py" in names and "pipelines/db/storage_pipeline.py" in names


def test_deploy_schedule_and_crawl_into_the_database(
    project_copy: Path, egg: Path, scrapyd: str, tmp_path: Path
) -> None:
    # deploy as a user does: a target in scrapy.cfg, then scrapyd-deploy
    cfg = project_copy / "scrapy.cfg"
    cfg.write_text(
        cfg.read_text("utf-8") + f"\n[deploy:test]\nurl = {scrapyd}\nproject = {PROJECT}\n", "utf-8"
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
    assert "cnr" in _get(f"{scrapyd}listspiders.json?project={PROJECT}")["spiders"]

    db = tmp_path / "news.db"
    with FixtureServer(SITE) as site:
        job = _post(
            scrapyd + "schedule.json",
            [
                ("project", PROJECT),
                ("spider", "cnr"),
                ("setting", f"NEWS_DB_URL=sqlite:///{db}"),
                ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("setting", "RETRY_TIMES=0"),
                ("base", site.base_url),  # a spider argument
            ],
        )
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 180
        while True:
            jobs = _get(f"{scrapyd}listjobs.json?project={PROJECT}")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            assert time.monotonic() < deadline, jobs
            time.sleep(0.5)
    assert {k for (k,) in sql_rows(db, "select key from articles")} == EXPECTED
    ((status, spider),) = sql_rows(db, "select status, spider from crawl_runs")
    assert (status, spider) == ("finished", "cnr")
