"""Parse and extract on N processes: ``kg build --workers N``.

spaCy's own ``n_process`` only parallelises the parse and ships whole Docs back
to one process that then extracts alone (about 1.3x on two cores here).  Here
each worker process does the whole per-document job -- parse, mentions,
entities, relations, quotes -- and sends back only the small, picklable
``DocumentResult``s; the main process keeps the one job that must be serial:
cross-document identity and writing to the store.

- The workers are forked after the model is loaded in the main process, so
  they start at once and share its memory (copy-on-write) -- the model is
  loaded once in all.
- Articles go out in batches of ``BATCH`` (spaCy parses a batch faster than
  single texts) with at most ``IN_FLIGHT`` batches per worker outstanding, so
  memory stays flat however large the corpus.
- Results come back **in input order**: cross-document identity depends on the
  order documents are seen, so a build with N workers gives the same graph as
  a build with one.  A slow batch holds the later ones back only briefly.

``extract_batch`` is the unit of work shared with the Dask engine
(``kg/pipeline/dask_engine.py``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from itertools import islice

from kg.knowledge.knowledge import load_knowledge
from kg.pipeline.stages import Pipeline
from kg.types import Article, Extracted

BATCH = 8  # articles per task: large enough for spaCy's batching, small enough to keep workers evenly busy
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
IN_FLIGHT = 3  # outstanding batches per worker: one parsing, the others queued so no worker waits


@lru_cache(maxsize=2)
def worker_pipeline(
    model: str | None, knowledge: str | None = None, extractors: tuple[str, ...] | None = None
) -> Pipeline:
    """The process's Pipeline, loaded on first use and kept (one model load per worker process);
    ``knowledge`` is the user's knowledge folder, read again in each worker; ``extractors``
    the names of the extractors to run (None: every registered one)."""
    return Pipeline(model, load_knowledge(knowledge), extractors=extractors)


def extract_batch(
    articles: list[Article], model: str | None, knowledge: str | None = None,
    extractors: tuple[str, ...] | None = None,
) -> list[Extracted]:
    """Parse and extract a batch of articles with this process's pipeline."""
    return list(worker_pipeline(model, knowledge, extractors).run(articles))


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the building process dies, even by ``kill -9``.

    Orphaned workers would otherwise keep parsing, hold the model's memory and keep
    the build's output pipes open.  Linux delivers SIGKILL on the parent's death
    (``PR_SET_PDEATHSIG``); elsewhere a watcher thread polls the parent's pid.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def batches(articles: Iterable[Article], size: int = BATCH) -> Iterator[list[Article]]:
    """Group articles into lists of ``size`` (the last may be shorter), reading lazily."""
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def run_ordered(
    submit: Callable[[list[Article]], Future], articles: Iterable[Article], window: int
) -> Iterator[Extracted]:
    """Submit batches with at most ``window`` outstanding; yield their results in input order.

    ``submit`` turns a batch into a future (a process pool's or a Dask client's);
    the input is read only as fast as results are taken, so memory stays bounded.
    """
    pending: deque[Future] = deque()
    for batch in batches(articles):
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def run_parallel(
    articles: Iterable[Article], *, model: str | None = None, knowledge: str | None = None,
    extractors: tuple[str, ...] | None = None, workers: int = 2,
) -> Iterator[Extracted]:
    """Yield a DocumentResult per article, in order, parsed and extracted on ``workers`` processes."""
    worker_pipeline(model, knowledge, extractors)  # load once here; forked workers inherit it
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )
    try:
        yield from run_ordered(lambda batch: pool.submit(extract_batch, batch, model, knowledge, extractors), articles, workers * IN_FLIGHT)
    finally:  # also when the build stops early: drop queued batches instead of parsing them
        pool.shutdown(wait=True, cancel_futures=True)
