"""``ExtractOrganizationsPipeline``: organisations and persons of the cleaned body, and where the story is."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.entities import apply_to_item


def counts(item: ArticleItem) -> dict[str, int]:
    """The crawl's stats of an item with its entities: ``placed`` counts stories filed under a place."""
    return {
        "news/orgs/organizations": len(item.organizations),
        "news/orgs/persons": len(item.persons),
        "news/orgs/placed": 1 if item.place else 0,
    }


class ExtractOrganizationsPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item)
        self.inc_all(counts(item))
        return item
