"""Organisations: ``orgs`` (ranked by articles, with first/last day) and ``timeline`` (per month)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, column, desc, distinct, func, or_, select, text
from sqlalchemy.orm import Session

from pipelines.db.models import Article, Mention, Organization, OrganizationAlias
from pipelines.db.query.filters import (
    LIKE_ESCAPE,
    NO_FILTERS,
    Filters,
    article_conditions,
    as_connection,
    like_pattern,
    org_ids_or_error,
    row_limit,
)
from pipelines.db.query.rows import ORG_COLUMNS, join_parent, local_time, news_day
from pipelines.db.query.stories import By, check_by, has_stories, story_key
from pipelines.db.types import UTCDateTime
from pipelines.text.t2s import to_simplified

# orgs' first/last day: walk the publication-time index for at most this many times the expected
# distance to an organisation's newest/oldest article (total / its articles) before reading them all
SPAN_WALK_FACTOR = 5


def orgs(
    db: Connection | Session,
    filters: Filters = NO_FILTERS,
    *,
    like: str | None = None,
    limit: int = 20,
    by: By = "article",
) -> list[dict[str, Any]]:
    """Organisations ranked by the number of (filtered) articles mentioning them.

    Each with ``articles``, ``mentions``, and ``first_day``/``last_day``: the publication days
    (Asia/Shanghai) of the earliest and latest of those articles (None when none has a date).
    ``like``: only organisations whose name or an alias contains that text. ``by="story"``: ranked
    by ``stories`` (an original and its copies count once; see :mod:`.stories`), also reported.
    """
    conn = as_connection(db)
    by_story = check_by(by) == "story" and has_stories(conn)
    # aggregate the mentions alone first (a walk of the (organization_id, article_pk) index), then
    # name the top N: grouping by the joined name columns would sort every mention
    src: Any = Mention.__table__
    cond = article_conditions(conn, filters)
    if cond or by_story:
        # filter articles first (published_at/site indexes), materialised: otherwise the planner
        # walks every mention in organisation order and looks each article up
        src = (
            select(
                Mention.organization_id,
                Mention.article_pk,
                Mention.id,
                Article.published_at,
                story_key().label("story"),
            )
            .join(Article, Article.id == Mention.article_pk)
            .where(*cond)
            .cte("filtered")
        )
        if conn.dialect.name == "sqlite":
            src = src.prefix_with("MATERIALIZED")
    n_articles = func.count(distinct(src.c.article_pk)).label("articles")
    n_mentions = func.count(src.c.id).label("mentions")
    n_stories = func.count(distinct(src.c.story)).label("stories") if by_story else n_articles
    cols: list[Any] = [src.c.organization_id.label("oid"), n_articles, n_mentions]
    if by_story:
        cols.append(n_stories)
    if cond or by_story:  # the articles' times are at hand: first/last day in the same pass
        cols += [func.min(src.c.published_at).label("first"), func.max(src.c.published_at).label("last")]
    agg = select(*cols).select_from(src)
    if like:  # as written, and in simplified script (the names' script)
        pats = [like_pattern(p) for p in dict.fromkeys((like.strip(), to_simplified(like.strip())))]
        agg = agg.where(
            src.c.organization_id.in_(
                select(Organization.id)
                .where(or_(*(Organization.name.like(p, escape=LIKE_ESCAPE) for p in pats)))
                .union(
                    select(OrganizationAlias.organization_id).where(
                        or_(*(OrganizationAlias.alias.like(p, escape=LIKE_ESCAPE) for p in pats))
                    )
                )
            )
        )
    top = (
        agg.group_by(src.c.organization_id)
        .order_by(desc(n_stories), desc(n_articles), desc(n_mentions), src.c.organization_id)
        .limit(row_limit(limit))
        .subquery("top")
    )
    extra = [top.c.stories] if by_story else []
    if cond or by_story:
        extra += [top.c.first, top.c.last]
    stmt = join_parent(
        select(*ORG_COLUMNS, top.c.articles, top.c.mentions, *extra)
        .select_from(top)
        .join(Organization, Organization.id == top.c.oid)
    ).order_by(
        *([desc(top.c.stories)] if by_story else []),
        desc(top.c.articles),
        desc(top.c.mentions),
        Organization.id,
    )
    rows = conn.execute(stmt).all()
    if cond or by_story:
        span = {r.id: (r.first, r.last) for r in rows}
    else:
        span = _publication_span(conn, {r.id: int(r.articles) for r in rows})
    out = []
    for r in rows:
        first, last = span.get(r.id, (None, None))
        row: dict[str, Any] = {"id": r.id, "name": r.name, "kind": r.kind, "parent": r.parent}
        if by == "story":  # without stories in the database, every article is a story of its own
            row["stories"] = int(r.stories) if by_story else int(r.articles)
        row.update(
            {
                "articles": int(r.articles),
                "mentions": int(r.mentions),
                "first_day": news_day(first),
                "last_day": news_day(last),
            }
        )
        out.append(row)
    return out


def _publication_span(conn: Connection, articles: dict[int, int]) -> dict[int, tuple[Any, Any]]:
    """Earliest and latest publication time of the articles mentioning each organisation.

    ``articles``: organisation id -> its number of articles (already ranked, so few). Reading
    every article of an organisation in 5 % of a large database is slow; instead its newest
    article is found by walking the publication-time index newest first, checking each article
    against the (organization_id, article_pk) index: about total/articles steps. The walk is
    bounded (:data:`SPAN_WALK_FACTOR` times that), and an organisation that is rare, or not found
    within the bound, has its articles read (distinct pairs from the index, one lookup each).
    """
    if not articles:
        return {}
    total = int(conn.execute(select(func.max(Article.id))).scalar() or 0)
    out: dict[int, tuple[Any, Any]] = {}
    rest: list[int] = []
    for oid, n in articles.items():
        window = SPAN_WALK_FACTOR * total // max(1, n) + 1
        if window >= 2 * n:  # reading its n articles is cheaper
            rest.append(oid)
            continue
        first, last = _walk_end(conn, oid, window, newest=False), _walk_end(conn, oid, window, newest=True)
        if first is None or last is None:
            rest.append(oid)
        else:
            out[oid] = (first, last)
    if rest:
        pairs = (
            select(Mention.organization_id.label("oid"), Mention.article_pk.label("pk"))
            .where(Mention.organization_id.in_(rest))
            .distinct()
            .subquery("pairs")
        )
        stmt = (
            select(pairs.c.oid, func.min(Article.published_at), func.max(Article.published_at))
            .select_from(pairs)
            .join(Article, Article.id == pairs.c.pk)
            .group_by(pairs.c.oid)
        )
        out.update({int(oid): (first, last) for oid, first, last in conn.execute(stmt)})
    return out


def _walk_sql(newest: bool) -> Any:
    """Newest (oldest) publication time of an organisation, looking no further than ``window``
    dated articles from that end: the bound is the window's last publication time (an index walk
    without lookups), then the publication-time index is walked from the end and stops at the
    first article that mentions the organisation.

    Plain SQL text (portable; the names are the models'): built once, it runs in about a tenth of
    the time of an equivalent Core statement built per call.
    """
    order, cmp, other_end = ("DESC", ">=", "min") if newest else ("ASC", "<=", "max")
    a, m = Article.__tablename__, Mention.__tablename__
    bound = (
        f"COALESCE((SELECT published_at FROM {a} WHERE published_at IS NOT NULL "
        f"ORDER BY published_at {order} LIMIT 1 OFFSET :window), (SELECT {other_end}(published_at) FROM {a}))"
    )
    return text(
        f"SELECT published_at FROM {a} WHERE published_at IS NOT NULL AND published_at {cmp} {bound} "
        f"AND EXISTS (SELECT 1 FROM {m} WHERE {m}.organization_id = :oid AND {m}.article_pk = {a}.id) "
        f"ORDER BY published_at {order} LIMIT 1"
    ).columns(column("published_at", UTCDateTime()))


_WALK_NEWEST, _WALK_OLDEST = _walk_sql(True), _walk_sql(False)


def _walk_end(conn: Connection, oid: int, window: int, *, newest: bool) -> datetime | None:
    """Publication time of ``oid``'s newest (oldest) article among the ``window`` newest (oldest)
    dated articles; None when none of them mentions it."""
    stmt = _WALK_NEWEST if newest else _WALK_OLDEST
    return conn.execute(stmt, {"window": int(window), "oid": int(oid)}).scalar()


def timeline(
    db: Connection | Session,
    org: str,
    filters: Filters = NO_FILTERS,
    *,
    limit: int | None = None,
    by: By = "article",
) -> list[dict[str, Any]]:
    """Per month of publication (Asia/Shanghai): articles mentioning ``org`` and their mentions.

    Months without a mention between the first and last are included (zeros); articles without a
    publication time are counted under ``"unknown"`` (last). ``limit``: keep the latest N months.
    ``by="story"``: each month also gives ``stories`` (an original and its copies in that month count
    once), and ``mentions`` counts a story's mentions once (the most any of its articles has).
    """
    conn = as_connection(db)
    by_story = check_by(by) == "story"
    ids = org_ids_or_error(conn, org)
    stmt = (
        select(Article.published_at, func.count(Mention.id).label("n"), story_key().label("story"))
        .select_from(Mention)
        .join(Article, Article.id == Mention.article_pk)
        .where(Mention.organization_id.in_(ids), *article_conditions(conn, filters))
        .group_by(Article.id, Article.published_at, Article.story_id)
    )
    # month -> [articles, mentions by article, {story: its most mentions}]
    months: dict[str, tuple[list[int], dict[int, int]]] = defaultdict(lambda: ([0, 0], {}))
    unknown: tuple[list[int], dict[int, int]] = ([0, 0], {})
    for published, n, skey in conn.execute(stmt):
        counts, per_story = months[local_time(published).strftime("%Y-%m")] if published else unknown
        counts[0] += 1
        counts[1] += int(n)
        per_story[int(skey)] = max(per_story.get(int(skey), 0), int(n))

    def row(month: str, slot: tuple[list[int], dict[int, int]]) -> dict[str, Any]:
        (a, n), per_story = slot
        if not by_story:
            return {"month": month, "articles": a, "mentions": n}
        return {"month": month, "stories": len(per_story), "articles": a, "mentions": sum(per_story.values())}

    out = []
    if months:
        first, last = min(months), max(months)
        y, m = int(first[:4]), int(first[5:])
        while f"{y:04d}-{m:02d}" <= last:
            key = f"{y:04d}-{m:02d}"
            out.append(row(key, months[key] if key in months else ([0, 0], {})))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if limit:
        out = out[-int(limit) :]
    if unknown[0][0]:
        out.append(row("unknown", unknown))
    return out
