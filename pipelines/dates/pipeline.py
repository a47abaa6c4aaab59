"""``ExtractDatesPipeline``: date mentions of the cleaned body."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.dates import apply_to_item


def counts(item: ArticleItem) -> dict[str, int]:
    """The crawl's stats of an item with its dates."""
    return {"news/dates/mentions": len(item.dates)}


class ExtractDatesPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item)
        self.inc_all(counts(item))
        return item
