"""``cnr-news demo [--db URL]``: the whole job, offline.

Serves the bundled CNR-like fixture site (``fixtures/cnr_site/``) on a free port of 127.0.0.1 and
runs the real ``cnr`` spider against it (the project's settings, with delays off), so the crawl,
the item pipelines and the database can be seen working without network access. Prints where the
database is. Running it again adds nothing: stored articles are skipped.

The fixture site lives in the source tree (``fixtures/cnr_site/``), so the demo runs from a
checkout installed with ``pip install -e .``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pipelines.db.engine import check_db_url, safe_url, sqlite_file
from pipelines.demo.server import FixtureServer

__all__ = ["DEFAULT_DEMO_DB", "register", "run"]

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "fixtures" / "cnr_site"
DEFAULT_DEMO_DB = "sqlite:///data/demo.db"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="crawl a bundled local copy of a CNR-like site into a database (no network needed)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--db", help=f"database URL or SQLite path (default: {DEFAULT_DEMO_DB})")
    p.add_argument("--log-level", default="WARNING", help="Scrapy log level (default: WARNING)")
    p.set_defaults(func=run)


def _describe(db_url: str) -> str:
    path = sqlite_file(db_url)
    return str(Path(path).resolve()) if path else safe_url(db_url)


def run(args: argparse.Namespace) -> int:
    if not SITE.is_dir():
        print(
            f"cnr-news demo needs the fixture site of the source tree ({SITE}): "
            "run it from a checkout installed with `pip install -e .`",
            file=sys.stderr,
        )
        return 2
    db = check_db_url(args.db or DEFAULT_DEMO_DB)
    # the crawl goes to 127.0.0.1 only: never through a proxy; the --db URL wins over the environment
    os.environ["no_proxy"] = ",".join(filter(None, [os.environ.get("no_proxy"), "127.0.0.1"]))
    os.environ["NEWS_DB_URL"] = db
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")

    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    server = FixtureServer(SITE)
    base = server.start()
    # the site's http origin: every request (robots.txt included) is redirected to https (= `base`)
    http_server = FixtureServer(SITE, redirect_to=base)
    http_base = http_server.start()
    try:
        settings = get_project_settings()
        settings.setdict(
            {
                "NEWS_DB_URL": db,
                "NEWS_CNR_BASE_URL": base,
                "NEWS_CNR_HTTP_BASE_URL": http_base,
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
                # the site's 21 articles in one batch however slow the machine: the same ids every run
                "NEWS_DB_BATCH_SIZE": 1000,
                "NEWS_DB_COMMIT_SECONDS": 3600,
                "LOG_LEVEL": args.log_level,
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("cnr")
        process.crawl(crawler)
        process.start()
        stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    finally:
        http_server.stop()
        server.stop()
    print(
        f"Fixture site served at {base} (a local copy of a CNR-like site; its http origin {http_base} "
        "redirects to it)"
    )
    print(
        "Articles scraped: {items}; new in the database: {new}; updated: {upd}; unchanged/skipped: {skip}".format(
            items=stats.get("item_scraped_count", 0),
            new=stats.get("news/db/new", 0),
            upd=stats.get("news/db/updated", 0),
            skip=stats.get("news/incremental/skipped", 0) + stats.get("news/db/unchanged", 0),
        )
    )
    total = sum(v for k, v in stats.items() if k.startswith("news/template/") and isinstance(v, int))
    if total:
        generic = stats.get("news/template/generic", 0)
        print(f"Read by the generic extractor (no CNR template matched): {generic} of {total} articles")
    print(f"Database: {_describe(db)}")
    reason = stats.get("finish_reason")
    ok = reason == "finished" and not stats.get("news/extract_error") and not stats.get("news/db/failed")
    if not ok:
        error = stats.get("news/db/error")  # e.g. a schema behind: it names `cnr-news db upgrade`
        print(
            f"The crawl did not finish cleanly (finish reason: {reason})" + (f": {error}" if error else ""),
            file=sys.stderr,
        )
    return 0 if ok else 1
