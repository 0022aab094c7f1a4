"""The Python API (kg/api.py, re-exported by ``import kg``) on real stores."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from graph_fixtures import fill, iri, news_store  # noqa: F401
from rdflib import URIRef

import kg
from kg.errors import EntityNotFound, QueryError, StoreError
from kg.store.graph_store import GraphStore


@pytest.fixture
def graph(news_store):
    return kg.KnowledgeGraph(news_store)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """An Oxigraph store folder holding the fixture graph (closed: open it again to read)."""
    path = tmp_path_factory.mktemp("api") / "store"
    with GraphStore(path) as store:
        fill(store)
    return path


def test_the_package_exports_the_api():
    assert {"open", "build", "KnowledgeGraph", "__version__"} <= set(kg.__all__)
    assert kg.open is kg.api.open and kg.KnowledgeGraph is kg.api.KnowledgeGraph
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kg.nope  # noqa: B018


def test_entities_as_a_dataframe(graph):
    people = graph.entities(type="Person")
    assert list(people.columns) == ["iri", "label", "kind", "aliases", "documents", "mentions", "first_date", "last_date"]
    assert sorted(people["label"]) == ["François Hollande", "Keir Starmer", "Volodymyr Zelensky"]
    assert len(graph.entities()) == 10
    assert set(graph.entities(type=["City", "Country"])["kind"]) == {"City", "Country"}


def test_facts_about_an_entity_by_name_with_sentences(graph):
    facts = graph.facts("Zelenskyy")
    assert list(facts.columns[:7]) == ["subject", "predicate", "object", "sentence", "document", "confidence", "rule"]
    assert len(facts) == 7  # as subject and as object, open relation and role included
    thanked = facts[facts["predicate"] == "thanked"]
    assert thanked["sentence"].tolist() == ["Zelensky thanked the UK for its support.", "Zelenskyy thanked Britain."]
    assert set(facts[facts["predicate"] == "metWith"]["subject"]) == {iri("zelensky"), iri("starmer")}


def test_facts_of_an_unknown_name_list_what_to_do(graph):
    with pytest.raises(EntityNotFound, match="no entity matches 'Angela Merkel'"):
        graph.facts("Angela Merkel")


def test_find_ranks_candidates(graph):
    found = graph.find("Keir")
    assert found.loc[0, "label"] == "Keir Starmer" and list(found.columns) == ["iri", "label", "kind", "score", "matched"]


def test_sparql_binds_parameters_as_terms(graph):
    by_name = graph.sparql("SELECT ?e WHERE { ?e rdfs:label ?name }", name="Keir Starmer")
    assert by_name["e"].tolist() == [iri("starmer")]
    by_iri = graph.sparql("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", e=f"<{iri('kyiv')}>")
    assert by_iri["name"].tolist() == ["Kyiv"]
    assert graph.sparql("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", e=URIRef(iri("kyiv")))["name"].tolist() == ["Kyiv"]
    dated = graph.sparql(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?doc WHERE { ?doc a kg:Document ; dcterms:date ?d }",
        d=dt.date(2024, 9, 2),
    )
    assert dated["doc"].tolist() == ["https://w3id.org/kg-news/doc/kyiv-visit"]
    assert graph.sparql("ASK { ?e rdfs:label ?name }", name="Kyiv").to_dict("records") == [{"ask": True}]


def test_sparql_parameters_are_never_pasted_into_the_query(graph):
    injected = graph.sparql("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", name='x" } ?e ?p ?name . { "')
    assert injected.empty


def test_sparql_construct_gives_one_row_per_triple_and_updates_are_refused(graph):
    triples = graph.sparql("CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }")
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) == 3
    with pytest.raises(QueryError, match="read-only"):
        graph.sparql("DELETE WHERE { ?s ?p ?o }")


def test_sparql_errors_are_query_errors(graph):
    with pytest.raises(QueryError, match="SPARQL syntax error at line 1, column 8: unexpected .WHERE."):
        graph.sparql("SELECT WHERE {")


def test_to_networkx_passes_filters(graph):
    G = graph.to_networkx(types=["Person"], multi=True)
    assert isinstance(G, nx.MultiDiGraph) and len(G) == 3


def test_export_returns_the_files_written(graph, tmp_path):
    assert graph.export("gexf", tmp_path / "g.gexf") == [tmp_path / "g.gexf"]
    assert len(graph.export("csv", tmp_path / "tables", types=["Country"])) == 2


def test_open_reads_an_on_disk_store_read_only(disk_store):
    with kg.open(disk_store) as g:
        assert g.store.read_only and len(g.entities()) == 10
        with pytest.raises(StoreError, match="read-only"):
            g.store.remove_document(URIRef("https://w3id.org/kg-news/graph/kyiv-visit"))
    with kg.open(disk_store, read_only=False) as g:  # the reader released it
        assert not g.store.read_only


def test_open_memory_is_writable_and_uses_kg_store_by_default(monkeypatch, disk_store):
    with kg.open("memory") as g:
        assert not g.store.read_only and g.entities().empty
    monkeypatch.setenv("KG_STORE", str(disk_store))
    with kg.open() as g:
        assert g.store.location == str(disk_store)
        assert repr(g) == f"KnowledgeGraph({str(disk_store)!r})"


def test_open_a_missing_store_says_how_to_build_one(tmp_path):
    with pytest.raises(StoreError, match="build one first"):
        kg.open(tmp_path / "nothing-here")


def test_kg_build_stays_the_api_function_after_the_builder_module_is_imported():
    import kg.pipeline.builder  # noqa: F401 - what the CLI and the pipeline do

    assert kg.build is kg.api.build


@pytest.mark.model
def test_build_the_seed_article_and_analyse_it(tmp_path):
    from conftest import SEED_TEXT

    with kg.api.build(str(SEED_TEXT), store=tmp_path / "store") as g:  # one path, not a list, is fine
        assert g.report.built == 1 and not g.report.problems
        facts = g.facts("Zelensky")
        assert "metWith" in set(facts["predicate"]) or "spokeTo" in set(facts["predicate"])
        assert facts["sentence"].notna().all()
        assert "Keir Starmer" in set(g.entities(type="Person")["label"])
    with kg.api.build([SEED_TEXT], store=tmp_path / "store") as again:
        assert (again.report.built, again.report.unchanged) == (0, 1)
