"""A small threaded HTTP server that serves a folder on 127.0.0.1:<free port>: the site of
``cnr-news demo``, and the local sites of the tests and benchmarks.

::

    with FixtureServer(FIXTURES / "cnr_site") as srv:
        srv.base_url                      # "http://127.0.0.1:PORT/"
        srv.set_content_type("/www.cnr.cn/sd/x.shtml", "text/html; charset=utf-8")   # lie about GBK bytes
        srv.set_route("/robots.txt", status=503)                                      # scripted answer
        ...
        srv.hits["/www.cnr.cn/sd/"]       # how often a path was requested
        srv.hit_log                       # [(monotonic time, path)] in arrival order

Per-path ``Content-Type`` headers can also come from a ``_headers.json`` file in the served folder
(``{"/path": "text/html; charset=utf-8"}``). ``FixtureServer(root, redirect_to=other.base_url)`` answers
every request with a 301 to the same path (and query) under ``other`` — how the fixture site models
cnr.cn's http → https redirects (robots.txt included): the http origin on one port, https on another. A directory path serves its ``index.html``. Files and
names starting with ``_`` (``_headers.json``) or ending in ``.json``/``.py`` are not served.
"""

from __future__ import annotations

import json
import mimetypes
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HTML_TYPES = {".html": "text/html", ".htm": "text/html", ".shtml": "text/html"}
HIDDEN_SUFFIXES = (".json", ".py", ".pyc")


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/plain"
    times: int | None = None  # answer this many times, then fall back to the file (None = always)
    headers: dict[str, str] | None = None
    delay: float = 0.0  # seconds to wait before answering


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a crawler killed mid-request) is not the server's error."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class FixtureServer:
    def __init__(
        self, root: Path | str, *, host: str = "127.0.0.1", port: int = 0, redirect_to: str | None = None
    ) -> None:
        self.root = Path(root).resolve()
        self.redirect_to = redirect_to.rstrip("/") + "/" if redirect_to else None
        self.host = host
        self.port = port
        self.hits: Counter[str] = Counter()
        self.hit_log: list[tuple[float, str]] = []
        self.content_types: dict[str, str] = {}
        self.routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        headers = self.root / "_headers.json"
        if headers.exists():
            self.content_types.update(json.loads(headers.read_text("utf-8")))

    # --- configuration ---------------------------------------------------------------------------
    def set_content_type(self, path: str, value: str) -> None:
        self.content_types[path] = value

    def set_route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes | str = b"",
        content_type: str | None = "text/plain",
        times: int | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer ``path`` with a scripted response (``times`` answers, or forever), after ``delay`` s."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(status, body, content_type, times, headers, delay)

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        handler = self._make_handler()
        self._httpd = _Server((self.host, self.port), handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fixture-server", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FixtureServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def hits_under(self, prefix: str) -> int:
        with self._lock:
            return sum(n for p, n in self.hits.items() if p.startswith(prefix))

    # --- serving ---------------------------------------------------------------------------------
    def _record(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1
            self.hit_log.append((time.monotonic(), path))

    def _resolve(self, path: str) -> Path | None:
        rel = unquote(path).lstrip("/")
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return None
        if any(part.startswith("_") for part in target.relative_to(self.root).parts):
            return None
        if target.suffix in HIDDEN_SUFFIXES:
            return None
        return target

    def _respond(self, path: str, query: str = "") -> tuple[int, bytes, dict[str, str]]:
        if self.redirect_to is not None and path not in self.routes:
            location = self.redirect_to + path.lstrip("/") + (f"?{query}" if query else "")
            return 301, b"moved", {"Location": location, "Content-Type": "text/plain"}
        with self._lock:
            route = self.routes.get(path)
            if route is not None and (times := route.times) is not None:
                if times <= 0:
                    route = None
                else:
                    route.times = times - 1
        if route is not None:
            if route.delay:
                time.sleep(route.delay)
            headers = dict(route.headers or {})
            if route.content_type:
                headers["Content-Type"] = route.content_type
            return route.status, route.body, headers
        target = self._resolve(path)
        if target is None:
            return (
                404,
                b"<html><head><title>404 Not Found</title></head><body>404</body></html>",
                {"Content-Type": "text/html"},
            )
        ctype = self.content_types.get(path)
        if ctype is None:
            ctype = (
                HTML_TYPES.get(target.suffix)
                or mimetypes.guess_type(target.name)[0]
                or "application/octet-stream"
            )
        return 200, target.read_bytes(), {"Content-Type": ctype}

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                path = parts.path or "/"
                server._record(path)
                status, body, headers = server._respond(path, parts.query)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return None

        return Handler


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
