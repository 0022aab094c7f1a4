"""A user's knowledge folder (``--knowledge DIR``, ``$KG_KNOWLEDGE``, ``kg.build(knowledge=)``) changes the graph.

docs/knowledge.md's example, built for real from the folder it shows (``examples/my-knowledge/``):
a title the shipped gazetteer lacks, added in the user's own ``gazetteer/titles.yaml``, becomes a
role instead of part of a name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app

pytestmark = pytest.mark.model

TEXT = "Archdeacon Jane Smith met Keir Starmer in London."


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    return path


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FOLDER = ROOT / "examples" / "my-knowledge"


@pytest.fixture
def folder():
    """docs/knowledge.md's knowledge folder: titles.yaml adds Archdeacon to the shipped titles."""
    return EXAMPLE_FOLDER


def test_the_yaml_the_docs_show_is_the_shipped_example_folder():
    page = (ROOT / "docs" / "knowledge.md").read_text(encoding="utf-8")
    shown = re.findall(r"```yaml\n(# (examples/my-knowledge/\S+) .*?)```", page, re.S)
    assert {path for _, path in shown} == {str(p.relative_to(ROOT)) for p in EXAMPLE_FOLDER.rglob("*.yaml")}
    for text, path in shown:
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"docs/knowledge.md shows {path} otherwise"


def people_and_roles(g: kg.KnowledgeGraph) -> tuple[list[str], list[str]]:
    people = sorted(g.entities(type="Person")["label"])
    roles = g.sparql("SELECT ?title WHERE { ?p kg:holdsRole ?r . ?r rdfs:label ?title }")["title"].tolist()
    return people, roles


def test_without_the_folder_the_title_is_read_as_part_of_the_name(article):
    assert people_and_roles(kg.build(article, store="memory")) == (["Archdeacon Jane Smith", "Keir Starmer"], [])


def test_a_title_added_in_the_users_folder_becomes_a_role(article, folder):
    g = kg.build(article, store="memory", knowledge=folder)
    assert people_and_roles(g) == (["Jane Smith", "Keir Starmer"], ["Archdeacon"])
    assert "Archdeacon" in g.facts("Jane Smith")["object_label"].tolist()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_kg_build_reads_the_folder_from_the_option_or_the_environment(article, folder, tmp_path, how):
    store = tmp_path / f"store-{how}"
    args = ["build", str(article), "--store", str(store), "--workers", "1"]
    env = {"KG_KNOWLEDGE": str(folder)} if how == "environment" else {}
    result = CliRunner().invoke(app, args + (["--knowledge", str(folder)] if how == "option" else []), env=env)
    assert result.exit_code == 0, result.output
    with kg.open(store) as g:
        assert people_and_roles(g) == (["Jane Smith", "Keir Starmer"], ["Archdeacon"])


def test_a_folder_that_is_not_there_is_one_clear_error(article, tmp_path):
    result = CliRunner().invoke(app, ["build", str(article), "--store", "memory", "--knowledge", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "knowledge folder" in result.output and "does not exist" in result.output
