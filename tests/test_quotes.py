"""Quote spans and attribution on hand-built parses; one integration test on the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from test_relations import entities, parse

from kg.extract.grammar import quote_spans
from kg.extract.quotes import extract_quotes
from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it

SEED = Path(__file__).parent.parent / "examples" / "zelensky-downing-street.txt"


def with_line_breaks(doc: Doc) -> Doc:
    """The same parse with every word "NL" made a line break (a table row cannot hold one)."""
    words = ["\n" if t.text == "NL" else t.text for t in doc]
    spaces = [bool(t.whitespace_) and t.text != "NL" and (t.i + 1 == len(doc) or doc[t.i + 1].text != "NL")
              for t in doc]
    return Doc(doc.vocab, words=words, spaces=spaces, pos=[t.pos_ for t in doc], tags=[t.tag_ for t in doc],
               deps=[t.dep_ for t in doc], heads=[t.head.i for t in doc], lemmas=[t.lemma_ for t in doc])


def summary(doc, idx):
    quotes = extract_quotes(doc, idx, K)
    for q in quotes:
        assert doc.text[q.start:q.end] == q.text  # offsets exact, marks excluded
    return [(q.text, q.speaker and q.speaker.name, q.rule) for q in quotes]


def test_cue_after_the_quote_and_continuation_in_the_same_paragraph():
    # “We will win this war,” said the PM. “We stand with you.”
    doc = parse("""
        “ PUNCT `` punct 3
        We PRON PRP nsubj 3 we
        will AUX MD aux 3
        win VERB VB ccomp 8
        this DET DT det 5
        war NOUN NN dobj 3
        , PUNCT , punct 8
        ” PUNCT '' punct 8
        said VERB VBD ROOT 8 say
        the DET DT det 10
        PM PROPN NNP nsubj 8
        . PUNCT . punct 8
        “ PUNCT `` punct 14
        We PRON PRP nsubj 14 we
        stand VERB VBP ROOT 14
        with ADP IN prep 14
        you PRON PRP pobj 15
        . PUNCT . punct 14
        ” PUNCT '' punct 14
    """)
    idx = entities(doc, {"Starmer": ("Person", [(9, 11)])})
    got = summary(doc, idx)
    assert got[0] == ("We will win this war", "Starmer", "quote.cue.v1")
    assert got[1] == ("We stand with you.", "Starmer", "quote.continued.v1")


def test_quote_embedded_as_complement_and_scare_quotes_skipped():
    # He said “it is possible” and praised the “unity”.
    doc = parse("""
        He PRON PRP nsubj 1 he
        said VERB VBD ROOT 1 say
        “ PUNCT `` punct 4
        it PRON PRP nsubj 4
        is AUX VBZ ccomp 1 be
        possible ADJ JJ acomp 4
        ” PUNCT '' punct 4
        and CCONJ CC cc 1
        built VERB VBD conj 1 build
        the DET DT det 11
        “ PUNCT `` punct 11
        unity NOUN NN dobj 8
        ” PUNCT '' punct 11
        . PUNCT . punct 1
    """)
    idx = entities(doc, {"Zelensky": ("Person", [(0, 1)])})
    assert summary(doc, idx) == [("it is possible", "Zelensky", "quote.cue.v1")]


def test_short_quote_taken_by_a_speech_verb_counts():
    # he urged him to “show your leadership”
    doc = parse("""
        he PRON PRP nsubj 1
        urged VERB VBD ROOT 1 urge
        him PRON PRP dobj 1 he
        to PART TO aux 5
        “ PUNCT `` punct 5
        show VERB VB xcomp 1
        your PRON PRP$ poss 7
        leadership NOUN NN dobj 5
        ” PUNCT '' punct 5
    """)
    idx = entities(doc, {"Zelensky": ("Person", [(0, 1)]), "Starmer": ("Person", [(2, 3)])})
    (quote,) = extract_quotes(doc, idx, K)
    assert (quote.text, quote.speaker.name, quote.addressee.name) == ("show your leadership", "Zelensky", "Starmer")


def test_colon_cue_with_a_programme_of_a_news_outlet_as_medium():
    # He told ITV’s Morning: “It’s their call when they stop.”
    doc = parse("""
        He PRON PRP nsubj 1 he
        told VERB VBD ROOT 1 tell
        ITV PROPN NNP poss 4
        ’s PART POS case 2
        Morning PROPN NNP dobj 1
        : PUNCT : punct 1
        “ PUNCT `` punct 1
        It PRON PRP nsubj 8
        ’s VERB VBZ ROOT 8 be
        their PRON PRP$ poss 10
        call NOUN NN attr 8
        . PUNCT . punct 8
        ” PUNCT '' punct 8
    """)
    idx = entities(doc, {"Healey": ("Person", [(0, 1)]), "ITV": ("Organization", [(2, 3)])})
    (quote,) = extract_quotes(doc, idx, K)
    assert (quote.speaker.name, quote.medium.name, quote.rule) == ("Healey", "ITV", "quote.colon.v1")
    assert quote.text == "It’s their call."


def test_quote_spans_tolerate_unbalanced_marks_and_continue_paragraphs():
    nlp = spacy.blank("en")
    text = ("She said: “We will stay.\n“And we will win,” she added. Stray ” mark and “never closed\n"
            "A \"straight\" one.")
    spans = quote_spans(nlp(text))
    got = [(text[s.start:s.end], s.closed, s.continues) for s in spans]
    assert got == [("We will stay.", False, False), ("And we will win,", True, True),
                   ("mark and", False, False), ("never closed", False, False), ("straight", True, False)]


def test_straight_mark_before_a_word_inside_a_quote_opens_a_new_one():
    # paragraph breaks lost: the first quote's closing mark was never written
    nlp = spacy.blank("en")
    text = '"We want peace," he said. "Let us talk. "However, we are ready." Not "quoted "'
    got = [(text[s.start:s.end], s.closed) for s in quote_spans(nlp(text))]
    assert got == [("We want peace,", True), ("Let us talk.", False), ("However, we are ready.", True),
                   ("quoted", True)]


KHAN_THEN_STEPS = """
        “ PUNCT `` punct 4
        We PRON PRP nsubj 2 we
        regret VERB VBP ccomp 6
        it PRON PRP dobj 2
        , PUNCT , punct 6
        ” PUNCT '' punct 6
        said VERB VBD ROOT 6 say
        Khan PROPN NNP nsubj 6
        . PUNCT . punct 6
"""


def test_deep_quote_belongs_to_the_speech_verb_at_the_root_of_its_sentence():
    # “We regret it,” Khan said. Singh said the steps answer attempts to fool the world with
    # “cosmetic measures and non measures”.   (the quote is four heads below "answer")
    doc = parse(KHAN_THEN_STEPS.rstrip() + """
        Singh PROPN NNP nsubj 10
        said VERB VBD ROOT 10 say
        the DET DT det 12
        steps NOUN NNS nsubj 13 step
        answer VERB VBP ccomp 10
        attempts NOUN NNS dobj 13 attempt
        to PART TO aux 16
        fool VERB VB acl 14
        the DET DT det 18
        world NOUN NN dobj 16
        with ADP IN prep 16
        “ PUNCT `` punct 22
        cosmetic ADJ JJ amod 22
        measures NOUN NNS pobj 19 measure
        and CCONJ CC cc 22
        non ADJ JJ amod 25
        measures NOUN NNS conj 22 measure
        ” PUNCT '' punct 22
        . PUNCT . punct 10
    """)
    idx = entities(doc, {"Khan": ("Person", [(7, 8)]), "Singh": ("Person", [(9, 10)])})
    got = summary(doc, idx)
    assert got[1] == ("cosmetic measures and non measures", "Singh", "quote.cue.v1")


def test_quote_inside_a_sentence_without_cue_does_not_continue_the_last_speaker():
    # “We regret it,” Khan said. The steps were seen as “cosmetic measures and non measures” abroad.
    doc = parse(KHAN_THEN_STEPS.rstrip() + """
        The DET DT det 10
        steps NOUN NNS nsubjpass 12 step
        were AUX VBD auxpass 12 be
        seen VERB VBN ROOT 12 see
        as ADP IN prep 12
        “ PUNCT `` punct 16
        cosmetic ADJ JJ amod 16
        measures NOUN NNS pobj 13 measure
        and CCONJ CC cc 16
        non ADJ JJ amod 19
        measures NOUN NNS conj 16 measure
        ” PUNCT '' punct 16
        abroad ADV RB advmod 12
        . PUNCT . punct 12
    """)
    idx = entities(doc, {"Khan": ("Person", [(7, 8)])})
    got = summary(doc, idx)
    assert got[1] == ("cosmetic measures and non measures", None, "quote.unattributed.v1")


def test_underscoring_words_is_saying_them():
    # The ministry underscored the "importance of the role played by the envoy".
    doc = parse("""
        The DET DT det 1
        ministry NOUN NN nsubj 2
        underscored VERB VBD ROOT 2 underscore
        the DET DT det 5
        " PUNCT `` punct 5
        importance NOUN NN dobj 2
        of ADP IN prep 5
        the DET DT det 8
        role NOUN NN pobj 6
        played VERB VBN acl 8 play
        by ADP IN agent 9
        the DET DT det 12
        envoy NOUN NN pobj 10
        " PUNCT '' punct 5
        . PUNCT . punct 2
    """)
    idx = entities(doc, {"Foreign Ministry": ("Organization", [(0, 2)])})
    assert summary(doc, idx) == [("importance of the role played by the envoy", "Foreign Ministry", "quote.cue.v1")]


def test_unattributed_quote_is_kept_without_speaker_and_nothing_raises():
    nlp = spacy.blank("en")
    doc = nlp("“ A long quoted sentence with nobody around")
    doc = parse("\n".join(f"{t.text} X X dep 0" for t in doc).replace("“ X X dep 0", "“ PUNCT `` punct 0", 1))
    (quote,) = extract_quotes(doc, entities(doc, {}), K)
    assert quote.speaker is None and quote.text == "A long quoted sentence with nobody around"


@pytest.mark.model
def test_seed_quotes_on_the_real_model(nlp):
    doc = nlp(SEED.read_text())
    texts = [q.text for q in extract_quotes(doc, entities(doc, {}), K)]
    assert "show your leadership" in texts
    assert any(t.startswith("It’s the Ukrainians who are fighting.") and t.endswith("stop.") for t in texts)
    assert not {"leadership", "complex", "preclude", "unity"} & set(texts)


def test_a_dash_and_a_name_sign_a_quote():
    # “Peace will come one day.” — Ana Lima
    doc = parse("""
        “ PUNCT `` punct 2
        Peace NOUN NN nsubj 2
        will AUX MD aux 2
        come VERB VB ROOT 2
        one NUM CD nummod 5
        day NOUN NN npadvmod 3
        . PUNCT . punct 3
        ” PUNCT '' punct 3
        — PUNCT : punct 10
        Ana PROPN NNP compound 10
        Lima PROPN NNP ROOT 10
    """)
    idx = entities(doc, {"Ana Lima": ("Person", [(9, 11)])})
    assert summary(doc, idx) == [("Peace will come one day.", "Ana Lima", "quote.byline.v1")]


def test_a_speech_verb_in_the_next_paragraph_reports_other_words():
    # “We need more time to decide,” Ortiz said. / Reyes explained the plan.
    # (the parser made one sentence of both paragraphs)
    doc = parse("""
        “ PUNCT `` punct 2
        We PRON PRP nsubj 2 we
        need VERB VBP ccomp 14
        more ADJ JJR amod 4
        time NOUN NN dobj 2
        to PART TO aux 6
        decide VERB VB relcl 4
        , PUNCT , punct 2
        ” PUNCT '' punct 2
        Ortiz PROPN NNP nsubj 10
        said VERB VBD conj 14 say
        . PUNCT . punct 10
        NL SPACE _SP dep 11
        Reyes PROPN NNP nsubj 14
        explained VERB VBD ROOT 14 explain
        the DET DT det 16
        plan NOUN NN dobj 14
    """)
    doc = with_line_breaks(doc)
    idx = entities(doc, {"Ortiz": ("Person", [(9, 10)]), "Reyes": ("Person", [(13, 14)])})
    assert summary(doc, idx) == [("We need more time to decide", None, "quote.unattributed.v1")]


def test_a_speech_clause_hanging_from_the_quote_is_its_cue():
    # As Colette Heald told The Huffington Post, “crop yields will fall sharply.”
    # (the parser made the quoted clause the main one and the report its adverbial)
    doc = parse("""
        As SCONJ IN mark 3
        Colette PROPN NNP compound 2
        Heald PROPN NNP nsubj 3
        told VERB VBD advcl 12 tell
        The DET DT det 6
        Huffington PROPN NNP compound 6
        Post PROPN NNP dobj 3
        , PUNCT , punct 3
        “ PUNCT `` punct 12
        crop NOUN NN compound 10
        yields NOUN NNS nsubj 12 yield
        will AUX MD aux 12
        fall VERB VB ROOT 12
        sharply ADV RB advmod 12
        . PUNCT . punct 12
        ” PUNCT '' punct 12
    """)
    idx = entities(doc, {"Colette Heald": ("Person", [(1, 3)]), "The Huffington Post": ("Organization", [(4, 7)])})
    (quote,) = extract_quotes(doc, idx, K)
    assert (quote.text, quote.speaker.name, quote.rule) == ("crop yields will fall sharply.", "Colette Heald",
                                                           "quote.cue.v1")
    assert quote.medium.name == "The Huffington Post" and quote.addressee is None


def test_a_speech_verb_tagged_as_a_noun_still_reports():
    # The Department of Agriculture notes, “ozone damages crops more.”  (notes: NNS, its name an nmod)
    doc = parse("""
        The DET DT det 1
        Department PROPN NNP nmod 4
        of ADP IN prep 1
        Agriculture PROPN NNP pobj 2
        notes NOUN NNS ROOT 4 note
        , PUNCT , punct 4
        “ PUNCT `` punct 8
        ozone NOUN NN nsubj 8
        damages VERB VBZ ccomp 4 damage
        crops NOUN NNS dobj 8 crop
        more ADV RBR advmod 8
        . PUNCT . punct 8
        ” PUNCT '' punct 8
    """)
    idx = entities(doc, {"Department of Agriculture": ("Organization", [(0, 4)])})
    assert summary(doc, idx) == [("ozone damages crops more.", "Department of Agriculture", "quote.cue.v1")]


def test_the_one_quoted_speaks_and_a_name_in_apposition_stands_for_its_title():
    # he was quoted by the Press; “To allow filth is wrong.”
    # The secretary, Nunzio Galantino, said “We face a dangerous sentence.”
    doc = parse("""
        he PRON PRP nsubjpass 2
        was AUX VBD auxpass 2 be
        quoted VERB VBN ccomp 11 quote
        by ADP IN agent 2
        the DET DT det 5
        Press PROPN NNP pobj 3
        ; PUNCT : punct 11
        “ PUNCT `` punct 11
        To PART TO aux 9
        allow VERB VB csubj 11
        filth NOUN NN dobj 9
        is AUX VBZ ROOT 11 be
        wrong ADJ JJ acomp 11
        . PUNCT . punct 11
        ” PUNCT '' punct 11
        The DET DT det 16
        secretary NOUN NN nsubj 21
        , PUNCT , punct 16
        Nunzio PROPN NNP compound 19
        Galantino PROPN NNP appos 16
        , PUNCT , punct 16
        said VERB VBD ROOT 21 say
        “ PUNCT `` punct 24
        We PRON PRP nsubj 24 we
        face VERB VBP ccomp 21
        a DET DT det 27
        dangerous ADJ JJ amod 27
        sentence NOUN NN dobj 24
        . PUNCT . punct 24
        ” PUNCT '' punct 24
    """)
    idx = entities(doc, {"Rick Santorum": ("Person", [(0, 1)]), "The Press": ("Organization", [(4, 6)]),
                         "Nunzio Galantino": ("Person", [(18, 20)])})
    assert summary(doc, idx) == [("To allow filth is wrong.", "Rick Santorum", "quote.cue.v1"),
                                 ("We face a dangerous sentence.", "Nunzio Galantino", "quote.cue.v1")]


REPORT_THEN_QUOTE = """
    Heald PROPN NNP nsubj 1
    noted VERB VBD ROOT 1 note
    the DET DT det 3
    findings NOUN NNS nsubj 4 finding
    matter VERB VBP ccomp 1
    . PUNCT . punct 1
    {gap}
    “ PUNCT `` punct {root}
    An DET DT det {cleanup}
    air NOUN NN compound {cleanup}
    cleanup NOUN NN nsubj {root}
    would AUX MD aux {root}
    improve VERB VB ROOT {root}
    yields NOUN NNS dobj {root} yield
    . PUNCT . punct {root}
    ” PUNCT '' punct {root}
"""


def test_a_quote_opening_a_sentence_carries_on_the_report_before_it_in_its_paragraph():
    # Heald noted the findings matter. “An air cleanup would improve yields.”
    doc = parse(REPORT_THEN_QUOTE.format(gap="", root=11, cleanup=9).replace("\n    \n", "\n"))
    idx = entities(doc, {"Heald": ("Person", [(0, 1)])})
    assert summary(doc, idx) == [("An air cleanup would improve yields.", "Heald", "quote.reported.v1")]
    # the same across a paragraph break: a new turn, no speaker
    doc = with_line_breaks(parse(REPORT_THEN_QUOTE.format(gap="NL SPACE _SP dep 5", root=12, cleanup=10)))
    idx = entities(doc, {"Heald": ("Person", [(0, 1)])})
    assert summary(doc, idx) == [("An air cleanup would improve yields.", None, "quote.unattributed.v1")]


def test_quoted_as_saying_credits_the_one_quoted_and_the_outlet_is_the_medium():
    # The Herald quoted Smith as saying: “We will never accept it.”
    doc = parse("""
        The DET DT det 1
        Herald PROPN NNP nsubj 2
        quoted VERB VBD ROOT 2 quote
        Smith PROPN NNP dobj 2
        as ADP IN prep 2
        saying VERB VBG pcomp 4 say
        : PUNCT : punct 5
        “ PUNCT `` punct 11
        We PRON PRP nsubj 11 we
        will AUX MD aux 11
        never ADV RB neg 11
        accept VERB VB ccomp 5
        it PRON PRP dobj 11
        . PUNCT . punct 11
        ” PUNCT '' punct 11
    """)
    idx = entities(doc, {"The Herald": ("Organization", [(0, 2)]), "John Smith": ("Person", [(3, 4)])})
    quotes = extract_quotes(doc, idx, K)
    assert [(q.text, q.speaker.name, q.medium.name, q.rule) for q in quotes] == [
        ("We will never accept it.", "John Smith", "The Herald", "quote.cue.v1")]


# -- short quotes in reported speech, speakers the parse lost, "according to" -------------


def test_short_quote_in_a_reported_clause_is_the_named_speakers_word():
    # Renault said the outlook was “stable”.
    table = """
        {subject} PROPN NNP nsubj 1
        said VERB VBD ROOT 1 say
        the DET DT det 3
        outlook NOUN NN nsubj 4
        was AUX VBD ccomp 1 be
        “ PUNCT `` punct 4
        stable ADJ JJ acomp 4
        ” PUNCT '' punct 4
        . PUNCT . punct 1
    """
    doc = parse(table.format(subject="Renault"))
    idx = entities(doc, {"Renault": ("Organization", [(0, 1)])})
    assert summary(doc, idx) == [("stable", "Renault", "quote.in_report.v1")]
    # the speaker unknown ("Analysts said"): a scare quote, nobody's word
    doc = parse(table.format(subject="Analysts"))
    assert summary(doc, entities(doc, {})) == []


def test_passive_speech_verb_by_phrase_on_the_complement_and_relative_pronoun_antecedent():
    # The posters were labelled a “big misjudgement” by the Conservatives who said Labour's
    # “first shot has badly backfired”.  (The parser hangs "by" and "who said" on the noun.)
    doc = parse("""
        The DET DT det 1
        posters NOUN NNS nsubjpass 3 poster
        were AUX VBD auxpass 3 be
        labelled VERB VBN ROOT 3 label
        a DET DT det 7
        “ PUNCT `` punct 7
        big ADJ JJ amod 7
        misjudgement NOUN NN oprd 3
        ” PUNCT '' punct 7
        by ADP IN prep 7
        the DET DT det 11
        Conservatives PROPN NNPS pobj 9
        who PRON WP nsubj 13
        said VERB VBD relcl 7 say
        Labour PROPN NNP poss 18
        's PART POS case 14
        “ PUNCT `` punct 18
        first ADJ JJ amod 18
        shot NOUN NN nsubj 21
        has AUX VBZ aux 21 have
        badly ADV RB advmod 21
        backfired VERB VBN ccomp 13 backfire
        ” PUNCT '' punct 21
        . PUNCT . punct 3
    """)
    idx = entities(doc, {"Conservative Party": ("Organization", [(10, 12)]), "Labour Party": ("Organization", [(14, 15)])})
    assert summary(doc, idx) == [("big misjudgement", "Conservative Party", "quote.cue.v1"),
                                 ("first shot has badly backfired", "Conservative Party", "quote.cue.v1")]


def test_passive_without_agent_never_credits_the_one_described():
    # Tony Blair was described as “a man who cannot be trusted”.
    doc = parse("""
        Tony PROPN NNP compound 1
        Blair PROPN NNP nsubjpass 3
        was AUX VBD auxpass 3 be
        described VERB VBN ROOT 3 describe
        as ADP IN prep 3
        “ PUNCT `` punct 7
        a DET DT det 7
        man NOUN NN pobj 4
        who PRON WP nsubjpass 12
        can AUX MD aux 12
        not PART RB neg 12
        be AUX VB auxpass 12
        trusted VERB VBN relcl 7 trust
        ” PUNCT '' punct 3
        . PUNCT . punct 3
    """)
    idx = entities(doc, {"Tony Blair": ("Person", [(0, 2)])})
    assert summary(doc, idx) == [("a man who can not be trusted", None, "quote.cue.v1")]


def test_name_set_off_by_commas_inside_a_role_noun_subject():
    # But director of the Crime Trust, Norman Brennan, accused Lord Woolf of “arrogant contempt for victims”.
    doc = parse("""
        But CCONJ CC cc 10
        director NOUN NN nsubj 10
        of ADP IN prep 1
        the DET DT det 5
        Crime PROPN NNP compound 5
        Trust PROPN NNP pobj 2
        , PUNCT , punct 5
        Norman PROPN NNP compound 8
        Brennan PROPN NNP appos 5
        , PUNCT , punct 5
        accused VERB VBD ROOT 10 accuse
        Lord PROPN NNP compound 12
        Woolf PROPN NNP dobj 10
        of ADP IN prep 10
        “ PUNCT `` punct 16
        arrogant ADJ JJ amod 16
        contempt NOUN NN pobj 13
        for ADP IN prep 16
        victims NOUN NNS pobj 17 victim
        ” PUNCT '' punct 10
        . PUNCT . punct 10
    """)
    idx = entities(doc, {"Crime Trust": ("Organization", [(3, 6)]), "Norman Brennan": ("Person", [(7, 9)]),
                         "Woolf": ("Person", [(11, 13)])})
    # the speaker is the accuser, never the accused object
    assert summary(doc, idx) == [("arrogant contempt for victims", "Norman Brennan", "quote.cue.v1")]


def test_speech_verb_the_parser_left_without_subject_takes_the_name_before_it():
    # In a statement on Wednesday Lord Woolf said: “We have no doubt.”  ("Woolf" parsed as "on"'s object)
    doc = parse("""
        In ADP IN prep 7
        a DET DT det 2
        statement NOUN NN pobj 0
        on ADP IN prep 2
        Wednesday PROPN NNP compound 6
        Lord PROPN NNP compound 6
        Woolf PROPN NNP pobj 3
        said VERB VBD ROOT 7 say
        : PUNCT : punct 7
        “ PUNCT `` punct 11
        We PRON PRP nsubj 11 we
        have VERB VBP ccomp 7
        no DET DT det 13
        doubt NOUN NN dobj 11
        . PUNCT . punct 11
        ” PUNCT '' punct 11
    """)
    idx = entities(doc, {"Woolf": ("Person", [(5, 7)])})
    assert summary(doc, idx) == [("We have no doubt.", "Woolf", "quote.cue.v1")]


def test_name_opening_the_sentence_speaks_for_a_subjectless_verb_after_a_comma():
    # Graham Robb, spokesman for North East Says No, said the campaign was “rattled”.
    doc = parse("""
        Graham PROPN NNP compound 1
        Robb PROPN NNP nsubj 7
        , PUNCT , punct 1
        spokesman NOUN NN appos 1
        for ADP IN prep 3
        North PROPN NNP compound 6
        East PROPN NNP pobj 4
        Says VERB VBZ parataxis 10 say
        No PROPN NNP dobj 7
        , PUNCT , punct 7
        said VERB VBD ROOT 10 say
        the DET DT det 12
        campaign NOUN NN nsubjpass 15
        was AUX VBD auxpass 15 be
        “ PUNCT `` punct 15
        rattled VERB VBN ccomp 10 rattle
        ” PUNCT '' punct 15
        . PUNCT . punct 10
    """)
    idx = entities(doc, {"Graham Robb": ("Person", [(0, 2)]), "North East": ("Place", [(5, 7)])})
    assert summary(doc, idx) == [("rattled", "Graham Robb", "quote.cue.v1")]


def test_a_name_before_the_colon_and_a_bare_name_after_the_quote_speak():
    # BBC Two controller Roly Keating: “It is an exciting new era.”
    doc = parse("""
        BBC PROPN NNP compound 2
        Two NUM CD nummod 2
        controller NOUN NN dep 8
        Roly PROPN NNP compound 4
        Keating PROPN NNP appos 2
        : PUNCT : punct 2
        “ PUNCT `` punct 8
        It PRON PRP nsubj 8 it
        is AUX VBZ ROOT 8 be
        an DET DT det 12
        exciting ADJ JJ amod 12
        new ADJ JJ amod 12
        era NOUN NN attr 8
        . PUNCT . punct 8
        ” PUNCT '' punct 8
    """)
    idx = entities(doc, {"Roly Keating": ("Person", [(3, 5)]), "BBC": ("Organization", [(0, 1)])})
    assert summary(doc, idx) == [("It is an exciting new era.", "Roly Keating", "quote.colon.v1")]
    # “It will mark the start of a difficult period,” Mr Bootle.  (the speech verb left out)
    doc = parse("""
        “ PUNCT `` punct 3
        It PRON PRP nsubj 3 it
        will AUX MD aux 3
        mark VERB VB ROOT 3
        the DET DT det 5
        start NOUN NN dobj 3
        , PUNCT , punct 3
        ” PUNCT '' punct 9
        Mr PROPN NNP compound 9
        Bootle PROPN NNP npadvmod 3
        . PUNCT . punct 3
    """)
    idx = entities(doc, {"Roger Bootle": ("Person", [(9, 10)])})
    assert summary(doc, idx) == [("It will mark the start", "Roger Bootle", "quote.byline.v1")]


HEWITT = """
    Jane PROPN NNP compound 1
    Hewitt PROPN NNP nsubj 2
    left VERB VBD ROOT 2 leave
    . PUNCT . punct 2
    “ PUNCT `` punct 7
    Career NOUN NN compound 6
    sexism NOUN NN nsubj 7
    limits VERB VBZ ROOT 7 limit
    women NOUN NNS dobj 7 woman
    . PUNCT . punct 7
    “ PUNCT `` punct 18
    It PRON PRP nsubj 12 it
    is AUX VBZ ccomp 18 be
    simply ADV RB advmod 12
    wrong ADJ JJ acomp 12
    , PUNCT , punct 18
    ” PUNCT '' punct 18
    {pronoun} PRON PRP nsubj 18
    said VERB VBD ROOT 18 say
    . PUNCT . punct 18
"""


def test_quote_straight_before_a_cued_one_shares_its_speaker():
    # Jane Hewitt left. “Career sexism limits women. “It is simply wrong,” she said.
    doc = parse(HEWITT.format(pronoun="she"))
    idx = entities(doc, {"Jane Hewitt": ("Person", [(0, 2), (17, 18)])})
    assert summary(doc, idx) == [("Career sexism limits women.", "Jane Hewitt", "quote.before_cue.v1"),
                                 ("It is simply wrong", "Jane Hewitt", "quote.cue.v1")]


HEWITT_TURNS = """
    “ PUNCT `` punct 2
    We PRON PRP nsubj 2 we
    are AUX VBP ccomp 8 be
    ready ADJ JJ acomp 2
    now ADV RB advmod 2
    . PUNCT . punct 2
    ” PUNCT '' punct 8
    Hewitt PROPN NNP nsubj 8
    said VERB VBD ROOT 8 say
    . PUNCT . punct 8
    “ PUNCT `` punct 12
    It PRON PRP nsubj 12 it
    is AUX VBZ ccomp 17 be
    wrong ADJ JJ acomp 12
    , PUNCT , punct 17
    ” PUNCT '' punct 17
    {pronoun} PRON PRP nsubj 17
    said VERB VBD ROOT 17 say
    . PUNCT . punct 17
    She PRON PRP nsubj 20 she
    left VERB VBD ROOT 20 leave
    . PUNCT . punct 20
"""


def test_unresolved_pronoun_speaker_is_the_previous_speaker_only_when_last_named_and_agreeing():
    # “We are ready now.” Hewitt said. “It is wrong,” she said. She left.  — "she" left unresolved
    doc = parse(HEWITT_TURNS.format(pronoun="she"))
    idx = entities(doc, {"Hewitt": ("Person", [(7, 8), (19, 20)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["Hewitt", "Hewitt"]
    # her own pronouns say "she": an unresolved "he" is someone else
    doc = parse(HEWITT_TURNS.format(pronoun="he"))
    idx = entities(doc, {"Hewitt": ("Person", [(7, 8), (19, 20)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["Hewitt", None]
    # someone else named in between (“Lima is wrong,” she said): no guess
    doc = parse(HEWITT_TURNS.format(pronoun="she").replace("It PRON PRP nsubj 12 it", "Lima PROPN NNP nsubj 12"))
    idx = entities(doc, {"Hewitt": ("Person", [(7, 8)]), "Ana Lima": ("Person", [(11, 12)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["Hewitt", None]


def test_according_to_names_the_speaker_of_a_quote_in_its_clause():
    # The economy had a “golden period”, according to Deloitte.
    doc = parse("""
        The DET DT det 1
        economy NOUN NN nsubj 2
        had VERB VBD ROOT 2 have
        a DET DT det 6
        “ PUNCT `` punct 6
        golden ADJ JJ amod 6
        period NOUN NN dobj 2
        ” PUNCT '' punct 6
        , PUNCT , punct 2
        according VERB VBG prep 2 accord
        to ADP IN prep 9
        Deloitte PROPN NNP pobj 10
        . PUNCT . punct 2
    """)
    idx = entities(doc, {"Deloitte": ("Organization", [(11, 12)])})
    assert summary(doc, idx) == [("golden period", "Deloitte", "quote.according.v1")]


def test_a_story_or_report_speaks_for_its_owner():
    # It followed a BBC story claiming Downing Street “sexed up” the dossier.
    doc = parse("""
        It PRON PRP nsubj 1 it
        followed VERB VBD ROOT 1 follow
        a DET DT det 4
        BBC PROPN NNP compound 4
        story NOUN NN dobj 1
        claiming VERB VBG acl 4 claim
        Downing PROPN NNP compound 7
        Street PROPN NNP nsubj 9
        “ PUNCT `` punct 9
        sexed VERB VBD ccomp 5 sex
        up ADP RP prt 9
        ” PUNCT '' punct 9
        the DET DT det 13
        dossier NOUN NN dobj 9
        . PUNCT . punct 1
    """)
    idx = entities(doc, {"BBC": ("Organization", [(3, 4)]), "Downing Street": ("Place", [(6, 8)])})
    assert summary(doc, idx) == [("sexed up", "BBC", "quote.cue.v1")]


def test_an_outlet_whose_name_ends_in_a_place_is_the_medium_not_the_addressee():
    # Peter Hain told BBC Radio Wales: “We will not back down.”
    doc = parse("""
        Peter PROPN NNP compound 1
        Hain PROPN NNP nsubj 2
        told VERB VBD ROOT 2 tell
        BBC PROPN NNP compound 5
        Radio PROPN NNP compound 5
        Wales PROPN NNP dobj 2
        : PUNCT : punct 2
        “ PUNCT `` punct 11
        We PRON PRP nsubj 11 we
        will AUX MD aux 11
        not PART RB neg 11
        back VERB VB ccomp 2
        down ADP RP prt 11
        . PUNCT . punct 11
        ” PUNCT '' punct 11
    """)
    idx = entities(doc, {"Peter Hain": ("Person", [(0, 2)]), "BBC Radio Wales": ("Organization", [(3, 6)]),
                         "BBC": ("Organization", [(3, 4)]), "Wales": ("Country", [(5, 6)])})
    (quote,) = extract_quotes(doc, idx, K)
    assert (quote.speaker.name, quote.addressee, quote.medium.name) == ("Peter Hain", None, "BBC Radio Wales")


NEXT_PARAGRAPH = """
    “ PUNCT `` punct 11
    Sellers NOUN NNS nsubj 3 seller
    will AUX MD aux 3
    compete VERB VB ccomp 11
    with ADP IN prep 3
    other ADJ JJ amod 6
    homes NOUN NNS pobj 4 home
    , PUNCT , punct 11
    ” PUNCT '' punct 11
    Mr PROPN NNP compound 10
    Shipside PROPN NNP nsubj 11
    said VERB VBD ROOT 11 say
    . PUNCT . punct 11
    NL SPACE _SP dep 12
    “ PUNCT `` punct 17
    The DET DT det 16
    proof NOUN NN nsubj 17
    is AUX VBZ ROOT 17 be
    that SCONJ IN mark 21
    discounted VERB VBN amod 20 discount
    homes NOUN NNS nsubj 21 home
    sell VERB VBP ccomp 17
    . PUNCT . punct 17
    ” PUNCT '' punct 17
    {rest}
"""


def test_a_paragraph_opening_with_a_quote_goes_on_with_the_quote_that_ended_the_last():
    # “Sellers will compete with other homes,” Mr Shipside said.¶“The proof is that discounted homes sell.” Prices have fallen.
    rest = """
        Prices NOUN NNS nsubj 26 price
        have AUX VBP aux 26
        fallen VERB VBN ROOT 26 fall
        . PUNCT . punct 26
    """
    doc = with_line_breaks(parse(NEXT_PARAGRAPH.format(rest=rest.strip())))
    idx = entities(doc, {"Miles Shipside": ("Person", [(10, 11)])})
    assert summary(doc, idx) == [("Sellers will compete with other homes", "Miles Shipside", "quote.cue.v1"),
                                 ("The proof is that discounted homes sell.", "Miles Shipside", "quote.continued.v1")]
    # ... “The proof is that discounted homes sell.” Lima said so.  — someone else reports in it: no speaker
    rest = """
        Lima PROPN NNP nsubj 25
        said VERB VBD ROOT 25 say
        so ADV RB advmod 25
        . PUNCT . punct 25
    """
    doc = with_line_breaks(parse(NEXT_PARAGRAPH.format(rest=rest.strip())))
    idx = entities(doc, {"Miles Shipside": ("Person", [(10, 11)]), "Ana Lima": ("Person", [(24, 25)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["Miles Shipside", None]
    # ... and a later sentence reporting someone else does not take the quote away
    rest = """
        Prices NOUN NNS nsubj 26 price
        have AUX VBP aux 26
        fallen VERB VBN ROOT 26 fall
        . PUNCT . punct 26
        Lima PROPN NNP nsubj 29
        said VERB VBD ROOT 29 say
        so ADV RB advmod 29
        . PUNCT . punct 29
    """
    doc = with_line_breaks(parse(NEXT_PARAGRAPH.format(rest=rest.strip())))
    idx = entities(doc, {"Miles Shipside": ("Person", [(10, 11)]), "Ana Lima": ("Person", [(28, 29)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["Miles Shipside", "Miles Shipside"]


def test_a_name_after_an_honorific_read_as_a_place_speaks_for_nobody():
    # “The iPod mini is likely to sell out,” said Mr Irish.  (the NER took "Irish" for Ireland)
    table = """
        “ PUNCT `` punct 11
        The DET DT det 3
        iPod PROPN NNP compound 3
        mini NOUN NN nsubj 4
        is AUX VBZ ccomp 11 be
        likely ADJ JJ acomp 4
        to PART TO aux 7
        sell VERB VB xcomp 5
        out ADP RP prt 7
        , PUNCT , punct 11
        ” PUNCT '' punct 11
        said VERB VBD ROOT 11 say
        Mr PROPN NNP compound 13
        Irish PROPN NNP nsubj 11
        . PUNCT . punct 11
    """
    doc = parse(table)
    assert summary(doc, entities(doc, {"Ireland": ("Country", [(13, 14)])})) == [
        ("The iPod mini is likely to sell out", None, "quote.cue.v1")]
    assert summary(doc, entities(doc, {"Oliver Irish": ("Person", [(12, 14)])})) == [
        ("The iPod mini is likely to sell out", "Oliver Irish", "quote.cue.v1")]
    # mistyped but its own node ("Mr Irish" as an organisation): still the one named
    assert summary(doc, entities(doc, {"Mr Irish": ("Organization", [(12, 14)])})) == [
        ("The iPod mini is likely to sell out", "Mr Irish", "quote.cue.v1")]


def test_an_unresolved_pronoun_never_takes_a_previous_speaker_of_the_other_gender():
    # “We are ready now.” John said. “It is wrong,” she said.  (no pronoun of his: the given name says he)
    doc = parse(HEWITT_TURNS.format(pronoun="she").replace("Hewitt PROPN NNP nsubj 8", "John PROPN NNP nsubj 8"))
    idx = entities(doc, {"John": ("Person", [(7, 8)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["John", None]
    doc = parse(HEWITT_TURNS.format(pronoun="he").replace("Hewitt PROPN NNP nsubj 8", "John PROPN NNP nsubj 8"))
    idx = entities(doc, {"John": ("Person", [(7, 8)])})
    assert [s for _, s, _ in summary(doc, idx)] == ["John", "John"]


FIRM = """
    Renault PROPN NNP nsubj 1
    said VERB VBD ROOT 1 say
    it PRON PRP nsubj 3 it
    was AUX VBD ccomp 1 be
    pleased ADJ JJ acomp 3
    . PUNCT . punct 1
    {between}
    “ PUNCT `` punct {said}
    We PRON PRP nsubj {expect} we
    expect VERB VBP ccomp {said}
    more ADJ JJR amod {growth}
    growth NOUN NN dobj {expect}
    , PUNCT , punct {said}
    ” PUNCT '' punct {said}
    the DET DT det {firm}
    firm NOUN NN nsubj {said}
    said VERB VBD ROOT {said} say
    . PUNCT . punct {said}
"""


def firm_doc(between: tuple[str, ...] = ()):
    """FIRM with rows of another sentence between the report and the quote."""
    k = 6 + len(between)  # tokens before the quote
    rows = FIRM.format(between="\n".join(between), said=k + 9, expect=k + 2, growth=k + 4, firm=k + 8)
    return parse("\n".join(r for r in rows.splitlines() if r.strip()))


def test_the_firm_that_speaks_is_the_organisation_that_last_spoke_and_was_last_named():
    # Renault said it was pleased. “We expect more growth,” the firm said.
    doc = firm_doc()
    idx = entities(doc, {"Renault": ("Organization", [(0, 1)])})
    assert summary(doc, idx) == [("We expect more growth", "Renault", "quote.cue.v1")]
    # Renault said it was pleased. Roche grew. “We expect more growth,” the firm said. — which firm? none
    doc = firm_doc(("Roche PROPN NNP nsubj 7", "grew VERB VBD ROOT 7 grow", ". PUNCT . punct 7"))
    idx = entities(doc, {"Renault": ("Organization", [(0, 1)]), "Roche": ("Organization", [(6, 7)])})
    assert summary(doc, idx) == [("We expect more growth", None, "quote.cue.v1")]
