"""A stats collector for test crawls: Scrapy's memory collector that also writes the final stats as
JSON to the file named by the ``TEST_STATS_FILE`` setting."""

from __future__ import annotations

import json

from scrapy.statscollectors import MemoryStatsCollector


class JsonStatsCollector(MemoryStatsCollector):
    def _persist_stats(self, stats: dict[str, object]) -> None:  # type: ignore[override]
        super()._persist_stats(stats)  # type: ignore[arg-type]
        path = self._crawler.settings.get("TEST_STATS_FILE")
        if path:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(stats, f, default=str, ensure_ascii=False)
