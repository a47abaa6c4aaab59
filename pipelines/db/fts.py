"""Full-text index of titles and bodies (SQLite FTS5), kept in sync by the storage layer.

SQLite's tokenizers do not segment Chinese, so the index is fed with text prepared here, as
space-separated tokens (FTS5's ``unicode61`` tokenizer then only splits on the spaces):

- ``*_grams`` columns: every run of Han characters as overlapping character bigrams, plus the
  run's last character alone (``托育服务`` → ``托育 育服 服务 务``); runs of other letters/digits
  as lower-cased words. Any Han string of two or more characters is then the *phrase* of its
  bigrams (consecutive positions = a substring of one run), and a single character is a prefix
  query (``"托"*``): every occurrence of a character starts exactly one token.
- Both, and queries, read traditional Chinese as simplified (:func:`normalize`): one query finds an
  article in either script.
- ``*_words`` columns: jieba's search-mode segmentation (words of two or more Han characters),
  so an article where the term is a real word scores higher (bm25 column weights below) than one
  where the characters merely sit side by side (``托育`` in ``…托育…`` vs ``委托育儿``).

The FTS table is *contentless* (``content=''``: only the index is stored, snippets are built
from ``articles.body``), with ``rowid`` = ``articles.id``. The SQLite shipped with Python 3.11
(3.40) cannot delete rows of a contentless table by rowid (``contentless_delete`` came in 3.43):
FTS5's ``'delete'`` command needs the exact tokens that were indexed. So each indexed article has
a row in ``articles_fts_state`` with a digest of the text and the zlib-compressed tokens; an
update re-indexes only when the digest changed (a re-sync of unchanged text costs one lookup).

Queries build MATCH expressions with :func:`build_match`: every token is made of letters/digits
only and double-quoted, so user input can never be FTS5 syntax (and it is bound as a parameter).

PostgreSQL: the same tokens in a ``tsvector`` with a GIN index (:mod:`pipelines.db.pg_search`);
other backends: everything here is a no-op and ``pipelines.db.query`` falls back to ``LIKE``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from pipelines.segment import cut_for_search
from pipelines.text.t2s import to_simplified

log = logging.getLogger(__name__)

FTS_TABLE = "articles_fts"
STATE_TABLE = "articles_fts_state"
COLUMNS = ("title_words", "title_grams", "body_words", "body_grams")
# bm25 weights, in COLUMNS order: a title hit beats a body hit, a word hit beats a bigram hit.
RANK_WEIGHTS = (8.0, 4.0, 2.0, 1.0)
# version of the token preparation; stored per article so a changed scheme can be detected
# (2: traditional script indexed as simplified; ``cnr-news db reindex`` brings an index of 1 up to date)
SCHEME = 2
_SEP = "\x1f"  # between the four column strings in the stored token blob

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# a run of Han characters, or a run of other letters/digits (Latin, kana, hangul, digits …)
SEGMENT_RE = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+)")
# longest Han run used from a query (longer runs are cut: a phrase of 63 bigrams is plenty)
MAX_QUERY_RUN = 64
MAX_QUERY_SEGMENTS = 16

_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    + ", ".join(COLUMNS)
    + ", content='', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} ("
    "article_pk INTEGER PRIMARY KEY, scheme INTEGER NOT NULL, digest TEXT NOT NULL, tokens_z BLOB NOT NULL)",
)


# --- text preparation -----------------------------------------------------------------------------


def normalize(s: str) -> str:
    """NFKC (full-width letters/digits to ASCII), lower case, and traditional Chinese read as simplified
    (OpenCC ``t2s``): the same for text and queries, so ``醫院`` finds ``医院`` and the other way."""
    return to_simplified(_fold(s))


def _fold(s: str) -> str:
    """NFKC and lower case: :func:`normalize` with the script as written (what ``LIKE`` looks for)."""
    return unicodedata.normalize("NFKC", s or "").lower()


def gram_tokens(s: str) -> list[str]:
    """Bigrams (+ last character) of Han runs, other letter/digit runs whole; ``s`` normalised."""
    out: list[str] = []
    for m in SEGMENT_RE.finditer(s):
        run = m.group(1)
        if run is None:
            out.append(m.group(2))
            continue
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return out


_HAN_WORD_RE = re.compile(rf"[{HAN}]{{2,}}")


def word_tokens(s: str) -> list[str]:
    """jieba search-mode words of two or more Han characters; ``s`` normalised."""
    if not s:
        return []
    match = _HAN_WORD_RE.fullmatch
    return [w for w in cut_for_search(s) if len(w) > 1 and match(w)]


def prepare(title: str, body: str) -> tuple[str, str, str, str]:
    """The four column strings (see COLUMNS) for one article."""
    t, b = normalize(title), normalize(body)
    return (
        " ".join(word_tokens(t)),
        " ".join(gram_tokens(t)),
        " ".join(word_tokens(b)),
        " ".join(gram_tokens(b)),
    )


# A plain attribute on an item: (title, body, prepare(title, body)) made off the reactor (a worker
# process, pipelines.enrich); the store uses it when title and body are still the same.
PREPARED_ATTR = "news_fts_prepared"
Columns = tuple[str, str, str, str]


def attach_prepared(obj: object, title: str, body: str, columns: Columns) -> None:
    setattr(obj, PREPARED_ATTR, (title, body, columns))


def carried_prepared(obj: object, title: str, body: str) -> Columns | None:
    """The columns attached to ``obj`` by :func:`attach_prepared`, if made for this title and body."""
    carried = getattr(obj, PREPARED_ATTR, None)
    if carried is not None and carried[0] == title and carried[1] == body:
        return carried[2]  # type: ignore[no-any-return]
    return None


def digest(title: str, body: str) -> str:
    return hashlib.sha1(f"{SCHEME}\x00{title or ''}\x00{body or ''}".encode()).hexdigest()


def query_segments(query: str, *, simplified: bool = True) -> list[tuple[str, bool]]:
    """The searchable pieces of a query, normalised: (Han run, True) or (letter/digit run, False);
    with ``simplified`` false, Chinese as the query wrote it (what ``LIKE`` looks for in the text)."""
    segs = []
    folded = normalize(query) if simplified else _fold(query)
    for m in SEGMENT_RE.finditer(folded):
        if m.group(1):
            segs.append((m.group(1)[:MAX_QUERY_RUN], True))
        else:
            segs.append((m.group(2), False))
        if len(segs) >= MAX_QUERY_SEGMENTS:
            break
    return segs


def _quote(token: str) -> str:
    # tokens hold letters/digits only (SEGMENT_RE), so they cannot contain '"'; belt and braces:
    return '"' + token.replace('"', '""') + '"'


def build_match(query: str) -> str | None:
    """A safe FTS5 MATCH expression: every piece of the query must occur (AND).

    A Han run of n ≥ 2 characters → the phrase of its bigrams, OR the run as one jieba word (for
    ranking); one character → a prefix query; other runs → the lower-cased word. ``None`` when
    the query has nothing searchable (only punctuation/space).
    """
    parts = []
    for seg, is_han in query_segments(query):
        if is_han:
            if len(seg) == 1:
                parts.append(_quote(seg) + " *")
            elif len(seg) == 2:
                parts.append(_quote(seg))
            else:
                grams = " ".join(seg[i : i + 2] for i in range(len(seg) - 1))
                parts.append(f"({_quote(grams)} OR {_quote(seg)})")
        else:
            parts.append(_quote(seg))
    return " AND ".join(parts) if parts else None


# --- the index ------------------------------------------------------------------------------------


def _is_sqlite(bind: Connection) -> bool:
    return bind.dialect.name == "sqlite"


def fts_exists(conn: Connection) -> bool:
    """Whether this (SQLite) database has the full-text index."""
    if not _is_sqlite(conn):
        return False
    row = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
    ).first()
    return row is not None


def ensure_index(conn: Connection) -> bool:
    """Create the index if missing (and fill it from ``articles`` if there are any); False without
    FTS5. The schema as a whole is :mod:`pipelines.db.schema`'s; this is how it (and a write to a
    database that lacks the index) makes the index."""
    if not _is_sqlite(conn):
        return False
    if fts_exists(conn):
        return True
    try:
        for ddl in _DDL:
            conn.exec_driver_sql(ddl)
    except OperationalError as exc:  # SQLite built without FTS5
        log.warning("full-text index unavailable (%s): search falls back to LIKE", exc)
        return False
    weights = ", ".join(str(w) for w in RANK_WEIGHTS)
    conn.execute(
        text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', :r)"),
        {"r": f"bm25({weights})"},
    )
    has_articles = (
        conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='articles'")).first()
        and conn.execute(text("SELECT 1 FROM articles LIMIT 1")).first()
    )
    if has_articles:
        n = _rebuild(conn)
        log.info("full-text index created for %d existing articles", n)
    return True


def _delete_tokens(conn: Connection, article_pk: int, tokens_z: bytes) -> None:
    cols = zlib.decompress(tokens_z).decode("utf-8").split(_SEP)
    names = ", ".join(COLUMNS)
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {names}) VALUES ('delete', :pk, :c0, :c1, :c2, :c3)"
        ),
        {"pk": article_pk, **{f"c{i}": c for i, c in enumerate(cols)}},
    )


def _index(
    conn: Connection, rows: Iterable[tuple[int, str, str]], prepared: dict[int, Columns] | None = None
) -> int:
    """Insert (article_pk, title, body) rows that are not in the index yet (``prepared``: columns
    already made for some of them, by article_pk)."""
    names = ", ".join(COLUMNS)
    ins_fts = text(f"INSERT INTO {FTS_TABLE}(rowid, {names}) VALUES (:pk, :c0, :c1, :c2, :c3)")
    ins_state = text(
        f"INSERT OR REPLACE INTO {STATE_TABLE}(article_pk, scheme, digest, tokens_z) VALUES (:pk, :s, :d, :z)"
    )
    n = 0
    batch_fts: list[dict] = []
    batch_state: list[dict] = []
    for pk, title, body in rows:
        cols = (prepared or {}).get(pk) or prepare(title, body)
        batch_fts.append({"pk": pk, **{f"c{i}": c for i, c in enumerate(cols)}})
        blob = zlib.compress(_SEP.join(cols).encode("utf-8"), 6)
        batch_state.append({"pk": pk, "s": SCHEME, "d": digest(title, body), "z": blob})
        n += 1
        if len(batch_fts) >= 200:
            conn.execute(ins_fts, batch_fts)
            conn.execute(ins_state, batch_state)
            batch_fts, batch_state = [], []
    if batch_fts:
        conn.execute(ins_fts, batch_fts)
        conn.execute(ins_state, batch_state)
    return n


def _sync(conn: Connection, article_pk: int, title: str, body: str, prepared: Columns | None = None) -> None:
    if not ensure_index(conn):
        return
    old = conn.execute(
        text(f"SELECT digest, tokens_z FROM {STATE_TABLE} WHERE article_pk = :pk"), {"pk": article_pk}
    ).first()
    if old is not None:
        if old.digest == digest(title, body):
            return
        _delete_tokens(conn, article_pk, old.tokens_z)
    _index(conn, [(article_pk, title or "", body or "")], {article_pk: prepared} if prepared else None)


def sync_many(session: Session, rows: list[tuple[int, str, str, Columns | None]]) -> None:
    """:func:`sync_article` for many (article_pk, title, body, prepared columns or None) at once:
    one lookup of the stored state, one insert of the new index rows (the bulk store's path)."""
    conn = _session_conn(session)
    if not rows or not _is_sqlite(conn) or not ensure_index(conn):
        return
    pks = [r[0] for r in rows]
    old = {
        int(r.article_pk): r
        for r in conn.execute(
            text(
                f"SELECT article_pk, digest, tokens_z FROM {STATE_TABLE} WHERE article_pk IN ({', '.join(map(str, pks))})"
            )
        )
    }
    todo: list[tuple[int, str, str]] = []
    prepared: dict[int, Columns] = {}
    for pk, title, body, cols in rows:
        title, body = title or "", body or ""
        prev = old.get(pk)
        if prev is not None:
            if prev.digest == digest(title, body):
                continue
            _delete_tokens(conn, pk, prev.tokens_z)
        todo.append((pk, title, body))
        if cols is not None:
            prepared[pk] = cols
    _index(conn, todo, prepared)


def _session_conn(session: Session | Connection) -> Connection:
    return session if isinstance(session, Connection) else session.connection()


def sync_article(
    session: Session, article_pk: int, title: str, body: str, prepared: Columns | None = None
) -> None:
    """(Re)index one article inside the caller's transaction (no-op when the text is unchanged);
    ``prepared``: :func:`prepare`'s columns for this title and body, when already made."""
    conn = _session_conn(session)
    if _is_sqlite(conn):
        _sync(conn, article_pk, title, body, prepared)


def delete_article(session: Session, article_pk: int) -> None:
    """Remove one article from the index inside the caller's transaction."""
    conn = _session_conn(session)
    if not fts_exists(conn):
        return None
    old = conn.execute(
        text(f"SELECT tokens_z FROM {STATE_TABLE} WHERE article_pk = :pk"), {"pk": article_pk}
    ).first()
    if old is not None:
        _delete_tokens(conn, article_pk, old.tokens_z)
        conn.execute(text(f"DELETE FROM {STATE_TABLE} WHERE article_pk = :pk"), {"pk": article_pk})
    return None


def _iter_articles(conn: Connection, batch: int = 500) -> Iterator[tuple[int, str, str]]:
    last = 0
    while True:
        rows = conn.execute(
            text("SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": batch},
        ).all()
        if not rows:
            return
        for r in rows:
            yield int(r.id), r.title or "", r.body or ""
        last = int(rows[-1].id)


def _rebuild(conn: Connection) -> int:
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')"))
    conn.execute(text(f"DELETE FROM {STATE_TABLE}"))
    # read in keyset-paginated chunks: no cursor stays open on articles while the index is written
    n = 0
    chunk: list[tuple[int, str, str]] = []
    for row in _iter_articles(conn):
        chunk.append(row)
        if len(chunk) >= 500:
            n += _index(conn, chunk)
            chunk = []
    n += _index(conn, chunk)
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
    return n


def rebuild(session: Session | Connection) -> int:
    """Re-index every article from ``articles`` (existing databases, or a changed scheme).

    Runs in the caller's transaction; returns the number of articles indexed (0 without FTS5).
    """
    conn = _session_conn(session)
    if not _is_sqlite(conn) or not ensure_index(conn):
        return 0
    return _rebuild(conn)


def needs_rebuild(conn: Connection) -> bool:
    """True when some article is missing from the index or was indexed with another scheme."""
    if not fts_exists(conn):
        return False
    row = conn.execute(
        text(
            f"SELECT (SELECT count(*) FROM articles) <> (SELECT count(*) FROM {STATE_TABLE}) "
            f"OR EXISTS (SELECT 1 FROM {STATE_TABLE} WHERE scheme <> :s)"
        ),
        {"s": SCHEME},
    ).scalar()
    return bool(row)
