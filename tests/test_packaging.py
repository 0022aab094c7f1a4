"""A wheel of kg carries what it reads at run time: the ontology, lexicon, gazetteer, shapes and queries."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

CHECK = """
import kg
from kg.knowledge.gazetteer import load_gazetteer
from kg.knowledge.ontology import load_ontology, ontology_dir
from kg.analysis.query import available_queries
assert kg.__file__.startswith(SITE), kg.__file__
assert str(ontology_dir()).startswith(SITE), ontology_dir()
load_ontology()
assert load_gazetteer().titles
assert "entity-facts" in available_queries()
assert (ontology_dir() / "shapes.ttl").is_file()
from kg.serve.app import templates
assert "<bdi>" in templates().get_template("entity.html").render(label="x", picture={})
print("ok")
"""


def test_an_installed_wheel_finds_its_data_without_the_checkout(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    site = tmp_path / "site"
    with zipfile.ZipFile(next(tmp_path.glob("kg-*.whl"))) as wheel:
        wheel.extractall(site)
    run = subprocess.run(
        [sys.executable, "-c", f"SITE = {str(site)!r}\n{CHECK}"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(site)}, timeout=120,
    )
    assert run.stdout.strip() == "ok", run.stderr[-2000:]
