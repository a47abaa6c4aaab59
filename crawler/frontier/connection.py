"""One Redis client per crawl (redis-py, MIT), made from ``NEWS_FRONTIER``.

redis and scrapy-redis are the ``cluster`` extra: imported only when ``NEWS_FRONTIER`` is set.
"""

from __future__ import annotations

from typing import Any

from crawler.frontier import frontier_url

_ATTR = "_news_redis"
# short timeouts: a dead Redis must fail a call quickly (and be reported), never hang the reactor
PARAMS: dict[str, Any] = {"socket_timeout": 5, "socket_connect_timeout": 5, "health_check_interval": 10}
MISSING = "distributed mode (NEWS_FRONTIER) needs redis and scrapy-redis: pip install 'cnr-news[cluster]'"


def _redis() -> Any:
    try:
        import redis
    except ImportError as exc:
        raise RuntimeError(MISSING) from exc
    return redis


def client(crawler: Any) -> Any:
    """The crawl's ``redis.Redis`` client."""
    r = getattr(crawler, _ATTR, None)
    if r is None:
        r = _redis().Redis.from_url(frontier_url(crawler.settings), **PARAMS)
        setattr(crawler, _ATTR, r)
    return r


def errors() -> tuple[type[BaseException], ...]:
    """The Redis errors that mean "Redis unreachable": connection refused/reset, timeouts."""
    redis = _redis()
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
