"""Constants both halves share (``pipelines/`` may import ``crawler/``, never the reverse)."""

from __future__ import annotations

import re
from typing import Any, Final
from zoneinfo import ZoneInfo

# Beijing time: what a Chinese page means by a time with no offset, and the calendar day of
# every date filter and every date shown to a user.
BEIJING: Final = ZoneInfo("Asia/Shanghai")
# Minguo (Taiwan's calendar): 民国 N is the year 1911 + N (民国元年 = 1912); the publication-time parser
# and the date grammar both read it
ROC_EPOCH: Final = 1911

# Hiragana and katakana: Japanese text (its kanji are no traditional Chinese, t2s), and the kana a Big5
# page declared gb2312 reads as (the page objects' encoding repair)
KANA_RE: Final = re.compile("[\u3040-\u30ff]")

# Where the database lives when neither ``--db`` nor ``$NEWS_DB_URL`` says.
DEFAULT_DB_URL: Final = "sqlite:///data/news.db"

# ``NEWS_MAX_BODY_CHARS``' default: the item guard cuts longer bodies (``pipelines.guard``), and the
# page objects need not read a huge page far past it (``crawler.pages.prune``).
DEFAULT_MAX_BODY_CHARS: Final = 100_000  # a very long Chinese article is ~30,000 characters


def max_body_chars(settings: Any) -> int:
    """``NEWS_MAX_BODY_CHARS`` from Scrapy ``settings`` (``0``: no cap)."""
    return max(0, settings.getint("NEWS_MAX_BODY_CHARS", DEFAULT_MAX_BODY_CHARS))
