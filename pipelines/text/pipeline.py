"""``NormalizeTextPipeline``: the first item pipeline; cleans title and body in place."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.text import apply_to_item


class NormalizeTextPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item, t2s=self.settings.getbool("NEWS_T2S"))
        for name, count in item.removed.items():
            self.inc(f"news/text/removed/{name}", count)
        return item
