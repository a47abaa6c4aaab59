"""``TakingPriorityQueue``: scrapy-redis's priority queue with a pop that keeps what it pops.

scrapy-redis pops a request (``ZRANGE`` + ``ZREMRANGEBYRANK``) and forgets it; the node that popped
it then wrote it to its "taken" hash (:mod:`crawler.frontier.cluster`) in a second call, so a node
killed between the two lost the request for the run (a list page: every article it links). Here one
Lua script pops the first request and writes it to the taken hash under the node's token, so a
request is always in the queue or in a node's hash, where the others find it if that node dies.
"""

from __future__ import annotations

from typing import Any

from scrapy_redis.queue import PriorityQueue

# KEYS: queue, taken hash. ARGV: token. The first request out of the queue and into the hash
# (value = "<score>\n<encoded request>", as cluster.REQUEUE reads it back); nil when the queue is empty.
POP_INTO = """
local got = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #got == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], ARGV[1], got[2] .. "\\n" .. got[1])
return got[1]
"""


class TakingPriorityQueue(PriorityQueue):  # type: ignore[misc]  # scrapy-redis has no type hints
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pop_into = self.server.register_script(POP_INTO)

    def pop_into(self, taken: str, token: str) -> Any:
        """The first request (``None`` when the queue is empty), kept in hash ``taken`` under ``token``
        in the same atomic step."""
        data = self._pop_into(keys=[self.key, taken], args=[token])
        return self._decode_request(data) if data else None
