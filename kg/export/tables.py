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

Formula injection: a spreadsheet (Excel, LibreOffice, Google Sheets) runs a
cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and tab or
carriage return can start one too, and labels and sentences come from article
text.  So every text cell that begins with one of those characters gets a
leading apostrophe (``'=cmd|...``), as OWASP recommends: the spreadsheet shows
the text and runs nothing.  Numbers (weights, confidences) are written as they
are.  ``raw=True`` (``kg export -f csv --raw``) writes every value unchanged, for
programs that read CSV as data (Neo4j, pandas) and never evaluate it.

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

__all__ = ["EDGE_COLUMNS", "FORMULA_STARTS", "NODE_COLUMNS", "csv_paths", "safe_cell", "write_csv", "write_jsonl"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet may evaluate a cell beginning so (OWASP)

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


def safe_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a string beginning with a formula character gets a leading apostrophe.

    >>> safe_cell("=1+1"), safe_cell("-5 dead"), safe_cell("Kyiv"), safe_cell(-0.5)
    ("'=1+1", "'-5 dead", 'Kyiv', -0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(store, path: Path, *, network: str = "facts", raw: bool = False, **filters) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of a network (``network_graph``: facts, or co-mentions, undirected).

    Text cells that a spreadsheet would run as a formula are neutralised (``safe_cell``)
    unless ``raw``.
    """
    G = network_graph(store, network, multi=True, **filters)
    kind = "Directed" if G.is_directed() else "Undirected"
    cell = (lambda value: value) if raw else safe_cell
    nodes_path, edges_path = csv_paths(path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Id", *NODE_COLUMNS])
        out.writerows([cell(n), *(cell(d.get(a, "")) for a in NODE_COLUMNS.values())] for n, d in G.nodes(data=True))
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Source", "Target", "Type", *EDGE_COLUMNS])
        out.writerows(
            [cell(u), cell(v), kind, *(cell(d.get(a, "")) for a in EDGE_COLUMNS.values())]
            for u, v, d in G.edges(data=True)
        )
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
