"""Constants both halves share (``pipelines/`` may import ``crawler/``, never the reverse)."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

# Beijing time: what a Chinese page means by a time with no offset, and the calendar day of
# every date filter and every date shown to a user.
BEIJING: Final = ZoneInfo("Asia/Shanghai")

# Where the database lives when neither ``--db`` nor ``$NEWS_DB_URL`` says.
DEFAULT_DB_URL: Final = "sqlite:///data/news.db"
