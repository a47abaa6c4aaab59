"""A tiny spider for the storage tests: ``/list.html`` links to ``/a/<n>.html``, each an article.

``-a base=URL``; ``-a bad=2,3`` makes those articles' publication time naive (the store refuses
them); an article numbered 9… is dated five hours ago (for ``refresh``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import scrapy

from crawler import requests as R
from crawler.constants import BEIJING
from crawler.items import ArticleItem, RawPage


class MiniSpider(scrapy.Spider):
    name = "mini"

    def __init__(self, base: str = "", bad: str = "", **kw: Any) -> None:
        super().__init__(**kw)
        self.base = base
        self.bad = set(filter(None, bad.split(",")))

    async def start(self) -> Any:
        yield scrapy.Request(f"{self.base}/list.html", meta=R.list_meta(), callback=self.parse)

    def parse(self, response: Any) -> Any:
        for href in response.css("a::attr(href)").getall():
            n = href.rsplit("/", 1)[-1].split(".")[0]
            yield response.follow(href, callback=self.parse_article, meta=R.article_meta(f"mini:{n}"))

    def parse_article(self, response: Any) -> Any:
        n = response.url.rsplit("/", 1)[-1].split(".")[0]
        published = datetime(2025, 5, 26, 16, 30, tzinfo=BEIJING)
        if n in self.bad:
            published = published.replace(tzinfo=None)  # naive: the store refuses it
        elif n.startswith("9"):
            published = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
                hours=5
            )
        yield ArticleItem(
            url=response.url,
            canonical_url=response.url,
            site="127.0.0.1",
            key=R.key_of(response.meta) or response.url,
            title=f"文章 {n}",
            published_at=published,
            paragraphs=response.css("p::text").getall(),
            raw_pages=[
                RawPage(
                    url=response.url,
                    status=response.status,
                    headers={k.decode(): v[0].decode() for k, v in response.headers.items()},
                    body=response.body,
                    fetched_at=datetime.now(UTC),
                )
            ],
        )
