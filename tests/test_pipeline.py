"""The pipeline's own logic: pieces of long texts, merging them, and one bad document never stopping a build."""

from __future__ import annotations

import pytest

from kg.pipeline.builder import build
from kg.pipeline.stages import batch_pieces, split_text
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


def test_pieces_are_batched_by_characters_as_well_as_by_count():
    pieces = [("x" * 40_000, n) for n in range(6)] + [("short", n) for n in range(20)]
    batches = list(batch_pieces(pieces, batch_size=16, max_chars=100_000))
    assert [len(b) for b in batches] == [2, 2, 16, 6]  # two long pieces, then short ones up to sixteen
    assert [p for b in batches for p in b] == pieces  # in order, none lost
    assert all(sum(len(t) for t, _ in b) <= 100_000 for b in batches)


@pytest.mark.model
def test_a_long_text_is_extracted_in_parts_that_are_reported_and_merged():
    from kg.ingest.readers import article_from_text
    from kg.pipeline.stages import Pipeline

    text = "\n\n".join(f"Keir Starmer met Volodymyr Zelensky in London on day {n}." for n in range(12))
    pipe = Pipeline()
    pipe.max_chars = 200  # a long text, in miniature
    parts = []
    (result,) = pipe.run([article_from_text(text, id="long", source="long")],
                         on_part=lambda art, part, count, words: parts.append((art.id, part, count, words)))
    count = len(split_text(text, 200))
    assert count > 3 and [(p[1], p[2]) for p in parts] == [(n, count) for n in range(1, count + 1)]
    assert sum(p[3] for p in parts) == len(text.split())
    starmer = [e for e in result.entities if e.name == "Keir Starmer"]
    assert len(starmer) == 1 and len(starmer[0].mentions) == 12  # one entity over every part
    assert all(text[m.start:m.end] == "Keir Starmer" for m in starmer[0].mentions)  # offsets in the whole text
