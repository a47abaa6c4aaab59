"""``StoragePipeline`` (issue 2): placeholder that passes items through."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline


class StoragePipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        return item
