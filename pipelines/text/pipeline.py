"""``NormalizeTextPipeline``: the first item pipeline; cleans title and body in place."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.text import apply_to_item


def counts(item: ArticleItem) -> dict[str, int]:
    """The crawl's stats of a cleaned item: what each boilerplate rule removed."""
    return {f"news/text/removed/{name}": count for name, count in item.removed.items()}


class NormalizeTextPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        apply_to_item(item, t2s=self.settings.getbool("NEWS_T2S"))
        self.inc_all(counts(item))
        return item
