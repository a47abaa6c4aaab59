"""Shared shape of our Scrapy item pipelines: one job each, settings from ``from_crawler``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from scrapy.crawler import Crawler


class CrawlerPipeline:
    """Keeps the crawler (Scrapy >= 2.14: ``process_item(self, item)`` gets no spider)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def inc_all(self, counts: Mapping[str, int]) -> None:
        """Add a step's counts (its ``counts(item)``: the step pipeline and the enrichment pool
        count the same keys from the same function)."""
        for key, count in counts.items():
            self.inc(key, count)

    def process_item(self, item: Any) -> Any:  # pragma: no cover - overridden
        return item
