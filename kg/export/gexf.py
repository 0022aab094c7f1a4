"""GEXF 1.3 for Gephi (and graphology/sigma.js), written with lxml.

networkx's ``write_gexf`` writes version 1.2draft with ``graph name=""`` and an
``xsi`` namespace the official 1.3 RELAX NG schema rejects, so the file is
written here, valid against that schema (``tests/data/gexf-1.3``):

- one node per entity (id = IRI, label, attributes ``kind``, ``documents``,
  ``mentions``...), coloured by class (``viz:color``), sized by degree
  (``viz:size``) and placed by a force-directed layout (``viz:position``) so the
  graph opens readable;
- ``network="comention"`` (or ``"comention-document"``) writes the undirected
  co-mention network instead (``kg.analysis.network.comention_graph``);
- one directed edge per (subject, predicate, object), ``label`` and ``kind`` =
  the predicate (Gephi keeps parallel edges of different kinds), ``weight`` =
  supporting statements, attributes ``sentence``, ``document``, ``confidence``;
- when documents are dated, the graph is dynamic (``timeformat="date"``): each
  node and edge starts at the date of the first article that has it, so
  Gephi's timeline plays the growth of the graph.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
from lxml import etree

from kg.resources import __version__
from kg.analysis.network import layout, network_graph
from kg.graph.rdf import build_time
from kg.export.html import colour_of
from kg.export import xml_safe_graph

__all__ = ["GEXF_NS", "VIZ_NS", "gexf_document", "write_gexf"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_G = f"{{{GEXF_NS}}}"
_V = f"{{{VIZ_NS}}}"

# attributes written as XML attributes of the element (or not at all) rather than as attvalues
_NODE_BUILTIN = {"label"}
_EDGE_BUILTIN = {"weight", "predicate"}
_START = "first_date"


def _gexf_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _token(text: str) -> str:
    """A label as an XML Schema token: single spaces, no line breaks."""
    return " ".join(text.split())


def _declare(graph: etree._Element, cls: str, items: list[dict], builtin: set[str]) -> dict[str, str]:
    """Write the ``<attributes>`` block for nodes or edges; returns attribute name -> id."""
    types: dict[str, str] = {}
    for attrs in items:
        for key, value in attrs.items():
            if key not in builtin:
                types.setdefault(key, _gexf_type(value))
    block = etree.SubElement(graph, _G + "attributes", {"class": cls})
    ids = {}
    for i, (key, kind) in enumerate(sorted(types.items())):
        ids[key] = f"{cls[0]}{i}"
        etree.SubElement(block, _G + "attribute", {"id": ids[key], "title": key, "type": kind})
    return ids


def _attvalues(element: etree._Element, attrs: dict, ids: dict[str, str]) -> None:
    values = [(ids[k], _text(v)) for k, v in sorted(attrs.items()) if k in ids]
    if values:
        block = etree.SubElement(element, _G + "attvalues")
        for for_id, value in values:
            etree.SubElement(block, _G + "attvalue", {"for": for_id, "value": value})


def gexf_document(G: nx.Graph, *, seed: int = 42) -> etree._ElementTree:
    """The GEXF 1.3 document of a projection (see ``kg.analysis.network.entity_graph``).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:a", label="A", kind="Person")
    >>> G.add_node("urn:b", label="B", kind="Country")
    >>> _ = G.add_edge("urn:a", "urn:b", key="visited", predicate="visited", weight=2)
    >>> root = gexf_document(G).getroot()
    >>> root.get("version"), len(root.find("{*}graph/{*}edges")), root.find("{*}graph/{*}edges/{*}edge").get("label")
    ('1.3', 1, 'visited')
    """
    G = xml_safe_graph(G)
    dynamic = any(_START in d for _, d in G.nodes(data=True))
    root = etree.Element(_G + "gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS}, version="1.3")
    meta = etree.SubElement(root, _G + "meta", lastmodifieddate=build_time().date().isoformat())
    etree.SubElement(meta, _G + "creator").text = f"kg {__version__}"
    etree.SubElement(meta, _G + "description").text = "Entities and the facts between them, read from news articles"
    graph_attrs = {"defaultedgetype": "directed" if G.is_directed() else "undirected", "idtype": "string", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attrs["timeformat"] = "date"
    graph = etree.SubElement(root, _G + "graph", graph_attrs)

    node_ids = _declare(graph, "node", [d for _, d in G.nodes(data=True)], _NODE_BUILTIN)
    edge_list = list(G.edges(data=True))
    edge_ids = _declare(graph, "edge", [d for _, _, d in edge_list], _EDGE_BUILTIN)

    degrees = dict(G.degree())
    top = max(degrees.values(), default=0) or 1
    positions = layout(G, seed=seed)
    nodes = etree.SubElement(graph, _G + "nodes", count=str(len(G)))
    for n, d in G.nodes(data=True):
        node = etree.SubElement(nodes, _G + "node", id=n, label=_token(d.get("label", n)))
        if _START in d:
            node.set("start", d[_START])
        _attvalues(node, d, node_ids)
        hex_colour = colour_of(d.get("kind", ""))
        r, g, b = (str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
        etree.SubElement(node, _V + "color", r=r, g=g, b=b)
        etree.SubElement(node, _V + "size", value=f"{4 + 16 * math.sqrt(degrees[n] / top):.2f}")
        x, y = positions[n]
        etree.SubElement(node, _V + "position", x=f"{x * 500:.2f}", y=f"{y * 500:.2f}")

    edges = etree.SubElement(graph, _G + "edges", count=str(len(edge_list)))
    for i, (u, v, d) in enumerate(edge_list):
        predicate = _token(d.get("predicate", ""))
        edge = etree.SubElement(edges, _G + "edge", id=f"e{i}", source=u, target=v, label=predicate, kind=predicate)
        edge.set("weight", _text(d.get("weight", 1)))
        if _START in d:
            edge.set("start", d[_START])
        _attvalues(edge, d, edge_ids)
    return etree.ElementTree(root)


def write_gexf(store, path: Path, *, network: str = "facts", **filters) -> list[Path]:
    """Write a network of ``store`` (``network_graph``: facts, or co-mentions, undirected) as GEXF 1.3."""
    G = network_graph(store, network, multi=True, **filters)
    gexf_document(G).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return [path]
