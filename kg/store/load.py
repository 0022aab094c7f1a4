"""Load RDF files (a kg export, or graphs built on other machines) into a store, fast.

``kg load graph.nq`` restores an export or brings graphs built elsewhere together.
Into the embedded Oxigraph store, N-Quads and N-Triples files are cut at line
ends into blocks of ``BLOCK_BYTES`` that Oxigraph's bulk loader takes on one
thread per core: a bulk load releases the GIL but keeps only about one core busy,
so one thread per core is what reaches the machine's speed.  Blank node labels
belong to one load, so a file that may hold blank nodes (it contains ``_:``) and
every other format (Turtle, TriG, JSON-LD, RDF/XML) goes in one bulk load.  Into
the ``memory`` store rdflib parses the file; to a SPARQL server it is POSTed to
the Graph Store endpoint.  Files may be gzipped (``graph.nq.gz``).  kg keeps
everything in named graphs (its queries read their union), so the triples of a
triples-only file (N-Triples, Turtle, RDF/XML) go into a named graph of their own,
``import_graph(path)``, but for the types and labels of entities, which go into the
shared entities graph where kg reads them; quads keep their graphs.  A triples-only
file has no documents' graphs, so its documents cannot be removed one by one.

A bulk load is not one transaction: a load that stops half-way leaves part of
the file in the store.  Load the file again: a store holds a set of quads, so
nothing is doubled.
"""

from __future__ import annotations

import gzip
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import URIRef

from kg.errors import KGError, StoreError
from kg.store.graph_store import GraphStore
from kg.vocab import import_graph_iri

BLOCK_BYTES = 32 * 1024 * 1024  # one bulk load per block; memory is at most two blocks per thread
LINE_FORMATS = frozenset({"application/n-quads", "application/n-triples"})
EXTENSIONS = {"nq": "N_QUADS", "nt": "N_TRIPLES", "ttl": "TURTLE", "trig": "TRIG", "jsonld": "JSON_LD", "rdf": "RDF_XML"}


def load_files(store: GraphStore, paths: list[Path], *, threads: int | None = None) -> dict[Path, URIRef]:
    """Load every file in ``paths`` into ``store``; a file kg cannot read raises KGError naming it.

    Returns the named graph each triples-only file went into; the types and
    labels of its entities go on into the shared entities graph
    (``GraphStore.adopt_entities``), where ``kg entities`` and ``kg stats`` read them.
    """
    store.check_writable()
    imported: dict[Path, URIRef] = {}
    for path in paths:
        fmt = rdf_format(path)
        graph = None if fmt.supports_datasets else import_graph(path)
        try:
            if store.oxigraph is not None:
                _bulk_load(store.oxigraph, path, fmt, graph, threads or os.cpu_count() or 1)
            elif store.location.startswith(("http://", "https://")):
                with _open(path) as stream:
                    store.dataset.store.upload(stream, fmt.media_type, graph)
            else:
                with _open(path) as stream:
                    (store.dataset if graph is None else store.dataset.graph(graph)).parse(stream, format=fmt.media_type)
        except (SyntaxError, ValueError) as exc:  # pyoxigraph: SyntaxError; rdflib: many ValueErrors
            raise KGError(f"{path}: not valid {fmt.name} ({exc}); fix the file or name it by its format") from exc
        except OSError as exc:
            raise StoreError(f"could not load {path} into the store at {store.location}: {exc}") from exc
        if graph is not None:
            store.adopt_entities(graph)
            imported[path] = graph
    store.flush()
    return imported


def rdf_format(path: Path):
    """The pyoxigraph RdfFormat a file's name says (``.nq``, ``.nt``, ``.ttl``, ``.trig``, ``.jsonld``, ``.rdf``; ``.gz`` after it)."""
    import pyoxigraph as ox

    suffixes = [s.lstrip(".").lower() for s in path.suffixes if s != ".gz"]
    name = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if name is None:
        raise KGError(f"{path}: unknown RDF format; name the file .nq, .nt, .ttl, .trig, .jsonld or .rdf (optionally .gz)")
    return getattr(ox.RdfFormat, name)


def import_graph(path: Path) -> URIRef:
    """The named graph that receives a triples-only file: ``.../graph/import/<file name>``."""
    return import_graph_iri(path.name)


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    """The file's bytes, gunzipped when its name ends in .gz."""
    if not path.is_file():
        raise KGError(f"{path}: no such file")
    with (gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")) as stream:
        yield stream


def _bulk_load(inner, path: Path, fmt, graph: URIRef | None, threads: int) -> None:
    import pyoxigraph as ox

    target = {} if graph is None else {"to_graph": ox.NamedNode(str(graph))}
    if threads == 1 or fmt.media_type not in LINE_FORMATS or _may_hold_blank_nodes(path):
        with _open(path) as stream:
            inner.bulk_load(stream, format=fmt, **target)
        return
    in_flight: deque[Future[None]] = deque()
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-load") as pool, _open(path) as stream:
        for block in _line_blocks(stream):
            in_flight.append(pool.submit(inner.bulk_load, block, format=fmt, **target))
            while len(in_flight) >= 2 * threads:
                in_flight.popleft().result()
        for future in in_flight:
            future.result()


def _line_blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in blocks of about BLOCK_BYTES, each ending at a line end."""
    while block := stream.read(BLOCK_BYTES):
        yield block + stream.readline()


def _may_hold_blank_nodes(path: Path) -> bool:
    """True when ``_:`` occurs anywhere in the file (a blank node, or those characters in a literal)."""
    with _open(path) as stream:
        tail = b""
        while block := stream.read(BLOCK_BYTES):
            if b"_:" in tail + block[:1] or b"_:" in block:
                return True
            tail = block[-1:]
    return False
