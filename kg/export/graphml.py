"""GraphML for networkx, igraph, Cytoscape and yEd, written by networkx.

One node per entity (id = IRI) and one directed edge per (subject, predicate,
object), with the same plain attributes as ``kg.analysis.network.entity_graph(multi=True)``;
strings are made ``xml_safe`` first, so hostile text still gives well-formed XML.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis.network import network_graph
from kg.export import xml_safe_graph

__all__ = ["write_graphml"]


def write_graphml(store, path: Path, *, network: str = "facts", **filters) -> list[Path]:
    """Write a network of ``store`` (``network_graph``: facts, or co-mentions, undirected) as GraphML."""
    G = network_graph(store, network, multi=True, **filters)
    nx.write_graphml(xml_safe_graph(G), str(path), encoding="utf-8")
    return [path]
