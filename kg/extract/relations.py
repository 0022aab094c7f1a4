"""Relation candidates between entities, read off the dependency parse.

Four families of rules:

- verbal (``svo.*``): a verb with a subject and an object that are entities —
  "X met Y", "X met with Y", "Y was attacked by X", "X urged Y to ...";
- nominal (``nominal.*``): an event noun with a "to/with/on/against ..." object
  whose agent is found around it — "In an address to Y, X said ...",
  "X was the first visitor to Y", "X's threat to Y", "X held talks with Y";
- supply (``supply.v1``): "X armed Y with A, B and C" / "X is providing A to Y"
  also yield X supplied each weapon named in the clause;
- capital for country (``metonymy.capital.v1``): every candidate with a capital
  city at one end has a twin with the capital's country there, when the article
  names that country ("supplying Kyiv with ...", "Washington warned ..."); facts.py
  keeps the twin only where the city itself makes no fact ("visited Kyiv" stays
  a visit to the city).

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
NOMINAL_MODIFIER = RULES.add("nominal.modifier.v1", 0.8, "relations",
                             "an event noun with an actor modifier: 'a Russian attack on Y'")
NOMINAL_COPULA = RULES.add("nominal.copula.v1", 0.8, "relations",
                           "an event noun predicated of its agent: 'X was the first visitor to Y'")
NOMINAL_LIGHT = RULES.add("nominal.light.v1", 0.8, "relations",
                          "an event noun as a light verb's object: 'X held talks with Y'")
NOMINAL_FRAME = RULES.add("nominal.frame.v1", 0.8, "relations",
                          "an event noun framing the clause: 'In a meeting with Y, X said ...'")
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
            if tok.pos_ == "VERB":
                out += _verbal(tok, index, knowledge)
                out += _reciprocal_verb(tok, index, knowledge)
                out += _ellipsis_since(tok, index, knowledge)
                out += _supplies(tok, index, knowledge)
            elif tok.pos_ == "NOUN":
                out += _nominal(tok, index, knowledge)
                out += _reciprocal_noun(tok, index, knowledge)
    return out + list(_capital_for_country(out, index, knowledge.gazetteer))


def _confidence(base: float, *args: Arg) -> float:
    """Lower the base confidence for each inference step and for far-away arguments."""
    conf = base - 0.12 * sum(a.hops for a in args)
    return round(max(0.2, min(1.0, conf)), 2)


def _candidates(
    subjects_: list[Arg], relation: str, objects_: list[Arg], anchor: Token, rule: Rule,
    index: EntityIndex, knowledge: Knowledge, *, negated_: bool = False,
) -> Iterator[Candidate]:
    """One candidate per (subject entity, object entity) pair; never a self-loop."""
    for s in subjects_:
        subj = np_entity(s.token, index, knowledge, agent=True)
        if subj is None:
            continue
        for o in objects_:
            obj = np_entity(o.token, index, knowledge)
            if obj is None or obj == subj:
                continue
            yield Candidate(
                subject=subj, relation=relation, obj=obj, rule=rule.id,
                confidence=_confidence(rule.confidence, s, o), sentence=sentence_span(anchor),
                evidence=evidence_span(anchor, s.token, o.token),
                negated=negated_ or denied(s.token) or denied(o.token),
            )


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
        yield from _candidates(logical, base_key, patients, verb, SVO_PASSIVE, index, knowledge, negated_=neg)
        return
    subj = subjects(verb, words)
    objs = [Arg(_relative(o, words), 0) for o in direct_objects(verb)
            if not _speech_medium_or_content(verb, o, index, words)]
    yield from _candidates(subj, base_key, objs, verb, SVO_ACTIVE, index, knowledge, negated_=neg)
    for prep, obj in prep_objects(verb):
        if prep in words.adjunct_preps or _speech_medium_or_content(verb, obj, index, words):
            continue
        yield from _candidates(subj, f"{base_key} {prep}", [Arg(obj, 0)], verb, SVO_PREP, index, knowledge,
                               negated_=neg)


def _speech_medium_or_content(verb: Token, obj: Token, index: EntityIndex, words: Words) -> bool:
    """No relation between a speaker and what a speech verb takes as its object:

    - "X told the BBC", "X said to Times Radio": an interview (the quote's medium);
    - "“Why does Y ...?” X asked": a name inside the quoted words, or before the verb
      (the parser takes a question's words for a fronted object), is what was said.
    """
    if verb.lemma_.lower() not in words.speech_verbs:
        return False
    ent = index.entity_at(obj.i)
    fronted = obj.i < verb.i and obj.lower_ not in words.relative_pronouns
    return (ent is not None and is_news_outlet(ent, words)) or fronted or (in_quote(obj) and not in_quote(verb))


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
    objs = [(prep, o) for prep, o in prep_objects(noun)
            if prep not in words.adjunct_preps and prep not in words.noun_setting_preps]
    if not objs:
        return
    found = _nominal_agents(noun, index, knowledge)
    if found is None:
        return
    rule, agents_ = found
    # a framing event took place whatever the clause says next: "After a meeting with
    # Y, X could sign ..." / "In talks with Y, X did not ..." still met Y
    neg = rule is not NOMINAL_FRAME and _governor_negated(noun, words)
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
    1. a possessive: "China's threat", "his visit";
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
            return NOMINAL_POSS, [Arg(child, 0)]
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
