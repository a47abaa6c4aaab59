"""A minimal spider for robots.txt tests: requests every URL in ``-a urls=U1,U2`` at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy


class ProbeSpider(scrapy.Spider):
    name = "robots_probe"

    def __init__(self, urls: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.probe_urls = [u for u in urls.split(",") if u]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for u in self.probe_urls:
            yield scrapy.Request(u, callback=self.parse, dont_filter=True)

    def parse(self, response: scrapy.http.Response) -> None:
        self.crawler.stats.inc_value("probe/fetched")
