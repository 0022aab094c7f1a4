"""Tables: CSV nodes and edges (Gephi, Neo4j, spreadsheets) and JSON lines of facts.

``csv`` writes two UTF-8 files with a header row, laid out as Gephi's
spreadsheet importer (File > Import spreadsheet) expects:

- ``nodes.csv``: ``Id,Label,Kind,Aliases,Documents,Mentions,First_date,Last_date``
- ``edges.csv``: ``Source,Target,Type,Label,Weight,Sentence,Document,Confidence,First_date,Last_date``
  (``Type`` is ``Directed``; ``Label`` is the predicate; for ``network="comention"``
  ``Undirected``, ``Label`` "comention", ``Weight`` the sentences naming both)

Given a folder (or a path without ``.csv``) they are ``nodes.csv`` and
``edges.csv`` inside it; given ``graph.csv`` they are ``graph-nodes.csv`` and
``graph-edges.csv`` beside it.  Neo4j reads the same files with ``LOAD CSV``::

    LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
    MERGE (e:Entity {id: row.Id}) SET e.label = row.Label, e.kind = row.Kind;
    LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row
    MATCH (s:Entity {id: row.Source}), (o:Entity {id: row.Target})
    MERGE (s)-[r:FACT {predicate: row.Label}]->(o)
    SET r.weight = toInteger(row.Weight), r.sentence = row.Sentence;

``jsonl`` writes one JSON object a line per fact statement (open relations
included), with its sentence, document, date, confidence and rule: the facts as
read, before any weighting.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from kg.analysis.network import network_graph, read_facts

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "csv_paths", "write_csv", "write_jsonl"]

# CSV header -> projection attribute
NODE_COLUMNS = {
    "Label": "label",
    "Kind": "kind",
    "Aliases": "aliases",
    "Documents": "documents",
    "Mentions": "mentions",
    "First_date": "first_date",
    "Last_date": "last_date",
}
EDGE_COLUMNS = {
    "Label": "predicate",
    "Weight": "weight",
    "Sentence": "sentence",
    "Document": "document",
    "Confidence": "confidence",
    "First_date": "first_date",
    "Last_date": "last_date",
}


def csv_paths(path: Path) -> tuple[Path, Path]:
    """Where the nodes and edges files of a CSV export go.

    >>> csv_paths(Path("out"))
    (PosixPath('out/nodes.csv'), PosixPath('out/edges.csv'))
    >>> csv_paths(Path("out/graph.csv"))
    (PosixPath('out/graph-nodes.csv'), PosixPath('out/graph-edges.csv'))
    """
    if path.suffix.lower() == ".csv":
        return path.with_name(f"{path.stem}-nodes.csv"), path.with_name(f"{path.stem}-edges.csv")
    return path / "nodes.csv", path / "edges.csv"


def write_csv(store, path: Path, *, network: str = "facts", **filters) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of a network (``network_graph``: facts, or co-mentions, undirected)."""
    G = network_graph(store, network, multi=True, **filters)
    kind = "Directed" if G.is_directed() else "Undirected"
    nodes_path, edges_path = csv_paths(path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Id", *NODE_COLUMNS])
        out.writerows([n, *(d.get(a, "") for a in NODE_COLUMNS.values())] for n, d in G.nodes(data=True))
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Source", "Target", "Type", *EDGE_COLUMNS])
        out.writerows([u, v, kind, *(d.get(a, "") for a in EDGE_COLUMNS.values())] for u, v, d in G.edges(data=True))
    return [nodes_path, edges_path]


def _json_line(record: dict) -> str:
    """One JSON object on one line, even for line-breaking characters ``str.splitlines`` honours."""
    text = json.dumps(record, ensure_ascii=False)
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(store, path: Path) -> list[Path]:
    """Write one JSON object per fact statement (oldest document first)."""
    with path.open("w", encoding="utf-8") as f:
        for fact in read_facts(store):
            f.write(_json_line(asdict(fact)) + "\n")
    return [path]
