"""networkx projections and analyses (kg/analysis/network.py) and the commands that print them (kg/cli/explore.py)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import typer
from graph_fixtures import any_store, fill, iri, news_store  # noqa: F401
from typer.testing import CliRunner

from kg.cli.explore import register
from kg.errors import EntityNotFound, KGError
from kg.analysis.network import (
    centrality,
    comention_graph,
    communities,
    entity_graph,
    layout,
    neighbors,
    read_facts,
    shortest_paths,
)
from kg.store.graph_store import GraphStore

SIGMA_RESERVED = {"type", "size", "color", "x", "y"}


def labels(G, nodes=None):
    return sorted(G.nodes[n]["label"] for n in (G.nodes if nodes is None else nodes))


def edge_triples(G):
    return sorted((G.nodes[u]["label"], d["predicate"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True))


# -- projections -------------------------------------------------------------------


def test_entity_graph_has_entities_as_nodes_and_facts_as_edges(any_store):
    G = entity_graph(any_store)
    assert isinstance(G, nx.DiGraph) and not G.is_multigraph()
    assert labels(G) == [
        "François Hollande", "Keir Starmer", "Kyiv", "London", "North Atlantic Treaty Organization",
        "Russia", "Storm Shadow", "Ukraine", "United Kingdom", "Volodymyr Zelensky",
    ]  # fmt: skip
    assert edge_triples(G) == [
        ("François Hollande", "criticized", "Russia"),
        ("Keir Starmer", "metWith", "Volodymyr Zelensky"),
        ("Kyiv", "capitalOf", "Ukraine"),
        ("United Kingdom", "memberOf", "North Atlantic Treaty Organization"),
        ("United Kingdom", "supplied", "Storm Shadow"),
        ("Volodymyr Zelensky", "leaderOf", "Ukraine"),
        ("Volodymyr Zelensky", "metWith", "Keir Starmer"),
        ("Volodymyr Zelensky", "thanked", "United Kingdom"),
    ]


def test_attributes_are_plain_scalars_with_no_sigma_reserved_names(any_store):
    G = entity_graph(any_store, multi=True, include_open=True, types=["Person", "Country", "Role"])
    for _, attrs in [*G.nodes(data=True), *((None, d) for *_, d in G.edges(data=True))]:
        assert not SIGMA_RESERVED & set(attrs)
        assert all(type(v) in (str, int, float) for v in attrs.values()), attrs


def test_node_attributes_count_documents_and_mentions_and_date_them(any_store):
    zelensky = entity_graph(any_store).nodes[iri("zelensky")]
    assert zelensky == {
        "label": "Volodymyr Zelensky", "kind": "Person", "aliases": "Zelensky; Zelenskyy",
        "documents": 2, "mentions": 5, "first_date": "2024-07-19", "last_date": "2024-09-02",
    }  # fmt: skip


def test_edge_weight_counts_statements_and_keeps_the_first_sentence(any_store):
    thanked = entity_graph(any_store).edges[iri("zelensky"), iri("uk")]
    assert thanked == {
        "predicate": "thanked",
        "weight": 2,
        "sentence": "Zelensky thanked the UK for its support.",  # the earlier article's sentence
        "document": "https://w3id.org/kg-news/doc/downing-street",
        "confidence": 0.9,
        "first_date": "2024-07-19",
        "last_date": "2024-09-02",
    }


def test_multi_keeps_one_edge_per_predicate_and_the_digraph_joins_them(any_store):
    multi = entity_graph(any_store, multi=True, include_open=True)
    between = multi.get_edge_data(iri("zelensky"), iri("starmer"))
    assert sorted(between) == ["metWith", "plead_with"]
    assert between["plead_with"]["sentence"] == "Zelensky, the President of Ukraine, pleaded with Sir Keir."
    joined = entity_graph(any_store, include_open=True).edges[iri("zelensky"), iri("starmer")]
    assert (joined["predicate"], joined["weight"]) == ("metWith;plead_with", 2)


def test_open_relations_and_roles_are_left_out_by_default(any_store):
    G = entity_graph(any_store, multi=True)
    assert "plead_with" not in {d["predicate"] for *_, d in G.edges(data=True)}
    assert "https://w3id.org/kg-news/id/role/president" not in G
    with_roles = entity_graph(any_store, types=["Person", "Role"])
    assert edge_triples(with_roles) == [
        ("Keir Starmer", "metWith", "Volodymyr Zelensky"),
        ("Volodymyr Zelensky", "holdsRole", "President"),
        ("Volodymyr Zelensky", "metWith", "Keir Starmer"),
    ]
    assert with_roles.nodes["https://w3id.org/kg-news/id/role/president"]["kind"] == "Role"


def test_filters_by_type_predicate_weight_and_date(any_store):
    assert labels(entity_graph(any_store, types=["Country"])) == ["Russia", "Ukraine", "United Kingdom"]
    assert edge_triples(entity_graph(any_store, predicates=["metWith"])) == [
        ("Keir Starmer", "metWith", "Volodymyr Zelensky"),
        ("Volodymyr Zelensky", "metWith", "Keir Starmer"),
    ]
    assert edge_triples(entity_graph(any_store, min_weight=2)) == [("Volodymyr Zelensky", "thanked", "United Kingdom")]
    july = entity_graph(any_store, until="2024-07-31")
    assert labels(july) == ["Keir Starmer", "London", "Ukraine", "United Kingdom", "Volodymyr Zelensky"]
    assert july.edges[iri("zelensky"), iri("uk")]["weight"] == 1
    september = entity_graph(any_store, since="2024-09-01")
    assert "London" not in labels(september) and len(september.edges) == 6


def test_read_facts_gives_every_statement_oldest_first(any_store):
    facts = read_facts(any_store)
    assert len(facts) == 11 and sum(f.open for f in facts) == 1
    assert [f.date for f in facts] == sorted(f.date for f in facts)
    about_uk = read_facts(any_store, iri("uk"))
    assert sorted((f.subject_label, f.predicate, f.object_label) for f in about_uk) == [
        ("United Kingdom", "memberOf", "North Atlantic Treaty Organization"),
        ("United Kingdom", "supplied", "Storm Shadow"),
        ("Volodymyr Zelensky", "thanked", "United Kingdom"),
        ("Volodymyr Zelensky", "thanked", "United Kingdom"),
    ]
    assert {f.rule for f in about_uk} == {"fixture.v1"}


def test_comention_graph_counts_shared_sentences_or_documents(any_store):
    by_sentence = comention_graph(any_store)
    by_document = comention_graph(any_store, level="document")
    pair = (iri("zelensky"), iri("starmer"))
    assert by_sentence.edges[pair]["weight"] == 3  # two sentences in the first article, one in the second
    assert by_document.edges[pair]["weight"] == 2
    assert not by_sentence.has_edge(iri("hollande"), iri("zelensky"))
    assert by_document.has_edge(iri("hollande"), iri("zelensky"))
    with pytest.raises(KGError, match="use 'sentence' or 'document'"):
        comention_graph(any_store, level="paragraph")


def test_memory_and_oxigraph_give_the_same_projection(tmp_path):
    graphs = []
    for location in ("memory", tmp_path / "store"):
        with GraphStore(location) as store:
            graphs.append(entity_graph(fill(store), multi=True, include_open=True))
    assert nx.utils.graphs_equal(*graphs)


# -- analyses ------------------------------------------------------------------------


def test_neighbors_within_depth(news_store):
    G = entity_graph(news_store)
    assert labels(neighbors(G, iri("uk"))) == [
        "North Atlantic Treaty Organization", "Storm Shadow", "United Kingdom", "Volodymyr Zelensky",
    ]  # fmt: skip
    assert labels(neighbors(G, iri("uk"), depth=2)) == [
        "Keir Starmer", "North Atlantic Treaty Organization", "Storm Shadow", "Ukraine", "United Kingdom",
        "Volodymyr Zelensky",
    ]  # fmt: skip
    with pytest.raises(EntityNotFound, match="not a node of this graph"):
        neighbors(G, "urn:nobody")


def test_shortest_paths_list_the_facts_and_sentences_along_the_way(news_store):
    G = entity_graph(news_store)
    (path,) = shortest_paths(G, iri("starmer"), iri("nato"))
    assert [(s.subject_label, s.predicate, s.object_label) for s in path] == [
        ("Keir Starmer", "metWith", "Volodymyr Zelensky"),  # both directions of the first hop
        ("Volodymyr Zelensky", "metWith", "Keir Starmer"),
        ("Volodymyr Zelensky", "thanked", "United Kingdom"),
        ("United Kingdom", "memberOf", "North Atlantic Treaty Organization"),
    ]
    assert path[-1].sentence == "The United Kingdom is a member of NATO."
    assert shortest_paths(G, iri("starmer"), iri("russia")) == []


def test_k_shortest_paths_shortest_first(news_store):
    G = entity_graph(news_store)
    G.add_edge(iri("starmer"), iri("uk"), predicate="leaderOf", weight=1, sentence="Starmer leads the UK.")
    paths = shortest_paths(G, iri("starmer"), iri("nato"), k=2)
    assert [len({(s.subject, s.object) for s in p if s.predicate != "metWith"}) for p in paths] == [2, 2]
    assert paths[0][0].predicate == "leaderOf"


@pytest.mark.parametrize(
    ("measure", "top"),
    [
        ("degree", ["United Kingdom", "Volodymyr Zelensky", "Ukraine"]),  # ties broken by label
        ("pagerank", ["Ukraine", "Volodymyr Zelensky", "United Kingdom"]),
        ("betweenness", ["Volodymyr Zelensky", "United Kingdom", "Ukraine"]),
    ],
)
def test_centrality(news_store, measure, top):
    ranked = centrality(entity_graph(news_store), measure, top=3)
    assert [r.label for r in ranked] == top
    assert ranked[0].score >= ranked[1].score >= ranked[2].score > 0


def test_centrality_names_the_measures_it_knows(news_store):
    with pytest.raises(KGError, match="use one of degree, pagerank, betweenness"):
        centrality(entity_graph(news_store), "closeness")  # type: ignore[arg-type]


def test_communities_are_deterministic_and_group_what_is_linked(news_store):
    G = entity_graph(news_store)
    found = communities(G)
    assert found == communities(G)
    assert sorted(len(c) for c in found) == [1, 2, 2, 2, 3]
    assert [G.nodes[n]["label"] for n in found[0]] == ["North Atlantic Treaty Organization", "Storm Shadow", "United Kingdom"]
    assert [iri("hollande"), iri("russia")] in found


def test_layout_is_deterministic_and_bounded(news_store):
    G = entity_graph(news_store)
    pos = layout(G)
    assert pos == layout(G) and set(pos) == set(G)
    assert all(-1.0 <= c <= 1.0 for xy in pos.values() for c in xy)
    assert layout(nx.DiGraph()) == {}


# -- command line --------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run the exploration commands against an Oxigraph store holding the fixture graph."""
    location = tmp_path_factory.mktemp("cli") / "store"
    with GraphStore(location) as store:
        fill(store)
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [*args, "--store", str(location)])

    return run


def test_neighbors_command_prints_facts_with_sentences(cli):
    result = cli("neighbors", "Zelenskyy", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"subject": "Volodymyr Zelensky", "predicate": "thanked", "object": "United Kingdom", "weight": 2,
            "sentence": "Zelensky thanked the UK for its support."} in rows  # fmt: skip
    assert len(rows) == 4


def test_path_command_numbers_the_paths(cli):
    result = cli("path", "Keir Starmer", "NATO", "-k", "2", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "path,subject,predicate,object,sentence"
    assert lines[-1] == "1,United Kingdom,memberOf,North Atlantic Treaty Organization,The United Kingdom is a member of NATO."


def test_central_and_communities_commands(cli):
    central = cli("central", "--measure", "pagerank", "--top", "2", "--format", "json")
    assert [r["name"] for r in json.loads(central.stdout)] == ["Ukraine", "Volodymyr Zelensky"]
    groups = json.loads(cli("communities", "--format", "json").stdout)
    assert groups[0] == {"community": 1, "size": 3, "members": "North Atlantic Treaty Organization; Storm Shadow; United Kingdom"}


def test_viz_command_writes_the_page(cli, tmp_path):
    result = cli("viz", "-o", str(tmp_path / "graph.html"))
    assert result.exit_code == 0, result.output
    assert "10 of 10 entities" in result.stderr
    assert 'id="kg-data"' in (tmp_path / "graph.html").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("neighbors", "Angela Merkel"), "no entity matches 'Angela Merkel'"),
        (("path", "Starmer", "Russia"), "no path between 'Starmer' and 'Russia'"),
        (("central", "--measure", "closeness"), "unknown centrality measure 'closeness'"),
        (("neighbors", "Keir Starmer", "--type", "Country"), "not a node of this graph"),
    ],
)
def test_commands_fail_with_one_clear_line(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_commands_fail_clearly_without_a_store(tmp_path):
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["central", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "build one first" in " ".join(result.stderr.split())


def test_each_command_has_help_with_an_example():
    app = typer.Typer()
    register(app)
    for command in ("neighbors", "path", "central", "communities", "viz"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, command


# -- on the real pipeline ------------------------------------------------------------


@pytest.mark.model
def test_seed_article_graph_connects_zelensky_and_starmer(seed_store):
    from kg.analysis.lookup import resolve_name

    G = entity_graph(seed_store)
    zelensky, starmer = (str(resolve_name(seed_store, n)) for n in ("Zelenskyy", "Keir Starmer"))
    assert G.nodes[zelensky]["kind"] == "Person"
    (path,) = shortest_paths(G, zelensky, starmer)
    assert path and all(step.sentence for step in path)
    assert zelensky in [r.node for r in centrality(G, "degree", top=3)]
