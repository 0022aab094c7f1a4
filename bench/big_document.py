"""Big documents: peak RSS and words/s of ``kg build`` on ONE text of N megabytes.

    python bench/big_document.py [--sizes 5 20] [--checkout DIR]

For each size, writes one text file of that many MB (the Lee articles of
``bench/data/lee_background.txt`` repeated, a blank line between articles), runs
``python -m kg build FILE --store TMP --workers 1`` in a child process (the
checkout given, default this one, first on PYTHONPATH), samples its RSS every
0.5 s, and prints the words, seconds, words/s, the peak RSS and the RSS at each
quarter of the run: flat quarters mean memory does not grow with the document.
Issue 15's target: a 50 MB text under 2 GB at near the parse rate.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import lee_texts  # noqa: E402
from bench.memory_bench import quarters_mb, tree_rss  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def write_big_text(path: Path, megabytes: float) -> int:
    """One text of about ``megabytes`` MB made of the Lee articles repeated; returns its word count."""
    articles = lee_texts()
    target, size, words, n = int(megabytes * 2**20), 0, 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            text = articles[n % len(articles)] + "\n\n"
            f.write(text)
            size += len(text.encode("utf-8"))
            words += len(text.split())
            n += 1
    return words


def measure(megabytes: float, checkout: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "big.txt"
        words = write_big_text(text, megabytes)
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(text), "--store", str(Path(tmp) / "store"), "--workers", "1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        )
        proc, samples = psutil.Process(child.pid), []
        while child.poll() is None:
            try:
                samples.append(tree_rss(proc))
            except psutil.NoSuchProcess:
                break
            if len(samples) % 120 == 0:  # a line a minute
                print(f"    {megabytes:g} MB: {time.perf_counter() - started:,.0f}s  RSS {samples[-1] / 2**20:,.0f} MB",
                      file=sys.stderr, flush=True)
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        stderr = child.stderr.read()
        if child.returncode != 0:
            raise SystemExit(f"kg build failed: {stderr[-800:]}")
    return {
        "megabytes": megabytes, "words": words, "seconds": round(seconds, 1),
        "words_per_second": round(words / seconds), "peak_rss_mb": round(max(samples, default=0) / 2**20),
        "rss_quarters_mb": quarters_mb(samples),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 20], help="megabytes of each text")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the kg checkout to run (default: this one)")
    args = parser.parse_args()
    results = []
    for mb in args.sizes:
        r = measure(mb, args.checkout.resolve())
        results.append(r)
        print(f"  {mb:g} MB, {r['words']:,} words: {r['seconds']} s, {r['words_per_second']:,} words/s, "
              f"peak RSS {r['peak_rss_mb']:,} MB (at 25/50/75/100%: {r['rss_quarters_mb']} MB)", flush=True)
    print(json.dumps({"big_document": results}))


if __name__ == "__main__":
    main()
