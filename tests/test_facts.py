"""Candidate -> fact mapping against a small in-test ontology."""

from __future__ import annotations

from types import SimpleNamespace

from kg.extract.facts import to_facts, to_quotes
from kg.knowledge.knowledge import load_knowledge
from kg.knowledge.ontology import load_ontology
from kg.types import Candidate, Entity, Quote, Span

ZELENSKY = Entity("zelensky", "Person", "Volodymyr Zelensky")
STARMER = Entity("starmer", "Person", "Keir Starmer")
UK = Entity("uk", "Country", "United Kingdom")
TANK = Entity("tank", "Weapon", "Challenger II")
S1, S2 = Span(0, 10), Span(11, 20)
WORDS = load_knowledge().words


class FakeOntology:
    """Just enough of kg.knowledge.ontology.Ontology: a lexicon, domains/ranges, symmetric flags."""

    LEXICON = {
        "meet": ("metWith", False),
        "n:meeting with": ("metWith", False),
        "receive from": ("supplied", True),
        "lead": ("leaderOf", False),
    }
    TYPES = {
        "metWith": ({"Person", "Country"}, {"Person", "Country"}),
        "supplied": ({"Person", "Country"}, {"Person", "Country", "Weapon"}),
        "leaderOf": ({"Person"}, {"Country"}),
        "holdsRole": ({"Person"}, None),  # None: a literal title
    }

    def __init__(self) -> None:
        self.properties = {name: SimpleNamespace(symmetric=name == "metWith") for name in self.TYPES}

    def lookup(self, relation):
        hit = self.LEXICON.get(relation)
        return SimpleNamespace(property=hit[0], inverse=hit[1]) if hit else None

    def accepts(self, predicate, subject_type, object_type):
        domain, range_ = self.TYPES[predicate]
        return subject_type in domain and (object_type in range_ if range_ else object_type is None)


def cand(s, relation, o, *, conf=0.8, sentence=S1, predicate=None, negated=False, rule="svo.active.v1"):
    return Candidate(s, relation, o, rule, conf, sentence, sentence, predicate=predicate, negated=negated)


def spo(facts):
    return [(f.subject.key, f.predicate, f.obj if isinstance(f.obj, str) else f.obj.key, f.open) for f in facts]


def test_lexicon_maps_and_inverse_swaps():
    facts = to_facts([cand(ZELENSKY, "meet", STARMER), cand(ZELENSKY, "receive from", UK)], FakeOntology(), WORDS)
    assert spo(facts) == [("zelensky", "metWith", "starmer", False), ("uk", "supplied", "zelensky", False)]


def test_negated_dropped_and_domain_range_enforced():
    facts = to_facts([cand(ZELENSKY, "meet", STARMER, negated=True), cand(UK, "lead", TANK)], FakeOntology(), WORDS)
    assert facts == []


def test_preset_predicate_and_literal_object():
    facts = to_facts([cand(STARMER, "holdsRole", "Prime Minister", predicate="holdsRole")], FakeOntology(), WORDS)
    assert spo(facts) == [("starmer", "holdsRole", "Prime Minister", False)]


def test_unknown_relation_is_open_only_between_entities():
    facts = to_facts([cand(ZELENSKY, "plead for", UK), cand(ZELENSKY, "plead for", "calm")], FakeOntology(), WORDS)
    assert spo(facts) == [("zelensky", "plead for", "uk", True)]


def test_dedup_keeps_the_most_confident_and_symmetric_directions_are_one():
    facts = to_facts([
        cand(ZELENSKY, "meet", STARMER, conf=0.6),
        cand(STARMER, "n:meeting with", ZELENSKY, conf=0.9, rule="nominal.frame.v1"),
        cand(ZELENSKY, "meet", STARMER, conf=0.5, sentence=S2),
    ], FakeOntology(), WORDS)
    assert [(f.rule, f.confidence, f.sentence) for f in facts] == [("nominal.frame.v1", 0.9, S1),
                                                                  ("svo.active.v1", 0.5, S2)]


def test_never_a_self_loop():
    assert to_facts([cand(UK, "plead for", UK), cand(UK, "supplied", UK, predicate="supplied")],
                    FakeOntology(), WORDS) == []


def test_open_facts_need_a_written_agent_and_more_than_a_setting():
    # "a Russian stamp for X" (agent inferred from a modifier), "faced X at Y" (a place)
    facts = to_facts([
        cand(UK, "n:stamp for", ZELENSKY, rule="nominal.modifier.v1"),
        cand(UK, "face at", STARMER, rule="svo.prep.v1"),
        cand(UK, "n:stamp for", ZELENSKY, rule="nominal.poss.v1"),
        cand(ZELENSKY, "meet", STARMER, rule="nominal.modifier.v1"),  # the lexicon vouches for it
    ], FakeOntology(), WORDS)
    assert spo(facts) == [("uk", "n:stamp for", "zelensky", True), ("zelensky", "metWith", "starmer", False)]


def test_a_quote_keeps_only_a_speaker_the_ontology_lets_say_things():
    place = Entity("e1", "Place", "Livorno")
    person = Entity("e2", "Person", "Ann Lee")
    quotes = [Quote("we will build it", 0, 16, s, Span(0, 20), "quote.cue.v1", 0.9) for s in (place, person, None)]
    assert [q.speaker for q in to_quotes(quotes, load_ontology())] == [None, person, None]


def test_a_capital_read_as_its_country_only_where_the_city_makes_no_fact():
    kyiv, ukraine = Entity("kyiv", "City", "Kyiv"), Entity("ukraine", "Country", "Ukraine")
    twin = "metonymy.capital.v1"
    facts = to_facts([
        cand(UK, "meet", kyiv), cand(UK, "meet", ukraine, rule=twin),  # a city meets no one: the country
        cand(ZELENSKY, "meet", STARMER, sentence=S2),
        cand(ZELENSKY, "meet", UK, sentence=S2, rule=twin),  # the city's reading stood: no twin
        cand(UK, "praise", ukraine, rule=twin),  # unknown to the lexicon: a twin is never open
    ], FakeOntology(), WORDS)
    assert spo(facts) == [("zelensky", "metWith", "starmer", False), ("uk", "metWith", "ukraine", False)]
