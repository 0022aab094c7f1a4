"""``kg rules``: the rules table as the command line prints it, in every format."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline.stages import all_rules


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["rules", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_registered_rule_is_listed_in_order_with_its_stage_confidence_and_description(registries):
    rules, _ = registries
    rules.add("test.listed.v2", 0.55, "user", "a rule a test registered")
    rows = json.loads(run("-f", "json"))
    assert rows == [
        {"id": r.id, "stage": r.stage, "confidence": r.confidence, "description": r.description} for r in all_rules()
    ]
    assert rows[-1] == {"id": "test.listed.v2", "stage": "user", "confidence": 0.55, "description": "a rule a test registered"}


def test_csv_has_one_header_and_a_row_per_rule(registries):
    rules, _ = registries
    rules.add("test.csv.v1", 1.0, "relations", "X, Y: commas survive")
    table = list(csv.reader(io.StringIO(run("--format", "csv"))))
    assert table[0] == ["id", "stage", "confidence", "description"]
    assert len(table) == 1 + len(all_rules())
    assert table[-1] == ["test.csv.v1", "relations", "1.0", "X, Y: commas survive"]


def test_the_table_names_each_rule(registries):
    rules, _ = registries
    rules.add("test.table.v1", 0.5, "user", "shown in the table")
    text = run()
    assert "test.table.v1" in text and "shown in the table" in text and "confidence" in text


def test_every_rule_a_build_names_is_in_the_table(seed_store):
    """Each fact's and quote's ``prov:wasGeneratedBy`` rule IRI has its row (its description in docs/ontology.md)."""
    from kg.vocab import RULE

    used = {str(r)[len(str(RULE)):] for (r,) in seed_store.query(
        "SELECT DISTINCT ?r WHERE { ?x <http://www.w3.org/ns/prov#wasGeneratedBy> ?r }")}
    assert used, "the seed build names no rule"
    assert used <= {r.id for r in all_rules()}, sorted(used - {r.id for r in all_rules()})
