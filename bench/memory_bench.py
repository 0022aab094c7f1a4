"""Memory: peak RSS of ``kg build`` as the corpus grows (generated Lee articles, on-disk store).

    python bench/memory_bench.py [--sizes 1000 10000] [--workers 1]

For each size, writes that many generated articles (``corpus.generated_texts``)
to a temporary folder, runs ``kg build FOLDER --store TMP`` as a child process,
samples the RSS of it and its worker processes every 0.5 s, and prints the
peak, the RSS at each quarter of the run (flat = streaming works) and the time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generated_texts, word_count, write_corpus  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and its children, in bytes."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(n: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(generated_texts(n), Path(tmp) / "corpus")
        words = word_count(folder)
        started = time.perf_counter()
        child = subprocess.Popen(
            [KG, "build", str(folder), "--store", str(Path(tmp) / "store"), "--workers", str(workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        proc, samples, main = psutil.Process(child.pid), [], []
        while child.poll() is None:
            try:
                samples.append(tree_rss(proc))
                main.append(proc.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            if len(samples) % 120 == 0:  # a line a minute, so a long run shows its curve as it goes
                print(f"    {n:,} articles: {time.perf_counter() - started:,.0f}s  RSS {samples[-1] / 2**20:,.0f} MB "
                      f"(building process {main[-1] / 2**20:,.0f} MB)", file=sys.stderr, flush=True)
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            raise SystemExit(f"kg build failed: {child.stderr.read()[-500:]}")
    return {
        "articles": n, "words": words, "workers": workers, "seconds": round(seconds, 1),
        "peak_rss_mb": round(max(samples, default=0) / 2**20), "rss_quarters_mb": quarters_mb(samples),
        "building_process_quarters_mb": quarters_mb(main),
    }


def quarters_mb(samples: list[int]) -> list[int]:
    """The samples at 25, 50, 75 and 100% of the run, in MB."""
    return [round(samples[min(len(samples) - 1, len(samples) * q // 4)] / 2**20) for q in (1, 2, 3, 4)] if samples else []


def run(sizes=(1000, 10000), workers: int = 1) -> str:
    lines = ["memory: peak RSS of kg build (on-disk store), generated Lee articles"]
    results = []
    for n in sizes:
        r = measure(n, workers)
        results.append(r)
        lines.append(
            f"  {n:>7,} articles {r['words']:>10,} words  workers={workers}  peak {r['peak_rss_mb']:>5} MB  "
            f"(RSS at 25/50/75/100%: {r['rss_quarters_mb']} MB; building process alone "
            f"{r['building_process_quarters_mb']} MB)  {r['seconds']}s   (target < 1,500 MB, flat)"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    lines.append(json.dumps({"memory": results}))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    print(run(args.sizes, args.workers))


if __name__ == "__main__":
    main()
