"""Two processes on one on-disk store: a second writer is told who holds it; readers query during a build.

One ``kg build`` runs in a subprocess (a real second process holding Oxigraph's
lock) while this process tries to write (CLI and API) and to read (CLI).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.errors import StoreLocked
from kg.store.graph_store import GraphStore

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from corpus import generated_texts, write_corpus  # noqa: E402 - bench/ is a folder of scripts
from crash_loop import kg_build, stored_documents, wait_for_documents  # noqa: E402

pytestmark = pytest.mark.model

DOCUMENTS = 200  # enough that the build is still writing while the checks below run, on a fast machine too


def test_second_writer_is_told_and_readers_query_during_a_build(tmp_path):
    store = tmp_path / "store"
    other = write_corpus(generated_texts(1, seed=2), tmp_path / "other" / "extra").parent  # id extra/0000000.txt
    # one process, so the build is still writing while the checks below run
    build = kg_build(write_corpus(generated_texts(DOCUMENTS, seed=1, sentences=4), tmp_path / "news"), store,
                     stderr=subprocess.PIPE, options=("--workers", "1"))
    try:
        assert wait_for_documents(build, store, 0, timeout=120), "the build wrote nothing"
        runner = CliRunner()

        second = runner.invoke(app, ["build", str(other), "--store", str(store)])
        with pytest.raises(StoreLocked, match=f"in use by process {build.pid}\\b"):
            GraphStore(store)
        documents = runner.invoke(app, ["query", "documents", "--store", str(store), "--format", "csv"])
        stats = runner.invoke(app, ["stats", "--store", str(store), "--format", "json"])
        still_building = build.poll() is None
    finally:
        _, stderr = build.communicate(timeout=300)

    assert still_building, "the build ended before the checks ran: raise DOCUMENTS"
    assert second.exit_code == 1
    assert second.stderr.count("\n") == 1 and "Traceback" not in second.output + second.stderr
    assert f"store {store} is in use by process {build.pid}" in second.stderr
    assert documents.exit_code == 0 and stats.exit_code == 0, documents.stderr + stats.stderr
    assert 1 <= documents.stdout.count("/news/") <= DOCUMENTS  # sources of the documents already written
    assert '"documents"' in stats.stdout

    # the first build is unharmed and the store is usable: complete, and writable again
    assert build.returncode == 0, stderr.decode()[-2000:]
    assert stored_documents(store) == DOCUMENTS
    after = runner.invoke(app, ["build", str(other), "--store", str(store)])
    assert after.exit_code == 0, after.stderr
    assert stored_documents(store) == DOCUMENTS + 1
