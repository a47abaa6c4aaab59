"""The database schema in one place: what it is, where a database stands, and how it gets there.

The schema = the tables of :mod:`pipelines.db.models` (one metadata) + on SQLite the full-text
index of :mod:`pipelines.db.fts` and the partial index on long date mentions (below). Changes go
through Alembic revisions shipped in the package (``pipelines/db/migrations/versions/``; the
environment is configured here, programmatically: no ``alembic.ini``).

- :func:`schema_status`: where a database stands — empty, unversioned (made by the code before
  Alembic: the schema of revision 0001), at a revision, behind or ahead of this code's head.
- :func:`ensure_schema` (what every writer engine does, :func:`pipelines.db.engine.make_engine`): an
  empty database is created at head; a database at head gets any missing derived object back (the
  full-text index, filled from ``articles``; the long-span index); anything else is refused with
  :class:`SchemaOutOfDate`, whose message names ``cnr-news db upgrade``.
- :func:`upgrade` (``cnr-news db upgrade``): an unversioned database is completed as the old code
  would have (missing tables, full-text index) and stamped 0001, then every pending revision runs.

Migrations run in one transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: under an advisory lock),
so two processes opening a new database at once create it once. On SQLite, foreign keys are off
while migrations run (batch mode copies tables: dropping the old copy must not cascade) and
``PRAGMA foreign_key_check`` must be clean before the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from pipelines.db import fts
from pipelines.db.models import Base

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
BASELINE = "0001"  # the schema the code before Alembic created
_PG_LOCK_KEY = 0x636E726E  # "cnrn": pg_advisory_xact_lock key held while migrating
# Connection execution option: this transaction only reads. The SQLite writer engine then begins it
# with a plain BEGIN instead of BEGIN IMMEDIATE (pipelines.db.engine), so the check on opening never
# waits behind busy writers for the write lock.
READ_ONLY_OPTION = "news_read_only"

# Date mentions spanning more than LONG_SPAN_DAYS (近年来, 2015年至2025年 …) are rare; this partial
# index (SQLite) finds them, so `events --between` can bound its main index range to LONG_SPAN_DAYS.
LONG_SPAN_DAYS = 400
LONG_SPAN_INDEX = "ix_date_mentions_long"
SUPPORT_DDL = (
    f"CREATE INDEX IF NOT EXISTS {LONG_SPAN_INDEX} ON date_mentions(value_start, value_end) "
    f"WHERE julianday(value_end) - julianday(value_start) > {LONG_SPAN_DAYS}",
)

# Objects in the database that are not in Base.metadata (autogenerate and comparisons skip them).
# (the PostgreSQL full-text table of pipelines/db/pg_search.py is made by revision 0004, as FTS5 is)
NOT_IN_METADATA = frozenset(
    {VERSION_TABLE, fts.FTS_TABLE, fts.STATE_TABLE, LONG_SPAN_INDEX, "articles_pg_fts"}
) | {f"{fts.FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "docsize", "config", "content")}


class SchemaError(RuntimeError):
    """The database's schema is not the one this code works with (one-line message)."""


class SchemaOutOfDate(SchemaError):
    """The database is behind this code: ``cnr-news db upgrade`` brings it up to date."""


# --- Alembic, configured here ---------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the shipped migrations, bound to ``connection`` (env.py uses it)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's filter: leave the full-text index and other objects outside the metadata alone."""
    return name not in NOT_IN_METADATA


# --- where a database stands ------------------------------------------------------------------------


@dataclass
class SchemaStatus:
    url: str  # for messages: password hidden
    head: str
    current: str | None = None  # revision in alembic_version
    versioned: bool = False  # has alembic_version
    empty: bool = True  # no table at all
    tables: set[str] = field(default_factory=set)

    @property
    def unversioned(self) -> bool:
        """Made by the code before Alembic (revision 0001's schema, not stamped)."""
        return not self.versioned and not self.empty

    @property
    def up_to_date(self) -> bool:
        return self.versioned and self.current == self.head

    @property
    def ahead(self) -> bool:
        """At a revision this code does not know (made by a newer cnr-news)."""
        if not self.versioned or self.current is None:
            return False
        try:
            return script_directory().get_revision(self.current) is None
        except Exception:  # alembic raises for an unknown revision id
            return True

    @property
    def pending(self) -> list[str]:
        """Revisions :func:`upgrade` would apply, oldest first (an unversioned database is stamped
        0001, not migrated to it)."""
        if self.up_to_date or self.ahead:
            return []
        if self.empty:
            return _between(None, self.head)
        return _between(BASELINE if self.unversioned else self.current, self.head)

    def describe(self) -> str:
        """One line: where the database stands."""
        if self.empty:
            return f"{self.url}: empty (no schema yet); `cnr-news db upgrade` or a crawl creates it at {self.head}"
        if self.up_to_date:
            return f"{self.url}: schema at revision {self.current} (head): up to date"
        if self.ahead:
            return (
                f"{self.url}: schema at revision {self.current}, newer than this cnr-news knows "
                f"(head {self.head}): upgrade cnr-news"
            )
        where = (
            f"made before schema versioning (revision {BASELINE})"
            if self.unversioned
            else f"at schema revision {self.current or 'none'}"
        )
        return (
            f"{self.url}: {where}, behind this cnr-news (head {self.head}; pending: "
            f"{', '.join(self.pending)}): run `cnr-news db upgrade --db {self.url}`"
        )


def _url(conn: Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)


def schema_status(conn: Connection, url: str | None = None) -> SchemaStatus:
    """Where the database of ``conn`` stands (reads only); ``url`` names it in messages (default:
    the connection's URL, password hidden)."""
    from alembic.runtime.migration import MigrationContext

    tables = set(inspect(conn).get_table_names())
    status = SchemaStatus(url=url or _url(conn), head=head_revision(), tables=tables, empty=not tables)
    if VERSION_TABLE in tables:
        status.versioned = True
        status.current = MigrationContext.configure(conn).get_current_revision()
    return status


def check_current(conn: Connection, url: str | None = None) -> SchemaStatus:
    """The status; raises :class:`SchemaError` unless the database is at head (readers use it to
    say so clearly instead of failing on a missing column). An empty database passes."""
    status = schema_status(conn, url)
    raise_unless_current(status)
    return status


def raise_unless_current(status: SchemaStatus) -> None:
    """:class:`SchemaError` (ahead) or :class:`SchemaOutOfDate` (behind) unless at head or empty."""
    if status.ahead:
        raise SchemaError(status.describe())
    if not status.up_to_date and not status.empty:
        raise SchemaOutOfDate(status.describe())


# --- creating and upgrading ------------------------------------------------------------------------------


def _sqlite_pragma(conn: Connection, sql: str) -> Any:
    """Run a pragma on the DBAPI connection itself, outside any SQLAlchemy transaction."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql)
        row = cur.fetchone()
        return row[0] if row else None
    finally:
        cur.close()


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations (see the module docstring)."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        fk_on = sqlite and _sqlite_pragma(conn, "PRAGMA foreign_keys")
        if sqlite:  # must be outside a transaction: the pragma is a no-op inside one
            _sqlite_pragma(conn, "PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                yield conn
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise SchemaError(f"migration left {len(bad)} rows breaking foreign keys: {bad[:3]}")
        finally:
            if fk_on:
                _sqlite_pragma(conn, "PRAGMA foreign_keys=ON")


def _run(conn: Connection, command: str, target: str) -> None:
    from alembic import command as commands

    getattr(commands, command)(alembic_config(conn), target)


def _adopt(conn: Connection, status: SchemaStatus) -> None:
    """Complete an unversioned database as the old code would have, and stamp it 0001."""
    if "articles" not in status.tables:
        raise SchemaError(
            f"{status.url} has tables but no cnr-news articles table ({', '.join(sorted(status.tables)[:5])}"
            "…): not a cnr-news database"
        )
    had_index = fts.fts_exists(conn)
    baseline = script_directory().get_revision(BASELINE)
    assert baseline is not None
    baseline.module.create(conn, checkfirst=True)
    if not had_index and fts.fts_exists(conn):
        n = fts.rebuild(conn)
        log.info("full-text index created for %d existing articles", n)
    _run(conn, "stamp", BASELINE)


@dataclass
class UpgradeResult:
    before: SchemaStatus
    after: str  # revision now
    applied: list[str]  # revisions run, oldest first
    adopted: bool  # an unversioned database was stamped 0001 first

    def describe(self) -> str:
        url = self.before.url
        if not self.applied and not self.adopted:
            head = " (head)" if self.after == self.before.head else ""
            return f"{url}: already at revision {self.after}{head}: nothing to do"
        if self.before.empty:
            return f"{url}: created the schema at revision {self.after} ({', '.join(self.applied)})"
        if self.adopted:
            start, first = f"stamped the pre-Alembic schema {BASELINE}, then ", BASELINE
        else:
            start, first = "", self.before.current or "base"
        return (
            f"{url}: {start}upgraded {first} -> {self.after} (applied {', '.join(self.applied) or 'nothing'})"
        )


def upgrade(engine: Engine, target: str = "head") -> UpgradeResult:
    """Bring the database to ``target`` (default: head); see the module docstring."""
    with _migrating(engine) as conn:
        before = schema_status(conn)
        if before.ahead:
            raise SchemaError(before.describe())
        adopted = False
        if before.unversioned:
            _adopt(conn, before)
            adopted = True
        start = schema_status(conn).current
        _run(conn, "upgrade", target)
        after = schema_status(conn).current or ""
        applied = _between(start, after)
        if after == head_revision():
            repair_derived(conn)
    return UpgradeResult(before=before, after=after, applied=applied, adopted=adopted)


def downgrade(engine: Engine, target: str) -> str:
    """Take the database down to ``target`` (developers: check a revision's ``downgrade``); the
    revision it is at afterwards."""
    with _migrating(engine) as conn:
        _run(conn, "downgrade", target)
        return schema_status(conn).current or "base"


def _between(start: str | None, end: str) -> list[str]:
    if not end or start == end:
        return []
    revs = [r.revision for r in script_directory().iterate_revisions(end, start or "base")]
    revs.reverse()
    return revs


def repair_derived(conn: Connection) -> None:
    """Objects derived from the tables, made again when missing: the full-text index (filled from
    ``articles``; on PostgreSQL :mod:`pipelines.db.pg_search`) and, on SQLite, the partial index on
    long date mentions."""
    if conn.dialect.name == "postgresql":
        from pipelines.db import pg_search

        if not pg_search.exists(conn):
            pg_search.create(conn)
        return
    if conn.dialect.name != "sqlite":
        return
    fts.ensure_index(conn)
    for ddl in SUPPORT_DDL:
        conn.exec_driver_sql(ddl)


def ensure_schema(engine: Engine) -> None:
    """What a writer does on opening a database: create a new one at head, repair derived objects of
    one at head, refuse anything else (:class:`SchemaOutOfDate` names ``cnr-news db upgrade``)."""
    head_revision()  # load the migrations before any transaction starts
    with engine.connect().execution_options(**{READ_ONLY_OPTION: True}) as conn:  # the common case
        status = schema_status(conn)
        if status.up_to_date and not _missing_derived(conn):
            return
    if status.empty:
        result = upgrade(engine)
        if not result.before.empty:  # someone else created it meanwhile: check it like any other
            ensure_schema(engine)
        else:
            log.info("%s", result.describe())
        return
    raise_unless_current(status)
    with engine.begin() as conn:
        repair_derived(conn)


def _missing_derived(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        from pipelines.db import pg_search

        return not pg_search.exists(conn)
    if conn.dialect.name != "sqlite":
        return False
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    return fts.FTS_TABLE not in names or LONG_SPAN_INDEX not in names


def metadata_diff(conn: Connection) -> list[Any]:
    """Differences between the database and the models (Alembic autogenerate); [] when they agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
    return list(compare_metadata(ctx, Base.metadata))
