"""RDF exports: Turtle (all graphs merged), TriG, N-Quads and JSON-LD (one named graph per document).

An Oxigraph store serializes itself (no per-triple conversion into Python, so a
large store exports many times faster: 80k triples of Turtle in under a second
instead of ~17 s); the quads of other stores (memory, a SPARQL server) are
copied into an in-memory Oxigraph store first, so every store exports the same quads.  Prefixes of
the vocabularies kg uses keep Turtle and TriG readable.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.vocab import PREFIXES as VOCAB_PREFIXES

__all__ = ["PREFIXES", "TRIPLES_ONLY", "write_jsonld", "write_nquads", "write_ntriples", "write_trig", "write_turtle"]

# the vocabulary's prefixes (kg.vocab.PREFIXES) that RDF files declare; doc:, graph: and rule: are left
# out so that exports stay byte for byte what they were (they are for reading tables and writing queries)
PREFIXES = {name: ns for name, ns in VOCAB_PREFIXES.items() if name not in ("doc", "graph", "rule")}

# kg format -> (pyoxigraph RdfFormat name, whether named graphs are kept)
_FORMATS = {
    "turtle": ("TURTLE", False),
    "ntriples": ("N_TRIPLES", False),
    "trig": ("TRIG", True),
    "nquads": ("N_QUADS", True),
    "jsonld": ("JSON_LD", True),
}

TRIPLES_ONLY = frozenset(name for name, (_, keeps_graphs) in _FORMATS.items() if not keeps_graphs)


def _copy_to_oxigraph(dataset):
    """The quads of an rdflib Dataset (the memory store, a SPARQL server) in an in-memory Oxigraph store.

    So every store is written by the same serializer, quad for quad: rdflib's
    Dataset serializers also write the union default graph as a graph of its
    own, which doubled every quad of a remote store's export.
    """
    import pyoxigraph as ox

    inner = ox.Store()
    inner.extend(
        ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_graph(g.identifier if hasattr(g, "identifier") else g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return inner


def _ox_term(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def _ox_graph(graph):
    import pyoxigraph as ox

    if graph is None or graph == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return _ox_term(graph)


def _write(store, path: Path, name: str) -> list[Path]:
    import pyoxigraph as ox

    oxigraph_format, keeps_graphs = _FORMATS[name]
    inner = store.oxigraph if store.oxigraph is not None else _copy_to_oxigraph(store.dataset)
    fmt = getattr(ox.RdfFormat, oxigraph_format)
    if keeps_graphs:
        inner.dump(str(path), fmt, prefixes=PREFIXES)
    else:  # every named graph merged into one graph
        triples = inner.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        ox.serialize(triples, str(path), fmt, prefixes=PREFIXES)
    return [path]


def write_turtle(store, path: Path) -> list[Path]:
    """Every triple of every graph, merged into one Turtle graph (graph names are lost)."""
    return _write(store, path, "turtle")


def write_ntriples(store, path: Path) -> list[Path]:
    """N-Triples: one triple a line, every graph merged into one (graph names are lost)."""
    return _write(store, path, "ntriples")


def write_trig(store, path: Path) -> list[Path]:
    """TriG: one named graph per document plus the shared entities graph."""
    return _write(store, path, "trig")


def write_nquads(store, path: Path) -> list[Path]:
    """N-Quads: one quad a line, graph names kept; the fastest format to load elsewhere."""
    return _write(store, path, "nquads")


def write_jsonld(store, path: Path) -> list[Path]:
    """JSON-LD with one ``@graph`` per named graph."""
    return _write(store, path, "jsonld")
