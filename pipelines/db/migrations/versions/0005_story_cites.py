"""articles.story_cites: the URL identities an article's text and raw pages cite, kept so that choosing
a story's original reads one short column per member instead of every member's body and raw pages
(which made adding the n-th copy of a story cost O(n) decompressed pages). A nullable text column;
NULL (every article stored before it) means "not computed yet": it is filled the next time the
article's story is chosen.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_cites", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("story_cites")
