"""The entity card behind ``kg show`` and the entity pages of ``kg serve``: all facts, or the first few."""

from __future__ import annotations

from graph_fixtures import iri, news_store  # noqa: F401 - a fixture
from rdflib import URIRef

from kg.analysis.card import entity_card


def test_a_card_lists_every_fact_with_both_ends(news_store):  # noqa: F811
    card = entity_card(news_store, URIRef(iri("zelensky")))
    assert card.label == "Volodymyr Zelensky" and not card.more_facts
    met = [f for f in card.facts if f.predicate == "metWith"]
    assert {(f.subject_iri, f.object_iri) for f in met} == {(iri("zelensky"), iri("starmer")), (iri("starmer"), iri("zelensky"))}


def test_max_facts_reads_only_so_many_and_says_there_were_more(news_store):  # noqa: F811
    whole = entity_card(news_store, URIRef(iri("zelensky")))
    first = entity_card(news_store, URIRef(iri("zelensky")), max_facts=2)
    assert len(first.facts) == 2 and first.more_facts
    assert {(f.predicate, f.sentence) for f in first.facts} <= {(f.predicate, f.sentence) for f in whole.facts}
    roomy = entity_card(news_store, URIRef(iri("zelensky")), max_facts=100)
    assert not roomy.more_facts and len(roomy.facts) == len(whole.facts)
