"""The co-mention network (kg/analysis/network.py ``comention_graph``/``network_graph``) in exports, views and commands.

Entities named in the same sentence (or document) are linked, weighted by how
often: a small corpus with few facts still gives one connected picture.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
import typer
from graph_fixtures import any_store, fill, iri, news_store  # noqa: F401
from lxml import etree
from typer.testing import CliRunner

from kg.analysis.network import NETWORKS, comention_graph, network_graph, shortest_paths
from kg.cli.explore import register
from kg.errors import KGError
from kg.export import export
from kg.export.html import page_data
from kg.store.graph_store import GraphStore

GEXF_SCHEMA = Path(__file__).parent / "data" / "gexf-1.3" / "gexf.rng"


def test_comention_edges_carry_weight_first_sentence_document_and_dates(any_store):
    G = comention_graph(any_store)
    assert not G.is_directed()
    edge = G.edges[iri("zelensky"), iri("starmer")]
    assert edge["predicate"] == "comention"
    assert edge["weight"] == 3
    assert edge["sentence"] == "Volodymyr Zelensky met Keir Starmer in London."  # the earliest shared sentence
    assert edge["document"].endswith("/doc/downing-street")
    assert (edge["first_date"], edge["last_date"]) == ("2024-07-19", "2024-09-02")
    node = G.nodes[iri("zelensky")]
    assert (node["label"], node["kind"], node["documents"]) == ("Volodymyr Zelensky", "Person", 2)  # as entity_graph's


def test_document_comention_links_what_no_sentence_does(any_store):
    by_sentence, by_document = (network_graph(any_store, n) for n in ("comention", "comention-document"))
    assert not nx.has_path(by_sentence, iri("starmer"), iri("russia"))
    assert nx.has_path(by_document, iri("starmer"), iri("russia"))
    assert "sentence" not in by_document.edges[iri("hollande"), iri("russia")]
    [path] = shortest_paths(by_document, iri("starmer"), iri("russia"))
    assert [(s.subject_label, s.predicate, s.object_label, s.weight) for s in path] == [
        ("Keir Starmer", "comention", "Russia", 1)]  # both named in the Kyiv article


def test_comention_filters_by_period_and_weight(any_store):
    july = comention_graph(any_store, until="2024-07-31")
    assert july.edges[iri("zelensky"), iri("starmer")]["weight"] == 2
    assert iri("hollande") not in july
    assert {frozenset(e) for e in comention_graph(any_store, min_weight=3).edges} == {
        frozenset((iri("zelensky"), iri("starmer")))}


def test_network_names_and_filters_are_checked(news_store):
    assert NETWORKS == ("facts", "comention", "comention-document")
    assert network_graph(news_store, "facts").is_directed()
    with pytest.raises(KGError, match="unknown network 'friends': use one of facts, comention, comention-document"):
        network_graph(news_store, "friends")
    with pytest.raises(KGError, match="predicates apply to the facts network only"):
        network_graph(news_store, "comention", predicates=["metWith"])


def test_exports_write_the_undirected_network(news_store, tmp_path):
    gexf = etree.parse(str(export(news_store, "gexf", tmp_path / "c.gexf", network="comention")[0]))
    assert etree.RelaxNG(file=str(GEXF_SCHEMA)).validate(gexf)
    graph = gexf.getroot().find("{*}graph")
    assert graph.get("defaultedgetype") == "undirected"
    assert {e.get("label") for e in graph.iter("{*}edge")} == {"comention"}
    G = nx.read_graphml(export(news_store, "graphml", tmp_path / "c.graphml", network="comention")[0])
    assert not G.is_directed() and G.edges[iri("zelensky"), iri("starmer")]["weight"] == 3
    _, edges = export(news_store, "csv", tmp_path / "c.csv", network="comention-document")
    rows = list(csv.DictReader(edges.open(encoding="utf-8")))
    assert {r["Type"] for r in rows} == {"Undirected"} and {r["Label"] for r in rows} == {"comention"}
    with pytest.raises(KGError, match="--network comention applies to gexf, graphml, csv; trig holds the whole graph"):
        export(news_store, "trig", tmp_path / "g.trig", network="comention")


def test_page_hides_isolated_nodes_labels_people_and_drops_arrows(news_store):
    G = network_graph(news_store, "facts")
    G.add_node("urn:alone", label="Alone", kind="Person")
    data = page_data(G, title="t", hide_isolated=True, label_kinds=["Person"])
    assert "Alone" not in {n["label"] for n in data["nodes"]} and data["directed"] is True
    assert {n["label"] for n in data["nodes"] if n.get("pin")} == {"Volodymyr Zelensky", "Keir Starmer", "François Hollande"}
    assert page_data(network_graph(news_store, "comention"), title="t")["directed"] is False


@pytest.fixture
def cli(tmp_path_factory):
    location = tmp_path_factory.mktemp("cli") / "store"
    with GraphStore(location) as store:
        fill(store)
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [*args, "--store", str(location)])


def test_commands_take_the_network(cli, tmp_path):
    assert cli("path", "Starmer", "Russia").exit_code == 1  # no chain of facts
    found = cli("path", "Starmer", "Russia", "--network", "comention-document", "-f", "json")
    assert found.exit_code == 0, found.output
    assert {r["predicate"] for r in json.loads(found.stdout)} == {"comention"}
    central = cli("central", "--network", "comention", "--top", "1", "-f", "json")
    assert [r["name"] for r in json.loads(central.stdout)] == ["Ukraine"]
    view = cli("viz", "-o", str(tmp_path / "c.html"), "--network", "comention", "--hide-isolated", "--label", "Person")
    assert view.exit_code == 0, view.output
    assert '"directed":false' in (tmp_path / "c.html").read_text()
    assert cli("central", "--network", "gossip").exit_code == 1


def test_quotes_query_gives_document_date_and_sentence(news_store):
    from kg.analysis.query import query_text, run_query

    result = run_query(news_store, query_text("quotes"))
    assert len(result.rows) == 1
    row = dict(zip(result.columns, result.rows[0]))
    assert {k: str(row[k]) for k in ("name", "quote", "document", "date", "sentence")} == {
        "name": "Keir Starmer", "quote": "We stand with Ukraine.", "document": "downing-street",
        "date": "2024-07-19", "sentence": "Starmer said: “We stand with Ukraine.”"}  # fmt: skip
