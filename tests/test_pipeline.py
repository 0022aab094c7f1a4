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


LONG = "\n\n".join(
    f"Prime Minister Keir Starmer met Volodymyr Zelensky in London on day {n}. Mr Starmer thanked Ukraine."
    for n in range(10)
)


def graph_quads(store: GraphStore) -> set:
    """Every quad, the build time and merge records left out (a part-by-part write records merges per part)."""
    return {q for q in store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            if "generatedAtTime" not in str(q[1]) and "#merge-" not in str(q[0])}


@pytest.mark.model
def test_a_long_document_written_part_by_part_equals_it_written_whole(tmp_path, monkeypatch):
    from kg.graph.identity import AliasTable
    from kg.knowledge.knowledge import load_knowledge
    from kg.pipeline import stages
    from kg.pipeline.builder import write_result
    from kg.ingest.readers import read_inputs

    monkeypatch.setattr(stages, "MAX_CHARS", 300)  # a long document, in miniature
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(LONG)
    events = []
    with GraphStore(tmp_path / "parts") as parts:
        report = build([tmp_path / "in"], parts, report_parts=True, on_progress=events.append)
        assert report.built == 1 and [e.kind for e in events].count("part") == len(split_text(LONG, 300)) > 3
        assert events[-1].kind == "built"
        by_parts = graph_quads(parts)
        assert len(parts.stored_documents()) == 1
        assert build([tmp_path / "in"], parts).unchanged == 1  # its sha256 is stored: done
    with GraphStore(tmp_path / "whole") as whole:  # the same pieces, merged and written in one update
        pipe = stages.Pipeline()
        (article,) = [a for a in read_inputs([tmp_path / "in"]) if hasattr(a, "sha256")]
        (result,) = pipe.run([article])
        write_result(whole, AliasTable(load_knowledge().gazetteer), result)
        assert by_parts == graph_quads(whole)


@pytest.mark.model
def test_a_long_document_whose_later_part_fails_leaves_nothing_of_it(tmp_path, monkeypatch, registries):
    from kg.pipeline import stages

    _, extractors = registries

    @extractors.register("explode.v1")
    def explode_on_day_7(doc, index, knowledge):
        if "day 7" in doc.text:
            raise ValueError("boom")
        return []

    monkeypatch.setattr(stages, "MAX_CHARS", 300)
    (tmp_path / "long.txt").write_text(LONG)
    (tmp_path / "short.txt").write_text("Angela Merkel met Emmanuel Macron in Berlin on Monday.")
    with GraphStore(tmp_path / "store") as store:
        report = build([tmp_path], store)
        assert report.built == 1 and len(report.problems) == 1
        assert "(in part " in report.problems[0].message
        graphs = {str(g) for (g,) in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
        assert not [g for g in graphs if g.endswith("long.txt")]  # its first parts were taken out again
