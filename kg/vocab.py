"""IRIs kg writes: its ontology namespace (closed), and how entities, documents,
mentions, statements and rules are named.

Every IRI is a pure function of its inputs, so building the same article twice
gives the same quads.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/kg-news/"

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SCHEMA = Namespace("https://schema.org/")
OPEN = Namespace(BASE + "open#")  # open relations: the verb as written, outside the ontology
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
RULE = Namespace(BASE + "rule/")

ENTITIES_GRAPH = GRAPH["entities"]  # canonical labels and types shared by all documents


class KG(DefinedNamespace):
    """The kg ontology (ontology/kg.ttl). A misspelt term raises AttributeError."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    PoliticalParty: URIRef
    Country: URIRef
    City: URIRef
    Place: URIRef
    Weapon: URIRef
    Event: URIRef
    Quote: URIRef
    Role: URIRef
    Document: URIRef
    Entity: URIRef
    Merge: URIRef
    # relations between entities
    addressed: URIRef
    metWith: URIRef
    visited: URIRef
    urged: URIRef
    thanked: URIRef
    supports: URIRef
    supplied: URIRef
    agreedWith: URIRef
    attacked: URIRef
    threatened: URIRef
    criticized: URIRef
    defeated: URIRef
    founded: URIRef
    ordered: URIRef
    contacted: URIRef
    spokeTo: URIRef
    holdsRole: URIRef
    nationality: URIRef
    leaderOf: URIRef
    memberOf: URIRef
    partOf: URIRef
    locatedIn: URIRef
    capitalOf: URIRef
    said: URIRef
    employedBy: URIRef
    killed: URIRef
    arrested: URIRef
    accused: URIRef
    sued: URIRef
    appealedTo: URIRef
    askedFor: URIRef
    praised: URIRef
    signedDealWith: URIRef
    atWarWith: URIRef
    sanctioned: URIRef
    investigated: URIRef
    appointed: URIRef
    bornIn: URIRef
    # quote details
    quoteText: URIRef
    addressee: URIRef
    medium: URIRef
    # document and provenance details
    sha256: URIRef
    confidence: URIRef
    kgVersion: URIRef
    mergedAlias: URIRef
    mergeReason: URIRef
    openRelation: URIRef


def slug(text: str) -> str:
    """Lower-case ASCII slug of a name: accents folded, runs of other characters -> '-'.

    >>> slug("Volodymyr Zelensky")
    'volodymyr-zelensky'
    >>> slug("Zelenskyy's  Office!")
    'zelenskyy-s-office'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not s:  # a name with no ASCII letter at all: keep it distinct by hashing
        s = "x" + hashlib.sha1(text.encode()).hexdigest()[:12]
    return s[:80]


def entity_iri(type_: str, name: str) -> URIRef:
    """The global IRI of an entity of class ``type_`` (local name) called ``name``.

    >>> entity_iri("Person", "Keir Starmer")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/person/keir-starmer')
    """
    return ID[f"{type_.lower()}/{slug(name)}"]


def role_iri(title: str) -> URIRef:
    return ID[f"role/{slug(title)}"]


def document_iri(doc_id: str) -> URIRef:
    return DOC[slug(doc_id)]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph holding one document's facts and mentions."""
    return GRAPH[slug(doc_id)]


def char_iri(doc_id: str, start: int, end: int) -> URIRef:
    """NIF RFC 5147 style IRI of a stretch of a document: ``…/doc/ID#char=S,E``."""
    return URIRef(f"{document_iri(doc_id)}#char={start},{end}")


def rule_iri(rule: str) -> URIRef:
    return RULE[rule]


def open_predicate(relation: str) -> URIRef:
    """Predicate IRI for an open relation (the verb as written)."""
    return OPEN[re.sub(r"[^A-Za-z0-9]+", "_", relation).strip("_") or "related"]
