"""IRIs kg writes: its ontology namespace (closed), and how entities, documents,
mentions, statements and rules are named.

Every IRI is a pure function of its inputs, so building the same article twice
gives the same quads.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

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
    clashedWith: URIRef
    collaboratedWith: URIRef
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
    # business, sport and office
    acquired: URIRef
    bidFor: URIRef
    ownedBy: URIRef
    subsidiaryOf: URIRef
    investedIn: URIRef
    ownsStakeIn: URIRef
    competedAgainst: URIRef
    resignedFrom: URIRef
    succeeded: URIRef
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
    # identifiers in other data
    isoCode: URIRef


# The class local names of the ontology (Person, City, Quote, ...): what `-t`/`--type` accepts.
CLASSES = frozenset(name for name in KG.__annotations__ if name[:1].isupper())

# prefix -> namespace: the one list behind SPARQL PREFIX lines and compact IRIs (kg:Person, doc:a.txt)
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "id": str(ID),
    "doc": str(DOC),
    "graph": str(GRAPH),
    "rule": str(RULE),
    "open": str(OPEN),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def sparql_prefixes(*names: str) -> str:
    r"""SPARQL ``PREFIX`` lines for ``names`` (every prefix of ``PREFIXES`` when none are given).

    >>> sparql_prefixes("rdfs")
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names or PREFIXES)


def compact(iri: str) -> str:
    """``iri`` as ``prefix:rest`` when a namespace of ``PREFIXES`` starts it, for reading (not parsing).

    >>> compact("https://w3id.org/kg-news/ontology#Person"), compact("urn:x")
    ('kg:Person', 'urn:x')
    """
    for prefix, ns in _LONGEST_FIRST:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


SLUG_MAX = 80  # characters of a name kept in an entity IRI; a longer one ends in a hash of the whole
ID_MAX = 160  # characters of a document id kept in its IRI; a longer one ends in a hash of the whole


def slug(text: str) -> str:
    """Lower-case ASCII slug of a name: accents folded, runs of other characters -> '-'.

    A slug longer than ``SLUG_MAX`` is cut and ends in a short hash of the
    whole, so two long names sharing their first 80 characters stay two.

    >>> slug("Volodymyr Zelensky")
    'volodymyr-zelensky'
    >>> slug("Zelenskyy's  Office!")
    'zelenskyy-s-office'
    >>> len(slug("x" * 200)), slug("x" * 200) == slug("x" * 199)
    (80, False)
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not s:  # a name with no ASCII letter at all: keep it distinct by hashing
        s = "x" + hashlib.sha1(text.encode()).hexdigest()[:12]
    return _cut(s, SLUG_MAX)


def _cut(text: str, limit: int) -> str:
    """``text`` when it fits in ``limit`` characters, else its start and ``-`` and 8 hex of its sha1."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 9].rstrip('-')}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def id_path(doc_id: str) -> str:
    """A document id as an IRI path: kept as written, other characters percent-encoded (UTF-8).

    One id, one path, and two ids two paths: case, punctuation and ``/`` are
    kept (``Report.txt`` and ``report.txt`` are two documents); an id longer than
    ``ID_MAX`` is cut and ends in a short hash of the whole.

    >>> id_path("news/2024/Report 1.txt")
    'news/2024/Report%201.txt'
    """
    return _cut(quote(doc_id, safe="/._-~!$&'()*+,;=:@"), ID_MAX)


def entity_iri(type_: str, name: str) -> URIRef:
    """The global IRI of an entity of class ``type_`` (local name) called ``name``.

    >>> entity_iri("Person", "Keir Starmer")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/person/keir-starmer')
    """
    return ID[f"{type_.lower()}/{slug(name)}"]


def role_iri(title: str) -> URIRef:
    return ID[f"role/{slug(title)}"]


def document_iri(doc_id: str) -> URIRef:
    """The document node of the document with id ``doc_id`` (``…/doc/`` and ``id_path``)."""
    return DOC[id_path(doc_id)]


def document_id(iri: str) -> str:
    """The document id a document IRI (``document_iri``) was made from, as far as its IRI keeps it.

    >>> document_id(document_iri("2024/Report 1.txt"))
    '2024/Report 1.txt'
    """
    return unquote(iri.removeprefix(str(DOC)))


def graph_iri(doc_id: str) -> URIRef:
    """The named graph holding one document's facts and mentions: ``…/graph/doc/`` and ``id_path``.

    Under ``doc/``, so that no document id can name the shared entities graph or an import graph.
    """
    return GRAPH[f"doc/{id_path(doc_id)}"]


def import_graph_iri(file_name: str) -> URIRef:
    """The named graph receiving the triples of a triples-only RDF file loaded with ``kg load``."""
    return GRAPH[f"import/{id_path(file_name)}"]


def char_iri(doc_id: str, start: int, end: int) -> URIRef:
    """NIF RFC 5147 style IRI of a stretch of a document: ``…/doc/ID#char=S,E``."""
    return URIRef(f"{document_iri(doc_id)}#char={start},{end}")


def rule_iri(rule: str) -> URIRef:
    return RULE[rule]


def open_predicate(relation: str) -> URIRef:
    """Predicate IRI for an open relation (the verb as written)."""
    return OPEN[re.sub(r"[^A-Za-z0-9]+", "_", relation).strip("_") or "related"]
