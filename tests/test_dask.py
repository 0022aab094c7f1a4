"""--engine dask: parsing and extraction on a Dask LocalCluster bound to 127.0.0.1."""

from __future__ import annotations

import pytest

from kg.pipeline.builder import build
from kg.errors import KGError
from kg.store.graph_store import GraphStore

distributed = pytest.importorskip("distributed", reason="pip install 'kg[cluster]'")

TEXTS = {
    "talks.txt": "Prime Minister Keir Starmer met Volodymyr Zelensky in London on Monday.",
    "aid.txt": "The United Nations urged Russia to allow aid convoys into Mariupol.",
}


@pytest.fixture(scope="module")
def cluster():
    # one in-process worker thread: starts in about a second; the worker code path is the same
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as lc:
        yield lc


@pytest.mark.model
def test_a_build_through_the_cluster_equals_a_local_build(cluster, tmp_path, monkeypatch, nlp):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
    local, remote = GraphStore("memory"), GraphStore("memory")
    build([tmp_path], local)
    report = build([tmp_path], remote, engine="dask", scheduler=cluster.scheduler_address)
    assert report.built == 2 and report.quads > 0
    quads = set(remote.dataset.quads((None, None, None, None)))
    assert quads and quads == set(local.dataset.quads((None, None, None, None)))


def test_an_unreachable_scheduler_says_what_to_do():
    from kg.pipeline.dask_engine import connect

    with pytest.raises(KGError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:1 .*dask scheduler"):
        connect("tcp://127.0.0.1:1", timeout=1)


def test_the_dask_engine_needs_a_scheduler(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    with pytest.raises(KGError, match="--scheduler ADDRESS"):
        build([tmp_path], GraphStore("memory"), engine="dask")
