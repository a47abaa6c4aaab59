"""What tests share, imported one way: ``from tests.support.<module> import …``.

- :mod:`.paths` — ``ROOT``, ``FIXTURES``, ``shared_path`` (``../shared``, or skip);
- :mod:`.env` — the environment of a child process, ``run_cnr_news``, ``sql_rows``;
- :mod:`.servers` — the one static-site HTTP server (:class:`FixtureServer`, the demo's) and ``free_port``;
- :mod:`.crawl` — the one crawl runner (``run_crawl``: ``scrapy crawl`` in a subprocess, stats as JSON)
  and the one set of test settings (``FAST``: politeness off);
- :mod:`.stats` — the stats collector that writes a crawl's final stats to a file;
- :mod:`.fault_server` — the fault suite's scripted server and page builders;
- :mod:`.spiders` — spiders that exist only for tests (run with ``scrapy runspider``).
"""
