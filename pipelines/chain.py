"""The item pipelines' pure core, in crawl order, for callers without Scrapy
(``cnr-news extract``, ``cnr-news reprocess``, benchmarks).

The Scrapy pipeline classes call the same functions, one step each.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.items import ArticleItem
from pipelines.dates import apply_to_item as add_dates
from pipelines.entities import apply_to_item as add_entities
from pipelines.text import apply_to_item as normalize


@dataclass(frozen=True)
class ChainOptions:
    t2s: bool = False  # Traditional -> Simplified (NEWS_T2S)


def process_article(item: ArticleItem, options: ChainOptions | None = None) -> ArticleItem:
    """Normalise text, then add date mentions and organisations/persons. Mutates and returns ``item``."""
    options = options or ChainOptions()
    normalize(item, t2s=options.t2s)
    add_dates(item)
    add_entities(item)
    return item
