"""Cross-document identity: give each document entity its global IRI.

The same person, organisation or place in different articles must be one IRI.
An ``AliasTable`` holds every label and alias already in the store (and those
of documents built earlier in the same run); a new entity joins an existing IRI
when the evidence is clear, and each such join is recorded as a ``Merge`` (which
alias, why) that ``kg show`` explains:

1. it shares a name or alias with exactly one known entity of the same class;
2. a one-word person name ("Starmer") that is the surname of exactly one known
   person ("Keir Starmer") -- two known Starmers and it stays apart;
3. otherwise a new IRI from its class and canonical name (``vocab.entity_iri``).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from .types import Entity
from .vocab import KG, entity_iri


@dataclass(frozen=True)
class Merge:
    """A document entity joined to an entity already known, and why."""

    entity: Entity
    iri: URIRef
    alias: str
    reason: str


def normalise(name: str) -> str:
    """Case-, accent- and space-insensitive form of a name for matching.

    >>> normalise("  Zelenskyy ") == normalise("zelenskyy")
    True
    >>> normalise("Bogotá")
    'bogota'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return " ".join(folded.casefold().split())


class AliasTable:
    """Known entities by (class, normalised alias), with their canonical labels."""

    def __init__(self) -> None:
        self._by_alias: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._by_surname: dict[str, set[URIRef]] = defaultdict(set)
        self.labels: dict[URIRef, str] = {}

    @classmethod
    def from_store(cls, store) -> AliasTable:
        """Read every entity's class, label and aliases from a GraphStore."""
        table = cls()
        rows = store.query(
            """SELECT ?e ?t ?l WHERE { ?e a ?t . { ?e ?label ?l } UNION { ?e ?alt ?l } }""",
            {"label": RDFS.label, "alt": SKOS.altLabel},
        )
        kg_ns = str(KG._NS)
        for e, t, label in rows:
            if str(t).startswith(kg_ns):
                table.add(e, str(t)[len(kg_ns):], str(label))
        rows = store.query("SELECT ?e ?l WHERE { ?e ?label ?l }", {"label": RDFS.label})
        for e, label in rows:
            table.labels.setdefault(e, str(label))
        return table

    def add(self, iri: URIRef, type_: str, alias: str) -> None:
        self._by_alias[(type_, normalise(alias))].add(iri)
        if type_ == "Person" and len(alias.split()) > 1:
            self._by_surname[normalise(alias.split()[-1])].add(iri)

    def assign(self, entity: Entity) -> tuple[URIRef, Merge | None]:
        """The IRI for a document entity, and the merge that justifies reusing one."""
        own = entity_iri(entity.type, entity.name)
        for alias in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
            known = self._by_alias.get((entity.type, normalise(alias)), set())
            if own in known:
                return own, None
            if len(known) == 1:
                iri = next(iter(known))
                return iri, Merge(entity, iri, alias, f"shares the name {alias!r} with one known {entity.type}")
        if entity.type == "Person" and len(entity.name.split()) == 1:
            known = self._by_surname.get(normalise(entity.name), set())
            if len(known) == 1:
                iri = next(iter(known))
                return iri, Merge(entity, iri, entity.name, f"{entity.name!r} is the surname of only one known person")
        return own, None

    def assign_all(self, entities: list[Entity]) -> tuple[dict[str, URIRef], list[Merge]]:
        """IRIs for all entities of a document; the table learns their aliases for later documents.

        A merged entity takes the known entity's canonical name, so every IRI keeps one label.
        """
        iris: dict[str, URIRef] = {}
        merges: list[Merge] = []
        for ent in entities:
            iri, merge = self.assign(ent)
            iris[ent.key] = iri
            if merge is not None:
                merges.append(merge)
                ent.aliases.add(ent.name)
                ent.name = self.labels.get(iri, ent.name)
            self.labels.setdefault(iri, ent.name)
            for alias in {ent.name, *ent.aliases}:
                self.add(iri, ent.type, alias)
        return iris, merges


__all__ = ["AliasTable", "Merge", "normalise"]
