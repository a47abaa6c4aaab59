"""Full-text index of titles and bodies (SQLite FTS5), kept in sync by the storage layer.

Placeholder interface (issue 7 fills it): the storage layer calls ``sync_article`` after writing an
article and ``delete_article`` before deleting one; ``ensure_fts`` creates the index.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session


def ensure_fts(engine: Engine) -> None:
    """Create the full-text index if the backend supports it (no-op elsewhere)."""
    return None


def sync_article(session: Session, article_pk: int, title: str, body: str) -> None:
    """(Re)index one article inside the caller's transaction."""
    return None


def delete_article(session: Session, article_pk: int) -> None:
    """Remove one article from the index inside the caller's transaction."""
    return None
