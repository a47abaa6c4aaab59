"""Crawl runs: the ``crawl_runs`` table, newest first, and the last successful run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, desc, select
from sqlalchemy.orm import Session

from pipelines.db.models import CrawlRun
from pipelines.db.query.filters import NO_FILTERS, Filters, as_connection, row_limit, time_range
from pipelines.db.query.rows import iso


def _age(seconds: float) -> str:
    s = int(max(0, seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60} min"
    return f"{s // 86400} d {s % 86400 // 3600} h"


def runs(
    db: Connection | Session, filters: Filters = NO_FILTERS, *, limit: int = 20, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Crawl runs, newest first (``since``/``until`` filter on the start time; ``site`` on the spider)."""
    conn = as_connection(db)
    now = now or datetime.now(UTC)
    stmt = select(CrawlRun).where(*time_range(CrawlRun.started_at, filters))
    if filters.site:
        stmt = stmt.where(CrawlRun.spider == filters.site)
    stmt = stmt.order_by(desc(CrawlRun.started_at), desc(CrawlRun.id)).limit(row_limit(limit))
    out = []
    for r in conn.execute(stmt):
        end = r.finished_at
        out.append(
            {
                "id": r.id,
                "spider": r.spider,
                "status": r.status,
                "started_at": iso(r.started_at),
                "finished_at": iso(end),
                "duration_s": round((end - r.started_at).total_seconds(), 1) if end else None,
                "age": _age((now - (end or r.started_at)).total_seconds()),
                "pages": r.pages,
                "items": r.items,
                "new": r.new,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "dropped": r.dropped,
                "errors": r.errors,
                "finish_reason": r.finish_reason,
                "error": r.error,
            }
        )
    return out


def last_success(db: Connection | Session, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The newest run with status ``finished``: id, finished_at and its age (seconds and words)."""
    conn = as_connection(db)
    now = now or datetime.now(UTC)
    r = conn.execute(
        select(CrawlRun)
        .where(CrawlRun.status == "finished")
        .order_by(desc(CrawlRun.finished_at), desc(CrawlRun.id))
        .limit(1)
    ).first()
    if r is None:
        return None
    end = r.finished_at or r.started_at
    age = (now - end).total_seconds()
    return {"id": r.id, "spider": r.spider, "finished_at": iso(end), "age_s": int(age), "age": _age(age)}
