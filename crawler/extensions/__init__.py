"""Scrapy extensions of the crawler (one per module)."""
