"""A trailing attribution such as ``…受到育儿家庭的欢迎。(济南市卫健委)`` names the article's source.

The attribution stays in the body (it is part of the text as published); :func:`find_attribution`
only reads it, so the caller can fill ``item.source`` when the page gave none.
"""

from __future__ import annotations

import re

# after a sentence end (or alone on its line), so ``各区县(功能区)`` closing a paragraph is not one
ATTRIBUTION_RE = re.compile(
    r"(?:^|(?<=[。！？!?…”’」』.]))\s*[(（]\s*(?:(?:来源|稿件来源|文章来源|信息来源|供稿)\s*[:：]\s*|据)?"
    r"(?P<src>[\u4e00-\u9fffA-Za-z0-9·・ ]{2,24}?)"
    r"\s*(?:供稿|供图|报道|消息)?\s*[)）]\s*$"
)
# what a trailing parenthesis may hold without being a source
NOT_A_SOURCE_RE = re.compile(
    r"^(?:完|全文完|未完待续|待续|续|终|图|组图|视频|附图|下同|同上|略|注|见下文|见上文|\d+)$"
    r"|^(?:本报|本刊|本台|记者|通讯员|作者|编辑|责编|责任编辑|实习生|摄影|摄|原标题|图文|文/|文图)"
    r"|(?:记者|通讯员|摄影?|编辑|实习生)"
)
HAS_LETTER_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def find_attribution(paragraphs: list[str]) -> str | None:
    """The source named in parentheses at the very end of the last paragraph, or None."""
    if not paragraphs:
        return None
    m = ATTRIBUTION_RE.search(paragraphs[-1])
    if m is None:
        return None
    src = m.group("src").strip()
    if not src or NOT_A_SOURCE_RE.search(src) or not HAS_LETTER_RE.search(src):
        return None
    return src
