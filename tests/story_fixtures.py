"""The story fixture set (fixtures/stories/): articles as the crawler would hand them to storage.

Each article's page text goes through the normaliser (glosses, widgets and boilerplate removed,
``来源`` read) as in a crawl; ``html`` (when given) is its raw page. Used by tests/test_stories.py and
benchmarks/stories.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.items import ArticleItem, RawPage
from crawler.pages.cnr.urls import article_key
from pipelines.text import apply_to_item

STORIES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "stories"
FETCHED = datetime(2025, 6, 10, tzinfo=UTC)


def load_articles() -> list[dict[str, Any]]:
    return json.loads((STORIES_DIR / "articles.json").read_text(encoding="utf-8"))


def load_expected() -> dict[str, Any]:
    return json.loads((STORIES_DIR / "expected.json").read_text(encoding="utf-8"))


def make_item(a: dict[str, Any]) -> ArticleItem:
    """The normalised item of one fixture article."""
    url = a["url"]
    item = ArticleItem(
        url=url,
        canonical_url=url,
        site=a["site"],
        key=article_key(url) or url,
        title=a["title"],
        published_at=datetime.fromisoformat(a["published_at"]) if a.get("published_at") else None,
        source=a.get("source"),
        paragraphs=[line for line in a["text"].split("\n") if line.strip()],
        template="generic",
    )
    html = a.get("html")
    body = html.encode("utf-8") if html else a["text"].encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8" if html else "text/plain; charset=utf-8"}
    item.raw_pages = [RawPage(url=url, status=200, headers=headers, body=body, fetched_at=FETCHED)]
    apply_to_item(item)
    return item
