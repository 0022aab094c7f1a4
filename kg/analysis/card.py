"""The entity card behind ``kg show``: labels, classes, facts with their sentences, quotes, merges."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.graph.rdf import GAZETTEER_IRI
from kg.vocab import KG, document_id, sparql_prefixes

_NS = str(KG._NS)

_FACTS = sparql_prefixes('rdf', 'rdfs', 'prov', 'nif') + """SELECT ?s ?slabel ?p ?o ?olabel ?sentence ?doc ?rule ?conf ?date ?world WHERE {
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

_QUOTES = sparql_prefixes('prov') + """SELECT ?text ?doc WHERE { ?entity <%(ns)ssaid> ?q . ?q <%(ns)squoteText> ?text ; prov:wasQuotedFrom ?doc }
ORDER BY ?doc ?text
""" % {"ns": _NS}

_LABELS = sparql_prefixes('rdfs', 'skos') + """SELECT ?kind ?value WHERE {
  { ?entity rdfs:label ?value BIND("label" AS ?kind) }
  UNION { ?entity skos:altLabel ?value BIND("alias" AS ?kind) }
  UNION { ?entity a ?value BIND("class" AS ?kind) }
  UNION { ?entity <http://www.w3.org/ns/prov#wasAttributedTo> ?value BIND("document" AS ?kind) }
}"""

_MERGES = sparql_prefixes('rdf', 'prov') + """SELECT ?alias ?reason ?doc WHERE {
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
    subject_iri: str = ""
    object_iri: str = ""
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
    more_facts: bool = False  # ``max_facts`` left some out


def local_name(iri: str) -> str:
    """The part of an IRI after ``#`` or the last ``/``.

    >>> local_name("https://w3id.org/kg-news/ontology#metWith")
    'metWith'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_card(store, iri: URIRef, *, max_facts: int | None = None) -> EntityCard:
    """Everything the store says about one entity, with the sentence behind each fact.

    With ``max_facts``, only that many facts (and as many quotes) are read (the
    first the store finds, then sorted), and ``more_facts`` says whether there were
    more facts: a page about an entity named in thousands of articles stays fast.
    """
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
    seen, read = set(), 0
    facts = _FACTS if max_facts is None else _FACTS.replace("} ORDER BY ?doc ?p", f"}} LIMIT {int(max_facts) + 1}")
    for s, slabel, p, o, olabel, sentence, doc, rule, conf, date, world in store.query(facts, bind):
        read += 1
        line = FactLine(
            subject=str(slabel or local_name(str(s))),
            predicate=local_name(str(p)),
            obj=str(olabel or local_name(str(o))),
            sentence=" ".join(str(sentence or "").split()),
            document=document_id(str(doc)),
            rule=local_name(str(rule)),
            confidence=float(conf) if conf is not None else None,
            outgoing=(str(s) == str(iri)),
            date=str(date) if date is not None else None,
            subject_iri=str(s),
            object_iri=str(o),
            world_knowledge=world is not None,
        )
        key = (line.subject, line.predicate, line.obj, line.sentence)
        if key not in seen:
            seen.add(key)
            card.facts.append(line)
    if max_facts is not None:
        card.more_facts = read > max_facts
        card.facts = sorted(card.facts, key=lambda f: (f.document, f.predicate))[:max_facts]
    quotes = _QUOTES if max_facts is None else _QUOTES.replace("ORDER BY ?doc ?text", f"LIMIT {int(max_facts)}")
    card.quotes = [(str(t), document_id(str(d))) for t, d in store.query(quotes, bind)]
    if max_facts is not None:
        card.quotes.sort(key=lambda q: (q[1], q[0]))
    names: dict[tuple[str, str], set[str]] = {}  # one merge record lists every name it joined
    for alias, reason, doc in store.query(_MERGES, bind):
        names.setdefault((str(reason), document_id(str(doc))), set()).add(str(alias))
    card.merges = sorted((", ".join(sorted(a)), reason, doc) for (reason, doc), a in names.items())
    return card
