"""Shim for tools that still run ``python setup.py`` (``scrapyd-deploy`` builds its egg this way;
without a setup.py it writes one of its own into the checkout). Everything is in pyproject.toml,
including the ``scrapy`` entry point (``settings = crawler.settings``) Scrapyd loads a project by."""

from setuptools import setup

setup()
