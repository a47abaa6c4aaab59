"""``TakenFailedMiddleware`` (a downloader middleware, next to the engine): a request this node took
whose download failed for good — no response, the retry middleware gave up — is done too.

(A retry or a redirect goes back through the scheduler, which ends the old turn; a response goes
to the spider, where :class:`crawler.frontier.ack.TakenAckMiddleware` ends it.)
"""

from __future__ import annotations

from typing import Any

from scrapy import Request

from crawler.frontier import taken_done
from crawler.frontier.ack import TakenMiddleware
from crawler.frontier.cluster import TAKEN_META


class TakenFailedMiddleware(TakenMiddleware):
    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        taken_done(self.crawler, request.meta.pop(TAKEN_META, None))
        return None
