"""RDF exports: Turtle (all graphs merged), TriG, N-Quads and JSON-LD (one named graph per document).

An Oxigraph store serializes itself (no per-triple conversion into Python, so a
large store exports many times faster: 80k triples of Turtle in under a second
instead of ~17 s); other stores go through rdflib's serializers.  Prefixes of
the vocabularies kg uses keep Turtle and TriG readable.
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.vocab import ID, ITSRDF, KG, NIF, OPEN, SCHEMA

__all__ = ["PREFIXES", "write_jsonld", "write_nquads", "write_trig", "write_turtle"]

PREFIXES = {
    "kg": str(KG._NS),
    "id": str(ID),
    "open": str(OPEN),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

# kg format -> (rdflib serializer, pyoxigraph RdfFormat name, whether named graphs are kept)
_FORMATS = {
    "turtle": ("turtle", "TURTLE", False),
    "trig": ("trig", "TRIG", True),
    "nquads": ("nquads", "N_QUADS", True),
    "jsonld": ("json-ld", "JSON_LD", True),
}


def _write(store, path: Path, name: str) -> list[Path]:
    rdflib_format, oxigraph_format, keeps_graphs = _FORMATS[name]
    inner = store.oxigraph
    if inner is None:
        dataset = store.dataset
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True)
        dataset.serialize(destination=str(path), format=rdflib_format, encoding="utf-8")
        return [path]
    import pyoxigraph as ox

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


def write_trig(store, path: Path) -> list[Path]:
    """TriG: one named graph per document plus the shared entities graph."""
    return _write(store, path, "trig")


def write_nquads(store, path: Path) -> list[Path]:
    """N-Quads: one quad a line, graph names kept; the fastest format to load elsewhere."""
    return _write(store, path, "nquads")


def write_jsonld(store, path: Path) -> list[Path]:
    """JSON-LD with one ``@graph`` per named graph."""
    return _write(store, path, "jsonld")
