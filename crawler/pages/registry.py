"""Which page object reads a page: the one place that decides. The spiders, ``cnr-news extract`` and
``cnr-news reprocess`` all ask :func:`page_object_for`.

Site page objects come first, each claiming its own URLs (and, for saved files with no URL, pages
that look like its own); the generic extractor claims everything else. A new site is one folder
under ``crawler/pages/`` and one line in :data:`REGISTRY`.
"""

from __future__ import annotations

from crawler.pages.base import PageObject
from crawler.pages.cnr.page import PAGE_OBJECT as CNR
from crawler.pages.generic.page import PAGE_OBJECT as GENERIC

# Tried in order; the first that claims the page wins. GENERIC claims every page: keep it last.
REGISTRY: tuple[PageObject, ...] = (CNR, GENERIC)


def page_object_for(url: str, body: bytes | str = b"") -> PageObject:
    """The page object for the page at ``url`` (``body``: its bytes, when known)."""
    for page_object in REGISTRY:
        if page_object.claims(url, body):
            return page_object
    return GENERIC
