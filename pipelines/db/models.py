"""Typed SQLAlchemy 2.0 models: every table of the database, on one metadata (``Base.metadata``).

The database's schema as a whole — these tables, plus the SQLite full-text index and the partial
index on long date mentions — is created and checked by :mod:`pipelines.db.schema`; changes go
through an Alembic revision in ``pipelines/db/migrations/versions/`` (see docs/storage.md).

All times are stored in UTC (see :class:`pipelines.db.types.UTCDateTime`); calendar dates of
date mentions are plain dates in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pipelines.db.types import UTCDateTime

# where a story is, largest first: the keys of the item's ``place`` and the ``articles.place_<level>``
# columns (revision 0006); a place table's level 0, 1, 2
PLACE_LEVELS = ("province", "city", "county")


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)  # "cnr:<id>" or the canonical URL
    canonical_url: Mapped[str] = mapped_column(String(2048), index=True)
    url: Mapped[str] = mapped_column(String(2048))  # the URL it was last fetched from
    site: Mapped[str] = mapped_column(String(255), index=True)
    article_id: Mapped[str | None] = mapped_column(String(255))
    channel: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    modified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str | None] = mapped_column(String(255))
    source_from: Mapped[str | None] = mapped_column(String(32))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    editors: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16), default="zh")
    body: Mapped[str] = mapped_column(Text, default="")
    paragraphs: Mapped[list[str]] = mapped_column(JSON, default=list)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    template: Mapped[str] = mapped_column(String(64), default="unknown")
    title_original: Mapped[str | None] = mapped_column(Text)
    removed: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # extraction notes (``pubtime:<method>``, ``non_article:<reason>``, ``generic:<rule>`` -> count);
    # NULL for articles stored before revision 0002
    notes: Mapped[dict[str, int] | None] = mapped_column(JSON, nullable=True, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_crawled: Mapped[datetime] = mapped_column(UTCDateTime)
    times_changed: Mapped[int] = mapped_column(Integer, default=0)
    # the story (original and its copies) the article belongs to; NULL: no copy of it is known
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    # version of the near-duplicate scheme (pipelines.stories.shingles.SCHEME) its band keys were
    # made with; NULL: not in the index yet (`cnr-news reprocess --stories` adds it)
    story_scheme: Mapped[int | None] = mapped_column(Integer)
    # the URL identities its text and raw pages cite, space-separated (evidence for its story's
    # original, pipelines.stories.original); NULL: not computed yet (filled when its story is chosen)
    story_cites: Mapped[str | None] = mapped_column(Text)
    # where the story is (the entity step's story place: province, city, county, full names; NULL where
    # unknown or stored before revision 0006 — `cnr-news reprocess` fills them); `--place` filters on them
    place_province: Mapped[str | None] = mapped_column(String(64), index=True)
    place_city: Mapped[str | None] = mapped_column(String(64), index=True)
    place_county: Mapped[str | None] = mapped_column(String(64), index=True)

    @staticmethod
    def place_column(level: str) -> Any:
        """The column of a place ``level`` (one of :data:`PLACE_LEVELS`)."""
        return getattr(Article, "place_" + level)

    pages: Mapped[list[Page]] = relationship(back_populates="article", cascade="all, delete-orphan")


class Page(Base):
    """A raw HTTP response, zlib-compressed, so every pipeline can be re-run without re-crawling."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("url", name="uq_pages_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    page_no: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    encoding: Mapped[str | None] = mapped_column(String(32))
    body_z: Mapped[bytes] = mapped_column(LargeBinary)  # zlib.compress(raw bytes)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)

    article: Mapped[Article | None] = relationship(back_populates="pages")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pid: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "running" while in progress; "finished", "interrupted" (crash/kill: a later run marks it),
    # "failed" (see finish_reason / error)
    status: Mapped[str] = mapped_column(String(32), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    dropped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DateMention(Base):
    __tablename__ = "date_mentions"
    __table_args__ = (Index("ix_date_mentions_period", "value_start", "value_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)  # character offsets into articles.body
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(255))
    value_start: Mapped[date] = mapped_column(Date)
    value_end: Mapped[date] = mapped_column(Date, index=True)
    granularity: Mapped[str] = mapped_column(String(32))


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)  # canonical name
    kind: Mapped[str | None] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))


class OrganizationAlias(Base):
    __tablename__ = "organization_aliases"
    __table_args__ = (UniqueConstraint("alias", "organization_id", name="uq_org_alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(255), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))


class Mention(Base):
    """An organisation mentioned in an article."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_org_article", "organization_id", "article_pk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(255))


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class PersonMention(Base):
    __tablename__ = "person_mentions"
    __table_args__ = (Index("ix_person_mentions_person_article", "person_id", "article_pk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(255))


class ListPage(Base):
    """Conditional-request validators of a list page (``ETag``/``Last-Modified`` of its last good
    answer), kept by :mod:`pipelines.db.incremental_middleware`."""

    __tablename__ = "list_pages"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Story(Base):
    """Articles that are copies of one another: the original (chosen by evidence) and its copies.

    Only stories with at least two articles have a row; an article without a copy has no story.
    ``original_pk`` is kept by the code (no foreign key: articles already point here, and SQLite
    cannot add the second half of a cycle later).
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    original_pk: Mapped[int | None] = mapped_column(Integer, index=True)
    # why the original is the original: cited_url | named_source | earliest_published | first_seen
    reason: Mapped[str] = mapped_column(String(32))
    evidence: Mapped[str] = mapped_column(Text, default="")  # the reason in words
    articles: Mapped[int] = mapped_column(Integer, default=0)  # members, the original included
    first_published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StoryBand(Base):
    """The near-duplicate index: one row per LSH band key of an article (pipelines.stories).

    Keyed (key, article_pk) without a rowid on SQLite: the lookup "which articles share one of
    these keys" is a walk of the primary key, and the table is one b-tree.
    """

    __tablename__ = "story_bands"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
