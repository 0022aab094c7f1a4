"""Direct speech: the words inside quotation marks and who said them.

A quote is attributed by the first rule that applies:

1. ``quote.cue.v1`` — a speech verb governs the quoted words: "X said “...”",
   "“...,” said X", "X told Y that “...”", "X urged Y to “...”", "X claimed he
   could do it “with a phone call”".  The speaker is the verb's subject (a
   pronoun or role noun resolves through coreference); "told Y" / "said to Y"
   gives the addressee, or the medium when Y is a news outlet ("told ITV's Good
   Morning Britain", "stressed to Times Radio").  A verb in a paragraph
   after the quote's never governs it (the parser sometimes joins the two).
2. ``quote.byline.v1`` — a dash and a person's name sign it: "“...” — X".
3. ``quote.colon.v1`` — a clause ending in a colon introduces it: "X, asked
   about it: “...”".
4. ``quote.continued.v1`` — a quote with no cue of its own continues the
   previous quote of the same paragraph ("“...,” X said. “...”"), or of the
   previous paragraph when it was left open (a multi-paragraph quote).

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

from ..types import Entity, Quote, Span
from .grammar import (
    SPEECH_VERBS,
    QuoteSpan,
    direct_objects,
    in_quote,
    is_news_outlet,
    np_entity,
    prep_objects,
    quote_spans,
    subjects,
    tokens_span,
)
from .index import EntityIndex

__all__ = ["extract_quotes"]

# speech verbs whose direct object is the hearer ("told Y"), not the topic ("described Y")
HEARER_OBJECT_VERBS = frozenset({
    "tell", "ask", "urge", "warn", "assure", "reassure", "inform", "remind", "brief", "advise",
    "promise", "answer", "caution", "thank", "call", "beg", "implore", "address",
})
SHORT_QUOTE = 3  # words: at most this many is a scare quote unless a speech verb takes it
MAX_CUE_HOPS = 3  # how far up the parse a speech verb may govern a quote's words


class _Attribution(NamedTuple):
    speaker: Entity | None
    addressee: Entity | None
    medium: Entity | None
    rule: str
    confidence: float


def extract_quotes(doc: Doc, index: EntityIndex) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker (and addressee/medium when named)."""
    quotes: list[Quote] = []
    for span in quote_spans(doc):
        tokens = [t for t in doc if span.start <= t.idx < span.end]
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        if not words:
            continue
        cue = _cue(tokens)
        short = len(words) <= SHORT_QUOTE
        if short and (cue is None or cue[1] > 1):
            continue  # a scare quote: “leadership”, “complex”
        attribution = (
            _from_cue(cue[0], cue[1], index) if cue is not None
            else _from_byline(doc, span, index) or _from_colon(doc, span, index)
            or _from_previous(doc, span, quotes)
        )
        if attribution is None:
            attribution = _Attribution(None, None, None, "quote.unattributed.v1", 0.3)
        end = _strip_trailing_comma(doc.text, span.start, span.end)
        quotes.append(Quote(
            text=doc.text[span.start:end], start=span.start, end=end, speaker=attribution.speaker,
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


def _cue(tokens: list[Token]) -> tuple[Token, int] | None:
    """The speech verb governing the quoted words, and how many heads up it is.

    The quote's words hang from the rest of the sentence by their roots (words
    whose head lies outside the quote); climb from each root's head, out of any
    other quotation, until a speech verb — or give up after a few steps.
    """
    inside = {t.i for t in tokens}
    for root in tokens:
        if root.head.i in inside or root.head == root or root.is_punct:
            continue
        node, hops = root.head, 1
        while hops <= MAX_CUE_HOPS:
            if (not in_quote(node) and node.lemma_.lower() in SPEECH_VERBS and node.pos_ == "VERB"
                    and not _across_paragraphs(node, tokens)):
                return node, hops
            if node.head == node:
                break
            node, hops = node.head, hops + (0 if in_quote(node) else 1)
    return None


def _across_paragraphs(verb: Token, tokens: list[Token]) -> bool:
    """True when the verb stands in a paragraph after the quote's: the parser joined
    the two into one sentence, and the next paragraph's verb reports other words.
    (A verb before the quote may end its paragraph: "X stated:" and the quote below.)"""
    return verb.i > tokens[-1].i and "\n" in verb.doc.text[tokens[-1].idx:verb.idx]


def _from_cue(verb: Token, hops: int, index: EntityIndex) -> _Attribution:
    speaker = _first_entity(subjects(verb), index)
    addressee, medium = _listeners(verb, index)
    if addressee == speaker:
        addressee = None  # "he described Montalvo as ...": coreference slipped, no one talks to themself
    return _Attribution(speaker, addressee, medium, "quote.cue.v1", round(1.0 - 0.1 * hops, 2))


def _first_entity(args, index: EntityIndex) -> Entity | None:
    for arg in args:
        ent = np_entity(arg.token, index)
        if ent is not None:
            return ent
    return None


def _listeners(verb: Token, index: EntityIndex) -> tuple[Entity | None, Entity | None]:
    """Who a speech verb's words went to: "told Y", "said to Y", "told ITV's <programme>".

    A news outlet is the medium, anyone else the addressee.
    """
    addressee = medium = None
    for tok in _listener_tokens(verb):
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


def _listener_tokens(verb: Token) -> Iterator[Token]:
    if verb.lemma_.lower() in HEARER_OBJECT_VERBS:
        yield from direct_objects(verb)
    yield from (obj for prep, obj in prep_objects(verb) if prep == "to")


# -- rule 2: a byline signs it ---------------------------------------------------------

DASHES = frozenset("—–-")


def _from_byline(doc: Doc, span: QuoteSpan, index: EntityIndex) -> _Attribution | None:
    """"“...” — Jane Doe": a dash after the closing mark, then the speaker's name."""
    rest = doc.text[span.end:span.end + 4]
    after = rest.lstrip("”\"' ")
    if not after or after[0] not in DASHES:
        return None
    start = span.end + (len(rest) - len(after)) + 1
    name = next((t for t in doc if t.idx >= start and not t.is_space and t.text not in DASHES), None)
    speaker = index.entity_at(name.i) if name is not None else None
    if speaker is None or speaker.type != "Person":
        return None
    return _Attribution(speaker, None, None, "quote.byline.v1", 0.8)


# -- rule 3: a colon introduces it ------------------------------------------------------


def _from_colon(doc: Doc, span: QuoteSpan, index: EntityIndex) -> _Attribution | None:
    """"He later told reporters: “...”": the clause before the colon speaks."""
    before = doc.text[:span.start - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    clause = colon[0].sent.root
    speaker = _first_entity(subjects(clause), index)
    if speaker is None:
        return None
    addressee, medium = _listeners(clause, index)
    return _Attribution(speaker, addressee, medium, "quote.colon.v1", 0.75)


# -- rule 4: it continues the previous quote ----------------------------------------------


def _from_previous(doc: Doc, span: QuoteSpan, quotes: list[Quote]) -> _Attribution | None:
    """The previous quote's speaker, when it is in the same paragraph or left open
    at the end of the previous one."""
    if not quotes or quotes[-1].speaker is None:
        return None
    prev = quotes[-1]
    same_paragraph = "\n" not in doc.text[prev.end:span.start]
    if not (same_paragraph or span.continues):
        return None
    return _Attribution(prev.speaker, prev.addressee, prev.medium, "quote.continued.v1",
                        round(prev.confidence * 0.85, 2))
