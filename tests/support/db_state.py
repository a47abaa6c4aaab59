"""What a database holds, read through SQLAlchemy on SQLite and PostgreSQL alike: its schema and
every table's row count (to prove that something "changed nothing")."""

from __future__ import annotations

from sqlalchemy import create_engine, text

# every table, index, view and trigger of the public schema with its definition (PostgreSQL)
PG_SCHEMA = """
SELECT c.relname, c.relkind::text || ':' || CASE c.relkind
    WHEN 'i' THEN pg_get_indexdef(c.oid)
    WHEN 'v' THEN pg_get_viewdef(c.oid)
    ELSE coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                                     ORDER BY a.attnum)
                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
    END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
UNION ALL
SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE NOT t.tgisinternal
ORDER BY 1, 2
"""
PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
SQLITE_SCHEMA = "SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY 1, 2"
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def snapshot(url: str) -> tuple[list[tuple[str, str]], dict[str, int], str]:
    """``(schema, row count per table, integrity)`` of the database at ``url``; integrity is SQLite's
    ``PRAGMA integrity_check`` (``"ok"`` on PostgreSQL, which has no such check)."""
    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            schema = [(str(a), str(b)) for a, b in conn.execute(text(SQLITE_SCHEMA if sqlite else PG_SCHEMA))]
            tables = [n for (n,) in conn.execute(text(SQLITE_TABLES if sqlite else PG_TABLES))]
            counts = {n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()) for n in tables}
            ok = str(conn.execute(text("PRAGMA integrity_check")).scalar_one()) if sqlite else "ok"
    finally:
        engine.dispose()
    return schema, counts, ok
