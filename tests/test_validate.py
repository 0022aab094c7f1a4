"""SHACL validation: a graph as kg/graph/rdf.py writes it conforms; each kind of damage is reported readably."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.graph.rdf import document_quads
from kg.types import Article, DocumentResult, Entity, Fact, Mention, Quote, Span
from kg.analysis.validate import format_report, validate
from kg.vocab import ENTITIES_GRAPH, KG, NIF, entity_iri, graph_iri

TEXT = 'Keir Starmer met Volodymyr Zelensky in Kyiv. Starmer said: "We stand with Ukraine."'
STARMER = entity_iri("Person", "Keir Starmer")
ZELENSKY = entity_iri("Person", "Volodymyr Zelensky")
UKRAINE = entity_iri("Country", "Ukraine")
KYIV = entity_iri("City", "Kyiv")
DOC_GRAPH = graph_iri("doc-1")


def _entity(key: str, type_: str, name: str) -> Entity:
    start = TEXT.index(name)
    return Entity(key, type_, name, mentions=[Mention(start, start + len(name), name, "name", 0, 1, 0, type_)])


def _quads() -> list:
    """One small document, written by kg/graph/rdf.py exactly as a build writes it."""
    starmer, zelensky = _entity("s", "Person", "Keir Starmer"), _entity("z", "Person", "Volodymyr Zelensky")
    ukraine, kyiv = _entity("u", "Country", "Ukraine"), _entity("k", "City", "Kyiv")
    first, second = Span(0, 44), Span(45, len(TEXT))
    facts = [
        Fact(starmer, "metWith", zelensky, "svo.active.v1", 0.9, first, first),
        Fact(starmer, "holdsRole", "Prime Minister", "roles.v1", 0.8, first, first),
        Fact(kyiv, "capitalOf", ukraine, "gazetteer.v1", 1.0, first, first),
        Fact(starmer, "stand with", ukraine, "svo.prep.v1", 0.5, second, second, open=True),
    ]
    q = TEXT.index("We stand")
    quotes = [Quote("We stand with Ukraine.", q, q + 22, starmer, second, "quotes.v1", 0.8)]
    article = Article("doc-1", TEXT, "doc-1.txt", hashlib.sha256(TEXT.encode()).hexdigest())
    result = DocumentResult(article, [starmer, zelensky, ukraine, kyiv], facts, quotes, [first, second])
    iris = {e.key: entity_iri(e.type, e.name) for e in result.entities}
    return list(document_quads(result, iris, built_at=datetime(2024, 7, 19, tzinfo=timezone.utc)))


QUADS = _quads()


@pytest.fixture
def dataset() -> Dataset:
    ds = Dataset(default_union=True)
    ds.addN(QUADS)
    return ds


def _statement(ds: Dataset, predicate: URIRef) -> URIRef:
    return ds.graph(DOC_GRAPH).value(predicate=RDF.predicate, object=predicate)


def test_a_built_graph_conforms(dataset):
    report = validate(dataset)
    assert report.conforms and report.violations == [], format_report(report)
    assert format_report(report) == "conforms: no violations"


def test_labels_in_the_shared_graph_count_for_entities_typed_in_a_document_graph(dataset):
    assert (STARMER, RDFS.label, None) in dataset.graph(ENTITIES_GRAPH)
    assert (STARMER, RDFS.label, None) not in dataset.graph(DOC_GRAPH)
    assert validate(dataset).conforms


def test_a_plain_graph_is_validated_too(dataset):
    flat = Graph()
    flat += (q[:3] for q in dataset.quads())
    assert validate(flat).conforms
    flat.remove((KYIV, RDFS.label, None))
    assert not validate(flat).conforms


def _drop_label(ds: Dataset) -> None:
    ds.graph(ENTITIES_GRAPH).remove((ZELENSKY, RDFS.label, None))


def _drop_provenance(ds: Dataset) -> None:
    ds.graph(DOC_GRAPH).remove((_statement(ds, KG.metWith), PROV.wasDerivedFrom, None))


def _role_to_person(ds: Dataset) -> None:
    ds.graph(ENTITIES_GRAPH).add((STARMER, KG.holdsRole, ZELENSKY))


def _person_as_capital(ds: Dataset) -> None:
    ds.graph(ENTITIES_GRAPH).add((ZELENSKY, KG.capitalOf, UKRAINE))


def _confidence_above_one(ds: Dataset) -> None:
    ds.graph(DOC_GRAPH).set((_statement(ds, KG.metWith), KG.confidence, Literal(1.5)))


def _quote_without_text(ds: Dataset) -> None:
    ds.graph(DOC_GRAPH).remove((None, KG.quoteText, None))


def _swapped_offsets(ds: Dataset) -> None:
    g = ds.graph(DOC_GRAPH)
    g.set((g.value(predicate=RDF.type, object=NIF.Phrase), NIF.beginIndex, Literal(999)))


def _no_document_hash(ds: Dataset) -> None:
    ds.graph(DOC_GRAPH).remove((None, KG.sha256, None))


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        (_drop_label, "id:person/volodymyr-zelensky rdfs:label: needs exactly one rdfs:label"),
        (_drop_provenance, "prov:wasDerivedFrom: needs a prov:wasDerivedFrom: the nif:Sentence"),
        (_role_to_person, "id:person/keir-starmer (Keir Starmer) kg:holdsRole = id:person/volodymyr-zelensky: "
                          "the object of kg:holdsRole must be a Role"),
        (_person_as_capital, "id:person/volodymyr-zelensky (Volodymyr Zelensky): "
                             "the subject of kg:capitalOf must be a City"),
        (_confidence_above_one, "kg:confidence = '1.5': needs exactly one kg:confidence, a double or decimal"),
        (_quote_without_text, "(We stand with Ukraine.) kg:quoteText: a quote needs exactly one kg:quoteText"),
        (_swapped_offsets, "nif:beginIndex = '999': needs exactly one nif:beginIndex, an integer from 0 up to"),
        (_no_document_hash, "doc:doc-1 kg:sha256: needs exactly one kg:sha256"),
    ],
)
def test_damage_is_reported_in_one_readable_line(dataset, damage: Callable[[Dataset], None], line):
    damage(dataset)
    report = validate(dataset)
    text = format_report(report)
    assert not report.conforms
    assert text.startswith("does not conform: 1 violation(s)"), text
    assert text.splitlines()[1].startswith("Violation: ") and line in text.splitlines()[1], text


def test_an_entity_no_document_mentions_is_only_a_warning(dataset):
    dataset.graph(DOC_GRAPH).remove((KYIV, PROV.wasAttributedTo, None))
    report = validate(dataset)
    assert report.conforms
    [warning] = report.violations
    assert (warning.severity, warning.focus, warning.label, warning.path) == (
        "Warning", "id:city/kyiv", "Kyiv", "prov:wasAttributedTo"
    )
    assert format_report(report).startswith("conforms: 0 violation(s), 1 other result(s)")
