"""Imported by the pool's fork server before it forks any worker (``set_forkserver_preload``): the
models (jieba's tables, the entity CRF, the date and text rules) are loaded once there and the
workers share those pages copy-on-write, instead of each loading its own copy."""

from __future__ import annotations

import gc

from pipelines.enrich import warm_up

warm_up()
gc.freeze()  # the loaded objects are never collected: keeps the GC from writing to shared pages
