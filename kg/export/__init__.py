"""Export a store to files other tools read: RDF, Gephi, networkx/igraph, spreadsheets, JSON lines.

``export(store, format, path)`` writes one format and returns the files written.
The writers live one module per format family and are imported only when used:

========  ==============================  ==========================================
format    module                          read by
========  ==============================  ==========================================
turtle    ``rdf_formats`` (all graphs      any RDF tool (named graphs merged)
          merged)
trig      ``rdf_formats``                 RDF tools, keeping one graph per document
nquads    ``rdf_formats``                 RDF tools, Oxigraph/Jena bulk loaders
jsonld    ``rdf_formats``                 JSON-LD processors (named graphs kept)
gexf      ``gexf`` (GEXF 1.3, dynamic)    Gephi (timeline), graphology/sigma.js
graphml   ``graphml``                     networkx, igraph, Cytoscape, yEd
csv       ``tables`` (nodes + edges)      Gephi's spreadsheet importer, Neo4j LOAD CSV
jsonl     ``tables`` (one fact a line)    pandas, jq, anything that reads JSON
========  ==============================  ==========================================

Graph formats (gexf, graphml, csv) take ``kg.analysis.network.entity_graph`` filters as
keyword arguments, e.g. ``export(store, "gexf", "people.gexf", types=["Person"])``, and
``network="comention"`` (or ``"comention-document"``) for the co-mention network.

XML cannot hold some characters a text may contain (most control characters);
``xml_safe`` removes them so that every export is well-formed.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import networkx as nx

from kg.errors import KGError

__all__ = ["FORMATS", "GRAPH_FORMATS", "export", "xml_safe", "xml_safe_graph"]

# format -> (module in kg.export, function(store, path, **options) -> list[Path])
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("rdf_formats", "write_turtle"),
    "trig": ("rdf_formats", "write_trig"),
    "nquads": ("rdf_formats", "write_nquads"),
    "jsonld": ("rdf_formats", "write_jsonld"),
    "gexf": ("gexf", "write_gexf"),
    "graphml": ("graphml", "write_graphml"),
    "csv": ("tables", "write_csv"),
    "jsonl": ("tables", "write_jsonl"),
}

GRAPH_FORMATS = ("gexf", "graphml", "csv")  # the ones that write a network (kg.analysis.network.network_graph)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def export(store, format: str, path: str | os.PathLike[str], **options) -> list[Path]:
    """Write ``store`` (a GraphStore) as ``format`` to ``path``; returns the files written.

    >>> from kg.store.graph_store import GraphStore
    >>> export(GraphStore("memory"), "docx", "out.docx")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown export format 'docx': choose one of turtle, trig, nquads, jsonld, gexf, graphml, csv, jsonl
    """
    if format not in FORMATS:
        raise KGError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}")
    if "network" in options and options["network"] != "facts" and format not in GRAPH_FORMATS:
        raise KGError(f"--network {options['network']} applies to {', '.join(GRAPH_FORMATS)}; {format} holds the whole graph")
    if format not in GRAPH_FORMATS:
        options.pop("network", None)
    module, function = FORMATS[format]
    writer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    target = Path(path)
    try:
        return writer(store, target, **options)
    except OSError as exc:
        raise KGError(f"cannot write {target}: {exc.strerror or exc}; check the folder exists and is writable") from exc


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot contain (control characters, lone surrogates).

    >>> xml_safe("a\\x00b\\x1bc\\td\\n")
    'abc\\td\\n'
    """
    return _XML_INVALID.sub("", text)


def xml_safe_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose string attributes (graph, nodes, edges) are all ``xml_safe``."""

    def clean(attrs: dict) -> dict:
        return {k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()}

    H = G.__class__()
    H.graph.update(clean(G.graph))
    H.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    return H
