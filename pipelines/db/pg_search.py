"""Full-text search on PostgreSQL: the same tokens as the SQLite FTS5 index (:mod:`pipelines.db.fts`)
in a ``tsvector`` with a GIN index, so a query matches the same articles on both backends.

PostgreSQL's text-search parsers do not segment Chinese either (and ``pg_trgm`` extracts no
trigrams from a 2-character query), so the ``tsvector`` is built here, as a literal (no parser,
no stemming), from :func:`pipelines.db.fts.prepare`:

- character bigrams (+ each Han run's last character) and lower-cased letter/digit words, with
  positions — title from 1, body from ``BODY_START`` — so a Han query of n ≥ 2 characters is the
  *phrase* of its bigrams (``'托育' <-> '育服' <-> '服务'``): a substring of one run, exactly as
  FTS5's phrase query; one character is a prefix query (``'托':*``); a 2-character word is one
  bigram lexeme (the 2-character-word behaviour of the SQLite index);
- jieba words as ``w:``-prefixed lexemes (never confused with bigrams), OR-ed into the query for
  ranking: a real word scores higher than characters that merely sit side by side.

Weights: A title words, B title bigrams, C body words, D body bigrams; ``ts_rank`` with
``RANK_WEIGHTS`` (the same order of importance as the bm25 weights). PostgreSQL caps positions at
16383: in a body longer than ~16,000 characters a phrase is found in its first 16,000 only.

Table ``articles_pg_fts(article_pk, digest, tsv)`` (``ON DELETE CASCADE``), GIN index
``ix_articles_pg_fts_tsv``; created by migration ``0004`` and by :func:`ensure` (schema creation
path), filled from ``articles`` when missing, kept in sync by the storage layer.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import (
    REAL,
    ColumnElement,
    Connection,
    Engine,
    Select,
    cast,
    column,
    func,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY

from pipelines.db import fts
from pipelines.db.models import Article

log = logging.getLogger(__name__)


TABLE = "articles_pg_fts"
INDEX = "ix_articles_pg_fts_tsv"
BODY_START = 300  # first position of the body (titles are shorter): no phrase spans title and body
MAX_POS = 16383
WORD_PREFIX = "w:"
# ts_rank weights in PostgreSQL's order {D, C, B, A}: body bigram, body word, title bigram, title word
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 0.8}"

DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "article_pk INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
    "digest TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (tsv)",
)


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def _lex(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: str, body: str) -> str:
    """The ``tsvector`` input text for one article (lexeme:position+weight …)."""
    title_words, title_grams, body_words, body_grams = (s.split() for s in fts.prepare(title, body))
    parts: list[str] = []
    for words, weight in ((title_words, "A"), (body_words, "C")):
        parts.extend(f"{_lex(WORD_PREFIX + w)}:1{weight}" for w in dict.fromkeys(words))
    for grams, start, weight in ((title_grams, 1, "B"), (body_grams, BODY_START, "D")):
        parts.extend(f"{_lex(g)}:{min(start + i, MAX_POS)}{weight}" for i, g in enumerate(grams))
    return " ".join(parts)


def tsquery_literal(query: str) -> str | None:
    """A safe ``tsquery`` input text: every piece of ``query`` must occur (AND); None if nothing searchable."""
    parts = []
    for seg, is_han in fts.query_segments(query):
        if is_han and len(seg) == 1:
            parts.append(f"{_lex(seg)}:*")
        elif is_han and len(seg) == 2:
            parts.append(f"({_lex(seg)} | {_lex(WORD_PREFIX + seg)})")
        elif is_han:
            phrase = " <-> ".join(_lex(seg[i : i + 2]) for i in range(len(seg) - 1))
            parts.append(f"(({phrase}) | {_lex(WORD_PREFIX + seg)})")
        else:
            parts.append(_lex(seg))
    return " & ".join(parts) if parts else None


def exists(conn: Connection) -> bool:
    if not is_postgres(conn):
        return False
    return bool(conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar())


def create(conn: Connection) -> int:
    """Create the table and index and index every article not indexed yet; returns how many."""
    for ddl in DDL:
        conn.exec_driver_sql(ddl)
    rows = conn.execute(
        text(
            f"SELECT a.id, a.title, a.body FROM articles a LEFT JOIN {TABLE} f ON f.article_pk = a.id "
            "WHERE f.article_pk IS NULL"
        )
    ).all()
    for r in rows:
        _write(conn, int(r.id), r.title or "", r.body or "")
    return len(rows)


STALE_BATCH = 500  # articles read at a time: a large database's texts are never all in memory


def stale(conn: Connection, *, first_only: bool = False) -> list[int]:
    """Ids of the articles whose row is missing or was made from other text or by another token
    scheme (:data:`pipelines.db.fts.SCHEME` is in the digest); ``first_only``: stop at the first."""
    if not exists(conn):
        return []
    found: list[int] = []
    query = text(
        f"SELECT a.id, a.title, a.body, f.digest FROM articles a LEFT JOIN {TABLE} f ON f.article_pk = a.id"
    )
    # streamed (a server-side cursor for this statement only: the connection's other statements stay plain)
    result = conn.execute(query.execution_options(yield_per=STALE_BATCH))
    try:
        for r in result:
            if r.digest != fts.digest(r.title or "", r.body or ""):
                found.append(int(r.id))
                if first_only:
                    break
    finally:
        result.close()
    return found


def reindex(conn: Connection) -> int:
    """Index again every :func:`stale` article, a batch at a time; returns how many."""
    ids = stale(conn)
    for i in range(0, len(ids), STALE_BATCH):
        rows = conn.execute(
            text("SELECT id, title, body FROM articles WHERE id = ANY(:ids)"),
            {"ids": ids[i : i + STALE_BATCH]},
        )
        for r in rows.all():
            _write(conn, int(r.id), r.title or "", r.body or "")
    return len(ids)


def _write(conn: Connection, pk: int, title: str, body: str) -> None:
    conn.execute(
        text(
            f"INSERT INTO {TABLE}(article_pk, digest, tsv) VALUES (:pk, :d, CAST(:v AS tsvector)) "
            "ON CONFLICT (article_pk) DO UPDATE SET digest = EXCLUDED.digest, tsv = EXCLUDED.tsv"
        ),
        {"pk": pk, "d": fts.digest(title, body), "v": tsvector_literal(title, body)},
    )


def sync(conn: Connection, pk: int, title: str, body: str) -> None:
    """(Re)index one article in the caller's transaction (no-op when its text is unchanged)."""
    if not exists(conn):
        return
    old = conn.execute(text(f"SELECT digest FROM {TABLE} WHERE article_pk = :pk"), {"pk": pk}).scalar()
    if old == fts.digest(title or "", body or ""):
        return
    _write(conn, pk, title or "", body or "")


def delete(conn: Connection, pk: int) -> None:
    if exists(conn):
        conn.execute(text(f"DELETE FROM {TABLE} WHERE article_pk = :pk"), {"pk": pk})


def _table() -> Any:
    return table(TABLE, column("article_pk"), column("tsv"))


def _matches(t: Any, query_literal: str) -> ColumnElement[bool]:
    return t.c.tsv.op("@@")(cast(literal(query_literal), TSQUERY))


def matching_ids(query_literal: str) -> Select[Any]:
    """The ids of matching articles (for the ``--about`` filter)."""
    t = _table()
    return select(t.c.article_pk).where(_matches(t, query_literal))


def hits(
    conn: Connection, query_literal: str, cond: list[ColumnElement[bool]], limit: int
) -> list[tuple[int, float]]:
    """(article id, score) of the best matches; score = −ts_rank (lower is better, like bm25)."""
    t = _table()
    rank = func.ts_rank(
        cast(literal(RANK_WEIGHTS), ARRAY(REAL)), t.c.tsv, cast(literal(query_literal), TSQUERY)
    )
    stmt = select(t.c.article_pk, rank.label("r")).where(_matches(t, query_literal))
    if cond:
        stmt = stmt.join(Article, Article.id == t.c.article_pk).where(*cond)
    stmt = stmt.order_by(rank.desc(), t.c.article_pk.desc()).limit(limit)
    return [(int(pk), -round(float(r), 6)) for pk, r in conn.execute(stmt)]
