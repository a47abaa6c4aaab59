"""Date mentions (issue 4): every date the cleaned body mentions, with its calendar period.

``extract_dates`` (in ``mentions.py``, which runs the steps of the other modules) is the interface; ``apply_to_item`` fills ``item.dates``
from ``item.body`` and ``item.published_at`` (relative dates need it; without it only absolute
dates are reported).
"""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.dates.mentions import DateMention, extract_dates

__all__ = ["DateMention", "apply_to_item", "extract_dates"]


def apply_to_item(item: ArticleItem) -> None:
    """Fill ``item.dates`` from the cleaned body: ``[{text, start, end, value_start, value_end, granularity}]``."""
    item.dates = [m.to_dict() for m in extract_dates(item.body, item.published_at)]
