"""Re-run extraction and the item pipelines over the stored raw pages (after an improvement to cleaning
or extraction): the library behind ``cnr-news reprocess``.

Each selected article's pages (``pages`` table, zlib-compressed bytes) are parsed again by their page
object (:func:`crawler.pages.page_object_for`), run through :func:`pipelines.chain.process_article`,
and written back in place with :func:`pipelines.db.store.reprocess_article`: same id and key, fields
and mentions replaced (never duplicated), ``first_seen``/``last_crawled``/``times_changed`` and the
raw pages kept. Nothing is fetched. Parsing happens outside any write transaction; each batch is
written in one short transaction, so a crawl can run at the same time.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from crawler.constants import BEIJING
from crawler.items import ArticleItem, RawPage
from crawler.pages import page_object_for

log = logging.getLogger(__name__)


# --- parsing stored pages -------------------------------------------------------------------------------


def _content_type(page: RawPage) -> str | None:
    for k, v in (page.headers or {}).items():
        if k.lower() == "content-type":
            return v
    return None


def parse_stored(pages: list[RawPage], *, body_chars: int = 0) -> ArticleItem:
    """The article as its page object (:func:`crawler.pages.page_object_for`, asked about the first
    page) reads the stored pages now, multi-page articles merged. ``body_chars``: the cap the chain
    will cut the body at (a huge page is read only that far; ``0``: all of it)."""
    if not pages:
        raise ValueError("no stored pages")
    page_object = page_object_for(pages[0].url, pages[0].body)
    parsed = [
        page_object.parse(p.url, p.body, content_type=_content_type(p), body_chars=body_chars) for p in pages
    ]
    item = page_object.merge(parsed) if len(parsed) > 1 else parsed[0]
    item.raw_pages = list(pages)
    return item


# --- the job ---------------------------------------------------------------------------------------------

REQUIRED_TABLES = ("articles", "pages")  # what makes a database a cnr-news one


class NotOurDatabase(ValueError):
    """The database has no cnr-news tables: refused, never given the schema (issue 18)."""


class Interrupted(Exception):
    """Ctrl-C (or SIGINT): the batches written so far are kept; ``counts`` says what they held."""

    def __init__(self, counts: Counter[str]) -> None:
        super().__init__("interrupted")
        self.counts = counts


def check_our_database(engine: Any, shown_url: str) -> None:
    """Raise :class:`NotOurDatabase` unless ``engine``'s database has the cnr-news tables."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise NotOurDatabase(
            f"{shown_url} is not a cnr-news database (no {' or '.join(missing)} table); nothing was changed"
        )


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
        q = q.where(Article.published_at >= datetime.combine(sel.since, time(), BEIJING))
    if sel.until:
        q = q.where(Article.published_at < datetime.combine(sel.until + timedelta(days=1), time(), BEIJING))
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
    from pipelines.db.engine import make_engine, make_readonly_engine, resolve_db_url, safe_url
    from pipelines.db.models import Article
    from pipelines.db.store import load_raw_pages, reprocess_article

    url = resolve_db_url(db_url)
    selection = selection or Selection()
    reader = make_readonly_engine(url)  # an absent SQLite file is an error, not a new database
    try:
        check_our_database(reader, safe_url(url))  # before the writer, which would add the schema
    except BaseException:
        reader.dispose()
        raise
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

        def one(pk: int) -> None:
            try:
                with Session(reader) as rs:
                    pages = load_raw_pages(rs, pk)
                if not pages:
                    counts["no_pages"] += 1
                    return
                item = parse_stored(pages, body_chars=options.max_body_chars)
                if not item.is_article:
                    counts["not_article"] += 1
                    return
                process_article(item, options)
            except Exception as exc:
                counts["failed"] += 1
                log.error("could not re-process article %s: %s: %s", pk, type(exc).__name__, exc)
                return
            todo.append((pk, item))

        try:
            for pk in it:
                one(pk)
                if len(todo) >= max(1, batch):
                    flush()
        except KeyboardInterrupt:
            flush()  # what was parsed is written: the counts say what is kept
            raise Interrupted(counts) from None
        if todo:
            flush()
    finally:
        reader.dispose()
        writer.dispose()
    return counts


# --- stories ---------------------------------------------------------------------------------------------


def build_stories(
    db_url: str | None,
    *,
    batch: int = 500,
    progress: Callable[[Iterable[int], int], Iterable[int]] | None = None,
) -> Counter[str]:
    """Put every article that is not in the near-duplicate index yet into it, oldest first, and link
    copies into stories (:mod:`pipelines.stories`); nothing is re-parsed. Articles indexed under an
    older scheme make the whole index be rebuilt. Returns counts: ``indexed``, ``linked`` (joined a
    story), ``too_short`` (body too short to compare), ``failed``."""
    from sqlalchemy import delete, or_, select, update
    from sqlalchemy.orm import Session

    from pipelines.db.engine import make_engine, make_readonly_engine, resolve_db_url
    from pipelines.db.models import Article, Story, StoryBand
    from pipelines.stories.index import fingerprint, link_article
    from pipelines.stories.shingles import SCHEME

    url = resolve_db_url(db_url)
    make_readonly_engine(url).dispose()  # an absent SQLite file is an error, not a new database
    writer = make_engine(url)
    counts: Counter[str] = Counter()
    try:
        with Session(writer) as ws, ws.begin():
            stale = ws.scalar(
                select(Article.id)
                .where(Article.story_scheme.is_not(None), Article.story_scheme != SCHEME)
                .limit(1)
            )
            if stale is not None:  # keys of another scheme cannot be compared with new ones: start again
                log.warning("near-duplicate index made with another scheme: rebuilding it")
                ws.execute(update(Article).values(story_id=None, story_scheme=None))
                ws.execute(delete(StoryBand))
                ws.execute(delete(Story))
            ids = list(
                ws.scalars(
                    select(Article.id)
                    .where(or_(Article.story_scheme.is_(None), Article.story_scheme != SCHEME))
                    .order_by(Article.published_at.is_(None), Article.published_at, Article.id)
                )
            )
        it: Iterable[int] = progress(ids, len(ids)) if progress else ids
        todo: list[int] = []

        def flush() -> None:
            with Session(writer, expire_on_commit=False) as ws, ws.begin():
                for pk in todo:
                    article = ws.get(Article, pk)
                    if article is None or article.story_scheme is not None:  # deleted, or done meanwhile
                        continue
                    try:
                        with ws.begin_nested():
                            fp = fingerprint(article.body or "")
                            match = link_article(ws, article, fp)
                    except Exception as exc:
                        counts["failed"] += 1
                        log.error("could not index article %s: %s: %s", pk, type(exc).__name__, exc)
                        continue
                    counts["indexed" if fp.indexable else "too_short"] += 1
                    if match is not None:
                        counts["linked"] += 1
            todo.clear()

        for pk in it:
            todo.append(pk)
            if len(todo) >= max(1, batch):
                flush()
        if todo:
            flush()
    finally:
        writer.dispose()
    return counts
