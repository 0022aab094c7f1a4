"""One document's extraction result -> RDF quads, following the RDF contract.

Layout (see docs/rdf.md):
- the document's named graph (``vocab.graph_iri``) holds its document node, NIF
  context/sentences/mentions, the entity types and aliases it saw, its facts
  (``s kg:p o``), a reified ``rdf:Statement`` per fact with provenance, and quotes;
- the shared graph ``vocab.ENTITIES_GRAPH`` holds each entity's canonical
  ``rdfs:label`` and type, so every entity has exactly one label.

``iris`` maps each document entity to its global IRI (cross-document identity is
decided before this, in ``kg/identity.py``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .identity import Merge
from .types import DocumentResult, Entity, Fact, Quote, Span
from .vocab import (
    ENTITIES_GRAPH,
    ITSRDF,
    KG,
    NIF,
    char_iri,
    document_iri,
    graph_iri,
    open_predicate,
    role_iri,
    rule_iri,
)

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


def document_quads(
    result: DocumentResult,
    iris: Mapping[str, URIRef],
    merges: Iterable[Merge] = (),
    built_at: datetime | None = None,
) -> Iterator[Quad]:
    """Yield every quad describing one document (its graph and its shared labels).

    ``built_at`` defaults to now, or to ``$SOURCE_DATE_EPOCH`` when set, so that
    two builds of the same text can be made byte-identical.
    """
    art = result.article
    g = graph_iri(art.id)
    doc = document_iri(art.id)
    ctx = char_iri(art.id, 0, len(art.text))
    when = Literal((built_at or build_time()).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)

    yield doc, RDF.type, KG.Document, g
    yield doc, RDF.type, PROV.Entity, g
    yield doc, KG.sha256, Literal(art.sha256), g
    yield doc, DCTERMS.source, Literal(art.source), g
    yield doc, PROV.generatedAtTime, when, g
    yield doc, KG.kgVersion, Literal(__version__), g
    if art.title:
        yield doc, DCTERMS.title, Literal(art.title), g
    if art.date:
        yield doc, DCTERMS.date, Literal(art.date, datatype=XSD.date), g
    yield ctx, RDF.type, NIF.Context, g
    yield ctx, NIF.isString, Literal(art.text), g
    yield ctx, NIF.beginIndex, Literal(0), g
    yield ctx, NIF.endIndex, Literal(len(art.text)), g
    yield ctx, NIF.sourceUrl, doc, g

    # every sentence, and any other stretch a fact or quote cites as its source
    cited = {f.sentence for f in result.facts} | {q.sentence for q in result.quotes}
    for sent in sorted(set(result.sentences) | cited, key=lambda s: (s.start, s.end)):
        yield from _sentence(art.id, art.text, sent, ctx, g)

    for ent in result.entities:
        iri = iris[ent.key]
        cls = KG[ent.type]
        yield iri, RDF.type, cls, ENTITIES_GRAPH
        yield iri, RDFS.label, Literal(ent.name), ENTITIES_GRAPH
        yield iri, RDF.type, cls, g
        yield iri, PROV.wasAttributedTo, doc, g  # "mentioned in"; used by kg remove
        for alias in sorted(ent.aliases):
            yield iri, SKOS.altLabel, Literal(alias), g
        for m in ent.mentions:
            mi = char_iri(art.id, m.start, m.end)
            yield mi, RDF.type, NIF.Phrase, g
            yield mi, NIF.anchorOf, Literal(m.text), g
            yield mi, NIF.beginIndex, Literal(m.start), g
            yield mi, NIF.endIndex, Literal(m.end), g
            yield mi, NIF.referenceContext, ctx, g
            yield mi, ITSRDF.taIdentRef, iri, g

    for fact in result.facts:
        yield from _fact(art.id, fact, iris, doc, g, art.date)
    for quote in result.quotes:
        yield from _quote(art.id, quote, iris, doc, g)
    for merge in merges:
        yield from _merge(art.id, merge, doc, g)


def build_time() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def _merge(doc_id: str, merge: Merge, doc: URIRef, g: URIRef) -> Iterator[Quad]:
    """Record why a document's entity was joined to an entity already known, with every name it brought."""
    m = URIRef(f"{document_iri(doc_id)}#merge-{merge.entity.key}")
    yield m, RDF.type, KG.Merge, g
    yield m, PROV.wasAttributedTo, doc, g
    yield m, RDF.subject, merge.iri, g
    for alias in sorted({merge.alias, *merge.entity.aliases}):
        yield m, KG.mergedAlias, Literal(alias), g
    yield m, KG.mergeReason, Literal(merge.reason), g



def _sentence(doc_id: str, text: str, sent: Span, ctx: URIRef, g: URIRef) -> Iterator[Quad]:
    si = char_iri(doc_id, sent.start, sent.end)
    yield si, RDF.type, NIF.Sentence, g
    yield si, NIF.anchorOf, Literal(text[sent.start : sent.end]), g
    yield si, NIF.beginIndex, Literal(sent.start), g
    yield si, NIF.endIndex, Literal(sent.end), g
    yield si, NIF.referenceContext, ctx, g


def _object_term(obj: Entity | str, iris: Mapping[str, URIRef], g: URIRef) -> tuple[URIRef, list[Quad]]:
    """The IRI of a fact's object; a role title becomes a shared kg:Role node."""
    if isinstance(obj, Entity):
        return iris[obj.key], []
    role = role_iri(obj)
    return role, [
        (role, RDF.type, KG.Role, ENTITIES_GRAPH),
        (role, RDFS.label, Literal(obj), ENTITIES_GRAPH),
        (role, RDF.type, KG.Role, g),
    ]


def _statement_iri(doc_id: str, *parts: object) -> URIRef:
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return URIRef(f"{document_iri(doc_id)}#stmt-{digest}")


def _fact(
    doc_id: str, fact: Fact, iris: Mapping[str, URIRef], doc: URIRef, g: URIRef, article_date: str | None
) -> Iterator[Quad]:
    """The fact's triple and its reified statement; dated by its sentence (``Fact.date``), else by its article."""
    s = iris[fact.subject.key]
    o, extra = _object_term(fact.obj, iris, g)
    yield from extra
    p = open_predicate(fact.predicate) if fact.open else KG[fact.predicate]
    yield s, p, o, g
    st = _statement_iri(doc_id, s, p, o, fact.sentence.start, fact.rule)
    yield st, RDF.type, RDF.Statement, g
    yield st, RDF.subject, s, g
    yield st, RDF.predicate, p, g
    yield st, RDF.object, o, g
    yield st, PROV.wasDerivedFrom, char_iri(doc_id, fact.sentence.start, fact.sentence.end), g
    yield st, PROV.wasQuotedFrom, doc, g
    yield st, PROV.wasGeneratedBy, rule_iri(fact.rule), g
    yield st, KG.confidence, Literal(round(float(fact.confidence), 3)), g
    if fact.open:
        yield st, KG.openRelation, Literal(fact.predicate), g
    if fact.date or article_date:
        yield st, DCTERMS.date, date_literal(fact.date or article_date), g


def date_literal(iso: str) -> Literal:
    """An ISO year, month or day as the matching XSD literal: ``1997`` gYear, ``2019-03`` gYearMonth, else date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(iso), XSD.date)
    return Literal(iso, datatype=datatype)


def _quote(doc_id: str, quote: Quote, iris: Mapping[str, URIRef], doc: URIRef, g: URIRef) -> Iterator[Quad]:
    q = URIRef(f"{document_iri(doc_id)}#quote-{quote.start}-{quote.end}")
    yield q, RDF.type, KG.Quote, g
    yield q, KG.quoteText, Literal(quote.text), g
    yield q, RDFS.label, Literal(quote.text), g
    yield q, NIF.beginIndex, Literal(quote.start), g
    yield q, NIF.endIndex, Literal(quote.end), g
    yield q, PROV.wasDerivedFrom, char_iri(doc_id, quote.sentence.start, quote.sentence.end), g
    yield q, PROV.wasQuotedFrom, doc, g
    yield q, PROV.wasGeneratedBy, rule_iri(quote.rule), g
    yield q, KG.confidence, Literal(round(float(quote.confidence), 3)), g
    if quote.speaker is not None:
        yield iris[quote.speaker.key], KG.said, q, g
    if quote.addressee is not None:
        yield q, KG.addressee, iris[quote.addressee.key], g
    if quote.medium is not None:
        yield q, KG.medium, iris[quote.medium.key], g
