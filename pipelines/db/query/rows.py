"""What every query gives back: JSON-ready values (times in Asia/Shanghai), article references, and
the organisations, people and dates of a batch of articles (one query each, grouped per article)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select

from crawler.constants import BEIJING
from pipelines.db.models import Article, DateMention, Mention, Organization, Person, PersonMention

_PARENT = Organization.__table__.alias("parent")
# an organisation's id, name, kind and its parent's name: select these, then join_parent()
ORG_COLUMNS = (Organization.id, Organization.name, Organization.kind, _PARENT.c.name.label("parent"))
REF_COLUMNS = (
    Article.id,
    Article.title,
    Article.published_at,
    Article.site,
    Article.canonical_url,
    Article.source,
)


# --- values ---------------------------------------------------------------------------------------


def local_time(dt: datetime) -> datetime:
    """``dt`` in Asia/Shanghai (times are stored in UTC; a backend that hands back naive values
    hands back UTC)."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(BEIJING)


def iso(dt: datetime | None) -> str | None:
    return local_time(dt).isoformat() if dt else None


def news_day(dt: datetime | None) -> str | None:
    """The publication day in Asia/Shanghai."""
    return None if dt is None else local_time(dt).date().isoformat()


def day(d: date | str | None) -> str | None:
    if d is None:
        return None
    return d.isoformat() if isinstance(d, date) else str(d)


def pick(d: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: d[k] for k in keys}


# --- articles -------------------------------------------------------------------------------------


def article_refs(conn: Connection, ids: Sequence[int], *extra: Any) -> dict[int, Any]:
    """Rows of :data:`REF_COLUMNS` (plus ``extra`` columns) of the articles ``ids``, by id."""
    if not ids:
        return {}
    rows = conn.execute(select(*REF_COLUMNS, *extra).where(Article.id.in_(list(ids)))).all()
    return {r.id: r for r in rows}


def ref_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "published_at": iso(r.published_at),
        "site": r.site,
        "url": r.canonical_url,
    }


# --- organisations, people, dates of articles -----------------------------------------------------


def join_parent(stmt: Select[Any]) -> Select[Any]:
    """``stmt`` (selecting :data:`ORG_COLUMNS`) with the parent organisation joined."""
    return stmt.outerjoin(_PARENT, _PARENT.c.id == Organization.parent_id)


def _per_article(
    rows: Iterable[Any], describe: Callable[[Any], dict[str, Any]], *, forms: bool = False
) -> dict[int, list[dict[str, Any]]]:
    """Mention rows (``article_pk``, entity ``id``, ``text``; in text order) -> per article, its
    entities in order of first mention: ``describe(row)``, ``mentions`` (how many) and, with
    ``forms``, the distinct written forms."""
    out: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        e = out[r.article_pk].get(r.id)
        if e is None:
            e = out[r.article_pk][r.id] = {**describe(r), "mentions": 0, **({"forms": []} if forms else {})}
        e["mentions"] += 1
        if forms and r.text not in e["forms"]:
            e["forms"].append(r.text)
    return {pk: list(v.values()) for pk, v in out.items()}


def orgs_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    stmt = join_parent(
        select(Mention.article_pk, *ORG_COLUMNS, Mention.text, Mention.start).join(
            Organization, Organization.id == Mention.organization_id
        )
    )
    rows = conn.execute(
        stmt.where(Mention.article_pk.in_(list(ids))).order_by(Mention.article_pk, Mention.start)
    )
    return _per_article(rows, lambda r: {"name": r.name, "kind": r.kind, "parent": r.parent}, forms=True)


def persons_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(PersonMention.article_pk, Person.id, Person.name)
        .join(Person, Person.id == PersonMention.person_id)
        .where(PersonMention.article_pk.in_(list(ids)))
        .order_by(PersonMention.article_pk, PersonMention.start)
    )
    return _per_article(rows, lambda r: {"name": r.name})


def dates_of(
    conn: Connection, ids: Sequence[int], *where: ColumnElement[bool]
) -> dict[int, list[dict[str, Any]]]:
    """Date mentions of the articles ``ids`` (those meeting ``where``), in text order."""
    rows = conn.execute(
        select(DateMention)
        .where(DateMention.article_pk.in_(list(ids)), *where)
        .order_by(DateMention.article_pk, DateMention.start)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in rows:
        out[d.article_pk].append(
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "value_start": day(d.value_start),
                "value_end": day(d.value_end),
                "granularity": d.granularity,
            }
        )
    return out
