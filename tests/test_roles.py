"""Titles, role nouns, memberships and locations on hand-built parses."""

from __future__ import annotations

from copy import copy
from dataclasses import replace

from test_relations import entities, parse

from kg.extract.index import EntityIndex
from kg.extract.roles import extract_roles, lookup_title
from kg.knowledge.gazetteer import Entry, load_gazetteer
from kg.types import Entity

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it


def facts(doc, idx, knowledge=K) -> set[tuple[str, str, str]]:
    return {(c.subject.name, c.predicate, c.obj if isinstance(c.obj, str) else c.obj.name)
            for c in extract_roles(doc, idx, knowledge)}


def test_title_before_a_name_with_its_nationality():
    doc = parse("""
        British PROPN NNP amod 2
        Defence PROPN NNP compound 2
        Secretary PROPN NNP compound 4
        John PROPN NNP compound 4
        Healey PROPN NNP nsubj 5
        spoke VERB VBD ROOT 5 speak
    """)
    idx = entities(doc, {"United Kingdom": ("Country", [(0, 1)]), "John Healey": ("Person", [(3, 5)])})
    assert facts(doc, idx) == {("John Healey", "holdsRole", "Defence Secretary"),
                               ("John Healey", "nationality", "United Kingdom")}
    rules = {c.rule for c in extract_roles(doc, idx, K)}
    assert rules == {"role.title.v1", "role.affiliation.title.v1"}


def test_leader_title_qualified_by_a_country_makes_a_leader():
    doc = parse("""
        US PROPN NNP compound 1
        president NOUN NN compound 3
        Bill PROPN NNP compound 3
        Clinton PROPN NNP ROOT 3
    """)
    idx = entities(doc, {"United States": ("Country", [(0, 1)]), "Bill Clinton": ("Person", [(2, 4)])})
    assert facts(doc, idx) == {("Bill Clinton", "holdsRole", "President"),
                               ("Bill Clinton", "nationality", "United States"),
                               ("Bill Clinton", "leaderOf", "United States")}


def test_apposition_names_role_and_organisation():
    # "Jeff Rathke, the State Department spokesperson, said"
    doc = parse("""
        Jeff PROPN NNP compound 1
        Rathke PROPN NNP nsubj 8
        , PUNCT , punct 1
        the DET DT det 6
        State PROPN NNP compound 5
        Department PROPN NNP compound 6
        spokesperson NOUN NN appos 1
        , PUNCT , punct 1
        said VERB VBD ROOT 8 say
    """)
    idx = entities(doc, {"Jeff Rathke": ("Person", [(0, 2)]),
                         "State Department": ("Organization", [(4, 6)])})
    assert facts(doc, idx) == {("Jeff Rathke", "holdsRole", "Spokesperson"),
                               ("Jeff Rathke", "memberOf", "State Department")}


def test_role_noun_resolved_to_a_person_and_abbreviation():
    # "the Ukrainian president met the PM": coreference resolved both role nouns
    doc = parse("""
        the DET DT det 2
        Ukrainian ADJ JJ amod 2
        president NOUN NN nsubj 3
        met VERB VBD ROOT 3 meet
        the DET DT det 5
        PM PROPN NNP dobj 3
    """)
    idx = entities(doc, {"Ukraine": ("Country", [(1, 2)]), "Zelensky": ("Person", [(0, 3)]),
                         "Starmer": ("Person", [(4, 6)])})
    assert facts(doc, idx) == {("Zelensky", "holdsRole", "President"), ("Zelensky", "nationality", "Ukraine"),
                               ("Zelensky", "leaderOf", "Ukraine"), ("Starmer", "holdsRole", "Prime Minister")}
    assert {c.rule for c in extract_roles(doc, idx, K) if c.predicate == "holdsRole"} == {"role.noun.v1"}


def test_mention_role_from_coreference_wins():
    doc = parse("""
        the DET DT det 1
        premier NOUN NN ROOT 1
    """)
    idx = entities(doc, {"Li Qiang": ("Person", [(0, 2)])}, roles={(0, 2): "Premier"})
    assert facts(doc, idx) == {("Li Qiang", "holdsRole", "Premier")}


def test_copular_title_needs_a_qualifier():
    # "Burrows is the chairman of the panel" / "Burrows is a leader"
    doc = parse("""
        Burrows PROPN NNP nsubj 1
        is AUX VBZ ROOT 1 be
        the DET DT det 3
        chairman NOUN NN attr 1
        of ADP IN prep 3
        the DET DT det 6
        Panel PROPN NNP pobj 4
        . PUNCT . punct 1
        Burrows PROPN NNP nsubj 9
        is AUX VBZ ROOT 9 be
        a DET DT det 11
        leader NOUN NN attr 9
    """)
    idx = entities(doc, {"Burrows": ("Person", [(0, 1), (8, 9)]), "Panel": ("Organization", [(6, 7)])})
    assert facts(doc, idx) == {("Burrows", "holdsRole", "Chairman"), ("Burrows", "memberOf", "Panel")}


def test_memberships_by_possessive_and_preposition():
    # "DAB's Ben Chan and Lee Cheuk-yan of the Labour Party"
    doc = parse("""
        DAB PROPN NNP poss 3
        ’s PART POS case 0
        Ben PROPN NNP compound 3
        Chan PROPN NNP ROOT 3
        and CCONJ CC cc 3
        Lee PROPN NNP conj 3
        of ADP IN prep 5
        the DET DT det 9
        Labour PROPN NNP compound 9
        Party PROPN NNP pobj 6
    """)
    idx = entities(doc, {"DAB": ("Organization", [(0, 1)]), "Ben Chan": ("Person", [(2, 4)]),
                         "Lee": ("Person", [(5, 6)]), "Labour Party": ("Organization", [(7, 10)])})
    assert facts(doc, idx) == {("Ben Chan", "memberOf", "DAB"), ("Lee", "memberOf", "Labour Party")}


def test_place_comma_country_is_located_in_but_a_list_is_not():
    doc = parse("""
        in ADP IN ROOT 0
        Aceh PROPN NNP pobj 0
        , PUNCT , punct 1
        Indonesia PROPN NNP appos 1
        . PUNCT . punct 0
        Sydney PROPN NNP ROOT 5
        , PUNCT , punct 5
        Perth PROPN NNP conj 5
        and CCONJ CC cc 7
        Australia PROPN NNP conj 7
    """)
    idx = entities(doc, {"Aceh": ("Place", [(1, 2)]), "Indonesia": ("Country", [(3, 4)]),
                         "Sydney": ("City", [(5, 6)]), "Perth": ("City", [(7, 8)]),
                         "Australia": ("Country", [(9, 10)])})
    assert ("Aceh", "locatedIn", "Indonesia") in facts(doc, idx)
    assert ("Sydney", "locatedIn", "Perth") not in facts(doc, idx)


def test_a_container_name_cut_short_is_no_container():
    # "Eureka Springs, Arkansas, Magic Live in Las Vegas": "Magic" alone is no place holding Arkansas
    doc = parse("""
        in ADP IN ROOT 0
        Arkansas PROPN NNP pobj 0
        , PUNCT , punct 1
        Magic PROPN NNP compound 4
        Live PROPN NNP appos 1
    """)
    idx = entities(doc, {"Arkansas": ("Place", [(1, 2)]), "Magic": ("Place", [(3, 4)])})
    assert facts(doc, idx) == set()


def test_gazetteer_city_in_a_country_the_article_names():
    doc = parse("""
        Kyiv PROPN NNP nsubj 1
        thanked VERB VBD ROOT 1 thank
        Ukraine PROPN NNP dobj 1
    """)
    idx = entities(doc, {"Kyiv": ("City", [(0, 1)]), "Ukraine": ("Country", [(2, 3)])})
    (cand,) = extract_roles(doc, idx, K)
    assert (cand.subject.name, cand.predicate, cand.obj.name, cand.rule) == (
        "Kyiv", "locatedIn", "Ukraine", "place.gazetteer.v1")


def test_any_gazetteer_place_with_a_country_is_in_it_but_none_is_guessed():
    # a gazetteer whose entry for a street records its country, and one for a region that does not
    gaz = copy(load_gazetteer())
    gaz.names = {**gaz.names, "Downing Street": Entry("Downing Street", "Place", "United Kingdom"),
                 "Gaza": Entry("Gaza", "Place")}
    knowledge = replace(K, gazetteer=gaz)
    doc = parse("""
        Downing PROPN NNP compound 1
        Street PROPN NNP nsubj 2
        thanked VERB VBD ROOT 2 thank
        Britain PROPN NNP dobj 2
        and CCONJ CC cc 3
        Gaza PROPN NNP conj 3
    """)
    idx = entities(doc, {"Downing Street": ("Place", [(0, 2)]), "United Kingdom": ("Country", [(3, 4)]),
                         "Gaza": ("Place", [(5, 6)])})
    assert facts(doc, idx, knowledge) == {("Downing Street", "locatedIn", "United Kingdom")}


def test_an_office_names_its_holders_title():
    # "Zelensky came under Keir's premiership" / "the Obama presidency ended"
    doc = parse("""
        Zelensky PROPN NNP nsubj 1
        came VERB VBD ROOT 1 come
        under ADP IN prep 1
        Keir PROPN NNP poss 5
        's PART POS case 3
        premiership NOUN NN pobj 2
        . PUNCT . punct 1
        the DET DT det 9
        Obama PROPN NNP compound 9
        presidency NOUN NN nsubj 10
        ended VERB VBD ROOT 10 end
    """)
    idx = entities(doc, {"Zelensky": ("Person", [(0, 1)]), "Keir": ("Person", [(3, 4)]),
                         "Obama": ("Person", [(8, 9)])})
    assert facts(doc, idx) == {("Keir", "holdsRole", "Prime Minister"), ("Obama", "holdsRole", "President")}
    assert {c.rule for c in extract_roles(doc, idx, K)} == {"role.office.v1"}


def test_a_supposed_office_or_an_organisation_s_turn_holds_no_role():
    # "a Trump presidency would fail" / "the EU presidency ended"
    doc = parse("""
        a DET DT det 2
        Trump PROPN NNP compound 2
        presidency NOUN NN nsubj 4
        would AUX MD aux 4
        fail VERB VB ROOT 4
        the DET DT det 7
        EU PROPN NNP compound 7
        presidency NOUN NN nsubj 8
        ended VERB VBD ROOT 8 end
    """)
    idx = entities(doc, {"Trump": ("Person", [(1, 2)]), "European Union": ("Organization", [(6, 7)])})
    assert facts(doc, idx) == set()


def test_an_envoy_is_no_ambassador_and_a_peace_envoy_is_a_title_of_its_own():
    doc = parse("""
        US PROPN NNP compound 2
        peace NOUN NN compound 2
        envoy NOUN NN compound 4
        Anthony PROPN NNP compound 4
        Zinni PROPN NNP ROOT 4
    """)
    idx = entities(doc, {"United States": ("Country", [(0, 1)]), "Anthony Zinni": ("Person", [(3, 5)])})
    assert facts(doc, idx) == {("Anthony Zinni", "holdsRole", "Peace Envoy"),
                               ("Anthony Zinni", "nationality", "United States")}
    assert lookup_title("envoy", K).title == "Envoy"


def test_lower_case_ambiguous_words_are_no_titles():
    assert lookup_title("representative", K) is None
    assert lookup_title("Representative", K).title == "Congressman"
    assert lookup_title("prime minister", K).title == "Prime Minister"


def test_only_named_qualifiers_and_no_stance_qualify_a_title():
    # "the captain of the team Ortiz" (coreference made "the team" Acme) and
    # "anti-Acme commander Reyes"
    doc = parse("""
        the DET DT det 1
        captain NOUN NN compound 5
        of ADP IN prep 1
        the DET DT det 4
        team NOUN NN pobj 2
        Ortiz PROPN NNP ROOT 5
        . PUNCT . punct 5
        anti ADJ JJ amod 10
        - ADJ JJ amod 10
        Acme PROPN NNP amod 10
        commander NOUN NN compound 11
        Reyes PROPN NNP ROOT 11
    """)
    idx = entities(doc, {"Ortiz": ("Person", [(5, 6)]), "Reyes": ("Person", [(11, 12)]),
                         "Acme": ("Organization", [(3, 5), (9, 10)])})
    assert facts(doc, idx) == {("Ortiz", "holdsRole", "Captain"), ("Reyes", "holdsRole", "Commander")}


def test_a_lesser_post_is_not_the_office():
    # "Acme vice-president Li" / "Shadow Foreign Secretary Ng"
    doc = parse("""
        Acme PROPN NNP compound 3
        vice NOUN NN compound 3
        - PUNCT HYPH punct 3
        president NOUN NN compound 4
        Li PROPN NNP ROOT 4
        . PUNCT . punct 4
        Shadow PROPN NNP compound 8
        Foreign PROPN NNP compound 8
        Secretary PROPN NNP compound 9
        Ng PROPN NNP ROOT 9
    """)
    idx = entities(doc, {"Acme": ("Organization", [(0, 1)]), "Li": ("Person", [(4, 5)]),
                         "Ng": ("Person", [(9, 10)])}, roles={(4, 5): "President"})
    assert facts(doc, idx) == {("Li", "holdsRole", "Vice President"), ("Li", "memberOf", "Acme")}


def test_a_national_coach_has_no_nationality_from_the_team():
    doc = parse("""
        Peru PROPN NNP compound 1
        coach NOUN NN compound 2
        Gomez PROPN NNP ROOT 2
    """)
    idx = entities(doc, {"Peru": ("Country", [(0, 1)]), "Gomez": ("Person", [(2, 3)])})
    assert facts(doc, idx) == {("Gomez", "holdsRole", "Coach")}


def test_place_inside_a_longer_name_or_before_an_article_is_no_location():
    # "the University of Texas, Austin" / "Lyon, the Louvre" / "Utrecht, the Netherlands"
    doc = parse("""
        University PROPN NNP ROOT 0
        of ADP IN prep 0
        Texas PROPN NNP pobj 1
        , PUNCT , punct 0
        Austin PROPN NNP appos 0
        . PUNCT . punct 0
        Lyon PROPN NNP ROOT 6
        , PUNCT , punct 6
        the DET DT det 9
        Louvre PROPN NNP appos 6
        . PUNCT . punct 6
        Utrecht PROPN NNP ROOT 11
        , PUNCT , punct 11
        the DET DT det 14
        Netherlands PROPN NNP appos 11
    """)
    idx = entities(doc, {"Texas": ("Place", [(2, 3)]), "Austin": ("City", [(4, 5)]),
                         "Lyon": ("City", [(6, 7)]), "Louvre": ("Place", [(8, 10)]),
                         "Utrecht": ("City", [(11, 12)]), "Netherlands": ("Country", [(13, 15)])})
    # names with their article, as the name finder gives them
    idx = EntityIndex([Entity(e.key, e.type, e.name, e.aliases, [replace(m, kind="name") for m in e.mentions])
                       for e in idx.entities])
    assert {f for f in facts(doc, idx) if f[1] == "locatedIn"} == {("Utrecht", "locatedIn", "Netherlands")}


def test_a_word_of_the_title_qualifies_nothing():
    # "Secretary of State Colin Powell": no membership of a "State"
    doc = parse("""
        Secretary PROPN NNP compound 4
        of ADP IN prep 0
        State PROPN NNP pobj 1
        Colin PROPN NNP compound 4
        Powell PROPN NNP nsubj 5
        spoke VERB VBD ROOT 5 speak
    """)
    idx = entities(doc, {"State": ("Organization", [(2, 3)]), "Colin Powell": ("Person", [(3, 5)])})
    assert facts(doc, idx) == {("Colin Powell", "holdsRole", "Secretary of State")}
