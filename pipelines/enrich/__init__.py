"""Enrichment of one article — the cores of :func:`pipelines.chain.process_article` plus the
full-text tokens — as one picklable call, so it can run in a worker process (issue 19).

- :func:`payload` strips an item for the trip: raw pages keep their headers and the first 512
  bytes of the body (all that the normaliser looks at), never the whole raw bytes.
- :func:`enrich` runs the steps in order (normalise, dates, organisations/persons, the full-text
  columns of :func:`pipelines.db.fts.prepare`) within a time budget. Once the budget is spent the
  remaining steps are skipped (in a worker process the running step is interrupted with
  ``SIGALRM`` and undone; in-process, the step that ends late is kept): the article is stored with
  what was done, its ``notes`` say ``budget:<step>``. Without the ``fts`` step only the title is
  indexed (``cnr-news db reindex`` indexes the rest later).
- :func:`apply_result` copies the enriched fields back onto the crawl's item (which keeps its raw
  pages); the prepared full-text columns and the story fingerprint (shingles, MinHash band keys:
  :func:`pipelines.stories.index.fingerprint`, made in the ``fts`` step) ride along as plain
  attributes the store reads (and makes itself when they are missing or the text changed).

Pure (no Scrapy); the pool and its bookkeeping are in :mod:`pipelines.enrich.pipeline`.
"""

from __future__ import annotations

import copy
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from crawler.items import ArticleItem, RawPage
from pipelines.dates import apply_to_item as add_dates
from pipelines.db import fts
from pipelines.entities import apply_to_item as add_entities
from pipelines.entities.common_words import load_dictionary
from pipelines.entities.jieba_tables import load_tables
from pipelines.stories.index import Fingerprint, attach_fingerprint, fingerprint
from pipelines.text import apply_to_item as normalize

# the bytes of a raw page the normaliser reads (``pipelines.text._from_html``)
HEAD_BYTES = 512
NOTE_PREFIX = "budget:"  # item.notes["budget:<step>"] = 1: that step was skipped (over budget)

_IN_WORKER = False  # set by worker_init: SIGALRM may interrupt a step only in a pool process


class OverBudget(BaseException):
    """Raised by the alarm inside a step (a BaseException: no ``except Exception`` swallows it)."""


@dataclass
class Request:
    item: ArticleItem
    t2s: bool = False
    budget_s: float = 0.0  # 0: no budget
    fts: bool = True


@dataclass
class Result:
    item: ArticleItem
    skipped: list[str] = field(default_factory=list)
    fts_columns: tuple[str, str, str, str] | None = None
    story_fingerprint: Fingerprint | None = None
    seconds: float = 0.0


def payload(item: ArticleItem, *, t2s: bool = False, budget_s: float = 0.0, want_fts: bool = True) -> Request:
    """What goes to a worker: a shallow copy of ``item`` whose raw pages carry only their heads."""
    light = copy.copy(item)
    light.raw_pages = [
        RawPage(
            url=p.url,
            status=p.status,
            headers=dict(p.headers or {}),
            body=bytes(p.body[:HEAD_BYTES]) if isinstance(p.body, bytes | bytearray) else b"",
            fetched_at=p.fetched_at,
            encoding=p.encoding,
            page_no=p.page_no,
        )
        for p in item.raw_pages or []
    ]
    return Request(item=light, t2s=t2s, budget_s=budget_s, fts=want_fts)


def _steps(t2s: bool) -> list[tuple[str, Callable[[ArticleItem], None]]]:
    return [
        ("normalize", lambda it: normalize(it, t2s=t2s)),
        ("dates", add_dates),
        ("entities", add_entities),
    ]


def _on_alarm(signum: int, frame: Any) -> None:
    raise OverBudget


def _interruptible(seconds: float) -> bool:
    """The alarm can interrupt a step here: a pool worker's main thread, with a budget left."""
    return _IN_WORKER and seconds > 0 and threading.current_thread() is threading.main_thread()


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (pool workers only; elsewhere a no-op)."""
    if not _interruptible(seconds):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _snapshot(item: ArticleItem) -> dict[str, Any]:
    """The item's fields as they are (lists and dicts copied: the steps fill them in place)."""
    return {name: copy.copy(value) for name, value in vars(item).items() if name in _FIELDS}


_FIELDS = frozenset(f.name for f in fields(ArticleItem))


def enrich(req: Request) -> Result:
    """Run the steps on ``req.item`` (mutated) within the budget; see the module docstring."""
    start = time.monotonic()
    item, budget = req.item, req.budget_s
    skipped: list[str] = []
    made: list[fts.Columns] = []
    prints: list[Fingerprint] = []

    def index(it: ArticleItem) -> None:  # the search index's columns and the story fingerprint
        columns, fp = fts.prepare(it.title or "", it.body or ""), fingerprint(it.body or "")
        made.append(columns)  # both or neither (the alarm may interrupt either)
        prints.append(fp)

    steps = _steps(req.t2s)
    if req.fts:
        steps.append(("fts", index))
    for name, step in steps:
        left = budget - (time.monotonic() - start) if budget > 0 else 0.0
        if skipped or (budget > 0 and left <= 0):  # over budget: this step and the rest skipped
            skipped.append(name)
            continue
        # what to put back if the alarm interrupts the step (only where it can: a worker's budget)
        before = _snapshot(item) if _interruptible(left) else None
        try:
            with _alarm(left):
                step(item)
        except OverBudget:
            for k, v in (before or {}).items():
                setattr(item, k, v)
            skipped.append(name)
            continue
    for name in skipped:
        item.notes[NOTE_PREFIX + name] = 1
    columns = made[0] if made else None
    if req.fts and columns is None:  # over budget: the title indexed, the body by `cnr-news db reindex`
        columns = fts.prepare(item.title or "", "")
    return Result(
        item=item,
        skipped=skipped,
        fts_columns=columns,
        story_fingerprint=prints[0] if prints else None,
        seconds=time.monotonic() - start,
    )


def apply_result(item: ArticleItem, result: Result) -> ArticleItem:
    """Copy the enriched fields of ``result.item`` onto ``item`` (raw pages stay ``item``'s)."""
    if result.item is not item:
        for f in fields(item):
            setattr(item, f.name, getattr(result.item, f.name))
    if result.fts_columns is not None:
        fts.attach_prepared(item, item.title or "", item.body or "", result.fts_columns)
    if result.story_fingerprint is not None:
        attach_fingerprint(item, item.body or "", result.story_fingerprint)
    return item


# The warm-up article: long enough to be fingerprinted for stories (MinHash), with a person, places,
# organisations, a transcribed foreign name and dates, so that each step's tables are built.
WARM_UP_PARAGRAPHS = [
    "2025年5月20日，国家发展和改革委员会主任张三在北京表示，各地持续推进重点项目建设。",
    "以色列总理内塔尼亚胡当天会见到访的美国国务卿，双方就地区局势交换意见。",
    "济南市委、市政府召开专题会议，研究部署普惠托育服务体系建设，下月起试点运行。",
    "据新华社报道，山东大学附属医院的专家团队去年完成了多项临床研究，相关成果已在国际期刊发表。",
]


def warm_up() -> None:
    """Load every model and table the steps use (one article through all of them, and the tables a
    rare path builds). In a pool's fork server this is what lets the workers share those tables: a
    table a worker builds itself is that worker's own copy — scanning jieba's whole dictionary for
    the characters of transcribed names, first needed by the second article, copied ~30 MB into
    each worker (issue 19, measured with ``benchmarks/crawl.py``'s memory by process)."""
    load_tables()
    load_dictionary()  # CC-CEDICT's common words and brands (persons' names are checked against them)
    warm = ArticleItem(url="http://warm.up/", canonical_url="http://warm.up/", site="warm.up", key="warm")
    warm.paragraphs = list(WARM_UP_PARAGRAPHS)
    enrich(Request(item=warm))


def worker_init() -> None:
    """Pool initializer: allow the alarm; Ctrl-C is the crawl's to handle (it stops the pool)."""
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()  # a no-op cost when the fork server loaded the models already
