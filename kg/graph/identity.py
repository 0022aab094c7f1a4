"""Cross-document identity: give each document entity its global IRI.

The same person, organisation or place in different articles must be one IRI.
An ``AliasTable`` holds every label and alias already in the store (and those of
documents built earlier in the same run).  A new entity joins a known IRI only on
the evidence below, each join recorded as a ``Merge`` (which names, why) that
``kg show`` prints; otherwise it gets the IRI of its class and canonical name
(``vocab.entity_iri``), which is where the same name meets itself across articles.

People are matched on full names only (two or more words once honorifics and
titles are dropped: "Sir Keir Starmer" is "Keir Starmer"):

1. a full name joins the one known person who has that full name as an alias;
   a shared surname is never enough ("Boris Johnson" and "Sarah Johnson" stay two);
2. a partial name -- one word, as "Mr Starmer" or "Sir Keir" -- joins the one known
   person with a full name it completes: "Sir"/"Dame" go with a given name
   ("Sir Keir" -> Keir Starmer), any other honorific or none with a surname
   ("Mr Starmer", "Starmer").  Two candidates, or a candidate whose known gender
   (from an honorific or a given name) contradicts the honorific ("Mrs Johnson"
   and Boris Johnson), and it stays apart under its own IRI.

Other classes:

3. a name or alias shared with exactly one known entity of the same class
   (gazetteer aliases already make "Britain", "the UK" one "United Kingdom");
4. an acronym of three or more letters joins the one known entity of its class
   whose name it abbreviates ("RNLI" -> Royal National Lifeboat Institution), and a
   full name joins the one known entity named by its acronym.  Two letters are
   too ambiguous without the sentence that spelled the name out.

Identity flows one way in time: a partial name never becomes the IRI of a full
name seen later ("Sir Keir" first, "Keir Starmer" after: two nodes), because a
merged entity keeps the label of the IRI it joins.  Builds read documents in a
fixed order, so the same inputs always give the same IRIs, and a resumed build
(the table re-read from the store) decides exactly as an uninterrupted one.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.knowledge.names import acronym as _acronym, initials as _initials, strip_honorifics
from kg.knowledge.gazetteer import Gazetteer
from kg.knowledge.names import normalize_name
from kg.types import Entity
from kg.vocab import ENTITIES_GRAPH, KG, entity_iri

# honorifics used with a given name ("Sir Keir", "Dame Judi"); all others go with a surname
GIVEN_NAME_HONORIFICS = {"Sir", "Dame"}
MIN_ACRONYM = 3

_ALIASES = f"""SELECT DISTINCT ?e ?t ?l ?isLabel WHERE {{
  GRAPH {ENTITIES_GRAPH.n3()} {{ ?e {RDF.type.n3()} ?t }}
  FILTER(?t != {KG.Role.n3()})
  {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e {RDFS.label.n3()} ?l }} BIND(true AS ?isLabel) }}
  UNION {{ ?e {SKOS.altLabel.n3()} ?l BIND(false AS ?isLabel) }}
}}"""


@dataclass(frozen=True)
class Merge:
    """A document entity joined to an entity already known: under which name (``alias``), and why."""

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


def person_words(name: str, gaz: Gazetteer) -> list[str]:
    """A person's name without honorifics or titles, as words: "Sir Keir Starmer" -> ["Keir", "Starmer"]."""
    return strip_honorifics(normalize_name(name).split(), gaz)


def honorific(name: str, gaz: Gazetteer) -> str | None:
    """The honorific a name opens with ("Mr", "Sir"), if any."""
    words = normalize_name(name).split()
    return words[0].rstrip(".") if len(words) > 1 and words[0] in gaz.honorifics else None


class AliasTable:
    """What the graph already knows about names: IRIs by full name, surname, given name and acronym."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer  # honorifics, titles and given names, to read persons' names
        self._by_name: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._by_surname: dict[str, set[URIRef]] = defaultdict(set)
        self._by_given: dict[str, set[URIRef]] = defaultdict(set)
        self._by_acronym: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._genders: dict[URIRef, set[str]] = defaultdict(set)
        self.labels: dict[URIRef, str] = {}

    @classmethod
    def from_store(cls, store, gazetteer: Gazetteer) -> AliasTable:
        """The table of a GraphStore, read with one query (entity classes and labels, every altLabel)."""
        table = cls(gazetteer)
        kg_ns = str(KG._NS)
        rows = sorted(store.query(_ALIASES), key=lambda row: (str(row[0]), str(row[2])))  # order-free result
        for e, t, label, is_label in rows:
            if str(t).startswith(kg_ns):
                table.add(e, str(t)[len(kg_ns):], str(label))
                if is_label.toPython():
                    table.labels.setdefault(e, str(label))
        return table

    def add(self, iri: URIRef, type_: str, alias: str) -> None:
        """Learn that ``iri`` (of class ``type_``) is called ``alias``."""
        if type_ != "Person":
            self._by_name[(type_, normalise(normalize_name(alias)))].add(iri)
            words = normalize_name(alias).split()
            if len(words) > 1:
                for acronym in _initials(words, self.gaz.name_function_words):
                    if len(acronym) >= MIN_ACRONYM:
                        self._by_acronym[(type_, acronym)].add(iri)
            return
        gaz = self.gaz
        words = person_words(alias, gaz)
        gender = gaz.honorifics.get(honorific(alias, gaz) or "")
        if gender:
            self._genders[iri].add(gender)
        if len(words) > 1:  # a full name: it, its surname and its given name now point here
            self._by_name[(type_, normalise(" ".join(words)))].add(iri)
            self._by_surname[normalise(words[-1])].add(iri)
            self._by_given[normalise(words[0])].add(iri)
            if words[0] in gaz.given_names:
                self._genders[iri].add(gaz.given_names[words[0]])

    def assign(self, entity: Entity) -> tuple[URIRef, Merge | None]:
        """The IRI for a document entity, and the merge that justifies reusing a known one."""
        own = entity_iri(entity.type, entity.name)
        if entity.type == "Person" and len(person_words(entity.name, self.gaz)) == 1:
            found = self._partial_person(entity)
        elif entity.type == "Person":
            names = [a for a in {entity.name, *entity.aliases} if len(person_words(a, self.gaz)) > 1]
            found = self._by_alias(entity, own, names, lambda a: " ".join(person_words(a, self.gaz)))
        else:
            found = self._by_alias(entity, own, [entity.name, *entity.aliases], normalize_name)
            found = found or self._by_acronyms(entity, own)
        return found or (own, None)

    def _by_alias(
        self, entity: Entity, own: URIRef, aliases: Iterable[str], key: Callable[[str], str]
    ) -> tuple[URIRef, Merge | None] | None:
        """Rules 1 and 3: a name (longest first) that exactly one known entity of the class has; None if none."""
        for alias in sorted(set(aliases), key=lambda a: (-len(a), a)):
            known = self._by_name.get((entity.type, normalise(key(alias))), set())
            decided = self._decide(entity, own, known, alias, "is a name of {known}, the only known {type} with it")
            if decided:
                return decided
        return None

    def _partial_person(self, entity: Entity) -> tuple[URIRef, Merge | None] | None:
        """Rule 2: "Sir Keir" -> the one known Keir; "Mr Starmer" -> the one known Starmer."""
        gaz = self.gaz
        word = normalise(person_words(entity.name, gaz)[0])
        titles = sorted({h for a in entity.aliases if (h := honorific(a, gaz))})
        genders = {gaz.honorifics[h] for h in titles if gaz.honorifics.get(h)}
        if GIVEN_NAME_HONORIFICS & set(titles):
            known, part = self._by_given.get(word, set()), "given name"
        else:
            known, part = self._by_surname.get(word, set()), "surname"
        fitting = {iri for iri in known if not (genders and self._genders[iri] and not genders & self._genders[iri])}
        if len(fitting) != 1:
            return None
        iri = next(iter(fitting))
        alias = next((a for a in sorted(entity.aliases) if honorific(a, gaz)), entity.name)
        reason = (f"{alias!r} names a person by the {part} {entity.name!r} alone, "
                  f"and {self.labels.get(iri, iri)!r} is the only known person it fits")
        return iri, Merge(entity, iri, alias, reason)

    def _by_acronyms(self, entity: Entity, own: URIRef) -> tuple[URIRef, Merge | None] | None:
        """Rule 4: an acronym and the full name it abbreviates, across documents; None if neither."""
        for alias in sorted({entity.name, *entity.aliases}):
            words = normalize_name(alias).split()
            acronym = _acronym(alias) if len(words) == 1 else None
            if acronym and len(acronym) >= MIN_ACRONYM:
                known, why = self._by_acronym.get((entity.type, acronym), set()), "abbreviates"
            elif len(words) > 1:
                forms = {a.casefold() for a in _initials(words, self.gaz.name_function_words) if len(a) >= MIN_ACRONYM}
                known = set().union(*(self._by_name.get((entity.type, f), set()) for f in forms))
                why = "spells out"
            else:
                continue
            decided = self._decide(entity, own, known, alias, why + " {known}, the only known {type} it fits")
            if decided:
                return decided
        return None

    def _decide(
        self, entity: Entity, own: URIRef, known: set[URIRef], alias: str, why: str
    ) -> tuple[URIRef, Merge | None] | None:
        """Its own IRI when that is among ``known``; the one known IRI (with the merge and ``why``); else None."""
        if own in known:
            return own, None
        if len(known) != 1:
            return None
        iri = next(iter(known))
        reason = f"{alias!r} " + why.format(known=repr(self.labels.get(iri, str(iri))), type=entity.type)
        return iri, Merge(entity, iri, alias, reason)

    def assign_all(self, entities: list[Entity]) -> tuple[dict[str, URIRef], list[Merge]]:
        """IRIs for all entities of a document; the table learns their names for later documents.

        Every entity takes the canonical label its IRI already has (its own name
        becomes an alias), so an IRI never gets a second ``rdfs:label``.
        """
        iris: dict[str, URIRef] = {}
        merges: list[Merge] = []
        for ent in entities:
            iri, merge = self.assign(ent)
            iris[ent.key] = iri
            if merge is not None:
                merges.append(merge)
            label = self.labels.setdefault(iri, ent.name)
            if label != ent.name:
                ent.aliases.add(ent.name)
                ent.name = label
            for alias in {ent.name, *ent.aliases}:
                self.add(iri, ent.type, alias)
        return iris, merges


__all__ = ["AliasTable", "Merge", "honorific", "normalise", "person_words"]
