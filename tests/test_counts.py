"""Counts that are right: the README's queries count each entity once, over an on-disk (Oxigraph) store.

The default graph of a store is the union of its named graphs, counted with
repetition; an entity's type and label live only in the shared entities graph,
so the obvious query sees each once however many documents mention it.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis.query import available_queries, parameters_of, run_query
from kg.cli.main import app
from kg.pipeline.builder import build
from kg.store.graph_store import GraphStore

GROWTH = Path(__file__).parent / "data" / "growth"  # three articles sharing people and an organisation
PREFIXES = "PREFIX kg: <https://w3id.org/kg-news/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("counts") / "store"
    with GraphStore(path) as gs:
        assert build([GROWTH], gs).built == 3
    gc.collect()
    return path


def rows(path: Path, sparql: str) -> list[tuple]:
    with GraphStore(path, read_only=True) as gs:
        return [tuple(r) for r in gs.query(PREFIXES + sparql)]


def test_the_readme_queries_count_each_person_once(store):
    people = rows(store, "SELECT DISTINCT ?p WHERE { GRAPH <https://w3id.org/kg-news/graph/entities> { ?p a kg:Person } }")
    typed = rows(store, "SELECT ?who WHERE { ?who a kg:Person }")  # the README's `kg query -e`, without DISTINCT
    named = rows(store, "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")  # the README's Python example
    counted = rows(store, "SELECT (COUNT(?name) AS ?n) WHERE { ?p a kg:Person ; rdfs:label ?name }")
    assert len(people) >= 3
    mentioned_twice = rows(store, """SELECT ?p WHERE { ?p a kg:Person ; <http://www.w3.org/ns/prov#wasAttributedTo> ?d }
        GROUP BY ?p HAVING (COUNT(DISTINCT ?d) > 1)""")
    assert mentioned_twice
    assert len(typed) == len(named) == int(counted[0][0]) == len(people)
    assert len(set(named)) == len(named)


def test_kg_entities_and_the_named_queries_list_each_row_once(store):
    result = CliRunner().invoke(app, ["entities", "--type", "Person", "--store", str(store), "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()[1:]
    assert len(lines) == len(set(lines)) == len(rows(store, "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }"))
    with GraphStore(store, read_only=True) as gs:
        for name, path in available_queries().items():
            sparql = path.read_text()
            if parameters_of(sparql):
                continue
            found = run_query(gs, sparql).rows
            assert len(found) == len({tuple(map(str, r)) for r in found}), name
