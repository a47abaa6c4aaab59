"""Project Scrapy commands (``COMMANDS_MODULE`` in crawler/settings.py): ``scrapy crawl`` with an exit
status from the run's verdict (:mod:`.crawl`)."""
