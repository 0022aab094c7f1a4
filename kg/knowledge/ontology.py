"""The ontology as the pipeline uses it: classes, properties, domain/range checks, lexicon.

Reads ``ontology/kg.ttl`` (OWL/RDFS) and ``ontology/lexicon.yaml`` (relation words
-> properties) once per folder and caches the result.  The folder is the project's
``ontology/``, or ``$KG_ONTOLOGY_DIR`` when set, so a user can extend the lexicon
without touching the code.

>>> onto = load_ontology()
>>> onto.is_a("City", "Place"), onto.lookup("Meet  with")
(True, LexiconEntry(property='metWith', inverse=False))
>>> onto.accepts("holdsRole", "Person", None), onto.accepts("capitalOf", "Country", "City")
(True, False)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kg.errors import KGError
from kg.resources import data_dir
from kg.vocab import KG

__all__ = ["LexiconEntry", "Ontology", "PropertyInfo", "class_members", "load_ontology", "ontology_dir"]

LITERAL = "Literal"  # the range of a datatype property, in PropertyInfo.range
# libyaml's loader when PyYAML was built with it: the same safe subset, about 10x faster to read
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class PropertyInfo:
    """One property of kg.ttl, with its domain and range as class local names."""

    name: str  # local name, e.g. "metWith"
    domain: frozenset[str]  # class local names; empty = anything
    range: frozenset[str]  # class local names, or {"Literal"} for a datatype property; empty = anything
    symmetric: bool
    label: str
    comment: str


@dataclass(frozen=True)
class LexiconEntry:
    """Where a lexicon key points: a property, and whether subject and object swap."""

    property: str
    inverse: bool = False


class Ontology:
    """The classes, properties and lexicon of one ontology folder (see ``load_ontology``)."""

    def __init__(
        self,
        folder: Path,
        graph: Graph,
        parents: Mapping[str, frozenset[str]],
        properties: dict[str, PropertyInfo],
        lexicon: dict[str, LexiconEntry],
        no_fallback: frozenset[str],
    ) -> None:
        self.folder = folder  # where kg.ttl, lexicon.yaml and shapes.ttl were read
        self.graph = graph  # kg.ttl as parsed, for kg/analysis/validate.py and kg/analysis/ontodoc.py
        self.classes = frozenset(parents)
        self.properties = properties
        self.lexicon = lexicon  # normalised key -> entry, as listed in lexicon.yaml
        self._parents = parents
        self._no_fallback = no_fallback

    def superclasses(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it: ``"City"`` -> City, Place, Entity.

        A class the ontology does not know is only itself, so it fits no domain.
        """
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self._parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    def is_a(self, cls: str, parent: str) -> bool:
        """True when ``cls`` is ``parent`` or a subclass of it."""
        return parent in self.superclasses(cls)

    def lookup(self, relation: str) -> LexiconEntry | None:
        """The lexicon entry for a relation key ("meet with", "n:visit to"), or None.

        Case and spacing do not matter.  An unlisted key falls back to itself minus
        its last word ("shoot down" -> "shoot"), but never past a preposition of the
        lexicon's ``no_fallback`` list: "attack in" is not "attack".
        """
        words = relation.lower().split()
        while words:
            entry = self.lexicon.get(" ".join(words))
            if entry is not None:
                return entry
            if words[-1] in self._no_fallback:
                break
            words.pop()
        return None

    def accepts(self, predicate: str, subject_type: str, object_type: str | None) -> bool:
        """Whether ``subject_type predicate object_type`` fits the property's domain and range.

        ``object_type`` None stands for a literal: it fits a datatype property, and
        ``holdsRole`` (a role title becomes a kg:Role node).  Subclasses fit.
        """
        info = self.properties.get(predicate)
        if info is None:
            raise KGError(
                f"{predicate!r} is not a property of the ontology ({self.folder / 'kg.ttl'}); "
                f"use one of: {', '.join(sorted(self.properties))}"
            )
        if not self._fits(subject_type, info.domain):
            return False
        if object_type is None:
            return bool(info.range & {LITERAL, "Role"})
        return LITERAL not in info.range and self._fits(object_type, info.range)

    def _fits(self, cls: str, allowed: frozenset[str]) -> bool:
        return not allowed or not allowed.isdisjoint(self.superclasses(cls))


def ontology_dir() -> Path:
    """The folder holding kg.ttl, shapes.ttl and lexicon.yaml: ``$KG_ONTOLOGY_DIR`` or ``ontology/``."""
    return Path(os.environ.get("KG_ONTOLOGY_DIR") or data_dir("ontology", "kg.ttl"))


def load_ontology() -> Ontology:
    """The ontology of ``ontology_dir()``, read once per folder."""
    return _load(ontology_dir().resolve())


@lru_cache(maxsize=4)
def _load(folder: Path) -> Ontology:
    ttl, lexicon = folder / "kg.ttl", folder / "lexicon.yaml"
    for path in (ttl, lexicon):
        if not path.is_file():
            raise KGError(f"missing {path}: point KG_ONTOLOGY_DIR at a folder holding kg.ttl and lexicon.yaml")
    try:
        graph = Graph().parse(ttl, format="turtle")
    except Exception as exc:  # rdflib raises several parser-specific types
        raise KGError(f"cannot parse {ttl}: {exc}; fix the Turtle syntax there") from exc
    properties = _properties(graph)
    entries, no_fallback = _lexicon(lexicon, properties)
    return Ontology(folder, graph, _parents(graph), properties, entries, no_fallback)


def _local(term: Node) -> str | None:
    """The local name of a ``kg:`` IRI, None for anything else."""
    ns = str(KG._NS)
    return str(term)[len(ns):] if isinstance(term, URIRef) and str(term).startswith(ns) else None


def _name(term: Node) -> str:
    """A class's local name, in kg or another vocabulary (``rdf:Statement`` -> ``Statement``)."""
    text = str(term)
    return text[max(text.rfind("#"), text.rfind("/")) + 1:]


def class_members(graph: Graph, node: Node) -> list[Node]:
    """The classes a domain or range names: itself, or the members of its ``owl:unionOf``."""
    union = graph.value(node, OWL.unionOf)
    return list(Collection(graph, union)) if union is not None else [node]


def _parents(graph: Graph) -> dict[str, frozenset[str]]:
    """Every kg class -> its direct kg superclasses."""
    names = {_local(c) for c in graph.subjects(RDF.type, OWL.Class)} - {None}
    return {
        name: frozenset(p for p in map(_local, graph.objects(KG[name], RDFS.subClassOf)) if p)
        for name in names
    }


def _properties(graph: Graph) -> dict[str, PropertyInfo]:
    out: dict[str, PropertyInfo] = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            name = _local(prop)
            if name is None:
                continue
            datatype = kind == OWL.DatatypeProperty
            out[name] = PropertyInfo(
                name=name,
                domain=_classes(graph, graph.objects(prop, RDFS.domain)),
                range=frozenset({LITERAL}) if datatype else _classes(graph, graph.objects(prop, RDFS.range)),
                symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
                label=str(graph.value(prop, RDFS.label) or ""),
                comment=str(graph.value(prop, RDFS.comment) or ""),
            )
    return out


def _classes(graph: Graph, nodes: Iterable[Node]) -> frozenset[str]:
    return frozenset(_name(c) for node in nodes for c in class_members(graph, node))


def _lexicon(path: Path, properties: Mapping[str, PropertyInfo]) -> tuple[dict[str, LexiconEntry], frozenset[str]]:
    """Read lexicon.yaml into normalised key -> entry, checking every target and key."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise KGError(f"cannot parse {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("properties"), dict):
        raise KGError(f"{path} needs a 'properties:' mapping of ontology property -> {{keys: [...], inverse: [...]}}")
    entries: dict[str, LexiconEntry] = {}
    for prop, sections in data["properties"].items():
        if prop not in properties:
            raise KGError(f"{path}: {prop!r} is not a property of kg.ttl; add it there or fix the name")
        if not isinstance(sections, dict) or not set(sections) <= {"keys", "inverse"}:
            raise KGError(f"{path}: {prop!r} takes 'keys:' and optionally 'inverse:', each a list of words")
        for section, keys in sections.items():
            for key in _words(path, keys):
                norm = " ".join(key.lower().split())
                if norm in entries:
                    raise KGError(f"{path}: {norm!r} is listed twice ({entries[norm].property} and {prop}); keep one")
                entries[norm] = LexiconEntry(prop, inverse=section == "inverse")
    return entries, frozenset(_words(path, data.get("no_fallback")))


def _words(path: Path, items: object) -> list[str]:
    """A YAML list that must hold strings (YAML reads a bare on/off/yes/no as a boolean)."""
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise KGError(f"{path}: expected a list of words, got {items!r}; quote words like \"on\" and \"off\"")
    return items
