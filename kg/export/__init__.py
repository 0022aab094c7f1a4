"""Export a store to files other tools read: RDF, Gephi, networkx/igraph, spreadsheets, JSON lines.

``export(store, format, path)`` writes one format and returns the files written.
The writers live one module per format family and are imported only when used:

========  ==============================  ==========================================
format    module                          read by
========  ==============================  ==========================================
turtle    ``rdf_formats`` (all graphs      any RDF tool (named graphs merged)
          merged)
ntriples  ``rdf_formats`` (merged)         line tools (grep, sort), any RDF loader
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

``export_format(name, path)`` is how a format is chosen: a name of ``FORMATS`` or a
short name of ``ALIASES`` (``ttl``, ``nt``, ``nq``), else the path's extension (``EXTENSIONS``).
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:  # networkx is imported by the graph writers, not by every `kg` command
    import networkx as nx

__all__ = ["ALIASES", "EXTENSIONS", "FORMATS", "GRAPH_FORMATS", "export", "export_format", "xml_safe", "xml_safe_graph"]

# format -> (module in kg.export, function(store, path, **options) -> list[Path])
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("rdf_formats", "write_turtle"),
    "ntriples": ("rdf_formats", "write_ntriples"),
    "trig": ("rdf_formats", "write_trig"),
    "nquads": ("rdf_formats", "write_nquads"),
    "jsonld": ("rdf_formats", "write_jsonld"),
    "gexf": ("gexf", "write_gexf"),
    "graphml": ("graphml", "write_graphml"),
    "csv": ("tables", "write_csv"),
    "jsonl": ("tables", "write_jsonl"),
}

ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld"}  # short names people type
EXTENSIONS = {  # a file's extension -> the format it names
    ".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
    ".gexf": "gexf", ".graphml": "graphml", ".csv": "csv", ".jsonl": "jsonl",
}
GRAPH_FORMATS = ("gexf", "graphml", "csv")  # the ones that write a network (kg.analysis.network.network_graph)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def export_format(name: str | None, path: str | os.PathLike[str] | None = None) -> str:
    """The format of ``FORMATS`` meant by ``name`` (a format or a short name), else by ``path``'s extension.

    >>> export_format("ttl"), export_format(None, "out/graph.GEXF"), export_format("", "g.nq")
    ('turtle', 'gexf', 'nquads')
    """
    if name:
        if name.lower() in FORMATS or name.lower() in ALIASES:
            return ALIASES.get(name.lower(), name.lower())
        raise KGError(f"unknown export format {name!r}: choose one of {', '.join([*FORMATS, *ALIASES])}")
    suffix = Path(path or "").suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise KGError(f"cannot tell the format from {str(path)!r}: give --format (one of {', '.join(FORMATS)}) or an output"
                  f" file ending in {', '.join(EXTENSIONS)}")


def export(store, format: str, path: str | os.PathLike[str], **options) -> list[Path]:
    """Write ``store`` (a GraphStore) as ``format`` to ``path``; returns the files written.

    >>> from kg.store.graph_store import GraphStore
    >>> export(GraphStore("memory"), "docx", "out.docx")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown export format 'docx': choose one of turtle, ntriples, trig, nquads, jsonld, gexf, graphml, csv, jsonl
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
