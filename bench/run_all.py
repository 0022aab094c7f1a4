"""Every kg benchmark in one run, each figure next to its baseline and target.

    python bench/run_all.py [--quick]

1. throughput: kg build vs bare nlp.pipe, --workers 2 vs 1 (300 Lee articles);
2. memory: peak RSS building 1k and 10k generated articles (--quick: 300, 1k);
3. store: bulk load and queries over ~1M triples, Oxigraph vs rdflib's memory store
   (--quick: 100k triples).
The numbers and the machine go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import memory_bench, store_bench, throughput  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpora and graph (minutes, not an hour)")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores", flush=True)
    print(throughput.run(), flush=True)
    print(memory_bench.run((300, 1000) if args.quick else (1000, 10000)), flush=True)
    print(store_bench.run(100_000 if args.quick else 1_000_000, baseline=True), flush=True)


if __name__ == "__main__":
    main()
