"""A full disk is a clear error, not a bug: one line saying what happened, what is stored and what to do; exit 1.

A real 2 MB tmpfs, so this runs as root only (``mount``), and is skipped otherwise.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.store.graph_store import GraphStore

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from corpus import generated_texts  # noqa: E402 - bench/ is a folder of scripts

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root"),
]


@pytest.fixture
def full_disk(tmp_path: Path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        gc.collect()
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_build_that_fills_the_disk_says_so_and_keeps_every_finished_document(full_disk, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for i, text in enumerate(generated_texts(40, sentences=30)):
        (articles / f"a{i:02}.txt").write_text(text)
    store = full_disk / "store"
    result = CliRunner().invoke(app, ["build", str(articles), "--store", str(store), "--workers", "1"])
    gc.collect()
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    (error,) = errors
    assert "internal error" not in result.stderr
    assert "the disk is full" in error and "free some space" in error and "run the same command again" in error
    kept = int(error.split("The store keeps at least ")[1].split(" ")[0])
    assert 0 < kept < 40
    with GraphStore(store, read_only=True) as gs:
        assert len(gs.stored_documents()) == kept
