"""Dependency-walking helpers shared by the extractors: who does what to whom.

spaCy's English parser (ClearNLP labels) marks the arguments of a verb only where
they are written.  Most sentences in news leave some of them implicit, so these
helpers recover them the way a reader does:

- coordination: "X and Y met Z" has two subjects; "X met Y and Z" two objects;
  "X arrived and met Y" shares X between the two verbs;
- control: "X wants to meet Y" (X meets Y), "X urged Y to meet Z" (Y meets Z);
- participles and gerunds: "Having met Y, X said ..." and "X led the way in
  arming Y" take the subject of the clause they hang from;
- relative clauses: "the man who met Y" and "the first leader to visit Y";
- passives: "Y was attacked by X" (X is the logical subject).

Each recovered argument carries ``hops``, the number of such steps taken, so a
caller can lower its confidence for long inferences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.index import EntityIndex
from kg.knowledge.knowledge import Knowledge, Words
from kg.knowledge.ontology import Ontology
from kg.types import Entity, Span

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# the ontology classes a common noun inherits from a compound modifier naming its kind:
# "Challenger II tanks" are Challenger IIs, "Storm Shadow missiles" are Storm Shadows
KIND_CLASSES = ("Weapon",)
# the classes whose people act as one: "Israeli troops attacked Y" is Israel attacking Y
GROUP_OWNER_CLASSES = ("Organization", "Country")
MAX_HOPS = 4


class Arg(NamedTuple):
    """An argument token of a predicate and how many inference steps found it."""

    token: Token
    hops: int


def conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it ("X, Y and Z")."""
    return [tok, *tok.conjuncts]


def is_copula(tok: Token) -> bool:
    return tok.lemma_ == "be"


def subjects(pred: Token, words: Words, hops: int = 0) -> list[Arg]:
    """The (logical-grammar) subjects of a predicate, written or inherited.

    Passive subjects are returned too (``nsubjpass``): callers that want the
    logical subject of a passive use :func:`agents` instead.
    """
    if hops > MAX_HOPS:
        return []
    own = [c for c in pred.children if c.dep_ in SUBJECT_DEPS]
    if own:
        out: list[Arg] = []
        for subj in own:
            # "the man who met Y": the relative pronoun stands for the noun modified
            if subj.lower_ in words.relative_pronouns and pred.dep_ == "relcl":
                out += [Arg(t, hops) for t in conjuncts(pred.head)]
            else:
                out += [Arg(t, hops) for t in conjuncts(subj)]
        return out
    dep, head = pred.dep_, pred.head
    if head == pred:
        return []
    # "X arrived and met Y": a coordinated verb shares the first verb's subject.  A verb
    # outside quotation marks is never coordinated with one inside them ("X said 'we
    # miss it' and told Y ..."): the parser's attachment is wrong, so climb out first
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        if not in_quote(pred):
            while in_quote(head) and head.head != head:
                head = head.head
        return subjects(head, words, hops + 1)
    # "X urged Y to meet Z" (object control) / "X wants to meet Z" (subject control)
    if dep == "xcomp":
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if objs:
            return [Arg(t, hops + 1) for t in conjuncts(objs[0])]
        return subjects(head, words, hops + 1)
    # "Having met Y, X said ...": a participial adjunct takes the main clause's subject;
    # after a passive with its doer written, the doer ("The network has been developed by
    # Intel, working closely with Y": Intel works with Y)
    if dep == "advcl" and pred.tag_ in ("VBG", "VBN") and not any(c.dep_ == "mark" for c in pred.children):
        doers = agents(head) if pred.tag_ == "VBG" and pred.i > head.i and is_passive(head) else []
        return [Arg(a.token, hops + 1) for a in doers] or subjects(head, words, hops + 1)
    # "X led the West in arming Y" / "accused X of attacking Y": a gerund under a
    # preposition takes the governing verb's subject, or its object after "of"/"for"/"as"
    # ("the paper quoted X as saying": X speaks).
    # When that object is a preposition's ("apologised to X for attacking Y",
    # "lashed out at X for backing Y") the doer could be either: none is taken; nor
    # when another gerund tells how the object did it ("accused X of escalating the
    # violence by killing Y": the parser hangs "by killing" on "accused")
    if dep == "pcomp" and pred.tag_ == "VBG" and head.head != head:
        if head.lower_ in words.nominal_gerund_preps:
            return []
        governor = head.head
        objs = [c for c in governor.children if c.dep_ == "dobj"]
        if head.lower_ in words.object_control_preps and head.dep_ == "prep":  # not "as well as"
            if objs:
                return [Arg(t, hops + 1) for t in conjuncts(objs[0])]
            if not is_passive(governor) and any(p != head for p, _ in _prep_pairs(governor)):
                return []
        elif objs and any(c.dep_ == "prep" and c.lower_ in words.object_control_preps for c in governor.children):
            return []
        return subjects(governor, words, hops + 1)
    # "England have the chance to seal ...", "X won the right to host Y": an infinitive on a
    # chance its subject holds is done by that subject, not by the chance
    if dep == "acl" and _held_chance(head, words):
        return subjects(head.head, words, hops + 1)
    # "officials visiting Y" / "the first leader to visit Y": the modified noun acts,
    # and when that noun is predicated of someone ("X was the first leader to ..."), X does
    if dep in ("relcl", "acl") and pred.tag_ != "VBN":
        return copula_subjects(head, words, hops + 1) or [Arg(t, hops + 1) for t in conjuncts(head)]
    return []


def _held_chance(noun: Token, words: Words) -> bool:
    """"have the chance", "won the right": a chance or a right (``conative_nouns``) that is the
    object of a verb of holding (``holding_verbs``); "gave Y the chance" is not (Y holds it)."""
    return (noun.dep_ == "dobj" and noun.lemma_.lower() in words.conative_nouns
            and noun.head.lemma_.lower() in words.holding_verbs
            and not any(c.dep_ == "dative" for c in noun.head.children))


def is_passive(pred: Token) -> bool:
    """True for "Y was attacked (by X)" and the participle in "missiles supplied by X"."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in pred.children):
        return True
    return pred.dep_ == "acl" and pred.tag_ == "VBN"


def passive_subjects(pred: Token, words: Words) -> list[Arg]:
    """The patient of a passive: "Y was attacked" -> Y; "missiles supplied by X" -> missiles."""
    own = [c for c in pred.children if c.dep_ == "nsubjpass"]
    if own:
        return [Arg(t, 0) for s in own for t in conjuncts(s)]
    # "A, B and C collected by X": the participle after a list may modify only its
    # last member, so only the member nearest before it is taken
    if pred.dep_ == "acl":
        before = [t for t in conjuncts(pred.head) if t.i < pred.i]
        return [Arg(max(before, key=lambda t: t.i) if before else pred.head, 1)]
    return [a for a in subjects(pred, words) if a.hops > 0]


def agents(pred: Token) -> list[Arg]:
    """The logical subject of a passive, from its "by" phrase."""
    return [Arg(t, 0) for c in pred.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
            for t in conjuncts(o)]


def particle(pred: Token) -> str:
    """The verb's particle, if any: "called on", "set up"."""
    return " ".join(c.lower_ for c in pred.children if c.dep_ == "prt")


def direct_objects(pred: Token) -> list[Token]:
    """Direct objects (and bare datives, "gave Ukraine weapons"), with their conjuncts.

    Two proper-noun objects side by side are one name the parser broke apart
    ("told ITV's Good Morning Britain": "Morning" and "Britain" both ``dobj``);
    the stray tail is no object of its own.
    """
    objs = [c for c in pred.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP"]
    kept = [o for o in objs if not _broken_name_tail(o, objs)]
    return [t for o in kept for t in conjuncts(o)]


def _broken_name_tail(obj: Token, objs: list[Token]) -> bool:
    if obj.pos_ != "PROPN" or obj.i == 0:
        return False
    before = obj.doc[obj.i - 1]
    return before.pos_ == "PROPN" and any(before.i in range(o.left_edge.i, o.right_edge.i + 1) for o in objs if o != obj)


def prep_objects(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under a verb or noun: "met with X", "visitor to Y".

    Covers the ``dative`` "to" ("provided weapons to X") and coordinated objects
    ("met with X and Y").  The "by" agent of a passive is left to :func:`agents`.
    """
    for prep, obj in _prep_pairs(head):
        for t in conjuncts(obj):
            yield prep.lower_, t


def _prep_pairs(head: Token) -> Iterator[tuple[Token, Token]]:
    """(preposition token, its object token) under ``head``, conjuncts not expanded."""
    for prep in head.children:
        if prep.dep_ not in ("prep", "dative") or prep.pos_ not in ("ADP", "SCONJ"):
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                yield prep, obj


def negated(pred: Token, words: Words) -> bool:
    """True when the text does not assert the predicate: it is negated, or only supposed.

    "X did not meet Y", "X never met Y", "X refused to meet Y"; an effort or a
    wish: "X tried to kill Y", "X wants to meet Y"; a clause that only
    supposes or asks: "if X attacks Y", "unless X signs with Y", "asked
    whether X had met Y", "an invitation for X to attack Y"; a possibility:
    "X would help Y", "X could attack Y"; a duty: "X is required to visit Y";
    a clause only hoped, feared or believed: "X is hopeful Y will meet Z",
    "X is believed to be leading Y"; a plan, a bid or an offer: "X is to succeed Y",
    "X's bid to visit Y", "a plan to buy Y"; a report, a
    denial or an accusation: "dismissed reports that he told Y", "claims he had
    told Y", "X reportedly met Y", "accused X of attacking Y"; a command: "don't
    let them attack Y", "tell Y to ...".  A verb joined to such a verb with "and"/"or"
    shares its reading when it shares its auxiliaries ("refused to meet Y or visit Z",
    "would help Y and visit Z"), not when it has its own tense ("did not meet Y and
    visited Z").

    Not on purpose: "will" and "expected to" (news writes what is scheduled that
    way), and reported speech in general ("X said Y had met Z" is the writer's report).
    """
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in words.negations) for c in pred.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in words.irrealis_modals for c in pred.children):
        return True
    if any(c.dep_ == "advmod" and c.lower_ in words.hedging_adverbs for c in pred.children):
        return True
    if _supposed(pred, words) or _prospective(pred, words) or _reported(pred, words) or _commanded(pred):
        return True
    if pred.dep_ == "pcomp" and pred.head.lower_ in ("of", "for") and pred.head.head.lemma_.lower() in words.accusing_verbs:
        return True
    if (pred.dep_ in ("acl", "relcl") and pred.head.lemma_.lower() in words.conative_nouns
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children)):
        return True  # "a bid to visit Y", "a plan to buy Y"
    if pred.dep_ == "xcomp" and pred.head != pred:
        if _not_asserting(pred.head.lemma_, words) or pred.head.lemma_ == "be":
            return True
        return negated(pred.head, words)
    if pred.dep_ == "conj" and pred.head != pred and _shares_auxiliaries(pred):
        first = pred
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        return negated(first, words)
    return False


def _shares_auxiliaries(verb: Token) -> bool:
    """A coordinated bare verb with no subject or auxiliary of its own: "(would) help Y and visit Z"."""
    return verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "neg") for c in verb.children)


def _reported(pred: Token, words: Words) -> bool:
    """True when ``pred``'s clause is what a report, a claim or a denial says: "reports
    that X told Y", "X denied he had met Y" (climbing coordination and complement clauses)."""
    node = pred
    for _ in range(MAX_HOPS):
        if node.head == node:
            return False
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in words.disputing_verbs:
            return True
        # the parser takes "claims (that) he told Y" for a relative clause as often as for a complement
        if (node.dep_ in ("acl", "ccomp", "relcl") and head.pos_ == "NOUN" and head.lemma_.lower() in words.report_nouns
                and any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in node.children)):
            return True
        if node.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        node = head
    return False


def _commanded(pred: Token) -> bool:
    """True when ``pred``'s clause is an order or a request: its main verb is an imperative
    ("Don't let them attack Y", "Tell Y to leave"): a bare verb at the root with no subject."""
    node = pred
    while node.dep_ in ("xcomp", "ccomp", "conj") and node.head != node:
        node = node.head
    return (node.dep_ == "ROOT" and node.tag_ == "VB" and node.i == node.sent.start + _lead(node)
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") or (c.dep_ == "aux" and c.lemma_.lower() != "do")
                        for c in node.children))


def _lead(verb: Token) -> int:
    """How many tokens (an auxiliary "do", a negation, punctuation) stand before an imperative
    at the start of its sentence: "Don't let ...", "“Let ..."."""
    for n, tok in enumerate(verb.sent):
        if tok.i == verb.i:
            return n
        if not (tok.is_punct or tok.is_space or tok.lemma_.lower() == "do" or tok.dep_ in ("neg", "advmod")):
            return -1
    return -1


def denied(arg: Token) -> bool:
    """True when a "not" denies one argument rather than the verb: "X will surrender to
    elders, not to Y", "X met Y, not Z"."""
    while arg.dep_ == "conj" and arg.head != arg:
        arg = arg.head
    holders = (arg, arg.head) if arg.head.dep_ == "prep" else (arg,)
    return any(c.dep_ == "neg" for h in holders for c in h.children)


def _not_asserting(lemma: str, words: Words) -> bool:
    """True for a verb whose complement did not happen or is only tried, wished or owed."""
    return lemma in words.negative_implicatives or lemma in words.conatives or lemma in words.obligations


def _supposed(pred: Token, words: Words) -> bool:
    """True when the clause holding ``pred`` is a condition or an indirect question.

    The clause is climbed through coordination and control ("if X returns and
    signs with Y", "if X wants to meet Y") to the verb that carries the
    subordinator.
    """
    node = pred
    while True:
        if any(c.dep_ == "mark" and c.lower_ in words.supposing_marks for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head == node:
            return False
        node = node.head


def _prospective(pred: Token, words: Words) -> bool:
    """True when ``pred``'s clause is the complement of a hope, a fear or a guess,
    directly or through further complement clauses ("hopeful Y will let Z interview
    W"); a verb coordinated with such a head is no complement of it."""
    node = pred
    while node.dep_ in ("ccomp", "xcomp", "conj") and node.head != node:
        complement = node.dep_ != "conj"
        node = node.head
        if complement and node.lemma_.lower() in words.prospective_heads:
            return True
    return False


def copula_subjects(noun: Token, words: Words, hops: int = 1) -> list[Arg]:
    """Who a predicate noun describes: "X was the first visitor to Y" -> X.

    The parser sometimes hangs a second predicate noun on the copula itself
    ("X was the first visitor ..., and the first leader ...": leader is ``conj``
    of "was"), so both shapes count.
    """
    first = noun
    while first.dep_ == "conj" and first.head != first and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head
    if first.dep_ in ("attr", "conj") and is_copula(first.head):
        return subjects(first.head, words, hops)
    return []


def np_entity(tok: Token, index: EntityIndex, knowledge: Knowledge, *, agent: bool = False) -> Entity | None:
    """The entity a noun phrase headed by ``tok`` refers to, if any.

    The head token itself must belong to a mention ("Sir Keir's team" is not
    Sir Keir), except where a compound modifier names the kind of thing the
    head is ("Challenger II tanks"), or — for the doer of an act (``agent``) —
    where the head is a body of people that acts for the organisation or
    country named before it ("Hamas militants attacked", "Israeli troops
    fired").  As an object such a body stays people ("handed over Taliban
    fighters" hands over no Taliban).  A doer may also be the person a title phrase
    names between commas at its end ("director of the Trust, Norman Brennan, accused
    ...": the parser hangs the name inside the phrase; :func:`closing_appositive`).
    """
    ent = index.entity_at(tok.i)
    if ent is not None:
        return ent
    if agent and tok.pos_ == "NOUN" and (named := closing_appositive(tok, index, knowledge)) is not None:
        return named
    if tok.pos_ == "NOUN":
        words, ontology = knowledge.words, knowledge.ontology
        group = agent and tok.lemma_.lower() in words.group_nouns
        for child in tok.children:
            owner = index.entity_at(child.i)
            if owner is None:
                continue
            if child.dep_ == "compound" and _is_any(ontology, owner.type, KIND_CLASSES):
                return owner
            if (group and child.dep_ in ("compound", "amod", "poss") and _is_any(ontology, owner.type, GROUP_OWNER_CLASSES)
                    and not against_or_for(child, words)):
                return owner
    return None


def closing_appositive(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The person a noun phrase names between commas at its end: "director of the Victims
    of Crime Trust, Norman Brennan, accused ..." -> Norman Brennan.

    The name must close the phrase with a comma before it and one after it, and be one
    name, not a list ("the parents of A, B and C"); the noun itself names no entity.
    """
    doc = noun.doc
    end = noun.right_edge.i + 1
    if doc[end - 1].text == ",":  # the parser may hang the closing comma inside the phrase
        end -= 1
    mention = index.mention_at(end - 1)
    if mention is None or mention.token_end != end or end >= len(doc) or doc[end].text != ",":
        return None
    start = mention.token_start
    if start - 1 <= noun.i or doc[start - 1].text != ",":
        return None
    ent = index.entity_at(end - 1)
    head = doc[mention.head]
    if ent is None or not knowledge.ontology.is_a(ent.type, "Person") or head.dep_ == "conj" or head.conjuncts:
        return None
    return ent


def _is_any(ontology: Ontology, cls: str, parents: tuple[str, ...]) -> bool:
    return any(ontology.is_a(cls, parent) for parent in parents)


def sentence_entities(sent: SpacySpan, index: EntityIndex) -> set[Entity]:
    """The entities mentioned in a sentence: a rule relating two of them, or a person
    to something, need not look at a sentence that names fewer."""
    return {e for i in range(sent.start, sent.end) if (e := index.entity_at(i)) is not None}


def lesser_post(tok: Token, words: Words) -> bool:
    """True when the word before a title, hyphen or not, makes it a lesser post:
    "deputy director", "vice-president", "Shadow Home Secretary"."""
    i = tok.i - 1
    if i >= 0 and tok.doc[i].text == "-":
        i -= 1
    return i >= 0 and tok.doc[i].lower_ in words.subordinate_ranks


def ends_longer_name(doc: Doc, start: int) -> bool:
    """True when a name starting at token ``start`` ends another one: "the University of
    Texas, Austin", "the University of Western Australia in Perth" (a proper noun, then
    "of"); "the coast of Aceh, Indonesia" has no name before "of"."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].pos_ == "PROPN"


def against_or_for(tok: Token, words: Words) -> bool:
    """True for a name under a prefix that makes it a stance, not the thing named:
    "anti-Taliban forces" are no Taliban, "pro-Russian separatists" no Russians."""
    i = tok.i
    if i >= 2 and tok.doc[i - 1].text == "-":
        return tok.doc[i - 2].lower_ in words.stance_prefixes
    return False


def sentence_span(tok: Token) -> Span:
    """Character span of the sentence holding ``tok``, trailing whitespace excluded."""
    return tokens_span(tok.sent)


def tokens_span(tokens) -> Span:
    """Character span covering some tokens, leading/trailing whitespace tokens excluded."""
    if isinstance(tokens, SpacySpan):  # a sentence: only its ends need looking at
        doc, first, last = tokens.doc, tokens.start, tokens.end - 1
        while first <= last and doc[first].is_space:
            first += 1
        while last >= first and doc[last].is_space:
            last -= 1
        if first > last:
            return Span(0, 0)
        return Span(doc[first].idx, doc[last].idx + len(doc[last].text))
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return Span(0, 0)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return Span(first.idx, last.idx + len(last.text))


def evidence_span(anchor: Token, *others: Token) -> Span:
    """The stretch of ``anchor``'s sentence from the first to the last of the tokens.

    Tokens from another sentence (an inherited subject far back) are left out,
    so evidence never straddles sentences.
    """
    start = anchor.sent.start
    return tokens_span([anchor, *(t for t in others if t.sent.start == start)])


# -- quotation marks ----------------------------------------------------------

OPENING_MARKS = frozenset("“«„")
CLOSING_MARKS = frozenset("”»")
STRAIGHT_MARK = '"'


class QuoteSpan(NamedTuple):
    """The inside of a pair of quotation marks (marks excluded, whitespace trimmed).

    ``closed`` is false when the paragraph ended before a closing mark;
    ``continues`` is true when this span opens a paragraph that carries on an
    unclosed quote of the previous paragraph (the newspaper convention for
    quotes running over several paragraphs).
    """

    start: int
    end: int
    closed: bool
    continues: bool


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return text


def quote_spans(doc: Doc) -> list[QuoteSpan]:
    """Every stretch of ``doc.text`` inside quotation marks, straight or curly.

    Tolerant of unbalanced marks: a quote never runs over a paragraph break, a
    second opening mark inside a quote starts a new one, and a stray closing
    mark after a space is read as an opening one.  A straight mark inside a quote
    that stands after a space and before a word opens a new quote too (text whose
    paragraph breaks were lost: “... harmony. "However, ...”).  Cached on the Doc.
    """
    cached = doc.user_data.get("kg.quote_spans")
    if cached is None:
        cached = doc.user_data["kg.quote_spans"] = _scan_quotes(doc_text(doc))
    return cached


def _scan_quotes(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    start: int | None = None  # inner start of the quote now open
    continues = False  # the open quote carries on the previous paragraph's
    carried = False  # the last paragraph ended inside a quote

    def close(end: int, closed: bool) -> None:
        inner = text[start:end]
        if inner.strip():
            lead, trail = len(inner) - len(inner.lstrip()), len(inner) - len(inner.rstrip())
            spans.append(QuoteSpan(start + lead, end - trail, closed, continues))

    for i, ch in enumerate(text):
        if ch == "\n":
            if start is not None:  # a paragraph never ends inside a quote
                close(i, False)
                start, carried = None, True
            continue
        if start is None:
            stray_closing = ch in CLOSING_MARKS and (i == 0 or text[i - 1].isspace())
            if ch in OPENING_MARKS or ch == STRAIGHT_MARK or stray_closing:
                continues = carried and _paragraph_start(text, i)
                start = i + 1
            if not ch.isspace():
                carried = False
        elif ch in CLOSING_MARKS or (ch == STRAIGHT_MARK and not _opens(text, i)):
            close(i, True)
            start = None
        elif ch in OPENING_MARKS or ch == STRAIGHT_MARK:  # a second opening mark: the first was never closed
            close(i, False)
            start, continues = i + 1, False
    if start is not None:
        close(len(text), False)
    return spans


def _opens(text: str, i: int) -> bool:
    """True when the straight mark at ``i`` stands where only an opening mark can:
    after a space (or at the start) and right before a word."""
    return (i == 0 or text[i - 1].isspace()) and i + 1 < len(text) and text[i + 1].isalnum()


def _paragraph_start(text: str, i: int) -> bool:
    """True when only whitespace separates position ``i`` from the last line break."""
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def in_quote(tok: Token) -> bool:
    """True when the token lies inside quotation marks."""
    spans = quote_spans(tok.doc)
    n = bisect_right(spans, tok.idx, key=lambda q: q.start)  # the spans are in text order
    return n > 0 and tok.idx < spans[n - 1].end


def tokens_between(doc: Doc, start: int, end: int) -> SpacySpan:
    """The tokens that start at character offsets ``start`` <= idx < ``end``."""
    starts = doc.user_data.get("kg.token_starts")
    if starts is None:
        starts = doc.user_data["kg.token_starts"] = [t.idx for t in doc]
    return doc[bisect_left(starts, start):bisect_left(starts, end)]


# -- speech -------------------------------------------------------------------


def is_news_outlet(ent: Entity, words: Words) -> bool:
    """A news organisation, told by its name: "Times Radio", "the BBC", "The Guardian".

    Speaking *to* one is giving an interview: the outlet is a quote's medium, not
    someone the speaker addressed.
    """
    name_words = (re.sub(r"['’]s$", "", w).strip(".").lower() for w in ent.name.split())
    return ent.type == "Organization" and any(w in words.media_words for w in name_words)


SUBJECTS = {"nsubj", "nsubjpass"}


def clause_of(token: Token) -> int:
    """The head of the clause a token is in (its verb, or the root)."""
    while token.dep_ not in {"ROOT", "ccomp", "advcl", "xcomp", "relcl", "conj"} and token.head.i != token.i:
        token = token.head
    return token.i
