"""One document, one id, however its path is typed; two files, two documents; `kg remove` takes what `kg build` took.

Real builds into the memory store (or a store folder for the CLI); each text is one short sentence.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.pipeline.builder import build
from kg.store.graph_store import GraphStore
from kg.vocab import SLUG_MAX, document_iri, entity_iri, graph_iri


@pytest.fixture
def articles(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "articles"
    (root / "2024").mkdir(parents=True)
    (root / "a.txt").write_text("Keir Starmer met Volodymyr Zelensky in London.")
    (root / "b.txt").write_text("Emmanuel Macron visited Berlin on Monday.")
    (root / "2024" / "c.txt").write_text("Olaf Scholz spoke in Paris.")
    monkeypatch.chdir(tmp_path)
    return root


def stored_ids(store: GraphStore) -> dict[str, str]:
    return {doc.id: doc.source for doc in store.stored_documents().values()}


def test_the_same_files_typed_five_ways_are_the_same_three_documents(articles):
    store = GraphStore("memory")
    first = build(["articles"], store)
    assert first.built == 3 and not first.problems
    ids = stored_ids(store)
    assert sorted(ids) == ["2024/c.txt", "a.txt", "b.txt"]
    for typed in (["articles/"], ["./articles"], [str(articles)], ["articles/a.txt", "articles/b.txt"],
                  ["articles/2024/c.txt"], [str(articles / "2024" / "c.txt")]):
        again = build(typed, store)
        assert (again.built, again.problems) == (0, []), typed
        assert stored_ids(store) == ids, typed


def test_names_that_differ_by_case_punctuation_or_after_80_characters_are_different_documents(tmp_path):
    long = "x" * 100
    names = ["Report.txt", "report.txt", "report-txt", "report_txt", f"{long}-1.txt", f"{long}-2.txt"]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(f"Story number {i} about Keir Starmer in London.")
    store = GraphStore("memory")
    report = build([tmp_path], store)
    assert (report.built, report.problems) == (6, [])
    assert sorted(stored_ids(store)) == sorted(names)
    again = build([tmp_path], store)  # nothing flips between them
    assert (again.built, again.unchanged) == (0, 6)
    assert len({document_iri(n) for n in names}) == len({graph_iri(n) for n in names}) == 6


def test_long_ids_and_entity_names_are_cut_with_a_hash_of_the_whole():
    a, b = "Y" * 300 + "a", "Y" * 300 + "b"
    assert document_iri(a) != document_iri(b) and len(document_iri(a)) < 250
    assert entity_iri("Organization", a) != entity_iri("Organization", b)
    assert len(str(entity_iri("Organization", a)).rsplit("/", 1)[1]) == SLUG_MAX


def test_a_file_whose_id_another_stored_file_has_is_reported_not_replacing_it(tmp_path):
    for folder, text in (("one", "Keir Starmer met Volodymyr Zelensky."), ("two", "Emmanuel Macron met Olaf Scholz.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text)
    store = GraphStore("memory")
    assert build([tmp_path / "one" / "story.txt"], store).built == 1
    second = build([tmp_path / "two" / "story.txt"], store)
    assert second.built == 0
    (problem,) = second.problems
    assert problem.path == str(tmp_path / "two" / "story.txt")
    assert "id 'story.txt' is already taken by another file in the store" in problem.message
    assert str(tmp_path / "one" / "story.txt") in problem.message
    assert stored_ids(store) == {"story.txt": str(tmp_path / "one" / "story.txt")}
    # the first file moved away: the second is the same document at its new place
    (tmp_path / "one" / "story.txt").unlink()
    assert build([tmp_path / "two" / "story.txt"], store).built == 1
    assert stored_ids(store) == {"story.txt": str(tmp_path / "two" / "story.txt")}


def kg(*args: str):
    result = CliRunner().invoke(app, list(args))
    gc.collect()  # the CLI's store leaves Oxigraph's lock to the collector
    return result


@pytest.mark.parametrize("given", ["articles/a.txt", "./articles/a.txt", "a.txt", "articles/[a]*.txt"])
def test_remove_takes_a_path_a_glob_or_an_id_and_says_what_it_removed(articles, given):
    assert kg("build", "articles", "--store", "st", "--workers", "1").exit_code == 0
    removed = kg("remove", given, "--store", "st")
    assert removed.exit_code == 0, removed.output
    text = " ".join(removed.output.split())
    assert f"removed a.txt ({articles / 'a.txt'}):" in text and " facts, " in text and " quotes" in text
    assert "1 document(s) removed;" in text and "entities left in st" in text
    with GraphStore("st", read_only=True) as store:
        assert sorted(stored_ids(store)) == ["2024/c.txt", "b.txt"]


def test_remove_a_folder_takes_every_document_below_it_even_deleted_files(articles):
    assert kg("build", "articles", "--store", "st", "--workers", "1").exit_code == 0
    (articles / "2024" / "c.txt").unlink()
    removed = kg("remove", "articles/2024", "--store", "st")
    assert removed.exit_code == 0, removed.output
    assert "removed 2024/c.txt" in removed.output
    nothing = kg("remove", "articles/2024", "--store", "st")
    assert nothing.exit_code == 1 and "no document 'articles/2024' in the store" in nothing.output
    assert kg("remove", "articles", "--store", "st").exit_code == 0
    with GraphStore("st", read_only=True) as store:
        assert stored_ids(store) == {} and store.entity_count() == 0
