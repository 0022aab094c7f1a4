"""find_mentions on hand-built Docs: names, nominals and pronouns read from a fixed parse."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract.mentions import find_mentions

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it

VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {".", ",", "'s", "\u2019s", ")", ":", "?", "!"}


def build_doc(rows: list[tuple[str, str, str, str, str, int, str]], spaces: list[bool] | None = None) -> Doc:
    """A parsed Doc from rows of (word, lemma, POS, tag, dep, head index, IOB entity tag)."""
    words = [r[0] for r in rows]
    if spaces is None:
        spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(
        VOCAB, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
        tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows],
        ents=[r[6] for r in rows],
    )


def _by_text(doc: Doc) -> dict[str, tuple[str, str | None, str | None]]:
    return {m.text: (m.kind, m.type, m.role) for m in find_mentions(doc, K)}


# "Mr Zelensky met the Ukrainian president."
ZELENSKY_MET = [
    ("Mr", "Mr", "PROPN", "NNP", "compound", 1, "O"),
    ("Zelensky", "Zelensky", "PROPN", "NNP", "nsubj", 2, "B-PERSON"),
    ("met", "meet", "VERB", "VBD", "ROOT", 2, "O"),
    ("the", "the", "DET", "DT", "det", 5, "O"),
    ("Ukrainian", "ukrainian", "ADJ", "JJ", "amod", 5, "B-NORP"),
    ("president", "president", "NOUN", "NN", "dobj", 2, "O"),
    (".", ".", "PUNCT", ".", "punct", 2, "O"),
]


def test_offsets_are_exact_and_honorific_is_in_the_name_span():
    doc = build_doc(ZELENSKY_MET)
    for m in find_mentions(doc, K):
        assert doc.text[m.start:m.end] == m.text
        assert doc[m.token_start:m.token_end].text == m.text
    assert _by_text(doc)["Mr Zelensky"] == ("name", "Person", None)


def test_demonym_is_a_country_mention_and_role_noun_a_nominal():
    found = _by_text(build_doc(ZELENSKY_MET))
    assert found["Ukrainian"] == ("name", "Country", None)
    assert found["the Ukrainian president"] == ("nominal", "Person", "President")


def test_capital_tagged_person_is_a_city():
    # "Kyiv appears ..." with the NER's PERSON reading left in place: the gazetteer types it
    doc = build_doc([
        ("Kyiv", "Kyiv", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("appears", "appear", "VERB", "VBZ", "ROOT", 1, "O"),
        (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ])
    assert _by_text(doc)["Kyiv"] == ("name", "City", None)


def test_weapon_class_named_by_its_modifier():
    # "Britain sent anti-tank missiles."
    doc = build_doc([
        ("Britain", "Britain", "PROPN", "NNP", "nsubj", 1, "B-GPE"),
        ("sent", "send", "VERB", "VBD", "ROOT", 1, "O"),
        ("anti", "anti", "ADJ", "JJ", "amod", 4, "O"),
        ("-", "-", "PUNCT", "HYPH", "punct", 4, "O"),
        ("tank", "tank", "NOUN", "NN", "compound", 5, "O"),
        ("missiles", "missile", "NOUN", "NNS", "dobj", 1, "O"),
        (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ], spaces=[True, True, False, False, True, False, False])
    found = _by_text(doc)
    assert found["anti-tank missiles"] == ("name", "Weapon", None)
    assert found["Britain"] == ("name", "Country", None)


def test_title_phrase_before_a_name_and_apposition_are_nominal_mentions():
    # "US president Bill Clinton, a lawyer, spoke."
    doc = build_doc([
        ("US", "US", "PROPN", "NNP", "compound", 1, "B-GPE"),
        ("president", "president", "NOUN", "NN", "compound", 3, "O"),
        ("Bill", "Bill", "PROPN", "NNP", "compound", 3, "B-PERSON"),
        ("Clinton", "Clinton", "PROPN", "NNP", "nsubj", 8, "I-PERSON"),
        (",", ",", "PUNCT", ",", "punct", 3, "O"),
        ("a", "a", "DET", "DT", "det", 6, "O"),
        ("lawyer", "lawyer", "NOUN", "NN", "appos", 3, "O"),
        (",", ",", "PUNCT", ",", "punct", 3, "O"),
        ("spoke", "speak", "VERB", "VBD", "ROOT", 8, "O"),
        (".", ".", "PUNCT", ".", "punct", 8, "O"),
    ])
    found = _by_text(doc)
    assert found["US president Bill Clinton"] == ("nominal", "Person", "President")
    assert found["a lawyer"][0] == "nominal"
    assert found["US"] == ("name", "Country", None)


def test_pronouns_and_numbers():
    # "He paid 5 dollars."
    doc = build_doc([
        ("He", "he", "PRON", "PRP", "nsubj", 1, "O"),
        ("paid", "pay", "VERB", "VBD", "ROOT", 1, "O"),
        ("5", "5", "NUM", "CD", "nummod", 3, "B-MONEY"),
        ("dollars", "dollar", "NOUN", "NNS", "dobj", 1, "I-MONEY"),
        (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ])
    assert _by_text(doc) == {"He": ("pronoun", "Person", None)}


def _w(word, dep, head, ent="O", pos="PROPN", tag="NNP", lemma=None):
    return (word, lemma or word.lower(), pos, tag, dep, head, ent)


def test_name_the_ner_missed_elsewhere_and_a_lone_surname_are_mentions():
    # "Mark Rathbun left Scientology. Rathbun criticised Scientology." -- the NER read only the first
    doc = build_doc([
        _w("Mark", "compound", 1, "B-PERSON"), _w("Rathbun", "nsubj", 2, "I-PERSON"),
        _w("left", "ROOT", 2, pos="VERB", tag="VBD", lemma="leave"), _w("Scientology", "dobj", 2, "B-ORG"),
        _w(".", "punct", 2, pos="PUNCT", tag="."),
        _w("Rathbun", "nsubj", 6), _w("criticised", "ROOT", 6, pos="VERB", tag="VBD", lemma="criticise"),
        _w("Scientology", "dobj", 6), _w(".", "punct", 6, pos="PUNCT", tag="."),
    ])
    names = [(m.text, m.type, m.token_start) for m in find_mentions(doc, K) if m.kind == "name"]
    assert names == [("Mark Rathbun", "Person", 0), ("Scientology", "Organization", 3),
                     ("Rathbun", "Person", 5), ("Scientology", "Organization", 7)]


def test_repeated_name_glued_to_a_longer_name_is_not_a_mention():
    # "Google grew. Google Analytics grew."
    doc = build_doc([
        _w("Google", "nsubj", 1, "B-ORG"), _w("grew", "ROOT", 1, pos="VERB", tag="VBD", lemma="grow"),
        _w(".", "punct", 1, pos="PUNCT", tag="."),
        _w("Google", "compound", 4), _w("Analytics", "nsubj", 5),
        _w("grew", "ROOT", 5, pos="VERB", tag="VBD", lemma="grow"), _w(".", "punct", 5, pos="PUNCT", tag="."),
    ])
    assert [m.token_start for m in find_mentions(doc, K) if m.text == "Google"] == [0]


def test_plural_people_noun_is_a_group_of_persons_and_adjective_a_country():
    # "The Palestinians met Israeli officials."
    doc = build_doc([
        _w("The", "det", 1, pos="DET", tag="DT"), _w("Palestinians", "nsubj", 2, "B-NORP", tag="NNPS"),
        _w("met", "ROOT", 2, pos="VERB", tag="VBD", lemma="meet"),
        _w("Israeli", "amod", 4, "B-NORP", pos="ADJ", tag="JJ"), _w("officials", "dobj", 2, pos="NOUN", tag="NNS"),
        _w(".", "punct", 2, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["The Palestinians"] == ("name", "Person", None)
    assert found["Israeli"] == ("name", "Country", None)


def test_person_tagged_facility_takes_the_type_of_its_head_noun():
    # "McMurdo Station opened."
    doc = build_doc([
        _w("McMurdo", "compound", 1, "B-PERSON"), _w("Station", "nsubj", 2, "I-PERSON"),
        _w("opened", "ROOT", 2, pos="VERB", tag="VBD", lemma="open"), _w(".", "punct", 2, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["McMurdo Station"] == ("name", "Organization", None)


def test_place_qualified_by_the_places_it_lies_in_is_one_more_mention():
    # "Pilgrims reached Mecca, Saudi Arabia."
    doc = build_doc([
        _w("Pilgrims", "nsubj", 1, pos="NOUN", tag="NNS", lemma="pilgrim"),
        _w("reached", "ROOT", 1, pos="VERB", tag="VBD", lemma="reach"), _w("Mecca", "dobj", 1, "B-GPE"),
        _w(",", "punct", 2, pos="PUNCT", tag=","), _w("Saudi", "compound", 5, "B-GPE"),
        _w("Arabia", "appos", 2, "I-GPE"), _w(".", "punct", 1, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["Mecca, Saudi Arabia"] == ("nominal", "City", None)
    assert found["Mecca"] == ("name", "City", None) and found["Saudi Arabia"] == ("name", "Country", None)


def test_name_with_a_relative_clause_is_one_more_mention_without_its_conjuncts():
    # "Turkey, which borders Syria, and Iraq met."
    doc = build_doc([
        _w("Turkey", "nsubj", 8, "B-GPE"), _w(",", "punct", 0, pos="PUNCT", tag=","),
        _w("which", "nsubj", 3, pos="PRON", tag="WDT"), _w("borders", "relcl", 0, pos="VERB", tag="VBZ", lemma="border"),
        _w("Syria", "dobj", 3, "B-GPE"), _w(",", "punct", 0, pos="PUNCT", tag=","),
        _w("and", "cc", 0, pos="CCONJ", tag="CC"), _w("Iraq", "conj", 0, "B-GPE"),
        _w("met", "ROOT", 8, pos="VERB", tag="VBD", lemma="meet"), _w(".", "punct", 8, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["Turkey, which borders Syria"] == ("nominal", "Country", None)
    assert not [t for t in found if t.startswith("Turkey") and t.endswith("Iraq")]


def test_plural_generic_noun_is_no_mention_of_one_thing():
    # "the Arab states"
    doc = build_doc([
        _w("the", "det", 2, pos="DET", tag="DT"), _w("Arab", "amod", 2, "B-NORP", pos="ADJ", tag="JJ"),
        _w("states", "ROOT", 2, pos="NOUN", tag="NNS", lemma="state"),
    ])
    assert "the Arab states" not in _by_text(doc)


def W(word, dep, head, ent="O", pos="PROPN", tag="NNP", lemma=None):
    return (word, lemma or word.lower(), pos, tag, dep, head, ent)


def test_caption_credit_word_and_dateline_weekday_are_cut_from_names():
    # "Obama tweets Ahmed Mohamed Image: Twitter. Interviewed by Wikinews Saturday."
    doc = build_doc([
        W("Obama", "nsubj", 1, "B-PERSON"), W("tweets", "ROOT", 1, pos="VERB", tag="VBZ", lemma="tweet"),
        W("Ahmed", "compound", 3, "B-PERSON"), W("Mohamed", "dobj", 1, "I-PERSON"),
        W("Image", "appos", 3, "I-PERSON", pos="NOUN", tag="NN"), (":", ":", "PUNCT", ":", "punct", 4, "O"),
        W("Twitter", "appos", 4, "B-ORG"), (".", ".", "PUNCT", ".", "punct", 1, "O"),
        W("Interviewed", "ROOT", 8, pos="VERB", tag="VBN", lemma="interview"), W("by", "agent", 8, pos="ADP", tag="IN"),
        W("Wikinews", "pobj", 9, "B-ORG"), W("Saturday", "npadvmod", 8, "I-ORG"), (".", ".", "PUNCT", ".", "punct", 8, "O"),
    ])
    found = _by_text(doc)
    assert found["Ahmed Mohamed"] == ("name", "Person", None) and found["Wikinews"] == ("name", "Organization", None)
    assert not {"Ahmed Mohamed Image", "Wikinews Saturday", "Image: Twitter"} & set(found)


def test_portfolio_completing_a_title_is_no_organisation():
    # "The Minister for Immigration met the Interior Minister."
    doc = build_doc([
        W("The", "det", 1, pos="DET", tag="DT"), W("Minister", "nsubj", 4, pos="NOUN", tag="NN"),
        W("for", "prep", 1, pos="ADP", tag="IN"), W("Immigration", "pobj", 2, "B-ORG"),
        W("met", "ROOT", 4, pos="VERB", tag="VBD", lemma="meet"), W("the", "det", 7, pos="DET", tag="DT"),
        W("Interior", "compound", 7, "B-ORG"), W("Minister", "dobj", 4, pos="NOUN", tag="NN"),
        (".", ".", "PUNCT", ".", "punct", 4, "O"),
    ])
    assert not [m for m in find_mentions(doc, K) if m.kind == "name"]


def test_former_holders_are_role_mentions_but_generic_nouns_of_something_unnamed_no_mentions():
    # "The former king spoke about the state of magic and the country." -- "The former king" is a
    # role mention the resolver lets stand only for the person the text is about (test_role_reference)
    doc = build_doc([
        W("The", "det", 2, pos="DET", tag="DT"), W("former", "amod", 2, pos="ADJ", tag="JJ"),
        W("king", "nsubj", 3, pos="NOUN", tag="NN"), W("spoke", "ROOT", 3, pos="VERB", tag="VBD", lemma="speak"),
        W("about", "prep", 3, pos="ADP", tag="IN"), W("the", "det", 6, pos="DET", tag="DT"),
        W("state", "pobj", 4, pos="NOUN", tag="NN"), W("of", "prep", 6, pos="ADP", tag="IN"),
        W("magic", "pobj", 7, pos="NOUN", tag="NN"), W("and", "cc", 6, pos="CCONJ", tag="CC"),
        W("the", "det", 11, pos="DET", tag="DT"), W("country", "conj", 6, pos="NOUN", tag="NN"),
        (".", ".", "PUNCT", ".", "punct", 3, "O"),
    ])
    assert set(_by_text(doc)) == {"The former king", "the country"}


def test_apposition_never_crosses_a_colon_or_quotation_mark():
    # 'Sunak said: "The Home Secretary and I agree."' -- parsed as an apposition of Sunak
    from kg.extract.mentions import descriptor_anchor

    doc = build_doc([
        W("Sunak", "nsubj", 1, "B-PERSON"), W("said", "ROOT", 1, pos="VERB", tag="VBD", lemma="say"),
        (":", ":", "PUNCT", ":", "punct", 1, "O"), ('"', '"', "PUNCT", "``", "punct", 1, "O"),
        W("The", "det", 6, pos="DET", tag="DT"), W("Home", "compound", 6), W("Secretary", "appos", 0),
        W("and", "cc", 6, pos="CCONJ", tag="CC"), W("I", "nsubj", 9, pos="PRON", tag="PRP"),
        W("agree", "ccomp", 1, pos="VERB", tag="VBP"), (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ])
    assert descriptor_anchor(doc[6], K) is None
    assert _by_text(doc)["The Home Secretary"] == ("nominal", "Person", "Home Secretary")  # a role noun, no more


def test_camel_cased_word_is_an_organisation_but_not_an_i_product():
    # "wikiHow sells no iPhone."
    doc = build_doc([
        W("wikiHow", "nsubj", 1, pos="NOUN", tag="NN"), W("sells", "ROOT", 1, pos="VERB", tag="VBZ", lemma="sell"),
        W("no", "det", 3, pos="DET", tag="DT"), W("iPhone", "dobj", 1, pos="NOUN", tag="NN"),
        (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ])
    found = _by_text(doc)
    assert found["wikiHow"] == ("name", "Organization", None) and "iPhone" not in found


def test_title_before_a_portfolio_is_the_title():
    # "Minister of Education Stefania Giannini"
    from kg.extract.mentions import title_of
    from kg.knowledge.gazetteer import load_gazetteer

    doc = build_doc([W("Minister", "compound", 4), W("of", "prep", 0, pos="ADP", tag="IN"), W("Education", "pobj", 1),
                     W("Stefania", "compound", 4, "B-PERSON"), W("Giannini", "ROOT", 4, "I-PERSON")])
    assert title_of(list(doc[0:3]), load_gazetteer()) == "Minister"


def _M(word, dep, head, ent="O", pos="PROPN", tag="NNP", lemma=None):
    return (word, lemma or word.lower(), pos, tag, dep, head, ent)


def test_inverted_name_in_a_list_line_is_one_person():
    # "Twain, Mark. A Yankee\nParis, France." -- only a known given name after the comma
    doc = build_doc([
        _M("Twain", "ROOT", 0, "B-PERSON"), _M(",", "punct", 0, pos="PUNCT", tag=","),
        _M("Mark", "appos", 0, "B-PERSON"), _M(".", "punct", 0, pos="PUNCT", tag="."),
        _M("A", "det", 5, pos="DET", tag="DT"), _M("Yankee", "ROOT", 5), _M("\n", "dep", 5, pos="SPACE", tag="_SP"),
        _M("Paris", "ROOT", 7, "B-GPE"), _M(",", "punct", 7, pos="PUNCT", tag=","),
        _M("France", "appos", 7, "B-GPE"), _M(".", "punct", 7, pos="PUNCT", tag="."),
    ], spaces=[False, True, False, True, True, False, False, False, True, False, False])
    found = _by_text(doc)
    assert found["Twain, Mark"] == ("name", "Person", None)
    assert "Mark" not in found and "Twain" not in found
    assert found["Paris"][1] == "City" and "Paris, France" not in {k for k, v in found.items() if v[0] == "name"}


def test_person_noun_before_a_name_makes_it_a_person():
    # "Polaroids of fashion designer Halston." (the NER read Halston as a place)
    doc = build_doc([
        _M("Polaroids", "ROOT", 0, pos="NOUN", tag="NNS"), _M("of", "prep", 0, pos="ADP", tag="IN"),
        _M("fashion", "compound", 3, pos="NOUN", tag="NN"), _M("designer", "compound", 4, pos="NOUN", tag="NN"),
        _M("Halston", "pobj", 1, "B-GPE"), _M(".", "punct", 0, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["Halston"] == ("name", "Person", None)


LISTED = [  # "Ansel Adams, Chuck Close, Walker Evans and Tamworth, Gunnedah and Quirindi"
    _M("Ansel", "compound", 1, "B-PERSON"), _M("Adams", "ROOT", 1, "I-PERSON"), _M(",", "punct", 1, pos="PUNCT", tag=","),
    _M("Chuck", "compound", 4, "B-PERSON"), _M("Close", "conj", 1, "I-PERSON"), _M(",", "punct", 4, pos="PUNCT", tag=","),
    _M("Walker", "compound", 7, "B-ORG"), _M("Evans", "conj", 4, "I-ORG"), _M(".", "punct", 1, pos="PUNCT", tag="."),
    _M("Tamworth", "ROOT", 9, "B-GPE"), _M(",", "punct", 9, pos="PUNCT", tag=","),
    _M("Gunnedah", "conj", 9, "B-PERSON"), _M("and", "cc", 11, pos="CCONJ", tag="CC"),
    _M("Quirindi", "conj", 11, "B-PERSON"), _M(".", "punct", 9, pos="PUNCT", tag="."),
]


def test_a_name_listed_with_full_names_of_persons_is_a_person():
    found = _by_text(build_doc(LISTED))
    assert found["Walker Evans"] == ("name", "Person", None)
    assert found["Tamworth"] == ("name", "City", None)  # single words the NER called persons prove nothing; GeoNames knows the town


def test_given_name_alone_elsewhere_makes_the_full_name_a_person():
    # "Kelly Clarkson sang. Kelly left."
    doc = build_doc([
        _M("Kelly", "compound", 1, "B-ORG"), _M("Clarkson", "nsubj", 2, "I-ORG"),
        _M("sang", "ROOT", 2, pos="VERB", tag="VBD", lemma="sing"), _M(".", "punct", 2, pos="PUNCT", tag="."),
        _M("Kelly", "nsubj", 5, "B-PERSON"), _M("left", "ROOT", 5, pos="VERB", tag="VBD", lemma="leave"),
        _M(".", "punct", 5, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["Kelly Clarkson"] == ("name", "Person", None)


def test_known_names_inside_longer_names():
    # "the University of Southern Indiana, Google Analytics, Google Chrome, the Indian Parliament, New South Wales Police"
    doc = build_doc([
        _M("the", "det", 1, "B-ORG", pos="DET", tag="DT"), _M("University", "ROOT", 1, "I-ORG"),
        _M("of", "prep", 1, "I-ORG", pos="ADP", tag="IN"), _M("Southern", "compound", 4, "I-ORG"),
        _M("Indiana", "pobj", 2, "I-ORG"), _M(",", "punct", 1, pos="PUNCT", tag=","),
        _M("Google", "compound", 7, "B-ORG"), _M("Analytics", "conj", 1, "I-ORG"), _M(",", "punct", 7, pos="PUNCT", tag=","),
        _M("Google", "compound", 10, "B-PRODUCT"), _M("Chrome", "conj", 7, "I-PRODUCT"),
        _M(",", "punct", 10, pos="PUNCT", tag=","),
        _M("the", "det", 14, "B-ORG", pos="DET", tag="DT"), _M("Indian", "amod", 14, "I-ORG", pos="ADJ", tag="JJ"),
        _M("Parliament", "conj", 10, "I-ORG"), _M(",", "punct", 14, pos="PUNCT", tag=","),
        _M("New", "compound", 17, "B-ORG"), _M("South", "compound", 18, "I-ORG"), _M("Wales", "compound", 19, "I-ORG"),
        _M("Police", "conj", 14, "I-ORG"),
    ])
    found = _by_text(doc)
    assert found["Southern Indiana"] == ("name", "Place", None) and "Indiana" not in found
    assert found["Google"] == ("name", "Organization", None)
    assert [m.text for m in find_mentions(doc, K) if m.text == "Google"] == ["Google", "Google"]  # in the product too
    assert "Parliament" not in found  # the head of "the Indian Parliament" is the whole
    assert "Wales" not in found and "South Wales" not in found


# "Aner Shalev is an Israeli mathematician. Currently Shalev teaches." -- the NER tagged nothing
SAID_TO_BE_A_MATHEMATICIAN = [
    _M("Aner", "compound", 1), _M("Shalev", "nsubj", 2), _M("is", "ROOT", 2, pos="AUX", tag="VBZ", lemma="be"),
    _M("an", "det", 5, pos="DET", tag="DT"), _M("Israeli", "amod", 5, "B-NORP", pos="ADJ", tag="JJ"),
    _M("mathematician", "attr", 2, pos="NOUN", tag="NN"), _M(".", "punct", 2, pos="PUNCT", tag="."),
    _M("Currently", "advmod", 9, pos="ADV", tag="RB"), _M("Shalev", "nsubj", 9, pos="NOUN", tag="NN"),
    _M("teaches", "ROOT", 9, pos="VERB", tag="VBZ", lemma="teach"), _M(".", "punct", 9, pos="PUNCT", tag="."),
]


def test_untagged_full_name_said_to_be_a_person_noun_is_a_person():
    found = _by_text(build_doc(SAID_TO_BE_A_MATHEMATICIAN))
    assert found["Aner Shalev"] == ("name", "Person", None)
    assert found["Shalev"] == ("name", "Person", None)  # the surname alone, named again


def test_untagged_full_name_after_a_person_noun_is_a_person_even_when_tagged_an_adjective():
    # "He interviews mathematician Aner Shalev."  ("mathematician" mis-tagged ADJ)
    doc = build_doc([
        _M("He", "nsubj", 1, pos="PRON", tag="PRP"), _M("interviews", "ROOT", 1, pos="VERB", tag="VBZ", lemma="interview"),
        _M("mathematician", "amod", 4, pos="ADJ", tag="JJ"), _M("Aner", "compound", 4), _M("Shalev", "dobj", 1),
        _M(".", "punct", 1, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["Aner Shalev"] == ("name", "Person", None)


def test_untagged_names_without_person_evidence_or_naming_a_kind_are_left_alone():
    # "Grand Forks is a town. Episcopal Conference is a writer. Shalev is a writer."
    doc = build_doc([
        _M("Grand", "compound", 1), _M("Forks", "nsubj", 2), _M("is", "ROOT", 2, pos="AUX", tag="VBZ", lemma="be"),
        _M("a", "det", 4, pos="DET", tag="DT"), _M("town", "attr", 2, pos="NOUN", tag="NN"),
        _M(".", "punct", 2, pos="PUNCT", tag="."),
        _M("Episcopal", "compound", 7), _M("Conference", "nsubj", 8), _M("is", "ROOT", 8, pos="AUX", tag="VBZ", lemma="be"),
        _M("a", "det", 10, pos="DET", tag="DT"), _M("writer", "attr", 8, pos="NOUN", tag="NN"),
        _M(".", "punct", 8, pos="PUNCT", tag="."),
        _M("Shalev", "nsubj", 13), _M("is", "ROOT", 13, pos="AUX", tag="VBZ", lemma="be"),
        _M("a", "det", 15, pos="DET", tag="DT"), _M("writer", "attr", 13, pos="NOUN", tag="NN"),
        _M(".", "punct", 13, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert not {"Grand Forks", "Episcopal Conference", "Shalev"} & set(found)


def test_name_owned_by_a_name_before_it_is_one_more_mention_of_the_owned():
    # "Pilgrims filled Mecca's Grand Mosque."
    doc = build_doc([
        _w("Pilgrims", "nsubj", 1, pos="NOUN", tag="NNS", lemma="pilgrim"),
        _w("filled", "ROOT", 1, pos="VERB", tag="VBD", lemma="fill"), _w("Mecca", "poss", 5, "B-GPE"),
        _w("'s", "case", 2, pos="PART", tag="POS"), _w("Grand", "compound", 5, "B-FAC"),
        _w("Mosque", "dobj", 1, "I-FAC"), _w(".", "punct", 1, pos="PUNCT", tag="."),
    ])
    mentions = {m.text: m for m in find_mentions(doc, K)}
    assert mentions["Mecca's Grand Mosque"].kind == "nominal" and mentions["Mecca's Grand Mosque"].head == 5
    assert mentions["Mecca"].kind == mentions["Grand Mosque"].kind == "name"


def test_a_lower_case_entity_is_no_name():
    # "local anti - Taliban fighters": the NER's ORG on "anti" names nothing
    doc = build_doc([
        ("local", "local", "ADJ", "JJ", "amod", 4, "O"),
        ("anti", "anti", "ADJ", "JJ", "amod", 4, "B-ORG"),
        ("-", "-", "PUNCT", "HYPH", "punct", 3, "O"),
        ("Taliban", "Taliban", "PROPN", "NNP", "amod", 4, "B-ORG"),
        ("fighters", "fighter", "NOUN", "NNS", "ROOT", 4, "O"),
    ], spaces=[True, False, False, True, False])
    names = {m.text for m in find_mentions(doc, K) if m.kind == "name"}
    assert "anti" not in names
    assert "Taliban" in names


def test_an_acronym_in_an_open_bracket_is_cut_from_the_name():
    # "the Energy Union (CFMEU said": the NER ran its ORG into the bracket
    doc = build_doc([
        ("the", "the", "DET", "DT", "det", 2, "O"),
        ("Energy", "Energy", "PROPN", "NNP", "compound", 2, "B-ORG"),
        ("Union", "Union", "PROPN", "NNP", "nsubj", 5, "I-ORG"),
        ("(", "(", "PUNCT", "-LRB-", "punct", 2, "I-ORG"),
        ("CFMEU", "CFMEU", "PROPN", "NNP", "appos", 2, "I-ORG"),
        ("said", "say", "VERB", "VBD", "ROOT", 5, "O"),
    ], spaces=[True, True, True, False, True, False])
    names = {m.text for m in find_mentions(doc, K) if m.kind == "name"}
    assert "the Energy Union" in names
    assert not any("(" in name for name in names)


_VERB = {"pos": "VERB", "tag": "VBZ", "lemma": "say"}


def test_a_bare_title_tagged_as_a_name_is_a_role_noun():
    # "The Treasurer says." -- the NER tagged "The Treasurer" a PERSON
    doc = build_doc([W("The", "det", 1, "B-PERSON", pos="DET", tag="DT"), W("Treasurer", "nsubj", 2, "I-PERSON"),
                     W("says", "ROOT", 2, **_VERB), (".", ".", "PUNCT", ".", "punct", 2, "O")])
    assert _by_text(doc)["The Treasurer"] == ("nominal", "Person", "Treasurer")
    assert not [m for m in find_mentions(doc, K) if m.kind == "name"]


def test_a_title_the_ner_glued_to_a_name_is_cut_from_it():
    # "Shadow Treasurer Bob McMullan says." -- the NER's PERSON starts at "Treasurer"
    doc = build_doc([W("Shadow", "compound", 1), W("Treasurer", "compound", 3, "B-PERSON"),
                     W("Bob", "compound", 3, "I-PERSON"), W("McMullan", "nsubj", 4, "I-PERSON"),
                     W("says", "ROOT", 4, **_VERB), (".", ".", "PUNCT", ".", "punct", 4, "O")])
    found = _by_text(doc)
    assert found["Bob McMullan"] == ("name", "Person", None)
    # a rank word makes it another title than "the Treasurer"
    assert found["Shadow Treasurer Bob McMullan"] == ("nominal", "Person", "Shadow Treasurer")


def test_capitalised_words_before_a_ministers_title_are_a_portfolio_keeping_the_place_they_open_with():
    # "New South Wales Emergency Services Minister Bob Debus and Fair Trading Minister John Aquilina say."
    doc = build_doc([
        W("New", "compound", 2, "B-ORG"), W("South", "compound", 2, "I-ORG"), W("Wales", "compound", 5, "I-ORG"),
        W("Emergency", "compound", 4, "I-ORG"), W("Services", "compound", 5), W("Minister", "compound", 7),
        W("Bob", "compound", 7, "B-PERSON"), W("Debus", "nsubj", 14, "I-PERSON"), W("and", "cc", 7, pos="CCONJ", tag="CC"),
        W("Fair", "compound", 10, "B-ORG"), W("Trading", "compound", 11), W("Minister", "compound", 13),
        W("John", "compound", 13, "B-PERSON"), W("Aquilina", "conj", 7, "I-PERSON"),
        W("say", "ROOT", 14, pos="VERB", tag="VBP", lemma="say"), (".", ".", "PUNCT", ".", "punct", 14, "O"),
    ])
    names = {m.text: m.type for m in find_mentions(doc, K) if m.kind == "name"}
    assert names == {"New South Wales": "Place", "Bob Debus": "Person", "John Aquilina": "Person"}


def test_an_organisation_before_a_ministers_title_stays_an_organisation():
    # "Labor Party Secretary Tim Gartrell said."
    doc = build_doc([W("Labor", "compound", 1, "B-ORG"), W("Party", "compound", 2, "I-ORG"), W("Secretary", "compound", 4),
                     W("Tim", "compound", 4, "B-PERSON"), W("Gartrell", "nsubj", 5, "I-PERSON"),
                     W("said", "ROOT", 5, **_VERB), (".", ".", "PUNCT", ".", "punct", 5, "O")])
    assert _by_text(doc)["Labor Party"] == ("name", "Organization", None)


def test_the_word_a_known_title_ends_with_is_no_organisation():
    # "Secretary of State Colin Powell said."
    doc = build_doc([W("Secretary", "nmod", 4), W("of", "prep", 0, pos="ADP", tag="IN"), W("State", "pobj", 1, "B-ORG"),
                     W("Colin", "compound", 4, "B-PERSON"), W("Powell", "nsubj", 5, "I-PERSON"),
                     W("said", "ROOT", 5, **_VERB), (".", ".", "PUNCT", ".", "punct", 5, "O")])
    assert {m.text for m in find_mentions(doc, K) if m.kind == "name"} == {"Colin Powell"}


def test_letters_after_a_name_and_a_trailing_conjunction_are_cut_from_it():
    # "Wayne Martin QC and Dan Bursch - and an OBE"
    doc = build_doc([
        W("Wayne", "compound", 2, "B-PERSON"), W("Martin", "compound", 2, "I-PERSON"), W("QC", "ROOT", 2, "I-PERSON"),
        W("and", "cc", 2, pos="CCONJ", tag="CC"), W("Dan", "compound", 5, "B-PERSON"), W("Bursch", "conj", 2, "I-PERSON"),
        ("-", "-", "PUNCT", ":", "punct", 5, "I-PERSON"), W("and", "cc", 5, "I-PERSON", pos="CCONJ", tag="CC"),
        W("an", "det", 9, pos="DET", tag="DT"), W("OBE", "conj", 5, "B-ORG"),
    ])
    names = {m.text for m in find_mentions(doc, K) if m.kind == "name"}
    assert names == {"Wayne Martin", "Dan Bursch"}
    assert "QC" not in _by_text(doc)


def test_a_name_the_ner_cut_at_its_and_is_completed():
    # "by the Australian Competition and Consumer Commission." -- the NER's ORG stops at "and"
    doc = build_doc([
        W("by", "ROOT", 0, pos="ADP", tag="IN"), W("the", "det", 6, "B-ORG", pos="DET", tag="DT"),
        W("Australian", "nmod", 6, "I-ORG"), W("Competition", "nmod", 6, "I-ORG"),
        W("and", "cc", 5, "I-ORG", pos="CCONJ", tag="CC"), W("Consumer", "conj", 3), W("Commission", "pobj", 0),
        (".", ".", "PUNCT", ".", "punct", 0, "O"),
    ])
    assert {m.text for m in find_mentions(doc, K) if m.kind == "name"} == {"the Australian Competition and Consumer Commission"}


def test_a_compass_word_alone_is_no_place_inside_a_longer_name():
    # "in the West Bank" -- "West" alone is a region the gazetteer knows ("the West")
    doc = build_doc([W("in", "ROOT", 0, pos="ADP", tag="IN"), W("the", "det", 3, pos="DET", tag="DT"),
                     W("West", "compound", 3, "B-LOC"), W("Bank", "pobj", 0, "I-LOC")])
    assert {m.text for m in find_mentions(doc, K) if m.kind == "name"} == {"the West Bank"}


def test_a_place_noun_qualifying_a_name_makes_it_a_place_of_its_class():
    # "Residents of the town of Ten Tena fled to the Ganges river." (the NER read both as organisations)
    doc = build_doc([
        _M("Residents", "nsubj", 7, pos="NOUN", tag="NNS"), _M("of", "prep", 0, pos="ADP", tag="IN"),
        _M("the", "det", 3, pos="DET", tag="DT"), _M("town", "pobj", 1, pos="NOUN", tag="NN"),
        _M("of", "prep", 3, pos="ADP", tag="IN"), _M("Ten", "compound", 6, "B-ORG"), _M("Tena", "pobj", 4, "I-ORG"),
        _M("fled", "ROOT", 7, pos="VERB", tag="VBD", lemma="flee"), _M("to", "prep", 7, pos="ADP", tag="IN"),
        _M("the", "det", 11, pos="DET", tag="DT"), _M("Ganges", "compound", 11, "B-ORG"),
        _M("river", "pobj", 8, pos="NOUN", tag="NN"), _M(".", "punct", 7, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["Ten Tena"] == ("name", "City", None)
    assert found["Ganges"] == ("name", "Place", None)


def test_a_name_listed_with_places_is_a_place_and_so_are_its_other_mentions():
    # "Storms hit Tamworth and Gunnedah. Gunnedah lost power." (the NER read Gunnedah as a person)
    doc = build_doc([
        _M("Storms", "nsubj", 1, pos="NOUN", tag="NNS"), _M("hit", "ROOT", 1, pos="VERB", tag="VBD"),
        _M("Tamworth", "dobj", 1, "B-GPE"), _M("and", "cc", 2, pos="CCONJ", tag="CC"),
        _M("Gunnedah", "conj", 2, "B-PERSON"), _M(".", "punct", 1, pos="PUNCT", tag="."),
        _M("Gunnedah", "nsubj", 7, "B-PERSON"), _M("lost", "ROOT", 7, pos="VERB", tag="VBD", lemma="lose"),
        _M("power", "dobj", 7, pos="NOUN", tag="NN"), _M(".", "punct", 7, pos="PUNCT", tag="."),
    ])
    assert [m.type for m in find_mentions(doc, K) if m.text == "Gunnedah"] == ["City", "City"]  # a town GeoNames knows


def test_a_person_the_ner_found_after_in_is_a_place_unless_a_noun_says_what_it_is():
    # "Troops arrived in Sulawesi." / "his role in the film Easy Rider"
    doc = build_doc([
        _M("Troops", "nsubj", 1, pos="NOUN", tag="NNS"), _M("arrived", "ROOT", 1, pos="VERB", tag="VBD", lemma="arrive"),
        _M("in", "prep", 1, pos="ADP", tag="IN"), _M("Sulawesi", "pobj", 2, "B-PERSON"),
        _M(".", "punct", 1, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["Sulawesi"] == ("name", "Place", None)
    doc = build_doc([
        _M("his", "poss", 1, pos="PRON", tag="PRP$"), _M("role", "ROOT", 1, pos="NOUN", tag="NN"),
        _M("in", "prep", 1, pos="ADP", tag="IN"), _M("the", "det", 6, pos="DET", tag="DT"),
        _M("film", "compound", 6, pos="NOUN", tag="NN"), _M("Easy", "compound", 6, "B-PERSON"),
        _M("Rider", "pobj", 2, "I-PERSON"),
    ])
    assert _by_text(doc)["Easy Rider"] == ("name", "Person", None)


def test_a_surname_after_in_stays_the_person_named_in_full():
    # "John Howard spoke. Voters lost faith in Howard."
    doc = build_doc([
        _M("John", "compound", 1, "B-PERSON"), _M("Howard", "nsubj", 2, "I-PERSON"),
        _M("spoke", "ROOT", 2, pos="VERB", tag="VBD", lemma="speak"), _M(".", "punct", 2, pos="PUNCT", tag="."),
        _M("Voters", "nsubj", 5, pos="NOUN", tag="NNS"), _M("lost", "ROOT", 5, pos="VERB", tag="VBD", lemma="lose"),
        _M("faith", "dobj", 5, pos="NOUN", tag="NN"), _M("in", "prep", 6, pos="ADP", tag="IN"),
        _M("Howard", "pobj", 7, "B-PERSON"), _M(".", "punct", 5, pos="PUNCT", tag="."),
    ])
    assert [m.type for m in find_mentions(doc, K) if m.text == "Howard"] == ["Person"]


def test_an_organisation_noun_or_an_organisations_belonging_makes_a_name_an_organisation():
    # "travel company Traveland" (read as a place); "Austar shares rose." (read as a person)
    doc = build_doc([
        _M("travel", "compound", 1, pos="NOUN", tag="NN"), _M("company", "compound", 2, pos="NOUN", tag="NN"),
        _M("Traveland", "ROOT", 2, "B-GPE"), _M(".", "punct", 2, pos="PUNCT", tag="."),
        _M("Austar", "compound", 5, "B-PERSON"), _M("shares", "nsubj", 6, pos="NOUN", tag="NNS", lemma="share"),
        _M("rose", "ROOT", 6, pos="VERB", tag="VBD", lemma="rise"), _M(".", "punct", 6, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["Traveland"] == ("name", "Organization", None)
    assert found["Austar"] == ("name", "Organization", None)


def test_a_given_name_and_surname_the_ner_took_for_an_organisation_is_a_person():
    # "Wendy Caird says ..." but "Victoria Police says ..." (Victoria is a place)
    for first, last, type_ in [("Wendy", "Caird", "Person"), ("Victoria", "Police", "Organization")]:
        doc = build_doc([
            _M(first, "compound", 1, "B-ORG"), _M(last, "nsubj", 2, "I-ORG"),
            _M("says", "ROOT", 2, pos="VERB", tag="VBZ", lemma="say"), _M(".", "punct", 2, pos="PUNCT", tag="."),
        ])
        assert _by_text(doc)[f"{first} {last}"][1] == type_


def test_a_demonym_glued_before_a_persons_name_is_the_country():
    # "American Ed Moses won." (one organisation for the NER)
    doc = build_doc([
        _M("American", "amod", 2, "B-ORG", pos="ADJ", tag="JJ"), _M("Ed", "compound", 2, "I-ORG"),
        _M("Moses", "nsubj", 3, "I-ORG"), _M("won", "ROOT", 3, pos="VERB", tag="VBD", lemma="win"),
        _M(".", "punct", 3, pos="PUNCT", tag="."),
    ])
    found = _by_text(doc)
    assert found["American"] == ("name", "Country", None)
    assert found["Ed Moses"] == ("name", "Person", None)


def test_a_plural_party_name_is_the_party():
    # "The Greens won." (NORP plural) but "The Palestinians met." stays a group of persons
    doc = build_doc([
        _M("The", "det", 1, pos="DET", tag="DT"), _M("Greens", "nsubj", 2, "B-NORP", tag="NNPS"),
        _M("won", "ROOT", 2, pos="VERB", tag="VBD", lemma="win"), _M(".", "punct", 2, pos="PUNCT", tag="."),
    ])
    assert _by_text(doc)["The Greens"] == ("name", "Organization", None)


def test_a_name_the_ner_cut_short_is_widened_to_the_party_it_names():
    # "Liberal Democrat spokesman Mark Oaten": the NER tags "Democrat" alone, another party
    doc = build_doc([
        ("Liberal", "Liberal", "PROPN", "NNP", "compound", 1, "O"),
        ("Democrat", "Democrat", "PROPN", "NNP", "compound", 2, "B-NORP"),
        ("spokesman", "spokesman", "NOUN", "NN", "compound", 4, "O"),
        ("Mark", "Mark", "PROPN", "NNP", "compound", 4, "B-PERSON"),
        ("Oaten", "Oaten", "PROPN", "NNP", "nsubj", 5, "I-PERSON"),
        ("spoke", "speak", "VERB", "VBD", "ROOT", 5, "O"),
        (".", ".", "PUNCT", ".", "punct", 5, "O"),
    ])
    names = {m.text: m.type for m in find_mentions(doc, K) if m.kind == "name"}
    assert names == {"Liberal Democrat": "Organization", "Mark Oaten": "Person"}
    assert K.gazetteer.lookup("Liberal Democrat").name == "Liberal Democrats"


def test_a_name_ending_in_an_event_word_is_an_event():
    # "the World Cross Country Championships in France" (the NER says ORG)
    doc = build_doc([
        ("the", "the", "DET", "DT", "det", 4, "B-ORG"), ("World", "World", "PROPN", "NNP", "compound", 4, "I-ORG"),
        ("Cross", "Cross", "PROPN", "NNP", "compound", 3, "I-ORG"), ("Country", "Country", "PROPN", "NNP", "compound", 4, "I-ORG"),
        ("Championships", "Championships", "PROPN", "NNPS", "ROOT", 4, "I-ORG"),
        ("in", "in", "ADP", "IN", "prep", 4, "O"), ("France", "France", "PROPN", "NNP", "pobj", 5, "B-GPE"),
    ])
    names = {m.text: m.type for m in find_mentions(doc, K) if m.kind == "name"}
    assert names["the World Cross Country Championships"] == "Event" and names["France"] == "Country"


def test_no_place_inside_a_known_place_name():
    # "South Africa won."  ("Africa" is no mention of its own)
    doc = build_doc([
        ("South", "South", "PROPN", "NNP", "compound", 1, "B-GPE"), ("Africa", "Africa", "PROPN", "NNP", "nsubj", 2, "I-GPE"),
        ("won", "win", "VERB", "VBD", "ROOT", 2, "O"), (".", ".", "PUNCT", ".", "punct", 2, "O"),
    ])
    assert [m.text for m in find_mentions(doc, K) if m.kind == "name"] == ["South Africa"]
