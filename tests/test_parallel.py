"""--workers N: the whole per-document job on N processes, results in input order."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from kg.pipeline.builder import build
from kg.pipeline.parallel import batches, run_ordered
from kg.store.graph_store import GraphStore
from kg.types import Article, DocumentResult

TEXTS = {
    "talks.txt": "Prime Minister Keir Starmer met Volodymyr Zelensky in London on Monday. "
    "Starmer said Britain would supply more air defence missiles to Ukraine.",
    "visit.txt": "French President Emmanuel Macron visited Berlin, where he met Chancellor Olaf Scholz. "
    '"We stand together," Macron told reporters.',
    "aid.txt": "The United Nations urged Russia to allow aid convoys into Mariupol.",
}


def article(n: int) -> Article:
    return Article(f"a{n}", f"text {n}", "test", f"{n:064x}")


def test_results_come_back_in_input_order_with_a_bounded_window():
    submitted, outstanding, most = [], 0, 0
    lock = threading.Lock()

    def work(batch):
        nonlocal outstanding
        time.sleep(0.05 if batch[0].id == "a0" else 0)  # the first batch finishes last
        with lock:
            outstanding -= 1
        return [DocumentResult(a, [], [], [], []) for a in batch]

    with ThreadPoolExecutor(2) as pool:

        def submit(batch) -> Future:
            nonlocal outstanding, most
            with lock:
                outstanding += 1
                most = max(most, outstanding)
            submitted.append(batch)
            return pool.submit(work, batch)

        ids = [r.article.id for r in run_ordered(submit, (article(n) for n in range(50)), window=3)]
    assert ids == [f"a{n}" for n in range(50)]
    assert most <= 3
    assert sum(len(b) for b in submitted) == 50


def test_batches_read_lazily():
    seen = []

    def source():
        for n in range(20):
            seen.append(n)
            yield article(n)

    first = next(batches(source(), size=8))
    assert [a.id for a in first] == [f"a{n}" for n in range(8)]
    assert len(seen) <= 9


@pytest.mark.model
def test_two_workers_build_the_same_graph_as_one(tmp_path, monkeypatch, nlp):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
    graphs = []
    for workers in (1, 2):
        store = GraphStore("memory")
        report = build([tmp_path], store, workers=workers)
        assert report.built == 3 and not report.problems
        graphs.append(set(store.dataset.quads((None, None, None, None))))
    assert graphs[0] and graphs[0] == graphs[1]
