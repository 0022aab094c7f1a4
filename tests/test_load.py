"""``kg load``: RDF files into every kind of store, in parallel blocks where that is safe."""

from __future__ import annotations

import gzip

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from kg.store import load as load_module
from kg.cli.main import app
from kg.errors import KGError
from kg.store.load import import_graph, load_files
from kg.store.graph_store import GraphStore
from servers import oxigraph_executable, oxigraph_server

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def quad_lines(n: int) -> str:
    """``n`` distinct quads over ten named graphs, one per line."""
    return "".join(
        f'<urn:kg:test:s{i % 97}> <urn:kg:test:p{i % 7}> "value {i}" <urn:kg:test:g{i % 10}> .\n' for i in range(n)
    )


def quads_of(store: GraphStore) -> set[tuple]:
    return {tuple(row) for row in store.query(ALL_QUADS)}


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 1 kB, so a small file is cut into many parallel bulk loads."""
    monkeypatch.setattr(load_module, "BLOCK_BYTES", 1024)


def test_nquads_load_in_parallel_blocks_gives_every_quad_once(tmp_path, small_blocks):
    dump = tmp_path / "graph.nq"
    dump.write_text(quad_lines(2000))
    with GraphStore(tmp_path / "store") as store:
        load_files(store, [dump], threads=2)
        load_files(store, [dump], threads=2)  # a second load adds nothing
        loaded = quads_of(store)
    assert len(loaded) == 2000
    assert ("urn:kg:test:s5", "urn:kg:test:p5", "value 5", "urn:kg:test:g5") in {tuple(map(str, q)) for q in loaded}


def test_blank_nodes_keep_their_identity_across_blocks(tmp_path, small_blocks):
    dump = tmp_path / "graph.nq"
    filler = quad_lines(100)
    dump.write_text(f"_:b1 <urn:kg:test:p> <urn:kg:test:first> <urn:kg:test:g> .\n{filler}"
                    f"_:b1 <urn:kg:test:p> <urn:kg:test:last> <urn:kg:test:g> .\n")
    with GraphStore(tmp_path / "store") as store:
        load_files(store, [dump], threads=2)
        subjects = {row[0] for row in store.query(
            "SELECT ?s WHERE { GRAPH ?g { ?s <urn:kg:test:p> ?o } FILTER(?o IN (<urn:kg:test:first>, <urn:kg:test:last>)) }")}
    assert len(subjects) == 1


def test_export_restores_into_an_empty_store(tmp_path, seed_disk_store):
    with GraphStore(seed_disk_store, read_only=True) as built:
        original = quads_of(built)
    runner = CliRunner()
    dump = tmp_path / "seed.nq.gz"
    exported = runner.invoke(app, ["export", "-f", "nquads", "-o", str(tmp_path / "seed.nq"), "--store", str(seed_disk_store)])
    assert exported.exit_code == 0, exported.output
    dump.write_bytes(gzip.compress((tmp_path / "seed.nq").read_bytes()))
    result = runner.invoke(app, ["load", str(dump), "--store", str(tmp_path / "restored")])
    assert result.exit_code == 0, result.output
    assert f"{len(original):,} new quads" in result.output
    with GraphStore(tmp_path / "restored", read_only=True) as restored:
        assert quads_of(restored) == original


def test_triples_go_into_a_named_graph_of_their_own(tmp_path):
    dump = tmp_path / "extra.ttl"
    dump.write_text("<urn:kg:test:a> <urn:kg:test:p> <urn:kg:test:b> .\n")
    store = GraphStore("memory")
    load_files(store, [dump])
    assert quads_of(store) == {
        (URIRef("urn:kg:test:a"), URIRef("urn:kg:test:p"), URIRef("urn:kg:test:b"), import_graph(dump))
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("notes.txt", "hello", "unknown RDF format"),
        ("broken.nt", "<urn:a> <urn:b\n", "not valid N-Triples"),
    ],
)
def test_a_bad_file_is_named_with_what_to_do(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    with GraphStore(tmp_path / "store") as store, pytest.raises(KGError, match=message) as caught:
        load_files(store, [tmp_path / name])
    assert name in str(caught.value)


def test_a_missing_file_fails_on_the_command_line_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["load", str(tmp_path / "nowhere.nq"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "nowhere.nq: no such file" in result.output


@pytest.mark.skipif(oxigraph_executable() is None, reason="pip install oxigraph (kg[cluster])")
def test_a_file_is_posted_to_a_sparql_server(tmp_path):
    dump = tmp_path / "graph.nq"
    dump.write_text(quad_lines(300))
    with oxigraph_server(tmp_path / "db") as url:
        store = GraphStore(url)
        load_files(store, [dump])
        assert len(store) == 300
