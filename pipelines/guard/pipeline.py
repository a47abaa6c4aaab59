"""``ItemGuardPipeline``: the first item pipeline; size caps and control characters
(:mod:`pipelines.guard`). Setting: ``NEWS_MAX_BODY_CHARS`` (0: no cap). Stats: ``news/guard/body_cut``,
``news/guard/title_cut``, ``news/guard/control_chars``."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler.constants import max_body_chars
from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.guard import apply_to_item

log = logging.getLogger(__name__)


class ItemGuardPipeline(CrawlerPipeline):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.limit = max_body_chars(self.settings)  # the spiders' page objects read the same value

    def process_item(self, item: ArticleItem) -> ArticleItem:
        done = apply_to_item(item, self.limit)
        for what, n in done.items():
            self.inc(f"news/guard/{what}", n)
        if done["body_cut"]:
            log.warning("body cut at NEWS_MAX_BODY_CHARS=%d characters: %s", self.limit, item.url)
        return item
