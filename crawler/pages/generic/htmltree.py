"""From decoded text to an lxml tree, cheaply and without surprises: binary bodies are recognised,
huge documents cut, stray ``</html>``/``</body>`` tags ignored (as browsers do)."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

MAX_HTML_CHARS = 4_000_000  # bigger documents are cut (DOWNLOAD_MAXSIZE is 10 MiB anyway)
BINARY_CONTROL_RATIO = 0.05  # share of C0 control characters that marks a body as binary
BINARY_SNIFF_CHARS = 4096  # how much of the text is looked at for control characters
END_TAG_RE = re.compile(r"</(?:html|body)\s*>", re.I)
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def looks_binary(text: str) -> bool:
    """The decoded text starts with too many control characters to be a web page."""
    head = text[:BINARY_SNIFF_CHARS]
    return bool(head) and len(CONTROL_RE.findall(head)) > BINARY_CONTROL_RATIO * len(head)


def parse_tree(text: str) -> Any | None:
    """The document's root element, or None when lxml cannot parse it."""
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    # libxml2 drops everything after a stray </html> (pages assembled from includes have several);
    # browsers ignore them, and so do we.
    text = END_TAG_RE.sub("", text)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
