"""One writer at a time on a SPARQL server, as on an embedded store: the second is refused, a stale lock
is taken over, claims made at the same moment leave at most one writer, readers never wait.

A real ``oxigraph serve`` per module (tests/servers.py).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import StoreError, StoreLocked
from kg.store.graph_store import GraphStore
from kg.store.remote_lock import HEARTBEAT, HOST, LOCK_GRAPH, PID, SINCE, WriterLock
from servers import oxigraph_executable, oxigraph_server

G = URIRef("urn:kg:test:g")
QUAD = (URIRef("urn:kg:test:a"), RDFS.label, Literal("A"), G)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if oxigraph_executable() is None:
        pytest.skip("pip install oxigraph (kg[cluster])")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture
def url(server):
    GraphStore(server, read_only=True).dataset.update("CLEAR ALL")
    return server


def claims(url: str) -> int:
    return int(next(iter(GraphStore(url, read_only=True).query(
        f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH {LOCK_GRAPH.n3()} {{ ?c ?p ?o }} }}"
    )))[0])


def plant_claim(url: str, host: str, pid: int, beat: str) -> None:
    """A claim as another writer leaves it (``beat``: its last heartbeat, an xsd:dateTime)."""
    dt = "<http://www.w3.org/2001/XMLSchema#dateTime>"
    GraphStore(url, read_only=True).dataset.update(
        f'INSERT DATA {{ GRAPH {LOCK_GRAPH.n3()} {{ <urn:uuid:other> {HOST.n3()} "{host}" ; {PID.n3()} {pid} ;'
        f' {SINCE.n3()} "{beat}"^^{dt} ; {HEARTBEAT.n3()} "{beat}"^^{dt} }} }}'
    )


def test_a_second_writer_is_refused_until_the_first_closes_and_readers_never_wait(url):
    first = GraphStore(url)
    first.begin_writing()
    second = GraphStore(url)
    with pytest.raises(StoreLocked, match=rf"being written by another build \(process \d+ on {socket.gethostname()}"):
        second.replace_document(G, [QUAD])
    assert len(GraphStore(url)) == 0  # a reader: counts, never the lock's quads
    first.replace_document(G, [QUAD])
    first.close()
    assert claims(url) == 0
    second.begin_writing()
    second.replace_document(G, [QUAD])
    second.close()
    assert len(GraphStore(url)) == 1 and claims(url) == 0


def test_a_stale_lock_is_taken_over(url):
    plant_claim(url, "elsewhere.example", 1, "2000-01-01T00:00:00Z")  # silent for years
    with GraphStore(url) as store:
        store.begin_writing()
        assert claims(url) == 1


def test_a_lock_of_an_ended_process_of_this_machine_is_taken_over_at_once(url):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    plant_claim(url, socket.gethostname(), child.pid, "2999-01-01T00:00:00Z")  # a fresh heartbeat, but dead
    with GraphStore(url) as store:
        store.begin_writing()


def test_a_live_lock_of_another_machine_is_respected(url):
    plant_claim(url, "elsewhere.example", 1, "2999-01-01T00:00:00Z")
    with pytest.raises(StoreLocked, match="process 1 on elsewhere.example"):
        GraphStore(url).begin_writing()


def test_writers_claiming_at_the_same_moment_leave_at_most_one_holder(url):
    stores = [GraphStore(url) for _ in range(4)]
    start, won, holding = threading.Barrier(len(stores)), [], threading.Lock()

    def claim(store):
        start.wait()
        try:
            store.begin_writing()
        except StoreLocked:
            return
        with holding:
            won.append(store)

    threads = [threading.Thread(target=claim, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(won) <= 1 and claims(url) == len(won)
    for store in stores:
        store.close()
    assert claims(url) == 0


def test_the_heartbeat_renews_the_claim_and_a_lost_claim_stops_the_next_write(url):
    store = GraphStore(url)
    lock = store._writer_lock = WriterLock(store.dataset.store, heartbeat_every=0.1)
    store.begin_writing()
    beats = lambda: {str(o) for (o,) in store.query(  # noqa: E731
        f"SELECT ?o WHERE {{ GRAPH {LOCK_GRAPH.n3()} {{ ?c {HEARTBEAT.n3()} ?o }} }}")}
    first = beats()
    time.sleep(0.5)
    assert beats() and beats() != first
    store.dataset.update("CLEAR ALL")  # another writer took the lock over
    time.sleep(0.5)
    assert lock.lost
    with pytest.raises(StoreError, match="lost its writer lock"):
        store.replace_document(G, [QUAD])
    store.close()
