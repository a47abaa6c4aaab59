"""``ExtractOrganizationsPipeline``: organisations and persons of the cleaned body, and where the story is."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.entities import apply_to_item


class ExtractOrganizationsPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item)
        self.inc("news/orgs/organizations", len(item.organizations))
        self.inc("news/orgs/persons", len(item.persons))
        self.inc("news/orgs/placed", 1 if item.place else 0)  # stories filed under a place
        return item
