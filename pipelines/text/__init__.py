"""Text normalisation (issue 3). Placeholder: passes items through unchanged."""

from __future__ import annotations

from crawler.items import ArticleItem


def apply_to_item(item: ArticleItem, *, t2s: bool = False) -> None:
    """Clean ``item``'s title and paragraphs in place."""
    return None
