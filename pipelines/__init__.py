"""cnr-news processing side: pure functions (text, dates, organisations, database) with thin
Scrapy item pipelines over them, plus the database layer and the ``cnr-news`` command."""
