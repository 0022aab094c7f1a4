"""The pipeline's own logic: pieces of long texts, merging them, and one bad document never stopping a build."""

from __future__ import annotations

import pytest

from kg.pipeline.builder import build
from kg.pipeline.stages import split_text
from kg.store.graph_store import GraphStore


def test_split_text_cuts_at_paragraphs_and_keeps_every_character():
    text = ("word " * 30 + "\n\n") * 10
    pieces = split_text(text, max_chars=200)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 200 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])


def test_split_text_cuts_an_unbroken_run_anyway():
    pieces = split_text("x" * 450, max_chars=200)
    assert [len(p) for _, p in pieces] == [200, 200, 50]


@pytest.mark.model
def test_an_extractor_that_raises_skips_only_its_document(tmp_path, registries):
    """A registered extractor (users may add their own) crashing on one article: that article is
    named as a problem, the others are built."""

    _, extractors = registries

    @extractors.register("explode.v1")
    def explode_on_marker(doc, index, knowledge):
        if "EXPLODE" in doc.text:
            raise ValueError("boom")
        return []

    (tmp_path / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Berlin on Monday.")
    (tmp_path / "b.txt").write_text("EXPLODE. Joe Biden visited Canada.")
    store = GraphStore("memory")
    report = build([tmp_path], store)
    assert report.built == 1
    assert [p.message for p in report.problems] == [
        "extraction failed (ValueError: boom); this is a bug in kg, please report it"
    ]
    assert report.problems[0].path.endswith("b.txt")
