"""find_mentions on hand-built Docs: names, nominals and pronouns read from a fixed parse."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract.mentions import find_mentions

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
    return {m.text: (m.kind, m.type, m.role) for m in find_mentions(doc)}


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
    for m in find_mentions(doc):
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
