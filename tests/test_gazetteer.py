"""The gazetteer lexicons and the pipeline components built from them."""

from __future__ import annotations

import spacy
from test_mentions import build_doc

from kg.knowledge.gazetteer import load_gazetteer
from kg.nlp.ruler import FIX_NAME, GUARD_NAME, RULER_NAME, add_gazetteer

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it


def test_aliases_demonyms_and_capitals():
    gaz = load_gazetteer()
    for form in ["UK", "Britain", "Great Britain", "the UK\u2019s", "United Kingdom"]:
        assert gaz.lookup(form).name == "United Kingdom"
    for form in ["US", "America", "U.S.", "the United States"]:
        assert gaz.lookup(form).name == "United States"
    assert gaz.country_of_demonym("British") == "United Kingdom"
    assert gaz.country_of_demonym("Ukrainians") == "Ukraine"
    assert gaz.lookup("Kyiv").type == "City" and gaz.lookup("Kyiv").country == "Ukraine"
    assert gaz.lookup("No10").name == "Downing Street"
    assert gaz.lookup("NATO").type == "Organization"
    assert gaz.lookup("Storm Shadow").type == "Weapon"


def test_a_form_listed_with_its_article_is_found_only_with_it():
    gaz = load_gazetteer()
    assert gaz.lookup("the Commonwealth’s").name == "Commonwealth of Nations"
    assert gaz.lookup("The Hague").type == "City"
    assert gaz.lookup("Commonwealth") is None and gaz.lookup("Hague") is None


def test_titles_honorifics_and_given_names():
    gaz = load_gazetteer()
    assert gaz.title("PM").title == "Prime Minister" and gaz.title("prime minister").leader
    assert gaz.title("defense secretary").title == "Defence Secretary"
    assert gaz.honorifics["Sir"] == "male" and gaz.honorifics["Mrs"] == "female"
    assert gaz.gender("Keir") == "male" and gaz.gender("Yvette") == "female"
    assert gaz.generic_nouns["country"] == "Country" and gaz.generic_nouns["company"] == "Organization"


def test_generic_nouns_by_type_synonym_classes_and_portfolios():
    gaz = load_gazetteer()
    assert "country" in gaz.generic_by_type and "network" not in gaz.generic_by_type  # "the network" needs its name
    assert {"company", "corporation", "inc"} <= gaz.generic_words("company")
    assert gaz.generic_words("church") == {"church"}
    assert {"Interior", "Immigration", "Emeritus"} <= gaz.portfolios
    assert gaz.title("treasurer").title in gaz.portfolio_titles and gaz.title("minister").title in gaz.portfolio_titles
    assert "Governor" not in gaz.portfolio_titles  # "Reserve Bank Governor": the bank's
    assert {"shadow", "deputy"} <= gaz.title_ranks and {"QC", "MP", "OBE"} <= gaz.post_nominals


def test_ruler_skips_given_names_and_ambiguous_names():
    patterns = {p["pattern"] for p in load_gazetteer().ruler_patterns()}
    assert {"Kyiv", "UK", "Storm Shadow"} <= patterns
    assert not {"Jordan", "Georgia", "Victoria", "Patriot"} & patterns


def test_add_gazetteer_puts_the_ruler_before_ner_and_is_idempotent():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    add_gazetteer(nlp, K.gazetteer)
    add_gazetteer(nlp, K.gazetteer)
    assert nlp.pipe_names == [RULER_NAME, GUARD_NAME, "ner", FIX_NAME]


def _components():
    nlp = spacy.blank("en")
    add_gazetteer(nlp, K.gazetteer)
    return nlp.get_pipe(GUARD_NAME), nlp.get_pipe(FIX_NAME)


def test_guard_drops_a_match_inside_a_longer_name():
    # "Bank of America": the ruler's "America" is left to the NER
    guard, _ = _components()
    doc = build_doc([
        ("Bank", "bank", "PROPN", "NNP", "ROOT", 0, "O"),
        ("of", "of", "ADP", "IN", "prep", 0, "O"),
        ("America", "America", "PROPN", "NNP", "pobj", 1, "B-GPE"),
    ])
    assert guard(doc).ents == ()


def test_fix_relabels_a_capital_tagged_person_and_a_product_before_a_weapon_noun():
    _, fix = _components()
    doc = build_doc([
        ("Kyiv", "Kyiv", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("bought", "buy", "VERB", "VBD", "ROOT", 1, "O"),
        ("Challenger", "Challenger", "PROPN", "NNP", "compound", 3, "B-LAW"),
        ("II", "II", "PROPN", "NNP", "compound", 4, "I-LAW"),
        ("tanks", "tank", "NOUN", "NNS", "dobj", 1, "O"),
    ])
    assert [(e.text, e.label_) for e in fix(doc).ents] == [("Kyiv", "GPE"), ("Challenger II", "WEAPON")]


def test_fix_keeps_an_ambiguous_name_a_person():
    _, fix = _components()
    doc = build_doc([
        ("Jordan", "Jordan", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("won", "win", "VERB", "VBD", "ROOT", 1, "O"),
    ])
    assert [(e.text, e.label_) for e in fix(doc).ents] == [("Jordan", "PERSON")]


def test_person_nouns_and_more_cities_and_companies():
    gaz = load_gazetteer()
    assert gaz.describes_person("goalkeeper") and gaz.describes_person("Prime Minister")
    assert not gaz.describes_person("carrier")  # "carrier Qantas" is a company
    assert gaz.lookup("Volgograd").type == "City" and gaz.lookup("Sheffield").country == "United Kingdom"
    assert gaz.lookup("Google").type == "Organization"


def test_place_and_organisation_nouns_and_given_names_of_more_languages():
    gaz = load_gazetteer()
    assert gaz.place_nouns["town"] == "City" and gaz.place_nouns["river"] == "Place"
    assert "stadium" not in gaz.place_nouns  # facilities are often named after a company
    assert "airline" in gaz.organisation_nouns and "shares" in gaz.organisation_owned
    assert gaz.gender("Sebastien") == "male" and gaz.gender("Isabelle") == "female"
    assert "greens" in gaz.generic_words("party")
