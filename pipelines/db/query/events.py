"""Events: articles whose text mentions a date in a period (the ``date_mentions`` table)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    and_,
    case,
    desc,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from pipelines.db.models import Article, DateMention, Story
from pipelines.db.query.filters import (
    NO_FILTERS,
    Filters,
    QueryError,
    article_conditions,
    as_connection,
    row_limit,
)
from pipelines.db.query.rows import article_refs, dates_of, pick, ref_dict
from pipelines.db.query.stories import By, check_by, has_stories, story_key
from pipelines.db.schema import LONG_SPAN_DAYS

EVENT_DATE_KEYS = ("text", "value_start", "value_end")


def events(
    db: Connection | Session,
    start: date,
    end: date,
    filters: Filters = NO_FILTERS,
    *,
    limit: int = 20,
    contained: bool = False,
    by: By = "article",
) -> list[dict[str, Any]]:
    """Articles whose text mentions a date in ``[start, end]`` (mention periods overlapping it).

    ``contained``: the mentioned period must lie inside ``[start, end]`` (so ``今年`` does not
    count for a one-month window). Order: the most precise matching mention first (shortest
    period), then the newest article. ``by="story"``: one row per story — its original when that
    matched, else its first matching article — with ``story_id`` and ``articles`` (how many of the
    story's articles matched).
    """
    by = check_by(by)
    if end < start:
        raise QueryError(f"--between: {end} is before {start}")
    conn = as_connection(db)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        span = func.julianday(DateMention.value_end) - func.julianday(DateMention.value_start)
    else:
        span = DateMention.value_end - DateMention.value_start
    if contained:
        # value_start <= end is implied; said, it bounds the index range
        period = and_(
            DateMention.value_start >= start, DateMention.value_start <= end, DateMention.value_end <= end
        )
    else:
        period = and_(DateMention.value_start <= end, DateMention.value_end >= start)
    where = period
    if sqlite and not contained:
        # overlap: a period of at most LONG_SPAN_DAYS starts at most that long before `start`
        # (a short index range); longer ones come from the partial index ix_date_mentions_long
        lo = start - timedelta(days=LONG_SPAN_DAYS)
        # a literal: it must match the index's WHERE
        long_days: ColumnClause[Any] = literal_column(str(int(LONG_SPAN_DAYS)))
        where = or_(
            and_(DateMention.value_start >= lo, period),
            and_(span > long_days, DateMention.value_start < lo, DateMention.value_end >= start),
        )
    # materialised, so the planner filters by the period index before grouping by article
    matched = select(DateMention.article_pk.label("pk"), span.label("span")).where(where).cte("matched")
    if sqlite:
        matched = matched.prefix_with("MATERIALIZED")
    best = func.min(matched.c.span).label("best")
    stmt = select(matched.c.pk.label("article_pk"), best).group_by(matched.c.pk)
    cond = article_conditions(conn, filters)
    order_time: ColumnElement[Any]
    per_story: dict[int, tuple[int | None, int]] = {}  # article -> (story id, articles matched)
    if by == "story" and has_stories(conn):
        hits = (
            stmt.join(Article, Article.id == matched.c.pk)
            .where(*cond)
            .add_columns(Article.published_at, Article.story_id, story_key().label("story"))
        )
        h = hits.subquery("hits")
        rep = func.coalesce(
            func.max(case((h.c.article_pk == Story.original_pk, h.c.article_pk))), func.min(h.c.article_pk)
        ).label("rep")
        grouped = (
            select(rep, func.min(h.c.best).label("best"), func.max(h.c.story_id), func.count().label("n"))
            .select_from(h)
            .outerjoin(Story, Story.id == h.c.story_id)
            .group_by(h.c.story)
            .order_by(func.min(h.c.best), desc(func.max(h.c.published_at)))
            .limit(row_limit(limit))
        )
        rows = conn.execute(grouped).all()
        ids = [int(r[0]) for r in rows]
        per_story = {int(r[0]): (r[2], int(r[3])) for r in rows}
    else:
        if cond:
            stmt = stmt.join(Article, Article.id == matched.c.pk).where(*cond)
            order_time = func.max(Article.published_at)
        else:
            order_time = matched.c.pk
        stmt = stmt.order_by(best, desc(order_time)).limit(row_limit(limit))
        ids = [int(h.article_pk) for h in conn.execute(stmt)]
    if not ids:
        return []
    refs = article_refs(conn, ids, Article.story_id)
    mentions = dates_of(conn, ids, period)
    out = []
    for pk in ids:
        r = refs.get(pk)
        if r is None:
            continue
        d = ref_dict(r)
        if by == "story":
            d["story_id"], d["articles"] = per_story.get(pk, (r.story_id, 1))
        d["mentions"] = [pick(m, EVENT_DATE_KEYS) for m in mentions.get(pk, [])]
        out.append(d)
    return out
