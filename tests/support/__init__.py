"""Helpers that start real servers for tests and benchmarks (Redis, PostgreSQL, Scrapyd, a local site).

Each starts its server on 127.0.0.1 (or a Unix socket) in a temporary folder, from a pip-installed
package (see the ``test`` extra in pyproject.toml), and raises :class:`ServerUnavailable` with the
reason when it cannot; :func:`unavailable` turns that into a skip on a developer's machine and a
failure when ``CI`` is set (a test that cannot start its server must never pass silently in CI).
"""

from __future__ import annotations

import os
import socket

import pytest


class ServerUnavailable(RuntimeError):
    """A server could not be started (package missing, binary refused to run …)."""


def unavailable(reason: str) -> None:
    """Fail in CI (``CI`` set), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"server unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])
