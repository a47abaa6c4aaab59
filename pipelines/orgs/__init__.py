"""Organisations and persons (issue 5). Placeholder: adds nothing."""

from __future__ import annotations

from crawler.items import ArticleItem


def apply_to_item(item: ArticleItem) -> None:
    """Fill ``item.organizations`` and ``item.persons`` from the cleaned body."""
    return None
