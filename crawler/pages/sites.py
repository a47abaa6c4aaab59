"""URL identity of a page: the site it belongs to and its canonical URL (no I/O)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

# tracking parameters dropped from canonical URLs
TRACKING_PARAM_RE = re.compile(r"^(?:utm_\w+|spm|from|share_token|tt_from|wxshare_count)$", re.I)

# Offline public-suffix lookup (the snapshot bundled with tldextract; never fetched).
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str) -> str:
    """Registered host family: ``news.cnr.cn`` -> ``cnr.cn``, ``www.sd.gov.cn`` -> ``sd.gov.cn``."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if not host:
        return ""
    ext = _TLD(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host


def canonical_url(url: str) -> str:
    """The URL without fragment or tracking parameters, with a lower-cased scheme and host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM_RE.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
