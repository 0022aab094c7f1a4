"""Build articles into a store: read -> skip unchanged -> extract -> identify -> write.

Each document is written in one atomic update as soon as it is extracted, so an
interrupted build keeps every document finished before it, and running the same
build again completes it without duplicates (unchanged documents are skipped by
their sha256, all read from the store in one query at the start).  A document
of over 100k characters is written part by part instead (``LongDocument``), so
memory stays bounded; it counts as built once its last part (with its sha256)
is stored, and an interrupted one is rebuilt whole by the next run.

The writes run on one background thread (``OrderedWriter``), in input order,
while the next documents are parsed: Oxigraph releases the GIL while it applies
an update, so on one process the store write overlaps the parse instead of adding to it.
"""

from __future__ import annotations

import glob
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import URIRef

from kg.errors import InputError, KGError, StoreError
from kg.graph.identity import AliasTable
from kg.extract.extractors import EXTRACTORS
from kg.knowledge.knowledge import load_knowledge
from kg.pipeline.stages import DocumentPart, Pipeline
from kg.graph.rdf import NQuad, document_nquads
from kg.ingest.readers import InputProblem, InputWarning, count_inputs, read_inputs
from kg.store.graph_store import GraphStore, StoredDocument
from kg.types import Article, DocumentResult, Extracted, ExtractionFailure
from kg.vocab import DOC, KG, char_iri, document_iri, graph_iri

WRITE_AHEAD = 2  # documents handed to the writer thread and not yet stored (bounds memory)


@dataclass
class BuildReport:
    """What a build did: counts for the summary line, and every problem by file."""

    built: int = 0
    unchanged: int = 0
    quads: int = 0
    words: int = 0
    seconds: float = 0.0
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)  # built, but not exactly as the bytes said

    @property
    def legacy_decoded(self) -> int:
        """Files decoded whole from a legacy encoding (not UTF-8)."""
        return sum(w.legacy for w in self.warnings)

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class ProgressEvent:
    """One document done: built, unchanged (skipped by hash) or a problem (message says why);
    or a warning on a document still to come, or (``build(report_parts=True)``) one part of a long
    document extracted -- neither of those is a document done."""

    kind: str  # "built" | "unchanged" | "problem" | "warning" | "part"
    name: str  # article id, or the path of a bad file
    words: int = 0  # a "part": the words of that part (the document's "built" event still counts them all)
    message: str = ""  # a "part": "part 3 of 40"


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
    knowledge: str | Path | None = None,
    extractors: Iterable[str] | None = None,
    on_progress: ProgressCallback | None = None,
    report_parts: bool = False,
) -> BuildReport:
    """Build every document under ``paths`` into ``store`` and report what happened.

    ``workers=0`` chooses (``auto_workers``); the command line does that by default.
    ``knowledge`` is a knowledge folder of the user's that extends the shipped one
    (``kg.knowledge.knowledge``; default ``$KG_KNOWLEDGE``).  ``extractors`` names the
    registered extractors to run, in order (``kg.extract.extractors``; default: all).
    ``report_parts`` also sends a "part" event as each part of a document cut into
    parts (``stages.split_text``, over 100k characters) is parsed, so a progress
    display moves inside a long document (one process only: ``workers=1``).
    """
    paths = list(paths)
    extractors = None if extractors is None else tuple(extractors)
    EXTRACTORS.select(extractors)  # an unknown name fails before anything is read
    if workers == 0:
        workers = auto_workers(paths)
    report = BuildReport()
    started = time.perf_counter()
    notify = on_progress or (lambda event: None)

    store.begin_writing()  # the one writer from here on: the known entities read below stay the whole truth
    stored = StoredIds(store.stored_documents())

    def fresh_articles() -> Iterator[Article]:
        for item in read_inputs(paths, strict=strict):
            if isinstance(item, InputWarning):
                report.warnings.append(item)
                notify(ProgressEvent("warning", item.path, message=item.message))
                continue
            if isinstance(item, Article):
                item = stored.claim(item)
            if isinstance(item, InputProblem):
                if strict:
                    raise InputError(f"{item} (strict mode stops at the first bad input)")
                report.problems.append(item)
                notify(ProgressEvent("problem", item.path, message=item.message))
            elif stored.sha256(item.id) == item.sha256:
                report.unchanged += 1
                notify(ProgressEvent("unchanged", item.id, len(item.text.split())))
            else:
                yield item

    knowledge = str(knowledge) if knowledge else None  # sent to worker processes as it is
    gazetteer = load_knowledge(knowledge).gazetteer
    def on_part(article: Article, part: int, parts: int, words: int) -> None:
        notify(ProgressEvent("part", article.id, words, f"part {part} of {parts}"))

    results = extract(
        fresh_articles(), model=model, knowledge=knowledge, extractors=extractors, workers=workers, engine=engine,
        scheduler=scheduler, on_part=on_part if report_parts else None,
    )
    aliases = AliasTable.from_store(store, gazetteer)
    # documents handed to the writer, each with the event that announces it once it is stored
    pending: deque[tuple[Future[int] | None, ProgressEvent]] = deque()
    built_ids: list[str] = []

    def settle(outstanding: int) -> None:
        """Count and announce finished writes, oldest first, until at most ``outstanding`` are left
        (a part of a long document before its last has no event: the document is not done)."""
        while pending and (len(pending) > outstanding or pending[0][0] is None or pending[0][0].done()):
            written, event = pending.popleft()
            if written is not None:
                report.quads += written.result()  # a failed write raises here
            if event is None:
                continue
            if event.kind == "built":
                report.built += 1
                built_ids.append(event.name)
                report.words += event.words
            notify(event)

    long_document: LongDocument | None = None  # the document being written part by part
    try:
        with OrderedWriter(store) as writer:
            for result in results:
                if isinstance(result, ExtractionFailure):
                    report.problems.append(InputProblem(result.article.source, result.message))
                    if long_document is not None and long_document.article.id == result.article.id:
                        pending.append((writer.submit_removal(long_document.graph), None))  # its first parts
                        long_document = None
                    pending.append((None, ProgressEvent("problem", result.article.source, message=result.message)))
                elif isinstance(result, DocumentPart):
                    if result.part == 1:
                        long_document = LongDocument(result.result.article)
                    quads = long_document.quads(aliases, result)
                    article = result.result.article
                    event = ProgressEvent("built", article.id, len(article.text.split())) if result.last else None
                    pending.append((writer.submit(long_document.graph, quads, replace=result.part == 1), event))
                    if result.last:
                        long_document = None
                else:
                    graph, quads = identify(aliases, result)
                    event = ProgressEvent("built", result.article.id, len(result.article.text.split()))
                    pending.append((writer.submit(graph, quads), event))
                settle(WRITE_AHEAD)
            settle(0)
    except StoreError as exc:
        # at least: a write whose answer the failure cut off may have been stored all the same
        kept = len(stored.stored.keys() | {str(document_iri(doc_id)) for doc_id in built_ids})
        raise StoreError(
            f"{exc}. The store keeps at least {kept} document(s), every one finished before this"
            f" ({report.built} from this build); then run the same command again to build the rest"
        ) from exc
    report.seconds = time.perf_counter() - started
    return report


class StoredIds:
    """The ids of the documents in a store, so that one file keeps one id and no file takes another's.

    - a file already stored under another id (it was named differently before:
      ``news/2024/a.txt`` then ``news/``) keeps the id it has in the store;
    - a file whose id a different file in the store has is a problem, never a
      silent replacement -- unless that other file is gone (the folder moved),
      when this is the same document at its new place.
    """

    def __init__(self, stored: dict[str, StoredDocument]) -> None:
        self.stored = stored
        self.ids_of_source: dict[str, set[str | None]] = {}
        for doc in stored.values():
            self.ids_of_source.setdefault(doc.source, set()).add(doc.id)

    def sha256(self, doc_id: str) -> str | None:
        doc = self.stored.get(str(document_iri(doc_id)))
        return doc.sha256 if doc else None

    def claim(self, article: Article) -> Article | InputProblem:
        """The article under the id it has in the store, or a problem when its id is another file's."""
        known = self.ids_of_source.get(article.source, set())
        if len(known) == 1 and (stored_id := next(iter(known))) not in (None, article.id):
            article = replace(article, id=stored_id)
        doc = self.stored.get(str(document_iri(article.id)))
        if doc is not None and doc.source != article.source and _still_there(doc.source):
            return InputProblem(
                article.source,
                f"id {article.id!r} is already taken by another file in the store ({doc.source}): skipped"
                f" -- build it from a folder that gives it another id, or `kg remove {article.id}` first",
            )
        return article


def _still_there(source: str) -> bool:
    """Whether a stored document's source still exists (a URL is taken to exist)."""
    return "://" in source or os.path.exists(source)


def auto_workers(paths: Iterable[str | Path]) -> int:
    """One process per core, at most one per document -- and one when this process already
    runs other threads, because forking a multi-threaded process can deadlock the children."""
    if threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, count_inputs(paths)))


def extract(
    articles: Iterable[Article], *, model: str | None, knowledge: str | None = None,
    extractors: tuple[str, ...] | None = None, workers: int = 1, engine: str = "local", scheduler: str | None = None,
    on_part: Callable[[Article, int, int, int], None] | None = None,
) -> Iterator[Extracted | DocumentPart]:
    """Parse and extract articles here (workers=1), on N local processes, or on a Dask cluster, in order.

    Here a long document comes as ``DocumentPart``s (``Pipeline.run(in_parts=True)``) and
    ``on_part`` is called; workers and Dask return whole documents (their memory grows with one).
    """
    if engine == "dask":
        if not scheduler:
            raise KGError("--engine dask needs --scheduler ADDRESS, e.g. tcp://10.0.0.5:8786")
        from kg.pipeline.dask_engine import run_dask

        return run_dask(articles, scheduler=scheduler, model=model, knowledge=knowledge, extractors=extractors)
    if engine != "local":
        raise KGError(f"unknown engine {engine!r}: use local (with --workers N) or dask (with --scheduler)")
    if workers > 1:
        from kg.pipeline.parallel import run_parallel

        return run_parallel(articles, model=model, knowledge=knowledge, extractors=extractors, workers=workers)
    return Pipeline(model, load_knowledge(knowledge), extractors=extractors).run(articles, on_part=on_part, in_parts=True)


def identify(aliases: AliasTable, result: DocumentResult) -> tuple[URIRef, list[NQuad]]:
    """Give the result's entities their global IRIs; the document's graph and its quads."""
    iris, merges = aliases.assign_all(result.entities)
    return graph_iri(result.article.id), document_nquads(result, iris, merges, gazetteer=aliases.gaz)


class LongDocument:
    """A document cut into parts (over 100k characters), written part by part in its own graph.

    Each part is identified with the build's alias table and written on its own,
    so no step holds the whole document's results or quads.  The document's own
    quads (node, source, NIF context) go with the first part and its sha256 with
    the last: until the last part is stored the document counts as not built,
    and a re-run (or ``kg build`` again after an interrupt) rebuilds it whole,
    replacing the parts already there.  An entity met in an earlier part is the
    same entity (same IRI) and is not recorded again as a merge.
    """

    def __init__(self, article: Article) -> None:
        self.article = article
        self.graph = graph_iri(article.id)
        self._own = {document_iri(article.id).n3(), char_iri(article.id, 0, len(article.text)).n3()}
        self._sha256 = KG.sha256.n3()
        self._named: dict[URIRef, set[tuple[str, str]]] = {}  # IRI -> (type, name) of earlier parts' entities

    def quads(self, aliases: AliasTable, part: DocumentPart) -> list[NQuad]:
        """The quads of one part to add to the document's graph."""
        names = {e.key: (e.type, e.name) for e in part.result.entities}
        iris, merges = aliases.assign_all(part.result.entities)
        merges = [m for m in merges if names[m.entity.key] not in self._named.get(m.iri, ())]
        for key, iri in iris.items():
            self._named.setdefault(iri, set()).add(names[key])
        return [q for q in document_nquads(part.result, iris, merges, gazetteer=aliases.gaz) if self._keep(q, part)]

    def _keep(self, quad: NQuad, part: DocumentPart) -> bool:
        if quad[0] not in self._own:
            return True
        return part.last if quad[1] == self._sha256 else part.part == 1


def write_result(store: GraphStore, aliases: AliasTable, result: DocumentResult) -> int:
    """Identify and write one document, here and now; returns quads written."""
    graph, quads = identify(aliases, result)
    store.replace_document_nquads(graph, quads)
    return len(quads)


class OrderedWriter:
    """Writes documents into a store on one background thread, one atomic update each, in the order given.

    ``submit`` returns at once with a future of the quads written.  After a failed
    write nothing later is written, so the store always holds the build's first
    documents and none after a gap -- as after a crash -- and a re-run decides
    identity exactly as an uninterrupted build.  The thread starts with the first
    document, after ``--workers`` has forked its processes.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.failed: Exception | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")

    def submit(self, graph: URIRef, quads: list[NQuad], *, replace: bool = True) -> Future[int]:
        """Write a document's graph (``replace``), or add a later part of a long one to it."""
        write = self.store.replace_document_nquads if replace else self.store.add_document_nquads
        return self._pool.submit(self._write, graph, lambda: write(graph, quads), len(quads))

    def submit_removal(self, graph: URIRef) -> Future[int]:
        """Take a document out (the first parts of a long document whose later part failed)."""
        return self._pool.submit(self._write, graph, lambda: self.store.remove_document(graph), 0)

    def _write(self, graph: URIRef, write: Callable[[], None], quads: int) -> int:
        if self.failed is not None:
            raise StoreError(f"{graph} not written: an earlier document failed ({self.failed})")
        try:
            write()
        except Exception as exc:
            self.failed = exc
            raise
        return quads

    def __enter__(self) -> OrderedWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)  # documents already handed over are finished, never cut


@dataclass(frozen=True)
class Removed:
    """One document taken out of a store, with what went with it."""

    id: str
    source: str
    facts: int
    quotes: int


def remove(specs: Iterable[str], store: GraphStore) -> list[Removed]:
    """Remove the documents ``specs`` name: what ``build`` accepted (a file, a folder, a glob) or ids and IRIs.

    A file or glob names the documents read from those files, a folder every
    document read from below it (files since deleted included); anything else
    is a document id or document IRI.  A spec naming nothing raises KGError,
    before anything is removed.
    """
    stored = store.stored_documents()
    chosen: dict[str, StoredDocument] = {}
    for spec in specs:
        found = _documents_named(spec, stored)
        if not found:
            raise KGError(f"no document {spec!r} in the store: give a path or folder it was built from,"
                          " or an id (`kg query documents` lists them)")
        chosen.update(found)
    removed = []
    for iri, doc in chosen.items():
        doc_id = doc.id or iri.removeprefix(str(DOC))
        graph = graph_iri(doc_id) if doc.id else _graph_of(store, iri)
        facts, quotes = store.document_counts(graph)
        store.remove_document(graph)
        removed.append(Removed(doc_id, doc.source, facts, quotes))
    return removed


def _documents_named(spec: str, stored: dict[str, StoredDocument]) -> dict[str, StoredDocument]:
    """The stored documents a spec of ``remove`` names."""
    iri = spec.strip().removeprefix("<").removesuffix(">")
    for candidate in (iri, str(document_iri(spec))):
        if candidate in stored:
            return {candidate: stored[candidate]}
    paths = [Path(p) for p in glob.glob(spec, recursive=True)] if glob.has_magic(spec) else [Path(spec)]
    found = {}
    for path in paths:
        source = os.path.abspath(path)
        below = source.rstrip(os.sep) + os.sep
        found.update({d: doc for d, doc in stored.items()
                      if doc.source == source or (path.is_dir() and doc.source.startswith(below))})
    return found


def _graph_of(store: GraphStore, doc: str) -> URIRef:
    """The named graph holding a document node (for documents stored before their ids were)."""
    for row in store.query("SELECT ?g WHERE { GRAPH ?g { ?doc ?p ?h } }", {"doc": URIRef(doc), "p": KG.sha256}):
        return row[0]
    raise KGError(f"document {doc} has no graph in the store")

