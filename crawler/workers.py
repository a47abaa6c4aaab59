"""Starting worker processes without running the user's script again.

A process started by ``spawn`` or ``forkserver`` (the enrichment pool, the big-page worker) is told
by :mod:`multiprocessing` which script or module ran as ``__main__`` and imports it again, as
``__mp_main__``. A script that starts a crawl at its top level, without the
``if __name__ == "__main__":`` guard (Scrapy's own "run from a script" example has none), would then
start a second crawl inside the worker. Our workers run only functions of this package's modules, so
they never need the main script: :func:`main_hidden` hides it from :mod:`multiprocessing` while the
processes start.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext

__all__ = ["main_hidden", "release_freed_memory", "start_pool"]

_LOCK = threading.Lock()  # one start at a time: each restores what it hid


@contextmanager
def main_hidden() -> Iterator[None]:
    """While processes are started inside this block, they do not import ``__main__`` again."""
    with _LOCK:
        main = sys.modules.get("__main__")
        if main is None:
            yield
            return
        hidden: dict[str, object] = {
            name: main.__dict__[name] for name in ("__file__", "__spec__") if name in main.__dict__
        }
        main.__dict__.pop("__file__", None)
        main.__spec__ = None  # multiprocessing reads it without a default
        try:
            yield
        finally:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(hidden)


def start_pool(
    workers: int,
    context: BaseContext,
    *,
    initializer: Callable[[], object] | None = None,
    timeout: float | None = None,
) -> ProcessPoolExecutor:
    """A process pool whose processes run: with a ``spawn`` or fork-server context they all start
    at the first submission, made here inside :func:`main_hidden`, and this returns once the first
    task (after ``initializer``) is done. Raises what starting raised (or ``TimeoutError``)."""
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer)
    with main_hidden():
        first = pool.submit(int)
    try:
        first.result(timeout=timeout)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return pool


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, looked up on first use (only the processes that trim need libc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to call
        return None


def release_freed_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc's ``malloc_trim``; elsewhere
    nothing). A worker that parsed a 9 MB page kept ~40 MB of lxml's freed tree until then."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
