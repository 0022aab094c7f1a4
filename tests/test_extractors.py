"""The extractor registry: kg's own extractors and a user's, registered by name and chosen per build."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV

from kg.errors import KGError
from kg.extract.extractors import EXTRACTORS, ExtractorRegistry
from kg.extract.grammar import tokens_span
from kg.types import Candidate, Span
from kg.vocab import rule_iri


def none(doc, index, knowledge):
    return []


def test_kg_registers_its_own_extractors_in_order():
    assert list(EXTRACTORS)[:2] == ["relations.v1", "roles.v1"]


def test_a_registered_extractor_is_found_by_name_and_kept_in_order():
    registry = ExtractorRegistry()
    assert registry.register("a.v1")(none) is none  # the decorator gives the function back
    registry.register("b.v1")(len)
    assert list(registry) == ["a.v1", "b.v1"] and "a.v1" in registry and len(registry) == 2
    assert registry.get("a.v1") is none
    assert registry.select(["b.v1", "a.v1"]) == (len, none)
    assert registry.select() == (none, len)


def test_an_unknown_name_lists_the_names_there_are():
    registry = ExtractorRegistry()
    registry.register("a.v1")(none)
    with pytest.raises(KGError, match=r"no extractor 'z.v1'; the extractors are: a.v1"):
        registry.select(["z.v1"])


def test_a_name_registered_twice_is_refused():
    registry = ExtractorRegistry()
    registry.register("a.v1")(none)
    with pytest.raises(KGError, match="registered already"):
        registry.register("a.v1")


def test_a_build_with_an_unknown_extractor_fails_before_reading(tmp_path):
    from kg.pipeline.builder import build
    from kg.store.graph_store import GraphStore

    with pytest.raises(KGError, match="relations.v1, roles.v1"):
        build([tmp_path / "absent.txt"], GraphStore("memory"), extractors=["relation.v1"])


@pytest.mark.model
def test_a_user_extractor_makes_facts_in_the_graph_with_its_rule(tmp_path, registries):
    """The README's example: a rule of the user's, registered with its rule, chosen by name in kg.build."""
    import kg

    rules, extractors = registries
    thanks = rules.add("thanks.adjacent.v1", 0.7, "user", "a name, 'thanked', a name: 'Merkel thanked Macron'")

    @extractors.register("thanks.v1")
    def extract_thanks(doc, index, knowledge):
        for tok in doc[1:-1]:
            subject, obj = index.entity_at(tok.i - 1), index.entity_at(tok.i + 1)
            if tok.lemma_ == "thank" and subject and obj:
                yield Candidate(
                    subject=subject, relation="thank", obj=obj, rule=thanks.id, confidence=thanks.confidence,
                    sentence=tokens_span(tok.sent), evidence=Span(tok.idx, tok.idx + len(tok)),
                )

    (tmp_path / "a.txt").write_text("Angela Merkel thanked Emmanuel Macron in Berlin on Monday.")
    g = kg.build(tmp_path, store="memory", extractors=["thanks.v1"])
    facts = g.facts("Angela Merkel")
    assert facts[["predicate", "object_label", "rule"]].values.tolist() == [
        ["thanked", "Emmanuel Macron", "thanks.adjacent.v1"]
    ]
    statement = URIRef(facts["statement"][0])
    assert (statement, PROV.wasGeneratedBy, rule_iri("thanks.adjacent.v1")) in g.store.dataset
    every = kg.build(tmp_path, store="memory").facts("Angela Merkel")  # default: every registered extractor
    assert "thanked" in every["predicate"].tolist()
