"""Stories: one story (its original, its copies and what each copy changed) and the list of stories;
and what ``--by story`` means to the other queries.

A story is an original and its copies on other sites (:mod:`pipelines.stories`). Counting by story,
an article that belongs to no story counts as a story of its own: its key is ``-article id``
(:func:`story_key`), so ``COUNT(DISTINCT story_key)`` counts stories.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, desc, exists, func, select
from sqlalchemy.orm import Session

from pipelines.db.models import Article, Story
from pipelines.db.query.articles import find_article
from pipelines.db.query.filters import (
    NO_FILTERS,
    Filters,
    QueryError,
    article_conditions,
    as_connection,
    row_limit,
)
from pipelines.db.query.rows import iso, ref_dict
from pipelines.stories.diff import diff_copy
from pipelines.stories.index import similarity
from pipelines.stories.shingles import shingle_hashes

By = Literal["story", "article"]
BY_CHOICES: tuple[By, ...] = ("story", "article")


def check_by(by: str) -> By:
    if by not in BY_CHOICES:
        raise QueryError(f"--by must be story or article, not {by!r}")
    return by  # type: ignore[return-value]  # checked just above


def story_key(article: Any = Article) -> ColumnElement[int]:
    """The story an article counts as: its story id, else minus its own id (a story of one)."""
    return func.coalesce(article.story_id, -article.id)


def has_stories(conn: Connection) -> bool:
    """Whether any article belongs to a story (an index lookup)."""
    return bool(conn.execute(select(exists().where(Article.story_id.is_not(None)))).scalar())


def _ref(r: Any) -> dict[str, Any]:
    return {**ref_dict(r), "source": r.source}


def story(db: Connection | Session, ref: str) -> dict[str, Any] | None:
    """One story by its id — or the story of an article, by ``article:ID``, URL or key: the original,
    every copy with its similarity to the original and what it changed. None if there is none."""
    conn = as_connection(db)
    ref = ref.strip()
    sid: int | None = None
    if ref.isdigit():
        sid = int(ref)
    else:
        pk = find_article(conn, ref.removeprefix("article:"))
        if pk is not None:
            sid = conn.execute(select(Article.story_id).where(Article.id == pk)).scalar()
    if sid is None:
        return None
    s = conn.execute(
        select(Story.id, Story.original_pk, Story.reason, Story.evidence, Story.first_published).where(
            Story.id == sid
        )
    ).first()
    if s is None:
        return None
    cols = (
        Article.id,
        Article.title,
        Article.published_at,
        Article.site,
        Article.canonical_url,
        Article.source,
        Article.paragraphs,
        Article.body,
    )
    rows = conn.execute(
        select(*cols).where(Article.story_id == sid).order_by(Article.published_at, Article.id)
    ).all()
    original = next((r for r in rows if r.id == s.original_pk), rows[0] if rows else None)
    if original is None:
        return None
    orig_hashes = shingle_hashes(original.body or "")
    copies = []
    for r in rows:
        if r.id == original.id:
            continue
        _, containment, jaccard = similarity(orig_hashes, shingle_hashes(r.body or ""))
        d = diff_copy(
            original.title or "", list(original.paragraphs or []), r.title or "", list(r.paragraphs or [])
        )
        copies.append(
            {**_ref(r), "containment": round(containment, 3), "jaccard": round(jaccard, 3), **d.as_dict()}
        )
    return {
        "id": s.id,
        "reason": s.reason,
        "evidence": s.evidence,
        "articles": len(rows),
        "first_published": iso(s.first_published),
        "original": _ref(original),
        "copies": copies,
    }


def stories(
    db: Connection | Session, filters: Filters = NO_FILTERS, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Stories with an article matching ``filters``: the most copied first, then the newest."""
    conn = as_connection(db)
    cond = article_conditions(conn, filters)
    ids = select(Article.story_id).where(Article.story_id.is_not(None), *cond).distinct()
    orig = Article.__table__.alias("original")
    stmt = (
        select(
            Story.id,
            Story.articles,
            Story.reason,
            Story.first_published,
            orig.c.title,
            orig.c.site,
            orig.c.id.label("original_id"),
        )
        .outerjoin(orig, orig.c.id == Story.original_pk)
        .where(Story.id.in_(ids))
        .order_by(desc(Story.articles), desc(Story.first_published), Story.id)
        .limit(row_limit(limit))
    )
    return [
        {
            "id": r.id,
            "articles": r.articles,
            "first_published": iso(r.first_published),
            "original_id": r.original_id,
            "site": r.site,
            "title": r.title,
            "reason": r.reason,
        }
        for r in conn.execute(stmt)
    ]
