"""Start-up: seconds from process start to the first stored document, and the knowledge load alone.

    python bench/startup.py [FILE] [--checkout DIR] [--repeat 3]

Times the kg of ``--checkout DIR`` (default: whatever ``PYTHONPATH`` gives the
child processes), so the same script compares two checkouts::

    python bench/startup.py --checkout /tmp/old-kg
    python bench/startup.py --checkout /work/wt/rules

Each run is a fresh process:

- **first stored**: ``kg build FILE --store memory --workers 1`` through kg's own
  command line; the clock starts just before the process is spawned (interpreter
  start, imports, knowledge and model loads all count, as a user waits for them)
  and stops when the store's write of the first document returns (the store's
  write method is wrapped in the child; it is the same call the build makes).
  ``exit`` is the same process's total wall time.
- **knowledge**: a process that only imports the knowledge loader and loads the
  ontology, the gazetteer and the word lists (``kg.knowledge.knowledge.load_knowledge``;
  on the flat layout before issue 12, ``kg.ontology.load_ontology`` and
  ``kg.gazetteer.load_gazetteer``), timed inside it: ``import`` and ``load`` seconds.

FILE defaults to the seed article.  Medians are printed last; on a shared machine
compare runs made at the same load (the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "examples" / "zelensky-downing-street.txt"

# runs in the child: wrap the store's writes, then run `kg build` as the command line does
FIRST_STORED = r"""
import os, sys, time
import kg
mark = os.environ["KG_STARTUP_MARK"]
# the layout of the kg found first (an editable install elsewhere may answer imports the checkout lacks)
if os.path.isdir(os.path.join(os.path.dirname(kg.__file__), "store")):
    from kg.store.graph_store import GraphStore
else:  # the flat layout before issue 12
    from kg.store import GraphStore

def wrap(method):
    def timed(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        if not os.path.exists(mark):
            with open(mark, "w") as f:
                f.write(repr(time.time()))
        return result
    return timed

for name in ("replace_document", "replace_document_nquads"):
    if hasattr(GraphStore, name):
        setattr(GraphStore, name, wrap(getattr(GraphStore, name)))

from kg.cli import app
sys.argv = ["kg", "build", sys.argv[1], "--store", "memory", "--workers", "1"]
app()
"""

KNOWLEDGE = r"""
import json, os, time
started = time.perf_counter()
import kg
if os.path.isdir(os.path.join(os.path.dirname(kg.__file__), "knowledge")):
    from kg.knowledge.knowledge import load_knowledge
    loaders = [load_knowledge]
else:  # the flat layout before issue 12
    from kg.gazetteer import load_gazetteer
    from kg.ontology import load_ontology
    loaders = [load_ontology, load_gazetteer]
imported = time.perf_counter()
for load in loaders:
    load()
done = time.perf_counter()
print(json.dumps({"import": imported - started, "load": done - imported, "kg": kg.__file__}))
"""


def child_env(checkout: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout.resolve())
    return env


def first_stored(file: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first stored document, seconds to exit) of one `kg build` process."""
    with tempfile.TemporaryDirectory() as tmp:
        mark = Path(tmp) / "first-stored"  # the child runs in tmp: the current folder would come first on sys.path
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-c", FIRST_STORED, str(file.resolve())], env={**env, "KG_STARTUP_MARK": str(mark)},
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        ended = time.time()
        if done.returncode != 0 or not mark.exists():
            sys.exit(f"kg build failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return float(mark.read_text()) - started, ended - started


def knowledge_load(env: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:  # not the current folder: it would come first on sys.path
        done = subprocess.run([sys.executable, "-c", KNOWLEDGE], env=env, cwd=tmp, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"loading the knowledge failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=SEED, help="the one article to build (default: the seed)")
    parser.add_argument("--checkout", type=Path, help="the kg checkout to time (default: PYTHONPATH as it is)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (default 3)")
    args = parser.parse_args(argv)
    env = child_env(args.checkout)

    where = knowledge_load(env)["kg"]
    print(f"kg: {where}  file: {args.file}  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    stored, exits, imports, loads = [], [], [], []
    for n in range(1, args.repeat + 1):
        first, total = first_stored(args.file, env)
        k = knowledge_load(env)
        stored.append(first), exits.append(total), imports.append(k["import"]), loads.append(k["load"])
        print(f"run {n}: first stored {first:.2f}s, exit {total:.2f}s; knowledge import {k['import']:.2f}s, load {k['load']:.2f}s")
    med = statistics.median
    print(f"median: first stored {med(stored):.2f}s, exit {med(exits):.2f}s; "
          f"knowledge import {med(imports):.2f}s, load {med(loads):.2f}s")


if __name__ == "__main__":
    main()
