"""CSS and XPath selectors from the data modules, compiled once and run on lxml trees directly.

A page object asks some fifty selectors of every page. Through parsel each call translates the CSS,
compiles the XPath afresh and wraps every node it finds in a new ``Selector``; together that was the
largest part of a CNR page's parse (0.55 of 0.99 ms). Here a selector is translated and compiled the
first time it is used (``etree.XPath`` objects are reusable and thread-safe to evaluate) and its
result is lxml's own: elements, or strings for ``::text`` / ``::attr(…)`` / ``text()`` / ``@attr``.

A selector that does not compile (a typo in a data module), or compiles but fails when evaluated (an
unknown function), is logged once and matches nothing: it must not break a crawl. EXSLT regular
expressions (``re:test(...)``) are available under the ``re`` prefix, as in parsel.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from lxml import etree
from parsel.csstranslator import css2xpath

log = logging.getLogger(__name__)

# parsel registers EXSLT regular expressions under ``re``; selectors written for parsel may use them
NAMESPACES = {"re": "http://exslt.org/regular-expressions"}

_failed: set[str] = set()  # selectors whose evaluation failed, each logged once


@lru_cache(maxsize=1024)
def compiled_xpath(query: str) -> etree.XPath | None:
    """``query`` (XPath 1.0) compiled, or ``None`` (logged once) when it is not valid XPath."""
    try:
        return etree.XPath(query, namespaces=NAMESPACES, smart_strings=False)
    except etree.XPathError:
        log.warning("bad selector (XPath) %r", query)
        return None


@lru_cache(maxsize=1024)
def compiled_css(query: str) -> etree.XPath | None:
    """``query`` (CSS with parsel's ``::text`` / ``::attr(name)``) compiled, or ``None`` (logged once)."""
    try:
        xpath = css2xpath(query)
    except Exception:  # noqa: BLE001 - cssselect raises several kinds of error for a bad selector
        log.warning("bad selector (CSS) %r", query)
        return None
    return compiled_xpath(xpath)


def _run(xp: etree.XPath | None, node: etree._Element, query: str) -> list[Any]:
    if xp is None:
        return []
    try:
        result = xp(node)
    except etree.XPathError:  # compiles, but cannot be evaluated (an unknown function, a bad prefix)
        if query not in _failed:
            _failed.add(query)
            log.warning("bad selector (evaluation) %r", query)
        return []
    return result if isinstance(result, list) else [result]


def css(node: etree._Element, query: str) -> list[Any]:
    """What ``query`` (CSS) matches under ``node`` (itself included): elements or strings."""
    return _run(compiled_css(query), node, query)


def xpath(node: etree._Element, query: str) -> list[Any]:
    """What ``query`` (XPath) matches from ``node``: elements, strings, or one number/boolean."""
    return _run(compiled_xpath(query), node, query)


def text_of(node: Any) -> str:
    """A matched node's text: an element's text nodes joined by spaces (comments left out), a
    string as it is."""
    if isinstance(node, str):
        return node
    if isinstance(node.tag, str):
        return " ".join(node.itertext())
    return ""
