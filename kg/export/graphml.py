"""GraphML for networkx, igraph, Cytoscape and yEd, written by networkx.

One node per entity (id = IRI) and one directed edge per (subject, predicate,
object), with the same plain attributes as ``kg.analysis.network.entity_graph(multi=True)``;
strings are made ``xml_safe`` first, so hostile text still gives well-formed XML.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis.network import entity_graph
from kg.export import xml_safe_graph

__all__ = ["write_graphml"]


def write_graphml(store, path: Path, **filters) -> list[Path]:
    """Write the entity graph of ``store`` (``entity_graph`` filters allowed) as GraphML."""
    G = entity_graph(store, multi=True, **filters)
    nx.write_graphml(xml_safe_graph(G), str(path), encoding="utf-8")
    return [path]
