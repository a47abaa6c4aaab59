"""``CsvItemExporter``: Scrapy's CSV exporter with lossless cells for nested values.

Scrapy joins a list with ``","`` and writes anything else with ``str()`` (a Python repr for a list of
dicts). Here a list or dict cell is JSON (UTF-8, not escaped), so ``paragraphs``, ``dates``,
``organizations`` and ``images`` read back with ``json.loads``; a datetime is ISO 8601 with offset.
Registered for ``csv`` in ``FEED_EXPORTERS`` (``crawler/settings.py``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.exporters import CsvItemExporter as ScrapyCsvItemExporter

__all__ = ["CsvItemExporter", "cell"]


def _default(value: Any) -> Any:
    if is_item(value):
        return ItemAdapter(value).asdict()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def cell(value: Any) -> Any:
    """One CSV cell: lists, dicts and items as JSON; datetimes as ISO 8601; scalars unchanged.

    >>> cell(["济南市卫生健康委员会", "中国人口学会"])
    '["济南市卫生健康委员会", "中国人口学会"]'
    >>> cell(3)
    3
    """
    if isinstance(value, list | tuple | dict) or is_item(value):
        return json.dumps(value, ensure_ascii=False, default=_default)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class CsvItemExporter(ScrapyCsvItemExporter):
    def _join_if_needed(self, value: Any) -> Any:
        return cell(value)
