"""``ItemGuardPipeline``: the first item pipeline; size caps and control characters
(:mod:`pipelines.guard`). Setting: ``NEWS_MAX_BODY_CHARS`` (0: no cap). Stats: ``news/guard/body_cut``,
``news/guard/title_cut``, ``news/guard/control_chars``."""

from __future__ import annotations

import logging

from crawler.items import ArticleItem
from pipelines.base import CrawlerPipeline
from pipelines.guard import DEFAULT_MAX_BODY_CHARS, apply_to_item

log = logging.getLogger(__name__)


class ItemGuardPipeline(CrawlerPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        limit = self.settings.getint("NEWS_MAX_BODY_CHARS", DEFAULT_MAX_BODY_CHARS)
        done = apply_to_item(item, limit)
        for what, n in done.items():
            self.inc(f"news/guard/{what}", n)
        if done["body_cut"]:
            log.warning("body cut at NEWS_MAX_BODY_CHARS=%d characters: %s", limit, item.url)
        return item
