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
2. ``quote.byline.v1`` — a dash and a person's name sign it: "“...” — X".
3. ``quote.colon.v1`` — a clause ending in a colon introduces it: "X, asked
   about it: “...”".
4. ``quote.reported.v1`` — a quote that opens a sentence with no cue of its own
   carries on the speech reported by the sentence before it, in the same
   paragraph: "Heald noted the findings show ... “An air-quality cleanup ...”".
5. ``quote.continued.v1`` — a quote with no cue of its own continues the
   previous quote of the same paragraph ("“...,” X said. “...”"), or of the
   previous paragraph when it was left open (a multi-paragraph quote), when it
   opens its sentence or shares it with the previous quote.

Short quotes (1-3 words) count only when a speech verb takes them as its
complement directly; otherwise they are scare quotes ("British “leadership”",
“complex”) and are not anyone's words.  Unattributed longer quotes are kept
with ``speaker=None``.  ``Quote.text`` excludes the marks; its offsets index
``doc.text`` exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.types import Entity, Quote, Span
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
from kg.knowledge.knowledge import Knowledge, Words

__all__ = ["extract_quotes"]

# how a speech clause hangs from the quoted words when the parser makes them the main
# clause: "As X told Y, “...”" (advcl), "“...”, X added" (parataxis), "X was quoted; “...”" (ccomp)
REPORT_DEPS = frozenset({"advcl", "parataxis", "ccomp"})
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
QUOTE_UNATTRIBUTED = RULES.add("quote.unattributed.v1", 0.3, "quotes", "quoted words whose speaker is not clear: no speaker")


class _Attribution(NamedTuple):
    speaker: Entity | None
    addressee: Entity | None
    medium: Entity | None
    rule: str
    confidence: float


def extract_quotes(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker (and addressee/medium when named)."""
    words = knowledge.words
    quotes: list[Quote] = []
    for span in quote_spans(doc):
        tokens = list(tokens_between(doc, span.start, span.end))
        quoted = [t for t in tokens if not t.is_punct and not t.is_space]
        if not quoted:
            continue
        cue = _cue(tokens, words)
        short = len(quoted) <= SHORT_QUOTE
        if short and (cue is None or cue[1] > 1):
            continue  # a scare quote: “leadership”, “complex”
        attribution = (
            _from_cue(cue[0], cue[1], index, words) if cue is not None
            else _from_byline(doc, span, index) or _from_colon(doc, span, index, words)
            or _from_report(doc, tokens, quotes, index, words) or _from_previous(doc, span, tokens, quotes)
        )
        if attribution is None:
            attribution = _Attribution(None, None, None, QUOTE_UNATTRIBUTED.id, QUOTE_UNATTRIBUTED.confidence)
        end = _strip_trailing_comma(doc_text(doc), span.start, span.end)
        quotes.append(Quote(
            text=doc_text(doc)[span.start:end], start=span.start, end=end, speaker=attribution.speaker,
            sentence=_sentences(tokens), rule=attribution.rule, confidence=attribution.confidence,
            addressee=attribution.addressee, medium=attribution.medium,
        ))
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


def _cue(tokens: list[Token], words: Words) -> tuple[Token, int] | None:
    """The speech verb governing the quoted words, and how many heads up it is.

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
            if _speech_predicate(node, words) and not _across_paragraphs(node, tokens):
                return node, hops
            if node.head == node:
                break
            node, hops = node.head, hops + (0 if in_quote(node) else 1)
    for tok in tokens:
        for child in tok.children:
            if (child.i not in inside and child.dep_ in REPORT_DEPS and _speech_predicate(child, words)
                    and not _across_paragraphs(child, tokens)):
                return child, 2  # never a scare quote's: short words do not govern their report
    root = tokens[0].sent.root
    if root.i not in inside and _speech_predicate(root, words) and not _across_paragraphs(root, tokens):
        return root, MAX_CUE_HOPS + 1
    return None


def _speech_predicate(tok: Token, words: Words) -> bool:
    """A speech or quoting verb outside quotation marks.  The parser sometimes tags
    the verb a plural noun ("The Department notes, “...”") yet gives it a subject
    or a clause, as only a verb has: then it is read as the verb it is."""
    if in_quote(tok) or tok.lemma_.lower() not in words.speech_verbs | words.quoting_verbs:
        return False
    return tok.pos_ == "VERB" or any(c.dep_ in ("nsubj", "ccomp") for c in tok.children)


def _across_paragraphs(verb: Token, tokens: list[Token]) -> bool:
    """True when the verb stands in a paragraph after the quote's: the parser joined
    the two into one sentence, and the next paragraph's verb reports other words.
    (A verb before the quote may end its paragraph: "X stated:" and the quote below.)"""
    return verb.i > tokens[-1].i and "\n" in doc_text(verb.doc)[tokens[-1].idx:verb.idx]


def _from_cue(verb: Token, hops: int, index: EntityIndex, words: Words) -> _Attribution:
    confidence = round(QUOTE_CUE.confidence - 0.1 * (hops - 1), 2)
    return _reported_by(verb, _first_entity(_speakers(verb, words), index), QUOTE_CUE.id, confidence, index, words)


def _reported_by(verb: Token, speaker: Entity | None, rule: str, confidence: float,
                 index: EntityIndex, words: Words) -> _Attribution:
    """The attribution a speech verb gives: its speaker, and who the words went to."""
    addressee, medium = _listeners(verb, index, words)
    medium = medium or _quoting_outlet(verb, index, words)
    if addressee == speaker:
        addressee = None  # "he described Montalvo as ...": coreference slipped, no one talks to themself
    return _Attribution(speaker, addressee, medium, rule, confidence)


def _speakers(verb: Token, words: Words) -> list[Arg]:
    """Whose words a speech verb reports: its subject, or its agent in the passive
    ("Y was told by X"); the one quoted after a quoting verb ("X was quoted by Y",
    "Y cited X"); and the name before a verb the parser took for a noun ("The U.S.
    Department of Agriculture notes")."""
    if verb.pos_ != "VERB":  # "The Department notes" misread as one noun phrase: the modifier speaks
        return subjects(verb) or [Arg(c, 0) for c in verb.children
                                  if c.dep_ in ("nmod", "compound") and c.i < verb.i]
    quoting = verb.lemma_.lower() in words.quoting_verbs
    if is_passive(verb):  # "Y was told by X": the hearer is the subject, the speaker the agent
        return passive_subjects(verb) if quoting else agents(verb)
    return [Arg(t, 0) for t in direct_objects(verb)] if quoting else subjects(verb)


def _first_entity(args, index: EntityIndex) -> Entity | None:
    """The first argument that names an entity, itself or by a name in apposition:
    "The secretary general of CEI, Nunzio Galantino, said"."""
    for arg in args:
        for tok in (arg.token, *(c for c in arg.token.children if c.dep_ == "appos")):
            ent = np_entity(tok, index)
            if ent is not None:
                return ent
    return None


def _listeners(verb: Token, index: EntityIndex, words: Words) -> tuple[Entity | None, Entity | None]:
    """Who a speech verb's words went to: "told Y", "said to Y", "told ITV's <programme>".

    A news outlet is the medium, anyone else the addressee.
    """
    addressee = medium = None
    for tok in _listener_tokens(verb, words):
        if in_quote(tok):
            continue
        ent = index.entity_at(tok.i)
        if ent is None:
            # "told ITV's Good Morning Britain": the programme names its broadcaster
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            ent = index.entity_at(owner.i) if owner is not None else None
            if ent is not None and ent.type == "Organization" and medium is None:
                medium = ent
            continue
        if is_news_outlet(ent):
            medium = medium or ent
        elif ent.type in ("Person", "Organization", "Country") and addressee is None:
            addressee = ent
    return addressee, medium


def _quoting_outlet(verb: Token, index: EntityIndex, words: Words) -> Entity | None:
    """"The Jakarta Post quoted X as saying", "X was quoted by Reuters as saying": the
    news outlet that quotes the speaker is the quote's medium."""
    head = verb.head
    if verb.dep_ != "pcomp" or head.lower_ != "as" or head.head.lemma_.lower() not in words.quoting_verbs:
        return None
    quoting = head.head
    outlet = _first_entity(agents(quoting) if is_passive(quoting) else subjects(quoting), index)
    return outlet if outlet is not None and is_news_outlet(outlet) else None


def _listener_tokens(verb: Token, words: Words) -> Iterator[Token]:
    if verb.lemma_.lower() in words.hearer_object_verbs:
        yield from direct_objects(verb)
    yield from (obj for prep, obj in prep_objects(verb) if prep == "to")


# -- rule 2: a byline signs it ---------------------------------------------------------

DASHES = frozenset("—–-")


def _from_byline(doc: Doc, span: QuoteSpan, index: EntityIndex) -> _Attribution | None:
    """"“...” — Jane Doe": a dash after the closing mark, then the speaker's name."""
    rest = doc_text(doc)[span.end:span.end + 4]
    after = rest.lstrip("”\"' ")
    if not after or after[0] not in DASHES:
        return None
    start = span.end + (len(rest) - len(after)) + 1
    name = next((t for t in tokens_between(doc, start, len(doc_text(doc)))
                 if not t.is_space and t.text not in DASHES), None)
    speaker = index.entity_at(name.i) if name is not None else None
    if speaker is None or speaker.type != "Person":
        return None
    return _Attribution(speaker, None, None, QUOTE_BYLINE.id, QUOTE_BYLINE.confidence)


# -- rule 3: a colon introduces it ------------------------------------------------------


def _from_colon(doc: Doc, span: QuoteSpan, index: EntityIndex, words: Words) -> _Attribution | None:
    """"He later told reporters: “...”": the clause before the colon speaks."""
    before = doc_text(doc)[:span.start - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    clause = colon[0].sent.root
    speaker = _first_entity(_speakers(clause, words), index)
    if speaker is None:
        return None
    return _reported_by(clause, speaker, QUOTE_COLON.id, QUOTE_COLON.confidence, index, words)


# -- rule 4: it carries on the report of the sentence before -------------------------------


def _from_report(doc: Doc, tokens: list[Token], quotes: list[Quote], index: EntityIndex,
                 words: Words) -> _Attribution | None:
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
        if not _speech_predicate(verb, words):
            continue
        speaker = _first_entity(_speakers(verb, words), index)
        if speaker is not None:
            return _reported_by(verb, speaker, QUOTE_REPORTED.id, QUOTE_REPORTED.confidence, index, words)
    return None


# -- rule 5: it continues the previous quote ----------------------------------------------


def _from_previous(doc: Doc, span: QuoteSpan, tokens: list[Token], quotes: list[Quote]) -> _Attribution | None:
    """The previous quote's speaker, when the previous one is in the same paragraph
    or was left open at the end of the previous one — and the quote opens its
    sentence or shares it with the previous one ("“...,” X said, “...”").  Other
    words quoted inside a sentence are not the last speaker's to go on with."""
    if not quotes or quotes[-1].speaker is None:
        return None
    prev = quotes[-1]
    if not (_opens_sentence(doc, tokens) or prev.start >= tokens[0].sent.start_char):
        return None
    same_paragraph = "\n" not in doc_text(doc)[prev.end:span.start]
    if not (same_paragraph or span.continues):
        return None
    return _Attribution(prev.speaker, prev.addressee, prev.medium, QUOTE_CONTINUED.id,
                        round(prev.confidence * QUOTE_CONTINUED.confidence, 2))


def _opens_sentence(doc: Doc, tokens: list[Token]) -> bool:
    """True when nothing but punctuation stands before the quote in its sentence."""
    return all(t.is_punct or t.is_space for t in doc[tokens[0].sent.start:tokens[0].i])
