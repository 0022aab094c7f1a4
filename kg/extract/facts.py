"""Candidates -> facts: map each relation read in the text to an ontology property.

For each candidate, in order:

1. negated candidates ("X did not meet Y") are dropped;
2. the property is the candidate's own ``predicate`` (roles, supply) or the
   lexicon's entry for its ``relation`` key; an ``inverse`` entry swaps subject
   and object ("X received tanks from Y" -> Y supplied X);
3. a fact whose subject and object types fail the property's domain/range is
   rejected (a tank does not meet anyone);
4. a relation the lexicon does not know becomes an *open* fact (``open=True``,
   predicate = the key as written) when both ends are entities, the grammar
   names its agent (a verb's subject, a possessive) rather than a rule inferring
   it around a noun ("a Russian attack" is Russia attacking because the lexicon
   says so; "a Russian stamp" is no act of Russia), and its preposition does not
   just set the scene ("faced Y at the Z stadium", "arrested X in Y": where it
   happened is no relation between the two);
5. a capital standing for its country (``metonymy.capital.v1``, the twin of a
   candidate with the city) makes a fact only where the city's own reading
   made none ("supplying Kyiv": a city is supplied nothing, the country is;
   "visited Kyiv" is the city), and only through the lexicon, never open;
6. never a self-loop, and one fact per (subject, predicate, object, sentence):
   the most confident; a symmetric property counts both directions as one.

Quotes pass the same domain check (``to_quotes``): a speaker the ontology does not
accept as a sayer (a place) is dropped and the quote kept, unattributed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Protocol

from kg.extract.relations import (
    METONYMY,
    NOMINAL_COPULA,
    NOMINAL_FRAME,
    NOMINAL_LIGHT,
    NOMINAL_MODIFIER,
    NOMINAL_POSS_PRONOUN,
)
from kg.types import Candidate, Entity, Fact, Quote

__all__ = ["to_facts", "to_quotes"]

# rules that infer a noun's agent from around it (or from a pronoun): only the lexicon can vouch for those
INFERRED_AGENT_RULES = frozenset(
    r.id for r in (NOMINAL_MODIFIER, NOMINAL_FRAME, NOMINAL_COPULA, NOMINAL_LIGHT, NOMINAL_POSS_PRONOUN))


class _Ontology(Protocol):
    """What ``to_facts`` needs of ``kg.knowledge.ontology.Ontology``."""

    properties: dict

    def lookup(self, relation: str): ...

    def accepts(self, predicate: str, subject_type: str, object_type: str | None) -> bool: ...


def to_facts(candidates: list[Candidate], ontology: _Ontology, words: Mapping) -> list[Fact]:
    """The facts the candidates support, deduplicated, in first-seen order (readings of
    a capital as its country last).  ``words`` is ``Knowledge.words`` (``setting_preps``)."""
    best: dict[tuple, Fact] = {}
    literal = [c for c in candidates if c.rule != METONYMY.id]
    figurative = [c for c in candidates if c.rule == METONYMY.id]
    read: set[tuple] = set()  # the readings that made a fact as written
    for cand in literal + figurative:
        if cand.negated:
            continue
        figure = cand.rule == METONYMY.id
        if figure and _reading(cand) in read:
            continue
        fact = _to_fact(cand, ontology, words)
        if fact is None or (figure and fact.open):
            continue
        read.add(_reading(cand))
        key = _identity(fact, ontology)
        kept = best.get(key)
        if kept is None or fact.confidence > kept.confidence:
            best[key] = fact
    return list(best.values())


def _reading(cand: Candidate) -> tuple:
    """What a candidate and its capital-for-country twin share: the words read."""
    return (cand.relation, cand.sentence, cand.evidence)


def to_quotes(quotes: list[Quote], ontology: _Ontology) -> list[Quote]:
    """The quotes, each speaker checked against the domain of ``said`` (else left unattributed)."""
    return [
        q if q.speaker is None or ontology.accepts("said", q.speaker.type, "Quote") else dataclasses.replace(q, speaker=None)
        for q in quotes
    ]


def _to_fact(cand: Candidate, ontology: _Ontology, words: Mapping) -> Fact | None:
    subject, obj = cand.subject, cand.obj
    predicate, is_open = cand.predicate, False
    if predicate is None:
        entry = ontology.lookup(cand.relation)
        if entry is not None:
            predicate = entry.property
            if entry.inverse:
                if not isinstance(obj, Entity):
                    return None  # a literal cannot be a subject
                subject, obj = obj, subject
        elif isinstance(obj, Entity) and _open_worthy(cand, words):
            predicate, is_open = cand.relation, True
        else:
            return None
    if isinstance(obj, Entity) and obj == subject:
        return None
    if not is_open and not ontology.accepts(predicate, subject.type, obj.type if isinstance(obj, Entity) else None):
        return None
    return Fact(
        subject=subject, predicate=predicate, obj=obj, rule=cand.rule, confidence=cand.confidence,
        sentence=cand.sentence, evidence=cand.evidence, open=is_open, date=cand.date,
    )


def _open_worthy(cand: Candidate, words: Mapping) -> bool:
    """Whether a relation the lexicon does not know may stand as an open fact."""
    return cand.rule not in INFERRED_AGENT_RULES and cand.relation.split()[-1] not in words["setting_preps"]


def _identity(fact: Fact, ontology: _Ontology) -> tuple:
    """What makes two facts the same fact; both directions of a symmetric one are one."""
    ends = [fact.subject.key, fact.obj.key if isinstance(fact.obj, Entity) else f"literal:{fact.obj}"]
    prop = None if fact.open else ontology.properties.get(fact.predicate)
    if prop is not None and getattr(prop, "symmetric", False):
        ends.sort()
    return (*ends, fact.predicate, fact.open, fact.sentence)
