"""Store at scale: bulk load and query a ~1M-triple graph in kg's RDF layout.

    python bench/store_bench.py [--quads 1000000] [--baseline]

Generates synthetic DocumentResults (Lee sentences as text; entities drawn
from a Zipf-like pool so popular entities appear in many documents, as in
news), turns them into quads with ``kg.graph.rdf.document_nquads`` (the real layout),
then:

- writes them to an N-Quads file and loads it into an on-disk store with
  ``kg load`` (``kg.store.load.load_files``: blocks on one thread per core), next to
  one ``pyoxigraph.Store.bulk_load`` of the same file as the baseline, and
  reports triples/s for both;
- times every query in ``queries/`` through ``kg.analysis.query.run_query`` (kg's own
  path: parameters bound, rows materialised), with entity parameters bound to
  the most mentioned entities, against the issue's targets;
- with ``--baseline``: the same load and queries on rdflib's memory store
  (each query in a forked child with a time limit, since rdflib's can run for
  minutes).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Literal, URIRef  # noqa: E402

from bench.corpus import lee_sentences  # noqa: E402
from kg.store.load import load_files  # noqa: E402
from kg.analysis.query import available_queries, parameters_of, query_text, run_query  # noqa: E402
from kg.graph.rdf import document_nquads  # noqa: E402
from kg.store.graph_store import GraphStore  # noqa: E402
from kg.types import Article, DocumentResult, Entity, Fact, Mention, Quote, Span  # noqa: E402
from kg.vocab import KG, entity_iri  # noqa: E402

TYPES = ("Person", "Person", "Person", "Organization", "Country", "City")
PREDICATES = {  # predicate -> (subject types, object types) it joins
    "metWith": ("Person", "Person"),
    "criticized": ("Person", "Person"),
    "addressed": ("Person", "Organization"),
    "leaderOf": ("Person", "Organization"),
    "visited": ("Person", "Country"),
    "memberOf": ("Country", "Organization"),
    "locatedIn": ("City", "Country"),
    "supplied": ("Country", "Country"),
}
ROLES = ("Prime Minister", "Defence Secretary", "President", "Foreign Minister", "Premier", "Chief Executive")
FIRST = "Alice Bob Carla Dmitri Erin Farid Grace Hiro Ines Jonah Kemal Lena Marco Nadia Omar Priya".split()
LAST = "Abbott Brown Chen Dubois Evans Fraser Garcia Howard Ito Jones Kaur Lopez Murphy Nguyen".split()
TARGETS_MS = {"entity": 50, "path": 1000, "aggregate": 2000}
# which target each query is held to: one entity's facts, paths between two entities, whole-graph aggregates
KIND = {"two-hop": "path"}
BASELINE_LIMIT_S = 60
TYPICAL_RANK = 100  # entity parameters: the 100th most-described entity (the 1st is in most documents)


def entity_pool(size: int, seed: int = 1) -> list[tuple[str, str]]:
    """``size`` distinct (type, name) pairs."""
    rng = random.Random(seed)
    pool: dict[tuple[str, str], None] = {}
    while len(pool) < size:
        t = rng.choice(TYPES)
        if t == "Person":
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{len(pool)}"
        else:
            name = f"{t} {len(pool)}"
        pool[(t, name)] = None
    return list(pool)


def synthetic_results(n_docs: int, *, entities: int, seed: int = 0) -> Iterator[DocumentResult]:
    """``n_docs`` documents of 12 Lee sentences, 10 entities, 8 facts and 2 quotes each."""
    rng = random.Random(seed)
    sentences = lee_sentences()
    pool = entity_pool(entities)
    weights = [1 / (rank + 1) for rank in range(len(pool))]  # Zipf: a few entities are everywhere
    for d in range(n_docs):
        sents = rng.choices(sentences, k=12)
        text = " ".join(sents)
        spans, at = [], 0
        for s in sents:
            spans.append(Span(at, at + len(s)))
            at += len(s) + 1
        ents: dict[tuple[str, str], Entity] = {}
        for t, name in rng.choices(pool, weights=weights, k=10):
            ent = ents.setdefault((t, name), Entity(f"e{len(ents)}", t, name, {name}))
            for _ in range(2):
                span = rng.choice(spans)
                ent.mentions.append(Mention(span.start, span.start + 5, text[span.start:span.start + 5], "name", 0, 1, 0, t))
        by_type: dict[str, list[Entity]] = {}
        for ent in ents.values():
            by_type.setdefault(ent.type, []).append(ent)
        facts = []
        for _ in range(8):
            pred, (st, ot) = rng.choice(list(PREDICATES.items()))
            if by_type.get(st) and by_type.get(ot):
                s, o = rng.choice(by_type[st]), rng.choice(by_type[ot])
                if s is not o:
                    span = rng.choice(spans)
                    facts.append(Fact(s, pred, o, "svo.v1", 0.8, span, span))
        people = by_type.get("Person", [])
        for person in people[:2]:
            span = rng.choice(spans)
            facts.append(Fact(person, "holdsRole", rng.choice(ROLES), "roles.v1", 0.9, span, span))
        quotes = [
            Quote(text[sp.start:sp.end], sp.start, sp.end, rng.choice(people), sp, "quotes.v1", 0.9)
            for sp in rng.choices(spans, k=2) if people
        ]
        article = Article(f"synthetic-{d:07d}", text, f"synthetic/{d}.txt", f"{d:064x}", f"Story {d}", "2024-01-01")
        yield DocumentResult(article, list(ents.values()), facts, quotes, spans)


def nquads(n_quads: int, entities: int) -> tuple[bytes, int, int]:
    """Serialized N-Quads of about ``n_quads`` quads; returns (data, quads, documents)."""
    lines: list[str] = []
    docs = 0
    for result in synthetic_results(10**9, entities=entities):
        iris = {e.key: entity_iri(e.type, e.name) for e in result.entities}
        lines.extend(" ".join(quad) + " ." for quad in document_nquads(result, iris))
        docs += 1
        if len(lines) >= n_quads:
            break
    return ("\n".join(lines) + "\n").encode(), len(lines), docs


def parameters(store: GraphStore, rank: int) -> dict[str, object]:
    """Values for the queries' parameters: the ``rank``-th most-described entity, and one two hops from it."""
    ranked = run_query(store, """SELECT ?e (COUNT(*) AS ?n) WHERE { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?e }
        GROUP BY ?e ORDER BY DESC(?n) LIMIT 1000""").rows
    entity = URIRef(ranked[min(rank, len(ranked) - 1)][0])
    pair = run_query(store, f"""PREFIX kg: <{KG._NS}> SELECT ?b WHERE {{ <{entity}> ?p ?x . ?x ?q ?b
        FILTER(isIRI(?b) && ?b != <{entity}> && STRSTARTS(STR(?p), STR(kg:)) && STRSTARTS(STR(?q), STR(kg:))) }} LIMIT 1""").rows
    return {"entity": entity, "subject": entity, "speaker": entity, "supplier": entity, "a": entity,
            "b": URIRef(pair[0][0]) if pair else entity, "role": Literal("Prime Minister"), "class": KG.Person}


def time_queries(store: GraphStore, bindings: dict[str, object], repeat: int = 3,
                 names=None) -> dict[str, tuple[float, int]]:
    """Best-of-``repeat`` wall time (ms) and row count of each query in queries/ (default all), parameters bound."""
    out = {}
    for name in names or sorted(available_queries()):
        text = query_text(name)
        bound = {k: bindings[k] for k in parameters_of(text) if k in bindings}
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run_query(store, text, bound).rows)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = (min(times), rows)
    return out


def _timed_child(store, text, bound, conn) -> None:
    started = time.perf_counter()
    rows = len(run_query(store, text, bound).rows)
    conn.send(((time.perf_counter() - started) * 1000, rows))


def time_queries_limited(store: GraphStore, bindings: dict[str, object]) -> dict[str, tuple[float | None, int]]:
    """Each query once in a forked child; None when it runs past BASELINE_LIMIT_S."""
    out: dict[str, tuple[float | None, int]] = {}
    ctx = multiprocessing.get_context("fork")
    for name in sorted(available_queries()):
        text = query_text(name)
        bound = {k: bindings[k] for k in parameters_of(text) if k in bindings}
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_timed_child, args=(store, text, bound, child))
        proc.start()
        out[name] = parent.recv() if parent.poll(BASELINE_LIMIT_S) else (None, 0)
        proc.kill()
        proc.join()
    return out


def target_of(name: str, text: str) -> tuple[str, int]:
    kind = KIND.get(name) or ("entity" if set(parameters_of(text)) & {"entity", "subject", "speaker", "supplier"} else "aggregate")
    return kind, TARGETS_MS[kind]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=20_000, help="size of the entity pool")
    parser.add_argument("--baseline", action="store_true", help="also rdflib's memory store (slow)")
    args = parser.parse_args()
    print(run(args.quads, args.entities, args.baseline))


def run(n_quads: int = 1_000_000, entities: int = 20_000, baseline: bool = False) -> str:
    """Run the benchmark; returns the report as text (and a JSON line at the end)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    data, n, docs = nquads(n_quads, entities)
    lines = [f"store: {n:,} quads from {docs:,} synthetic documents ({entities:,}-entity pool), "
             f"generated in {time.perf_counter() - started:.1f}s"]
    result: dict[str, object] = {"quads": n, "documents": docs}
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "graph.nq"
        dump.write_bytes(data)
        started = time.perf_counter()
        inner = ox.Store(str(Path(tmp) / "one-bulk-load"))
        inner.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        inner.flush()
        del inner
        result["oxigraph_bulk_load_per_s"] = round(n / (time.perf_counter() - started))
        started = time.perf_counter()
        with GraphStore(Path(tmp) / "store") as store:
            load_files(store, [dump])
        result["kg_load_per_s"] = round(n / (time.perf_counter() - started))
        with GraphStore(Path(tmp) / "store", read_only=True) as store:
            bindings = parameters(store, TYPICAL_RANK)
            ox_times = time_queries(store, bindings)
            worst = time_queries(store, parameters(store, 0), names=("entity-facts",))["entity-facts"]
        if baseline:
            mem = GraphStore("memory")
            started = time.perf_counter()
            mem.dataset.parse(data=data, format="nquads")
            result["rdflib_load_per_s"] = round(n / (time.perf_counter() - started))
            rdf_times = time_queries_limited(mem, bindings)
    lines.append(f"  kg load, Oxigraph on disk:   {result['kg_load_per_s']:>10,} triples/s   (target >= 200,000)")
    lines.append(f"  one Store.bulk_load:         {result['oxigraph_bulk_load_per_s']:>10,} triples/s   (baseline)")
    if baseline:
        lines.append(f"  parse, rdflib memory store:  {result['rdflib_load_per_s']:>10,} triples/s   (baseline)")
    lines.append(f"  {'query':<18}{'rows':>6}{'Oxigraph ms':>13}{'rdflib ms':>11}  target")
    queries = {}
    for name, (ms, rows) in ox_times.items():
        kind, target = target_of(name, query_text(name))
        base = rdf_times[name][0] if baseline else None
        base_txt = ("—" if not baseline else f">{BASELINE_LIMIT_S * 1000}" if base is None else f"{base:.0f}")
        verdict = "ok" if ms < target else "SLOW"
        lines.append(f"  {name:<18}{rows:>6}{ms:>13.1f}{base_txt:>11}  < {target} ms ({kind}) {verdict}")
        queries[name] = {"ms": round(ms, 1), "rows": rows, "target_ms": target, "rdflib_ms": base and round(base)}
    result["queries"] = queries
    lines.append(f"  entity parameters: the entity ranked {TYPICAL_RANK} by facts about it; for the top-ranked one "
                 f"entity-facts takes {worst[0]:.0f} ms ({worst[1]} rows)")
    result["entity_facts_top_entity_ms"] = round(worst[0], 1)
    lines.append(json.dumps({"store": result}))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
