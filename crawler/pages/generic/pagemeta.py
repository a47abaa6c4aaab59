"""Page-level metadata beside the text: ``<meta>`` tags, keywords, the article's images, its language."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from crawler.items import Image
from crawler.pages.generic.linetext import CJK_RE
from crawler.pages.generic.selectors import CAPTION_MAX_CHARS, CAPTION_NAME_RE, CAPTION_TAGS, WHITESPACE_RE
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
ESCAPED_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,300}>")
CAPTION_LEVELS = 3  # how far above an image a caption block after its wrapper is looked for
FIGURE_LEVELS = 6  # how far above an image its <figure> is looked for


def _is_caption(el: Any) -> bool:
    return isinstance(el.tag, str) and (
        el.tag in CAPTION_TAGS or bool(CAPTION_NAME_RE.search(el.get("class") or ""))
    )


def _text(el: Any) -> str:
    # some pages put escaped markup in their captions ("&lt;a href=…&gt;"): the tags go
    text = WHITESPACE_RE.sub(" ", ESCAPED_TAG_RE.sub("", el.text_content())).strip()
    return text if len(text) <= CAPTION_MAX_CHARS else ""


def image_caption(img: Any) -> str:
    """The caption of ``img``: its ``<figure>``'s ``<figcaption>``, else a caption block (``<figcaption>``,
    ``class="pic-text"`` …) right after it or after its wrapper, else its ``alt``/``title``."""
    node = img
    for level in range(FIGURE_LEVELS):
        parent = node.getparent()
        if parent is None:
            break
        if parent.tag == "figure":
            cap = next(parent.iter("figcaption"), None)
            if cap is not None and _text(cap):
                return _text(cap)
        sib = node.getnext()
        if level < CAPTION_LEVELS and sib is not None and _is_caption(sib) and _text(sib):
            return _text(sib)
        node = parent
    alt = ESCAPED_TAG_RE.sub("", img.get("alt") or img.get("title") or "")
    return WHITESPACE_RE.sub(" ", alt).strip()


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
            out.append(Image(src=absolute, caption=image_caption(img)))
    return out


def language(tree: Any, text: str) -> str:
    """``zh`` for a mostly-Chinese text, else the page's ``lang`` (``und`` when unknown)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sample and len(CJK_RE.findall(sample)) >= ZH_CJK_SHARE * len(sample.replace(" ", "")):
        return "zh"
    lang = (tree.get("lang") or "").strip().lower()
    return lang.split("-")[0] if lang else ("zh" if not sample else "und")
