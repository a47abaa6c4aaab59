"""``cnr-news reprocess [--since D] [--until D] [--site S] [--db URL]``: re-run extraction and the
item pipelines over the stored raw pages (after an improvement to cleaning or extraction).

Each selected article's pages (``pages`` table, zlib-compressed bytes) are parsed again by the page
object (the CNR one for ``cnr.cn``, the generic one elsewhere), run through
:func:`pipelines.chain.process_article`, and written back in place with
:func:`pipelines.db.store.reprocess_article`: same id and key, fields and mentions replaced (never
duplicated), ``first_seen``/``last_crawled``/``times_changed`` and the raw pages kept. Nothing is
fetched. Parsing happens outside any write transaction; each batch is written in one short
transaction, so a crawl can run at the same time.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from crawler.items import ArticleItem, RawPage

log = logging.getLogger(__name__)

SHANGHAI = timezone(timedelta(hours=8))  # day boundaries of --since/--until (publication dates)
CNR_SITE = "cnr.cn"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reprocess",
        help="re-run extraction and the item pipelines over stored raw pages, updating in place",
        description="Re-run extraction and the item pipelines over the stored raw pages (nothing is "
        "fetched), updating articles and their mentions in place.",
    )
    p.add_argument("--db", help="database URL or SQLite path (default: $NEWS_DB_URL, else data/news.db)")
    p.add_argument("--since", type=date.fromisoformat, help="published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=date.fromisoformat, help="published on or before this day (YYYY-MM-DD)")
    p.add_argument("--site", help="only this site (e.g. cnr.cn)")
    p.add_argument("--limit", type=int, help="at most this many articles")
    p.add_argument("--batch", type=int, default=100, help="articles per write transaction (default: 100)")
    p.add_argument("--t2s", action="store_true", help="Traditional -> Simplified (as NEWS_T2S)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


# --- parsing stored pages -------------------------------------------------------------------------------


def _content_type(page: RawPage) -> str | None:
    for k, v in (page.headers or {}).items():
        if k.lower() == "content-type":
            return v
    return None


def _merge(items: list[ArticleItem]) -> ArticleItem:
    first = items[0]
    seen = set(first.paragraphs)
    for extra in items[1:]:
        for p in extra.paragraphs:
            if p not in seen:
                seen.add(p)
                first.paragraphs.append(p)
        first.images.extend(extra.images)
        first.is_article = first.is_article or extra.is_article
    return first


def parse_stored(site: str, pages: list[RawPage]) -> ArticleItem:
    """The article as the page object sees the stored pages now (multi-page articles merged)."""
    if not pages:
        raise ValueError("no stored pages")
    if site == CNR_SITE:
        from crawler.pages.cnr.page import merge_pages, parse_cnr

        parsed = [parse_cnr(p.url, p.body, content_type=_content_type(p)) for p in pages]
        item = merge_pages(parsed) if len(parsed) > 1 else parsed[0]
    else:
        from crawler.pages.generic.page import parse_generic

        item = _merge([parse_generic(p.url, p.body, content_type=_content_type(p)) for p in pages])
    item.raw_pages = list(pages)
    return item


# --- the job ---------------------------------------------------------------------------------------------


@dataclass
class Selection:
    since: date | None = None
    until: date | None = None
    site: str | None = None
    limit: int | None = None


def _select_ids(session: Any, sel: Selection) -> list[int]:
    from sqlalchemy import select

    from pipelines.db.models import Article

    q = select(Article.id).order_by(Article.id)
    if sel.since:
        q = q.where(Article.published_at >= datetime.combine(sel.since, time(), SHANGHAI))
    if sel.until:
        q = q.where(Article.published_at < datetime.combine(sel.until + timedelta(days=1), time(), SHANGHAI))
    if sel.site:
        q = q.where(Article.site == sel.site)
    if sel.limit:
        q = q.limit(sel.limit)
    return list(session.scalars(q))


def reprocess(
    db_url: str | None,
    selection: Selection | None = None,
    *,
    batch: int = 100,
    t2s: bool = False,
    progress: Callable[[Iterable[int], int], Iterable[int]] | None = None,
) -> Counter[str]:
    """Re-process the selected articles; returns counts: updated, unchanged, failed, no_pages,
    not_article."""
    from sqlalchemy.orm import Session

    from pipelines.chain import ChainOptions, process_article
    from pipelines.db.engine import make_engine, make_readonly_engine, resolve_db_url
    from pipelines.db.models import Article
    from pipelines.db.store import load_raw_pages, reprocess_article

    url = resolve_db_url(db_url)
    selection = selection or Selection()
    reader = make_readonly_engine(url)  # an absent SQLite file is an error, not a new database
    writer = make_engine(url)
    counts: Counter[str] = Counter()
    options = ChainOptions(t2s=t2s)
    try:
        with Session(reader) as rs:
            ids = _select_ids(rs, selection)
        it: Iterable[int] = progress(ids, len(ids)) if progress else ids
        todo: list[tuple[int, ArticleItem]] = []

        def flush() -> None:
            with Session(writer, expire_on_commit=False) as ws, ws.begin():
                for pk, item in todo:
                    article = ws.get(Article, pk)
                    if article is None:  # deleted meanwhile
                        counts["failed"] += 1
                        continue
                    try:
                        counts[reprocess_article(ws, article, item)] += 1
                    except Exception as exc:
                        counts["failed"] += 1
                        log.error("could not rewrite article %s: %s: %s", pk, type(exc).__name__, exc)
            todo.clear()

        for pk in it:
            try:
                with Session(reader) as rs:
                    site = rs.get(Article, pk).site  # type: ignore[union-attr]
                    pages = load_raw_pages(rs, pk)
                if not pages:
                    counts["no_pages"] += 1
                    continue
                item = parse_stored(site, pages)
                if not item.is_article:
                    counts["not_article"] += 1
                    continue
                process_article(item, options)
            except Exception as exc:
                counts["failed"] += 1
                log.error("could not re-process article %s: %s: %s", pk, type(exc).__name__, exc)
                continue
            todo.append((pk, item))
            if len(todo) >= max(1, batch):
                flush()
        if todo:
            flush()
    finally:
        reader.dispose()
        writer.dispose()
    return counts


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )

    def bar(ids: Iterable[int], total: int) -> Iterable[int]:
        return tqdm(ids, total=total, unit="article", file=sys.stderr, disable=args.no_progress or None)

    selection = Selection(since=args.since, until=args.until, site=args.site, limit=args.limit)
    try:
        counts = reprocess(args.db, selection, batch=args.batch, t2s=args.t2s, progress=bar)
    except FileNotFoundError as exc:
        print(f"cnr-news reprocess: {exc}", file=sys.stderr)
        return 1
    total = sum(counts.values())
    print(
        f"re-processed {total} articles: {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed, {counts['no_pages']} without stored pages, "
        f"{counts['not_article']} no longer parsed as articles (left as they were)"
    )
    return 1 if counts["failed"] else 0
