"""Page-level metadata beside the text: ``<meta>`` tags, keywords, the article's images, its language."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from crawler.items import Image
from crawler.pages.generic.linetext import CJK_RE
from crawler.pages.pubtime.sources import meta_map

KEYWORD_SEP_RE = re.compile(r"[,，;；\s]+")
MAX_KEYWORDS = 30
IMAGE_SKIP_RE = re.compile(
    r"(?:^data:|\.svg(?:$|\?)|spacer|blank\.gif|pixel|icon|logo|loading|avatar|qrcode|erweima)", re.I
)
IMAGE_MIN_SIDE = 60  # images declared smaller than this (width or height) are icons
LANGUAGE_SAMPLE_CHARS = 2000
PAGE_META_ATTRS: tuple[str, ...] = ("name", "property", "itemprop")  # http-equiv is not page metadata
ZH_CJK_SHARE = 0.2  # a text with at least this share of CJK characters is Chinese


def meta_tags(tree: Any) -> dict[str, str]:
    """``<meta name|property|itemprop=… content=…>``, keys lower-cased, the first of each kept."""
    return meta_map(tree, PAGE_META_ATTRS)


def keywords(metas: dict[str, str]) -> list[str]:
    """``<meta name=keywords>`` split on commas, semicolons and spaces."""
    kw = metas.get("keywords") or ""
    return [k for k in KEYWORD_SEP_RE.split(kw) if k][:MAX_KEYWORDS]


def images(nodes: list[Any], base_url: str) -> list[Image]:
    """Content images under ``nodes`` (absolute http(s) URLs, once each; icons and logos skipped)."""
    out: list[Image] = []
    seen: set[str] = set()
    for node in nodes:
        for img in node.iter("img"):
            src = img.get("data-src") or img.get("data-original") or img.get("src") or ""
            src = src.strip()
            if not src or IMAGE_SKIP_RE.search(src):
                continue
            try:
                if (
                    int(img.get("width") or 999) < IMAGE_MIN_SIDE
                    or int(img.get("height") or 999) < IMAGE_MIN_SIDE
                ):
                    continue
            except ValueError:
                pass
            try:
                absolute = urljoin(base_url, src)
            except ValueError:
                continue
            if absolute in seen or not absolute.startswith(("http://", "https://")):
                continue
            seen.add(absolute)
            caption = (img.get("alt") or img.get("title") or "").strip()
            out.append(Image(src=absolute, caption=caption))
    return out


def language(tree: Any, text: str) -> str:
    """``zh`` for a mostly-Chinese text, else the page's ``lang`` (``und`` when unknown)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sample and len(CJK_RE.findall(sample)) >= ZH_CJK_SHARE * len(sample.replace(" ", "")):
        return "zh"
    lang = (tree.get("lang") or "").strip().lower()
    return lang.split("-")[0] if lang else ("zh" if not sample else "und")
