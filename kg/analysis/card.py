"""The entity card behind ``kg show``: labels, classes, facts with their sentences, quotes, merges."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.graph.rdf import GAZETTEER_IRI
from kg.vocab import KG, document_id

_NS = str(KG._NS)

_FACTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?s ?slabel ?p ?o ?olabel ?sentence ?doc ?rule ?conf ?date ?world WHERE {
  { ?st rdf:subject ?entity ; rdf:object ?o . BIND(?entity AS ?s) }
  UNION { ?st rdf:object ?entity ; rdf:subject ?s . BIND(?entity AS ?o) }
  ?st rdf:predicate ?p ; prov:wasQuotedFrom ?doc ; prov:wasGeneratedBy ?rule .
  OPTIONAL { ?st <%(ns)sconfidence> ?conf }
  OPTIONAL { ?st <http://purl.org/dc/terms/date> ?date }
  OPTIONAL { ?st prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence }
  OPTIONAL { ?st prov:wasDerivedFrom ?world . FILTER(?world = <%(gazetteer)s>) }
  OPTIONAL { ?s rdfs:label ?slabel }
  OPTIONAL { ?o rdfs:label ?olabel }
} ORDER BY ?doc ?p
""" % {"ns": _NS, "gazetteer": GAZETTEER_IRI}

_QUOTES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?text ?doc WHERE { ?entity <%(ns)ssaid> ?q . ?q <%(ns)squoteText> ?text ; prov:wasQuotedFrom ?doc }
ORDER BY ?doc ?text
""" % {"ns": _NS}

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kind ?value WHERE {
  { ?entity rdfs:label ?value BIND("label" AS ?kind) }
  UNION { ?entity skos:altLabel ?value BIND("alias" AS ?kind) }
  UNION { ?entity a ?value BIND("class" AS ?kind) }
  UNION { ?entity <http://www.w3.org/ns/prov#wasAttributedTo> ?value BIND("document" AS ?kind) }
}"""

_MERGES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?alias ?reason ?doc WHERE {
  ?m a <%(ns)sMerge> ; rdf:subject ?entity ; <%(ns)smergedAlias> ?alias ;
     <%(ns)smergeReason> ?reason ; prov:wasAttributedTo ?doc }
""" % {"ns": _NS}


@dataclass
class FactLine:
    subject: str
    predicate: str
    obj: str
    sentence: str
    document: str
    rule: str
    confidence: float | None
    outgoing: bool
    date: str | None = None  # the sentence's date, else the article's
    world_knowledge: bool = False  # from kg's gazetteer; with no sentence, from the gazetteer alone


@dataclass
class EntityCard:
    iri: str
    label: str = ""
    classes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    facts: list[FactLine] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    merges: list[tuple[str, str, str]] = field(default_factory=list)  # (names joined, why, document)


def local_name(iri: str) -> str:
    """The part of an IRI after ``#`` or the last ``/``.

    >>> local_name("https://w3id.org/kg-news/ontology#metWith")
    'metWith'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_card(store, iri: URIRef) -> EntityCard:
    """Everything the store says about one entity, with the sentence behind each fact."""
    card = EntityCard(str(iri))
    bind = {"entity": iri}
    for kind, value in store.query(_LABELS, bind):
        text = str(value)
        if str(kind) == "label":
            card.label = card.label or text
        elif str(kind) == "alias":
            card.aliases.append(text)
        elif str(kind) == "class" and text.startswith(_NS):
            card.classes.append(local_name(text))
        elif str(kind) == "document":
            card.documents.append(document_id(text))
    card.aliases = sorted(set(card.aliases) - {card.label})
    card.classes = sorted(set(card.classes))
    card.documents = sorted(set(card.documents))
    seen = set()
    for s, slabel, p, o, olabel, sentence, doc, rule, conf, date, world in store.query(_FACTS, bind):
        line = FactLine(
            subject=str(slabel or local_name(str(s))),
            predicate=local_name(str(p)),
            obj=str(olabel or local_name(str(o))),
            sentence=" ".join(str(sentence or "").split()),
            document=document_id(str(doc)),
            rule=local_name(str(rule)),
            confidence=float(conf) if conf is not None else None,
            outgoing=(s == iri),
            date=str(date) if date is not None else None,
            world_knowledge=world is not None,
        )
        key = (line.subject, line.predicate, line.obj, line.sentence)
        if key not in seen:
            seen.add(key)
            card.facts.append(line)
    card.quotes = [(str(t), document_id(str(d))) for t, d in store.query(_QUOTES, bind)]
    names: dict[tuple[str, str], set[str]] = {}  # one merge record lists every name it joined
    for alias, reason, doc in store.query(_MERGES, bind):
        names.setdefault((str(reason), document_id(str(doc))), set()).add(str(alias))
    card.merges = sorted((", ".join(sorted(a)), reason, doc) for (reason, doc), a in names.items())
    return card
