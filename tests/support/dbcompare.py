"""Every table of a news database in a form two crawls of the same site can be compared by:
surrogate ids replaced by natural keys (article key, organisation/person name; a story by the keys
of its articles), fetch and crawl times and the ``Date`` response header left out (two crawls fetch
at different moments), the full-text state's tokens decompressed.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from sqlalchemy import create_engine, inspect, text

# columns that differ between two crawls of the same pages: when they ran, and surrogate ids
TIME_COLUMNS = {"first_seen", "last_crawled", "fetched_at", "updated_at"}
SKIP_TABLES = {"crawl_runs", "alembic_version", "articles_fts"}  # articles_fts: see articles_fts_state


def snapshot(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t not in SKIP_TABLES]
            tables = [t for t in tables if not t.startswith("articles_fts_")] + (
                ["articles_fts_state"] if "articles_fts_state" in tables else []
            )
            article = {r[0]: r[1] for r in conn.execute(text("SELECT id, key FROM articles"))}
            org = {r[0]: r[1] for r in conn.execute(text("SELECT id, name FROM organizations"))}
            person = {r[0]: r[1] for r in conn.execute(text("SELECT id, name FROM persons"))}
            members: dict[int, list[str]] = {}
            if "stories" in tables:
                for story_id, key in conn.execute(
                    text("SELECT story_id, key FROM articles WHERE story_id IS NOT NULL")
                ):
                    members.setdefault(story_id, []).append(key)
            story = {sid: " ".join(sorted(keys)) for sid, keys in members.items()}
            refs = {
                "article_pk": article,
                "original_pk": article,
                "organization_id": org,
                "parent_id": org,
                "person_id": person,
                "story_id": story,
            }
            out: dict[str, list[tuple[Any, ...]]] = {}
            for table in tables:
                result = conn.execute(text(f'SELECT * FROM "{table}"'))
                names = list(result.keys())
                rows = []
                for row in result:
                    values = []
                    for name, value in zip(names, row, strict=True):
                        if name in TIME_COLUMNS or (name == "id" and table != "articles_fts_state"):
                            if table == "stories" and name == "id":  # the story by its articles
                                values.append(("articles_of", story.get(value, f"?{value}")))
                            continue
                        if name in refs and value is not None:
                            value = refs[name].get(value, f"?{value}")
                        elif table == "pages" and name == "headers":  # Date: when it was fetched
                            value = {k: v for k, v in json.loads(value).items() if k.lower() != "date"}
                        elif name == "tokens_z":
                            value = zlib.decompress(value).decode("utf-8")
                        values.append((name, value))
                    rows.append(tuple(values))
                out[table] = sorted(rows, key=repr)
            return out
    finally:
        engine.dispose()
