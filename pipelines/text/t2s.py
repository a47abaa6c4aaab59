"""Traditional -> Simplified conversion with OpenCC: of whole articles as an option (off by default;
``NEWS_T2S``), and of persons' names in the entity step (``filters.is_person_name``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A lone surrogate (text decoded with ``surrogateescape``) has no UTF-8 form, which OpenCC needs.
SURROGATES = re.compile("([\ud800-\udfff]+)")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # on first use (the pool's warm-up loads it in the fork server)

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese to Simplified (OpenCC ``t2s``: characters and phrases)."""
    if not text or text.isascii():
        return text
    convert = _converter().convert
    if SURROGATES.search(text) is None:
        return convert(text)  # type: ignore[no-any-return]
    # the text between lone surrogates converted, the surrogates kept where they were
    return "".join(
        part if SURROGATES.fullmatch(part) else convert(part) for part in SURROGATES.split(text) if part
    )
