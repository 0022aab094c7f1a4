"""A SPARQL 1.1 server as kg's store: ``--store http://host:port/``.

``open_remote_dataset(url)`` returns an ordinary rdflib ``Dataset`` whose store
talks to the server over HTTP, so ``GraphStore`` (and everything above it) runs
unchanged and many builders can share one store.  The URL is the server's base;
the endpoints follow Oxigraph's layout (``oxigraph serve``):

- ``URL/query``  SPARQL 1.1 Query protocol (POST, JSON results);
- ``URL/update`` SPARQL 1.1 Update protocol: one POST per ``dataset.update``, so
  ``GraphStore.replace_document`` (DROP + INSERT DATA in one request) is atomic on
  the server -- a failed or interrupted request leaves the old document whole;
- ``URL/store``  Graph Store protocol: a whole-dataset read (``dataset.quads()``
  with nothing bound, as an export does) is one streamed N-Quads GET.

Union default graph: kg keeps each document in its own named graph and its
queries expect the default graph to be the union of them all.  Every query is
sent with Oxigraph's ``union-default-graph`` parameter, so any Oxigraph server
works whether or not it was started with ``--union-default-graph``.  For another
server (Fuseki, GraphDB, ...) configure the union default graph on the server.

Every request has a bounded timeout; an unreachable, slow or failing server
raises ``StoreError`` saying which URL and what to do.  Transient failures (a
connection refused or reset, a 5xx answer) are retried ``RETRIES`` times with
back-off (0.5, 1, 2 s): every request kg sends is idempotent (a document's
update drops its graph before inserting it), so a retried one that had in fact
been applied changes nothing.  A timeout is not retried (it already waited),
nor an upload (its stream is spent), nor the first ping (a wrong URL fails at once).

One writer at a time: a build (any write) first takes the server's writer lock
(``kg/store/remote_lock.py``), so a second build is refused as on an on-disk store.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import IO
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin
from urllib.request import Request, urlopen

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore, _node_to_sparql
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg.errors import StoreError

DEFAULT_TIMEOUT = 60.0  # seconds without a byte from the server before a request fails
RETRIES = 3  # transient failures retried per request, after 0.5, 1 and 2 s
RETRY_PAUSE = 0.5
RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass(frozen=True)
class Endpoints:
    """The three protocol endpoints of a server, derived from its base URL.

    >>> Endpoints.of("http://127.0.0.1:7878").update
    'http://127.0.0.1:7878/update'
    """

    base: str
    query: str
    update: str
    store: str

    @classmethod
    def of(cls, url: str) -> Endpoints:
        base = url if url.endswith("/") else url + "/"
        return cls(url, urljoin(base, "query"), urljoin(base, "update"), urljoin(base, "store"))


def open_remote_dataset(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Dataset:
    """An rdflib Dataset over the SPARQL server at ``url``; fails at once if it does not answer."""
    store = RemoteStore(Endpoints.of(url), timeout=timeout)
    store.ping()
    return Dataset(store=store, default_union=True)


class RemoteStore(SPARQLUpdateStore):
    """rdflib's SPARQLUpdateStore with bounded timeouts, kg's errors and the union default graph.

    rdflib's own connector has no timeout, hides HTTP errors behind a generic
    ``ValueError`` and appends bindings as a trailing ``VALUES`` (joined after
    the whole pattern is evaluated); this one sends each request itself and puts
    the bindings at the start of the WHERE group, where the server can use them.
    """

    def __init__(self, endpoints: Endpoints, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(query_endpoint=endpoints.query, update_endpoint=endpoints.update, returnFormat="json")
        self.endpoints = endpoints
        self.timeout = timeout

    def ping(self) -> None:
        """Check that the server answers queries (a short ASK), so a wrong URL fails before any work."""
        self._query("ASK { }", timeout=min(self.timeout, 10.0), retries=0)

    # -- reading ---------------------------------------------------------------
    def query(self, query, initNs=None, initBindings=None, queryGraph=None, DEBUG=False):  # noqa: N803 - rdflib's names
        if initBindings:
            query = bind_inline(query, initBindings)
        return super().query(query, initNs, None, queryGraph, DEBUG)

    def triples(self, spo, context=None):
        """Match a pattern; over the union (no context) each match comes with the graph holding it.

        rdflib's SPARQLStore yields no graph, which breaks ``Dataset.quads()``;
        here a union match is one row per (triple, graph), and an unbound pattern
        reads the whole dataset through the Graph Store protocol.
        """
        if self._is_contextual(context):
            yield from super().triples(spo, context)
            return
        if spo == (None, None, None):
            yield from self._dump()
            return
        s, p, o = (term if term is not None else Variable(name) for term, name in zip(spo, "spo"))
        pattern = " ".join(_node_to_sparql(t) for t in (s, p, o))
        for row in self._query(f"SELECT * WHERE {{ GRAPH ?g {{ {pattern} }} }}"):
            triple = tuple(row.get(t, t) for t in (s, p, o))
            yield triple, iter([Graph(store=self, identifier=row.g)])

    def add_graph(self, graph: Graph) -> None:
        """Nothing to send: a named graph exists on the server once it holds a triple.

        (rdflib's ``CREATE GRAPH`` fails for a graph that exists, so even reading
        ``dataset.graph(iri)`` would fail; it also needs write access.)
        """

    def upload(self, stream: IO[bytes], media_type: str, graph: URIRef | None = None) -> None:
        """POST an RDF file to the Graph Store endpoint: its quads join the server's dataset
        (a triples-only file goes into ``graph``)."""
        url = self.endpoints.store if graph is None else f"{self.endpoints.store}?{urlencode({'graph': str(graph)})}"
        request = Request(url, data=stream, headers={"Content-Type": media_type})
        self._send(request, lambda res: None, timeout=max(self.timeout, 600.0), retries=0)

    def _dump(self) -> Iterator:
        """Every quad but the writer lock's, streamed (not retried once it has begun)."""
        import pyoxigraph as ox

        from kg.store.remote_lock import LOCK_GRAPH

        with self._open(Request(self.endpoints.store, headers={"Accept": "application/n-quads"})) as res:
            for quad in ox.parse(res, format=ox.RdfFormat.N_QUADS):
                name = _from_ox(quad.graph_name)
                if name == LOCK_GRAPH:
                    continue
                graph = Graph(store=self, identifier=name)
                yield (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)), iter([graph])

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None,
               *, timeout: float | None = None, retries: int = RETRIES) -> Result:
        params = {"default-graph-uri": default_graph} if default_graph else {"union-default-graph": ""}
        request = Request(
            f"{self.endpoints.query}?{urlencode(params)}",
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query; charset=UTF-8", "Accept": RESULTS_ACCEPT},
        )

        def read(res) -> tuple[bytes, str]:
            return res.read(), res.headers.get("Content-Type", "application/sparql-results+json").split(";")[0]

        body, content_type = self._send(request, read, timeout=timeout, retries=retries)
        return Result.parse(BytesIO(body), content_type=content_type)

    # -- writing ---------------------------------------------------------------
    def _update(self, update: str) -> None:
        request = Request(
            self.endpoints.update,
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update; charset=UTF-8"},
        )
        self._send(request, lambda res: res.read())

    # -- HTTP ------------------------------------------------------------------
    def _send(self, request: Request, read, *, timeout: float | None = None, retries: int = RETRIES):
        """Send ``request`` and ``read`` its answer whole, retrying transient failures with back-off.

        Returns what ``read(response)`` returns; every failure that is left
        becomes a StoreError that says what to do.
        """
        for attempt in range(retries + 1):
            try:
                with self._open(request, timeout) as res:
                    return read(res)
            except StoreError as exc:
                if attempt == retries or not _transient(exc.__cause__):
                    raise
            except (http.client.HTTPException, ConnectionError, TimeoutError) as exc:  # while the answer was read
                if attempt == retries or isinstance(exc, TimeoutError):
                    raise StoreError(f"the SPARQL server at {self.endpoints.base} broke off its answer ({exc!r});"
                                     " check that it is running, then run the same command again") from exc
            time.sleep(RETRY_PAUSE * 2**attempt)
        raise AssertionError("unreachable")

    def _open(self, request: Request, timeout: float | None = None):
        """Open ``request`` with a timeout; every failure becomes a StoreError that says what to do."""
        url = self.endpoints.base
        try:
            return urlopen(request, timeout=timeout or self.timeout)  # noqa: S310 - http(s) URL from --store
        except HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise StoreError(
                f"the SPARQL server at {url} refused the request ({exc.code} {exc.reason}): {detail}"
            ) from exc
        except (URLError, socket.timeout, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, socket.timeout | TimeoutError):
                reason = f"no answer within {timeout or self.timeout:g}s"
            raise StoreError(
                f"cannot reach the SPARQL server at {url}: {reason}; start it or check --store"
            ) from exc


def _transient(exc: BaseException | None) -> bool:
    """Whether a failed request may succeed if sent again: a 5xx answer, a connection refused, reset or cut."""
    if isinstance(exc, HTTPError):
        return exc.code >= 500
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, ConnectionError | http.client.HTTPException) and not isinstance(reason, TimeoutError)


def _from_ox(term) -> Node:
    """A pyoxigraph term as the rdflib term the SPARQL results would give (xsd:string: a plain literal)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


_WHERE_BEFORE = re.compile(r"(?i)\bwhere\s*$")


def bind_inline(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables with a ``VALUES`` row at the start of the query's WHERE group.

    Braces inside strings, IRIs and comments are skipped; the WHERE group is the
    first top-level group after the keyword WHERE, else the first one (``ASK {}``).

    >>> bind_inline("SELECT ?n WHERE { ?e <urn:p> ?n }", {"e": URIRef("urn:x")})
    'SELECT ?n WHERE { VALUES (?e) { (<urn:x>) } ?e <urn:p> ?n }'
    """
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(_node_to_sparql(term) for term in bindings.values())
    values = f" VALUES ({names}) {{ ({row}) }}"
    level, first = 0, None
    for match in SPARQLUpdateStore.BLOCK_FINDING_PATTERN.finditer(query):
        if match.group("block_start") is not None:
            if level == 0:
                at = match.end()
                if _WHERE_BEFORE.search(query, 0, match.start()):
                    return query[:at] + values + query[at:]
                first = at if first is None else first
            level += 1
        elif match.group("block_end") is not None:
            level -= 1
    if first is None:
        raise StoreError(f"cannot bind {names} in a query without a WHERE group: {query[:200]!r}")
    return query[:first] + values + query[first:]


__all__ = ["DEFAULT_TIMEOUT", "Endpoints", "RemoteStore", "bind_inline", "open_remote_dataset"]
