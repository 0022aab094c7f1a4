"""Build articles into a store: read -> skip unchanged -> extract -> identify -> write.

Each document is written in one atomic update as soon as it is extracted, so an
interrupted build keeps every document finished before it, and running the same
build again completes it without duplicates (unchanged documents are skipped by
their sha256).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KGError
from .identity import AliasTable
from .pipeline import Pipeline
from .rdf import document_quads
from .readers import InputProblem, count_inputs, read_inputs
from .store import GraphStore
from .types import Article, DocumentResult, Extracted, ExtractionFailure
from .vocab import document_iri, graph_iri


@dataclass
class BuildReport:
    """What a build did: counts for the summary line, and every problem by file."""

    built: int = 0
    unchanged: int = 0
    quads: int = 0
    words: int = 0
    seconds: float = 0.0
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class ProgressEvent:
    """One document done: built, unchanged (skipped by hash) or a problem (message says why)."""

    kind: str  # "built" | "unchanged" | "problem"
    name: str  # article id, or the path of a bad file
    words: int = 0
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    model: str | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    strict: bool = False,
    on_progress: ProgressCallback | None = None,
) -> BuildReport:
    """Build every document under ``paths`` into ``store`` and report what happened.

    ``workers=0`` chooses (``auto_workers``); the command line does that by default.
    """
    paths = list(paths)
    if workers == 0:
        workers = auto_workers(paths)
    report = BuildReport()
    started = time.perf_counter()
    notify = on_progress or (lambda event: None)

    def fresh_articles() -> Iterator[Article]:
        for item in read_inputs(paths, strict=strict):
            if isinstance(item, InputProblem):
                report.problems.append(item)
                notify(ProgressEvent("problem", item.path, message=item.message))
            elif store.document_hash(document_iri(item.id)) == item.sha256:
                report.unchanged += 1
                notify(ProgressEvent("unchanged", item.id, len(item.text.split())))
            else:
                yield item

    results = extract(fresh_articles(), model=model, workers=workers, engine=engine, scheduler=scheduler)
    aliases = AliasTable.from_store(store)
    for result in results:
        if isinstance(result, ExtractionFailure):
            report.problems.append(InputProblem(result.article.source, result.message))
            notify(ProgressEvent("problem", result.article.source, message=result.message))
            continue
        report.quads += write_result(store, aliases, result)
        report.built += 1
        words = len(result.article.text.split())
        report.words += words
        notify(ProgressEvent("built", result.article.id, words))
    report.seconds = time.perf_counter() - started
    return report


def auto_workers(paths: Iterable[str | Path]) -> int:
    """One process per core, at most one per document -- and one when this process already
    runs other threads, because forking a multi-threaded process can deadlock the children."""
    if threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, count_inputs(paths)))


def extract(
    articles: Iterable[Article], *, model: str | None, workers: int, engine: str, scheduler: str | None
) -> Iterator[Extracted]:
    """Parse and extract articles here (workers=1), on N local processes, or on a Dask cluster, in order."""
    if engine == "dask":
        if not scheduler:
            raise KGError("--engine dask needs --scheduler ADDRESS, e.g. tcp://10.0.0.5:8786")
        from .dask_engine import run_dask

        return run_dask(articles, scheduler=scheduler, model=model)
    if engine != "local":
        raise KGError(f"unknown engine {engine!r}: use local (with --workers N) or dask (with --scheduler)")
    if workers > 1:
        from .parallel import run_parallel

        return run_parallel(articles, model=model, workers=workers)
    return Pipeline(model).run(articles)


def write_result(store: GraphStore, aliases: AliasTable, result: DocumentResult) -> int:
    """Give the result's entities their global IRIs and write the document; returns quads written."""
    iris, merges = aliases.assign_all(result.entities)
    quads = list(document_quads(result, iris, merges))
    store.replace_document(graph_iri(result.article.id), quads)
    return len(quads)
