"""Finding entities by name as people type them (kg/analysis/lookup.py), on real stores."""

from __future__ import annotations

import contextlib
import re

import pytest
from graph_fixtures import any_store, document_result, iri, make_result, news_store, write_document  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.errors import EntityNotFound
from kg.analysis.lookup import entity_labels, find_entities, normalise_name, resolve_name
from kg.store.graph_store import GraphStore


def labels_of(candidates):
    return [c.label for c in candidates]


def test_entity_labels_holds_every_entity_with_its_class_and_aliases(any_store):
    labels = entity_labels(any_store)
    assert len(labels) == 10
    zelensky = labels[iri("zelensky")]
    assert (zelensky.label, zelensky.kind, zelensky.aliases) == ("Volodymyr Zelensky", "Person", ("Zelensky", "Zelenskyy"))
    assert {e.kind for e in labels.values()} == {"Person", "Country", "City", "Organization", "Weapon"}


def test_role_nodes_only_when_asked_for(news_store):
    assert [e.label for e in entity_labels(news_store, ["Role"]).values()] == ["President"]
    assert "President" in [e.label for e in entity_labels(news_store, roles=True).values()]
    assert {e.kind for e in entity_labels(news_store, ["Person", "City"]).values()} == {"Person", "City"}


@pytest.mark.parametrize(
    ("typed", "label", "score"),
    [
        ("Volodymyr Zelensky", "Volodymyr Zelensky", 1.0),  # exact label
        ("volodymyr   ZELENSKY", "Volodymyr Zelensky", 1.0),  # case and spaces
        ("Francois Hollande", "François Hollande", 1.0),  # accents folded
        ("the United Kingdom", "United Kingdom", 1.0),  # leading "the" ignored
        ("Britain", "United Kingdom", 0.95),  # an alias
        ("Sir Keir", "Keir Starmer", 0.95),
        ("Hollande", "François Hollande", 0.85),  # one word of the label
    ],
)
def test_find_ranks_exact_labels_then_aliases(any_store, typed, label, score):
    best = find_entities(any_store, typed)[0]
    assert (best.label, best.score) == (label, score)


def test_one_word_of_a_label_finds_the_entity(news_store):
    best = find_entities(news_store, "Keir")[0]
    assert best.label == "Keir Starmer" and 0.8 < best.score < 0.95


def test_near_spellings_find_the_entity_by_its_words():
    # only the first article: "Zelenskyy" is not among the aliases, so it must match as a near spelling
    with GraphStore("memory") as store:
        write_document(store, document_result("downing-street"))
        assert "Zelenskyy" not in entity_labels(store)[iri("zelensky")].aliases
        for typed in ("Zelenskyy", "Volodimir Zelenskiy", "starmr"):
            assert find_entities(store, typed), typed
        assert resolve_name(store, "Zelenskyy") == URIRef(iri("zelensky"))
        assert resolve_name(store, "Keir Starmr") == URIRef(iri("starmer"))


def test_nothing_like_the_name_finds_nothing(news_store):
    assert find_entities(news_store, "Angela Merkel") == []
    assert find_entities(news_store, "") == []


def test_types_restrict_the_search(news_store):
    assert labels_of(find_entities(news_store, "Kyiv", types=["Country"])) == []
    assert labels_of(find_entities(news_store, "Kyiv", types=["City"])) == ["Kyiv"]


def test_resolve_name_accepts_iris_in_angle_brackets_or_bare(any_store):
    assert resolve_name(any_store, f"<{iri('kyiv')}>") == URIRef(iri("kyiv"))
    assert resolve_name(any_store, iri("kyiv")) == URIRef(iri("kyiv"))
    with pytest.raises(EntityNotFound, match=re.escape("no entity https://example.org/nobody")):
        resolve_name(any_store, "https://example.org/nobody")


def test_resolve_name_says_what_to_do_when_nothing_matches(news_store):
    with pytest.raises(EntityNotFound, match=re.escape("no entity matches 'Angela Merkel'; `kg entities` lists them")):
        resolve_name(news_store, "Angela Merkel")


def test_resolve_name_lists_candidates_when_ambiguous(news_store):
    hardie = {"hardie": ("Person", "Keir Hardie", ())}
    write_document(news_store, make_result("labour", "Labour", "1900-02-27", ["Keir Hardie founded Labour."], [], hardie))
    with pytest.raises(EntityNotFound) as raised:
        resolve_name(news_store, "Keir")
    message = str(raised.value)
    assert "ambiguous" in message and "Keir Hardie (Person)" in message and "Keir Starmer (Person)" in message
    assert resolve_name(news_store, "Keir Hardie") != resolve_name(news_store, "Keir Starmer")


@given(st.text(max_size=40))
def test_normalise_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from("ab \"'<>{}?#;\\\n\x00é"), max_size=30))
def test_any_text_is_a_safe_name(news_store, text):
    """Quotes, braces and SPARQL syntax in a name are data: they find nothing or an entity, never break a query."""
    with contextlib.suppress(EntityNotFound):
        resolve_name(news_store, text)
    assert len(entity_labels(news_store)) == 10
