"""Whole articles: ``show`` (one, by id, URL or key) and ``export`` (many, streamed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

from pipelines.db.models import PLACE_LEVELS, Article
from pipelines.db.query.filters import NO_FILTERS, Filters, article_conditions, as_connection
from pipelines.db.query.rows import dates_of, iso, orgs_of, persons_of, pick

EXPORT_DATE_KEYS = ("text", "value_start", "value_end", "granularity")
_DIGITS_RE = re.compile(r"\d+")


def find_article(db: Connection | Session, ref: str) -> int | None:
    """Article id from an id, a URL (canonical or fetched) or a key."""
    conn = as_connection(db)
    ref = ref.strip()
    if _DIGITS_RE.fullmatch(ref):
        pk = conn.execute(select(Article.id).where(Article.id == int(ref))).scalar()
        if pk is not None:
            return int(pk)
    pk = conn.execute(
        select(Article.id)
        .where(or_(Article.canonical_url == ref, Article.url == ref, Article.key == ref))
        .order_by(Article.id)
        .limit(1)
    ).scalar()
    return int(pk) if pk is not None else None


def _article_fields(a: Any) -> dict[str, Any]:
    """The article's own columns as JSON-ready values (shared by ``show`` and ``export``)."""
    return {
        "id": a.id,
        "key": a.key,
        "url": a.canonical_url,
        "site": a.site,
        "channel": a.channel,
        "title": a.title,
        "published_at": iso(a.published_at),
        "modified_at": iso(a.modified_at),
        "source": a.source,
        "authors": list(a.authors or []),
        "editors": list(a.editors or []),
        "keywords": list(a.keywords or []),
        "description": a.description,
        "story_id": a.story_id,  # its story (original and copies; `cnr-news story ID`), if any
        # where the story is, as the entity step placed it: the levels that are known
        "place": {k: v for k in PLACE_LEVELS if (v := getattr(a, Article.place_column(k).key))},
    }


def show(db: Connection | Session, ref: str) -> dict[str, Any] | None:
    """One article (by id, URL or key) with its organisations, people and dates; None if absent."""
    conn = as_connection(db)
    pk = find_article(conn, ref)
    if pk is None:
        return None
    a = conn.execute(select(Article).where(Article.id == pk)).first()
    if a is None:
        return None
    return {
        **_article_fields(a),
        "fetched_url": a.url,
        "template": a.template,
        "first_seen": iso(a.first_seen),
        "last_crawled": iso(a.last_crawled),
        "times_changed": a.times_changed,
        "organizations": orgs_of(conn, [pk]).get(pk, []),
        "persons": persons_of(conn, [pk]).get(pk, []),
        "dates": dates_of(conn, [pk]).get(pk, []),
        "body": a.body,
    }


def export(
    db: Connection | Session, filters: Filters = NO_FILTERS, *, limit: int | None = None, batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Articles (oldest id first) with their extracted fields; streamed in batches."""
    conn = as_connection(db)
    cond = article_conditions(conn, filters)
    last, sent = 0, 0
    while limit is None or sent < limit:
        n = batch if limit is None else min(batch, limit - sent)
        arts = conn.execute(
            select(Article).where(Article.id > last, *cond).order_by(Article.id).limit(n)
        ).all()
        if not arts:
            return
        ids = [a.id for a in arts]
        orgs_by, persons_by, dates_by = orgs_of(conn, ids), persons_of(conn, ids), dates_of(conn, ids)
        for a in arts:
            yield {
                **_article_fields(a),
                "organizations": [o["name"] for o in orgs_by.get(a.id, [])],
                "persons": [p["name"] for p in persons_by.get(a.id, [])],
                "dates": [pick(d, EXPORT_DATE_KEYS) for d in dates_by.get(a.id, [])],
                "body": a.body,
            }
        sent += len(arts)
        last = arts[-1].id
