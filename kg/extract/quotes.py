"""Direct speech: the words inside quotation marks and who said them.

A quote is attributed by the first rule that applies:

1. ``quote.cue.v1`` — a speech verb governs the quoted words: "X said “...”",
   "“...,” said X", "X told Y that “...”", "X urged Y to “...”", "X claimed he
   could do it “with a phone call”" — or hangs from them as an adverbial or
   parenthetical clause: "As X told Y, “...”", "“...”, X added" — or is the
   speech verb at the root of the quote's sentence, however deep the words lie
   in what it reports: "X said the steps answer attempts to fool the world with
   “cosmetic measures”".  The speaker is
   the verb's subject (a pronoun or role noun resolves through coreference; a
   title in apposition to a name stands for the name: "The secretary general
   of CEI, Nunzio Galantino, said"), or whoever is quoted after "quote"/"cite":
   "he was quoted by The Canadian Press;", "the paper quoted X", "Reuters quoted X
   as saying “...”" (X speaks; a quoting news outlet is the medium).  A speech verb
   the parser tagged as a noun still counts when it has a subject ("The U.S.
   Department of Agriculture notes, “...”").  "told Y" / "said to Y" gives the
   addressee, or the medium when Y is a news outlet ("told ITV's Good Morning
   Britain", "stressed to Times Radio").  A verb in a paragraph after the
   quote's never governs it (the parser sometimes joins the two).
   When the verb's subject names no entity, :func:`_speaker` recovers what the parse
   lost (a relative pronoun's antecedent, a name set off by commas in a role-noun
   subject, a "by" phrase hung on the complement, the name before a subjectless verb,
   the owner of "a BBC story claiming", an unresolved "she" or "the firm" that can
   only be the previous speaker) — and otherwise gives no speaker rather than a guess.
   ``quote.in_report.v1`` — a short quote deeper in what the verb reports is the named
   speaker's word: "Renault said the outlook was “stable”".
2. ``quote.according.v1`` — "according to X" on the clause that holds the quote.
3. ``quote.byline.v1`` — a dash and a person's name sign it: "“...” — X"; or a
   comma, a name and the sentence's end with the verb left out: "“...,” Mr Bootle."
4. ``quote.colon.v1`` — a clause ending in a colon introduces it: "X, asked
   about it: “...”"; or a name before the colon: "BBC Two controller Roly Keating: “...”".
5. ``quote.reported.v1`` — a quote that opens a sentence with no cue of its own
   carries on the speech reported by the sentence before it, in the same
   paragraph: "Heald noted the findings show ... “An air-quality cleanup ...”".
6. ``quote.continued.v1`` — a quote with no cue of its own continues the
   previous quote of the same paragraph ("“...,” X said. “...”"), or of the
   previous paragraph when it was left open (a multi-paragraph quote) or when the
   new paragraph opens with it right after a paragraph that ended with that quote
   and its cue ("“...,” Mr X said.¶“...”") and reports nobody else's words — when it
   opens its sentence or shares it with the previous quote; never when another
   speech verb with another speaker stands between the two.
7. ``quote.before_cue.v1`` — a quote with no cue followed straight on by one whose
   verb names the speaker ("“A.” “B,” she said.") is that speaker's.

Short quotes (1-3 knowledge) count only when a speech verb takes them as its
complement directly, or lies above them in what it reports with its speaker
named, or "according to" names one; otherwise they are scare quotes ("British
“leadership”", “complex”) and are not anyone's words.  Not on purpose: a quote is
never credited to the object of the speech verb ("accused Y of “...”": the accuser
speaks), nor to the subject of a passive with no agent ("Y was described as
“...”": nobody named), nor through a verb coordinated with the speech verb ("said
A and built the “unity”").  Unattributed longer quotes are kept
with ``speaker=None``.  ``Quote.text`` excludes the marks; its offsets index
``doc.text`` exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.extract.grammar import (
    Arg,
    QuoteSpan,
    agents,
    direct_objects,
    doc_text,
    in_quote,
    is_news_outlet,
    is_passive,
    np_entity,
    passive_subjects,
    prep_objects,
    quote_spans,
    subjects,
    tokens_between,
    tokens_span,
)
from kg.extract.index import EntityIndex
from kg.extract.rules import RULES
from kg.knowledge.knowledge import Knowledge
from kg.types import Entity, Quote, Span

__all__ = ["extract_quotes"]

# how a speech clause hangs from the quoted words when the parser makes them the main
# clause: "As X told Y, “...”" (advcl), "“...”, X added" (parataxis), "X was quoted; “...”" (ccomp)
REPORT_DEPS = frozenset({"advcl", "parataxis", "ccomp"})
# how what a speech verb reports hangs from it: "said (that) ...", "described Y as ...",
# "urged Y to ...", "called it ...", "labelled a ..." (not its subject, nor a verb coordinated with it)
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "prep", "dative", "acomp"})
HEARER_PREPS = frozenset({"to", "with"})  # "spoke with a cosplayer called “X”": the hearer, not the report
SHORT_QUOTE = 3  # words: at most this many is a scare quote unless a speech verb takes it
MAX_CUE_HOPS = 3  # how far up the parse a speech verb may govern a quote's words

QUOTE_CUE = RULES.add("quote.cue.v1", 0.9, "quotes",
                      "a speech verb governs the quoted words ('X said \u201c...\u201d'); 0.1 less per step up the parse")
QUOTE_BYLINE = RULES.add("quote.byline.v1", 0.8, "quotes", "a dash and a person's name sign the quote: '\u201c...\u201d \u2014 X'")
QUOTE_COLON = RULES.add("quote.colon.v1", 0.75, "quotes", "a clause ending in a colon introduces the quote: 'X told Y: \u201c...\u201d'")
QUOTE_REPORTED = RULES.add("quote.reported.v1", 0.65, "quotes",
                           "a quote opening its sentence carries on the speech the sentence before reports")
QUOTE_CONTINUED = RULES.add("quote.continued.v1", 0.85, "quotes",
                            "a quote with no cue continues the previous quote (confidence: the previous one's times this)")
QUOTE_IN_REPORT = RULES.add("quote.in_report.v1", 0.7, "quotes",
                            "a short quote inside the clause a speech verb reports, its speaker named: "
                            "'X said it was \u201cstable\u201d'")
QUOTE_ACCORDING = RULES.add("quote.according.v1", 0.8, "quotes",
                            "'according to X' on the clause that holds the quote: X speaks")
QUOTE_BEFORE_CUE = RULES.add("quote.before_cue.v1", 0.85, "quotes",
                             "a quote with no cue followed straight on by one whose verb names the speaker: "
                             "the same speaker (confidence: the next one's times this)")
QUOTE_UNATTRIBUTED = RULES.add("quote.unattributed.v1", 0.3, "quotes", "quoted words whose speaker is not clear: no speaker")


class _Attribution(NamedTuple):
    speaker: Entity | None
    addressee: Entity | None
    medium: Entity | None
    rule: str
    confidence: float


def extract_quotes(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker (and addressee/medium when named)."""
    quotes: list[Quote] = []
    for span in quote_spans(doc):
        tokens = list(tokens_between(doc, span.start, span.end))
        quoted = [t for t in tokens if not t.is_punct and not t.is_space]
        if not quoted:
            continue
        attribution = _attribute(doc, span, tokens, len(quoted) <= SHORT_QUOTE, quotes, index, knowledge)
        if attribution is None:
            continue  # a scare quote: “leadership”, “complex”
        end = _strip_trailing_comma(doc_text(doc), span.start, span.end)
        quotes.append(Quote(
            text=doc_text(doc)[span.start:end], start=span.start, end=end, speaker=attribution.speaker,
            sentence=_sentences(tokens), rule=attribution.rule, confidence=attribution.confidence,
            addressee=attribution.addressee, medium=attribution.medium,
        ))
    return _credit_before_cue(doc_text(doc), quotes)


def _attribute(doc: Doc, span: QuoteSpan, tokens: list[Token], short: bool, quotes: list[Quote],
               index: EntityIndex, knowledge: Knowledge) -> _Attribution | None:
    """Who said one quote, by the first rule that applies (see the module docstring);
    None for a short quote nobody named says (a scare quote: it is dropped)."""
    previous = next((q.speaker for q in reversed(quotes) if q.speaker is not None), None)
    cue = _cue(tokens, knowledge)
    if cue is None:
        according = _according_to(tokens, index, knowledge)
        if according is not None or short:
            return according
        return (_from_byline(doc, span, index) or _from_colon(doc, span, index, knowledge, previous)
                or _from_report(doc, tokens, quotes, index, knowledge, previous)
                or _from_previous(doc, span, tokens, quotes, index, knowledge)
                or _Attribution(None, None, None, QUOTE_UNATTRIBUTED.id, QUOTE_UNATTRIBUTED.confidence))
    verb, hops = cue
    if short and hops > 1:  # "X said it was “stable”": X's word, when X is named
        return _in_report(verb, tokens, index, knowledge, previous)
    return _from_cue(verb, hops, index, knowledge, previous)


def _credit_before_cue(text: str, quotes: list[Quote]) -> list[Quote]:
    """"“A.” “B,” she said.": a quote with no speaker, followed straight on in its paragraph by
    a quote whose speech verb names one (nothing but marks and spaces between them), is the
    same speaker's, and so on backwards along a run of such quotes.  Not across a paragraph
    break, nor over any word between the two: then the words may be someone else's."""
    for k in range(len(quotes) - 2, -1, -1):
        quote, after = quotes[k], quotes[k + 1]
        if quote.speaker is not None or after.speaker is None or after.rule == QUOTE_IN_REPORT.id:
            continue
        if text[quote.end:after.start].strip(" ,.!?\"'“”‘’"):
            continue
        quotes[k] = dataclasses.replace(
            quote, speaker=after.speaker, addressee=after.addressee, medium=after.medium, rule=QUOTE_BEFORE_CUE.id,
            confidence=round(after.confidence * QUOTE_BEFORE_CUE.confidence, 2))
    return quotes


def _strip_trailing_comma(text: str, start: int, end: int) -> int:
    """“We will,” she said: the comma before the closing mark belongs to the report."""
    while end > start and text[end - 1] in ", ":
        end -= 1
    return end


def _sentences(tokens: list[Token]) -> Span:
    """From the start of the first token's sentence to the end of the last one's."""
    first, last = tokens[0].sent, tokens[-1].sent
    return Span(tokens_span(first).start, tokens_span(last).end)


# -- rule 1: a speech verb governs the quote ------------------------------------------


def _cue(tokens: list[Token], knowledge: Knowledge) -> tuple[Token, int] | None:
    """The speech verb governing the quoted knowledge, and how many heads up it is.

    The quote's words hang from the rest of the sentence by their roots (words
    whose head lies outside the quote); climb from each root's head, out of any
    other quotation, until a speech verb — or give up after a few steps.  When
    the parser made the quote the main clause instead, the speech verb is a
    clause hanging from a quoted word ("As X told Y, “...”"), counted as two
    steps so that it never makes a short quote anyone's words.  Failing both,
    a speech verb at the root of the sentence reports everything below it,
    counted as one step more than the climb may take.
    """
    inside = {t.i for t in tokens}
    for root in tokens:
        if root.head.i in inside or root.head == root or root.is_punct:
            continue
        node, hops = root.head, 1
        while hops <= MAX_CUE_HOPS:
            if _speech_predicate(node, knowledge) and not _across_paragraphs(node, tokens):
                return node, hops
            if node.head == node:
                break
            node, hops = node.head, hops + (0 if in_quote(node) else 1)
    for tok in tokens:
        for child in tok.children:
            if (child.i not in inside and child.dep_ in REPORT_DEPS and _speech_predicate(child, knowledge)
                    and not _across_paragraphs(child, tokens)):
                return child, 2  # never a scare quote's: short words do not govern their report
    root = tokens[0].sent.root
    if root.i not in inside and _speech_predicate(root, knowledge) and not _across_paragraphs(root, tokens):
        return root, MAX_CUE_HOPS + 1
    return None


def _speech_predicate(tok: Token, knowledge: Knowledge) -> bool:
    """A speech or quoting verb outside quotation marks.  The parser sometimes tags
    the verb a plural noun ("The Department notes, “...”") yet gives it a subject
    or a clause, as only a verb has: then it is read as the verb it is."""
    if in_quote(tok) or tok.lemma_.lower() not in knowledge.words.speech_verbs | knowledge.words.quoting_verbs:
        return False
    return tok.pos_ == "VERB" or any(c.dep_ in ("nsubj", "ccomp") for c in tok.children)


def _across_paragraphs(verb: Token, tokens: list[Token]) -> bool:
    """True when the verb stands in a paragraph after the quote's: the parser joined
    the two into one sentence, and the next paragraph's verb reports other words.
    (A verb before the quote may end its paragraph: "X stated:" and the quote below.)"""
    return verb.i > tokens[-1].i and "\n" in doc_text(verb.doc)[tokens[-1].idx:verb.idx]


def _from_cue(verb: Token, hops: int, index: EntityIndex, knowledge: Knowledge, previous: Entity | None) -> _Attribution:
    confidence = round(QUOTE_CUE.confidence - 0.1 * (hops - 1), 2)
    return _reported_by(verb, _speaker(verb, index, knowledge, previous), QUOTE_CUE.id, confidence, index, knowledge)


def _in_report(verb: Token, tokens: list[Token], index: EntityIndex, knowledge: Knowledge,
               previous: Entity | None) -> _Attribution | None:
    """A short quote in the clause a speech verb reports is its speaker's word when the
    speaker is named: "Renault said the outlook was “stable”", "X described Y as a “21st
    Century Fagin”", "Y should steer away from “demonising” Z, X has said".  Not a quote
    inside the speaker's own noun phrase ("the “Yes” campaign said"), nor one whose
    speaker is a pronoun or noun no entity stands for: scare quotes stay nobody's."""
    branch = _branch(verb, tokens[0])
    if branch is None or branch.dep_ not in REPORTED_DEPS or branch.lower_ in HEARER_PREPS:
        return None
    speaker = _speaker(verb, index, knowledge, previous)
    if speaker is None:
        return None
    return _reported_by(verb, speaker, QUOTE_IN_REPORT.id, QUOTE_IN_REPORT.confidence, index, knowledge)


def _branch(verb: Token, tok: Token) -> Token | None:
    """The verb's child whose subtree holds ``tok`` (None: not below the verb)."""
    while tok.head != tok:
        if tok.head == verb:
            return tok
        tok = tok.head
    return None


def _can_speak(ent: Entity | None, knowledge: Knowledge) -> bool:
    """A person or an organisation (of any kind the ontology has) can say something; a place cannot."""
    onto = knowledge.ontology
    return ent is not None and (onto.is_a(ent.type, "Person") or onto.is_a(ent.type, "Organization"))


def _speaker(verb: Token, index: EntityIndex, knowledge: Knowledge, previous: Entity | None = None) -> Entity | None:
    """Who speaks through ``verb``: its subject's entity (see :func:`_speakers`), else what
    the parse lost:

    - "the Conservatives who said": the relative pronoun's antecedent is the name right
      before it, when the parser hung the clause on another noun;
    - "the director of the X Trust, Norman Brennan, accused": a person's name set off by
      commas inside a subject no entity stands for;
    - "labelled a “misjudgement” by the Conservatives": a passive verb's "by" phrase the
      parser hung on the verb's complement;
    - "In a statement on Wednesday Lord Woolf said": a verb without a subject takes the
      person's or organisation's name standing right before it;
    - "“...,” she said" with "she" left unresolved: the previous quote's speaker
      (``previous``), when that is also the last person named and no pronoun of theirs
      disagrees (see :func:`_same_speaker`);
    - "“...,” the firm said" with "the firm" left unresolved: the organisation that last
      spoke, when it is also the last one named (see :func:`_reporting_organisation`).

    Not a role noun left unresolved, nor a pronoun otherwise: no guess.  A name after an
    honorific read as a place ("said Mr Irish" -> Ireland) gives no speaker either."""
    args = _speakers(verb, knowledge)
    speaker = _first_entity(args, index, knowledge)
    if speaker is not None:
        return None if _misread_person(args, speaker, knowledge) else speaker
    doc = verb.doc
    if args and previous is not None and _same_speaker(args[0].token, previous, index, knowledge):
        return previous
    if args and _generic_organisation(args[0].token, index, knowledge):
        return _reporting_organisation(verb, index, knowledge)
    rel = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that")), None)
    if verb.dep_ == "relcl" and rel is not None:
        before = doc[rel.i - 1] if rel.i > 0 else None
        ent = index.entity_at(before.i) if before is not None else None
        return ent if _can_speak(ent, knowledge) else None
    for arg in args:
        if arg.token.pos_ not in ("NOUN", "PROPN") or index.entity_at(arg.token.i) is not None:
            continue
        named = [t for t in arg.token.subtree if t.i < verb.i and _set_off_name(t, index)]
        if named:
            return index.entity_at(named[-1].i)
        if arg.token.lemma_.lower() in knowledge.words.speech_document_nouns:
            owner = _document_owner(arg.token, index, knowledge)
            if owner is not None:
                return owner
    if is_passive(verb) and not agents(verb):
        for comp in verb.children:
            if comp.dep_ in ("oprd", "attr", "dobj", "xcomp"):
                for prep in comp.children:
                    if prep.dep_ == "prep" and prep.lower_ == "by":
                        speaker = _first_entity([Arg(o, 1) for o in prep.children if o.dep_ == "pobj"], index, knowledge)
                        if _can_speak(speaker, knowledge):
                            return speaker
    if not args and not is_passive(verb) and verb.i > 0:
        ent = index.entity_at(verb.i - 1)
        if _can_speak(ent, knowledge) and doc[verb.i - 1].pos_ == "PROPN":
            return ent
        return _opening_name(verb, index)
    return None


def _opening_name(verb: Token, index: EntityIndex) -> Entity | None:
    """"Graham Robb, spokesman for X, said ...": a person's name that opens the sentence and
    is set off by a comma, when a comma stands right before the verb the parser left without
    a subject."""
    doc, sent = verb.doc, verb.sent
    if doc[verb.i - 1].text != ",":
        return None
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    mention = index.mention_at(first.i) if first is not None else None
    ent = index.entity_at(first.i) if first is not None else None
    if ent is None or ent.type != "Person" or mention.kind != "name" or mention.token_end >= verb.i - 1:
        return None
    return ent if doc[mention.token_end].text == "," else None


def _document_owner(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """Who a story, report or statement speaks for: "a BBC story", "the firm's statement",
    "a report by Deloitte", "a statement from the company"."""
    for child in noun.children:
        ent = index.entity_at(child.i)
        if child.dep_ in ("poss", "compound") and _can_speak(ent, knowledge):
            return ent
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for obj in child.children:
                ent = index.entity_at(obj.i) if obj.dep_ == "pobj" else None
                if _can_speak(ent, knowledge):
                    return ent
    return None


def _misread_person(args: list[Arg], speaker: Entity, knowledge: Knowledge) -> bool:
    """"said Mr Irish" read as the country Ireland: a name after an honorific is a person's,
    so an entity of another type whose name is not even the word written there is a
    misreading, and no speaker is better than it.  ("Mr Ford" typed as an organisation
    still names its own node: it stays.)"""
    tok = args[0].token
    before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
    first = tok.left_edge
    honorific = next((t for t in (before, first) if t is not None and t.text in knowledge.gazetteer.honorifics), None)
    return (honorific is not None and not knowledge.ontology.is_a(speaker.type, "Person")
            and tok.text not in speaker.name.split())


def _generic_organisation(tok: Token, index: EntityIndex, knowledge: Knowledge) -> bool:
    """"the firm", "the company", "the bank" left unresolved by coreference."""
    gaz = knowledge.gazetteer
    noun = tok.lemma_.lower()
    return (tok.pos_ == "NOUN" and index.entity_at(tok.i) is None
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            and (gaz.generic_nouns.get(noun) == "Organization" or noun in gaz.organisation_nouns))


def _reporting_organisation(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """"Novartis said that it would merge departments. “...,” the firm said": "the firm" is the
    organisation that last spoke before it (a speech verb's subject within the last few
    sentences), when that is also the last organisation named outside quotation marks.
    Two organisations in between, or none that spoke: no guess."""
    doc = verb.doc
    start = doc[max(verb.sent.start - 1, 0)].sent.start
    start = doc[max(start - 1, 0)].sent.start  # this sentence and the two before it
    last_named = spoke = None
    for tok in doc[start:verb.i]:
        if in_quote(tok):
            continue
        ent = index.entity_at(tok.i)
        mention = index.mention_at(tok.i)
        if ent is not None and mention is not None and mention.kind == "name" and knowledge.ontology.is_a(
                ent.type, "Organization"):
            last_named = ent
        if _speech_predicate(tok, knowledge) and _reports(tok):
            said = _speaker(tok, index, knowledge)  # "the firm said ... the company said": in turn
            if said is not None and knowledge.ontology.is_a(said.type, "Organization"):
                spoke = said
    return spoke if spoke is not None and spoke == last_named else None


def _same_speaker(pronoun: Token, previous: Entity, index: EntityIndex, knowledge: Knowledge) -> bool:
    """An unresolved "he"/"she" that speaks is the previous quote's speaker when that
    person is the last one named before it and none of their pronouns tells another gender."""
    gender = knowledge.words.quote_speaker_pronouns.get(pronoun.lower_)
    if gender is None or index.entity_at(pronoun.i) is not None or previous.type != "Person":
        return False
    named = [(m.token_end, e) for e in index.entities if e.type == "Person"
             for m in e.mentions if m.kind == "name" and m.token_end <= pronoun.i]
    if not named or max(named, key=lambda x: x[0])[1] != previous:
        return False
    told = {knowledge.words.quote_speaker_pronouns.get(m.text.lower()) for m in previous.mentions if m.kind == "pronoun"}
    gaz = knowledge.gazetteer
    for m in previous.mentions:  # "Mr Shipside", "Jane Hewitt": an honorific or a given name tells it too
        if m.kind == "name" and m.text.split():
            first = m.text.split()[0]
            told.add(gaz.honorifics.get(first) if first in gaz.honorifics else gaz.gender(first))
    return not (told - {None, gender})


def _set_off_name(tok: Token, index: EntityIndex) -> bool:
    """The first token of a person's name that follows a comma: "the director of X, Jane Doe,"."""
    mention = index.mention_at(tok.i)
    ent = index.entity_at(tok.i)
    return (ent is not None and ent.type == "Person" and mention is not None and mention.kind == "name"
            and mention.token_start == tok.i and tok.i > 0 and tok.doc[tok.i - 1].text == ",")


def _reported_by(verb: Token, speaker: Entity | None, rule: str, confidence: float,
                 index: EntityIndex, knowledge: Knowledge) -> _Attribution:
    """The attribution a speech verb gives: its speaker, and who the words went to."""
    addressee, medium = _listeners(verb, index, knowledge)
    medium = medium or _quoting_outlet(verb, index, knowledge)
    if addressee == speaker:
        addressee = None  # "he described Montalvo as ...": coreference slipped, no one talks to themself
    return _Attribution(speaker, addressee, medium, rule, confidence)


def _speakers(verb: Token, knowledge: Knowledge) -> list[Arg]:
    """Whose words a speech verb reports: its subject, or its agent in the passive
    ("Y was told by X"); the one quoted after a quoting verb ("X was quoted by Y",
    "Y cited X"); and the name before a verb the parser took for a noun ("The U.S.
    Department of Agriculture notes")."""
    if verb.pos_ != "VERB":  # "The Department notes" misread as one noun phrase: the modifier speaks
        return subjects(verb, knowledge.words) or [Arg(c, 0) for c in verb.children
                                  if c.dep_ in ("nmod", "compound") and c.i < verb.i]
    quoting = verb.lemma_.lower() in knowledge.words.quoting_verbs
    if is_passive(verb):  # "Y was told by X": the hearer is the subject, the speaker the agent
        return passive_subjects(verb, knowledge.words) if quoting else agents(verb)
    return [Arg(t, 0) for t in direct_objects(verb)] if quoting else subjects(verb, knowledge.words)


def _first_entity(args, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The first argument that names an entity, itself or by a name in apposition:
    "The secretary general of CEI, Nunzio Galantino, said"."""
    for arg in args:
        for tok in (arg.token, *(c for c in arg.token.children if c.dep_ == "appos")):
            ent = np_entity(tok, index, knowledge)
            if ent is not None:
                return ent
    return None


def _listeners(verb: Token, index: EntityIndex, knowledge: Knowledge) -> tuple[Entity | None, Entity | None]:
    """Who a speech verb's words went to: "told Y", "said to Y", "told ITV's <programme>".

    A news outlet is the medium, anyone else the addressee.
    """
    addressee = medium = None
    for tok in _listener_tokens(verb, knowledge):
        if in_quote(tok):
            continue
        outlets = [e for c in (tok, *(c for c in tok.children if c.dep_ == "compound"))
                   for e in [index.entity_at(c.i)] if e is not None and is_news_outlet(e, knowledge.words)]
        if outlets:  # "told BBC Radio Wales": the outlet's name ends in a place's
            medium = medium or max(outlets, key=lambda e: len(e.name))
            continue
        ent = index.entity_at(tok.i)
        if ent is None:
            # "told ITV's Good Morning Britain": the programme names its broadcaster
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            ent = index.entity_at(owner.i) if owner is not None else None
            if ent is not None and ent.type == "Organization" and medium is None:
                medium = ent
            continue
        if is_news_outlet(ent, knowledge.words):
            medium = medium or ent
        elif ent.type in ("Person", "Organization", "Country") and addressee is None:
            addressee = ent
    return addressee, medium


def _quoting_outlet(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """"The Jakarta Post quoted X as saying", "X was quoted by Reuters as saying": the
    news outlet that quotes the speaker is the quote's medium."""
    head = verb.head
    if verb.dep_ != "pcomp" or head.lower_ != "as" or head.head.lemma_.lower() not in knowledge.words.quoting_verbs:
        return None
    quoting = head.head
    outlet = _first_entity(agents(quoting) if is_passive(quoting) else subjects(quoting, knowledge.words), index, knowledge)
    return outlet if outlet is not None and is_news_outlet(outlet, knowledge.words) else None


def _listener_tokens(verb: Token, knowledge: Knowledge) -> Iterator[Token]:
    if verb.lemma_.lower() in knowledge.words.hearer_object_verbs:
        yield from direct_objects(verb)
    yield from (obj for prep, obj in prep_objects(verb) if prep == "to")


def _according_to(tokens: list[Token], index: EntityIndex, knowledge: Knowledge) -> _Attribution | None:
    """"“...,” according to Jane Smith", "the economy had a “golden period”, according to
    Deloitte": "according to X" on the clause that holds the quote names its speaker (a
    person or organisation; not "according to figures")."""
    nodes = {t for t in tokens}
    for tok in tokens:
        nodes.update(tok.ancestors)
    for node in sorted(nodes, key=lambda t: t.i):
        for child in node.children:
            if child.lower_ != "according" or in_quote(child):
                continue
            for to in child.children:
                if to.lower_ != "to":
                    continue
                for obj in to.children:
                    ent = index.entity_at(obj.i) if obj.dep_ == "pobj" else None
                    if _can_speak(ent, knowledge):
                        return _Attribution(ent, None, None, QUOTE_ACCORDING.id, QUOTE_ACCORDING.confidence)
    return None


# -- rule 2: a byline signs it ---------------------------------------------------------

DASHES = frozenset("—–-")


def _from_byline(doc: Doc, span: QuoteSpan, index: EntityIndex) -> _Attribution | None:
    """"“...” — Jane Doe": a dash after the closing mark, then the speaker's name; or
    "“...,” Mr Bootle.": a comma, a person's name and the end of the sentence (the speech
    verb left out)."""
    rest = doc_text(doc)[span.end:span.end + 4]
    after = rest.lstrip("”\"' ")
    if after.startswith(",") or doc_text(doc)[span.end - 1] == ",":
        return _from_bare_name(doc, span, index)
    if not after or after[0] not in DASHES:
        return None
    start = span.end + (len(rest) - len(after)) + 1
    name = next((t for t in tokens_between(doc, start, len(doc_text(doc)))
                 if not t.is_space and t.text not in DASHES), None)
    speaker = index.entity_at(name.i) if name is not None else None
    if speaker is None or speaker.type != "Person":
        return None
    return _Attribution(speaker, None, None, QUOTE_BYLINE.id, QUOTE_BYLINE.confidence)


def _from_bare_name(doc: Doc, span: QuoteSpan, index: EntityIndex) -> _Attribution | None:
    after = [t for t in tokens_between(doc, span.end, len(doc_text(doc)))][:6]
    rest = [t for t in after if not (t.is_punct and t.text in ",”\"'") and not t.is_space]
    first = next((k for k, t in enumerate(rest[:3]) if index.entity_at(t.i) is not None), None)
    if first is None or any(t.pos_ != "PROPN" for t in rest[:first + 1]):  # "Mr Bootle", "Dr Jane Doe"
        return None
    mention = index.mention_at(rest[first].i)
    speaker = index.entity_at(rest[first].i)
    if speaker is None or speaker.type != "Person" or mention is None or mention.kind != "name":
        return None
    end = next((t for t in rest if t.i >= mention.token_end), None)
    if end is None or end.text not in (".", "!", "?"):
        return None
    return _Attribution(speaker, None, None, QUOTE_BYLINE.id, QUOTE_BYLINE.confidence)


# -- rule 3: a colon introduces it ------------------------------------------------------


def _from_colon(doc: Doc, span: QuoteSpan, index: EntityIndex, knowledge: Knowledge,
                previous: Entity | None) -> _Attribution | None:
    """"He later told reporters: “...”": the clause before the colon speaks."""
    before = doc_text(doc)[:span.start - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    named = index.entity_at(colon[0].i - 1) if colon[0].i > 0 else None
    if named is not None and named.type == "Person" and doc[colon[0].i - 1].pos_ == "PROPN":
        # "BBC Two controller Roly Keating: “...”": a name before the colon speaks
        return _Attribution(named, None, None, QUOTE_COLON.id, QUOTE_COLON.confidence)
    clause = colon[0].sent.root
    speaker = _speaker(clause, index, knowledge, previous)
    if speaker is None:
        return None
    return _reported_by(clause, speaker, QUOTE_COLON.id, QUOTE_COLON.confidence, index, knowledge)


# -- rule 4: it carries on the report of the sentence before -------------------------------


def _from_report(doc: Doc, tokens: list[Token], quotes: list[Quote], index: EntityIndex,
                 knowledge: Knowledge, previous: Entity | None) -> _Attribution | None:
    """"Wilkins also said Warhol was a businessperson. “As a way to ...”": a quote that
    opens its sentence goes on with the speech the previous sentence of the same
    paragraph reports — by its main verb, or a speech clause hanging from it ("As
    Heald told The Huffington Post, US ozone has dropped ... “Despite ...”").
    When that sentence holds a quote itself, the new one continues it (rule 5)."""
    sent = tokens[0].sent
    if sent.start == 0 or not _opens_sentence(doc, tokens):
        return None
    before = doc[sent.start - 1].sent
    if "\n" in doc_text(doc)[tokens_span(before).end:tokens[0].idx]:
        return None  # another paragraph: a new turn, maybe a new speaker
    if quotes and quotes[-1].start >= before.start_char:
        return None
    root = before.root
    for verb in (root, *(c for c in root.children if c.dep_ in ("advcl", "conj"))):
        if not _speech_predicate(verb, knowledge):
            continue
        speaker = _speaker(verb, index, knowledge, previous)
        if speaker is not None:
            return _reported_by(verb, speaker, QUOTE_REPORTED.id, QUOTE_REPORTED.confidence, index, knowledge)
    return None


# -- rule 5: it continues the previous quote ----------------------------------------------


def _from_previous(doc: Doc, span: QuoteSpan, tokens: list[Token], quotes: list[Quote], index: EntityIndex,
                   knowledge: Knowledge) -> _Attribution | None:
    """The previous quote's speaker, when the previous one is in the same paragraph
    or was left open at the end of the previous one — and the quote opens its
    sentence or shares it with the previous one ("“...,” X said, “...”").  Other
    words quoted inside a sentence are not the last speaker's to go on with."""
    if not quotes or quotes[-1].speaker is None:
        return None
    prev = quotes[-1]
    if not (_opens_sentence(doc, tokens) or prev.start >= tokens[0].sent.start_char):
        return None
    text = doc_text(doc)
    same_paragraph = "\n" not in text[prev.end:span.start]
    if not (same_paragraph or span.continues or _next_turn(doc, span, prev, index, knowledge)):
        return None
    if any(_speech_predicate(t, knowledge) and _speaker(t, index, knowledge, prev.speaker) != prev.speaker
           for t in tokens_between(doc, prev.end, span.start)):
        return None  # "“...” X said. Y said ... “...”": another report came in between
    return _Attribution(prev.speaker, prev.addressee, prev.medium, QUOTE_CONTINUED.id,
                        round(prev.confidence * QUOTE_CONTINUED.confidence, 2))


def _next_turn(doc: Doc, span: QuoteSpan, prev: Quote, index: EntityIndex, knowledge: Knowledge) -> bool:
    """"“...,” Mr Shipside said.¶“The proof is ...”": a paragraph that opens with a quote goes
    on with the quote that ended the paragraph before (only its cue after it), when
    neither the quote's sentence nor the next one reports anyone else's words ("“...”
    Ms Lima added." is hers, not the last speaker's)."""
    text = doc_text(doc)
    para_start = text.rfind("\n", 0, span.start) + 1
    if text[para_start:span.start].strip(" \"'“‘"):
        return False  # the paragraph does not open with the quote
    cue = text[prev.end:para_start].strip(" ,\n\"'”’")
    if "\n" in cue or any(ch in ".!?" for ch in cue[:-1]):
        return False  # more than the previous quote's own cue ("Mr X said.") followed it
    para_end = text.find("\n", span.start)
    para_end = len(text) if para_end < 0 else para_end
    last = tokens_between(doc, span.start, span.end)[-1].sent
    after = doc[last.end].sent if last.end < len(doc) else last  # the sentence after the quote's
    end = min(para_end, tokens_span(after).end)
    return not any(_speech_predicate(t, knowledge) and _reports(t)
                   and _speaker(t, index, knowledge, prev.speaker) != prev.speaker
                   for t in tokens_between(doc, span.start, end))


def _reports(verb: Token) -> bool:
    """A finite speech verb, or one with a subject of its own: not "asking prices"."""
    return verb.tag_ not in ("VBG", "VBN") or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _opens_sentence(doc: Doc, tokens: list[Token]) -> bool:
    """True when nothing but punctuation stands before the quote in its sentence."""
    return all(t.is_punct or t.is_space for t in doc[tokens[0].sent.start:tokens[0].i])
