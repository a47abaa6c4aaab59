"""Page objects: URL + bytes in, :class:`crawler.items.ArticleItem` out. No engine, no I/O.

- :func:`page_object_for` (:mod:`.registry`) — the one place that picks the page object for a URL;
- :mod:`.cnr` — CNR's page object, selectors (data) and URL rules;
- :mod:`.generic` — the extractor for any Chinese news page;
- :mod:`.pubtime` — the publication-time chain both use;
- :mod:`.encoding` — bytes to text (every page is decoded there); :mod:`.sites` — site names.
"""

from crawler.pages.base import PageObject
from crawler.pages.registry import REGISTRY, page_object_for

__all__ = ["REGISTRY", "PageObject", "page_object_for"]
