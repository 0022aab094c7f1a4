"""Round trips that hold: every RDF export loaded back into a new store gives the same `kg entities` and `kg stats`.

A triples-only format (Turtle) says so when written and when loaded, and still loads into a
store where entities are found: their types and labels land in the shared entities graph.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.pipeline.builder import build
from kg.store.graph_store import GraphStore

GROWTH = Path(__file__).parent / "data" / "growth"


def kg(*args: str):
    result = CliRunner().invoke(app, list(args))
    gc.collect()  # the CLI's store leaves Oxigraph's lock to the collector
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("round") / "store"
    with GraphStore(path) as gs:
        assert build([GROWTH], gs).built == 3
    gc.collect()
    return path


def readings(store: Path) -> tuple[str, str]:
    return (kg("entities", "--store", str(store), "-f", "csv").stdout,
            kg("stats", "--store", str(store), "-f", "csv").stdout)


@pytest.mark.parametrize(("fmt", "suffix", "triples_only"),
                         [("nquads", "nq", False), ("trig", "trig", False), ("jsonld", "jsonld", False),
                          ("turtle", "ttl", True)])
def test_every_rdf_export_loads_back_into_the_same_entities_and_stats(original, tmp_path, fmt, suffix, triples_only):
    exported = kg("export", "-f", fmt, "-o", str(tmp_path / f"g.{suffix}"), "--store", str(original))
    warned = "has no named graphs" in exported.stderr
    assert warned == triples_only and ("export trig or nquads to keep them" in exported.stderr) == triples_only
    loaded = kg("load", str(tmp_path / f"g.{suffix}"), "--store", str(tmp_path / "copy"))
    assert ("has no named graphs: its triples went into the graph" in loaded.stderr) == triples_only
    entities, stats = readings(tmp_path / "copy")
    assert entities.count("\n") > 5
    assert (entities, stats) == readings(original)
