"""What ``cnr-news check-site`` checks: robots.txt of each host, each channel's first list page and
one article per channel — status, encoding, list markup / template, fields found. Plain HTTP (urllib,
our User-Agent: CNR answers 403 to requests without one), redirects followed (http → https); a local
mirror (``base``/``http_base``, as the spider's) stands for cnr.cn in tests and the demo.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from protego import Protego

from crawler.pages.cnr import lists as L
from crawler.pages.cnr import urls as U
from crawler.pages.cnr.page import parse_cnr
from crawler.pages.encoding import decode_html

DEFAULT_TIMEOUT = 20.0


@dataclass
class Fetched:
    url: str  # logical URL asked for
    final_url: str  # logical URL after redirects
    status: int | None  # None: no answer
    body: bytes = b""
    content_type: str | None = None
    error: str | None = None
    redirects: int = 0


@dataclass
class Row:
    kind: str  # robots | list | article
    channel: str
    url: str
    status: str
    encoding: str = "-"
    matched: str = "-"  # list markup or article template
    fields: str = "-"
    problem: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None


class _CountRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self) -> None:
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        self.count += 1
        return super().redirect_request(req, fp, code, msg, headers, newurl)


Fetch = Callable[[str], Fetched]


def make_fetch(mirror: U.Mirror | None, user_agent: str, timeout: float = DEFAULT_TIMEOUT) -> Fetch:
    """A fetcher of logical cnr.cn URLs (through ``mirror`` when given)."""

    def fetch(url: str) -> Fetched:
        target = U.fetch_url(url, mirror)
        redirects = _CountRedirects()
        opener = urllib.request.build_opener(redirects)
        req = urllib.request.Request(target, headers={"User-Agent": user_agent})
        try:
            with opener.open(req, timeout=timeout) as resp:
                final = U.logical_url(resp.geturl(), mirror)
                return Fetched(
                    url,
                    final,
                    resp.status,
                    resp.read(),
                    resp.headers.get("Content-Type"),
                    None,
                    redirects.count,
                )
        except urllib.error.HTTPError as exc:
            final = U.logical_url(exc.geturl() or target, mirror)
            return Fetched(
                url,
                final,
                exc.code,
                exc.read() or b"",
                exc.headers.get("Content-Type"),
                None,
                redirects.count,
            )
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Fetched(url, url, None, error=f"{type(exc).__name__}: {reason}", redirects=redirects.count)

    return fetch


def _status(f: Fetched) -> str:
    if f.status is None:
        return f"no answer ({f.error})"
    return f"{f.status}" + (
        f" after {f.redirects} redirect{'s' if f.redirects > 1 else ''}" if f.redirects else ""
    )


def check_robots(host_url: str, fetch: Fetch, user_agent: str) -> Row:
    url = urljoin(host_url, "/robots.txt")
    f = fetch(url)
    host = urlsplit(url).netloc
    row = Row("robots", host, url, _status(f))
    if f.status is None or f.status >= 500 or f.status == 429:
        row.problem = "robots.txt unreachable: the crawl would fetch nothing from this host"
        return row
    if 400 <= f.status < 500:
        row.fields = "no robots.txt (4xx): everything allowed"
        return row
    text = f.body.decode("utf-8", errors="replace")
    rules = Protego.parse(text)
    sitemaps = L.robots_sitemaps(text)
    wildcard_query = "/*?*" in text
    row.fields = f"sitemaps {len(sitemaps)}" + (", Disallow /*?*" if wildcard_query else "")
    row.extra = {"sitemaps": sitemaps}
    if not rules.can_fetch(host_url, user_agent):
        row.problem = "robots.txt disallows the host's front page for our user agent"
    return row


def check_channel(channel: str, fetch: Fetch) -> tuple[Row, Row | None]:
    """The channel's first list page, then the first article it links to."""
    f = fetch(channel)
    row = Row("list", channel, channel, _status(f))
    if f.status is None or not 200 <= f.status < 300:
        row.problem = "list page not available"
        return row, None
    text, codec = decode_html(f.body, f.content_type)
    row.encoding = codec
    sel = Selector(text=text)
    row.matched = L.list_markup(sel)
    links = U.discover_links(f.final_url, sel.css("a::attr(href), area::attr(href)").getall())
    in_list = [u for u in links.articles]
    script_pages = U.list_pager_total(sel.css("script::text").getall())
    row.fields = f"{len(in_list)} article links" + (
        f", createPageHTML {script_pages} pages" if script_pages else ""
    )
    if not in_list:
        row.problem = "no article links: has the list markup changed?"
        return row, None
    return row, check_article(channel, in_list[0], fetch)


def check_article(channel: str, url: str, fetch: Fetch) -> Row:
    f = fetch(url)
    row = Row("article", channel, url, _status(f))
    if f.status is None or not 200 <= f.status < 300:
        row.problem = "article not available"
        return row
    text, codec = decode_html(f.body, f.content_type)
    row.encoding = codec
    item = parse_cnr(f.final_url, f.body, content_type=f.content_type, text=text)
    row.matched = item.template or "-"
    found = [
        name
        for name, ok in (
            ("title", bool(item.title)),
            ("time", item.published_at is not None),
            ("source", bool(item.source)),
            ("author", bool(item.authors)),
            ("editor", bool(item.editors)),
        )
        if ok
    ]
    found.append(f"{len(item.paragraphs)} paragraphs")
    if item.images:
        captions = sum(1 for i in item.images if i.caption)
        found.append(f"{len(item.images)} images ({captions} captioned)")
    row.fields = ", ".join(found)
    if not item.is_article:
        row.problem = "not read as an article"
    elif item.template == "generic":
        row.problem = "no CNR template matched (generic extractor): has the article template changed?"
    return row


def check_site(homepage: str, channels: Sequence[str], fetch: Fetch, user_agent: str) -> list[Row]:
    rows: list[Row] = []
    hosts: list[str] = []
    for u in [homepage, *channels]:
        parts = urlsplit(u)
        origin = f"{parts.scheme}://{parts.netloc}/"
        if origin not in hosts:
            hosts.append(origin)
    rows.extend(check_robots(h, fetch, user_agent) for h in hosts)
    for channel in channels:
        list_row, article_row = check_channel(channel, fetch)
        rows.append(list_row)
        if article_row is not None:
            rows.append(article_row)
    return rows


def table(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width text table (one line per row, problems after a ``!``)."""
    head = ("what", "status", "encoding", "matched", "found", "url")
    body = [
        (r.kind, r.status, r.encoding, r.matched, r.fields + (f"  ! {r.problem}" if r.problem else ""), r.url)
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in (head, *body)) for i in range(len(head) - 1)]
    lines = []
    for cols in (head, *body):
        lines.append(
            "  ".join(str(c).ljust(w) for c, w in zip(cols[:-1], widths, strict=True)) + "  " + cols[-1]
        )
    return "\n".join(line.rstrip() for line in lines)
