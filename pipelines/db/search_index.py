"""The search index of whatever backend a session is on: SQLite's FTS5 (:mod:`pipelines.db.fts`) or
PostgreSQL's tsvector table (:mod:`pipelines.db.pg_search`); other backends have none (search falls back
to ``LIKE``). The store calls these inside the article's own transaction."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from pipelines.db import fts, pg_search

__all__ = ["delete_article", "sync_article"]


def _conn(session: Session | Connection) -> Connection:
    return session if isinstance(session, Connection) else session.connection()


def sync_article(session: Session, article_pk: int, title: str, body: str) -> None:
    """(Re)index one article (no-op when the text is unchanged)."""
    if _conn(session).dialect.name == "postgresql":
        pg_search.sync(_conn(session), article_pk, title, body)
    else:
        fts.sync_article(session, article_pk, title, body)


def delete_article(session: Session, article_pk: int) -> None:
    """Remove one article from the index."""
    if _conn(session).dialect.name == "postgresql":
        pg_search.delete(_conn(session), article_pk)
    else:
        fts.delete_article(session, article_pk)
