"""GraphStore writes: a new document and a replaced one give the same quads, whatever the literals hold."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.store.graph_store import GraphStore

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
