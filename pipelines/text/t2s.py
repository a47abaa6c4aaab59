"""Optional Traditional -> Simplified conversion with OpenCC (off by default; ``NEWS_T2S``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # only when the option is on

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese to Simplified (OpenCC ``t2s``: characters and phrases)."""
    if not text or text.isascii():
        return text
    return _converter().convert(text)
