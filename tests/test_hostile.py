"""Hostile strings: names and parameters never change what a query does, and every export stays valid.

Names full of quotes, braces, backslashes, newlines, SPARQL keywords, IRIs and
invisible Unicode go through ``kg show``, ``kg neighbors`` and ``kg query --param``:
each answers (or says it found nothing) in one line, and the store is quad for
quad what it was.  A document whose text holds the same strings (and control
characters) builds, and every export parses with rdflib and with ``rapper``
(Debian raptor2-utils, an independent parser), GEXF and GraphML with lxml.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from needs import require_tool
from lxml import etree
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli.main import app
from kg.export import export
from kg.store.graph_store import GraphStore

pytestmark = pytest.mark.model

HOSTILE = [
    '"',
    "'",
    '"""',
    "\\",
    "\\\" } ; DROP ALL ; { \"",
    "} ; DROP ALL ; {",
    "\" } } ; CLEAR ALL ; INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "<http://evil>",
    "<http://evil> } ; DROP ALL ; {",
    "http://evil/x> . <urn:y",
    "SELECT * WHERE { ?s ?p ?o }",
    "FILTER(true) UNION { ?s ?p ?o }",
    "Keir\nStarmer",
    "Keir Starmer\r\n# comment",
    "Zelensky\u200b\u200d",
    "\u202eyksneleZ\u202c",
    "{{name}} %s {0} $1 ?name",
    "\x00\x01\x1f",
    "",
]
DOCUMENT = (
    'Keir "The Hammer" Starmer met Volodymyr <Zelensky> in London on Saturday. '
    "O'Brien of the {Ministry} said \\\"no\\\" ; DROP ALL ; <http://evil> } and then left.\x01\x0b\x1f "
    "The \u202eBritish\u202c prime minister\u200b promised more aid to Ukraine.\n\n"
    '"We will stand with you," Starmer told Zelensky.'
)
# as stored: control characters (a vertical tab is a line break) and bidi overrides go when it is read
STORED = DOCUMENT.replace("\x01\x0b\x1f", "\n").replace("\u202e", "").replace("\u202c", "")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    """An on-disk store built by ``kg build`` from a document full of hostile strings."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "hostile.txt").write_text(DOCUMENT, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(root / "hostile.txt"), "--store", str(root / "store")])
    assert result.exit_code == 0, result.stderr
    return root / "store"


def all_quads(store: Path) -> set[tuple[str, ...]]:
    with GraphStore(store, read_only=True) as gs:
        return {tuple(t.n3() for t in row) for row in gs.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}


def assert_clean_outcome(result) -> None:
    """Either an answer (exit 0) or one error line (exit 1), never a traceback."""
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1, result.stderr


def test_hostile_names_and_params_change_nothing(hostile_store):
    before = all_quads(hostile_store)
    runner = CliRunner()
    store = ["--store", str(hostile_store)]
    for name in HOSTILE:
        for args in (
            ["show", name],
            ["neighbors", name],
            ["query", "entity-facts", "--param", f"entity={name}"],
            ["query", "roles", "--param", f"role={name}"],
            ["query", "-e", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--param", f"o={name}"],
        ):
            assert_clean_outcome(runner.invoke(app, [*args, *store]))
    assert all_quads(hostile_store) == before


def test_a_bound_literal_matches_exactly_itself(hostile_store):
    """The hostile text is stored verbatim, and binding it as a parameter finds exactly that literal."""
    sentence = "O'Brien of the {Ministry} said"
    result = CliRunner().invoke(app, [
        "query", "-e", "SELECT ?s ?text WHERE { ?s <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?text }",
        "--param", f"text={STORED}", "--store", str(hostile_store), "--format", "json",
    ])
    assert result.exit_code == 0, result.stderr
    assert sentence in result.stdout and result.stdout.count('"s":') == 1


@pytest.mark.parametrize(("fmt", "rapper_format"), [
    ("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"), ("jsonld", None),
])
def test_every_rdf_export_parses(hostile_store, tmp_path, fmt, rapper_format):
    path = tmp_path / f"graph.{fmt}"
    with GraphStore(hostile_store, read_only=True) as gs:
        export(gs, fmt, path)
        quads = len(gs)
    parsed = Dataset() if fmt in ("trig", "nquads", "jsonld") else Graph()
    parsed.parse(path, format={"jsonld": "json-ld"}.get(fmt, fmt))
    assert len(parsed) > 0 if fmt == "turtle" else sum(1 for _ in parsed.quads()) == quads
    assert "Hammer" in path.read_text(encoding="utf-8")
    if rapper_format:
        rapper = require_tool("rapper", "apt-get install raptor2-utils")
        checked = subprocess.run([rapper, "-i", rapper_format, "-c", str(path)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stderr[-2000:]
        assert "rapper: Error" not in checked.stderr


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_exports_are_well_formed_xml(hostile_store, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    with GraphStore(hostile_store, read_only=True) as gs:
        export(gs, fmt, path)
    root = etree.parse(str(path)).getroot()
    assert len(root.xpath("//*[local-name()='node']")) > 0
