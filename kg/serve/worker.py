"""Evaluate one SPARQL query on an Oxigraph store and read its answer, up to a row limit.

Used in two ways: in a worker process of ``engine`` (``main``: open the store
folder read-only, then answer queries sent over a pipe until the pipe closes), so
that a query past the time limit can be stopped by ending its process -- a
pyoxigraph query cannot be interrupted from Python -- and in a thread, for an
in-memory store.  This module imports only pyoxigraph, so a worker starts fast.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["Answer", "EvaluationError", "evaluate", "main"]


class EvaluationError(Exception):
    """The query does not parse, or the store could not evaluate it (the message says which)."""


class PastDeadline(Exception):
    """The deadline passed while the answer was being read."""


@dataclass
class Answer:
    """A query's answer in pyoxigraph terms: rows of a SELECT, triples of a CONSTRUCT/DESCRIBE, or an ASK's boolean."""

    form: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    triples: list = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False  # the row limit cut the answer


def take(items, max_rows: int, deadline: float | None = None) -> tuple[list, bool]:
    """At most ``max_rows`` items of a lazy answer, and whether there were more; stops at ``deadline``."""
    taken = []
    try:
        for item in items:
            if deadline is not None and time.monotonic() > deadline:
                raise PastDeadline
            if len(taken) == max_rows:
                return taken, True
            taken.append(item)
    except OSError as exc:  # pyoxigraph reports evaluation errors while rows are read
        raise EvaluationError(f"the query failed: {exc}") from None
    return taken, False


def evaluate(
    store: ox.Store, sparql: str, prefixes: dict[str, str], default_graphs: list[str], named_graphs: list[str],
    max_rows: int, deadline: float | None = None,
) -> Answer:
    """Run ``sparql``; the default graph is the union of all graphs unless ``default_graphs`` names some."""
    options: dict = {"use_default_graph_as_union": not default_graphs, "prefixes": prefixes}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(sparql, **options)
    except (SyntaxError, ValueError) as exc:
        raise EvaluationError(f"the query does not parse: {exc}") from None
    except OSError as exc:
        raise EvaluationError(f"the store could not answer: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows, cut = take(result, max_rows, deadline)
        return Answer("select", variables, [[row[i] for i in range(len(variables))] for row in rows], truncated=cut)
    triples, cut = take(result, max_rows, deadline)
    return Answer("graph", triples=triples, truncated=cut)


def main(location: str, conn) -> None:
    """A worker process: open ``location`` read-only and say ``("ready", None)``, then answer each job
    sent on ``conn`` with ``("ok", Answer)`` or ``("failed", message)``, until the other end closes.

    Ctrl-C in the terminal reaches the whole process group: the worker ignores it
    and ends when the server closes its pipe.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = ox.Store.read_only(location)
    except (OSError, RuntimeError) as exc:
        conn.send(("failed", f"the query worker could not open the store at {location}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            sparql, prefixes, default_graphs, named_graphs, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", evaluate(store, sparql, prefixes, default_graphs, named_graphs, max_rows)))
        except EvaluationError as exc:
            conn.send(("failed", str(exc)))
