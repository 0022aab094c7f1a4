"""The party gazetteer (ontology/gazetteer/parties.yaml): every form of a party names one party."""

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()
GAZ = K.gazetteer


def test_every_form_of_a_party_is_the_same_party():
    tories = GAZ.party("Conservative Party")
    assert tories is not None and tories.country == "United Kingdom"
    assert GAZ.party("the Tories") == GAZ.party("Conservatives") == tories
    assert GAZ.party_of_modifier("Tory") == GAZ.party_of_modifier("Conservative") == tories
    assert GAZ.party_of_member("Tories") == tories


def test_short_forms_and_nicknames():
    assert GAZ.party("Lib Dems").name == "Liberal Democrats"
    assert GAZ.party_of_modifier("Lib Dem").name == "Liberal Democrats"
    assert GAZ.party("GOP").name == "Republican Party"
    assert GAZ.party("SNP").name == "Scottish National Party"
    assert GAZ.party("Sinn Fein").name == "Sinn Féin"
    assert GAZ.party("CDU").country == "Germany"


def test_lower_case_words_are_no_party():
    assert GAZ.party_of_modifier("conservative") is None
    assert GAZ.party_of_modifier("labour") is None
    assert GAZ.party("Liberal Democrats") != GAZ.party("Democratic Party")


def test_the_ontology_has_the_class():
    assert K.ontology.is_a("PoliticalParty", "Organization")
