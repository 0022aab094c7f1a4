"""kg over a SPARQL 1.1 server: a real ``oxigraph serve`` started and stopped per module."""

from __future__ import annotations

import json
import socket
import time
import urllib.request

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import StoreError
from kg.store.remote import bind_inline, open_remote_dataset
from kg.store.graph_store import GraphStore
from servers import oxigraph_executable, oxigraph_server

G1, G2 = URIRef("urn:kg:test:g1"), URIRef("urn:kg:test:g2")
A, B = URIRef("urn:kg:test:a"), URIRef("urn:kg:test:b")
needs_server = pytest.mark.skipif(oxigraph_executable() is None, reason="pip install oxigraph (kg[cluster])")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    if oxigraph_executable() is None:
        pytest.skip("pip install oxigraph (kg[cluster])")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture
def store(server_url):
    gs = GraphStore(server_url)
    gs.dataset.update("CLEAR ALL")
    return gs


def http_count(url: str) -> int:
    """Quads on the server counted with a plain HTTP request (no kg code), the writer lock's graph left out."""
    req = urllib.request.Request(
        url + "query",
        data=b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/kg-news/store/writer-lock>) }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=5) as res:
        return int(json.load(res)["results"]["bindings"][0]["n"]["value"])


@needs_server
def test_replace_document_writes_named_graphs_seen_over_http(store, server_url):
    store.replace_document(G1, [(A, RDFS.label, Literal("A"), G1), (A, RDF.type, RDFS.Resource, G2)])
    assert http_count(server_url) == 2 == len(store)
    store.replace_document(G1, [(A, RDFS.label, Literal("A2"), G1)])
    quads = set(store.dataset.quads((None, None, None, None)))
    assert quads == {(A, RDFS.label, Literal("A2"), G1), (A, RDF.type, RDFS.Resource, G2)}


@needs_server
def test_queries_see_the_union_of_named_graphs_with_bound_parameters(store):
    store.replace_document(G1, [(A, RDFS.label, Literal("A"), G1), (B, RDFS.label, Literal("B"), G2)])
    rows = store.query("SELECT ?l WHERE { ?x ?p ?l }", {"x": B, "p": RDFS.label})
    assert [str(r[0]) for r in rows] == ["B"]
    assert store.document_hash(URIRef("urn:kg:test:nothing")) is None


@needs_server
def test_pattern_reads_come_with_their_graph(store):
    store.replace_document(G1, [(A, RDFS.label, Literal("A"), G1), (B, RDFS.label, Literal("B"), G2)])
    assert set(store.dataset.quads((A, None, None, None))) == {(A, RDFS.label, Literal("A"), G1)}
    assert set(store.dataset.graph(G2).triples((None, None, None))) == {(B, RDFS.label, Literal("B"))}


@needs_server
def test_a_failed_update_leaves_the_document_whole(store):
    store.replace_document(G1, [(A, RDFS.label, Literal("A"), G1)])
    with pytest.raises(StoreError, match="refused the request"):
        # the second operation fails on the server, so the first must not be applied either
        store.dataset.update(f"DROP GRAPH {G1.n3()} ; DROP GRAPH <urn:kg:test:missing>")
    assert set(store.dataset.quads((None, None, None, None))) == {(A, RDFS.label, Literal("A"), G1)}


def test_a_server_that_is_down_says_what_to_do():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the socket closes
    with pytest.raises(StoreError, match=rf"cannot reach the SPARQL server at http://127.0.0.1:{port}/.*check --store"):
        GraphStore(f"http://127.0.0.1:{port}/")


def test_a_server_that_does_not_answer_times_out():
    with socket.socket() as sock:  # accepts connections (backlog) but never replies
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        started = time.monotonic()
        with pytest.raises(StoreError, match="no answer within 0.3s"):
            open_remote_dataset(f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=0.3)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "PREFIX x: <urn:x#> # a comment with { braces }\nSELECT ?n WHERE { ?e x:p '{' }",
            "PREFIX x: <urn:x#> # a comment with { braces }\nSELECT ?n WHERE { VALUES (?e) { (<urn:v>) } ?e x:p '{' }",
        ),
        (
            "CONSTRUCT { ?e <urn:p> ?o } WHERE { ?e <urn:q> ?o }",
            "CONSTRUCT { ?e <urn:p> ?o } WHERE { VALUES (?e) { (<urn:v>) } ?e <urn:q> ?o }",
        ),
        ("ASK { ?e ?p ?o }", "ASK { VALUES (?e) { (<urn:v>) } ?e ?p ?o }"),
    ],
)
def test_bindings_go_at_the_start_of_the_where_group(query, expected):
    assert bind_inline(query, {"e": URIRef("urn:v")}) == expected


@needs_server
@pytest.mark.model
def test_a_build_into_the_server_is_counted_over_http(store, server_url, tmp_path, nlp):
    from kg.pipeline.builder import build

    (tmp_path / "talks.txt").write_text("Prime Minister Keir Starmer met Volodymyr Zelensky in London on Monday.")
    (tmp_path / "aid.txt").write_text("The United Nations urged Russia to allow aid convoys into Mariupol.")
    report = build([tmp_path], store)
    assert report.built == 2
    assert 0 < http_count(server_url) == len(store) <= report.quads
    store.close()  # releases the server's writer lock
    again = build([tmp_path], GraphStore(server_url))  # a second builder sharing the store: nothing to redo
    assert (again.built, again.unchanged) == (0, 2)


@needs_server
@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "jsonld"])
def test_an_export_from_the_server_has_the_quads_of_the_same_build_in_the_embedded_store(
    store, tmp_path, monkeypatch, fmt
):
    import gc

    from rdflib import Dataset

    from kg.export import export
    from kg.pipeline.builder import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720000000")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "talks.txt").write_text("Prime Minister Keir Starmer met Volodymyr Zelensky in London on Monday.")
    embedded = GraphStore(tmp_path / "embedded")
    assert build([tmp_path / "in"], embedded).built == 1
    assert build([tmp_path / "in"], store).built == 1
    suffix = {"nquads": "nq", "trig": "trig", "turtle": "ttl", "jsonld": "jsonld"}[fmt]
    export(embedded, fmt, tmp_path / f"embedded.{suffix}")
    export(store, fmt, tmp_path / f"remote.{suffix}")
    embedded.close()
    gc.collect()

    def quads(path):
        ds = Dataset()
        ds.parse(path, format={"nquads": "nquads", "trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}[fmt])
        return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in ds.quads()}

    remote, local = quads(tmp_path / f"remote.{suffix}"), quads(tmp_path / f"embedded.{suffix}")
    assert remote - local == set() and local - remote == set() and len(remote) > 50
    lines = (tmp_path / f"remote.{suffix}").read_text().count("\n")
    assert lines == (tmp_path / f"embedded.{suffix}").read_text().count("\n")  # no default-graph copy
