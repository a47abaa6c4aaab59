"""``scrapy crawl``, with the spider's arguments checked before anything starts.

Scrapy creates the spider inside the running crawl, so a bad ``-a`` argument ends in a logged
traceback and exit status 1. Here the spider's own argument parsing runs first
(``NewsSpiderBase.check_arguments``): a :class:`~crawler.spiders.base.SpiderArgumentError` is one
line on stderr and exit status 2 (bad input), as for ``cnr-news``.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.spiders.base import SpiderArgumentError

__all__ = ["Command"]

BAD_INPUT = 2  # exit status of a bad command line (README)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None and self.settings is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                print(f"scrapy crawl: error: no spider named {args[0]!r}", file=sys.stderr)
                self.exitcode = BAD_INPUT
                return
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(self.settings, **opts.spargs)
                except SpiderArgumentError as exc:
                    print(f"scrapy crawl: error: {exc}", file=sys.stderr)
                    self.exitcode = BAD_INPUT
                    return
        super().run(args, opts)
