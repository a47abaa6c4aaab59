"""Scrapy settings for cnr-news. Our own settings carry the ``NEWS_`` prefix; see README."""

from __future__ import annotations

import os

from crawler import constants as _constants  # lower-case: not itself a setting
from crawler.pages.cnr import urls as _cnr_urls  # lower-case: not itself a setting

BOT_NAME = "cnr-news"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` checks the spider's arguments first (a bad `-a`: one line, exit 2) and exits with the
# run's verdict (pipelines/commands/crawl.py; a dotted string: crawler/ never imports pipelines/)
COMMANDS_MODULE = "pipelines.commands"

# --- our own settings -------------------------------------------------------------------------
# Database (any SQLAlchemy URL). The environment variable wins over this default.
NEWS_DB_URL = os.environ.get("NEWS_DB_URL", _constants.DEFAULT_DB_URL)
# Commit the storage session every N items (and at close).
NEWS_DB_BATCH_SIZE = 50
# Traditional -> Simplified conversion of titles and bodies (original kept).
NEWS_T2S = False

# --- the `cnr` spider -------------------------------------------------------------------------------
# Where the crawl starts (the homepage's article links are followed).
NEWS_CNR_HOMEPAGE = _cnr_urls.DEFAULT_HOMEPAGE
# Channel list directories to page through (index.html, index_1.html …): national news, kuaixun,
# commentary, China Voice headlines, Shandong (crawler/pages/cnr/urls.py DEFAULT_CHANNELS).
NEWS_CNR_CHANNELS = list(_cnr_urls.DEFAULT_CHANNELS)
# List pages read per channel (index.html counts as one).
NEWS_CNR_MAX_LIST_PAGES = 5
# A local mirror of cnr.cn laid out as <base>/<host>/<path> (tests, `cnr-news demo`); "" = the real site.
NEWS_CNR_BASE_URL = os.environ.get("NEWS_CNR_BASE_URL", "")
# That mirror's http:// origin (NEWS_CNR_BASE_URL is then the https:// one); "" = one origin for both.
NEWS_CNR_HTTP_BASE_URL = os.environ.get("NEWS_CNR_HTTP_BASE_URL", "")
# Also read the sitemaps that the homepage host's robots.txt lists (spider argument -a sitemaps=1).
NEWS_CNR_SITEMAPS = False
# Above this share of articles read by the generic extractor (no CNR template matched) the run is
# "degraded": the site's template has probably changed (cnr-news cron exits 7).
NEWS_CNR_MAX_GENERIC_SHARE = 0.5
# robots.txt guard (crawler/middlewares/robots.py): retries of a 5xx/unreachable robots.txt, the first
# retry after NEWS_ROBOTS_RETRY_DELAY s (doubling), then the host is treated as disallow-all.
NEWS_ROBOTS_RETRY_TIMES = 3
NEWS_ROBOTS_RETRY_DELAY = 10.0
NEWS_ROBOTS_MAX_CRAWL_DELAY = 60.0
# consecutive robots.txt redirects followed (RFC 9309: at least 5); more = unavailable = no rules
NEWS_ROBOTS_MAX_REDIRECTS = 5

# Distributed mode (docs/scale-out.md): a Redis URL shares one frontier (scrapy-redis queue and
# duplicate filter), the per-host politeness slots and robots.txt verdicts between crawler processes
# on any number of machines; "" = one process, Scrapy's own scheduler. The environment variable wins.
NEWS_FRONTIER = os.environ.get("NEWS_FRONTIER", "")
# A node's lease (s): renewed every fifth of it; a killed node's share of the run is released after it.
NEWS_FRONTIER_LEASE = 10.0
# Scrapy's own scheduler unless NEWS_FRONTIER is set (then scrapy-redis's).
SCHEDULER = "crawler.frontier.scheduler.FrontierScheduler"

# Normalise, dates, organisations/persons (+ full-text tokens) in NEWS_WORKERS processes, off the
# reactor (the step pipelines NormalizeTextPipeline 100 / ExtractDatesPipeline 200 /
# ExtractOrganizationsPipeline 300 do the same in this process, one step each).
ITEM_PIPELINES = {
    "pipelines.guard.pipeline.ItemGuardPipeline": 50,  # size caps, control characters (issue 18)
    "pipelines.enrich.pipeline.EnrichPipeline": 100,
    "pipelines.db.storage_pipeline.StoragePipeline": 900,
}
NEWS_WORKERS = None  # worker processes; None: the cores from 3 cores on, else 0; 0: in the crawl's process
NEWS_ENRICH_BUDGET = 10.0  # seconds of enrichment per article (0: no limit); see docs/performance.md
# A page of this many bytes or more is extracted in a worker process, off the reactor (0: never).
NEWS_EXTRACT_OFFLOAD_BYTES = 1_000_000

# Incremental crawling (skip stored articles, conditional list requests) and crawl_runs recording.
# Dotted strings only: crawler/ never imports pipelines/.
# Distributed mode: a request this node took from the shared queue is acknowledged once its
# callback's output is queued (outermost, so it sees the output last; off without NEWS_FRONTIER).
SPIDER_MIDDLEWARES = {"crawler.frontier.ack.TakenAckMiddleware": 10}

DOWNLOADER_MIDDLEWARES = {
    # robots.txt guard: holds requests until robots.txt is parsed, honours Crawl-delay, 5xx = wait
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsGuardMiddleware": 100,
    # distributed mode only: per-host delay and concurrency for the whole cluster (Redis)
    "crawler.frontier.politeness.ClusterPolitenessMiddleware": 110,
    # distributed mode: a request whose download failed for good is done (sees exceptions last)
    "crawler.frontier.ack_failed.TakenFailedMiddleware": 50,
    "pipelines.db.incremental_middleware.IncrementalMiddleware": 80,
    # retries with exponential backoff and Retry-After (crawler/middlewares/retry.py) instead of Scrapy's
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
}
# Feed exports (`-o items.jsonl`, `-O items.csv`, FEEDS; UTF-8 below): nested CSV cells as JSON.
FEED_EXPORTERS = {"csv": "pipelines.feeds.csv_exporter.CsvItemExporter"}
EXTENSIONS = {
    # distributed mode only: seeds once, keeps nodes going while any has work, clears the run
    "crawler.frontier.cluster.ClusterCoordinator": 100,
    "pipelines.db.run_recorder.CrawlRunRecorder": 500,
    # a progress line every NEWS_PROGRESS_INTERVAL s, saying what the crawl waits for (replaces LogStats)
    "scrapy.extensions.logstats.LogStats": None,
    "crawler.extensions.progress.ProgressLog": 510,
}
# seconds between progress lines (0: none)
NEWS_PROGRESS_INTERVAL = 10.0
# after SIGTERM/SIGINT, seconds the crawl may wait for downloads in flight before `scrapy crawl`
# commits what was processed, records the run as interrupted and exits (status 6); responses already
# received are processed first, for at most NEWS_STOP_MAX seconds
NEWS_STOP_GRACE = 1.5
NEWS_STOP_MAX = 30.0

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
# Scrapy stops downloading while the responses being processed exceed this (default 5 MB): one page
# up to DOWNLOAD_MAXSIZE, whose items take seconds in the pipelines, must not stall the crawl.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 32 * 1024 * 1024
# Scrapy (2.13+, asyncio) starts CONCURRENT_ITEMS worker tasks for every response's output, however
# little it is: at the default 100 that was ~0.4-0.6 ms of the reactor's time per response (an
# article page yields one item, a list page some 50 requests). 16 is ample for either (issue 19).
CONCURRENT_ITEMS = 16
RETRY_ENABLED = True
RETRY_TIMES = 3
# wait NEWS_RETRY_BACKOFF_BASE * 2^n s before retry n+1 (at most _MAX); Retry-After honoured up to a cap
NEWS_RETRY_BACKOFF_BASE = 2.0
NEWS_RETRY_BACKOFF_MAX = 60.0
NEWS_RETRY_AFTER_MAX = 120.0
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 starts a remote-control HTTP server by default: no listening sockets from a crawler.
REMOTE_CONTROL_ENABLED = False
# Only http(s) is ever fetched: no file:, data:, ftp: or s3: download handlers.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
COOKIES_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
