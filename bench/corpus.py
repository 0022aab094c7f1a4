"""The benchmark corpora: the Lee news articles, and larger corpora generated from them.

``lee_texts()`` reads the 300 Australian news articles (Lee, Pincombe & Welsh
2005; one per line, about 59k words) from ``bench/data/lee_background.txt``,
a copy of ``shared/corpus/lee`` kept here so the benchmark runs from a clone.
``generated_texts(n)`` recombines their sentences into ``n`` article-sized
texts, deterministically, for memory and scale runs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
LEE = DATA / "lee_background.txt"


def lee_texts() -> list[str]:
    """The 300 Lee articles, in file order."""
    return [line.strip() for line in LEE.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def lee_sentences() -> list[str]:
    return [s for text in lee_texts() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", text) if s]


def generated_texts(n: int, *, seed: int = 0, sentences: int = 10) -> Iterator[str]:
    """``n`` articles of ``sentences`` Lee sentences each, drawn at random (same seed, same texts)."""
    pool = lee_sentences()
    rng = random.Random(seed)
    for _ in range(n):
        yield " ".join(rng.choices(pool, k=sentences))


def write_corpus(texts, folder: Path) -> Path:
    """Write texts as ``folder/0000001.txt`` ... (the layout ``kg build FOLDER`` reads); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:07d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def word_count(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))
