"""The search index of whatever backend a session is on: SQLite's FTS5 (:mod:`pipelines.db.fts`) or
PostgreSQL's tsvector table (:mod:`pipelines.db.pg_search`); other backends have none (search falls back
to ``LIKE``). The store calls these inside the article's own transaction."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from pipelines.db import fts, pg_search

__all__ = ["delete_article", "sync_article", "sync_many"]


def _conn(session: Session | Connection) -> Connection:
    return session if isinstance(session, Connection) else session.connection()


def sync_article(
    session: Session, article_pk: int, title: str, body: str, prepared: fts.Columns | None = None
) -> None:
    """(Re)index one article (no-op when the text is unchanged). ``prepared``: the FTS5 columns
    already made for this title and body (:func:`pipelines.db.fts.prepare`, in a worker process)."""
    if _conn(session).dialect.name == "postgresql":
        pg_search.sync(_conn(session), article_pk, title, body)
    else:
        fts.sync_article(session, article_pk, title, body, prepared)


def sync_many(session: Session, rows: list[tuple[int, str, str, fts.Columns | None]]) -> None:
    """:func:`sync_article` for many (article_pk, title, body, prepared) at once (the bulk store)."""
    if _conn(session).dialect.name == "postgresql":
        for pk, title, body, _prepared in rows:
            pg_search.sync(_conn(session), pk, title, body)
    else:
        fts.sync_many(session, rows)


def delete_article(session: Session, article_pk: int) -> None:
    """Remove one article from the index."""
    if _conn(session).dialect.name == "postgresql":
        pg_search.delete(_conn(session), article_pk)
    else:
        fts.delete_article(session, article_pk)
