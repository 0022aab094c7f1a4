"""Relation candidates between entities, read off the dependency parse.

The families of rules:

- verbal (``svo.*``): a verb with a subject and an object that are entities —
  "X met Y", "X met with Y", "Y was attacked by X", "X urged Y to ...";
- nominal (``nominal.*``): an event noun with a "to/with/on/against ..." object
  whose agent is found around it — "In an address to Y, X said ...",
  "X was the first visitor to Y", "X's threat to Y", "X held talks with Y";
- supply (``supply.v1``): "X armed Y with A, B and C" / "X is providing A to Y"
  also yield X supplied each weapon named in the clause;
- news actions: a meeting or a speech at a place is a visit (``presence.v1``:
  "X met Y in Luxembourg"); "X came under fire from Y" (``nominal.under.v1``);
  "Houston-based Continental" (``locative.based.v1``); an object noun standing for
  its possessor or its body ("criticised Blair's record", "met his EU counterparts");
- capital for country (``metonymy.capital.v1``): every candidate with a capital
  city at one end has a twin with the capital's country there, when the article
  names that country ("supplying Kyiv with ...", "Washington warned ..."); facts.py
  keeps the twin only where the city itself makes no fact ("visited Kyiv" stays
  a visit to the city).

Nothing is read from inside quotation marks (the speaker's words are a claim, the
quote itself is the fact), and clauses the writer does not assert (negated,
reported, denied, planned, commanded: see ``grammar.negated``) give negated
candidates, which make no fact.

A candidate's ``relation`` is the lexicon key: the verb lemma with its particle
and preposition ("meet with", "provide to", "call on"), or ``n:`` + noun lemma +
preposition ("n:visitor to").  Mapping keys to ontology properties is
``kg/extract/facts.py``'s job, not this module's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.grammar import (
    Arg,
    against_or_for,
    agents,
    copula_subjects,
    denied,
    direct_objects,
    ends_longer_name,
    evidence_span,
    in_quote,
    is_news_outlet,
    is_passive,
    lesser_post,
    negated,
    np_entity,
    particle,
    passive_subjects,
    prep_objects,
    sentence_entities,
    sentence_span,
    subjects,
)
from kg.extract.index import EntityIndex
from kg.extract.rules import RULES, Rule
from kg.knowledge.gazetteer import Gazetteer
from kg.knowledge.knowledge import Knowledge, Words
from kg.types import Candidate, Entity

__all__ = ["extract_relations"]

# clauses inside another: a frame after one may belong to the clause above
EMBEDDED_CLAUSE_DEPS = frozenset({"ccomp", "pcomp", "xcomp", "advcl", "relcl", "acl"})
# the classes that can act: a place modifier locates a noun ("the Dallas chapter of Y"), it does not do it
ACTOR_CLASSES = ("Person", "Organization", "Country")
# the classes that send people to act for them: "his EU counterparts" stand for the EU
GROUP_CLASSES = ("Organization", "Country")
# how much less sure a capital read as its country is than the reading of the city
METONYMY_DISCOUNT = 0.1

SVO_ACTIVE = RULES.add("svo.active.v1", 0.9, "relations", "subject, verb, object in the active voice: 'X urged Y'")
SVO_PREP = RULES.add("svo.prep.v1", 0.85, "relations", "subject, verb, preposition, object: 'X met with Y', 'X called on Y'")
SVO_PASSIVE = RULES.add("svo.passive.v1", 0.85, "relations", "a passive with its 'by' agent: 'Y was attacked by X'")
SVO_ELLIPSIS = RULES.add("svo.ellipsis.v1", 0.7, "relations",
                         "'the first leader to visit Y since X': X did it before")
SVO_RECIPROCAL = RULES.add("svo.reciprocal.v1", 0.85, "relations",
                           "coordinated subjects of a verb done together: 'X and Y met'")
NOMINAL_BETWEEN = RULES.add("nominal.between.v1", 0.8, "relations",
                            "an event noun between two parties: 'talks between X and Y'")
NOMINAL_RECIPROCAL = RULES.add("nominal.reciprocal.v1", 0.75, "relations",
                               "coordinated subjects of a light verb and an event noun: 'X and Y signed a treaty'")
NOMINAL_POSS = RULES.add("nominal.poss.v1", 0.8, "relations", "an event noun with a possessive agent: 'China's threat to Y'")
NOMINAL_POSS_PRONOUN = RULES.add("nominal.poss_pronoun.v1", 0.75, "relations",
                                 "an event noun with a possessive pronoun as agent: 'its attack on Y' (lexicon nouns only)")
NOMINAL_MODIFIER = RULES.add("nominal.modifier.v1", 0.8, "relations",
                             "an event noun with an actor modifier: 'a Russian attack on Y'")
NOMINAL_COPULA = RULES.add("nominal.copula.v1", 0.8, "relations",
                           "an event noun predicated of its agent: 'X was the first visitor to Y'")
NOMINAL_LIGHT = RULES.add("nominal.light.v1", 0.8, "relations",
                          "an event noun as a light verb's object: 'X held talks with Y'")
NOMINAL_FRAME = RULES.add("nominal.frame.v1", 0.8, "relations",
                          "an event noun framing the clause: 'In a meeting with Y, X said ...'")
PRESENCE = RULES.add("presence.v1", 0.7, "relations",
                     "a meeting or a speech at a named place: 'X met Y in Luxembourg', 'X spoke in Leeds' (X visited it)")
NOMINAL_UNIT = RULES.add("nominal.unit.v1", 0.8, "relations",
                         "'its Sandoz unit', 'Novartis' Sandoz business': the named part belongs to the possessor")
LOCATIVE_BASED = RULES.add("locative.based.v1", 0.8, "relations",
                           "'Houston-based Continental', 'a firm based in Leeds': the noun is located in the place")
LOCATIVE_NAME = RULES.add("locative.name.v1", 0.8, "relations",
                          "'the World Cross Country Championships in France', 'the Sichuan Province of "
                          "southwest China': a place, an event or a named body is in the place after it")
PARTICIPLE_AGENT = RULES.add("participle.agent.v1", 0.8, "relations",
                             "'Murdoch-owned Sun', 'Saudi-backed rebels': the hyphened name does it to the noun")
NOMINAL_UNDER = RULES.add("nominal.under.v1", 0.75, "relations",
                          "'X came under fire from Y': the 'from' object does it to the subject")
SUPPLY = RULES.add("supply.v1", 0.8, "relations", "every weapon named in a supply verb's clause: 'X armed Y with A and B'")
METONYMY = RULES.add("metonymy.capital.v1", 1.0 - METONYMY_DISCOUNT, "relations",
                     "a capital standing for its country, read from a fact about the city "
                     f"(that fact's confidence less {METONYMY_DISCOUNT})")


def extract_relations(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> list[Candidate]:
    """Every relation candidate the verbal, nominal and supply rules find in ``doc``.

    A relation joins two entities of one sentence (the parse links no two
    sentences), so sentences naming fewer than two entities are skipped.
    """
    out: list[Candidate] = []
    for sent in doc.sents:
        if len(sentence_entities(sent, index)) < 2:
            continue
        for tok in sent:
            if in_quote(tok):
                continue  # quoted words are the speaker's claim, not the writer's report
            if tok.pos_ == "VERB":
                out += _verbal(tok, index, knowledge)
                out += _reciprocal_verb(tok, index, knowledge)
                out += _ellipsis_since(tok, index, knowledge)
                out += _supplies(tok, index, knowledge)
                out += _presence(tok, index, knowledge)
                out += _based_in(tok, index, knowledge)
                out += _hyphen_agent(tok, index, knowledge)
            elif tok.pos_ == "PROPN":
                out += _placed_name(tok, index, knowledge)
            if tok.pos_ == "NOUN":
                out += _nominal(tok, index, knowledge)
                out += _reciprocal_noun(tok, index, knowledge)
                out += _under_fire(tok, index, knowledge)
                out += _named_unit(tok, index, knowledge)
    return out + list(_capital_for_country(out, index, knowledge.gazetteer))


def _confidence(base: float, *args: Arg) -> float:
    """Lower the base confidence for each inference step and for far-away arguments."""
    conf = base - 0.12 * sum(a.hops for a in args)
    return round(max(0.2, min(1.0, conf)), 2)


def _candidates(
    subjects_: list[Arg], relation: str, objects_: list[Arg], anchor: Token, rule: Rule,
    index: EntityIndex, knowledge: Knowledge, *, negated_: bool = False,
) -> Iterator[Candidate]:
    """One candidate per (subject entity, object entity) pair; never a self-loop, never
    with a piece of an outlet's name ("Wales" in "BBC Radio Wales") at either end."""
    words = knowledge.words
    for s in subjects_:
        subj = np_entity(s.token, index, knowledge, agent=True)
        if subj is None or _in_outlet_name(s.token, index, words) or _holds_anchor(s.token, anchor, index):
            continue
        for o in objects_:
            obj = np_entity(o.token, index, knowledge) or _stood_for(o.token, index, knowledge)
            if obj is None or obj == subj or _in_outlet_name(o.token, index, words) or _holds_anchor(o.token, anchor, index):
                continue
            yield Candidate(
                subject=subj, relation=relation, obj=obj, rule=rule.id,
                confidence=_confidence(rule.confidence, s, o), sentence=sentence_span(anchor),
                evidence=evidence_span(anchor, s.token, o.token),
                negated=negated_ or denied(s.token) or denied(o.token),
            )


def _holds_anchor(tok: Token, anchor: Token, index: EntityIndex) -> bool:
    """True when ``tok`` is a word inside a mention, not its head, and that mention holds the
    verb or noun relating it: "Japanese carmaker Nissan - in which Renault owns a 44% stake
    - contributed 1.7bn euros" parsed as one long phrase about Nissan makes "euros" no
    Nissan owned by Renault.  "the man who met Y" keeps its head "man"."""
    mention = index.mention_at(tok.i)
    return (mention is not None and tok.i != mention.head
            and mention.token_start <= anchor.i < mention.token_end)


def _stood_for(obj: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The entity an object noun stands for:

    - a stance or a deed of its possessor: "criticised Tony Blair's record" criticises
      Blair, "accepted X's promise" agrees with X (``proxy_nouns``);
    - people sent by the body or country modifying them: "met his EU counterparts"
      meets the EU, "worked with the staff at Wolong" with Wolong (``counterpart_nouns``,
      the body after ``counterpart_preps``).

    Not other nouns: "visited Blair's home" visits no Blair, "handed over Taliban
    fighters" hands over no Taliban.
    """
    if obj.pos_ != "NOUN":
        return None
    words, lemma = knowledge.words, obj.lemma_.lower()
    if lemma in words.proxy_nouns:
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        return np_entity(owner, index, knowledge) if owner is not None else None
    if lemma in words.counterpart_nouns:
        for child in obj.children:  # a body or a country sends counterparts, a person does not
            if child.dep_ in ("compound", "amod") and _is_any_of(child, GROUP_CLASSES, index, knowledge):
                return index.entity_at(child.i)
        for prep, owner in prep_objects(obj):  # "the staff at Wolong", "officials from the EU"
            if prep in words.counterpart_preps and _is_any_of(owner, (*GROUP_CLASSES, "Place"), index, knowledge):
                return index.entity_at(owner.i)
    return None


def _relative(obj: Token, words: Words) -> Token:
    """"the city that X attacked": a relative pronoun object stands for the noun modified."""
    if obj.lower_ in words.relative_pronouns and obj.head.dep_ == "relcl":
        return obj.head.head
    return obj


# -- verbal -------------------------------------------------------------------


def _verbal(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """Subject-verb-object relations, active and passive, with prepositional objects.

    - active: "X attacked Y" -> attack(X, Y); "X met with Y" -> meet with(X, Y);
      "X called on Y" -> call on(X, Y) (particle or preposition alike);
    - passive: "Y was attacked by X" -> attack(X, Y); "missiles supplied by X";
    - every argument comes with its conjuncts: "X and Y met Z and W" gives four;
    - subjects may be inherited (control, coordination, participles): lower confidence.
    """
    words = knowledge.words
    lemma = verb.lemma_.lower()
    if lemma in words.empty_verbs:
        return
    prt = particle(verb)
    base_key = f"{lemma} {prt}" if prt else lemma
    neg = negated(verb, words)
    if is_passive(verb):
        logical = agents(verb)
        patients = passive_subjects(verb, words)
        # a passive that means something else than its active has a key of its own: "X was
        # joined by Y" (Y came along) is no "Y joined X" (Y became a member)
        passive_key = f"{base_key} by"
        key = passive_key if knowledge.ontology.lookup(passive_key) is not None else base_key
        yield from _candidates(logical, key, patients, verb, SVO_PASSIVE, index, knowledge, negated_=neg)
        return
    subj = subjects(verb, words) + _authors(verb, index, knowledge)
    objs = [Arg(_relative(o, words), 0) for o in direct_objects(verb)
            if not _speech_content(verb, o, words)]
    labelled = _labelled(verb, words)
    object_key = f"{base_key} as" if labelled else base_key
    if labelled and knowledge.ontology.lookup(object_key) is None:
        objs = []  # a label the lexicon does not read makes no open relation either
    yield from _candidates(_subjects_for(subj, object_key, knowledge), object_key, objs, verb, SVO_ACTIVE, index,
                           knowledge, negated_=neg)
    under = any(prep == "under" for prep, _ in prep_objects(verb))
    led = _led_party(verb, objs, index, knowledge)
    for prep, obj in prep_objects(verb):
        if prep in words.adjunct_preps or _speech_content(verb, obj, words):
            continue
        if _inside_complement(verb, obj) or _after_content(verb, obj, index, knowledge):
            continue
        if under and prep == "from":
            continue  # "came under fire from Y": Y fired, read by the "under" rule
        if labelled and prep == "as":
            continue  # the label given, not a party: "described Y as a 'Fagin'"
        key = f"{base_key} {prep}"
        doers = led if led and prep in words.partner_preps else subj
        yield from _candidates(_subjects_for(doers, key, knowledge), key, [Arg(obj, 0)], verb, SVO_PREP, index,
                               knowledge, negated_=neg)


def _labelled(verb: Token, words: Words) -> bool:
    """"Brown called Howard a liar", "McCartney described Letwin as a '21st Century Fagin'",
    "branded the campaign 'two-bit Tories'": a verb of naming (``naming_verbs``) with a
    complement labels its object; it phones no one.  The key is then the verb with "as"
    ("call as"), which the lexicon reads as criticism only for verbs that always
    disparage ("brand as", "label as"); what "called X 'a brilliant machine'" means is
    left unread on purpose: the label may praise or mock."""
    if verb.lemma_.lower() not in words.naming_verbs:
        return False
    return any(c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > verb.i for c in verb.children) or any(
        prep == "as" for prep, _ in prep_objects(verb)) or any(
        c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


def _led_party(verb: Token, objs: list[Arg], index: EntityIndex, knowledge: Knowledge) -> list[Arg]:
    """"Robinson leads England against Australia": after a verb of leading
    (``leading_verbs``) with a named object, the object faces the "against/with" party,
    not the leader (England plays Australia; Robinson leads England).  Found one step
    away, so only a relation the lexicon knows is read (``_subjects_for``)."""
    if verb.lemma_.lower() not in knowledge.words.leading_verbs:
        return []
    return [Arg(o.token, 1) for o in objs if np_entity(o.token, index, knowledge) is not None]


def _authors(verb: Token, index: EntityIndex, knowledge: Knowledge) -> list[Arg]:
    """"Fox gave a speech criticising Blair", "Labour's poster attacking Howard": a
    participle after a speech or a publication is done by its author — the noun's
    possessive or modifier, else the subject of the verb the noun is the object of
    ("gave a speech", "opened proceedings with a speech").  Not for other nouns:
    "a man attacking Y" is the man."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or head.lemma_.lower() not in knowledge.words.utterance_nouns:
        return []
    for child in head.children:
        if child.dep_ in ("poss", "compound") and np_entity(child, index, knowledge) is not None:
            return [Arg(child, 1)]
    governor = head.head.head if head.dep_ == "pobj" else head.head
    if head.dep_ in ("dobj", "pobj") and governor.pos_ in ("VERB", "AUX"):
        return [Arg(a.token, a.hops + 1) for a in subjects(governor, knowledge.words)]
    return []


def _subjects_for(subjects_: list[Arg], key: str, knowledge: Knowledge) -> list[Arg]:
    """The subjects a relation may take: inherited ones ("X arrived and met Y", "X wants to
    meet Y") only for a relation the lexicon knows.  An open relation (a verb the lexicon
    does not list) stands on the words alone, so it needs the verb's own written subject:
    "X said closer ties would help Y" makes no "X help Y"."""
    if knowledge.ontology.lookup(key) is not None:
        return subjects_
    return [s for s in subjects_ if s.hops == 0]


def _inside_complement(verb: Token, obj: Token) -> bool:
    """"He argued closer co-operation with Europe was crucial": a preposition the parser
    hangs on the verb, though it stands inside the verb's complement clause, belongs
    to that clause (co-operation with Europe), not to the verb."""
    for clause in verb.children:
        if clause.dep_ == "ccomp" and clause.left_edge.i < obj.i < clause.right_edge.i:
            return True
    return False


def _after_content(verb: Token, obj: Token, index: EntityIndex, knowledge: Knowledge) -> bool:
    """"He argued closer co-operation with Europe was crucial": after a speech verb, a
    preposition that follows what was said (a direct object naming no one) belongs to
    what was said, however the parser hangs it.  "X argued with Y" stays a relation."""
    if verb.lemma_.lower() not in knowledge.words.speech_verbs:
        return False
    return any(verb.i < o.i < obj.i and np_entity(o, index, knowledge) is None for o in direct_objects(verb))


def _speech_content(verb: Token, obj: Token, words: Words) -> bool:
    """No relation between a speaker and what a speech verb takes as its object:
    "“Why does Y ...?” X asked": a name inside the quoted words, or before the verb (the
    parser takes a question's words for a fronted object), is what was said.

    An outlet spoken to is a listener: "X told BBC News" is spokeTo (an interview),
    and the outlet is the quote's medium as well (quotes.py); a piece of an outlet's
    name is neither (``_in_outlet_name``).
    """
    if verb.lemma_.lower() not in words.speech_verbs:
        return False
    fronted = obj.i < verb.i and obj.lower_ not in words.relative_pronouns
    return fronted or (in_quote(obj) and not in_quote(verb))


def _in_outlet_name(obj: Token, index: EntityIndex, words: Words) -> bool:
    """"told BBC Radio Wales": a name the parser heads with a piece ("Wales") of an
    outlet's or a programme's name ("BBC Radio ..."); the piece is no one spoken to.
    A whole outlet ("told BBC News", "told Reuters") was spoken to: an interview."""
    ent = index.entity_at(obj.i)
    spans = [(m.token_start, m.token_end) for m in ent.mentions if m.token_start <= obj.i < m.token_end] if ent else []
    for child in obj.children:
        if child.dep_ != "compound" or any(start <= child.i < end for start, end in spans):
            continue  # a word of the name itself: "BBC" in "BBC News"
        owner = index.entity_at(child.i)
        if child.lower_ in words.media_words or (owner is not None and is_news_outlet(owner, words)):
            return True
    return False


def _ellipsis_since(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"the first foreign leader to address Y since X in 1997": X addressed Y before.

    Only for an infinitive modifying a noun marked first/only/last, whose "since"
    object is an entity (a date there is not).
    """
    if verb.dep_ not in ("relcl", "acl") or not any(c.lower_ in knowledge.words.predecessor_ordinals for c in verb.head.children):
        return
    earlier = [Arg(o, 1) for prep, o in prep_objects(verb) if prep == "since"]
    if not earlier:
        return
    objs = [Arg(o, 0) for o in direct_objects(verb)]
    yield from _candidates(earlier, verb.lemma_.lower(), objs, verb, SVO_ELLIPSIS, index, knowledge)


# -- reciprocal -----------------------------------------------------------------


def _pairs(parties: list[Arg], relation: str, anchor: Token, rule: Rule,
           index: EntityIndex, knowledge: Knowledge, *, negated_: bool = False) -> Iterator[Candidate]:
    """A relation between every two of the coordinated parties, in the order written."""
    for n, first in enumerate(parties):
        yield from _candidates([first], relation, parties[n + 1:], anchor, rule, index, knowledge, negated_=negated_)


def _has_partner(head: Token, words: Words) -> bool:
    """True when the other party is written: "met with Z", "talking to Z", "talks with Z"."""
    return any(prep in words.partner_preps for prep, _ in prep_objects(head))


def _reciprocal_verb(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"X and Y met", "X and Y clashed": coordinated subjects of a verb done together.

    The relation is the verb with "with" ("meet with"), between each two of the
    subjects, when the verb names no other party ("X and Y met Z", "X and Y
    talked to Z": the verbal rule reads those).
    """
    words = knowledge.words
    if verb.lemma_.lower() not in words.reciprocal_verbs or is_passive(verb):
        return
    if direct_objects(verb) or _has_partner(verb, words):
        return
    parties = subjects(verb, words)
    if len(parties) < 2:
        return
    yield from _pairs(parties, f"{verb.lemma_.lower()} with", verb, SVO_RECIPROCAL, index, knowledge,
                      negated_=negated(verb, words))


def _reciprocal_noun(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """An event two parties take part in together, named with both of them.

    - "talks between X and Y", "the war between X and Y" (``nominal.between.v1``);
    - "X and Y held talks", "X and Y signed a treaty": a light verb whose
      subjects are coordinated (``nominal.reciprocal.v1``), unless the noun names
      its other party itself ("X and Y held talks with Z", read by the nominal rule).

    The relation is the noun with "with" ("n:talks with"), between each two parties.
    """
    words = knowledge.words
    if noun.lemma_.lower() not in words.reciprocal_nouns and noun.lower_ not in words.reciprocal_nouns:
        return
    if index.entity_at(noun.i) is not None:
        return
    relation = f"n:{noun.lemma_.lower()} with"
    between = [Arg(o, 0) for prep, o in prep_objects(noun) if prep == "between"]
    if len(between) >= 2:
        yield from _pairs(between, relation, noun, NOMINAL_BETWEEN, index, knowledge,
                          negated_=_governor_negated(noun, words))
        return
    head = noun.head
    if noun.dep_ != "dobj" or head.lemma_.lower() not in words.light_verbs or _has_partner(noun, words):
        return
    parties = subjects(head, words)
    if len(parties) >= 2:
        yield from _pairs(parties, relation, noun, NOMINAL_RECIPROCAL, index, knowledge,
                          negated_=negated(head, words))


# -- presence and "under fire" -----------------------------------------------------


def _presence(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"X met Y in Luxembourg", "X spoke at Z" (Z a place), "X toured ... in Y": the
    subject was at the place, a visit (``presence.v1``).

    The place may hang from the verb or from its object ("met his counterparts in
    Luxembourg").  Not from passives ("X was held in Y": kept there), not for verbs
    of saying in general ("X said in London" says where the words were reported,
    often the subject's home), and only for places (a City, a Country, a Place).
    """
    words = knowledge.words
    if verb.lemma_.lower() not in words.presence_verbs or is_passive(verb):
        return
    # the object's place counts only for an object that is someone or a meeting ("met his
    # counterparts in Y", "held talks in Y"), not "play a role in the Middle East"
    heads = [verb, *(o for o in direct_objects(verb) if _met(o, index, knowledge))]
    places = [(prep, o) for h in heads for prep, o in prep_objects(h)
              if prep in words.presence_preps and _is_place(o, index, knowledge)]
    if not places:
        return
    visitors, neg = subjects(verb, words), negated(verb, words)
    for prep, place in places:
        for cand in _candidates(visitors, f"{verb.lemma_.lower()} {prep}", [Arg(place, 0)], verb, PRESENCE, index,
                                knowledge, negated_=neg):
            yield replace(cand, predicate="visited")


def _met(obj: Token, index: EntityIndex, knowledge: Knowledge) -> bool:
    """An object a subject is with: an entity, people standing for one, or a meeting noun."""
    return (np_entity(obj, index, knowledge) is not None or _stood_for(obj, index, knowledge) is not None
            or obj.lemma_.lower() in knowledge.words.reciprocal_nouns or obj.lower_ in knowledge.words.reciprocal_nouns)


def _based_in(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"Houston-based Continental", "the London-based firm Rightmove", "Acme, based in
    Leeds": the modified name is located in the place (key "base in", ``locative.based.v1``).

    The place is the word joined by a hyphen before the participle, or its "in" object;
    a common noun between the participle and the name ("firm") is skipped.  Not for a
    participle with a subject of its own ("they based the team in Y").
    """
    if verb.lemma_.lower() not in knowledge.words.location_participles or verb.dep_ not in ("amod", "acl"):
        return
    places = [c for c in verb.children if c.dep_ in ("npadvmod", "compound") and c.i < verb.i]
    places += [o for prep, o in prep_objects(verb) if prep == "in"]
    places = [p for p in places if _is_place(p, index, knowledge)]
    located = _modified_name(verb, index)
    if not places or located is None:
        return
    key = f"{verb.lemma_.lower()} in"
    yield from _candidates([Arg(located, 0)], key, [Arg(p, 0) for p in places], verb, LOCATIVE_BASED, index, knowledge)


def _placed_name(name: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"the World Cross Country Championships in France", "a gadget show in London", "The
    Wolong Nature Reserve in the Sichuan Province", "the Sichuan Province of southwest
    China": the name is located in the place its own "in" (or, for a place below a
    country, "of") phrase names (``locative.name.v1``, predicate locatedIn).

    Only from the head of a name's mention, with the preposition hanging from the name
    itself (not from the verb: "X will run in Y in France" says where X runs), and only
    the place right after it ("in Buxton, England and the Magic Circle" lists more than
    places).  Not on purpose:
    - a person "in" a place was there (a visit, not a location), a time is no event
      located ("burn on New Year's Eve in New South Wales"), and a region the gazetteer
      knows (an ISO subdivision) is in no city ("a match against New South Wales in
      Sydney": the match is there, the team named after the state);
    - a body only in a place below a country, written with "the" ("the BBC in London"):
      "Labour in Scotland" is the party's branch there, "the United Nations in Iraq" its
      mission;
    - "of" only after a place below a country, and a country only with a word placing
      the place in it ("southwest China"): "the island of Nauru" is Nauru, "the
      University of Texas" one name, "the leader of Y" a role;
    - a name ending a longer one ("the University of Western Australia in Perth").
    """
    mention = index.mention_at(name.i)
    ent = index.entity_at(name.i)
    if mention is None or ent is None or mention.head != name.i or name.ent_type_ == "DATE":
        return
    if name.dep_ == "pobj" and name.head.lower_ in knowledge.words.time_preps:
        return
    if ends_longer_name(name.doc, mention.token_start):
        return
    is_a = knowledge.ontology.is_a
    placed = is_a(ent.type, "Place") or is_a(ent.type, "Event")
    named_body = is_a(ent.type, "Organization") and name.doc[mention.token_start].lower_ == "the"
    if is_a(ent.type, "Country") or not (placed or named_body):
        return
    places = []
    for prep, obj in _prep_pairs_direct(name):
        container = index.entity_at(obj.i)
        if container is None or container == ent or not _is_place(obj, index, knowledge):
            continue
        if named_body and not placed and is_a(container.type, "Country"):
            continue
        if is_a(container.type, "City") and _known_region(ent, knowledge):
            continue
        if prep == "in" or (prep == "of" and _below_country_place(ent, knowledge) and not is_a(container.type, "City")
                            and (not is_a(container.type, "Country") or _placing_word(obj, index))):
            places.append(Arg(obj, 0))
    for cand in _candidates([Arg(name, 0)], "locate in", places, name, LOCATIVE_NAME, index, knowledge):
        yield replace(cand, predicate="locatedIn")


def _below_country_place(ent: Entity, knowledge: Knowledge) -> bool:
    return knowledge.ontology.is_a(ent.type, "Place") and not knowledge.ontology.is_a(ent.type, "Country")


def _placing_word(place: Token, index: EntityIndex) -> bool:
    """"southwest China", "northern England": a word outside the place's name modifies it."""
    mention = index.mention_at(place.i)
    return any(c.dep_ in ("amod", "compound") and not (mention.token_start <= c.i < mention.token_end)
               for c in place.children)


def _known_region(ent: Entity, knowledge: Knowledge) -> bool:
    """A state or a province the gazetteer lists with its ISO 3166-2 code: it holds cities."""
    entry = knowledge.gazetteer.lookup(ent.name)
    return entry is not None and entry.type == "Place" and entry.iso is not None


def _prep_pairs_direct(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under ``head``, without the object's conjuncts."""
    for prep in head.children:
        if prep.dep_ == "prep":
            yield from ((prep.lower_, o) for o in prep.children if o.dep_ == "pobj")



def _modified_name(participle: Token, index: EntityIndex) -> Token | None:
    """The name a participle modifies, past a common noun between them ("the London-based
    firm Rightmove")."""
    named = participle.head
    if index.entity_at(named.i) is None and named.dep_ == "compound":
        named = named.head
    return named if index.entity_at(named.i) is not None else None


def _hyphen_agent(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"Murdoch-owned Sun", "Saudi-backed rebels": the name joined by a hyphen before the
    participle does the act to the name the participle modifies (key: the participle's
    lemma, ``participle.agent.v1``).  Only with a hyphen: "the US troops based in Y" or
    "a Labour backed plan" (no hyphen) are read elsewhere or not at all."""
    if verb.lemma_.lower() not in knowledge.words.agent_participles or verb.dep_ != "amod" or verb.i < 2:
        return
    if verb.doc[verb.i - 1].text != "-":
        return
    agent = verb.doc[verb.i - 2]
    if agent.head != verb or index.entity_at(agent.i) is None:
        return
    named = _modified_name(verb, index)
    if named is not None:
        yield from _candidates([Arg(agent, 0)], verb.lemma_.lower(), [Arg(named, 0)], verb, PARTICIPLE_AGENT, index,
                               knowledge)


def _is_any_of(tok: Token, classes: tuple[str, ...], index: EntityIndex, knowledge: Knowledge) -> bool:
    """True when ``tok`` names an entity of one of the ontology classes (or a subclass)."""
    ent = index.entity_at(tok.i)
    return ent is not None and any(knowledge.ontology.is_a(ent.type, cls) for cls in classes)


def _is_organization(tok: Token, index: EntityIndex, knowledge: Knowledge) -> bool:
    return _is_any_of(tok, ("Organization",), index, knowledge)


def _is_place(tok: Token, index: EntityIndex, knowledge: Knowledge) -> bool:
    return _is_any_of(tok, ("Place",), index, knowledge)


def _under_fire(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"X came under fire from Y", "X is under pressure from Y": Y does it to X.

    The key is the noun between "under" and "from" ("n:under fire from"), the
    "from" object its subject and the clause's subject its object; the "from"
    phrase may hang from the noun or from the verb.
    """
    words = knowledge.words
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "under" or prep.head.pos_ not in ("VERB", "AUX"):
        return
    verb = prep.head
    doers = [Arg(o, 0) for h in (noun, verb) for p, o in prep_objects(h) if p == "from"]
    if not doers:
        return
    yield from _candidates(doers, f"n:under {noun.lemma_.lower()} from", subjects(verb, words), noun, NOMINAL_UNDER,
                           index, knowledge, negated_=negated(verb, words))


def _named_unit(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"its Sandoz unit", "Novartis' Sandoz business": the organisation named before a
    part noun is part of the possessor (key "n:unit of", read by the lexicon only).

    Not without a possessive ("the Sandoz unit" says not whose), not for a possessor
    that is no organisation (a unit is a company's; "its" read as a country is a slip
    of coreference), and not for a name that is the whole phrase's entity.
    """
    if noun.lemma_.lower() not in knowledge.words.unit_nouns or index.entity_at(noun.i) is not None:
        return
    key = f"n:{noun.lemma_.lower()} of"
    if knowledge.ontology.lookup(key) is None:
        return
    owners = [Arg(c, 0) for c in noun.children if c.dep_ == "poss" and _is_organization(c, index, knowledge)]
    parts = [Arg(c, 0) for c in noun.children if c.dep_ == "compound" and index.entity_at(c.i) is not None]
    if owners and parts:  # what the phrase names holds whatever its clause says ("its unit would buy ...")
        yield from _candidates(parts, key, owners, noun, NOMINAL_UNIT, index, knowledge)


# -- supply -------------------------------------------------------------------


def _clause_head(verb: Token) -> Token:
    """The verb whose clause a gerund or infinitive belongs to: "led ... in arming" -> led."""
    while verb.dep_ in ("pcomp", "xcomp", "conj", "advcl") and verb.head != verb:
        verb = verb.head.head if verb.dep_ == "pcomp" else verb.head
    return verb


def _supplies(verb: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"X has led the West in arming Y, first with A, then B and C" -> X supplied A, B, C.

    The parser hangs such lists anywhere in the clause (on "led" rather than on
    "arming"), so every weapon entity after the supply verb inside its clause
    counts, except in subordinate clauses with a subject of their own.
    """
    words = knowledge.words
    if verb.lemma_.lower() not in words.supply_verbs:
        return
    givers = agents(verb) if is_passive(verb) else subjects(verb, words)
    if not givers:
        return
    clause = _clause_head(verb)
    seen: set[Entity] = set()
    weapons: list[Arg] = []
    for tok in clause.subtree:
        ent = index.entity_at(tok.i)
        if tok.i <= verb.i or ent is None or not knowledge.ontology.is_a(ent.type, "Weapon") or ent in seen:
            continue
        if _in_own_clause(tok, clause):
            continue
        seen.add(ent)
        weapons.append(Arg(tok, 0))
    for cand in _candidates(givers, verb.lemma_.lower(), weapons, verb, SUPPLY, index, knowledge,
                            negated_=negated(verb, words)):
        yield replace(cand, predicate="supplied")


def _in_own_clause(tok: Token, clause: Token) -> bool:
    """True when ``tok`` sits in a clause below ``clause`` that has its own subject."""
    node = tok
    while node != clause and node.head != node:
        node = node.head
        if node != clause and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return True
    return False


# -- nominal ------------------------------------------------------------------


def _nominal(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """Event nouns with an entity object: the relation is the noun, the agent found around it.

    "In an address to the Cabinet, X called ..." -> n:address to(X, Cabinet);
    "X was the first visitor to Y" -> n:visitor to(X, Y);
    "China's threat to Taiwan" -> n:threat to(China, Taiwan);
    "X agreed a deal with Y" -> n:deal with(X, Y).
    """
    if index.entity_at(noun.i) is not None:
        return  # a mention (a role noun like "the president"), not an event
    words = knowledge.words
    if lesser_post(noun, words):
        return  # "the deputy director of Y" directs nothing
    # a place or a topic is no party ("the war in Ukraine"), unless the lexicon says the
    # preposition names one for this noun ("a stake in Y", "an investment in Y")
    objs = [(prep, o) for prep, o in prep_objects(noun)
            if prep not in words.adjunct_preps
            and (prep not in words.noun_setting_preps or knowledge.ontology.lookup(_noun_key(noun, prep)) is not None)]
    if not objs:
        return
    found = _nominal_agents(noun, index, knowledge)
    if found is None:
        return
    rule, agents_ = found
    # a framing event took place whatever the clause says next: "After a meeting with
    # Y, X could sign ..." / "X could sign after talks with Y" still met Y; a place frame
    # after the verb is part of what the clause says ("X is to succeed Y at the head of Z")
    placed = noun.i > noun.head.head.i and noun.head.lower_ in words.presence_preps
    neg = (rule is not NOMINAL_FRAME or placed) and _governor_negated(noun, words)
    for prep, obj in objs:
        yield from _candidates(agents_, _noun_key(noun, prep), [Arg(obj, 0)], noun, rule, index, knowledge,
                               negated_=neg)


def _noun_key(noun: Token, prep: str) -> str:
    """The lexicon key of an event noun with its preposition: "n:threat to".

    A bare noun between "in" and "of" makes a complex preposition whose object
    is the patient, not the agent: "voted in support of Y", "in charge of Y"
    (key "n:in support of"), where "with the support of Y" names Y as the supporter.
    """
    lemma = noun.lemma_.lower()
    head = noun.head
    if (prep == "of" and noun.dep_ == "pobj" and head.lower_ == "in"
            and not any(c.dep_ in ("det", "poss") for c in noun.children)):
        return f"n:in {lemma} of"
    return f"n:{lemma} {prep}"


def _nominal_agents(noun: Token, index: EntityIndex, knowledge: Knowledge) -> tuple[Rule, list[Arg]] | None:
    """Who performs the event a noun names, and the rule that found it.

    Tried in order, nearest first:
    1. a possessive: "China's threat", "his visit" (a pronoun's is ``nominal.poss_pronoun.v1``:
       its reference is a guess, so only a lexicon noun makes a fact of it);
    2. a modifier naming an actor: "Russian attack on", "US strikes on";
    3. a copula: "X was the first visitor to Y";
    4. a light verb: "X held talks with Y", "X agreed a deal with Y";
    5. a framing adjunct: "In a meeting with Y, X said ..." (the clause's subject),
       unless it trails an embedded clause after a comma ("X said Z remains ...,
       in calls with Y": Z made no call).
    """
    words = knowledge.words
    for child in noun.children:
        if child.dep_ == "poss" and np_entity(child, index, knowledge) is not None:
            return (NOMINAL_POSS_PRONOUN if child.pos_ == "PRON" else NOMINAL_POSS), [Arg(child, 0)]
    for child in noun.children:
        ent = index.entity_at(child.i)
        if (child.dep_ in ("amod", "compound") and ent is not None and _can_act(ent, knowledge)
                and not against_or_for(child, words)):
            return NOMINAL_MODIFIER, [Arg(child, 0)]
    via_copula = copula_subjects(noun, words)
    if via_copula:
        return NOMINAL_COPULA, via_copula
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in words.light_verbs:
        return NOMINAL_LIGHT, [Arg(a.token, a.hops + 1) for a in subjects(head, words)]
    if (noun.dep_ == "pobj" and head.lower_ in words.frame_preps and head.head.pos_ in ("VERB", "AUX")
            and not _detached_from_clause(head)):
        return NOMINAL_FRAME, [Arg(a.token, a.hops + 1) for a in subjects(head.head, words)]
    return None


def _detached_from_clause(prep: Token) -> bool:
    """"He accused X of doing nothing, in a call with Y": a frame set off by a comma after
    an embedded clause frames the sentence, though the parser hangs it on the embedded verb."""
    verb = prep.head
    return (verb.dep_ in EMBEDDED_CLAUSE_DEPS and prep.i > verb.i and prep.i > 0
            and prep.doc[prep.i - 1].text == ",")


def _can_act(ent: Entity, knowledge: Knowledge) -> bool:
    return any(knowledge.ontology.is_a(ent.type, cls) for cls in ACTOR_CLASSES)


def _governor_negated(noun: Token, words: Words) -> bool:
    """"X did not hold talks with Y": the verb governing the noun carries the negation."""
    head = noun.head
    while head.pos_ not in ("VERB", "AUX") and head.head != head:
        head = head.head
    return head.pos_ in ("VERB", "AUX") and negated(head, words)


# -- capital for country --------------------------------------------------------

def _capital_for_country(cands: list[Candidate], index: EntityIndex, gaz: Gazetteer) -> Iterator[Candidate]:
    """"The UK is supplying Kyiv", "Washington warned ...": a capital named where a
    government acts or is acted on stands for its country.

    Each candidate with a capital at either end gets a twin (rule
    ``metonymy.capital.v1``, a little less confident) with the capital's country
    in its place, when the article names that country.  Whether the city or the
    country is meant is the property's to say (a city is visited, a country is
    supplied): ``kg/extract/facts.py`` keeps the twin only where the city makes no fact.
    """
    countries = {e.name: e for e in index.entities if e.type == "Country"}
    if not countries:
        return
    for cand in cands:
        subject = _country_of_capital(cand.subject, countries, gaz) or cand.subject
        obj = _country_of_capital(cand.obj, countries, gaz) if isinstance(cand.obj, Entity) else None
        obj = obj or cand.obj
        if (subject, obj) == (cand.subject, cand.obj) or subject == obj:
            continue
        yield replace(cand, subject=subject, obj=obj, rule=METONYMY.id,
                      confidence=round(max(0.2, cand.confidence - METONYMY_DISCOUNT), 2))


def _country_of_capital(ent: Entity, countries: dict[str, Entity], gaz: Gazetteer) -> Entity | None:
    """The article's entity for the country whose capital ``ent`` is, if any."""
    if ent.type != "City":
        return None
    country = gaz.country_of_capital(ent.name)
    return countries.get(country) if country else None
