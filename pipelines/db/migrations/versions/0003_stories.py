"""Stories: copies of one article across sites linked to their original.

Adds the ``stories`` table, the near-duplicate index ``story_bands`` and ``articles.story_id`` /
``articles.story_scheme`` (models in pipelines/db/models.py). Existing articles are not indexed by
the migration; ``cnr-news reprocess --stories`` builds their stories afterwards.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipelines.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("original_pk", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("first_published", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_stories_original_pk", "stories", ["original_pk"])
    op.create_table(
        "story_bands",
        sa.Column("key", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column(
            "article_pk",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            autoincrement=False,
        ),
        sa.PrimaryKeyConstraint("key", "article_pk"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("story_scheme", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_articles_story_id_stories", "stories", ["story_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_articles_story_id", ["story_id"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_story_id")
        batch.drop_constraint("fk_articles_story_id_stories", type_="foreignkey")
        batch.drop_column("story_scheme")
        batch.drop_column("story_id")
    op.drop_table("story_bands")
    op.drop_index("ix_stories_original_pk", table_name="stories")
    op.drop_table("stories")
