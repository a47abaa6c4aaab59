"""The schema as the code before Alembic created it (``make_engine`` -> ``create_all`` + ``ensure_fts``,
plus ``list_pages`` from the incremental middleware).

Frozen here on purpose: this file must keep creating exactly that schema whatever the models become
(tests compare what it creates with a snapshot of the old code's DDL, and build "old" databases
with it). On SQLite it also creates the full-text index (FTS5, contentless) with its state table
and ranking, and the partial index on long date mentions; on PostgreSQL only the tables.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import OperationalError

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

log = logging.getLogger("alembic.runtime.migration")

# Column types as the old models declared them (UTCDateTime is a DateTime underneath).
meta = sa.MetaData()
sa.Table(
    "articles",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(512), nullable=False, unique=True),
    sa.Column("canonical_url", sa.String(2048), nullable=False, index=True),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("site", sa.String(255), nullable=False, index=True),
    sa.Column("article_id", sa.String(255)),
    sa.Column("channel", sa.String(255)),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("published_at", sa.DateTime, index=True),
    sa.Column("modified_at", sa.DateTime),
    sa.Column("source", sa.String(255)),
    sa.Column("source_from", sa.String(32)),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("editors", sa.JSON, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("keywords", sa.JSON, nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("images", sa.JSON, nullable=False),
    sa.Column("template", sa.String(64), nullable=False),
    sa.Column("title_original", sa.Text),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("last_crawled", sa.DateTime, nullable=False),
    sa.Column("times_changed", sa.Integer, nullable=False),
)
sa.Table(
    "pages",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_pk", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("page_no", sa.Integer, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("headers", sa.JSON, nullable=False),
    sa.Column("encoding", sa.String(32)),
    sa.Column("body_z", sa.LargeBinary, nullable=False),
    sa.Column("fetched_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("url", name="uq_pages_url"),
)
sa.Table(
    "crawl_runs",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("spider", sa.String(64), nullable=False),
    sa.Column("args", sa.JSON, nullable=False),
    sa.Column("pid", sa.Integer),
    sa.Column("started_at", sa.DateTime, nullable=False, index=True),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("finish_reason", sa.String(128)),
    sa.Column("error", sa.Text),
    *(
        sa.Column(name, sa.Integer, nullable=False)
        for name in ("pages", "items", "new", "updated", "unchanged", "dropped", "errors")
    ),
    sa.Column("stats", sa.JSON, nullable=False),
)
sa.Table(
    "date_mentions",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_pk", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.String(255), nullable=False),
    sa.Column("value_start", sa.Date, nullable=False),
    sa.Column("value_end", sa.Date, nullable=False, index=True),
    sa.Column("granularity", sa.String(32), nullable=False),
    sa.Index("ix_date_mentions_period", "value_start", "value_end"),
)
sa.Table(
    "organizations",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("kind", sa.String(64)),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("organizations.id", ondelete="SET NULL")),
)
sa.Table(
    "organization_aliases",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("alias", sa.String(255), nullable=False, index=True),
    sa.Column(
        "organization_id", sa.Integer, sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.UniqueConstraint("alias", "organization_id", name="uq_org_alias"),
)
sa.Table(
    "mentions",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_pk", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column(
        "organization_id", sa.Integer, sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.String(255), nullable=False),
    sa.Index("ix_mentions_org_article", "organization_id", "article_pk"),
)
sa.Table(
    "persons",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
)
sa.Table(
    "person_mentions",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_pk", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.String(255), nullable=False),
    sa.Index("ix_person_mentions_person_article", "person_id", "article_pk"),
)
sa.Table(
    "list_pages",
    meta,
    sa.Column("url", sa.String(2048), primary_key=True),
    sa.Column("etag", sa.String(512)),
    sa.Column("last_modified", sa.String(128)),
    sa.Column("status", sa.Integer),
    sa.Column("fetched_at", sa.DateTime),
)

# SQLite only: the full-text index (pipelines/db/fts.py at the time) and the partial index on long
# date mentions (LONG_SPAN_DAYS = 400).
SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title_words, title_grams, body_words, "
    "body_grams, content='', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TABLE IF NOT EXISTS articles_fts_state (article_pk INTEGER PRIMARY KEY, scheme INTEGER NOT NULL, "
    "digest TEXT NOT NULL, tokens_z BLOB NOT NULL)",
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(8.0, 4.0, 2.0, 1.0)')",
)
SQLITE_SUPPORT_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_date_mentions_long ON date_mentions(value_start, value_end) "
    "WHERE julianday(value_end) - julianday(value_start) > 400",
)


def create(bind: sa.Connection, *, checkfirst: bool = False) -> None:
    """Create this revision's schema on ``bind``; with ``checkfirst``, only what is missing (how an
    unversioned database of the old code is completed before it is stamped 0001). The full-text
    index is left empty: whoever adopts a database with articles and no index fills it."""
    meta.create_all(bind, checkfirst=checkfirst)
    if bind.dialect.name != "sqlite":
        return
    has_fts = bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").first()
    if not has_fts:
        try:
            for ddl in SQLITE_FTS_DDL:
                bind.exec_driver_sql(ddl)
        except OperationalError as exc:  # SQLite built without FTS5: search falls back to LIKE
            log.warning("full-text index unavailable (%s): search falls back to LIKE", exc)
    for ddl in SQLITE_SUPPORT_DDL:
        bind.exec_driver_sql(ddl)


def upgrade() -> None:
    create(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP INDEX IF EXISTS ix_date_mentions_long")
        bind.exec_driver_sql("DROP TABLE IF EXISTS articles_fts_state")
        bind.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    meta.drop_all(bind)
