"""GraphStore writes: a new document and a replaced one give the same quads, whatever the literals hold;
failures say what happened; kg.pid names the writer only while it runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import StoreLocked
from kg.store.graph_store import GraphStore, lock_holder

G = URIRef("urn:kg:test:doc")
A = URIRef("urn:kg:test:a")
AWKWARD = [
    Literal('two lines\nwith "quotes" and a back\\slash'),
    Literal("Kyiv", lang="en"),
    Literal("1997", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
]


def literals(store: GraphStore) -> set[tuple]:
    """Lexical form, language and datatype of every object (plain strings read back as xsd:string)."""
    return {(str(o), o.language, o.datatype and str(o.datatype).rsplit("#")[-1])
            for (o,) in store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_new_and_replaced_documents_keep_every_literal_exact(tmp_path):
    expected = {(str(AWKWARD[0]), None, "string"), ("Kyiv", "en", None), ("1997", None, "gYear")}
    with GraphStore(tmp_path / "store") as store:
        store.replace_document(G, [(A, RDFS.label, o, G) for o in AWKWARD])  # new: one N-Quads load
        assert literals(store) == expected
        store.replace_document(G, [(A, RDFS.label, o, G) for o in AWKWARD[:1]])  # there: one SPARQL update
        assert len(store) == 1


def test_a_literal_longer_than_the_nquads_reader_holds_is_stored_whole(tmp_path):
    # a 50 MB article's text (nif:isString) is one line of 50 MB: Oxigraph's N-Quads reader
    # stops at 16 MiB a line ("Reached the buffer maximal size"), so such a write is an update
    text = Literal("Ein Satz \"mit\" Umlaut: äöü.\n" * 700_000)  # 21 M characters, ~25 MB encoded
    with GraphStore(tmp_path / "store") as store:
        store.replace_document(G, [(A, RDFS.label, text, G)])
        store.add_document_nquads(G, [(A.n3(), RDFS.comment.n3(), text.n3(), G.n3())])
        assert [len(str(o)) for (o,) in store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")] == [len(text)] * 2


def test_io_failures_say_what_happened_and_what_to_do():
    import errno as errnos

    from kg.store.graph_store import io_failure

    assert io_failure(OSError("IO error: No space left on device: While appending")).startswith("the disk is full (")
    assert "raise the quota" in io_failure(OSError(errnos.EDQUOT, "Disk quota exceeded"))
    assert io_failure(OSError(errnos.EROFS, "Read-only file system")).startswith("the file system is read-only")
    assert io_failure(OSError("something else")) == "something else"


def test_a_failure_while_closing_never_hides_the_first_error(monkeypatch):
    from kg.errors import StoreError
    from kg.store.graph_store import GraphStore

    store = GraphStore("memory")
    monkeypatch.setattr(store, "flush", lambda: (_ for _ in ()).throw(OSError("No space left on device")))
    with pytest.raises(StoreError, match="the first"):
        with store:
            raise StoreError("the first")


# -- the lock file ------------------------------------------------------------------


def _ended_pid() -> int:
    """The pid of a process that has ended (as a killed build's kg.pid names)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_kg_pid_names_the_writer_while_open_and_is_removed_on_close(tmp_path):
    store = GraphStore(tmp_path / "s")
    assert (tmp_path / "s" / "kg.pid").read_text() == str(os.getpid())
    store.close()
    assert not (tmp_path / "s" / "kg.pid").exists()
    with GraphStore(tmp_path / "s", read_only=True):
        assert not (tmp_path / "s" / "kg.pid").exists()  # a reader writes none


def test_a_stale_kg_pid_is_replaced_and_never_named_as_the_holder(tmp_path):
    path = tmp_path / "s"
    GraphStore(path).close()
    (path / "kg.pid").write_text(str(_ended_pid()))  # left by a killed build
    assert lock_holder(path, wait=0) is None
    with GraphStore(path):  # the stale file does not stop a writer, and is overwritten
        assert (path / "kg.pid").read_text() == str(os.getpid())
    (path / "kg.pid").write_text(str(stale := _ended_pid()))
    holder = subprocess.Popen(  # another program holds Oxigraph's lock, without a kg.pid of its own
        [sys.executable, "-c", f"import pyoxigraph, time; s = pyoxigraph.Store({str(path)!r}); print(1, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"1"
        with pytest.raises(StoreLocked) as locked:
            GraphStore(path)
    finally:
        holder.kill()
        holder.wait()
    message = str(locked.value)
    assert "not a running kg build" in message and str(stale) not in message and "?" not in message
