"""Writing articles: pure functions over a SQLAlchemy :class:`~sqlalchemy.orm.Session`.

``upsert_article(session, item)`` writes one article whole or not at all (a SAVEPOINT around it):
the article row, its raw pages (zlib-compressed; earlier versions replaced), its date mentions,
organisations (with aliases and parents) and their mentions, persons and their mentions.

Semantics (what a re-crawl does):

- ``"new"``: no article with this key yet; everything is inserted, ``first_seen`` =
  ``last_crawled`` = the fetch time, ``times_changed`` = 0.
- ``"unchanged"``: the content hash (over the cleaned, page-derived fields; see
  :func:`content_hash`) is the stored one. Nothing is written at all — not even ``last_crawled``,
  so a re-crawl of an unchanged site leaves the database byte-for-byte as it was (the run's
  ``crawl_runs`` row records that it was seen).
- ``"updated"``: the hash differs; the row is updated in place, ``times_changed`` + 1,
  ``last_crawled`` = the fetch time, raw pages and every mention replaced (never duplicated).

``reprocess_article`` is the re-processing path (``cnr-news reprocess``): the same write, but the
source did not change, so ``times_changed`` and ``last_crawled`` stay and raw pages are kept.

Organisations, aliases and persons are upserted with ``INSERT … ON CONFLICT`` (SQLite and
PostgreSQL dialects; other backends fall back to select-then-insert).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import Engine, Table, bindparam, delete, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.items import ArticleItem, RawPage
from pipelines.db import fts, search_index
from pipelines.db.models import (
    PLACE_LEVELS,
    Article,
    Base,
    DateMention,
    Mention,
    Organization,
    OrganizationAlias,
    Page,
    Person,
    PersonMention,
)
from pipelines.stories.index import StoryLinker, carried_fingerprint, link_article, unlink_article

Outcome = Literal["new", "updated", "unchanged"]

# Article columns copied from the item as they are.
_PLAIN_FIELDS = (
    "canonical_url",
    "url",
    "site",
    "article_id",
    "channel",
    "title",
    "published_at",
    "modified_at",
    "source",
    "source_from",
    "description",
    "language",
    "template",
    "title_original",
)
_LIST_FIELDS = ("authors", "editors", "keywords", "paragraphs")

# The fields that say what the page *says*; the hash over them decides unchanged vs updated.
# Not hashed: the URL it was fetched from (one article under two hosts is one article), the
# template name, and anything derived by the pipelines (mentions are re-derivable: reprocess).
_HASHED_FIELDS = (
    "canonical_url",
    "channel",
    "title",
    "published_at",
    "modified_at",
    "source",
    "authors",
    "editors",
    "description",
    "keywords",
    "paragraphs",
    "images",
)


# Driver messages that mean "this database cannot be written at all" (stop the crawl), as opposed
# to a problem with one article (count it failed and go on).
UNWRITABLE_RE = re.compile(
    r"readonly database|read-only|disk is full|database or disk is full|unable to open database"
    r"|disk I/O error|no such table|permission denied|could not extend file|No space left",
    re.IGNORECASE,
)


class ArticleDataError(ValueError):
    """The item cannot be stored as it is (bad mention data, naive datetime …)."""


def unwritable_cause(exc: BaseException) -> BaseException | None:
    """The error in ``exc``'s chain that means the database as a whole cannot be written, if any.

    Follows the exception chain: on SQLITE_FULL, SQLite rolls the whole transaction back, so the
    error that surfaces is the savepoint's "no such savepoint", raised while handling the real one.
    """
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, (SQLAlchemyError, OSError)) and UNWRITABLE_RE.search(str(e)):
            return e
        e = e.__cause__ or e.__context__
    return None


def is_unwritable_error(exc: BaseException) -> bool:
    """True for errors that mean the database as a whole cannot be written."""
    return unwritable_cause(exc) is not None


# PostgreSQL: the transaction lost a deadlock or a serialisation conflict with another writer (another
# crawler node storing articles that name the same organisations). Rolled back whole, it can be retried.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


def is_transient_error(exc: BaseException) -> bool:
    """True for a conflict with a concurrent writer: retry the whole transaction."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if getattr(e, "sqlstate", None) in TRANSIENT_SQLSTATES:
            return True
        e = getattr(e, "orig", None) or e.__cause__ or e.__context__
    return False


def _names(entries: Any, *fields: str) -> set[str]:
    out: set[str] = set()
    for entry in entries or []:
        if isinstance(entry, dict):
            out.update(v for f in fields if isinstance(v := entry.get(f), str) and v.strip())
    return out


def lock_names_in_order(session: Session, items: list[ArticleItem]) -> None:
    """On PostgreSQL, before a batch of articles is written: lock the rows of the organisations and
    persons the batch names, in name order. Storing an article locks them (the upsert that returns
    their id), and two writers whose batches share names would otherwise take them in different
    orders and deadlock; taken in one order, the second waits for the first. (Names new to the
    database can still meet; the caller retries a batch that lost a deadlock.)"""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite has one writer at a time
    orgs = sorted(set().union(*(_names(i.organizations, "name", "parent") for i in items)))
    persons = sorted(set().union(*(_names(i.persons, "name") for i in items)))
    for model, names in ((Organization, orgs), (Person, persons)):
        if names:
            session.execute(
                select(model.id).where(model.name.in_(names)).order_by(model.name).with_for_update()
            )


def probe_writable(engine: Engine) -> None:
    """Raise if ``engine``'s database cannot take a write (nothing is changed either way)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM crawl_runs WHERE 1 = 0"))


# --- helpers ---------------------------------------------------------------------------------------


def _utc_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ArticleDataError(f"naive datetime {value!r}: items carry tz-aware datetimes")
    return value.astimezone(UTC).isoformat()


def _image_dicts(images: list[Any]) -> list[dict[str, Any]]:
    out = []
    for img in images or []:
        if is_dataclass(img) and not isinstance(img, type):
            out.append(asdict(img))
        elif isinstance(img, dict):
            out.append({"src": img.get("src", ""), "caption": img.get("caption", "")})
        else:
            raise ArticleDataError(f"image of unexpected type {type(img).__name__}")
    return out


def content_hash(item: ArticleItem) -> str:
    """SHA-256 over the cleaned, page-derived fields (stable JSON)."""
    data: dict[str, Any] = {}
    for name in _HASHED_FIELDS:
        value = getattr(item, name)
        if name in ("published_at", "modified_at"):
            value = _utc_iso(value)
        elif name == "images":
            value = _image_dicts(value)
        data[name] = value
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _fetch_time(item: ArticleItem, now: datetime | None) -> datetime:
    times = [p.fetched_at for p in item.raw_pages if p.fetched_at is not None]
    if times:
        t = max(times)
        if t.tzinfo is None:
            raise ArticleDataError(f"naive fetched_at {t!r} on a raw page")
        return t
    return now or datetime.now(UTC)


def _insert_fn(session: Session) -> Any:
    """The dialect's ``insert`` with ``on_conflict_*``, or ``None`` for other backends."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    return None


def _table(model: type[Base]) -> Table:
    """The Core table of a mapped class (``__table__`` is declared as a ``FromClause``)."""
    table = model.__table__
    assert isinstance(table, Table)  # every model is declared with __tablename__
    return table


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArticleDataError(f"{what} must be an int, got {value!r}")
    return value


def _span(m: Any, body_len: int, what: str) -> tuple[int, int, str]:
    if not isinstance(m, dict):
        raise ArticleDataError(f"{what} must be a dict, got {type(m).__name__}")
    start, end = _int(m.get("start"), f"{what}.start"), _int(m.get("end"), f"{what}.end")
    if not 0 <= start <= end <= body_len:
        raise ArticleDataError(f"{what} offsets {start}..{end} outside the body (0..{body_len})")
    text = m.get("text")
    if not isinstance(text, str):
        raise ArticleDataError(f"{what}.text must be a str, got {text!r}")
    return start, end, text


def _date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ArticleDataError(f"{what} {value!r} is not YYYY-MM-DD") from exc
    raise ArticleDataError(f"{what} {value!r} is not a date")


# --- organisations and persons ------------------------------------------------------------------------


def upsert_organization(session: Session, name: str, kind: str | None = None) -> int:
    """Id of the organisation called ``name`` (created when absent; a known kind is kept)."""
    if not isinstance(name, str) or not name.strip():
        raise ArticleDataError(f"organisation name {name!r} is empty")
    insert = _insert_fn(session)
    if insert is None:
        org_id = session.scalar(select(Organization.id).where(Organization.name == name))
        if org_id is None:
            org = Organization(name=name, kind=kind)
            session.add(org)
            session.flush()
            return org.id
        if kind:
            session.execute(
                _table(Organization)
                .update()
                .where(Organization.id == org_id, Organization.kind.is_(None))
                .values(kind=kind)
            )
        return org_id
    stmt = insert(Organization).values(name=name, kind=kind)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Organization.name],
        set_={"kind": func.coalesce(Organization.kind, stmt.excluded.kind)},
    ).returning(Organization.id)
    return int(session.execute(stmt).scalar_one())


def _add_alias(session: Session, alias: str, org_id: int) -> None:
    insert = _insert_fn(session)
    if insert is None:
        exists = session.scalar(
            select(OrganizationAlias.id).where(
                OrganizationAlias.alias == alias, OrganizationAlias.organization_id == org_id
            )
        )
        if exists is None:
            session.add(OrganizationAlias(alias=alias, organization_id=org_id))
            session.flush()
        return
    stmt = insert(OrganizationAlias).values(alias=alias, organization_id=org_id)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["alias", "organization_id"]))


def upsert_person(session: Session, name: str) -> int:
    if not isinstance(name, str) or not name.strip():
        raise ArticleDataError(f"person name {name!r} is empty")
    insert = _insert_fn(session)
    if insert is None:
        pid = session.scalar(select(Person.id).where(Person.name == name))
        if pid is None:
            person = Person(name=name)
            session.add(person)
            session.flush()
            return person.id
        return pid
    stmt = (
        insert(Person)
        .values(name=name)
        .on_conflict_do_update(index_elements=[Person.name], set_={"name": name})
        .returning(Person.id)
    )
    return int(session.execute(stmt).scalar_one())


# --- mentions ----------------------------------------------------------------------------------------


def _mention_rows(
    item: ArticleItem,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Validated rows (without ids) for dates, organisations and persons; raises on bad data."""
    body_len = len(item.body)
    dates = []
    for i, d in enumerate(item.dates or []):
        start, end, text = _span(d, body_len, f"dates[{i}]")
        v_start = _date(d.get("value_start"), f"dates[{i}].value_start")
        v_end = _date(d.get("value_end") or d.get("value_start"), f"dates[{i}].value_end")
        if v_end < v_start:
            raise ArticleDataError(f"dates[{i}] ends ({v_end}) before it starts ({v_start})")
        dates.append(
            {
                "start": start,
                "end": end,
                "text": text,
                "value_start": v_start,
                "value_end": v_end,
                "granularity": str(d.get("granularity") or "day"),
            }
        )
    orgs = []
    for i, o in enumerate(item.organizations or []):
        if not isinstance(o, dict) or not isinstance(o.get("name"), str) or not o["name"].strip():
            raise ArticleDataError(f"organizations[{i}] has no name")
        spans = [
            _span(m, body_len, f"organizations[{i}].mentions[{j}]")
            for j, m in enumerate(o.get("mentions") or [])
        ]
        orgs.append({"name": o["name"], "kind": o.get("kind"), "parent": o.get("parent"), "spans": spans})
    persons = []
    for i, p in enumerate(item.persons or []):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or not p["name"].strip():
            raise ArticleDataError(f"persons[{i}] has no name")
        spans = [
            _span(m, body_len, f"persons[{i}].mentions[{j}]") for j, m in enumerate(p.get("mentions") or [])
        ]
        persons.append({"name": p["name"], "spans": spans})
    return dates, orgs, persons


def _replace_mentions(session: Session, article_pk: int, item: ArticleItem, *, fresh: bool = False) -> None:
    dates, orgs, persons = _mention_rows(item)
    if not fresh:  # a new article has nothing to replace
        for model in (DateMention, Mention, PersonMention):
            session.execute(delete(model).where(model.article_pk == article_pk))
    if dates:
        session.execute(_table(DateMention).insert(), [{"article_pk": article_pk, **d} for d in dates])
    mention_rows = []
    for o in orgs:
        org_id = upsert_organization(session, o["name"], o["kind"])
        parent = o["parent"]
        if isinstance(parent, str) and parent.strip() and parent != o["name"]:
            parent_id = upsert_organization(session, parent)
            session.execute(
                _table(Organization)
                .update()
                .where(Organization.id == org_id, Organization.parent_id.is_(None))
                .values(parent_id=parent_id)
            )
        for alias in {o["name"], *(surface for _, _, surface in o["spans"])}:
            if alias.strip():
                _add_alias(session, alias, org_id)
        mention_rows += [
            {"article_pk": article_pk, "organization_id": org_id, "start": s, "end": e, "text": t}
            for s, e, t in o["spans"]
        ]
    if mention_rows:
        session.execute(_table(Mention).insert(), mention_rows)
    person_rows = []
    for p in persons:
        person_id = upsert_person(session, p["name"])
        person_rows += [
            {"article_pk": article_pk, "person_id": person_id, "start": s, "end": e, "text": t}
            for s, e, t in p["spans"]
        ]
    if person_rows:
        session.execute(_table(PersonMention).insert(), person_rows)


def _replace_pages(
    session: Session, article_pk: int, raw_pages: list[RawPage], *, fresh: bool = False
) -> None:
    urls = [p.url for p in raw_pages]
    if fresh:  # only a page stored under another key can be in the way
        if urls:
            session.execute(delete(Page).where(Page.url.in_(urls)))
    else:
        cond = Page.article_pk == article_pk
        if urls:
            cond = or_(cond, Page.url.in_(urls))
        session.execute(delete(Page).where(cond))
    rows = []
    for p in raw_pages:
        if p.fetched_at is None or p.fetched_at.tzinfo is None:
            raise ArticleDataError(f"raw page {p.url} has no tz-aware fetched_at")
        rows.append(
            {
                "article_pk": article_pk,
                "url": p.url,
                "page_no": int(p.page_no),
                "status": int(p.status),
                "headers": dict(p.headers or {}),
                "encoding": p.encoding,
                "body_z": zlib.compress(bytes(p.body), 6),
                "fetched_at": p.fetched_at,
            }
        )
    if rows:
        session.execute(_table(Page).insert(), rows)


def _article_values(item: ArticleItem) -> dict[str, Any]:
    """The article columns taken from the item (not key, hash, times), converted for storage."""
    values: dict[str, Any] = {name: getattr(item, name) for name in _PLAIN_FIELDS}
    for name in _LIST_FIELDS:
        values[name] = list(getattr(item, name) or [])
    values["images"] = _image_dicts(item.images)
    values["removed"] = dict(item.removed or {})
    values["notes"] = dict(item.notes or {})
    values["body"] = item.body
    values.update(_place_values(item))
    if values["title"] is None:
        values["title"] = ""
    return values


def _place_values(item: ArticleItem) -> dict[str, str | None]:
    """``item.place`` as the article's ``place_<level>`` columns (None: a level not known)."""
    place = item.place or {}
    return {"place_" + level: place.get(level) or None for level in PLACE_LEVELS}


def _assign_fields(article: Article, item: ArticleItem) -> None:
    for name, value in _article_values(item).items():
        setattr(article, name, value)


# --- the per-article hook -------------------------------------------------------------------------


def on_article_stored(
    session: Session,
    article: Article,
    item: ArticleItem,
    outcome: Outcome,
    *,
    linker: StoryLinker | None = None,
) -> None:
    """Called once per article written by a crawl (``"new"`` or ``"updated"``), inside the same
    transaction (and, on the per-article path, the same SAVEPOINT) as its rows — both by
    :func:`upsert_article` and by the bulk :func:`store_articles` — after its rows and its search
    index entry are written. Links it to its story (an updated article was unlinked before its body
    changed; on the bulk path through the batch's ``linker``, which writes the batch's band keys
    together); work that must be complete with the article goes here; raising makes the article fail
    as a whole."""
    if linker is not None:
        linker.link(article)
    else:
        link_article(session, article, carried_fingerprint(item, article.body or ""))


# --- the two write paths ----------------------------------------------------------------------------


def upsert_article(session: Session, item: ArticleItem, *, now: datetime | None = None) -> Outcome:
    """Write one crawled article whole or not at all; see the module docstring for the semantics.

    Runs inside a SAVEPOINT of the caller's transaction: on any error nothing of this article is
    left and the exception propagates (the caller counts the item failed and goes on). The caller
    commits.
    """
    if not item.key:
        raise ArticleDataError("item has no key")
    digest = content_hash(item)
    crawled = _fetch_time(item, now)
    with session.begin_nested():
        article = session.scalar(select(Article).where(Article.key == item.key))
        if article is not None and article.content_hash == digest:
            return "unchanged"
        if article is None:
            outcome: Outcome = "new"
            article = Article(key=item.key, first_seen=crawled, times_changed=0)
            session.add(article)
        else:
            outcome = "updated"
            article.times_changed = (article.times_changed or 0) + 1
            unlink_article(session, article)  # its story is re-evaluated with the new text below
        _assign_fields(article, item)
        article.content_hash = digest
        article.last_crawled = crawled
        session.flush()
        fresh = outcome == "new"
        _replace_pages(session, article.id, item.raw_pages, fresh=fresh)
        _replace_mentions(session, article.id, item, fresh=fresh)
        search_index.sync_article(
            session,
            article.id,
            article.title,
            article.body,
            fts.carried_prepared(item, article.title, article.body),
        )
        on_article_stored(session, article, item, outcome)  # its story, in the same SAVEPOINT
    return outcome


def _mention_snapshot(session: Session, article_pk: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    dates = session.execute(
        select(
            DateMention.start,
            DateMention.end,
            DateMention.text,
            DateMention.value_start,
            DateMention.value_end,
            DateMention.granularity,
        ).where(DateMention.article_pk == article_pk)
    ).all()
    orgs = session.execute(
        select(Mention.start, Mention.end, Mention.text, Organization.name)
        .join(Organization, Organization.id == Mention.organization_id)
        .where(Mention.article_pk == article_pk)
    ).all()
    persons = session.execute(
        select(PersonMention.start, PersonMention.end, PersonMention.text, Person.name)
        .join(Person, Person.id == PersonMention.person_id)
        .where(PersonMention.article_pk == article_pk)
    ).all()
    return sorted(map(tuple, dates)), sorted(map(tuple, orgs), key=repr), sorted(map(tuple, persons))


def _item_snapshot(item: ArticleItem) -> tuple[list[tuple], list[tuple], list[tuple]]:
    dates, orgs, persons = _mention_rows(item)
    d = sorted(
        (r["start"], r["end"], r["text"], r["value_start"], r["value_end"], r["granularity"]) for r in dates
    )
    o = sorted(((s, e, t, org["name"]) for org in orgs for s, e, t in org["spans"]), key=repr)
    p = sorted((s, e, t, person["name"]) for person in persons for s, e, t in person["spans"])
    return d, o, p


def reprocess_article(
    session: Session, article: Article, item: ArticleItem
) -> Literal["updated", "unchanged"]:
    """Rewrite a stored article from a re-parsed, re-processed ``item`` (same raw pages).

    Fields and mentions are replaced in place; the article keeps its id, key, ``first_seen``,
    ``last_crawled``, ``times_changed`` and raw pages. ``"unchanged"`` when neither the content hash
    nor any mention differs (nothing is written then).
    """
    digest = content_hash(item)
    with session.begin_nested():
        same_fields = (
            article.content_hash == digest
            and all(
                getattr(article, name) == getattr(item, name)
                for name in ("template", "source_from", "title_original")
            )
            and (article.notes or {}) == (item.notes or {})
            and all(getattr(article, name) == value for name, value in _place_values(item).items())
        )
        if (
            same_fields
            and article.story_scheme is not None
            and _mention_snapshot(session, article.id) == _item_snapshot(item)
        ):
            return "unchanged"
        relink = article.story_scheme is None or article.body != item.body
        if relink:
            unlink_article(session, article)
        key, url = article.key, article.url
        _assign_fields(article, item)
        article.key, article.url = key, url
        article.content_hash = digest
        if not relink:
            article.story_cites = None  # its description may cite other URLs now: read again when chosen
        session.flush()
        _replace_mentions(session, article.id, item)
        search_index.sync_article(session, article.id, article.title, article.body)
        if relink:
            link_article(session, article)
    return "updated"


def delete_article(session: Session, article_pk: int) -> None:
    """Delete an article with its pages and mentions (and its full-text entry)."""
    with session.begin_nested():
        article = session.get(Article, article_pk)
        if article is not None:
            unlink_article(session, article)  # its story loses it (and goes if one article is left)
        search_index.delete_article(session, article_pk)
        for model in (DateMention, Mention, PersonMention, Page):
            session.execute(delete(model).where(model.article_pk == article_pk))
        session.execute(delete(Article).where(Article.id == article_pk))


def load_raw_pages(session: Session, article_pk: int) -> list[RawPage]:
    """The stored raw responses of an article, decompressed, in page order."""
    pages = session.scalars(
        select(Page).where(Page.article_pk == article_pk).order_by(Page.page_no, Page.id)
    ).all()
    return [
        RawPage(
            url=p.url,
            status=p.status,
            headers=dict(p.headers or {}),
            body=zlib.decompress(p.body_z),
            fetched_at=p.fetched_at,
            encoding=p.encoding,
            page_no=p.page_no,
        )
        for p in pages
    ]


# --- the bulk path (a crawl's batches) -------------------------------------------------------------


@dataclass
class _Prepared:
    """One new article's rows, made and validated before any write."""

    item: ArticleItem
    row: dict[str, Any]
    pages: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    orgs: list[dict[str, Any]]
    persons: list[dict[str, Any]]


def _page_rows(raw_pages: list[RawPage]) -> list[dict[str, Any]]:
    rows = []
    for p in raw_pages:
        if p.fetched_at is None or p.fetched_at.tzinfo is None:
            raise ArticleDataError(f"raw page {p.url} has no tz-aware fetched_at")
        rows.append(
            {
                "url": p.url,
                "page_no": int(p.page_no),
                "status": int(p.status),
                "headers": dict(p.headers or {}),
                "encoding": p.encoding,
                "body_z": zlib.compress(bytes(p.body), 6),
                "fetched_at": p.fetched_at,
            }
        )
    return rows


def _prepare_new(item: ArticleItem, digest: str, crawled: datetime) -> _Prepared:
    row = _article_values(item)
    row.update(
        key=item.key,
        content_hash=digest,
        first_seen=crawled,
        last_crawled=crawled,
        times_changed=0,
    )
    dates, orgs, persons = _mention_rows(item)
    return _Prepared(item, row, _page_rows(item.raw_pages), dates, orgs, persons)


def _chunks(seq: list[Any], n: int = 400) -> list[list[Any]]:
    return [seq[i : i + n] for i in range(0, len(seq), n)]


# the names' upserts, built once per dialect and table: values bound per call, so the statement is
# compiled once (a multi-row VALUES list is compiled again for every batch of a new length)
_NAME_UPSERTS: dict[tuple[str, str], Any] = {}


def _name_upsert(session: Session, model: type[Base]) -> Any:
    dialect = session.get_bind().dialect.name
    stmt = _NAME_UPSERTS.get((dialect, model.__name__))
    if stmt is None:
        table = _table(model)
        base = _insert_fn(session)(table)
        if model is Organization:
            stmt = base.on_conflict_do_update(
                index_elements=[table.c.name],
                set_={"kind": func.coalesce(table.c.kind, base.excluded.kind)},
            )
        else:
            stmt = base.on_conflict_do_update(
                index_elements=[table.c.name], set_={"name": base.excluded.name}
            )
        stmt = _NAME_UPSERTS[(dialect, model.__name__)] = stmt.returning(table.c.id, table.c.name)
    return stmt


def _bulk_names(session: Session, model: type[Base], kinds: dict[str, str | None]) -> dict[str, int]:
    """Upsert names (organisations: with their kind, a known kind kept); SQLAlchemy sends the rows
    as multi-row statements ("insertmanyvalues") of one compiled form. In the names' order, not the
    batch's: a batch of the same articles gives its new names the same ids whatever order its
    articles arrived in (a crawl's concurrent downloads, the README's demo)."""
    stmt = _name_upsert(session, model)
    conn = session.connection()
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(kinds)):
        if model is Organization:
            rows = [{"name": n, "kind": kinds[n]} for n in chunk]
        else:
            rows = [{"name": n} for n in chunk]
        ids.update({name: int(pk) for pk, name in conn.execute(stmt, rows)})
    return ids


def _bulk_insert_new(session: Session, batch: list[_Prepared]) -> list[int]:
    """Every row of the new articles in ``batch``, a few statements per table; their ids in order."""
    table = _table(Article)
    result = session.execute(
        table.insert().returning(table.c.id, sort_by_parameter_order=True), [p.row for p in batch]
    )
    pks = [int(r[0]) for r in result]
    urls = [r["url"] for p in batch for r in p.pages]
    for chunk in _chunks(urls):
        session.execute(delete(Page).where(Page.url.in_(chunk)))
    rows = [{"article_pk": pk, **r} for pk, p in zip(pks, batch, strict=True) for r in p.pages]
    if rows:
        session.execute(_table(Page).insert(), rows)
    rows = [{"article_pk": pk, **d} for pk, p in zip(pks, batch, strict=True) for d in p.dates]
    if rows:
        session.execute(_table(DateMention).insert(), rows)
    # organisations: the first known kind and the first parent in crawl order win, as one by one
    kinds: dict[str, str | None] = {}
    parents: list[tuple[str, str]] = []
    for p in batch:
        for o in p.orgs:
            if kinds.get(o["name"]) is None:
                kinds[o["name"]] = o["kind"]
            parent = o["parent"]
            if isinstance(parent, str) and parent.strip() and parent != o["name"]:
                kinds.setdefault(parent, None)
                parents.append((o["name"], parent))
    org_ids = _bulk_names(session, Organization, kinds) if kinds else {}
    if parents:
        org_table = _table(Organization)
        session.execute(
            org_table.update()
            .where(org_table.c.id == bindparam("oid"), org_table.c.parent_id.is_(None))
            .values(parent_id=bindparam("pid")),
            [{"oid": org_ids[o], "pid": org_ids[par]} for o, par in parents],
        )
    aliases = {
        (alias, org_ids[o["name"]])
        for p in batch
        for o in p.orgs
        for alias in {o["name"], *(surface for _, _, surface in o["spans"])}
        if alias.strip()
    }
    if aliases:
        stmt = _insert_fn(session)(_table(OrganizationAlias)).on_conflict_do_nothing(
            index_elements=["alias", "organization_id"]
        )
        session.connection().execute(
            stmt, [{"alias": a, "organization_id": oid} for a, oid in sorted(aliases)]
        )
    rows = [
        {"article_pk": pk, "organization_id": org_ids[o["name"]], "start": s, "end": e, "text": t}
        for pk, p in zip(pks, batch, strict=True)
        for o in p.orgs
        for s, e, t in o["spans"]
    ]
    if rows:
        session.execute(_table(Mention).insert(), rows)
    names: dict[str, str | None] = {person["name"]: None for p in batch for person in p.persons}
    person_ids = _bulk_names(session, Person, names) if names else {}
    rows = [
        {"article_pk": pk, "person_id": person_ids[person["name"]], "start": s, "end": e, "text": t}
        for pk, p in zip(pks, batch, strict=True)
        for person in p.persons
        for s, e, t in person["spans"]
    ]
    if rows:
        session.execute(_table(PersonMention).insert(), rows)
    search_index.sync_many(
        session,
        [
            (pk, p.row["title"], p.row["body"], fts.carried_prepared(p.item, p.row["title"], p.row["body"]))
            for pk, p in zip(pks, batch, strict=True)
        ],
    )
    return pks


StoreResult = Outcome | Exception


def store_articles(
    session: Session, items: list[ArticleItem], *, now: datetime | None = None
) -> list[StoreResult]:
    """Write a crawl's batch in the caller's transaction: for each item its outcome (as
    :func:`upsert_article`) or the exception that kept it out. The caller commits.

    New articles (the bulk of a crawl) are validated first, then written with a few multi-row
    statements per table, inside one SAVEPOINT; updated articles, repeated keys, other backends and
    any database error in the bulk statements take the per-article path (:func:`upsert_article`,
    a SAVEPOINT each), so an article is always complete or absent. Errors that mean the database
    cannot be written at all, a lost connection and a conflict lost to another writer propagate
    (the caller writes the batch again whole, or counts it lost). :func:`on_article_stored` (the
    story link) is called for each written article inside the transaction, in ``items``' order.
    """
    results: list[StoreResult | None] = [None] * len(items)
    if _insert_fn(session) is None:
        return [_one(session, item, now) for item in items]
    seen: set[str] = set()
    first: list[int] = []
    slow: list[int] = []  # indexes for the per-article path, in order
    for i, item in enumerate(items):
        if item.key and item.key not in seen:
            seen.add(item.key)
            first.append(i)
        else:
            slow.append(i)
    stored: dict[str, str] = {}
    keys = [items[i].key for i in first]
    for chunk in _chunks(keys):
        rows = session.execute(select(Article.key, Article.content_hash).where(Article.key.in_(chunk)))
        stored.update((key, digest) for key, digest in rows)
    fresh: list[tuple[int, _Prepared]] = []
    for i in first:
        item = items[i]
        try:
            digest = content_hash(item)
            if item.key in stored:
                if stored[item.key] == digest:
                    results[i] = "unchanged"
                else:
                    slow.append(i)
                continue
            fresh.append((i, _prepare_new(item, digest, _fetch_time(item, now))))
        except Exception as exc:  # noqa: BLE001 - this item's data: counted failed by the caller
            results[i] = exc
    if fresh:
        loaded: list[Article] = []
        try:
            with session.begin_nested():
                pks = _bulk_insert_new(session, [p for _, p in fresh])
                for chunk in _chunks(pks):
                    loaded += session.scalars(select(Article).where(Article.id.in_(chunk))).all()
                by_pk = {a.id: a for a in loaded}
                pairs = [(by_pk[pk], p.item) for (_i, p), pk in zip(fresh, pks, strict=True)]
                linker = StoryLinker(
                    session, [(a, carried_fingerprint(item, a.body or "")) for a, item in pairs]
                )
                # in crawl order, as one by one: each article is matched against those before it
                for article, item in pairs:
                    on_article_stored(session, article, item, "new", linker=linker)
                linker.close()
            for i, _ in fresh:
                results[i] = "new"
        except Exception as exc:
            if _fatal_for_batch(exc):
                raise
            for article in loaded:  # rolled back: their ids may be taken again one by one
                if article in session:
                    session.expunge(article)
            slow.extend(i for i, _ in fresh)  # one by one: the bad one fails alone
    for i in sorted(slow):
        results[i] = _one(session, items[i], now)
    return [r if r is not None else ArticleDataError("not stored") for r in results]


def _fatal_for_batch(exc: BaseException) -> bool:
    """The database cannot be written, the connection is gone, or another writer won a conflict
    (PostgreSQL deadlock): the whole batch, not one article (the caller retries or stops)."""
    return (
        is_unwritable_error(exc)
        or bool(getattr(exc, "connection_invalidated", False))
        or is_transient_error(exc)
    )


def _one(session: Session, item: ArticleItem, now: datetime | None) -> StoreResult:
    try:
        return upsert_article(session, item, now=now)
    except Exception as exc:
        if _fatal_for_batch(exc):
            raise
        return exc
