"""Run one client's SPARQL query on the served store, read-only, within a time limit and a row limit.

A pyoxigraph query cannot be interrupted from Python (no signal reaches it, and
it holds no Python frame to stop), so for a store folder each query runs in one
of a few worker processes (``worker.main``, each with the folder open read-only):
at the deadline the server ends that process, answers 503, and starts a fresh
worker -- a runaway query costs nothing after its limit.  An in-memory or remote
store cannot be shared with another process: there the query runs in a thread,
and the deadline stops reading an answer that streams but cannot stop a step
that must finish before its first row (a sort, a count); the thread runs on,
holding one of the ``workers`` slots.  When every worker is busy for the whole
time limit, a query is refused as busy rather than queued without end.

Refused before they run: updates (the endpoint is read-only, 403) and ``SERVICE``
(the endpoint never calls out to other servers, 403).
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.analysis.query import STANDARD_PREFIXES
from kg.errors import KGError
from kg.serve import worker
from kg.serve.worker import Answer, EvaluationError, PastDeadline, evaluate, take

__all__ = [
    "Answer", "LimitHit", "Limits", "QueryEngine", "QueryFailed", "QueryRefused", "check_allowed", "keywords_of", "to_oxigraph",
]

# what a query's text holds that is not its keywords: strings, IRIs, comments (checked before keywords)
_NOT_KEYWORDS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PROLOGUE = re.compile(r"^\s*(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)*", re.IGNORECASE)  # IRIs already blanked
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# kg's prefixes, declared for every query (as `kg query` does); given to Oxigraph apart, so error positions stay the client's
PREFIXES = dict(re.findall(r"PREFIX (\w+): <([^>]+)>", STANDARD_PREFIXES))
START_TIMEOUT = 30.0  # seconds a new worker process may take to open the store


class QueryRefused(KGError):
    """A query the endpoint will not run (an update, a federated ``SERVICE`` call): HTTP 403."""


class QueryFailed(KGError):
    """A query that does not parse or cannot be evaluated: HTTP 400 with the parser's message."""


class LimitHit(KGError):
    """The time limit passed, or every worker was busy: HTTP 503 saying which."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit  # "time" or "busy"


@dataclass(frozen=True)
class Limits:
    """The server's limits: seconds per query, rows (or triples) per answer, queries running at once."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 4


def keywords_of(sparql: str) -> str:
    """The query text without its strings, IRIs and comments (so a literal "SERVICE" is not a keyword).

    >>> keywords_of('SELECT * { ?s ?p "SERVICE <x>" } # SERVICE')
    'SELECT * { ?s ?p  } '
    """
    return _NOT_KEYWORDS.sub("", sparql)


def check_allowed(sparql: str) -> None:
    """Refuse an update or a ``SERVICE`` call, saying why (``QueryRefused``)."""
    words = keywords_of(sparql)
    first = _FIRST_WORD.search(_PROLOGUE.sub("", words))
    if first and first.group().upper() in _UPDATE_WORDS:
        raise QueryRefused(
            "updates are refused: this endpoint is read-only. Change the graph with `kg build`, `kg load` or `kg remove`."
        )
    if _SERVICE.search(words):
        raise QueryRefused("SERVICE is refused: this endpoint queries only its own store and never calls other servers.")


class QueryEngine:
    """Runs queries on a GraphStore under ``Limits``: in worker processes for a store folder, else in threads."""

    def __init__(self, store, limits: Limits) -> None:
        self.store = store
        self.limits = limits
        folder = store.oxigraph is not None and Path(store.location).is_dir()
        self._runner = _Processes(store.location, limits.workers) if folder else _Threads(store, limits.workers)

    def run(self, sparql: str, default_graphs: list[str] = (), named_graphs: list[str] = ()) -> Answer:
        """Check, run and read one query; raises QueryRefused, QueryFailed or LimitHit."""
        check_allowed(sparql)
        deadline = time.monotonic() + self.limits.timeout
        try:
            return self._runner.run(sparql, list(default_graphs), list(named_graphs), self.limits.max_rows, deadline)
        except _Busy:
            raise LimitHit(
                f"the server is busy: {self.limits.workers} queries are running (kg serve --query-workers); try again shortly",
                "busy",
            ) from None
        except (PastDeadline, FutureTimeout):
            raise LimitHit(
                f"the query ran longer than the time limit of {self.limits.timeout:g} s (kg serve --timeout): "
                "narrow its patterns or add a LIMIT",
                "time",
            ) from None
        except EvaluationError as exc:
            raise QueryFailed(str(exc)) from None

    def close(self) -> None:
        """Stop the workers; a query still running in a thread finishes there, unwaited."""
        self._runner.close()


class _Busy(Exception):
    pass


class _Worker:
    """One worker process and the server's end of its pipe; ``ready`` once it has opened the store."""

    def __init__(self, context, location: str) -> None:
        self.conn, there = context.Pipe()
        self.process = context.Process(target=worker.main, args=(location, there), daemon=True, name="kg-query")
        self.process.start()
        there.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait (up to START_TIMEOUT, outside any query's time) for the worker to open the store."""
        if self.ready:
            return
        if not self.conn.poll(START_TIMEOUT):
            raise EvaluationError(f"a query worker did not open the store within {START_TIMEOUT:g} s; try again")
        status, message = self.conn.recv()
        if status != "ready":
            raise EvaluationError(message)
        self.ready = True

    def stop(self, wait: float = 5.0) -> None:
        self.conn.close()
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(wait)


class _Processes:
    """A pool of worker processes over a store folder; one that passes its deadline is ended and replaced."""

    def __init__(self, location: str, size: int) -> None:
        self.location = location
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._context, location))

    def run(self, sparql: str, default_graphs: list[str], named_graphs: list[str], max_rows: int, deadline: float) -> Answer:
        timeout = deadline - time.monotonic()
        try:
            w = self._idle.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise _Busy from None
        try:
            w.wait_ready()
            w.conn.send((sparql, PREFIXES, default_graphs, named_graphs, max_rows))
            if not w.conn.poll(max(0.0, timeout)):
                self._replace(w)
                raise PastDeadline
            status, value = w.conn.recv()
        except (EOFError, OSError):
            self._replace(w)
            raise EvaluationError("the query worker stopped (out of memory?); try again, or narrow the query") from None
        except EvaluationError:
            self._replace(w)
            raise
        self._idle.put(w)
        if status == "failed":
            raise EvaluationError(value)
        return value

    def _replace(self, w: _Worker) -> None:
        w.process.kill()
        w.stop()
        if not self._closed:
            self._idle.put(_Worker(self._context, self.location))

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop(wait=2.0)
            except queue.Empty:
                return


class _Threads:
    """Queries in threads (an in-memory or remote store, which another process cannot open)."""

    def __init__(self, store, size: int) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="kg-query")
        self._slots = threading.BoundedSemaphore(size)

    def run(self, sparql: str, default_graphs: list[str], named_graphs: list[str], max_rows: int, deadline: float) -> Answer:
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _Busy
        future = self._pool.submit(self._evaluate, sparql, default_graphs, named_graphs, max_rows, deadline)
        future.add_done_callback(lambda _: self._slots.release())
        return future.result(timeout=max(0.0, deadline - time.monotonic()))

    def _evaluate(self, sparql: str, default_graphs: list[str], named_graphs: list[str], max_rows: int, deadline: float) -> Answer:
        inner = self.store.oxigraph
        if inner is not None:
            return evaluate(inner, sparql, PREFIXES, default_graphs, named_graphs, max_rows, deadline)
        if default_graphs or named_graphs:
            raise EvaluationError("default-graph-uri and named-graph-uri need a store folder (Oxigraph); use GRAPH in the query")
        try:
            result = self.store.dataset.query(STANDARD_PREFIXES + sparql)
        except Exception as exc:  # noqa: BLE001 - rdflib's parser and remote stores raise many kinds
            raise EvaluationError(f"the query failed: {exc}") from None
        if result.type == "ASK":
            return Answer("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            rows, cut = take(result, max_rows, deadline)
            return Answer("select", [str(v) for v in result.vars], [[to_oxigraph(t) for t in row] for row in rows], truncated=cut)
        triples, cut = take(result, max_rows, deadline)
        return Answer("graph", triples=[ox.Triple(*map(to_oxigraph, t)) for t in triples], truncated=cut)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise QueryFailed(f"cannot write the term {term!r}")
