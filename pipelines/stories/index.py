"""Stories in the database: the near-duplicate index (``story_bands``) and the ``stories`` rows.

All functions work inside the caller's session and transaction — :func:`pipelines.db.store.upsert_article`
calls :func:`link_article` in the article's own SAVEPOINT, so an article and its story link are
written together or not at all.

Matching a new article (time sub-linear in the database size):

1. its shingle set, MinHash signature and :data:`~pipelines.stories.shingles.BANDS` band keys
   (:mod:`pipelines.stories.shingles`);
2. one indexed lookup: the stored articles sharing at least one band key, the ones sharing most
   first (at most :data:`MAX_CANDIDATES`);
3. each candidate verified exactly on its stored body: the shingles both share, as a share of the
   smaller set (containment ≥ :data:`MIN_CONTAINMENT`: a trimmed copy is contained in its original)
   and of the union (Jaccard ≥ :data:`MIN_JACCARD`: not a one-paragraph quotation of a long story);
4. the article joins the story of the best match (a story is made when the match had none), its
   band keys are stored, and the story's original is chosen again
   (:func:`pipelines.stories.original.choose_original`).

An article whose body changes (re-crawl, ``reprocess``) leaves its story first (:func:`unlink_article`)
and is matched again; a story left with one article is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, desc, func, insert, select, update
from sqlalchemy.orm import Session

from pipelines.db.models import Article, Page, Story, StoryBand
from pipelines.stories.original import Member, choose_original, cited_identities, decompress_pages
from pipelines.stories.shingles import SCHEME, band_keys, overlap, shingle_hashes, signature

MIN_SHINGLES = 30  # a body with fewer shingles (≈35 characters) is neither indexed nor linked
MIN_CONTAINMENT = 0.7
MIN_JACCARD = 0.2
MAX_CANDIDATES = 50


@dataclass(frozen=True)
class Match:
    article_pk: int
    story_id: int | None
    shared: int
    containment: float
    jaccard: float


@dataclass(frozen=True)
class Fingerprint:
    hashes: np.ndarray
    keys: list[int]

    @property
    def indexable(self) -> bool:
        return len(self.hashes) >= MIN_SHINGLES


def fingerprint(body: str) -> Fingerprint:
    hashes = shingle_hashes(body)
    if len(hashes) < MIN_SHINGLES:
        return Fingerprint(hashes, [])
    return Fingerprint(hashes, sorted(set(band_keys(signature(hashes)))))


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[int, float, float]:
    """(shared shingles, containment in the smaller set, Jaccard) — exact."""
    shared = overlap(a, b)
    if not shared:
        return 0, 0.0, 0.0
    return shared, shared / min(len(a), len(b)), shared / (len(a) + len(b) - shared)


def is_copy(containment: float, jaccard: float) -> bool:
    return containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD


def candidates(session: Session, keys: list[int], exclude: int | None = None) -> list[int]:
    """Stored articles sharing a band key with ``keys``, those sharing most first."""
    if not keys:
        return []
    hits = func.count().label("hits")
    stmt = select(StoryBand.article_pk, hits).where(StoryBand.key.in_(keys))
    if exclude is not None:
        stmt = stmt.where(StoryBand.article_pk != exclude)
    stmt = (
        stmt.group_by(StoryBand.article_pk).order_by(desc(hits), StoryBand.article_pk).limit(MAX_CANDIDATES)
    )
    return [int(pk) for pk, _ in session.execute(stmt)]


def find_matches(session: Session, fp: Fingerprint, exclude: int | None = None) -> list[Match]:
    """Stored articles that are copies of (or copied by) the text ``fp`` was made of, best first."""
    pks = candidates(session, fp.keys, exclude)
    if not pks:
        return []
    out = []
    rows = session.execute(select(Article.id, Article.body, Article.story_id).where(Article.id.in_(pks)))
    for pk, body, story_id in rows:
        shared, containment, jaccard = similarity(fp.hashes, shingle_hashes(body or ""))
        if is_copy(containment, jaccard):
            out.append(Match(int(pk), story_id, shared, containment, jaccard))
    out.sort(key=lambda m: (-m.containment, -m.jaccard, m.article_pk))
    return out


# --- writing ----------------------------------------------------------------------------------------


def link_article(session: Session, article: Article, fp: Fingerprint | None = None) -> Match | None:
    """Index ``article`` (flushed, with its id and current body) and put it in the story of its best
    match, if any. Returns that match."""
    if article.story_scheme is not None:
        raise ValueError(f"article {article.id} is indexed already: unlink it first")
    fp = fp or fingerprint(article.body or "")
    article.story_scheme = SCHEME
    if not fp.indexable:
        session.flush()
        return None
    matches = find_matches(session, fp, exclude=article.id)
    session.execute(insert(StoryBand), [{"key": k, "article_pk": article.id} for k in fp.keys])
    if not matches:
        session.flush()
        return None
    best = matches[0]
    story_id = best.story_id
    if story_id is None:
        story = Story(reason="", evidence="", articles=0, updated_at=datetime.now(UTC))
        session.add(story)
        session.flush()
        story_id = story.id
        session.execute(update(Article).where(Article.id == best.article_pk).values(story_id=story_id))
    article.story_id = story_id
    session.flush()
    refresh_story(session, story_id)
    return best


def unlink_article(session: Session, article: Article) -> None:
    """Take ``article`` out of the index and out of its story (before its body changes, or it is
    deleted). Its keys are recomputed from the stored body; keys of another scheme are found by
    article (a scan)."""
    if article.story_scheme is not None:
        if article.story_scheme == SCHEME:
            keys = fingerprint(article.body or "").keys
            if keys:
                session.execute(
                    delete(StoryBand).where(StoryBand.key.in_(keys), StoryBand.article_pk == article.id)
                )
        else:
            session.execute(delete(StoryBand).where(StoryBand.article_pk == article.id))
        article.story_scheme = None
    story_id = article.story_id
    if story_id is not None:
        article.story_id = None
        session.flush()
        refresh_story(session, story_id)


def _members(session: Session, story_id: int) -> list[Member]:
    rows = session.execute(
        select(
            Article.id,
            Article.key,
            Article.site,
            Article.canonical_url,
            Article.url,
            Article.source,
            Article.published_at,
            Article.first_seen,
            Article.body,
            Article.description,
        ).where(Article.story_id == story_id)
    ).all()
    if len(rows) < 2:
        return [Member(r.id, r.key, r.site, (r.canonical_url, r.url), None, None, None) for r in rows]
    pages: dict[int, list[bytes]] = {}
    for pk, body_z in session.execute(
        select(Page.article_pk, Page.body_z).where(Page.article_pk.in_([r.id for r in rows]))
    ):
        if pk is not None:
            pages.setdefault(int(pk), []).append(body_z)
    return [
        Member(
            id=r.id,
            key=r.key,
            site=r.site,
            urls=(r.canonical_url, r.url),
            source=r.source,
            published_at=r.published_at,
            first_seen=r.first_seen,
            cites=cited_identities(
                [r.body or "", r.description or ""], decompress_pages(pages.get(r.id, []))
            ),
        )
        for r in rows
    ]


def refresh_story(session: Session, story_id: int) -> None:
    """Choose the story's original again and update its counts; remove a story of fewer than two."""
    members = _members(session, story_id)
    story = session.get(Story, story_id)
    if story is None:
        return
    if len(members) < 2:
        session.execute(update(Article).where(Article.story_id == story_id).values(story_id=None))
        session.delete(story)
        session.flush()
        return
    choice = choose_original(members)
    story.original_pk = choice.original
    story.reason = choice.reason
    story.evidence = choice.evidence
    story.articles = len(members)
    dates = [m.published_at for m in members if m.published_at is not None]
    story.first_published = min(dates) if dates else None
    story.updated_at = datetime.now(UTC)
    session.flush()
