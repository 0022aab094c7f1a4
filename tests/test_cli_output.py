"""The CLI as other tools and careful readers use it: one JSON document per call, mistakes as errors, exit codes.

Every read command with ``-f json`` is piped into ``json.loads``; the mistakes of issue 14.7 and
the refusals of issue 15.5 each give exit 1 and one line saying what to do; usage errors exit 2.
The store holds the hand-made fixture graph (no spaCy model) plus one document whose names
carry terminal escapes and bidi overrides, which no table may print raw.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from graph_fixtures import ENTITIES, fill, make_result, write_document
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.common import ExportFormat, printable
from kg.export import ALIASES, EXTENSIONS, FORMATS
from kg.resources import __version__
from kg.store.graph_store import GraphStore

ESCAPES = "Evil\x1b[2J\x1b]0;owned\x07 \u202eCorp\u202c\x9b"  # clear screen, OSC title, bidi override, C1 CSI
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    location = tmp_path_factory.mktemp("cli-output") / "store"
    with GraphStore(location) as gs:
        fill(gs)
        entities = {**ENTITIES, "evil": ("Organization", ESCAPES, ())}
        write_document(gs, make_result("escapes", "Escapes", "2024-01-02",
                                       [f"Keir Starmer criticized {ESCAPES} in London."],
                                       [("starmer", "criticized", "evil", 0)], entities))
    return str(location)


def run(*args: str, store: str | None = None, stdin: str | bytes | None = None):
    return CliRunner().invoke(app, [*args, *(["--store", store] if store else [])], input=stdin)


# -- one valid document per call ------------------------------------------------


@pytest.mark.parametrize("command", [
    ["stats"], ["entities"], ["entities", "-t", "person"], ["show", "Keir Starmer"], ["query", "--list"],
    ["query", "entity-facts", "--param", "entity=Keir Starmer"], ["query", "-e", "ASK { ?s ?p ?o }"],
    ["neighbors", "Keir Starmer"], ["central"], ["communities"], ["validate"], ["path", "Keir Starmer", "Kyiv"],
])
def test_every_read_command_prints_one_json_document(store, command):
    result = run(*command, "-f", "json", store=store)
    assert result.exit_code in (0, 1), result.output  # validate exits 1 when the graph does not conform
    json.loads(result.stdout)  # one document, nothing else on stdout


def test_rules_print_one_json_list():
    rules = json.loads(run("rules", "-f", "json").stdout)
    assert isinstance(rules, list) and all({"id", "stage", "confidence", "description"} <= set(r) for r in rules)


def test_stats_json_is_one_object_and_csv_one_table(store):
    stats = json.loads(run("stats", "-f", "json", store=store).stdout)
    assert set(stats) == {"graph", "entities_by_class", "facts_by_predicate"}
    assert stats["graph"]["documents"] == 3 and stats["entities_by_class"]["Person"] >= 3
    rows = list(csv.reader(io.StringIO(run("stats", "-f", "csv", store=store).stdout)))
    assert rows[0] == ["part", "name", "count"] and ["graph", "documents", "3"] in rows


def test_lists_are_json_lists_with_full_iris(store):
    people = json.loads(run("entities", "-t", "Person", "-f", "json", store=store).stdout)
    assert isinstance(people, list) and {p["class"] for p in people} == {"Person"}
    assert all(p["iri"].startswith("https://w3id.org/kg-news/id/person/") for p in people)


def test_tables_show_compact_iris_and_are_not_cut_when_piped(store):
    result = run("entities", store=store)
    assert result.exit_code == 0
    assert "id:person/keir-starmer" in result.stdout and "https://w3id.org" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) > 80  # the runner's stdout is not a terminal
    assert "…" not in result.stdout


def test_tables_and_cards_never_print_escapes_or_bidi_overrides(store):
    for command in (["entities"], ["show", "Keir Starmer"], ["query", "-e", "SELECT ?n WHERE { ?e rdfs:label ?n }"],
                    ["neighbors", "Keir Starmer"], ["show", "Evil"]):
        result = run(*command, store=store)
        assert result.exit_code == 0, (command, result.output)
        assert not RAW.search(result.stdout), (command, result.stdout)
    assert "Evil\ufffd[2J\ufffd]0;owned\ufffd \ufffdCorp" in run("entities", store=store).stdout
    assert not RAW.search(run("query", "-e", "CONSTRUCT WHERE { ?e rdfs:label ?n }", store=store).stdout)


@pytest.mark.parametrize("command", [["entities"], ["show", "Evil"], ["query", "-e", "CONSTRUCT WHERE { ?e rdfs:label ?n }"]])
def test_json_escapes_what_a_terminal_would_obey(store, command):
    result = run(*command, "-f", "json", store=store)
    assert result.exit_code == 0 and not RAW.search(result.stdout)
    assert any(ESCAPES in text for text in strings(json.loads(result.stdout)))  # the data itself is kept


def strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_printable_replaces_controls_but_keeps_text():
    assert printable("Fran\u00e7ois \u05e9\u05dc\u05d5\u05dd") == "Fran\u00e7ois \u05e9\u05dc\u05d5\u05dd"
    assert printable("a\x1bb\u202ec\u2066d\x85") == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_eval_takes_format_json_and_keeps_the_old_flag():
    result = run("eval", "--help")
    assert "--format" in result.stdout and result.exit_code == 0


# -- export: formats listed once, inferred from the file, stdout --------------------


def test_export_formats_come_from_kg_export():
    assert [f.value for f in ExportFormat] == [*FORMATS, *ALIASES]
    assert set(EXTENSIONS.values()) <= set(FORMATS)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig", ".jsonld", ".gexf", ".graphml"])
def test_export_format_is_inferred_from_the_extension(store, tmp_path, suffix):
    target = tmp_path / f"graph{suffix}"
    result = run("export", "-o", str(target), store=store)
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 100


def test_export_to_stdout_with_a_short_name(store):
    import rdflib

    result = run("export", "-f", "nq", "-o", "-", store=store)
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset()
    dataset.parse(data=result.stdout, format="nquads")
    assert len(dataset) > 50 or sum(1 for _ in dataset.quads()) > 50
    assert "wrote" not in result.stdout
    ttl = run("export", "-f", "ttl", "-o", "-", "-q", store=store)
    assert ttl.exit_code == 0 and ttl.stderr == "" and "@prefix kg:" in ttl.stdout


def test_export_mistakes_are_usage_errors(store, tmp_path):
    assert run("export", "-o", str(tmp_path / "graph.docx"), store=store).exit_code == 2
    assert "cannot tell the format" in run("export", "-o", str(tmp_path / "graph.docx"), store=store).stderr
    assert run("export", "-f", "csv", "-o", "-", store=store).exit_code == 2
    assert run("export", "-f", "ttx", "-o", "g.ttl", store=store).exit_code == 2


# -- mistakes are errors -------------------------------------------------------------


@pytest.mark.parametrize("args, says", [
    (["query", "entity-facts"], "needs --param entity=VALUE"),
    (["query", "quotes", "--param", "who=Keir Starmer"], "has no parameter 'who'; its parameters: speaker"),
    (["query", "-e", "SELECT ?x WHERE { ?x a kg:Person }", "-p", "y=1"], "has no parameter 'y'"),
    (["query", "-e", "SELECT ?x WHERE { ?x a kg:Person }", "-p", "x} ?s ?p ?o {=1"], "is not a variable name"),
    (["query", "entity-facts", "--param", "entity=Nobody At All"], "no entity matches 'Nobody At All'"),
    (["query", "entities-by-type", "--param", "class=Persn"], "'Persn' is not a class of the ontology"),
    (["entities", "-t", "Persn"], "no class 'Persn' in the ontology"),
    (["neighbors", "Keir Starmer", "-t", "Planet"], "no class 'Planet'"),
    (["show", "Nobody At All"], "no entity matches"),
    (["query", "-e", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "INSERT is an update, and kg queries are read-only"),
    (["query", "-e", "DELETE WHERE { ?s ?p ?o }"], "`kg remove`"),
    (["query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"], "--allow-service"),
])
def test_mistakes_are_one_line_errors_with_exit_1(store, args, says):
    result = run(*args, store=store)
    assert result.exit_code == 1, result.output
    assert says in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_syntax_errors_point_into_the_users_own_text(store):
    text = "SELECT ?x WHERE {\n  ?x a kg:Person .\n  FILTER( }"
    result = run("query", "-e", text, store=store)
    assert result.exit_code == 1
    assert "SPARQL syntax error at line 3, column 3: unexpected 'FILTER' (line 3: FILTER( })" in result.stderr
    first = run("query", "-e", "SELEKT ?x WHERE { ?x ?p ?o }", store=store)
    assert "line 1, column 1: unexpected 'SELEKT'" in first.stderr
    bound = run("query", "-e", "# who\nSELECT ?e WHERE { ?e rdfs:label ?n } LIMT 3", "-p", "n=Keir Starmer", store=store)
    assert "line 2, column 38: unexpected 'LIMT'" in bound.stderr  # the VALUES row kg adds does not shift it


def test_errors_while_rows_stream_are_query_errors(store):
    result = run("query", "--allow-service", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                 store=store)
    assert result.exit_code == 1 and "the query failed" in result.stderr and "internal error" not in result.stderr


def test_construct_and_describe_print_rdf(store):
    import rdflib

    result = run("query", "-e", "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }", store=store)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) >= 3
    described = run("query", "-f", "json", "-e", "DESCRIBE ?p WHERE { ?p rdfs:label 'Keir Starmer' }", store=store)
    assert described.exit_code == 0 and isinstance(json.loads(described.stdout), list | dict)


def test_usage_errors_exit_2(store):
    assert run("stats", "--format", "xml", store=store).exit_code == 2
    assert run("query", "quotes", "-e", "ASK {}", store=store).exit_code == 2
    assert run("frobnicate").exit_code == 2


# -- version, quiet, verbose -------------------------------------------------------


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kg {__version__}"


def test_every_command_takes_quiet_and_verbose():
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert len(commands) >= 15
    for name in commands:
        help_text = run(name, "--help").stdout
        assert "--quiet" in help_text and "--verbose" in help_text, name


def test_quiet_keeps_errors_and_drops_notes(store, tmp_path):
    quiet = run("export", "-o", str(tmp_path / "g.ttl"), "--quiet", store=store)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run("export", "-o", str(tmp_path / "g.ttl"), store=store)
    assert "note: turtle has no named graphs" in loud.stderr and "wrote" in loud.stderr
    failed = run("entities", "-t", "Nope", "-q", store=store)
    assert failed.exit_code == 1 and "no class 'Nope'" in failed.stderr


@pytest.mark.model
def test_build_from_stdin_quiet_and_verbose(tmp_path):
    store = str(tmp_path / "store")
    lines = "\n".join(json.dumps({"id": f"wire-{i}", "text": f"Keir Starmer visited Paris on day {i}."}) for i in (1, 2))
    result = run("build", "-", "--workers", "1", "-v", store=store, stdin=lines)
    assert result.exit_code == 0, result.output
    assert "built wire-1" in result.stderr and "built 2 document(s)" in result.stderr
    again = run("build", "-", "--workers", "1", "-q", store=store, stdin=lines)
    assert again.exit_code == 0 and again.stderr == ""
    stats = json.loads(run("stats", "-f", "json", store=store).stdout)
    assert stats["graph"]["documents"] == 2
    text = run("build", "-", "--stdin-name", "story.txt", "--workers", "1", store=store,
               stdin="Keir Starmer met Emmanuel Macron in Paris.")
    assert text.exit_code == 0, text.output
    documents = json.loads(run("query", "documents", "-f", "json", store=store).stdout)
    assert any(d["document"].endswith("/doc/story.txt") for d in documents)
    assert run("build", "-", "other.txt", store=store, stdin="x").exit_code == 2


def test_validate_prints_one_line_per_result(store):
    result = run("validate", store=store)
    lines = result.stdout.strip().splitlines()
    assert lines and "\ufffd" not in result.stdout.replace("Evil\ufffd", "")  # newlines stay newlines
    assert result.exit_code == (0 if lines == ["conforms: no violations"] else 1)
