"""Scrapyd nodes on 127.0.0.1 (scrapyd, BSD) and the project built as an egg to deploy to them.

egg = build_egg(tmp)                          # setuptools bdist_egg of crawler/ + pipelines/
with ScrapydNode(tmp / "node1") as node:
    node.deploy(egg)                          # POST addversion.json
    job = node.schedule("cnr", {"NEWS_FRONTIER": …})
    node.wait(job)                            # until listjobs.json says finished
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from tests.support import ServerUnavailable, free_port
from tests.support.env import project_env
from tests.support.paths import ROOT

PROJECT = "cnr-news"

SETUP = """
from setuptools import find_packages, setup
setup(
    name="cnr-news",
    version="{version}",
    packages=find_packages(include=["crawler*", "pipelines*"]),
    package_data={{"": ["*.json", "*.txt", "*.yml", "*.yaml"]}},
    entry_points={{"scrapy": ["settings = crawler.settings"]}},
    zip_safe=False,
)
"""


def build_egg(dest: Path, version: str = "1") -> Path:
    """The project as a Python egg (what ``scrapyd-deploy`` uploads), built offline with setuptools."""
    work = Path(tempfile.mkdtemp(prefix="cnr-news-egg-", dir=dest))
    for pkg in ("crawler", "pipelines"):
        (work / pkg).symlink_to(ROOT / pkg)
    (work / "setup.py").write_text(SETUP.format(version=version))
    r = subprocess.run(
        [sys.executable, "setup.py", "-q", "bdist_egg", "-d", str(dest)],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    eggs = sorted(dest.glob("cnr_news-*.egg"))
    if r.returncode != 0 or not eggs:
        raise RuntimeError(f"egg build failed: {r.stderr[-500:]}")
    return eggs[-1]


class ScrapydNode:
    def __init__(self, home: Path, port: int | None = None) -> None:
        self.home = home
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> ScrapydNode:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "scrapyd.conf").write_text(
            textwrap.dedent(f"""\
                [scrapyd]
                bind_address = 127.0.0.1
                http_port = {self.port}
                poll_interval = 0.5
                max_proc = 2
                logs_dir = {self.home / "logs"}
                eggs_dir = {self.home / "eggs"}
                dbs_dir = {self.home / "dbs"}
                items_dir =
                """)
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrapyd", "--pidfile", str(self.home / "twistd.pid")],
            cwd=self.home,
            env=project_env(),
            stdout=open(self.home / "scrapyd.log", "wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends its crawl jobs too
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerUnavailable(f"scrapyd exited: {(self.home / 'scrapyd.log').read_text()[-400:]}")
            try:
                if self._get("daemonstatus.json").get("status") == "ok":
                    return self
            except Exception:
                time.sleep(0.2)
        raise ServerUnavailable(f"scrapyd did not answer on port {self.port}")

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        import requests

        r = requests.get(self.url + path, params=params, timeout=10, proxies={"http": "", "https": ""})
        return dict(r.json())

    def _post(self, path: str, data: Any, files: Any = None) -> dict[str, Any]:
        import requests

        r = requests.post(
            self.url + path, data=data, files=files, timeout=60, proxies={"http": "", "https": ""}
        )
        out = dict(r.json())
        if out.get("status") != "ok":
            raise RuntimeError(f"scrapyd {path}: {out}")
        return out

    def deploy(self, egg: Path, version: str = "1") -> dict[str, Any]:
        with open(egg, "rb") as f:
            return self._post("addversion.json", {"project": PROJECT, "version": version}, {"egg": f})

    def schedule(self, spider: str, settings: dict[str, object]) -> str:
        data = [("project", PROJECT), ("spider", spider)] + [
            ("setting", f"{k}={v}") for k, v in settings.items()
        ]
        return str(self._post("schedule.json", data)["jobid"])

    def wait(self, job: str, timeout: float = 300) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = self._get("listjobs.json", project=PROJECT)
            for j in jobs.get("finished", []):
                if j["id"] == job:
                    return dict(j)
            time.sleep(0.5)
        raise TimeoutError(f"job {job} not finished within {timeout:.0f}s")

    def job_log(self, spider: str, job: str) -> str:
        return (self.home / "logs" / PROJECT / spider / f"{job}.log").read_text(errors="replace")

    def stop(self) -> None:
        """Stop the daemon and every crawl job it started (they share its process group)."""
        if self.proc is None:
            return
        try:
            group = os.getpgid(self.proc.pid)
        except ProcessLookupError:
            group = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if group is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)  # jobs still running after the daemon: never left behind

    def __enter__(self) -> ScrapydNode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
