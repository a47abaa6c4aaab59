"""A process pool whose workers die on demand, for the tests of what a dead worker costs
(the enrichment pool, the big-page extraction worker)."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class FakePool:
    """Runs each submission inline; the first ``crashes`` fail as a dead worker would."""

    def __init__(self, crashes: int) -> None:
        self.crashes = crashes
        self.shut = False

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        if self.crashes > 0:
            self.crashes -= 1
            fut.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            fut.set_result(fn(*args))
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut = True
