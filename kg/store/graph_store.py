"""Open a graph store and write documents into it, one atomic update per document.

Locations:
- a folder path (default ``./kg-store``, or ``$KG_STORE``): Oxigraph on disk,
  through rdflib's oxrdflib plugin; one writer process at a time (a second one is
  told which process holds it), any number of read-only readers.  The writer's
  pid is in ``kg.pid`` while it has the store open (removed on close; one left by
  a killed build names a process that has ended and is never reported as the holder);
- ``memory``: rdflib's in-memory store, for tests and library use;
- ``http://…``/``https://…``: a SPARQL 1.1 server (see ``kg/store/remote.py``); one
  writer at a time there too: the first write (or ``begin_writing``) takes the
  server's writer lock (``kg/store/remote_lock.py``), ``close`` releases it.

Every document lives in its own named graph and is written in one transaction:
a new document as one N-Quads load (embedded Oxigraph), a replaced one as a
single SPARQL update (drop its old graph, insert the new one), so a crash leaves
either the old or the new version, never half of one.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.errors import StoreError, StoreLocked
from kg.graph.rdf import nt_literal
from kg.store.process import alive
from kg.store.remote import bind_inline
from kg.store.remote_lock import LOCK_GRAPH, WriterLock
from kg.vocab import ENTITIES_GRAPH, ID, KG

DEFAULT_LOCATION = "kg-store"
MEMORY = "memory"
FLUSH_EVERY = 100_000  # quads between flushes: keeps a long build's memory flat (bench/README.md)

Quad = tuple[URIRef, URIRef, object, URIRef]


@dataclass(frozen=True)
class StoredDocument:
    """What the store knows of a document: its text's sha256, where it was read from, its id (None before ids were stored)."""

    sha256: str
    source: str
    id: str | None


def default_location() -> str:
    """``$KG_STORE`` if set, else ``./kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


class GraphStore:
    """A knowledge-graph store: an rdflib ``Dataset`` plus document-level writes.

    ``dataset`` is an ordinary rdflib Dataset whose default graph is the union of
    all named graphs, so SPARQL without ``GRAPH`` sees everything.

    >>> store = GraphStore(MEMORY)
    >>> store.replace_document(URIRef("urn:g"), [(URIRef("urn:a"), RDF.type, KG.Person, URIRef("urn:g"))])
    >>> len(store)
    1
    """

    def __init__(self, location: str | os.PathLike[str] = MEMORY, *, read_only: bool = False) -> None:
        self.location = str(location)
        self.read_only = read_only
        self._unflushed = 0  # quads written since the last flush
        self._pid_file: Path | None = None  # kg.pid this process wrote, removed on close
        self._writer_lock = None  # a SPARQL server's writer lock, taken at the first write
        if self.location == MEMORY:
            self.dataset = Dataset(default_union=True)
        elif self.remote:
            from kg.store.remote import open_remote_dataset

            self.dataset = open_remote_dataset(self.location)
            if not read_only:
                self._writer_lock = WriterLock(self.dataset.store)
        else:
            self.dataset = _open_oxigraph(Path(self.location), read_only)
            if not read_only:
                self._pid_file = _write_pid_file(Path(self.location))

    @property
    def oxigraph(self):
        """The embedded pyoxigraph ``Store`` behind the Dataset, or None (memory or remote store)."""
        return getattr(self.dataset.store, "_inner", None)

    # -- reading ---------------------------------------------------------------
    @property
    def remote(self) -> bool:
        """Whether the store is a SPARQL server."""
        return self.location.startswith(("http://", "https://"))

    def __len__(self) -> int:
        """The quads of the documents and the shared entities (a SPARQL server's writer lock not counted)."""
        unlocked = f" FILTER(?g != {LOCK_GRAPH.n3()})" if self.remote else ""
        res = self.dataset.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{unlocked} }}")
        return int(_one_row(res)[0])

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query string with safe parameter bindings (an escaped VALUES row, never string-pasted).

        The bindings go in as a ``VALUES`` row at the start of the WHERE group,
        not as ``initBindings``: pyoxigraph 0.5 refuses to substitute a variable
        the SELECT does not project (``?doc`` in ``SELECT ?h``).
        """
        return self.dataset.query(bind_inline(sparql, bindings) if bindings else sparql)

    def document_hash(self, doc: URIRef) -> str | None:
        """The sha256 stored for a document node, or None when it is not in the store."""
        res = self.query(
            "SELECT ?h WHERE { GRAPH ?g { ?doc ?p ?h } }", {"doc": doc, "p": KG.sha256}
        )
        for row in res:
            return str(row[0])
        return None

    def stored_documents(self) -> dict[str, StoredDocument]:
        """Every stored document node (IRI string) with its sha256, source and id, in one query."""
        res = self.query(
            "SELECT ?doc ?h ?source ?id WHERE { GRAPH ?g { ?doc ?sha ?h ; ?src ?source OPTIONAL { ?doc ?ident ?id } } }",
            {"sha": KG.sha256, "src": DCTERMS.source, "ident": DCTERMS.identifier},
        )
        return {str(doc): StoredDocument(str(h), str(source), None if i is None else str(i)) for doc, h, source, i in res}

    def document_counts(self, graph: URIRef) -> tuple[int, int]:
        """How many facts (reified statements) and quotes a document's graph holds."""
        res = self.query(
            "SELECT (COUNT(DISTINCT ?st) AS ?facts) (COUNT(DISTINCT ?q) AS ?quotes) WHERE { GRAPH ?g {"
            " { ?st a ?statement } UNION { ?q a ?quote } } }",
            {"g": graph, "statement": RDF.Statement, "quote": KG.Quote},
        )
        facts, quotes = _one_row(res)
        return int(facts), int(quotes)

    def entity_count(self) -> int:
        """How many entities (not role titles) the shared entities graph holds."""
        res = self.query(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?c } FILTER(?c != ?role) }",
            {"g": ENTITIES_GRAPH, "role": KG.Role},
        )
        return int(_one_row(res)[0])

    # -- writing ---------------------------------------------------------------
    def replace_document(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        """Atomically replace one document's named graph (and add its shared labels)."""
        self.replace_document_nquads(graph, ((_n3(s), _n3(p), _n3(o), _n3(g)) for s, p, o, g in quads))

    def replace_document_nquads(self, graph: URIRef, quads: Iterable[tuple[str, str, str, str]]) -> None:
        """``replace_document`` with each term already in N-Triples syntax (``rdf.document_nquads``).

        A document new to an embedded Oxigraph store goes in with one transactional
        N-Quads load, about a third cheaper than parsing the same quads as a SPARQL
        update; a document already there is replaced by one update that also
        forgets the shared labels only it had.
        """
        self.check_writable()
        quads = list(quads)
        if (self.oxigraph is not None and _loadable(quads)
                and not self.oxigraph.query(f"ASK {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}")):
            self._load_nquads("".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads))
        else:
            self._update(f"{_forget_shared(graph)} ; DROP SILENT GRAPH {graph.n3()} ; INSERT DATA {{ {_graph_blocks(quads)} }}")
        self._unflushed += len(quads)
        if self._unflushed >= FLUSH_EVERY:
            self.flush()

    def add_document_nquads(self, graph: URIRef, quads: Iterable[tuple[str, str, str, str]]) -> None:
        """Add quads (N-Triples terms) to a document's graph without dropping what it holds, in one transaction.

        How a long document is written after its first part (``replace_document_nquads``):
        part by part, so that no write holds the whole document (see README, Big documents).
        """
        self.check_writable()
        quads = list(quads)
        if self.oxigraph is not None and _loadable(quads):
            self._load_nquads("".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads))
        else:
            self._update(f"INSERT DATA {{ {_graph_blocks(quads)} }}")
        self._unflushed += len(quads)
        if self._unflushed >= FLUSH_EVERY:
            self.flush()

    def adopt_entities(self, graph: URIRef) -> None:
        """Move the types and labels of entities and roles in ``graph`` into the shared entities graph.

        For a triples-only file loaded into a graph of its own (a Turtle export
        merged every graph): the entities graph is where kg's readers find
        entities, and a type left in both would be counted twice.
        """
        self.check_writable()
        g, e = graph.n3(), ENTITIES_GRAPH.n3()
        self._update(f"""DELETE {{ GRAPH {g} {{ ?x ?p ?o }} }} INSERT {{ GRAPH {e} {{ ?x ?p ?o }} }}
WHERE {{ GRAPH {g} {{ ?x ?p ?o }} FILTER(STRSTARTS(STR(?x), "{ID}") && (?p = {RDF.type.n3()} || ?p = {RDFS.label.n3()})) }}""")

    def remove_document(self, graph: URIRef) -> None:
        """Drop a document's graph and the shared labels of entities no other document mentions."""
        self.check_writable()
        self._update(f"{_forget_shared(graph)} ; DROP SILENT GRAPH {graph.n3()}")

    def _update(self, update: str) -> None:
        """One SPARQL update, applied atomically.

        Oxigraph gets it natively: through ``Dataset.update`` oxrdflib declines
        union datasets and rdflib re-runs the update triple by triple (not atomic,
        and ~1.5 s per document).  Oxigraph's write-ahead log keeps every finished
        update across a crash, so there is no flush per document (``close`` flushes).
        """
        try:
            if self.oxigraph is not None:
                self.oxigraph.update(update)
            else:
                self.dataset.update(update)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - the backends raise many kinds
            raise self._write_error(exc) from exc

    def _load_nquads(self, text: str) -> None:
        """Add N-Quads to the embedded Oxigraph store in one transaction."""
        import pyoxigraph as ox

        try:
            self.oxigraph.load(text, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise self._write_error(exc) from exc

    def _write_error(self, exc: Exception) -> StoreError:
        """A failed write as a StoreError that says what happened (disk full, quota, permission...) and what to do."""
        return StoreError(f"could not write to the store at {self.location}: {io_failure(exc)}")

    def flush(self) -> None:
        """Move Oxigraph's in-memory write tables to disk (they grow ~0.3 MB per document until then)."""
        self._unflushed = 0
        if self.oxigraph is not None and not self.read_only:
            try:
                self.oxigraph.flush()
            except OSError as exc:
                raise self._write_error(exc) from exc

    def begin_writing(self) -> None:
        """Become the store's one writer before reading what a build depends on (the known entities).

        An embedded store is locked from its opening; a SPARQL server's writer
        lock is taken here (StoreLocked if another build holds it), and also by
        the first write of a caller that never asked.
        """
        self.check_writable()

    def check_writable(self) -> None:
        """Raise unless this store may be written now (taking a SPARQL server's writer lock the first time)."""
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only; open it without read_only to write")
        if self._writer_lock is not None:
            self._writer_lock.acquire()
            self._writer_lock.check()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            try:
                if self._writer_lock is not None:
                    self._writer_lock.release()
                self.dataset.close()
            finally:
                _remove_pid_file(self._pid_file)
                self._pid_file = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        """Close; when leaving on an error, a second failure while closing (the disk still full) never hides it."""
        if exc_type is None:
            self.close()
            return
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - the first error is the one to report
            pass


_IO_FAILURES = (  # (errno, words in the message), what happened, what to do
    (errno.ENOSPC, "no space left", "the disk is full", "free some space (or build into a --store on another disk)"),
    (errno.EDQUOT, "quota exceeded", "the disk quota is exceeded", "free some space or raise the quota"),
    (errno.EROFS, "read-only file system", "the file system is read-only", "build into a --store on a writable disk"),
    (errno.EACCES, "permission denied", "permission denied", "check the store folder's owner and permissions"),
)


def io_failure(exc: Exception) -> str:
    """What a failed write means, in words, with what to do: disk full, quota, read-only, permission, else the error.

    Oxigraph reports RocksDB's I/O errors as an OSError without errno, so its words are matched too.
    """
    text = str(exc)
    for number, words, what, todo in _IO_FAILURES:
        if getattr(exc, "errno", None) == number or words in text.lower():
            return f"{what} ({text.strip()}); {todo}"
    return text


def _one_row(result):
    """The one row of an aggregate query, the result read to its end: pyoxigraph's result
    objects may only be dropped on the thread that made them, so none is left to the collector."""
    (row,) = list(result)
    return row


# Oxigraph's N-Quads reader holds one line in a buffer of at most 16 MiB; a literal of more
# characters than this may not fit once encoded (a document's text, nif:isString, of a 50 MB
# file), so such a batch goes in as a SPARQL update instead, which has no such limit.
_LONGEST_LOADABLE_TERM = 4 * 2**20


def _loadable(quads: list[tuple[str, str, str, str]]) -> bool:
    """Whether every quad fits Oxigraph's N-Quads reader (see ``_LONGEST_LOADABLE_TERM``)."""
    return all(len(o) < _LONGEST_LOADABLE_TERM for _, _, o, _ in quads)


def _graph_blocks(quads: list[tuple[str, str, str, str]]) -> str:
    """N-Triples-term quads as the ``GRAPH g { ... }`` blocks of an ``INSERT DATA``."""
    by_graph: dict[str, list[str]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append(f"{s} {p} {o} .")
    return " ".join(f"GRAPH {g} {{ {' '.join(ts)} }}" for g, ts in by_graph.items())


def _forget_shared(graph: URIRef) -> str:
    """SPARQL update deleting the shared types and labels of entities and roles that only ``graph`` mentions.

    A document graph mentions an entity it attributes to its document
    (``prov:wasAttributedTo``) and a role one of its facts gives (``kg:holdsRole``).
    Runs before the graph is dropped; a replacement re-inserts the labels of the
    entities it still has, so only entities the document no longer has disappear.
    """
    e, g = ENTITIES_GRAPH.n3(), graph.n3()
    mentions = f"{{ ?x {PROV.wasAttributedTo.n3()} ?d }} UNION {{ ?s {KG.holdsRole.n3()} ?x }}"
    elsewhere = f"{{ ?x {PROV.wasAttributedTo.n3()} ?d2 }} UNION {{ ?s2 {KG.holdsRole.n3()} ?x }}"
    return f"""DELETE {{ GRAPH {e} {{ ?x ?p ?o }} }}
WHERE {{
  GRAPH {g} {{ {mentions} }}
  GRAPH {e} {{ ?x ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ {elsewhere} }} FILTER(?other != {g} && ?other != {e}) }}
}}"""


def _n3(term: object) -> str:
    """An rdflib IRI or literal in N-Triples syntax (``Literal.n3`` may write Turtle's long strings)."""
    if isinstance(term, URIRef):
        return term.n3()
    if isinstance(term, Literal):
        lexical = nt_literal(str(term), None if term.language else term.datatype and str(term.datatype))
        return f"{lexical}@{term.language}" if term.language else lexical
    raise StoreError(f"cannot store {term!r}: only IRIs and literals are written")


def _open_oxigraph(path: Path, read_only: bool) -> Dataset:
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    if read_only and not path.exists():
        raise StoreError(f"no store at {path}: build one first with `kg build FILES --store {path}`")
    try:
        inner = _open_read_only(ox, path) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:  # pyoxigraph reports RocksDB failures as either
        if "lock" in str(exc).lower():
            raise StoreLocked(_locked_message(path)) from exc
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    return Dataset(store=OxigraphStore(store=inner), default_union=True)


def _open_read_only(ox, path: Path, attempts: int = 20):
    """Open a read-only view, retrying while a writer in another process swaps the files under it.

    A reader opens the writer's file list and then the files; a build compacting
    the store in between deletes one of them and RocksDB reports "Corruption ...
    No such file" -- the store is fine, the next attempt sees the new list.
    """
    for _ in range(attempts - 1):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "no such file" not in str(exc).lower():
                raise
        time.sleep(0.05)
    return ox.Store.read_only(str(path))


PID_FILE = "kg.pid"


def _write_pid_file(path: Path) -> Path | None:
    """Write this process's pid into the store folder (after the lock is ours: any old one is stale)."""
    pid_file = path / PID_FILE
    try:
        pid_file.write_text(str(os.getpid()))
    except OSError:  # a full disk must not stop the open; the lock message then names no process
        return None
    return pid_file


def _remove_pid_file(pid_file: Path | None) -> None:
    """Remove the kg.pid this process wrote, if it still names this process."""
    if pid_file is None:
        return
    try:
        if pid_file.read_text().strip() == str(os.getpid()):
            pid_file.unlink()
    except OSError:
        pass  # gone already, or the folder with it


def lock_holder(path: Path, wait: float = 1.0) -> int | None:
    """The pid of the running kg process that holds the store, from its kg.pid; None when unknown.

    A kg.pid left by a killed build names a process that has ended: not the
    holder.  The holder writes its pid just after it takes the lock, so an absent
    or stale file is read again for up to ``wait`` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            text = (path / PID_FILE).read_text().strip()
        except OSError:
            text = ""
        if text.isdigit() and alive(int(text)):
            return int(text)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)


def _locked_message(path: Path) -> str:
    pid = lock_holder(path)
    if pid == os.getpid():
        return (f"store {path} is already open for writing in this process: close the other GraphStore "
                "(or use it) before opening the store again")
    if pid is None:
        return (f"store {path} is in use by another program that is not a running kg build (no live process in"
                f" its {PID_FILE}), e.g. an `oxigraph serve` or a Python session on the folder. Close it, or"
                " build into another --store; queries can still read it.")
    return (
        f"store {path} is in use by process {pid} (another kg build?). "
        "Wait for it to finish, or build into another --store; queries can still read it."
    )
