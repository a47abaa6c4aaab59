"""Scrapy settings for cnr-news. Our own settings carry the ``NEWS_`` prefix; see README."""

from __future__ import annotations

import os

BOT_NAME = "cnr-news"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- our own settings -------------------------------------------------------------------------
# Database (any SQLAlchemy URL). The environment variable wins over this default.
NEWS_DB_URL = os.environ.get("NEWS_DB_URL", "sqlite:///data/news.db")
# Commit the storage session every N items (and at close).
NEWS_DB_BATCH_SIZE = 50
# Traditional -> Simplified conversion of titles and bodies (original kept).
NEWS_T2S = False

ITEM_PIPELINES = {
    "pipelines.text.pipeline.NormalizeTextPipeline": 100,
    "pipelines.dates.pipeline.ExtractDatesPipeline": 200,
    "pipelines.orgs.pipeline.ExtractOrganizationsPipeline": 300,
    "pipelines.db.pipeline.StoragePipeline": 900,
}

# --- politeness and safety ----------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = "cnr-news/0.1 (+https://pypi.org/project/cnr-news/; news research crawler)"
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
TELNETCONSOLE_ENABLED = False
COOKIES_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
