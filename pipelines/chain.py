"""The item pipelines' pure core, in crawl order, for callers without Scrapy
(``cnr-news extract``, ``cnr-news reprocess``, benchmarks).

The Scrapy pipeline classes call the same functions, one step each.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.items import ArticleItem
from pipelines.dates import apply_to_item as add_dates
from pipelines.entities import apply_to_item as add_entities
from pipelines.guard import DEFAULT_MAX_BODY_CHARS
from pipelines.guard import apply_to_item as guard
from pipelines.text import apply_to_item as normalize


@dataclass(frozen=True)
class ChainOptions:
    t2s: bool = False  # Traditional -> Simplified (NEWS_T2S)
    max_body_chars: int = DEFAULT_MAX_BODY_CHARS  # NEWS_MAX_BODY_CHARS (0: no cap)


def process_article(item: ArticleItem, options: ChainOptions | None = None) -> ArticleItem:
    """Cap sizes and remove control characters, normalise text, then add date mentions and
    organisations/persons. Mutates and returns ``item``."""
    options = options or ChainOptions()
    guard(item, options.max_body_chars)
    normalize(item, t2s=options.t2s)
    add_dates(item)
    add_entities(item)
    return item
