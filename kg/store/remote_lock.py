"""One writer at a time on a SPARQL server store, as on the embedded one: a lock graph on the server.

Why: a build reads the entities the store knows once, at its start, and names
new ones from that; two builds writing into one server at the same time would
each miss the other's new entities and split them.  So the second writer is
refused, with who holds the store and since when, exactly as a second writer
of an on-disk store is (``StoreLocked``).  Readers never take the lock.

How (plain SPARQL 1.1, any server):

1. stale claims are deleted: those whose heartbeat is older than
   ``STALE_AFTER_MINUTES`` (5: a build that was killed, or a machine that lost
   the network), and at once those of this machine whose process has ended,
   or of this process that it no longer holds (a re-run after a killed build or
   a lost server goes on without waiting);
2. a claim (a fresh ``urn:uuid:`` node: host, pid, since, heartbeat) is
   inserted only if the lock graph holds no claim (a conditional update);
3. the lock graph is read back: the writer holds the store only if its claim
   is the only one.  Two writers that claimed at the same moment both see two
   claims, both withdraw theirs and try again after a random pause; at most
   one can ever see its claim alone (each reads after its own insert is applied).

While held, a daemon thread renews the heartbeat every ``HEARTBEAT_EVERY``
seconds (with the server's own clock, ``NOW()``, so clocks of the machines
never matter); ``release`` deletes the claim.  A writer whose claim was taken
away (it was silent for longer than ``STALE_AFTER_MINUTES``) is told so at its next write.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
import uuid

from rdflib import URIRef

from kg.errors import StoreError, StoreLocked
from kg.graph.rdf import nt_literal
from kg.store.process import alive
from kg.vocab import BASE

LOCK_GRAPH = URIRef(BASE + "store/writer-lock")  # outside graph/: no document id can name it
_P = BASE + "store/lock#"
HOST, PID, SINCE, HEARTBEAT = (URIRef(_P + name) for name in ("host", "pid", "since", "heartbeat"))
STALE_AFTER_MINUTES = 5
HEARTBEAT_EVERY = 60.0  # seconds
CLAIM_ATTEMPTS = 4
_OURS: set[URIRef] = set()  # claims this process makes or holds now (one it let go of is stale, even if stored)


class WriterLock:
    """The writer lock of one SPARQL server (``store`` is a ``RemoteStore``)."""

    def __init__(self, store, *, stale_after_minutes: float = STALE_AFTER_MINUTES,
                 heartbeat_every: float = HEARTBEAT_EVERY) -> None:
        self.store = store
        self.claim = URIRef(f"urn:uuid:{uuid.uuid4()}")
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.stale_minutes = stale_after_minutes
        self.stale_after = f'"PT{stale_after_minutes * 60:g}S"^^<http://www.w3.org/2001/XMLSchema#dayTimeDuration>'
        self.heartbeat_every = heartbeat_every
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def held(self) -> bool:
        return self._thread is not None

    def acquire(self) -> None:
        """Take the lock, or raise StoreLocked saying who has it."""
        if self.held:
            return
        _OURS.add(self.claim)  # before it can be seen on the server
        try:
            self._claim()
        except BaseException:
            _OURS.discard(self.claim)
            raise

    def _claim(self) -> None:
        """The claiming steps (``acquire``); returns holding the lock, else raises StoreLocked."""
        g, c = LOCK_GRAPH.n3(), self.claim.n3()
        for attempt in range(CLAIM_ATTEMPTS):
            self._expire()
            self.store._update(
                f"INSERT {{ GRAPH {g} {{ {c} {HOST.n3()} {nt_literal(self.host, None)} ; {PID.n3()} {self.pid} ;"
                f" {SINCE.n3()} ?now ; {HEARTBEAT.n3()} ?now }} }} WHERE {{ BIND(NOW() AS ?now)"
                f" FILTER NOT EXISTS {{ GRAPH {g} {{ ?any {HEARTBEAT.n3()} ?t }} }} }}"
            )
            claims = self._claims()
            if set(claims) == {self.claim}:
                self._start_heartbeat()
                return
            others = {claim: what for claim, what in claims.items() if claim != self.claim}
            if self.claim not in claims:  # someone else held it already
                if not others:
                    continue  # and has let go meanwhile
                host, pid, since, beat = next(iter(others.values()))
                raise StoreLocked(
                    f"the SPARQL server at {self.store.endpoints.base} is being written by another build"
                    f" (process {pid} on {host}, since {since}, last seen {beat}). Wait for it to finish, or build"
                    " into another store; queries can still read it. A lock left by a killed build expires"
                    f" {self.stale_minutes:g} minutes after its last sign of life (at once for a process of this"
                    " machine that has ended)."
                )
            self._withdraw()  # claimed at the same moment as another writer: both step back
            time.sleep(random.uniform(0.05, 0.5) * (attempt + 1))  # noqa: S311 - not cryptographic
        raise StoreLocked(f"the SPARQL server at {self.store.endpoints.base} is being claimed by another build at"
                          " the same moment; try again in a few seconds")

    def release(self) -> None:
        """Stop the heartbeat and delete the claim (a server that is gone keeps it until it is stale)."""
        if not self.held:
            return
        self._stop.set()
        self._thread.join(timeout=5)
        self._thread = None
        try:
            self._withdraw()
        except StoreError:
            pass  # the server is gone: the claim goes stale on its own (at once for a re-run on this machine)
        finally:
            _OURS.discard(self.claim)

    def check(self) -> None:
        """Raise StoreError if the claim was taken away while this writer was silent."""
        if self.lost:
            raise StoreError(
                f"this build lost its writer lock on {self.store.endpoints.base}: it gave no sign of life for"
                f" {self.stale_minutes:g} minutes and another build may be writing; run the same command again"
                " once that one has finished"
            )

    # -- inside -----------------------------------------------------------------
    def _claims(self) -> dict[URIRef, tuple[str, int, str, str]]:
        """Every claim in the lock graph: host, pid, since, last heartbeat (server times)."""
        rows = self.store._query(
            f"SELECT ?c ?host ?pid ?since ?beat WHERE {{ GRAPH {LOCK_GRAPH.n3()} {{ ?c {HOST.n3()} ?host ;"
            f" {PID.n3()} ?pid ; {SINCE.n3()} ?since ; {HEARTBEAT.n3()} ?beat }} }}"
        )
        return {URIRef(str(c)): (str(host), int(pid), str(since), str(beat)) for c, host, pid, since, beat in rows}

    def _expire(self) -> None:
        """Delete the claims nobody keeps alive: a heartbeat too old, or a process of this machine that has ended."""
        g = LOCK_GRAPH.n3()
        self.store._update(
            f"DELETE {{ GRAPH {g} {{ ?c ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?c {HEARTBEAT.n3()} ?t ; ?p ?o }}"
            f" FILTER(?t < NOW() - {self.stale_after}) }}"
        )
        for claim, (host, pid, _, _) in self._claims().items():
            if claim != self.claim and host == self.host and (
                not alive(pid) or (pid == self.pid and claim not in _OURS)
            ):
                self._withdraw(claim)

    def _withdraw(self, claim: URIRef | None = None) -> None:
        """Delete a claim (this writer's own by default)."""
        self.store._update(f"DELETE WHERE {{ GRAPH {LOCK_GRAPH.n3()} {{ {(claim or self.claim).n3()} ?p ?o }} }}")

    def _start_heartbeat(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="kg-writer-lock", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        g, c, beat = LOCK_GRAPH.n3(), self.claim.n3(), HEARTBEAT.n3()
        while not self._stop.wait(self.heartbeat_every):
            try:
                self.store._update(
                    f"DELETE {{ GRAPH {g} {{ {c} {beat} ?old }} }} INSERT {{ GRAPH {g} {{ {c} {beat} ?now }} }}"
                    f" WHERE {{ GRAPH {g} {{ {c} {beat} ?old }} BIND(NOW() AS ?now) }}"
                )
                if self.claim not in self._claims():
                    self.lost = True
                    return
            except StoreError:
                continue  # the server is away for a moment: the next beat tries again

