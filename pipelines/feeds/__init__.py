"""Scrapy feed exports (``scrapy crawl cnr -O items.jsonl`` / ``-O items.csv`` / ``FEEDS``).

The item is exportable as it is: raw response bytes are not one of its fields (see
:class:`crawler.items.ArticleItem`), datetimes export as ISO 8601 with their offset (field
serializer), and :class:`pipelines.feeds.csv_exporter.CsvItemExporter` writes nested values
(paragraphs, dates, organisations …) as JSON in their CSV cell.
"""

__all__: list[str] = []
