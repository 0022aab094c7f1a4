"""Cross-document identity: which names join a known entity, which stay apart, and why.

Each test feeds the AliasTable documents' entities in order, as a build does.  The
last test writes them into a real store and checks that a table re-read from the
store (a resumed build) decides exactly as the one that learned along the way.
"""

from __future__ import annotations

import hashlib

from kg.graph.identity import AliasTable, honorific, person_words
from kg.graph.rdf import document_quads
from kg.store.graph_store import GraphStore
from kg.types import Article, DocumentResult, Entity
from kg.vocab import entity_iri, graph_iri

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it


def ent(type_: str, name: str, *aliases: str, key: str = "e1") -> Entity:
    return Entity(key, type_, name, aliases={name, *aliases})


def assign(table: AliasTable, *entities: Entity):
    """One document's entities through the table: their IRIs in order, and the merges."""
    iris, merges = table.assign_all(list(entities))
    return [iris[e.key] for e in entities], merges


KEIR = entity_iri("Person", "Keir Starmer")
RNLI_FULL = entity_iri("Organization", "Royal National Lifeboat Institution")


def test_name_words_drop_honorifics_and_titles():
    assert person_words("Sir Keir Starmer", K.gazetteer) == ["Keir", "Starmer"]
    assert person_words("President Volodymyr Zelensky", K.gazetteer) == ["Volodymyr", "Zelensky"]
    assert honorific("Mr. Zelensky", K.gazetteer) == "Mr" and honorific("Keir Starmer", K.gazetteer) is None


def test_full_name_seen_with_an_honorific_is_the_same_person():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Person", "Keir Starmer", "Sir Keir Starmer"))
    assert assign(table, ent("Person", "Keir Starmer"))[0] == [KEIR]


def test_honorific_with_given_name_joins_the_one_person_of_that_given_name():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Person", "Keir Starmer"))
    [iri], [merge] = assign(table, ent("Person", "Keir", "Sir Keir"))
    assert iri == KEIR
    assert merge.alias == "Sir Keir" and "given name 'Keir'" in merge.reason and "'Keir Starmer'" in merge.reason


def test_honorific_with_given_name_stays_apart_when_two_people_share_it():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Person", "Keir Starmer"), ent("Person", "Keir Hardie", key="e2"))
    [iri], merges = assign(table, ent("Person", "Keir", "Sir Keir"))
    assert iri == entity_iri("Person", "Keir") and merges == []


def test_people_sharing_a_surname_stay_apart():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Person", "Sarah Johnson", "Johnson"))
    [boris], merges = assign(table, ent("Person", "Boris Johnson", "Johnson"))
    assert boris == entity_iri("Person", "Boris Johnson") and merges == []
    # a bare "Johnson" could be either: no evidence, so a node of its own ...
    [bare], merges = assign(table, ent("Person", "Johnson"))
    assert bare == entity_iri("Person", "Johnson") and merges == []
    # ... but "Mr Johnson" can only be the man of the two
    [mr], [merge] = assign(table, ent("Person", "Johnson", "Mr Johnson", key="e2"))
    assert mr == boris and merge.alias == "Mr Johnson"


def test_surname_joins_the_one_person_whose_gender_fits():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Person", "Boris Johnson"))
    [mrs], merges = assign(table, ent("Person", "Johnson", "Mrs Johnson"))
    assert mrs == entity_iri("Person", "Johnson") and merges == []  # Boris is a man's name
    [mr], [merge] = assign(table, ent("Person", "Johnson", "Mr Johnson"))
    assert mr == entity_iri("Person", "Boris Johnson") and "surname 'Johnson'" in merge.reason


def test_alias_learned_in_one_document_is_known_in_the_next():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Organization", "Royal National Lifeboat Institution", "RNLI"))
    [iri], [merge] = assign(table, ent("Organization", "RNLI"))
    assert iri == RNLI_FULL and merge.alias == "RNLI"


def test_acronym_and_full_name_meet_across_documents_in_either_order():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Organization", "Royal National Lifeboat Institution"))
    [iri], [merge] = assign(table, ent("Organization", "RNLI"))
    assert iri == RNLI_FULL and "abbreviates" in merge.reason

    table = AliasTable(K.gazetteer)
    assign(table, ent("Organization", "RNLI"))
    [iri], [merge] = assign(table, ent("Organization", "Royal National Lifeboat Institution"))
    assert iri == entity_iri("Organization", "RNLI") and "spells out 'RNLI'" in merge.reason


def test_two_letter_acronyms_and_other_classes_do_not_merge():
    table = AliasTable(K.gazetteer)
    assign(table, ent("Organization", "Royal Navy"), ent("Place", "Royal National Park", key="e2"))
    assert assign(table, ent("Organization", "RN"))[0] == [entity_iri("Organization", "RN")]
    assert assign(table, ent("Organization", "RNP"))[0] == [entity_iri("Organization", "RNP")]


def test_the_same_iri_keeps_one_label():
    table = AliasTable(K.gazetteer)
    assign(table, ent("City", "Bogotá"))
    bogota = ent("City", "Bogota")
    [iri], merges = assign(table, bogota)
    assert iri == entity_iri("City", "Bogotá") and merges == []
    assert bogota.name == "Bogotá" and "Bogota" in bogota.aliases


DOCUMENTS = [  # per document: its entities, in the order a build meets them
    [("Person", "Keir Starmer", "Sir Keir Starmer"), ("Organization", "Royal National Lifeboat Institution"),
     ("Person", "Sarah Johnson", "Johnson")],
    [("Person", "Keir", "Sir Keir"), ("Organization", "RNLI"), ("Person", "Boris Johnson")],
    [("Person", "Johnson", "Mr Johnson"), ("Country", "United Kingdom", "Britain", "UK")],
    [("Person", "Starmer", "Mr Starmer"), ("Country", "United Kingdom", "the UK"), ("Organization", "RNLI")],
]


def _entities(n: int) -> list[Entity]:
    return [ent(t, name, *aliases, key=f"e{i}") for i, (t, name, *aliases) in enumerate(DOCUMENTS[n])]


def _write(store: GraphStore, n: int, entities: list[Entity], table: AliasTable) -> list:
    iris, merges = table.assign_all(entities)
    text = " ".join(e.name for e in entities)
    article = Article(f"doc-{n}", text, f"doc-{n}.txt", hashlib.sha256(text.encode()).hexdigest())
    result = DocumentResult(article, entities, [], [], [])
    store.replace_document(graph_iri(article.id), list(document_quads(result, iris, merges)))
    return [iris[e.key] for e in entities]


def test_table_read_from_the_store_decides_as_the_table_that_learned():
    learning, resumed = AliasTable(K.gazetteer), None
    store = GraphStore("memory")
    for n in range(len(DOCUMENTS)):
        expected = _write(store, n, _entities(n), learning)
        if n:
            assert [resumed.assign(e)[0] for e in _entities(n)] == expected, f"document {n}"
        resumed = AliasTable.from_store(store, K.gazetteer)
    assert expected == [KEIR, entity_iri("Country", "United Kingdom"), RNLI_FULL]
    assert resumed.labels == learning.labels
