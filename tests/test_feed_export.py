"""Scrapy feed exports: ``scrapy crawl cnr -O out.jsonl`` / ``-O out.csv`` against the fixture site
carry every stored article with its fields, publication time (with offset), dates and organisations;
no raw bytes (which used to make every JSON item fail: an empty feed and exit 0)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.items import ArticleItem, RawPage
from tests.support.env import project_env, sql_rows
from tests.support.paths import FIXTURES, ROOT
from tests.support.servers import FixtureServer

SITE = FIXTURES / "cnr_site"
EXPECTED = {a["key"]: a for a in json.loads((SITE / "manifest.json").read_text("utf-8"))["articles"]}
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"]
NESTED = ("authors", "editors", "keywords", "paragraphs", "images", "dates", "organizations", "persons")


def crawl_to_feed(tmp: Path, base_url: str, suffix: str) -> tuple[Path, list[dict], str]:
    db, out = tmp / f"news-{suffix}.db", tmp / f"out.{suffix}"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "cnr", "-a", f"base={base_url}", "-O", str(out), *FAST],
        cwd=ROOT,
        env={**project_env(), "NEWS_DB_URL": f"sqlite:///{db}"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text("utf-8")
    if suffix == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    else:
        rows = list(csv.DictReader(text.splitlines()))
        for row in rows:  # nested values are JSON cells
            for name in NESTED:
                row[name] = json.loads(row[name])
    return db, rows, proc.stderr


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> dict[str, tuple[Path, list[dict], str]]:
    tmp = tmp_path_factory.mktemp("feeds")
    with FixtureServer(SITE) as site:
        return {suffix: crawl_to_feed(tmp, site.base_url, suffix) for suffix in ("jsonl", "csv")}


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_feed_has_every_stored_article_with_dates_and_organisations(feeds, suffix) -> None:
    db, rows, stderr = feeds[suffix]
    assert "TypeError" not in stderr and "Error processing" not in stderr, stderr[-3000:]
    by_key = {r["key"]: r for r in rows}
    stored = {
        k: (title, published)
        for k, title, published in sql_rows(db, "select key, title, published_at from articles")
    }
    assert set(stored) == set(EXPECTED) and set(by_key) == set(stored) and len(rows) == len(stored)
    for key, (title, published) in stored.items():
        row = by_key[key]
        assert row["title"] == title == EXPECTED[key]["title"]
        assert row["paragraphs"] == EXPECTED[key]["paragraphs"]
        assert "raw_pages" not in row and "body_z" not in row
        # the feed keeps the offset; the database keeps UTC: the same instant
        assert row["published_at"] == EXPECTED[key]["published_at"]
        assert datetime.fromisoformat(row["published_at"]) == datetime.fromisoformat(published).replace(
            tzinfo=UTC
        )
    orgs = {}
    for key, start, end, name in sql_rows(
        db,
        'select a.key, m.start, m."end", o.name from mentions m join articles a on a.id = m.article_pk '
        "join organizations o on o.id = m.organization_id",
    ):
        orgs.setdefault(key, set()).add((name, start, end))
    dates = {}
    for key, start, end, v0, v1 in sql_rows(
        db,
        'select a.key, d.start, d."end", d.value_start, d.value_end from date_mentions d '
        "join articles a on a.id = d.article_pk",
    ):
        dates.setdefault(key, set()).add((start, end, v0, v1))
    assert sum(map(len, orgs.values())) > 20 and sum(map(len, dates.values())) > 20
    for key, row in by_key.items():
        feed_orgs = {(o["name"], m["start"], m["end"]) for o in row["organizations"] for m in o["mentions"]}
        feed_dates = {(d["start"], d["end"], d["value_start"], d["value_end"]) for d in row["dates"]}
        assert feed_orgs == orgs.get(key, set()), key
        assert feed_dates == dates.get(key, set()), key
    jinan = next(r for r in rows if "托育" in r["title"])
    assert "济南市卫生健康委员会" in {o["name"] for o in jinan["organizations"]}


def test_raw_pages_ride_beside_the_item_not_in_its_fields() -> None:
    from dataclasses import asdict, fields

    from itemadapter import ItemAdapter

    page = RawPage(url="http://x/a", status=200, headers={}, body=b"\xff<html>", fetched_at=datetime.now(UTC))
    item = ArticleItem(url="http://x/a", canonical_url="http://x/a", site="x", key="k", raw_pages=[page])
    assert item.raw_pages == [page]  # the storage pipeline reads them here
    assert "raw_pages" not in {f.name for f in fields(item)}
    assert "raw_pages" not in ItemAdapter(item).asdict() and "raw_pages" not in asdict(item)
    assert b"\xff" not in repr(item).encode()
