"""``cnr-news extract PATH… [--url URL] [--published-at ISO]``: run the page object and the item
pipelines (everything but storage) on saved files and print one JSON object per file (JSON Lines).

* HTML files (``.html``, ``.htm``, ``.shtml``) go through the page object that
  :func:`crawler.pages.page_object_for` picks (CNR's for a cnr.cn URL, or a file with no URL whose
  bytes look like a CNR page; else the generic extractor).
* ``.txt`` files are taken as a page's text: title ``""``, one paragraph per non-empty line.
* A directory means every such file below it (sorted); a directory with none is an error.
* ``-`` reads one HTML page from stdin (its URL: ``--url``, else read as a saved file).
* The URL is ``--url`` when given; else read from a mirror layout (``…/news.cnr.cn/a/b.shtml`` →
  ``http://news.cnr.cn/a/b.shtml``); else guessed from a CNR file name (``t20220213_525739615.html`` →
  ``http://www.cnr.cn/20220213/t20220213_525739615.shtml``); else the file's ``file://`` URL.
* ``--published-at`` sets the publication time (a time without offset is read in Asia/Shanghai);
  relative dates in the text are resolved against it.

A file that fails gets an ``error`` (the others go on); the exit status is 1 if any failed. Bad input
(``--url`` with more than one file, a directory without pages, a bad ``--published-at``) is one line
on stderr and exit status 2 before anything is read (:mod:`pipelines.cli.errors`).

The work is done by :mod:`pipelines.api` (the same record as :func:`pipelines.api.extract`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.items import ArticleItem
from crawler.pages.cnr import urls
from crawler.pages.sites import site_of
from pipelines.api import NO_URL, RECORD_KEYS, parse_page, publication_time
from pipelines.api import record as api_record
from pipelines.chain import process_article
from pipelines.cli import argtypes
from pipelines.cli.errors import BadInput

__all__ = ["BASE_KEYS", "STDIN", "extract_file", "guess_url", "iter_files", "register", "run"]

MAX_INPUT_BYTES = 10 * 1024 * 1024  # what a crawl would download of one page (DOWNLOAD_MAXSIZE)

HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt"})
CNR_FILE_NAME_RE = re.compile(r"^t(?P<date>\d{8})_(?P<id>\d+)(?:_(?P<page>\d+))?\.\w+$")

# keys every output line carries (in this order), whatever else the item adds
BASE_KEYS = RECORD_KEYS
STDIN = "-"  # the path that means: one page on stdin


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract articles from saved pages (HTML or .txt) and print JSON Lines",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or directories; - reads one page from stdin"
    )
    p.add_argument("--url", help="the page's URL (one file or stdin only; default: guessed)")
    p.add_argument("--published-at", dest="published_at", help="publication time, ISO 8601")
    p.add_argument(
        "--max-bytes",
        type=argtypes.count,
        default=MAX_INPUT_BYTES,
        metavar="N",
        help=f"refuse files larger than this (default: {MAX_INPUT_BYTES}, the crawl's DOWNLOAD_MAXSIZE)",
    )
    p.add_argument(
        "--no-pipelines", action="store_true", help="page object only: skip cleaning, dates, organisations"
    )
    p.set_defaults(func=run)


def iter_files(paths: list[str]) -> Iterator[Path]:
    """The files to read, in order (``-`` stays ``Path("-")``: stdin). A directory without a single
    page file is :class:`~pipelines.cli.errors.BadInput`; a missing file is reported per file later."""
    for raw in paths:
        p = Path(raw)
        if raw != STDIN and p.is_dir():
            found = [
                f
                for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES
            ]
            if not found:
                kinds = " ".join(sorted(HTML_SUFFIXES | TEXT_SUFFIXES))
                raise BadInput(f"no pages ({kinds}) under the directory {raw}")
            yield from found
        else:
            yield p  # missing files are reported as errors


def guess_url(path: Path) -> str:
    """A URL for a saved file: mirror layout, CNR file name, else ``file://``."""
    parts = path.resolve().parts
    for i, part in enumerate(parts):
        if urls.is_cnr_host(part.lower()) and i < len(parts) - 1:
            url = "http://" + "/".join(parts[i:])
            if url.endswith("/index.html") and path.name == "index.html":
                return url
            return url
    m = CNR_FILE_NAME_RE.match(path.name)
    if m:
        suffix = f"_{m['page']}" if m["page"] else ""
        return f"http://www.cnr.cn/{m['date']}/t{m['date']}_{m['id']}{suffix}.shtml"
    return path.resolve().as_uri()


def parse_published_at(value: str) -> datetime:
    """``--published-at``: ISO 8601 (no offset = Beijing time); ValueError otherwise."""
    when = publication_time(value)
    if when is None:
        raise ValueError(f"empty time: {value!r}")
    return when


def item_from_text(url: str, text: str) -> ArticleItem:
    lines = [line.strip() for line in text.splitlines()]
    paragraphs = [line for line in lines if line]
    ref = urls.article_ref(url)
    return ArticleItem(
        url=url,
        canonical_url=url,
        site=urls.SITE if urls.is_cnr_url(url) else site_of(url),
        key=urls.article_key(url) or url,
        article_id=ref.article_id if ref else None,
        title="",
        paragraphs=paragraphs,
        template="text",
        is_article=bool(paragraphs),
    )


def read_input(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes: a regular file of at most ``max_bytes``, else a one-line error (a FIFO, a
    device or a folder is never opened: reading it could block or never end)."""
    import stat

    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"no such file: {path}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "a folder"
            if stat.S_ISDIR(st.st_mode)
            else "a device or socket"
        )
        raise ValueError(f"not a regular file ({kind}): {path}")
    if st.st_size > max_bytes:
        raise ValueError(f"too large: {st.st_size} bytes (the limit is {max_bytes}; see --max-bytes): {path}")
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise ValueError(f"too large: over {max_bytes} bytes (see --max-bytes): {path}")
    return data


def extract_file(
    path: Path,
    *,
    url: str | None,
    published_at: datetime | None,
    pipelines: bool = True,
    max_bytes: int = MAX_INPUT_BYTES,
) -> ArticleItem:
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ValueError(f"too large: over {max_bytes} bytes (see --max-bytes): standard input")
        return parse_page(data, url or NO_URL, published_at=published_at, pipelines=pipelines)
    data = read_input(path, max_bytes)
    url = url or guess_url(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return parse_page(data, url, published_at=published_at, pipelines=pipelines)
    text = data.decode("utf-8-sig", errors="replace").replace("\ufffd", "")
    item = item_from_text(url, text)
    if published_at is not None:
        item.published_at = published_at
    if pipelines:
        process_article(item)
    return item


def record(path: Path, item: ArticleItem | None, url: str | None, error: str | None) -> dict[str, Any]:
    return api_record(item, path=str(path), url=url, error=error)


def run(args: argparse.Namespace) -> int:
    try:
        published_at = parse_published_at(args.published_at) if args.published_at else None
    except ValueError:
        raise BadInput(f"--published-at is not ISO 8601: {args.published_at!r}") from None
    files = list(iter_files(args.paths))
    if args.url and len(files) > 1:
        raise BadInput(
            f"--url is the URL of one page, but {len(files)} files were given "
            "(run extract once per URL, or leave --url out to have each file's URL guessed)"
        )
    if sum(str(f) == STDIN for f in files) > 1:
        raise BadInput("- (stdin) can be read only once")
    stdout = sys.stdout
    if hasattr(stdout, "reconfigure"):
        stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    failed = 0
    for path in files:
        url = args.url or None
        item: ArticleItem | None = None
        error: str | None = None
        try:
            if str(path) == STDIN:
                url = url or NO_URL
            url = url or guess_url(path)
            item = extract_file(
                path,
                url=url,
                published_at=published_at,
                pipelines=not args.no_pipelines,
                max_bytes=args.max_bytes,
            )
        except Exception as exc:  # one bad file must not stop the others
            error = f"{type(exc).__name__}: {exc}"
            failed += 1
        stdout.write(json.dumps(record(path, item, url, error), ensure_ascii=False, default=str) + "\n")
        stdout.flush()
    return 1 if failed else 0
