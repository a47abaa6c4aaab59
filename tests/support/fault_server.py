"""A local HTTP server on 127.0.0.1 with scripted faults, for the fault suite (issue 8).

Every response the crawler can meet in the wild, on a free port, with a hit log so tests can assert
what was (and was not) fetched::

    with FaultServer() as srv:
        srv.add_article("/a/1.html", "标题", ["段落……"])
        url = srv.url("/fault/500")
        ...
        assert srv.hits_for("/fault/500") == 4

Fault routes (all under ``/fault/``; :meth:`FaultServer.mount_cnr` serves any of them as a CNR
article on a ``<base>/<host>/<path>`` mirror, for ``scrapy crawl cnr -a base=…``):

``500``            500 forever
``503-twice``      503 on the first two hits of the path, then an article (per-path counters)
``429``            429 with ``Retry-After: <retry_after>`` on the first hit, then an article
``429-long``       the same with ``Retry-After: <retry_after_long>`` (an hour: must be capped)
``slow``           sleeps ``slow_s`` before answering (set a shorter ``DOWNLOAD_TIMEOUT``)
``truncated``      declares ``Content-Length`` larger than what it sends, then closes
``gzip-corrupt``   ``Content-Encoding: gzip`` with garbage
``redirect-chain/N``  302 to ``N+1`` forever (a chain past any limit)
``redirect-self``  302 to itself
``redirect-offsite``  302 to ``http://localhost:PORT/offsite-target`` (another host)
``big``            a 50 MB page, generated while streaming (``Content-Length`` declared)
``big-stream``     the same without ``Content-Length`` (close-delimited)
``entity-bomb``    an XML "billion laughs" entity bomb
``deep``           300,000 nested elements
``nobody``         HTML with a head and no body
``binary``         binary garbage served as ``text/html``
``changed-template``  a page whose markup matches no known template
``links``          an article linking to ``file://``, ``data:``, ``javascript:``, ``mailto:`` and other hosts

Encodings under ``/enc/<name>.html`` (see :data:`ENCODING_CASES`): utf-8, gbk, gb2312, gb18030,
big5, big5 declared gb2312, utf-8 with BOM, no declaration, and a header contradicting the page.

``robots.txt`` is scripted with :meth:`FaultServer.set_robots` (text, ``Crawl-delay``, and a number of
5xx answers before it recovers).
"""

from __future__ import annotations

import codecs
import json
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# --- page builders ---------------------------------------------------------------------------------

FILLER = (
    "记者从济南市卫生健康委员会获悉，今年以来全市新增普惠托育机构十二家，新增托位一千余个，"
    "家长可以通过线上平台查询附近机构的收费标准、开放时间和服务内容。"
)


def article_html(
    title: str,
    paragraphs: Iterable[str],
    *,
    charset: str | None = "utf-8",
    published: str = "2025-05-20 10:30:00",
    links: Iterable[str] = (),
    extra_head: str = "",
    source: str = "来源：央广网",
    footer: str = "版权所有 中央广播电视总台",
) -> str:
    """A small news article page the generic extractor recognises (text; encode it yourself)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    paras = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    anchors = "\n".join(f'<li><a href="{u}">链接{i}</a></li>' for i, u in enumerate(links))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{meta}<title>{title}</title>{extra_head}
<meta name="description" content="{title}">
</head><body>
<div class="breadcrumb"><a href="/">首页</a></div>
<div class="article">
<div class="article-header">
<h1>{title}</h1>
<div class="source"><span>{published}</span><span>{source}</span></div>
</div>
<div class="article-main"><div class="article-content">
{paras}
</div></div>
</div>
<ul class="related">{anchors}</ul>
<div class="footer">{footer}</div>
</body></html>
"""


def article_paragraphs(tag: str, n: int = 3) -> list[str]:
    """``n`` distinct, long-enough Chinese paragraphs carrying ``tag`` (to find them in the DB)."""
    return [f"{tag}第{i + 1}段。{FILLER}" for i in range(n)]


def list_html(title: str, links: Iterable[str]) -> str:
    anchors = "\n".join(f'<li><a href="{u}">文章{i}</a></li>' for i, u in enumerate(links))
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><ul>{anchors}</ul></body></html>'


# --- encodings ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodingCase:
    """How one page is encoded and what it declares. ``text`` must round-trip through ``codec``."""

    name: str
    codec: str  # Python codec used to produce the bytes
    header: str | None  # charset in the Content-Type header (None: no charset parameter)
    meta: str | None  # charset in <meta> (None: no declaration in the page)
    bom: bytes = b""
    text: str = "济南托育服务持续扩容，卫健部门公布收费标准。"


ENCODING_CASES: tuple[EncodingCase, ...] = (
    EncodingCase("utf-8", "utf-8", "utf-8", "utf-8"),
    EncodingCase("gbk", "gbk", "gbk", "gbk", text="济南托育服务持续扩容，卫健部门公布收费标准（镕）。"),
    EncodingCase("gb2312", "gb2312", "gb2312", "gb2312"),
    # 𠮷 and ㎡ are outside GBK: only gb18030 holds them
    EncodingCase(
        "gb18030", "gb18030", "gb18030", "gb18030", text="济南托育服务持续扩容，新建场地三千㎡，吉字异体𠮷。"
    ),
    EncodingCase("big5", "big5", "big5", "big5", text="濟南托育服務持續擴容，衛健部門公布收費標準。"),
    # a Big5 page that says gb2312 in its header and its <meta>: read strictly as GB it is kana and rare
    # characters (Big5's commonest rows are GB2312's kana)
    EncodingCase(
        "big5-says-gb2312", "big5", "gb2312", "gb2312", text="濟南托育服務持續擴容，衛健部門公布收費標準。"
    ),
    EncodingCase("utf-8-bom", "utf-8", None, None, bom=codecs.BOM_UTF8),
    EncodingCase("no-declaration", "gb18030", None, None),
    # the page is GBK, the HTTP header says UTF-8 (the common CNR failure)
    EncodingCase("header-contradicts", "gbk", "utf-8", "gbk"),
)


def encoded_article(case: EncodingCase) -> tuple[bytes, str]:
    """(bytes, content-type) of the article page for one encoding case."""
    paras = [f"{case.text}{FILLER}" if case.codec != "big5" else case.text * 4 for _ in range(3)]
    paras = [f"{case.name} {i}：{p}" for i, p in enumerate(paras)]
    trad = case.codec == "big5"
    html = article_html(
        f"{'編碼測試' if trad else '编码测试'}{case.name}：{case.text[:8]}",
        paras,
        charset=case.meta,
        source="來源：央廣網" if trad else "来源：央广网",
        footer="版權所有" if trad else "版权所有",
    )
    if trad:
        html = html.replace("首页", "首頁").replace("链接", "鏈接")
    body = case.bom + html.encode(case.codec)
    ctype = "text/html" + (f"; charset={case.header}" if case.header else "")
    return body, ctype


# --- hostile pages -----------------------------------------------------------------------------------

ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + ']>\n<html><head><meta charset="utf-8"><title>实体炸弹</title></head><body>'
    + '<div class="article"><div class="article-header"><h1>实体炸弹页面</h1></div>'
    + '<div class="article-content"><p>&lol9;</p>'
    + "".join(f"<p>{p}</p>" for p in article_paragraphs("实体炸弹"))
    + "</div></div></body></html>\n"
)

DEEP_LEVELS = 300_000


def deep_html(levels: int = DEEP_LEVELS) -> bytes:
    head = b'<html><head><meta charset="utf-8"><title>deep</title></head><body>'
    return head + b"<div>" * levels + "深层嵌套".encode() + b"</div>" * levels + b"</body></html>"


NOBODY_HTML = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>no body</title></head></html>'

CHANGED_TEMPLATE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>改版页面</title></head>
<body><main id="app-root"><section data-v-1a2b3c class="x-7f3e">
<h2 class="ttl-2025">改版后的新闻页面标题</h2>
<article class="cnt-2025">
{paras}
</article></section></main></body></html>
"""


def binary_garbage(n: int = 64 * 1024, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(n)


BIG_SIZE = 50 * 1024 * 1024
BIG_CHUNK = b"<p>" + ("大" * 20_000).encode() + b"</p>\n"  # ~60 KB, written again and again


# --- the server ------------------------------------------------------------------------------------


@dataclass
class Hit:
    t: float  # time.monotonic()
    method: str
    path: str
    host: str
    user_agent: str
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[["_RequestHandler"], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64
    owner: FaultServer


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # silence stderr
        return None

    @property
    def route_path(self) -> str:
        return urlsplit(self.path).path or "/"

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.route_path
        owner._record(self, path)
        try:
            owner._dispatch(self, path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up (timeouts, size limit): expected in fault tests

    # helpers for route handlers
    def send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", headers={"Location": location})


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


CNR_DAY = "20250520"


def cnr_article_url(
    article_id: int, *, host: str = "www.cnr.cn", channel: str = "sd", day: str = CNR_DAY
) -> str:
    """A logical CNR article URL (what the ``cnr`` spider stores)."""
    return f"http://{host}/{channel}/{day}/t{day}_{article_id}.shtml"


def mirror_path(logical_url: str) -> str:
    """Where a logical cnr.cn URL lives on a ``<base>/<host>/<path>`` mirror (``-a base=``)."""
    parts = urlsplit(logical_url)
    return f"/{parts.hostname}{parts.path}"


class FaultServer:
    """Threaded HTTP server on 127.0.0.1 (free port) with static pages, fault routes and a hit log.

    Fault handlers keep their per-path counters under the path actually requested, so a fault can be
    mounted under any path (:meth:`alias`), e.g. a CNR article URL on the mirror.
    """

    def __init__(self, *, slow_s: float = 3.0, retry_after: int = 1, retry_after_long: int = 3600) -> None:
        self.slow_s = slow_s
        self.retry_after = retry_after
        self.retry_after_long = retry_after_long
        self.pages: dict[str, Page] = {}
        self.routes: dict[str, Handler] = {}
        self.prefix_routes: dict[str, Handler] = {}
        self.hits: list[Hit] = []
        self.counters: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()  # body bytes written by streaming routes, per path
        self._lock = threading.Lock()
        self._robots: str | None = None
        self._robots_failures = 0
        self._robots_status = 503
        self._robots_delay = 0.0
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._install_fault_routes()

    # --- lifecycle
    def start(self) -> FaultServer:
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def other_host_url(self, path: str) -> str:
        """The same server under another host name (``localhost``): off-site for the crawler."""
        return f"http://localhost:{self.port}{path}"

    # --- content
    def add_page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.pages[path] = Page(body, content_type, status, dict(headers or {}))
        return self.url(path)

    def add_article(self, path: str, title: str, paragraphs: Iterable[str], **kw: object) -> str:
        return self.add_page(path, article_html(title, paragraphs, **kw))  # type: ignore[arg-type]

    def add_route(self, path: str, handler: Handler, *, prefix: bool = False) -> None:
        (self.prefix_routes if prefix else self.routes)[path] = handler

    def alias(self, path: str, fault_path: str) -> None:
        """Serve the fault (or encoding case) at ``fault_path`` under ``path`` too."""
        handler = self.routes.get(fault_path) or next(
            hd for p, hd in self.prefix_routes.items() if fault_path.startswith(p)
        )
        self.routes[path] = handler

    def mount_cnr(self, article_id: int, fault_path: str, **kw: str) -> str:
        """Serve ``fault_path`` as a CNR article on the mirror; returns the logical article URL."""
        logical = cnr_article_url(article_id, **kw)
        self.alias(mirror_path(logical), fault_path)
        return logical

    def add_cnr_article(self, article_id: int, tag: str, **kw: str) -> str:
        """A good CNR article on the mirror (a control); returns its logical URL."""
        logical = cnr_article_url(article_id, **kw)
        self.add_article(mirror_path(logical), f"{tag}标题", article_paragraphs(tag))
        return logical

    def add_generated_cnr_site(
        self, n_articles: int, *, per_list: int = 50, channel: str = "sd", poison: Iterable[int] = ()
    ) -> list[str]:
        """A CNR channel (``www.cnr.cn/<channel>/``) of ``n_articles`` tiny articles over list pages
        ``index.html``, ``index_1.html`` …, generated per request; returns the logical article URLs.
        Articles numbered in ``poison`` (0-based) carry :data:`POISON_MARK` in their title."""
        poisoned = {str(600000 + i) for i in poison}
        ids = [600000 + i for i in range(n_articles)]
        logical = [cnr_article_url(i, channel=channel) for i in ids]
        n_lists = (n_articles + per_list - 1) // per_list
        self.add_page("/www.cnr.cn/", list_html("央广网", []))
        self.add_page("/www.cnr.cn/index.html", list_html("央广网", []))
        for k in range(n_lists):
            links = logical[k * per_list : (k + 1) * per_list]
            if k + 1 < n_lists:
                links = [*links, f"http://www.cnr.cn/{channel}/index_{k + 1}.html"]
            name = "index.html" if k == 0 else f"index_{k}.html"
            self.add_page(f"/www.cnr.cn/{channel}/{name}", list_html(f"列表{k}", links))
            if k == 0:
                self.add_page(f"/www.cnr.cn/{channel}/", list_html(f"列表{k}", links))

        def article(h: _RequestHandler) -> None:
            aid = h.route_path.rsplit("_", 1)[-1].removesuffix(".shtml")
            mark = POISON_MARK if aid in poisoned else ""
            h.send(
                200, article_html(f"生成文章{aid}{mark}", [f"生成文章{aid}正文。{FILLER}"]).encode("utf-8")
            )

        self.add_route(f"/www.cnr.cn/{channel}/{CNR_DAY}/", article, prefix=True)
        return logical

    def set_robots(
        self, text: str | None, *, failures: int = 0, failure_status: int = 503, delay_s: float = 0.0
    ) -> None:
        """Serve ``text`` as robots.txt (None: 404), after ``failures`` answers of ``failure_status``;
        every answer takes ``delay_s`` (a slow robots.txt widens the race the guard must win)."""
        self._robots_delay = delay_s
        self._robots = text
        self._robots_failures = failures
        self._robots_status = failure_status

    # --- hit log
    def _record(self, h: _RequestHandler, path: str) -> None:
        hit = Hit(
            time.monotonic(),
            h.command,
            path,
            h.headers.get("Host", ""),
            h.headers.get("User-Agent", ""),
            dict(h.headers.items()),
        )
        with self._lock:
            self.hits.append(hit)
            self.counters[path] += 1

    def hits_for(self, path: str) -> int:
        with self._lock:
            return self.counters[path]

    def hit_log(self, path_prefix: str = "/") -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path.startswith(path_prefix)]

    def reset_log(self) -> None:
        with self._lock:
            self.hits.clear()
            self.counters.clear()

    # --- dispatch
    def _count(self, h: _RequestHandler) -> int:
        """How many times this request's path has been requested so far (this request included)."""
        with self._lock:
            return self.counters[h.route_path]

    def _dispatch(self, h: _RequestHandler, path: str) -> None:
        if path == "/robots.txt":
            self._serve_robots(h)
            return
        if path in self.routes:
            self.routes[path](h)
            return
        page = self.pages.get(path)
        if page is not None:
            h.send(page.status, page.body, page.content_type, page.headers)
            return
        for prefix, handler in self.prefix_routes.items():
            if path.startswith(prefix):
                handler(h)
                return
        h.send(404, b"<html><body>not found</body></html>")

    def _serve_robots(self, h: _RequestHandler) -> None:
        n = self._count(h)
        if self._robots_delay:
            time.sleep(self._robots_delay)
        if n <= self._robots_failures:
            h.send(self._robots_status, b"temporarily unavailable", "text/plain")
        elif self._robots is None:
            h.send(404, b"", "text/plain")
        else:
            h.send(200, self._robots.encode("utf-8"), "text/plain; charset=utf-8")

    # --- fault routes
    def _install_fault_routes(self) -> None:
        r = self.add_route
        r("/fault/500", lambda h: h.send(500, b"<html><body>internal error</body></html>"))
        r("/fault/503-twice", self._r_503_twice)
        r("/fault/429", lambda h: self._r_429(h, self.retry_after))
        r("/fault/429-long", lambda h: self._r_429(h, self.retry_after_long))
        r("/fault/slow", self._r_slow)
        r("/fault/truncated", self._r_truncated)
        r("/fault/gzip-corrupt", self._r_gzip_corrupt)
        r("/fault/redirect-chain/", self._r_redirect_chain, prefix=True)
        r("/fault/redirect-self", lambda h: h.redirect(self.url(h.route_path)))
        r("/fault/redirect-offsite", lambda h: h.redirect(self.other_host_url("/offsite-target")))
        r("/offsite-target", self._r_article("离站文章"))
        r("/fault/big", lambda h: self._r_big(h, declare=True))
        r("/fault/big-stream", lambda h: self._r_big(h, declare=False))
        r(
            "/fault/entity-bomb",
            lambda h: h.send(200, ENTITY_BOMB.encode("utf-8"), "text/html; charset=utf-8"),
        )
        r("/fault/deep", lambda h: h.send(200, deep_html()))
        r("/fault/nobody", lambda h: h.send(200, NOBODY_HTML))
        r("/fault/binary", lambda h: h.send(200, binary_garbage(), "text/html"))
        r("/fault/changed-template", self._r_changed_template)
        r("/fault/links", self._r_links)
        for case in ENCODING_CASES:
            r(f"/enc/{case.name}.html", self._r_encoding(case))

    def _r_article(self, tag: str) -> Handler:
        def serve(h: _RequestHandler) -> None:
            h.send(200, article_html(f"{tag}标题", article_paragraphs(tag)).encode("utf-8"))

        return serve

    def _r_503_twice(self, h: _RequestHandler) -> None:
        if self._count(h) <= 2:
            h.send(503, b"<html><body>busy</body></html>")
        else:
            self._r_article("恢复文章")(h)

    def _r_429(self, h: _RequestHandler, wait: int) -> None:
        if self._count(h) <= 1:
            h.send(429, b"slow down", "text/plain", {"Retry-After": str(wait)})
        else:
            self._r_article("限流后文章")(h)

    def _r_slow(self, h: _RequestHandler) -> None:
        time.sleep(self.slow_s)
        self._r_article("慢速文章")(h)

    def _r_truncated(self, h: _RequestHandler) -> None:
        body = article_html("截断文章标题", article_paragraphs("截断文章", 20)).encode("utf-8")
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 3])
        h.wfile.flush()
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _r_gzip_corrupt(self, h: _RequestHandler) -> None:
        garbage = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + binary_garbage(4096, seed=3)
        h.send(200, garbage, headers={"Content-Encoding": "gzip"})

    def _r_redirect_chain(self, h: _RequestHandler) -> None:
        tail = h.route_path.rsplit("/", 1)[-1]
        n = int(tail) if tail.isdigit() else 0
        h.redirect(self.url(f"/fault/redirect-chain/{n + 1}"))

    def _r_big(self, h: _RequestHandler, *, declare: bool) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            h.send_header("Content-Length", str(BIG_SIZE))
        h.end_headers()
        sent = 0
        try:
            while sent < BIG_SIZE:
                chunk = BIG_CHUNK[: BIG_SIZE - sent]
                h.wfile.write(chunk)
                sent += len(chunk)
        finally:
            with self._lock:
                self.bytes_sent[h.route_path] += sent

    def _r_changed_template(self, h: _RequestHandler) -> None:
        paras = "\n".join(f"<div class='ln'>{p}</div>" for p in article_paragraphs("改版页面"))
        h.send(200, CHANGED_TEMPLATE_HTML.format(paras=paras).encode("utf-8"))

    def link_targets(self) -> list[str]:
        """What the ``links`` page links to (none of it may be fetched, except ``/links-ok/``)."""
        return [
            "file:///etc/passwd",
            "data:text/html;base64,PGgxPmhpPC9oMT4=",
            "javascript:alert(1)",
            "mailto:news@example.com",
            "ftp://127.0.0.1/pub/a.html",
            self.other_host_url("/other-host/t20250520_1.shtml"),
            "http://example.invalid/sd/20250520/t20250520_2.shtml",
        ]

    def _r_links(self, h: _RequestHandler) -> None:
        page = article_html("链接测试页面", article_paragraphs("链接测试"), links=self.link_targets())
        h.send(200, page.encode("utf-8"))

    def _r_encoding(self, case: EncodingCase) -> Handler:
        def serve(h: _RequestHandler) -> None:
            body, ctype = encoded_article(case)
            h.send(200, body, ctype)

        return serve


POISON_MARK = "【投毒】"


class PoisonPipeline:
    """Test-only item pipeline: raises on an item whose title carries :data:`POISON_MARK`."""

    def process_item(self, item: object) -> object:
        if POISON_MARK in str(getattr(item, "title", "")):
            raise RuntimeError(f"poisoned item {getattr(item, 'url', '?')}")
        return item


def project_setting_with(name: str, extra: dict[str, int | None]) -> str:
    """The project's dict setting ``name`` (from ``crawler/settings.py``) plus ``extra``, as JSON for ``-s``."""
    from crawler import settings as project

    return json.dumps({**getattr(project, name), **extra})
