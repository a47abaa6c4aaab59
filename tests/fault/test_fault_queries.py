"""Fault suite, queries (issue 8): SQL-injection strings through every ``cnr-news`` query option.

A small database (three articles with organisations, persons and dates) is queried with each
hostile string in each user-supplied option of each query command. Asserted, per command:
no exception escapes and no SQL error reaches the user (exit status 0, 1 "not found" or 2 "bad
input", never a traceback), no extra rows (nothing in the data contains these strings, so every
answer is empty), and afterwards the schema, every table's row count and (SQLite)
``PRAGMA integrity_check`` are exactly as before. On SQLite and PostgreSQL (``module_db_url``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.constants import BEIJING
from crawler.items import ArticleItem, RawPage
from pipelines.cli import main as cli_main
from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.store import upsert_article
from tests.support.db_state import snapshot

INJECTIONS: tuple[str, ...] = (
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE articles; --",
    "1; DELETE FROM articles",
    "') OR ('a'='a",
    "' UNION SELECT name, sql, 1, 1, 1 FROM sqlite_master --",
    "'; ATTACH DATABASE 'pwn.db' AS pwn; --",
    "托育' OR 1=1 --",
    "1 OR 1=1",
    "%",
    "_",
    "%%' --",
    "\\",
    "*",
    '"',
    "NEAR(托育 卫健)",
    "title:托育 OR body:*",
    "托育 OR NOT 卫健",
    "^托育",
    "'; PRAGMA writable_schema=1; --",
    "０ OR １=１",
)

ORG = "济南市卫生健康委员会"
# answers with --about 托育 (every article): 3 hits, 2 organisations, 2 months, 3 events, 3 rows
ABOUT_TUOYU_ROWS = {"search": 3, "orgs": 2, "timeline": 2, "events": 3, "export": 3}
WORD_RE = re.compile(r"\w+")


def expected_rows(argv: list[str], s: str) -> int:
    """Rows a correct answer has: 0, except a search whose only word is 托育 (all 3 articles have it:
    ``^托育`` is a search for 托育 with punctuation, not an injection)."""
    only_tuoyu = set(WORD_RE.findall(unicodedata.normalize("NFKC", s))) == {"托育"}
    if argv[0] == "search" and argv[1] == s:
        return 3 if only_tuoyu else 0
    if "--about" in argv and only_tuoyu:  # --about ^托育 keeps every article (all say 托育)
        return ABOUT_TUOYU_ROWS[argv[0]]
    return 0


def _item(n: int, org: str, day: str) -> ArticleItem:
    url = f"http://www.cnr.cn/sd/20250520/t20250520_{700000 + n}.shtml"
    body0 = f"{org}5月20日发布托育服务信息，第{n}篇。"
    paragraphs = [body0, "家长可以通过线上平台查询托位和收费标准。"]
    published = datetime.fromisoformat(day).replace(tzinfo=BEIJING)
    return ArticleItem(
        url=url,
        canonical_url=url,
        site="cnr.cn",
        key=f"cnr:{700000 + n}",
        article_id=str(700000 + n),
        title=f"济南托育服务第{n}篇",
        published_at=published,
        paragraphs=paragraphs,
        raw_pages=[
            RawPage(url=url, status=200, headers={}, body=b"<html></html>", fetched_at=datetime.now(UTC))
        ],
        organizations=[
            {
                "name": org,
                "kind": "gov",
                "parent": None,
                "mentions": [{"text": org, "start": 0, "end": len(org)}],
            }
        ],
        persons=[{"name": "张三", "mentions": []}],
        dates=[
            {
                "text": "5月20日",
                "start": len(org),
                "end": len(org) + 5,
                "value_start": day[:10],
                "value_end": day[:10],
                "granularity": "day",
            }
        ],
    )


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:  # SQLite and PostgreSQL (tests/support/fixtures.py)
    engine = make_engine(module_db_url)
    with make_session_factory(engine).begin() as s:
        for n, (org, day) in enumerate(
            [
                (ORG, "2025-05-20T10:00:00"),
                ("济南市教育局", "2025-05-21T09:00:00"),
                (ORG, "2025-06-01T08:00:00"),
            ]
        ):
            upsert_article(s, _item(n, org, day))
    engine.dispose()
    return module_db_url


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = cli_main(argv)
    except SystemExit as exc:  # argparse rejects an option value: a clear usage error
        rc = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return rc, out, err


def assert_clean_answer(argv: list[str], rc: int, out: str, err: str, expected: int = 0) -> None:
    shown = f"{argv}: rc={rc} stderr={err[-300:]!r}"
    assert rc in (0, 1, 2), shown
    for marker in ("Traceback", "OperationalError", "ProgrammingError", "sqlite3.", "syntax error", "fts5"):
        assert marker not in err and marker not in out, shown
    if rc == 0:
        rows = json.loads(out)
        n = len(rows) if isinstance(rows, list) else len(rows.get("months", rows.get("rows", [])) or [])
        assert n == expected, f"{shown}: {n} rows returned, {expected} expected"


def commands(db: str, s: str) -> list[list[str]]:
    """Every query command with ``s`` in each option a user fills in."""
    common = ["--db", db, "--format", "json"]
    filters = [["--site", s], ["--org", s], ["--since", s], ["--until", s], ["--about", s]]
    out = [["search", s, *common]]
    out += [["search", "托育", *common, *f] for f in filters]
    out += [["show", s, *common]]
    out += [["orgs", *common, "--like", s]]
    out += [["orgs", *common, *f] for f in filters]
    out += [["timeline", s, *common]]
    out += [["timeline", ORG, *common, *f] for f in filters]
    out += [
        ["events", "--between", s, "2025-06-30", *common],
        ["events", "--between", "2025-05-01", s, *common],
    ]
    out += [["events", "--between", "2025-05-01", "2025-06-30", *common, *f] for f in filters]
    out += [["export", "--db", db, "--format", "json", *f] for f in filters]
    out += [["runs", *common, "--limit", s]]
    return out


@pytest.mark.slow
def test_sql_injection_through_every_query_option(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # a string taken as a file name must not land in the repository
    before = snapshot(db)
    assert before[2] == "ok"
    # sanity: the same commands with ordinary values do find rows (so "no rows" below means something)
    rc, out, _ = run_cli(["search", "托育", "--db", db, "--format", "json"], capsys)
    assert rc == 0 and len(json.loads(out)) == 3
    rc, out, _ = run_cli(["orgs", "--db", db, "--format", "json", "--like", "卫生"], capsys)
    assert rc == 0 and len(json.loads(out)) == 1

    n = 0
    for s in INJECTIONS:
        for argv in commands(db, s):
            rc, out, err = run_cli(argv, capsys)
            if argv[0] == "search" and argv[1] == "托育" and rc == 0:
                # a filter with a hostile value: never more than the 3 real matches, and here none
                assert len(json.loads(out)) == expected_rows(argv, s), (argv, out[:200])
            else:
                assert_clean_answer(argv, rc, out, err, expected_rows(argv, s))
            n += 1
    assert n >= len(INJECTIONS) * 20
    assert snapshot(db) == before, "the database changed under read-only queries"
    assert not list(tmp_path.iterdir()), "a query created a file"
