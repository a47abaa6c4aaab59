"""Full-text search: the FTS5 index on SQLite, the ``tsvector`` index on PostgreSQL (the same tokens:
:mod:`pipelines.db.pg_search`); elsewhere, or without the index, ``LIKE`` (every query piece must occur in the title or body; newest first)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, Connection, Select, desc, literal_column, select, text
from sqlalchemy.orm import Session

from pipelines.db import fts, pg_search
from pipelines.db.models import Article
from pipelines.db.query.filters import (
    NO_FILTERS,
    Filters,
    article_conditions,
    as_connection,
    fts_match,
    fts_table,
    like_all,
    row_limit,
)
from pipelines.db.query.rows import article_refs, ref_dict
from pipelines.text.t2s import to_simplified

DEFAULT_MARK = ("【", "】")
# a term in more matching articles than this is ranked among its newest this-many matches
RANK_WINDOW = 10_000
SNIPPET_BEFORE = 30
SNIPPET_AFTER = 70
_WS_RE = re.compile(r"\s+")


def _highlight_terms(query: str) -> list[str]:
    """Strings to look for in the body: the query's pieces, longest first."""
    segs = {s for s, _ in fts.query_segments(query)}
    return sorted(segs, key=len, reverse=True)


def make_snippet(
    body: str,
    terms: Sequence[str],
    mark: tuple[str, str] = DEFAULT_MARK,
    before: int = SNIPPET_BEFORE,
    after: int = SNIPPET_AFTER,
) -> str:
    """A window of the real body around the first hit, every hit inside it wrapped in ``mark``. The
    terms are simplified script (the index's); a body where they are not found as written (traditional
    script) is searched through its simplified form where that keeps its length, and its own text is
    shown. Most bodies hold a hit as written: no conversion for them (one per row of every search)."""
    flat = _WS_RE.sub(" ", body or "")
    if not terms:
        return flat[: before + after]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    hay = flat
    first = pattern.search(hay)
    if first is None:
        folded = to_simplified(flat)
        if len(folded) == len(flat):
            hay = folded
            first = pattern.search(hay)
    if first is None:
        return flat[: before + after] + ("…" if len(flat) > before + after else "")
    lo = max(0, first.start() - before)
    hi = min(len(flat), first.end() + after)
    parts: list[str] = []
    at = lo
    for m in pattern.finditer(hay, lo, hi):
        parts += [flat[at : m.start()], mark[0], flat[m.start() : m.end()], mark[1]]
        at = m.end()
    parts.append(flat[at:hi])
    return ("…" if lo > 0 else "") + "".join(parts) + ("…" if hi < len(flat) else "")


def _fts_hits(
    conn: Connection, match: str, cond: list[ColumnElement[bool]], limit: int, window: int
) -> list[tuple[int, float | None]]:
    """(article id, bm25) of the best matches.

    bm25 costs about a microsecond per matching article, so a term found in nearly every article
    of a 100,000-article database would take ~100 ms to rank. First find the lowest id among the
    ``window`` newest matches (a descending walk of the index, stopped at ``window``), then rank
    only matches at or above it. When filters leave fewer than ``limit`` hits in that window,
    everything is ranked.
    """
    t = fts.FTS_TABLE
    n, low = conn.execute(
        text(
            f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {t} WHERE {t} MATCH :match "
            "ORDER BY rowid DESC LIMIT :window)"
        ),
        {"match": match, "window": max(limit, int(window))},
    ).one()
    if not n:
        return []
    truncated = n >= max(limit, int(window))
    score: ColumnClause[Any] = literal_column(f"bm25({t}, {', '.join(str(w) for w in fts.RANK_WEIGHTS)})")

    def ranked(lower: int | None) -> list[tuple[int, float | None]]:
        stmt: Select[Any] = select(fts_table.c.rowid, score).where(
            text(f"{t} MATCH :match").bindparams(match=match)
        )
        if lower is not None:
            stmt = stmt.where(fts_table.c.rowid >= lower)
        if cond:
            stmt = stmt.join(Article, Article.id == fts_table.c.rowid).where(*cond)
        stmt = stmt.order_by(score).limit(limit)
        return [(int(r[0]), float(r[1])) for r in conn.execute(stmt)]

    hits = ranked(int(low) if truncated else None)
    if truncated and cond and len(hits) < limit:
        hits = ranked(None)
    return hits


def search(
    db: Connection | Session,
    query: str,
    filters: Filters = NO_FILTERS,
    *,
    limit: int = 20,
    mark: tuple[str, str] = DEFAULT_MARK,
    rank_window: int = RANK_WINDOW,
) -> list[dict[str, Any]]:
    """Articles matching every piece of ``query``, best first, each with a highlighted snippet.

    ``score``: FTS5 bm25 (lower is better; title and whole-word hits weigh more); ``None`` on the
    LIKE fallback. A term in more than ``rank_window`` articles is ranked among its
    ``rank_window`` most recently stored matches (cost bounded whatever the term; see
    :func:`_fts_hits`).
    """
    conn = as_connection(db)
    match = fts_match(query)
    cond = article_conditions(conn, filters)
    limit = row_limit(limit)
    hits: list[tuple[int, float | None]]
    if fts.fts_exists(conn):
        hits = _fts_hits(conn, match, cond, limit, rank_window)
    elif pg_search.exists(conn):
        hits = list(pg_search.hits(conn, pg_search.tsquery_literal(query) or "", cond, limit))
    else:
        stmt = (
            select(Article.id)
            .where(*like_all(query), *cond)
            .order_by(desc(Article.published_at), desc(Article.id))
            .limit(limit)
        )
        hits = [(int(r[0]), None) for r in conn.execute(stmt)]
    rows = article_refs(conn, [h[0] for h in hits], Article.body)
    terms = _highlight_terms(query)
    out = []
    for pk, score in hits:
        r = rows.get(pk)
        if r is None:  # index entry of an article deleted behind the index's back
            continue
        d = ref_dict(r)
        d["source"] = r.source
        d["score"] = round(score, 4) if score is not None else None
        d["snippet"] = make_snippet(r.body, terms, mark)
        out.append(d)
    return out
