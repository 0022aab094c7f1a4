"""Facts from world knowledge (kg's gazetteer) say so in their provenance instead of citing a sentence that does not say them.

``place.gazetteer.v1`` ("Kyiv locatedIn Ukraine", from the gazetteer alone) is derived
from the gazetteer resource only; ``metonymy.capital.v1`` (a capital read as its
country) from its sentence and the gazetteer (kg/graph/rdf.py, docs/rdf.md).
"""

from __future__ import annotations

import dataclasses

import pytest
from graph_fixtures import DOCUMENTS, iri, make_result
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.analysis.card import entity_card
from kg.analysis.network import read_facts
from kg.graph.rdf import GAZETTEER_IRI, document_quads
from kg.store.graph_store import GraphStore
from kg.vocab import KG, NIF, entity_iri, graph_iri

GAZETTEER = URIRef(GAZETTEER_IRI)


@pytest.fixture
def store():
    """The Kyiv article with its capitalOf fact read from the gazetteer and its supplied fact by metonymy."""
    result = make_result("kyiv-visit", *DOCUMENTS["kyiv-visit"])
    rules = {"capitalOf": "place.gazetteer.v1", "supplied": "metonymy.capital.v1"}
    result = dataclasses.replace(result, article=dataclasses.replace(result.article, sha256="0" * 64), facts=[
        dataclasses.replace(f, rule=rules.get(f.predicate, f.rule)) for f in result.facts])
    iris = {e.key: entity_iri(e.type, e.name) for e in result.entities}
    with GraphStore("memory") as gs:
        gs.replace_document(graph_iri(result.article.id), document_quads(result, iris))
        yield gs


def sources(gs, predicate):
    [st] = [st for st, _, _ in gs.dataset.triples((None, RDF.predicate, KG[predicate]))]
    return set(gs.dataset.objects(st, PROV.wasDerivedFrom))


def test_gazetteer_facts_cite_the_gazetteer(store):
    assert sources(store, "capitalOf") == {GAZETTEER}  # no sentence of the article says it
    supplied = sources(store, "supplied")
    assert GAZETTEER in supplied and len(supplied) == 2
    assert any((s, RDF.type, NIF.Sentence) in store.dataset for s in supplied)
    assert sources(store, "metWith") != {GAZETTEER} and GAZETTEER not in sources(store, "metWith")
    assert (GAZETTEER, RDF.type, PROV.Entity) in store.dataset
    assert (GAZETTEER, DCTERMS.title, None) in store.dataset


def test_reads_mark_world_knowledge(store):
    facts = {f.predicate: f for f in read_facts(store)}
    assert facts["capitalOf"].world_knowledge and facts["capitalOf"].sentence is None
    assert facts["supplied"].world_knowledge and facts["supplied"].sentence == "The UK supplied Storm Shadow missiles to Ukraine."
    assert not facts["metWith"].world_knowledge
    lines = [f for f in entity_card(store, URIRef(iri("kyiv"))).facts if f.predicate == "capitalOf"]
    assert [(l.world_knowledge, l.sentence) for l in lines] == [(True, "")]  # one line, no borrowed sentence
    uk = [f for f in entity_card(store, URIRef(iri("uk"))).facts if f.predicate == "supplied"]
    assert len(uk) == 1 and uk[0].world_knowledge and uk[0].sentence


def test_world_knowledge_conforms_to_the_shapes(store):
    pytest.importorskip("pyshacl")
    from kg.analysis.validate import validate

    assert validate(store.dataset).conforms
