"""Places: ``places`` — the provinces, cities or counties stories are filed under (the entity step's
sure story place, ``articles.place_*``), ranked by the stories filed there."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, desc, distinct, func, select
from sqlalchemy.orm import Session

from pipelines.db.models import PLACE_LEVELS, Article
from pipelines.db.query.filters import (
    NO_FILTERS,
    Filters,
    QueryError,
    article_conditions,
    as_connection,
    row_limit,
)
from pipelines.db.query.rows import news_day
from pipelines.db.query.stories import By, check_by, has_stories, story_key

Level = Literal["province", "city", "county"]
LEVELS: tuple[Level, ...] = PLACE_LEVELS  # type: ignore[assignment]  # the same three names


def levels_above(level: Level) -> list[Level]:
    """The levels a place of ``level`` lies in, nearest first (county: city, province)."""
    return list(reversed(LEVELS[: LEVELS.index(level)]))


def check_level(level: str) -> Level:
    if level not in LEVELS:
        raise QueryError(f"--level must be province, city or county, not {level!r}")
    return level  # type: ignore[return-value]  # checked just above


def places(
    db: Connection | Session,
    filters: Filters = NO_FILTERS,
    *,
    level: Level = "province",
    limit: int = 20,
    by: By = "article",
) -> list[dict[str, Any]]:
    """Places of one ``level`` ranked by the (filtered) articles filed under them: ``place``, the
    ``province`` (and ``city``) it lies in, ``articles``, ``first_day``/``last_day`` (publication days,
    Asia/Shanghai). ``by="story"``: ranked by ``stories`` (an original and its copies count once),
    also reported. Articles with no place at that level are not counted."""
    conn = as_connection(db)
    level = check_level(level)
    by_story = check_by(by) == "story" and has_stories(conn)
    # a county is named with its city and province (two cities may each have a 朝阳区), a city with
    # its province; the province column of a municipality's city (北京市) is the city itself
    within = levels_above(level)
    keys = [Article.place_column(k) for k in (level, *within)]
    n_articles = func.count(Article.id).label("articles")
    n_stories = func.count(distinct(story_key())).label("stories") if by_story else n_articles
    cols: list[Any] = [*keys, n_articles]
    if by_story:
        cols.append(n_stories)
    cols += [func.min(Article.published_at).label("first"), func.max(Article.published_at).label("last")]
    stmt = (
        select(*cols)
        .where(keys[0].is_not(None), *article_conditions(conn, filters))
        .group_by(*keys)
        .order_by(desc(n_stories), desc(n_articles), *keys)
        .limit(row_limit(limit))
    )
    out = []
    for r in conn.execute(stmt).all():
        row: dict[str, Any] = {"place": r[0]}
        row.update({k: r[1 + within.index(k)] for k in reversed(within)})  # province first, then city
        if by == "story":  # without stories in the database, every article is a story of its own
            row["stories"] = int(r.stories) if by_story else int(r.articles)
        row.update(
            {"articles": int(r.articles), "first_day": news_day(r.first), "last_day": news_day(r.last)}
        )
        out.append(row)
    return out
