"""Where one-process ``kg build`` time goes: load, parse, extraction, identity, RDF, store write.

    python bench/stages.py [FOLDER] [--repeat 3]

In one process, on the same articles ``kg build`` would read (FOLDER defaults to
the 300 Lee articles): loads the model, gazetteer and ontology, parses every
text with kg's pipeline (``nlp.pipe``, the gazetteer components included), runs
the extractors on the Docs, then writes the results into a fresh on-disk store
the way ``kg build`` does, timing its three steps apart: identity
(``AliasTable.assign_all``), RDF (``rdf.document_nquads``) and the store update
(``GraphStore.replace_document_nquads``, then closed and flushed).  Here the
writes run in line, so the store's figure is its whole cost; ``kg build`` runs
them on a thread beside the parse.  The write
is repeated ``--repeat`` times into fresh stores (each from a copy of the
results, so identity starts from the same state) and the best is kept.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import lee_texts, write_corpus  # noqa: E402


def write_stages(results: list, store_dir: Path) -> dict[str, float]:
    """Seconds spent in identity, RDF and the store writing ``results`` into a fresh store."""
    from kg.graph.identity import AliasTable
    from kg.graph.rdf import document_nquads
    from kg.knowledge.knowledge import load_knowledge
    from kg.store.graph_store import GraphStore
    from kg.vocab import graph_iri

    times = dict.fromkeys(("identity", "rdf", "store"), 0.0)
    store = GraphStore(store_dir)
    aliases = AliasTable.from_store(store, load_knowledge().gazetteer)
    for result in results:
        t0 = time.perf_counter()
        iris, merges = aliases.assign_all(result.entities)
        t1 = time.perf_counter()
        quads = document_nquads(result, iris, merges)
        t2 = time.perf_counter()
        store.replace_document_nquads(graph_iri(result.article.id), quads)
        t3 = time.perf_counter()
        times["identity"] += t1 - t0
        times["rdf"] += t2 - t1
        times["store"] += t3 - t2
    t0 = time.perf_counter()
    store.close()
    times["store"] += time.perf_counter() - t0
    return times


def run(folder: Path | None = None, repeat: int = 3) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = folder or write_corpus(lee_texts(), Path(tmp) / "lee")
        from kg.ingest.readers import read_inputs

        articles = [a for a in read_inputs([folder]) if hasattr(a, "text")]
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        from kg.pipeline.stages import Pipeline

        pipe = Pipeline()
        t1 = time.perf_counter()
        docs = list(pipe.nlp.pipe((a.text for a in articles), batch_size=pipe.batch_size))
        t2 = time.perf_counter()
        results = [pipe.extract(doc, art) for doc, art in zip(docs, articles)]
        t3 = time.perf_counter()
        del docs
        writes = [write_stages(copy.deepcopy(results), Path(tmp) / f"store-{i}") for i in range(repeat)]
    write = min(writes, key=lambda w: sum(w.values()))
    stages = {"load (imports, model, gazetteer, ontology)": t1 - t0, "parse": t2 - t1, "extraction": t3 - t2}
    stages.update({f"write: {k}": v for k, v in write.items()})
    words = sum(len(a.text.split()) for a in articles)
    lines = [f"stages: {len(articles)} articles, {words:,} words, one process; load average at start {load:.1f}"]
    parse = stages["parse"]
    for name, seconds in stages.items():
        share = f"{seconds / parse:6.1%} of the parse" if name != "parse" else ""
        lines.append(f"  {name:<44} {seconds:6.2f} s  {share}")
    total = sum(write.values())
    lines.append(f"  {'write: all (identity + RDF + store)':<44} {total:6.2f} s  {total / parse:6.1%} of the parse")
    lines.append(json.dumps({"stages": {k: round(v, 2) for k, v in stages.items()}, "load": round(load, 1)}))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(run(args.folder, args.repeat))


if __name__ == "__main__":
    main()
