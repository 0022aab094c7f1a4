"""Shared fixtures: the real spaCy model and the seed article's graph, each built once per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from needs import require_tool

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED_TEXT = ROOT / "examples" / "zelensky-downing-street.txt"
SEED_GOLD = DATA / "gold" / "seed" / "zelensky-downing-street.gold.yaml"
GUM_DIR = DATA / "gold" / "gum"
LEE_DIR = DATA / "gold" / "lee"  # hand-read gold for four Lee articles kg was not written for
BBC_DIR = DATA / "gold" / "bbc"  # 24 BBC News articles with hand-read gold (the shared development set)


@pytest.fixture(scope="session")
def nlp():
    """The real English model with kg's gazetteer (integration tests only)."""
    from kg.knowledge.knowledge import load_knowledge
    from kg.nlp.model import load_model

    return load_model(None, load_knowledge().gazetteer)


@pytest.fixture(scope="session")
def seed_store():
    """A memory store holding the seed article, built by the real pipeline."""
    from kg.pipeline.builder import build
    from kg.store.graph_store import GraphStore

    from kg.analysis.validate import format_report, validate

    store = GraphStore("memory")
    report = build([SEED_TEXT], store)
    assert report.built == 1 and not report.problems
    shapes = validate(store.dataset)
    assert shapes.conforms, format_report(shapes)  # every graph the tests build is a valid kg graph
    return store


@pytest.fixture(scope="session")
def seed_disk_store(tmp_path_factory):
    """An on-disk Oxigraph store holding the seed article (path returned; closed after building)."""
    from kg.pipeline.builder import build
    from kg.store.graph_store import GraphStore

    path = tmp_path_factory.mktemp("stores") / "seed"
    with GraphStore(path) as store:
        build([SEED_TEXT], store)
    return path


def pytest_runtest_setup(item):
    """``@pytest.mark.needs_tool(commands, install)``: skip (or, in CI, fail) without the program."""
    for mark in item.iter_markers("needs_tool"):
        require_tool(*mark.args)


@pytest.fixture
def registries(monkeypatch):
    """The rules table and the extractor registry as they are, restored after the test (so a rule or
    extractor a test registers does not leak into docs/ontology.md or other tests' builds)."""
    from kg.extract.extractors import EXTRACTORS
    from kg.extract.rules import RULES

    monkeypatch.setattr(RULES, "_rules", dict(RULES._rules))
    monkeypatch.setattr(EXTRACTORS, "_extractors", dict(EXTRACTORS._extractors))
    return RULES, EXTRACTORS
