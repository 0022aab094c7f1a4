"""``kg serve`` under load: p50/p95 of an entity page and of a one-hop SPARQL query, 20 clients at once.

    python bench/serve_bench.py [--store FOLDER | --quads 1000000] [--clients 20] [--seconds 60]

Starts ``kg serve`` on a free loopback port (127.0.0.1 only) over ``--store``, or over
a synthetic store of about ``--quads`` quads in kg's layout (``store_bench.nquads``,
loaded with ``kg load``'s ``load_files``; made at ``--store`` and kept when that folder
does not exist yet).  Takes up to 2,000 entities that are the subject of a fact (hubs
named in most articles and rare ones alike), shuffled; then ``--clients`` concurrent
clients (asyncio + httpx, one connection each), each starting in its own stretch of
that list, ask in turn for an entity page (``/id/...``, HTML) and a one-hop SPARQL
query (the entity's facts and their objects' labels, SPARQL JSON), for ``--seconds``.
Prints the server's CPU time per request (the server process and its query workers:
what a shared machine's wall-clock figures hide) and, per kind: requests, errors
(anything but 200, or a failed connection), p50, p95 and max in milliseconds, and a JSON line at the end.  Target (issue 16):
p95 under 100 ms over 1M triples, no error in a minute of 20 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx

ONE_HOP = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?o ?label WHERE {{ <{iri}> ?p ?o . FILTER(isIRI(?o)) OPTIONAL {{ ?o rdfs:label ?label }} }} LIMIT 100"""
# entities that are the subject of a fact, as the store lists them (popular and rare alike), in a fixed shuffle
ENTITIES = "SELECT DISTINCT ?e WHERE { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?e } LIMIT 2000"
BASE = "https://w3id.org/kg-news/"


def synthetic_store(target: Path, quads: int) -> Path:
    """An on-disk store of about ``quads`` quads in kg's layout, made at ``target``."""
    from bench.store_bench import nquads
    from kg.store.graph_store import GraphStore
    from kg.store.load import load_files

    data, n, docs = nquads(quads, entities=max(1000, quads // 50))
    target.parent.mkdir(parents=True, exist_ok=True)
    dump = target.parent / f"{target.name}.nq"
    dump.write_bytes(data)
    with GraphStore(target) as store:
        load_files(store, [dump])
    dump.unlink()
    print(f"store: {n:,} quads from {docs:,} synthetic documents", flush=True)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, port: int) -> subprocess.Popen:
    args = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(args, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve did not start: {proc.stderr.read()[-2000:]}")


async def client(base: str, entities: list[str], until: float, times: dict[str, list[float]], errors: dict[str, int], k: int, clients: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = k * len(entities) // clients  # each client starts in its own stretch of the list: no two ask at once for one entity
        while time.monotonic() < until:
            iri = entities[i % len(entities)]
            i += 1
            for kind, path, params, accept in (
                ("entity page", "/" + iri.removeprefix(BASE), None, "text/html"),
                ("one-hop SPARQL", "/sparql", {"query": ONE_HOP.format(iri=iri)}, "application/sparql-results+json"),
            ):
                started = time.perf_counter()
                try:
                    answer = await http.get(path, params=params, headers={"Accept": accept})
                    ok = answer.status_code == 200
                except httpx.HTTPError:
                    ok = False
                times[kind].append((time.perf_counter() - started) * 1000)
                errors[kind] += not ok


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server process and its query workers."""
    import psutil

    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values or [0.0])[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store folder; made there from --quads synthetic quads (and kept) if it does not exist (default: a temporary one)")
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-bench-") as tmp:
        store = args.store if args.store and args.store.exists() else synthetic_store(args.store or Path(tmp) / "store", args.quads)
        port = free_port()
        proc = start_server(store, port)
        base = f"http://127.0.0.1:{port}"
        try:
            found = httpx.get(base + "/sparql", params={"query": ENTITIES}, timeout=120).json()["results"]["bindings"]
            entities = [b["e"]["value"] for b in found if b["e"]["value"].startswith(BASE + "id/")]
            random.Random(0).shuffle(entities)
            times: dict[str, list[float]] = {"entity page": [], "one-hop SPARQL": []}
            errors = dict.fromkeys(times, 0)
            until = time.monotonic() + args.seconds

            async def run_all() -> None:
                await asyncio.gather(*(client(base, entities, until, times, errors, k, args.clients) for k in range(args.clients)))

            started, cpu = time.monotonic(), server_cpu(proc.pid)
            asyncio.run(run_all())
            elapsed, cpu = time.monotonic() - started, server_cpu(proc.pid) - cpu
        finally:
            proc.terminate()
            proc.wait(15)
    load = os.getloadavg()
    print(f"{args.clients} clients for {elapsed:.0f} s over {store if args.store else f'{args.quads:,} synthetic quads'}"
          f" (load {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f})")
    requests = sum(len(v) for v in times.values())
    print(f"  server CPU {cpu:.1f} s: {1000 * cpu / max(1, requests):.1f} ms a request, {requests / elapsed:.0f} requests/s")
    print(f"  {'request':<16}{'count':>7}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    report = {"clients": args.clients, "seconds": round(elapsed, 1), "cpu_ms_per_request": round(1000 * cpu / max(1, requests), 1)}
    for kind, values in times.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"  {kind:<16}{len(values):>7}{errors[kind]:>7}{p50:>8.1f}{p95:>8.1f}{max(values, default=0):>8.1f}")
        report[kind] = {"count": len(values), "errors": errors[kind], "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
