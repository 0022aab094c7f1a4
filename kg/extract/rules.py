"""The table of extraction rules: each rule registered once, with its id, confidence, stage and meaning.

Every fact and quote kg writes names the rule that made it (``prov:wasGeneratedBy
<…/rule/svo.active.v1>``).  This table is where that id is defined: its version,
the confidence a fact gets from it before any adjustment, the stage it belongs
to and one line saying what it reads.  ``kg rules`` prints the table and
docs/ontology.md lists it (each rule IRI's description), so a reader of a fact can
look up why it is there.

A rule is registered where it is used, at import time of its module::

    SVO_ACTIVE = RULES.add("svo.active.v1", 0.9, "relations", "subject, verb, object in the active voice: 'X urged Y'")

and an extractor yields candidates with ``rule=SVO_ACTIVE.id, confidence=SVO_ACTIVE.confidence``.
An id registered twice is an error (two meanings for one IRI); asking for an unknown
id lists the ids there are, as spaCy's catalogue does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import KGError

__all__ = ["RULES", "STAGES", "Rule", "RuleTable"]

# the stages a rule can belong to, in pipeline order
STAGES = ("mentions", "resolve", "roles", "relations", "quotes", "facts", "dates", "user")
_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.v[0-9]+$")


@dataclass(frozen=True)
class Rule:
    """One extraction rule: ``id`` is ``name.vN``; a changed reading gets a new version."""

    id: str
    confidence: float
    stage: str
    description: str

    @property
    def name(self) -> str:
        return self.id.rsplit(".", 1)[0]

    @property
    def version(self) -> int:
        return int(self.id.rsplit(".v", 1)[1])


class RuleTable:
    """Rules by id, in the order they were registered."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, id: str, confidence: float, stage: str, description: str) -> Rule:  # noqa: A002 - the rule's id
        """Register a rule and return it; the id must be new and read ``name.vN``."""
        if not _ID.match(id):
            raise KGError(f"rule id {id!r} must read name.vN (lower case, dots between parts), e.g. 'svo.active.v1'")
        if id in self._rules:
            raise KGError(f"rule {id!r} is registered twice; give the new reading a new version ({id[:-1]}{int(id.rsplit('.v', 1)[1]) + 1})")
        if stage not in STAGES:
            raise KGError(f"rule {id!r}: unknown stage {stage!r}; use one of {', '.join(STAGES)}")
        if not 0.0 <= confidence <= 1.0:
            raise KGError(f"rule {id!r}: confidence {confidence} is not between 0 and 1")
        rule = Rule(id, confidence, stage, description)
        self._rules[id] = rule
        return rule

    def __getitem__(self, id: str) -> Rule:  # noqa: A002
        try:
            return self._rules[id]
        except KeyError:
            raise KGError(f"no rule {id!r}; the rules are: {', '.join(self._rules)}") from None

    def __contains__(self, id: object) -> bool:  # noqa: A002
        return id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)


RULES = RuleTable()
