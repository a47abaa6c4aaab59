"""``ExtractDatesPipeline``: date mentions of the cleaned body."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.dates import apply_to_item


class ExtractDatesPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item)
        self.inc("news/dates/mentions", len(item.dates))
        return item
