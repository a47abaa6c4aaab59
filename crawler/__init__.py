"""cnr-news crawl side: settings, items, URL rules, page objects and spiders.

Nothing here imports :mod:`pipelines`.
"""
