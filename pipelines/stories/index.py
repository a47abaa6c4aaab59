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
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, delete, desc, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from pipelines.db.models import Article, Page, Story, StoryBand
from pipelines.stories.original import Member, choose_original, cited_identities, decompress_pages
from pipelines.stories.shingles import SCHEME, band_keys, overlap, shingle_hashes, signature

MIN_SHINGLES = 60  # fewer shingles (≈65 characters): not indexed nor linked (templated briefs look alike)
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


# A plain attribute on an item: (body, fingerprint(body)) made off the reactor (a worker process,
# pipelines.enrich); the store links with it when the body is still the same.
FINGERPRINT_ATTR = "news_story_fingerprint"


def attach_fingerprint(obj: object, body: str, fp: Fingerprint) -> None:
    setattr(obj, FINGERPRINT_ATTR, (body, fp))


def carried_fingerprint(obj: object, body: str) -> Fingerprint | None:
    """The fingerprint attached to ``obj`` by :func:`attach_fingerprint`, if made for ``body``."""
    carried = getattr(obj, FINGERPRINT_ATTR, None)
    if carried is not None and carried[0] == body and isinstance(carried[1], Fingerprint):
        return carried[1]
    return None


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[int, float, float]:
    """(shared shingles, containment in the smaller set, Jaccard) — exact."""
    shared = overlap(a, b)
    if not shared:
        return 0, 0.0, 0.0
    return shared, shared / min(len(a), len(b)), shared / (len(a) + len(b) - shared)


def is_copy(containment: float, jaccard: float) -> bool:
    return containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD


# Statements built once (building one costs more than running it); values are bound per call.
_HITS = func.count().label("hits")
_CANDIDATES = (
    select(StoryBand.article_pk, _HITS)
    .where(StoryBand.key.in_(bindparam("keys", expanding=True)), StoryBand.article_pk != bindparam("exclude"))
    .group_by(StoryBand.article_pk)
    .order_by(desc(_HITS), StoryBand.article_pk)
    .limit(MAX_CANDIDATES)
)
_BODIES = select(Article.id, Article.body, Article.story_id).where(
    Article.id.in_(bindparam("pks", expanding=True))
)
_INSERT_KEYS = insert(StoryBand)
_SET_INDEXED = (
    update(Article)
    .where(Article.id == bindparam("pk"))
    .values(story_scheme=bindparam("scheme"), story_id=bindparam("story"), story_cites=None)
)
_SET_LINKED = (
    update(Article)
    .where(Article.id == bindparam("pk"))
    .values(story_scheme=bindparam("scheme"), story_id=bindparam("story"))
)
_SET_STORY = (
    update(Article)
    .where(Article.id.in_(bindparam("pks", expanding=True)))
    .values(story_id=bindparam("story"))
)
_MEMBERS = select(
    Article.id,
    Article.key,
    Article.site,
    Article.canonical_url,
    Article.url,
    Article.source,
    Article.published_at,
    Article.first_seen,
    Article.story_cites,
).where(Article.story_id == bindparam("story"))
# what a member's cited URLs are read from, for members whose story_cites is not computed yet
_TEXTS = select(Article.id, Article.body, Article.description).where(
    Article.id.in_(bindparam("pks", expanding=True))
)
_PAGES = select(Page.article_pk, Page.body_z).where(Page.article_pk.in_(bindparam("pks", expanding=True)))
_SET_CITES = update(Article).where(Article.id == bindparam("pk")).values(story_cites=bindparam("cites"))
_DELETE_STORY = delete(Story).where(Story.id == bindparam("story"))
_UPDATE_STORY = (
    update(Story)
    .where(Story.id == bindparam("story"))
    .values(
        {
            name: bindparam(name)
            for name in ("original_pk", "reason", "evidence", "articles", "first_published", "updated_at")
        }
    )
)
_DELETE_KEYS = delete(StoryBand).where(
    StoryBand.key.in_(bindparam("keys", expanding=True)), StoryBand.article_pk == bindparam("pk")
)


def candidates(conn: Connection, keys: list[int], exclude: int | None = None) -> list[int]:
    """Stored articles sharing a band key with ``keys``, those sharing most first."""
    if not keys:
        return []
    rows = conn.execute(_CANDIDATES, {"keys": keys, "exclude": -1 if exclude is None else exclude})
    return [int(pk) for pk, _ in rows]


def find_matches(conn: Connection, fp: Fingerprint, exclude: int | None = None) -> list[Match]:
    """Stored articles that are copies of (or copied by) the text ``fp`` was made of, best first."""
    return _verified(conn, fp, candidates(conn, fp.keys, exclude))


def _verified(conn: Connection, fp: Fingerprint, pks: list[int]) -> list[Match]:
    """The candidates ``pks`` that are copies of (or copied by) ``fp``'s text, checked on their stored
    bodies, best first."""
    if not pks:
        return []
    out = []
    for pk, body, story_id in conn.execute(_BODIES, {"pks": pks}):
        shared, containment, jaccard = similarity(fp.hashes, shingle_hashes(body or ""))
        if is_copy(containment, jaccard):
            out.append(Match(int(pk), story_id, shared, containment, jaccard))
    out.sort(key=lambda m: (-m.containment, -m.jaccard, m.article_pk))
    return out


# --- writing ----------------------------------------------------------------------------------------
# Core statements on the session's connection (no ORM unit of work: a flush per article costs more
# than the whole match); ORM objects already loaded are told the new values (_set_loaded).


def _set_loaded(session: Session, pk: int, **values: Any) -> None:
    """Give an ``Article`` loaded in ``session`` the values just written with Core (not dirtying it)."""
    obj = session.identity_map.get(identity_key(Article, pk))
    if obj is not None:
        for name, value in values.items():
            set_committed_value(obj, name, value)


def _set_story(session: Session, pks: list[int], story_id: int | None) -> None:
    conn = session.connection()
    conn.execute(_SET_STORY, {"pks": pks, "story": story_id})
    for pk in pks:
        _set_loaded(session, pk, story_id=story_id)


def _story_of(session: Session, best: Match) -> int:
    """The story of ``best``, the match an article joins: a new one when it had none."""
    if best.story_id is not None:
        return best.story_id
    now = datetime.now(UTC)
    result = session.connection().execute(
        insert(Story).values(reason="", evidence="", articles=0, updated_at=now)
    )
    assert result.inserted_primary_key is not None
    story_id = int(result.inserted_primary_key[0])
    _set_story(session, [best.article_pk], story_id)
    return story_id


def link_article(session: Session, article: Article, fp: Fingerprint | None = None) -> Match | None:
    """Index ``article`` (stored, with its id and current body) and put it in the story of its best
    match, if any. Returns that match."""
    if article.story_scheme is not None:
        raise ValueError(f"article {article.id} is indexed already: unlink it first")
    session.flush()  # the article's row as the Core statements below will see it (a no-op if clean)
    fp = fp or fingerprint(article.body or "")
    conn = session.connection()
    best: Match | None = None
    story_id: int | None = None
    if fp.indexable:
        matches = find_matches(conn, fp, exclude=article.id)
        conn.execute(_INSERT_KEYS, [{"key": k, "article_pk": article.id} for k in fp.keys])
        if matches:
            best = matches[0]
            story_id = _story_of(session, best)
    conn.execute(_SET_LINKED, {"pk": article.id, "scheme": SCHEME, "story": story_id})
    set_committed_value(article, "story_scheme", SCHEME)
    set_committed_value(article, "story_id", story_id)
    if story_id is not None:
        refresh_story(session, story_id)
    return best


_HOLDERS = select(StoryBand.key, StoryBand.article_pk).where(
    StoryBand.key.in_(bindparam("keys", expanding=True))
)
KEYS_A_LOOKUP = 500  # band keys bound in one statement (SQLite allows 32,766 variables)


class StoryLinker:
    """:func:`link_article` for a batch of new articles, one after the other in the batch's order, with
    the same rows as calling it for each (``tests/test_store_bulk.py``) in far fewer statements:
    the index is read once for all their band keys, and the band keys and links of articles that join
    no story are written together. An article that joins a story writes everything pending first,
    so the story's rows are made on the index and members one by one would see; the articles linked
    before it in the batch count as candidates from memory.

    For new articles only (stored, not indexed, holding no band keys), all inside the caller's
    transaction; :meth:`close` writes what is pending.
    """

    def __init__(self, session: Session, articles: list[tuple[Article, Fingerprint | None]]) -> None:
        session.flush()  # the articles' rows as the Core statements will see them
        self.session = session
        self.conn = session.connection()
        self.fps: dict[int, Fingerprint] = {}
        for article, fp in articles:
            if article.story_scheme is not None:
                raise ValueError(f"article {article.id} is indexed already: unlink it first")
            self.fps[article.id] = fp or fingerprint(article.body or "")
        keys = sorted({k for fp in self.fps.values() if fp.indexable for k in fp.keys})
        self.stored: dict[int, list[int]] = {}  # band key -> articles holding it before this batch
        for i in range(0, len(keys), KEYS_A_LOOKUP):
            for key, pk in self.conn.execute(_HOLDERS, {"keys": keys[i : i + KEYS_A_LOOKUP]}):
                self.stored.setdefault(int(key), []).append(int(pk))
        self.linked: dict[int, list[int]] = {}  # band key -> articles of this batch linked so far
        self.pending_keys: list[dict[str, int]] = []
        self.pending_links: list[dict[str, Any]] = []

    def _candidates(self, fp: Fingerprint, exclude: int) -> list[int]:
        """As :func:`candidates` on the index with this batch's earlier articles in it."""
        hits: dict[int, int] = {}
        for key in fp.keys:
            for pk in (*self.stored.get(key, ()), *self.linked.get(key, ())):
                if pk != exclude:
                    hits[pk] = hits.get(pk, 0) + 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [pk for pk, _ in ranked[:MAX_CANDIDATES]]

    def _write_pending(self) -> None:
        if self.pending_keys:
            self.conn.execute(_INSERT_KEYS, self.pending_keys)
            self.pending_keys = []
        if self.pending_links:
            self.conn.execute(_SET_LINKED, self.pending_links)
            self.pending_links = []

    def link(self, article: Article) -> Match | None:
        """Index ``article`` and put it in the story of its best match, if any (as :func:`link_article`)."""
        fp = self.fps[article.id]
        best: Match | None = None
        story_id: int | None = None
        if fp.indexable:
            matches = _verified(self.conn, fp, self._candidates(fp, article.id))
            for key in fp.keys:
                self.linked.setdefault(key, []).append(article.id)
            self.pending_keys += [{"key": k, "article_pk": article.id} for k in fp.keys]
            if matches:
                self._write_pending()
                best = matches[0]
                story_id = _story_of(self.session, best)
        link = {"pk": article.id, "scheme": SCHEME, "story": story_id}
        set_committed_value(article, "story_scheme", SCHEME)
        set_committed_value(article, "story_id", story_id)
        if story_id is None:
            self.pending_links.append(link)
        else:
            self.conn.execute(_SET_LINKED, link)
            refresh_story(self.session, story_id)
        return best

    def close(self) -> None:
        """Write the band keys and links still pending."""
        self._write_pending()


def unlink_article(session: Session, article: Article) -> None:
    """Take ``article`` out of the index and out of its story (before its body changes, or it is
    deleted). Its keys are recomputed from the stored body; keys of another scheme are found by
    article (a scan)."""
    conn = session.connection()
    if article.story_scheme is not None:
        if article.story_scheme == SCHEME:
            keys = fingerprint(article.body or "").keys
            if keys:
                conn.execute(
                    delete(StoryBand).where(StoryBand.key.in_(keys), StoryBand.article_pk == article.id)
                )
        else:
            conn.execute(delete(StoryBand).where(StoryBand.article_pk == article.id))
    story_id = article.story_id
    conn.execute(_SET_INDEXED, {"pk": article.id, "scheme": None, "story": None})
    set_committed_value(article, "story_scheme", None)
    set_committed_value(article, "story_id", None)
    set_committed_value(article, "story_cites", None)
    if story_id is not None:
        refresh_story(session, story_id)


def _compute_cites(session: Session, pks: list[int]) -> dict[int, set[str]]:
    """The URL identities each article's text fields and raw pages cite, stored in ``story_cites``
    (once per article: a story of n members then costs n short values to choose, not n pages)."""
    conn = session.connection()
    texts = {
        int(pk): [body or "", description or ""]
        for pk, body, description in conn.execute(_TEXTS, {"pks": pks})
    }
    pages: dict[int, list[bytes]] = {}
    for pk, body_z in conn.execute(_PAGES, {"pks": pks}):
        if pk is not None:
            pages.setdefault(int(pk), []).append(body_z)
    out = {pk: cited_identities(texts.get(pk, []), decompress_pages(pages.get(pk, []))) for pk in pks}
    stored = {pk: " ".join(sorted(c)) for pk, c in out.items()}
    conn.execute(_SET_CITES, [{"pk": pk, "cites": v} for pk, v in stored.items()])
    for pk, v in stored.items():
        _set_loaded(session, pk, story_cites=v)
    return out


def _members(session: Session, story_id: int) -> list[Member]:
    rows = session.connection().execute(_MEMBERS, {"story": story_id}).all()
    if len(rows) < 2:
        return [Member(r.id, r.key, r.site, (r.canonical_url, r.url), None, None, None) for r in rows]
    missing = [int(r.id) for r in rows if r.story_cites is None]
    computed = _compute_cites(session, missing) if missing else {}
    return [
        Member(
            id=r.id,
            key=r.key,
            site=r.site,
            urls=(r.canonical_url, r.url),
            source=r.source,
            published_at=r.published_at,
            first_seen=r.first_seen,
            cites=computed[r.id] if r.story_cites is None else set(r.story_cites.split()),
        )
        for r in rows
    ]


def refresh_story(session: Session, story_id: int) -> None:
    """Choose the story's original again and update its counts; remove a story of fewer than two."""
    conn = session.connection()
    members = _members(session, story_id)
    if len(members) < 2:
        _set_story(session, [m.id for m in members], None)
        conn.execute(_DELETE_STORY, {"story": story_id})
        return
    choice = choose_original(members)
    dates = [m.published_at for m in members if m.published_at is not None]
    conn.execute(
        _UPDATE_STORY,
        {
            "story": story_id,
            "original_pk": choice.original,
            "reason": choice.reason,
            "evidence": choice.evidence,
            "articles": len(members),
            "first_published": min(dates) if dates else None,
            "updated_at": datetime.now(UTC),
        },
    )
