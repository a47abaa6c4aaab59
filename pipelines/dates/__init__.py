"""Date mentions (issue 4). Placeholder: adds nothing."""

from __future__ import annotations

from crawler.items import ArticleItem


def apply_to_item(item: ArticleItem) -> None:
    """Fill ``item.dates`` from the cleaned body."""
    return None
