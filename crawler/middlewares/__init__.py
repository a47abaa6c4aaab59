"""Downloader middlewares of the crawl side (robots.txt guard)."""
