"""A graph that grows: articles built over time into one on-disk Oxigraph store.

tests/data/growth holds three short articles about one organisation, named in
full in the first, by its acronym in the second and as "the Royal National
Lifeboat Institution's" in the third; Keir Starmer is "Keir Starmer" in the first
and only "Sir Keir" in the second; Boris Johnson and Sarah Johnson share a
surname.  Builds set ``SOURCE_DATE_EPOCH``, so that builds of the same texts can be
compared quad for quad, build time included.
"""

from __future__ import annotations

import gc
import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from typer.testing import CliRunner

from kg.pipeline.builder import build
from kg.knowledge.names import normalize_name
from kg.cli.main import app
from kg.store.graph_store import GraphStore
from kg.analysis.validate import validate
from kg.vocab import ENTITIES_GRAPH, entity_iri, graph_iri

GROWTH = Path(__file__).parent / "data" / "growth"
SEED_TEXT = Path(__file__).parent.parent / "examples" / "zelensky-downing-street.txt"
EPOCH = "1720000000"
RESCUE, FUNDING, VOLUNTEERS = (p.name for p in sorted(GROWTH.glob("*.txt")))
KEIR = entity_iri("Person", "Keir Starmer")
RNLI = entity_iri("Organization", "Royal National Lifeboat Institution")

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg-news/ontology#>
"""


def build_into(path: Path, *inputs: Path):
    with GraphStore(path) as store:
        report = build(inputs, store)
    gc.collect()  # GraphStore.close leaves Oxigraph's lock to the collector (rdflib's reference cycles)
    assert not report.problems
    return report


def quads(path: Path) -> dict[URIRef, set[str]]:
    """Every quad in the store, as N-Quads lines by named graph."""
    by_graph: dict[URIRef, set[str]] = {}
    with GraphStore(path, read_only=True) as store:
        for s, p, o, g in store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            by_graph.setdefault(g, set()).add(f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .")
    return by_graph


def rows(path: Path, sparql: str) -> list[tuple]:
    with GraphStore(path, read_only=True) as store:
        return [tuple(row) for row in store.query(PREFIXES + sparql)]


def assert_valid(path: Path) -> None:
    with GraphStore(path, read_only=True) as store:
        report = validate(store.dataset)
    assert report.conforms, report.violations[:5]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> Path:
    """A copy of the growth articles (tests change and remove them)."""
    folder = tmp_path_factory.mktemp("inputs") / "growth"
    shutil.copytree(GROWTH, folder)
    return folder


@pytest.fixture(scope="module")
def grown(tmp_path_factory, texts) -> Path:
    """A store holding the three articles, built in one run."""
    path = tmp_path_factory.mktemp("stores") / "grown"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert build_into(path, texts).built == 3
    return path


@pytest.fixture
def fresh(tmp_path, texts, monkeypatch) -> tuple[Path, Path]:
    """A store of its own (and its own copy of the articles) for a test that changes things."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "growth"
    shutil.copytree(texts, folder)
    build_into(tmp_path / "store", folder)
    return tmp_path / "store", folder


# --- identity across documents ---------------------------------------------------------


def test_three_articles_one_organisation(grown):
    named = rows(grown, """SELECT DISTINCT ?e ?anchor ?doc WHERE {
        ?m itsrdf:taIdentRef ?e ; nif:anchorOf ?anchor ; nif:referenceContext/nif:sourceUrl ?doc .
        FILTER(CONTAINS(?anchor, "RNLI") || CONTAINS(?anchor, "Lifeboat Institution")) }""")
    assert {e for e, _, _ in named} == {RNLI}
    assert len({doc for _, _, doc in named}) == 3
    assert {normalize_name(str(a)) for _, a, _ in named} == {"RNLI", "Royal National Lifeboat Institution"}
    labels = rows(grown, f"SELECT ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ <{RNLI}> rdfs:label ?l }} }}")
    assert [str(label) for label, in labels] == ["Royal National Lifeboat Institution"]


def test_sir_keir_joins_keir_starmer_and_the_merge_is_explained(grown):
    mentions = rows(grown, 'SELECT ?e WHERE { ?m itsrdf:taIdentRef ?e ; nif:anchorOf "Sir Keir" }')
    assert mentions == [(KEIR,)]
    merges = rows(grown, f"""SELECT ?alias ?reason ?doc WHERE {{
        ?m a kg:Merge ; rdf:subject <{KEIR}> ; kg:mergedAlias ?alias ; kg:mergeReason ?reason ; prov:wasAttributedTo ?doc }}""")
    assert {str(a) for a, _, _ in merges} == {"Sir Keir", "Keir"}
    assert all(str(doc).endswith("2024-03-12-lifeboat-funding.txt") and "given name" in str(r) for _, r, doc in merges)

    shown = CliRunner().invoke(app, ["show", "Sir Keir", "--store", str(grown)])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert text.startswith("Keir Starmer (Person)")
    assert "merged Keir, Sir Keir from 2024-03-12-lifeboat-funding.txt: 'Sir Keir' names a person" in text
    assert "Sir Keir visited Oban last week and praised the RNLI." in text
    assert "2024-03-04)" in text  # the fact's date: "last week" before Tuesday 12 March


def test_people_who_share_a_surname_stay_apart(grown):
    people = rows(grown, f"""SELECT ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{
        ?e a kg:Person ; rdfs:label ?l FILTER(CONTAINS(?l, "Johnson")) }} }}""")
    assert sorted(str(label) for label, in people) == ["Boris Johnson", "Sarah Johnson"]


# --- documents and provenance -----------------------------------------------------------


def test_documents_have_title_date_source_and_hash_in_their_own_graph(grown, texts):
    docs = rows(grown, """SELECT ?g ?title ?date ?source ?sha ?text WHERE { GRAPH ?g {
        ?d a kg:Document ; dcterms:title ?title ; dcterms:date ?date ; dcterms:source ?source ; kg:sha256 ?sha .
        ?ctx nif:sourceUrl ?d ; nif:isString ?text } }""")
    by_graph = {g: rest for g, *rest in docs}
    assert set(by_graph) == {graph_iri(d) for d in (RESCUE, FUNDING, VOLUNTEERS)}
    title, date, source, sha, text = by_graph[graph_iri(FUNDING)]
    assert str(title) == "Lifeboat charity warns of funding gap"
    assert date == Literal("2024-03-12", datatype=XSD.date)
    assert Path(str(source)) == (texts / Path(FUNDING).name).resolve()
    assert str(sha) == hashlib.sha256(str(text).encode()).hexdigest()


def test_every_fact_cites_a_sentence_that_its_offsets_slice(grown):
    facts = rows(grown, """SELECT ?st ?anchor ?begin ?end ?text ?rule ?conf ?date ?version ?built WHERE {
        ?st a rdf:Statement .
        OPTIONAL { ?st prov:wasDerivedFrom ?sent . ?sent a nif:Sentence ; nif:anchorOf ?anchor ;
                   nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext/nif:isString ?text }
        OPTIONAL { ?st prov:wasGeneratedBy ?rule } OPTIONAL { ?st kg:confidence ?conf }
        OPTIONAL { ?st dcterms:date ?date }
        OPTIONAL { ?st prov:wasQuotedFrom ?doc . ?doc kg:kgVersion ?version ; prov:generatedAtTime ?built } }""")
    assert len(facts) >= 5
    for st, anchor, begin, end, text, *provenance in facts:
        assert None not in provenance, st
        assert str(text)[int(begin) : int(end)] == str(anchor), st


def test_facts_carry_the_sentence_date_else_the_article_date(grown):
    dated = rows(grown, """SELECT ?sentence ?date WHERE {
        ?st a rdf:Statement ; dcterms:date ?date ; prov:wasDerivedFrom/nif:anchorOf ?sentence }""")
    dates = {(str(s)[:24], d) for s, d in dated}
    assert ("Sir Keir visited Oban la", Literal("2024-03-04", datatype=XSD.date)) in dates
    assert ("Boris Johnson visited Ob", Literal("2019", datatype=XSD.gYear)) in dates  # "in 2019"
    assert ("Prime Minister Keir Star", Literal("2024-03-02", datatype=XSD.date)) in dates  # the article's


def test_the_grown_graph_conforms_to_the_shapes(grown):
    assert_valid(grown)


# --- incremental and idempotent builds ---------------------------------------------------


def test_building_unchanged_documents_again_changes_nothing(grown, texts):
    before = quads(grown)
    report = build_into(grown, texts)
    assert (report.built, report.unchanged) == (0, 3)
    assert quads(grown) == before


def test_the_seed_built_twice_gives_the_same_quads(seed_disk_store, tmp_path):
    copy = tmp_path / "seed"
    shutil.copytree(seed_disk_store, copy)
    assert build_into(copy, SEED_TEXT).unchanged == 1
    assert quads(copy) == quads(seed_disk_store)


def test_building_one_document_at_a_time_gives_the_same_graph(texts, tmp_path, monkeypatch):
    """What a resumed build does: later documents meet the alias table re-read from the store."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "growth"
    folder.mkdir()
    for text in sorted(texts.glob("*.txt")):
        shutil.copy(text, folder)
        assert build_into(tmp_path / "one-by-one", folder).built == 1
    assert build_into(tmp_path / "at-once", folder).built == 3
    assert quads(tmp_path / "one-by-one") == quads(tmp_path / "at-once")


def test_a_changed_document_replaces_its_own_facts(fresh):
    store, folder = fresh
    before = quads(store)
    changed = folder / Path(VOLUNTEERS).name
    old = "Johnson praised the Royal National Lifeboat Institution for opening the centre to schools."
    changed.write_text(changed.read_text().replace(old, "Sarah Johnson met Keir Starmer in Poole."))
    report = build_into(store, folder)
    assert (report.built, report.unchanged) == (1, 2)

    after = quads(store)
    for doc in (RESCUE, FUNDING):
        assert after[graph_iri(doc)] == before[graph_iri(doc)]
    facts = rows(store, f"""SELECT ?p ?sentence WHERE {{ GRAPH <{graph_iri(VOLUNTEERS)}> {{
        ?st a rdf:Statement ; rdf:predicate ?p ; prov:wasDerivedFrom/nif:anchorOf ?sentence }} }}""")
    assert all(str(s) != old for _, s in facts)
    assert any(str(p).endswith("#metWith") for p, _ in facts)
    assert not any(old in line for lines in after.values() for line in lines)
    assert_valid(store)


def test_remove_drops_the_document_and_entities_nothing_else_supports(fresh):
    store, _ = fresh
    before = quads(store)
    removed = CliRunner().invoke(app, ["remove", VOLUNTEERS, "--store", str(store)])
    assert removed.exit_code == 0, removed.output

    after = quads(store)
    assert graph_iri(VOLUNTEERS) not in after
    for doc in (RESCUE, FUNDING):
        assert after[graph_iri(doc)] == before[graph_iri(doc)]
    labelled = dict(rows(store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }"))
    assert entity_iri("Person", "Sarah Johnson") not in labelled and entity_iri("Place", "Poole") not in labelled
    assert str(labelled[RNLI]) == "Royal National Lifeboat Institution" and KEIR in labelled
    assert_valid(store)

