"""articles.notes: the item's extraction notes (``pubtime:<method>``, ``non_article:<reason>``,
``generic:<rule>`` -> count), a nullable JSON column (NULL for articles stored before it).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # batch mode: on SQLite a plain ALTER TABLE ADD COLUMN (no table copy is needed for this one)
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("notes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("notes")
