"""The project's own Scrapy signals (sent with ``crawler.signals.send_catch_log``).

* :data:`robots_waiting` — a host's robots.txt has not answered and is retried later: ``host``,
  ``attempt`` (the one just failed, 1-based), ``attempts`` (in all), ``next_in`` (seconds), ``reason``.
* :data:`robots_settled` — a host's robots.txt policy is decided: ``host``, ``outcome`` (``parsed``,
  ``no_rules``, ``unreachable``).
* :data:`stopping` — the crawl was asked to stop (SIGTERM/SIGINT): components that wait (the robots
  guard's retry sleeps, the progress log) stop waiting. ``signame``.
"""

from __future__ import annotations

robots_waiting = object()
robots_settled = object()
stopping = object()
