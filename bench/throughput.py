"""Throughput: ``kg build`` against a bare ``nlp.pipe``, one process and the default, back to back.

    python bench/throughput.py [FOLDER] [--repeat 1]

FOLDER defaults to the 300 Lee articles written out as .txt files.  Each run is
a fresh process timed from start to exit (imports and model load included, as
a user waits for them); the store is a fresh on-disk one.  ``kg build`` runs
with ``--workers 1`` (one process: parse and extract in it, the store writes on
a thread) and with the default (one worker process per core).  CPU seconds (user +
system, the child and its workers) are printed next to wall time: on a shared
machine the wall ratio is only meaningful when the load average is low.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import lee_texts, word_count, write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
BARE = str(Path(__file__).with_name("bare_spacy.py"))


def timed(args: list[str]) -> tuple[float, float]:
    """Run a command to completion; (wall seconds, CPU seconds of it and its children)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()[-800:]}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def run(folder: Path | None = None, repeat: int = 1) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = folder or write_corpus(lee_texts(), Path(tmp) / "lee")
        words = word_count(folder)
        runs = {
            "bare nlp.pipe": [sys.executable, BARE, str(folder)],
            "kg build --workers 1": [str(BIN / "kg"), "build", str(folder), "--store", "STORE", "--workers", "1"],
            "kg build (default workers)": [str(BIN / "kg"), "build", str(folder), "--store", "STORE"],
            "bare nlp.pipe n_process=2": [sys.executable, BARE, str(folder), "--n-process", "2"],
        }
        best: dict[str, tuple[float, float]] = {}
        load = os.getloadavg()
        for i in range(repeat):
            for name, args in runs.items():
                store = str(Path(tmp) / f"store-{i}-{len(best)}-{name.replace(' ', '_')}")
                wall, cpu = timed([store if a == "STORE" else a for a in args])
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu)
    loads = "/".join(f"{x:.2f}" for x in load)
    lines = [f"throughput: {folder.name}, {words:,} words; load average at start {loads} (1/5/15 min; "
             f"{os.cpu_count()} cores; best of {repeat})"]
    for name, (wall, cpu) in best.items():
        lines.append(f"  {name:<27} {wall:7.1f} s wall {cpu:7.1f} s CPU {words / wall:>8,.0f} words/s")
    bare = best["bare nlp.pipe"][0]
    ratio = bare / best["kg build --workers 1"][0]
    default_ratio = bare / best["kg build (default workers)"][0]
    scale = best["kg build --workers 1"][0] / best["kg build (default workers)"][0]
    spacy_scale = bare / best["bare nlp.pipe n_process=2"][0]
    lines.append(f"  bare nlp.pipe / kg build --workers 1 (wall):   {ratio:.2f}   (target >= 0.9)")
    lines.append(f"  bare nlp.pipe / kg build, default (wall):      {default_ratio:.2f}")
    lines.append(f"  default / --workers 1 speed-up:                {scale:.2f}x  (spaCy n_process=2: {spacy_scale:.2f}x)")
    lines.append(json.dumps({"throughput": {"words": words, "load": [round(x, 2) for x in load], "ratio": round(ratio, 2),
                                            "default_ratio": round(default_ratio, 2), "workers_speedup": round(scale, 2),
                                            "runs": {k: {"wall": round(w, 1), "cpu": round(c, 1)} for k, (w, c) in best.items()}}}))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(run(args.folder, args.repeat))


if __name__ == "__main__":
    main()
