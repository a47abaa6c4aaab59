"""Datasette for cnr-news databases: a plugin, metadata (descriptions, FTS wiring, canned queries).

With the project installed, the plugin (:mod:`pipelines.datasette.plugin`, entry point
``datasette: cnr_news``) applies ``metadata.json`` to every cnr-news database Datasette serves,
whatever its file name, makes the search box search as ``cnr-news search`` does and shows times in
Beijing time: ``datasette data/demo.db``. The canned queries call the plugin's SQL functions
(:mod:`pipelines.datasette.functions`).

``metadata.json`` (next to this file) names the database ``news`` (= ``data/news.db``). For a
database file with another name, a copy keyed to it, checked against that database::

    python -m pipelines.datasette --db data/other.db -o other-metadata.json
    datasette data/other.db -m other-metadata.json
"""

from __future__ import annotations

import argparse
import copy
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from crawler.constants import DEFAULT_DB_URL
from pipelines.datasette.functions import register_functions
from pipelines.db.engine import sqlite_file

__all__ = ["METADATA_PATH", "check_metadata", "load_metadata", "main", "query_params"]

METADATA_PATH = Path(__file__).with_name("metadata.json")
DEFAULT_DB_NAME = "news"


def load_metadata(db_name: str = DEFAULT_DB_NAME) -> dict[str, Any]:
    """The metadata, with its database entry keyed to ``db_name`` (Datasette uses the file stem)."""
    meta = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    if db_name != DEFAULT_DB_NAME:
        meta = copy.deepcopy(meta)
        meta["databases"] = {db_name: meta["databases"].pop(DEFAULT_DB_NAME)}
    return meta


def _columns(conn: sqlite3.Connection, table: str) -> set[str] | None:
    rows = conn.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
    return {r[0] for r in rows} if rows else None


def check_metadata(meta: dict[str, Any], conn: sqlite3.Connection) -> list[str]:
    """Problems found comparing the metadata with a database: missing tables/columns, a broken
    FTS wiring, canned queries that do not compile. Empty when all is well."""
    register_functions(conn)  # what the canned queries call (the plugin registers them in Datasette)
    problems: list[str] = []
    for db_name, db in meta.get("databases", {}).items():
        for table, conf in db.get("tables", {}).items():
            cols = _columns(conn, table)
            if cols is None:
                problems.append(f"{db_name}: table {table} does not exist")
                continue
            for col in conf.get("columns", {}):
                if col not in cols:
                    problems.append(f"{db_name}: column {table}.{col} does not exist")
            for key in ("sort", "sort_desc"):
                if key in conf and conf[key] not in cols:
                    problems.append(f"{db_name}: {table}.{key} names a missing column {conf[key]}")
            if "fts_table" in conf:
                if _columns(conn, conf["fts_table"]) is None:
                    problems.append(f"{db_name}: fts_table {conf['fts_table']} does not exist")
                if conf.get("fts_pk", "rowid") not in cols | {"rowid"}:
                    problems.append(f"{db_name}: fts_pk {conf['fts_pk']} is not a column of {table}")
        for name, q in db.get("queries", {}).items():
            try:
                conn.execute("EXPLAIN " + q["sql"], dict.fromkeys(query_params(q["sql"]), "")).fetchall()
            except sqlite3.Error as exc:
                problems.append(f"{db_name}: canned query {name} does not compile: {exc}")
    return problems


def query_params(sql: str) -> list[str]:
    """Named parameters of a canned query (``:name``), in order of first use."""
    import re

    seen: dict[str, None] = {}
    for m in re.finditer(r"(?<![:\w]):([A-Za-z_]\w*)", sql):
        seen.setdefault(m.group(1), None)
    return list(seen)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.datasette", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--db", default=sqlite_file(DEFAULT_DB_URL), help="SQLite database file (default: data/news.db)"
    )
    ap.add_argument("-o", "--output", help="write the metadata here (default: stdout)")
    args = ap.parse_args(argv)
    path = Path(args.db)
    if not path.exists():
        print(f"no database at {path}", file=sys.stderr)
        return 2
    meta = load_metadata(path.stem)
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        problems = check_metadata(meta, conn)
    finally:
        conn.close()
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if problems else 0
