"""Kill ``kg build`` with SIGKILL at random moments and check that no document is ever half-stored.

    python bench/crash_loop.py [--documents 200] [--kills 20] [--seed 0] [--workdir DIR]

What it does, with ``SOURCE_DATE_EPOCH`` fixed so that builds are reproducible
and every build running one frozen copy of kg (edits to the tree meanwhile
cannot make a build differ from the reference):

1. writes ``--documents`` Lee-style articles (``bench/corpus.py``) to a folder;
2. builds them once, uninterrupted, into a reference store;
3. ``--kills`` times: starts ``kg build`` on the same folder and store and kills
   it with ``kill -9`` -- a fifth of the time at a random moment while it starts
   (store opened, model loading), otherwise at a random moment after it wrote a
   new document (a read-only reader watches the store), within about twice its
   fair share of the remaining work, so the kills spread over the whole build --
   then opens the store with kg and checks that every document graph in it is
   exactly the reference's graph for that document (nothing partial) and that
   the shared entity labels are all reference labels.  A store found complete
   (the builds got to the end) is removed, so every kill hits a build with work
   left;
4. runs the build once more to completion and checks that the store now equals
   the reference, quad for quad.

It prints one line per kill and a summary, and exits 1 if any check failed.
``tests/test_crash.py`` runs the same loop on 20 documents with 3 kills.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generated_texts, write_corpus  # noqa: E402 - bench/ is not a package

import kg  # noqa: E402 - to find its source for freeze_code
from kg.errors import StoreError  # noqa: E402
from kg.store.graph_store import GraphStore  # noqa: E402
from kg.vocab import ENTITIES_GRAPH, KG  # noqa: E402

EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for every build: same input, same quads
BUILD_TIMEOUT = 600.0  # seconds an uninterrupted build may take before the loop gives up
POLL_SECONDS = 0.05  # how often a reader looks at the store while a build runs
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_DOCUMENTS = f"SELECT (COUNT(?d) AS ?n) WHERE {{ ?d a <{KG.Document}> }}"

Quads = dict[str, set[str]]  # graph IRI -> its quads as N-Triples-like lines


@dataclass
class StoreCheck:
    """What one look at the store found: complete documents, and what is wrong (empty when all is well)."""

    documents: int
    problems: list[str] = field(default_factory=list)


@dataclass
class Kill:
    """One killed build: when, in which phase, and the check of the store that followed."""

    phase: str  # "loading": killed at a random moment from its start; "writing": after it wrote a document
    delay: float  # seconds from the start of the build (loading) or from its first new document (writing)
    was_running: bool
    before: int
    check: StoreCheck


def freeze_code(workdir: Path) -> Path:
    """Copy kg's code, ontology and queries to ``workdir/code``; builds run that copy.

    The reference is only valid for the code that built it: in a tree where
    people are editing the extractors, a build after an edit differs from the
    reference without anything having gone wrong.
    """
    code = workdir / "code"
    root = Path(kg.__file__).resolve().parent.parent
    for part in ("kg", "ontology", "queries"):
        shutil.copytree(root / part, code / part, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return code


def kg_build(
    folder: Path, store: Path, stderr=subprocess.DEVNULL, code: Path | None = None, options: tuple[str, ...] = ()
) -> subprocess.Popen:
    """Start ``kg build FOLDER --store STORE [OPTIONS]`` (the real command line) with a fixed build time.

    ``code``: a folder from ``freeze_code`` to run kg from instead of the installed one.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    command = [str(Path(sys.executable).with_name("kg")), "build", str(folder), "--store", str(store), *options]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def stored_documents(store: Path) -> int:
    """How many documents the store holds, read by a read-only reader (it may be mid-build); 0 if none yet."""
    try:
        with GraphStore(store, read_only=True) as gs:
            return int(next(iter(gs.query(_DOCUMENTS)))[0])
    except StoreError:
        return 0  # the build has not created the store yet


def wait_for_documents(proc: subprocess.Popen, store: Path, more_than: int, timeout: float) -> bool:
    """Wait until the store holds more than ``more_than`` documents; False if the build ended or time ran out."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if stored_documents(store) > more_than:
            return True
        time.sleep(POLL_SECONDS)
    return False


def build_to_end(folder: Path, store: Path, code: Path | None = None) -> tuple[float, float]:
    """Run a build to completion; returns (seconds in all, seconds to its first document); raises if it fails."""
    started = time.perf_counter()
    proc = kg_build(folder, store, stderr=subprocess.PIPE, code=code)
    wait_for_documents(proc, store, stored_documents(store), BUILD_TIMEOUT)
    first = time.perf_counter() - started
    _, stderr = proc.communicate(timeout=BUILD_TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"kg build {folder} failed ({proc.returncode}): {stderr.decode()[-1000:]}")
    return time.perf_counter() - started, first


def read_quads(store: Path) -> Quads:
    """Every quad in the on-disk store, by graph, read through kg (so the store must open for writing)."""
    by_graph: Quads = {}
    with GraphStore(store) as gs:
        for g, s, p, o in gs.query(_ALL_QUADS):
            by_graph.setdefault(str(g), set()).add(f"{s.n3()} {p.n3()} {o.n3()}")
    return by_graph


def check_store(store: Path, reference: Quads) -> StoreCheck:
    """Every document graph present equals the reference's; entity labels are a subset of the reference's."""
    found = read_quads(store)
    check = StoreCheck(documents=0)
    for graph, quads in sorted(found.items()):
        expected = reference.get(graph)
        if expected is None:
            check.problems.append(f"{graph}: not a graph of the reference build")
        elif graph == str(ENTITIES_GRAPH):
            if extra := quads - expected:
                check.problems.append(f"{graph}: {len(extra)} label quad(s) the reference lacks")
        elif quads != expected:
            check.problems.append(f"{graph}: {len(quads)} quads, the complete document has {len(expected)}")
        else:
            check.documents += 1
    return check


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL ``proc`` after ``delay`` seconds; returns whether it was still running then."""
    try:
        proc.wait(delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def crash_loop(folder: Path, store: Path, reference: Quads, *, kills: int, loading_seconds: float,
               seconds_per_document: float, loading_share: float, rng: random.Random,
               code: Path | None = None) -> Iterator[Kill]:
    """Build into ``store`` and kill the build ``kills`` times, checking the store after each kill.

    A share ``loading_share`` of the kills land at a random moment in the first
    ``loading_seconds`` (opening the store, loading the model); the others wait
    for the build to write a new document, then kill it within the time of about
    twice its fair share of the documents left, so the kills spread over the build.
    A store found complete is removed, so the next kill hits a build from scratch.
    """
    total = len(reference) - 1  # every graph but the shared entity labels is a document
    before = 0
    for n in range(kills):
        proc = kg_build(folder, store, code=code)
        if rng.random() < loading_share:
            phase, delay = "loading", rng.uniform(0.0, loading_seconds)
        else:
            phase = "writing"
            wait_for_documents(proc, store, before, BUILD_TIMEOUT)
            delay = rng.uniform(0.0, 2 * seconds_per_document * (total - before) / (kills - n))
        was_running = kill_after(proc, delay)
        check = check_store(store, reference)
        yield Kill(phase, delay, was_running, before, check)
        before = check.documents
        if before == total and not check.problems:  # built to the end: start again, so every kill has work to hit
            shutil.rmtree(store)
            before = 0


def run(documents: int, kills: int, seed: int, workdir: Path, *, sentences: int = 6,
        loading_share: float = 0.2, report=print) -> bool:
    """The whole experiment in ``workdir``; ``report`` gets each line of output. Returns True when all checks pass."""
    folder = write_corpus(generated_texts(documents, seed=seed, sentences=sentences), workdir / "news")
    code = freeze_code(workdir)
    clean_seconds, first_seconds = build_to_end(folder, workdir / "reference", code)
    reference = read_quads(workdir / "reference")
    total = sum(map(len, reference.values()))
    report(f"reference: {len(reference) - 1} documents, {total} quads, built in {clean_seconds:.1f}s "
           f"(first document after {first_seconds:.1f}s)")
    loop = crash_loop(
        folder, workdir / "store", reference, kills=kills, loading_seconds=first_seconds,
        seconds_per_document=max(clean_seconds - first_seconds, 0.1) / documents,
        loading_share=loading_share, rng=random.Random(seed), code=code,
    )
    ok = True
    started = time.perf_counter()
    for n, kill in enumerate(loop, 1):
        ok &= not kill.check.problems
        state = "killed" if kill.was_running else "had finished"
        report(f"kill {n:2}: {kill.phase:7} +{kill.delay:5.2f}s ({state}); documents {kill.before} -> "
               f"{kill.check.documents}; " + ("; ".join(kill.check.problems) or "only complete documents"))
    rerun_seconds, _ = build_to_end(folder, workdir / "store", code)
    final = read_quads(workdir / "store")
    same = final == reference
    ok &= same
    report(f"re-run: {rerun_seconds:.1f}s; final store {'equals' if same else 'DIFFERS FROM'} the reference "
           f"({sum(map(len, final.values()))} vs {total} quads); loop took {time.perf_counter() - started:.0f}s")
    report("PASS: every kill left only complete documents, and the re-run completed the build" if ok else "FAIL")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep the stores here (default: a temporary folder)")
    args = parser.parse_args()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        ok = run(args.documents, args.kills, args.seed, args.workdir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            ok = run(args.documents, args.kills, args.seed, Path(tmp))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
