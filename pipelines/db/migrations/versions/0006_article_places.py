"""articles.place_province / place_city / place_county: where the story is, as the entity step reads it
(the dateline, the channel, the places it names: the place that resolves 市委 to 济南市委), so that
queries can ask for the news of one province, city or county (``--place 山东``). Nullable, indexed;
NULL for every article stored before it until ``cnr-news reprocess`` re-reads its pages.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ("place_province", "place_city", "place_county")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(64), nullable=True))
            batch.create_index(f"ix_articles_{name}", [name])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name in COLUMNS:
            batch.drop_index(f"ix_articles_{name}")
            batch.drop_column(name)
