"""Run one Scrapy crawl in a fresh process (no Twisted reactor reuse) and return its stats.

``run_crawl("cnr", {"base": url}, {"DOWNLOAD_DELAY": 0}, env={...})`` runs
``python tests/crawl_runner.py`` in a subprocess with the project settings plus the overrides and
reads back the final stats (JSON). A spider outside ``crawler.spiders`` is given as ``module:Class``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# politeness off for tests (the defaults stay polite)
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 0,
    "LOG_LEVEL": "WARNING",
}


def run_crawl(
    spider: str,
    args: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stats.json"
        spec = {
            "spider": spider,
            "args": args or {},
            "settings": {**FAST, **(settings or {})},
            "out": str(out),
        }
        full_env = {**os.environ, **(env or {})}
        full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), json.dumps(spec)],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        stats = json.loads(out.read_text("utf-8")) if out.exists() else {}
    return stats, proc


def proxied_crawl(
    spider: str,
    db: Path,
    args: dict[str, str],
    settings: dict[str, Any] | None,
    proxy_url: str,
) -> dict[str, Any]:
    """Crawl into the SQLite file ``db`` with every off-site request sent to the counting proxy at
    ``proxy_url``; the final stats (the crawl must exit 0 and write them)."""
    env = {
        "NEWS_DB_URL": f"sqlite:///{db}",
        "http_proxy": proxy_url,
        "https_proxy": proxy_url,
        "no_proxy": "127.0.0.1",
    }
    stats, proc = run_crawl(spider, args, settings, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert stats, proc.stderr[-4000:]
    return stats


def _main(spec_json: str) -> None:
    import importlib

    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    spec = json.loads(spec_json)
    settings = get_project_settings()
    settings.setdict(spec["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    spider: Any = spec["spider"]
    if ":" in spider:
        module, cls = spider.split(":")
        spider = getattr(importlib.import_module(module), cls)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **spec["args"])
    process.start()
    stats = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in crawler.stats.get_stats().items()
    }
    Path(spec["out"]).write_text(json.dumps(stats, ensure_ascii=False, default=str), "utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    _main(sys.argv[1])
