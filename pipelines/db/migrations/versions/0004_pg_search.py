"""PostgreSQL full-text index: ``articles_pg_fts`` (tsvector of the FTS5 index's tokens) + GIN index.

Acts on PostgreSQL only (SQLite has its FTS5 index, made on the schema path). Existing articles
are indexed by the upgrade. See pipelines/db/pg_search.py.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from pipelines.db import pg_search

    pg_search.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from pipelines.db import pg_search

    op.execute(f"DROP TABLE IF EXISTS {pg_search.TABLE}")
