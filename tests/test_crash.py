"""kill -9 during ``kg build`` never leaves half a document, and a re-run completes the build.

The short version of ``bench/crash_loop.py`` (200 documents, 20 kills): 20
documents, 3 kills, the same code.  Each kill is followed by opening the store
with kg and comparing every document graph in it with a clean build's graph for
that document (``SOURCE_DATE_EPOCH`` fixed, so builds are reproducible).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import crash_loop  # noqa: E402 - bench/ is a folder of scripts, not a package
from corpus import generated_texts, write_corpus  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_kill_9_leaves_only_complete_documents_and_a_rerun_completes(tmp_path):
    folder = write_corpus(generated_texts(20, seed=7, sentences=4), tmp_path / "news")
    clean_seconds, first_seconds = crash_loop.build_to_end(folder, tmp_path / "reference")
    reference = crash_loop.read_quads(tmp_path / "reference")
    assert len(reference) == 21  # 20 document graphs + the shared entity labels

    kills = list(
        crash_loop.crash_loop(
            folder, tmp_path / "store", reference, kills=3, loading_seconds=first_seconds,
            seconds_per_document=(clean_seconds - first_seconds) / 20, loading_share=0.0,
            rng=random.Random(3),
        )
    )

    assert [k.check.problems for k in kills] == [[], [], []]
    assert any(k.was_running for k in kills), "no kill landed while a build was running"
    crash_loop.build_to_end(folder, tmp_path / "store")
    assert crash_loop.read_quads(tmp_path / "store") == reference

    # and the checker does catch a partial document: one the reference says has a quad more
    graph = next(g for g in sorted(reference) if "/graph/doc/" in g)
    damaged = {**reference, graph: reference[graph] | {"<urn:x> <urn:y> <urn:z>"}}
    check = crash_loop.check_store(tmp_path / "store", damaged)
    assert check.documents == 19
    assert check.problems == [f"{graph}: {len(reference[graph])} quads, the complete document has {len(damaged[graph])}"]

