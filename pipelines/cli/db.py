"""``cnr-news db {upgrade,current,reindex,revision}``: the database schema (see :mod:`pipelines.db.schema`).

- ``upgrade [--db URL] [--to REV]``: apply pending migrations (an empty database is created at head;
  one made before schema versioning is stamped 0001 first); one line says what was done.
- ``current`` (alias ``status``) ``[--db URL]``: one line saying where the database stands; exit 0
  at head, 1 when it is behind, ahead, missing or empty.
- ``reindex [--db URL] [--check]``: rebuild the full-text index — SQLite's whole, PostgreSQL's rows
  made from other text or by another token scheme — (or only say whether it is
  stale; exit 1 if so).
- ``revision -m MESSAGE [--autogenerate]``: for developers, a new revision file in the package's
  ``migrations/versions/`` (numbered after the head; ``--autogenerate`` compares the models with a
  scratch database at head).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

DB_HELP = "database URL or SQLite path (default: $NEWS_DB_URL, else data/news.db)"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "db",
        help="the database schema: upgrade, current, reindex",
        description="The database schema: apply migrations, say where a database stands, rebuild "
        "the full-text index.",
    )
    db_sub = p.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)

    up = db_sub.add_parser("upgrade", help="apply pending schema migrations (creates a new database)")
    up.add_argument("--db", help=DB_HELP)
    up.add_argument("--to", default="head", metavar="REV", help="target revision (default: head)")
    up.set_defaults(func=run_upgrade)

    for name in ("current", "status"):
        cur = db_sub.add_parser(
            name,
            help="where the database's schema stands (exit 1 unless at head)"
            if name == "current"
            else "same as current",
        )
        cur.add_argument("--db", help=DB_HELP)
        cur.set_defaults(func=run_current)

    ri = db_sub.add_parser("reindex", help="rebuild the full-text search index")
    ri.add_argument("--db", help=DB_HELP)
    ri.add_argument(
        "--check", action="store_true", help="only say whether a rebuild is needed (exit 1 if so)"
    )
    ri.set_defaults(func=run_reindex)

    rev = db_sub.add_parser("revision", help="developers: write a new migration file")
    rev.add_argument("-m", "--message", required=True, help="what the revision changes")
    rev.add_argument(
        "--autogenerate", action="store_true", help="fill it from the difference between models and head"
    )
    rev.set_defaults(func=run_revision)


def _fail(command: str, exc: BaseException | str) -> int:
    print(f"cnr-news db {command}: {exc}", file=sys.stderr)
    return 1


def run_upgrade(args: argparse.Namespace) -> int:
    from pipelines.db.engine import make_engine
    from pipelines.db.schema import SchemaError, upgrade

    try:
        engine = make_engine(args.db, create=False)
    except Exception as exc:
        return _fail("upgrade", exc)
    try:
        result = upgrade(engine, args.to)
    except SchemaError as exc:
        return _fail("upgrade", exc)
    except Exception as exc:  # a failed migration: rolled back as a whole
        return _fail("upgrade", f"failed, nothing changed: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    print(result.describe())
    return 0


def run_current(args: argparse.Namespace) -> int:
    from pipelines.db.engine import make_readonly_engine, resolve_db_url, safe_url
    from pipelines.db.schema import schema_status

    try:
        engine = make_readonly_engine(args.db)
    except FileNotFoundError as exc:
        return _fail("current", exc)
    try:
        with engine.connect() as conn:
            status = schema_status(conn, safe_url(resolve_db_url(args.db)))
    except Exception as exc:
        return _fail("current", f"{type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    print(status.describe())
    return 0 if status.up_to_date else 1


def run_reindex(args: argparse.Namespace) -> int:
    from pipelines.db import fts, pg_search
    from pipelines.db.engine import make_engine, make_session_factory
    from pipelines.db.schema import SchemaError

    try:
        engine = make_engine(args.db)
    except SchemaError as exc:
        return _fail("reindex", exc)
    try:
        with make_session_factory(engine)() as session, session.begin():
            conn = session.connection()
            postgres = pg_search.is_postgres(conn)
            if args.check:
                stale = bool(pg_search.stale(conn, first_only=True)) if postgres else fts.needs_rebuild(conn)
                print("index needs a rebuild" if stale else "index up to date")
                return 1 if stale else 0
            n = pg_search.reindex(conn) if postgres else fts.rebuild(session)
        print(f"indexed {n} articles")
        return 0
    finally:
        engine.dispose()


def run_revision(args: argparse.Namespace) -> int:
    from alembic import command

    from pipelines.db.engine import make_engine
    from pipelines.db.schema import alembic_config, head_revision

    rev_id = f"{int(head_revision()) + 1:04d}"
    with tempfile.TemporaryDirectory(prefix="cnr-news-rev-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'head.db'}")  # a scratch database at head
        try:
            with engine.connect() as conn:
                script = command.revision(
                    alembic_config(conn), message=args.message, autogenerate=args.autogenerate, rev_id=rev_id
                )
        finally:
            engine.dispose()
    path = getattr(script, "path", None)
    print(f"wrote revision {rev_id}: {path}")
    return 0
