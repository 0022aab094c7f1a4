"""``kg neighbors``, ``kg path``, ``kg central``, ``kg communities``, ``kg viz``: exploring the graph.

Thin typer wrappers around ``kg.analysis.network`` and ``kg.export.html``, added to the main app
by ``register(app)`` (``kg/cli/main.py`` calls it).  Every command opens the store
read-only, accepts names as people type them (``kg.analysis.lookup``), and turns any
``KGError`` into one line on stderr with exit code 1.

This module does not use ``from __future__ import annotations``: the commands are
defined inside ``register`` and typer must evaluate their annotations there.
"""

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    FormatOpt,
    StoreOpt,
    TableFormat,
    check_classes,
    fail,
    note,
    open_store,
    print_rows,
)
from kg.errors import KGError
from kg.store.graph_store import default_location

__all__ = ["NetworkOpt", "register"]

TypeOpt = Annotated[
    list[str],
    typer.Option("--type", "-t", help="Only entities of this class (repeatable): Person, Organization, Country, City, ..."),
]


NetworkOpt = Annotated[
    str,
    typer.Option(
        "--network", "-N",
        help="facts (who did what to whom, directed), comention (entities named in the same sentence,"
        " weighted: connected even for a few articles) or comention-document (in the same document).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the exploration commands to ``app``."""

    @app.command()
    def neighbors(
        name: Annotated[str, typer.Argument(metavar="NAME", help="An entity name as you would type it, or its IRI.")],
        depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="How many facts away to look.")] = 1,
        types: TypeOpt = [],  # noqa: B006 - typer reads the default
        store: StoreOpt = default_location(),
        fmt: FormatOpt = TableFormat.table,
    ) -> None:
        """The facts around an entity, with the sentence each was read in.

        Example: [bold]kg neighbors Zelensky --depth 2[/]
        """
        from kg.analysis.lookup import resolve_name
        from kg.analysis.network import entity_graph, steps
        from kg.analysis.network import neighbors as around

        try:
            with open_store(store) as gs:
                G = entity_graph(gs, types=check_classes(types) or None, multi=True)
                found = steps(around(G, str(resolve_name(gs, name)), depth))
        except KGError as exc:
            raise fail(str(exc)) from None
        rows = [[s.subject_label, s.predicate, s.object_label, s.weight, s.sentence] for s in found]
        print_rows(["subject", "predicate", "object", "weight", "sentence"], rows, fmt)

    @app.command()
    def path(
        a: Annotated[str, typer.Argument(metavar="A", help="Where the path starts: a name or an IRI.")],
        b: Annotated[str, typer.Argument(metavar="B", help="Where it ends.")],
        k: Annotated[int, typer.Option("--paths", "-k", min=1, help="How many shortest paths to show.")] = 1,
        types: TypeOpt = [],  # noqa: B006 - typer reads the default
        network: NetworkOpt = "facts",
        store: StoreOpt = default_location(),
        fmt: FormatOpt = TableFormat.table,
    ) -> None:
        """How two entities are connected: the shortest chains of facts (or co-mentions), with their sentences.

        Example: [bold]kg path "Keir Starmer" Kyiv[/], or [bold]kg path Zelensky Clinton --network comention[/]
        """
        from kg.analysis.lookup import resolve_name
        from kg.analysis.network import network_graph, shortest_paths

        try:
            with open_store(store) as gs:
                G = network_graph(gs, network, types=check_classes(types) or None, multi=True)
                found = shortest_paths(G, str(resolve_name(gs, a)), str(resolve_name(gs, b)), k)
        except KGError as exc:
            raise fail(str(exc)) from None
        if not found:
            raise fail(f"no path between {a!r} and {b!r}: they are in separate parts of the graph")
        rows = [
            [i, s.subject_label, s.predicate, s.object_label, s.sentence]
            for i, facts in enumerate(found, start=1)
            for s in facts
        ]
        print_rows(["path", "subject", "predicate", "object", "sentence"], rows, fmt)

    @app.command()
    def central(
        measure: Annotated[str, typer.Option("--measure", "-m", help="degree, pagerank or betweenness.")] = "degree",
        top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many entities to list.")] = 10,
        types: TypeOpt = [],  # noqa: B006 - typer reads the default
        network: NetworkOpt = "facts",
        store: StoreOpt = default_location(),
        fmt: FormatOpt = TableFormat.table,
    ) -> None:
        """The most central entities of the graph (of facts, or of co-mentions).

        Example: [bold]kg central --measure pagerank --top 5[/], or [bold]kg central --network comention[/]
        """
        from kg.analysis.network import centrality, network_graph

        try:
            with open_store(store) as gs:
                G = network_graph(gs, network, types=check_classes(types) or None)
                ranked = centrality(G, measure, top)  # type: ignore[arg-type] - checked inside
        except KGError as exc:
            raise fail(str(exc)) from None
        rows = [[i, r.label, G.nodes[r.node]["kind"], r.score, r.node] for i, r in enumerate(ranked, start=1)]
        print_rows(["rank", "name", "kind", measure, "iri"], rows, fmt)

    @app.command()
    def communities(
        types: TypeOpt = [],  # noqa: B006 - typer reads the default
        store: StoreOpt = default_location(),
        fmt: FormatOpt = TableFormat.table,
    ) -> None:
        """Groups of entities more connected to each other than to the rest (Louvain, fixed seed).

        Example: [bold]kg communities --format json[/]
        """
        from kg.analysis.network import communities as find_communities
        from kg.analysis.network import entity_graph

        try:
            with open_store(store) as gs:
                G = entity_graph(gs, types=check_classes(types) or None)
        except KGError as exc:
            raise fail(str(exc)) from None
        groups = find_communities(G)
        rows = [[i, len(g), "; ".join(G.nodes[n]["label"] for n in g)] for i, g in enumerate(groups, start=1)]
        print_rows(["community", "size", "members"], rows, fmt)

    @app.command()
    def viz(
        output: Annotated[Path, typer.Option("--output", "-o", help="graph.html (interactive, offline) or graph.png (picture).")],
        types: TypeOpt = [],  # noqa: B006 - typer reads the default
        max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Draw only the best connected entities.")] = 500,
        title: Annotated[str, typer.Option("--title", help="Page title.")] = "Knowledge graph",
        network: NetworkOpt = "facts",
        hide_isolated: Annotated[bool, typer.Option("--hide-isolated", help="Leave out entities with no edge.")] = False,
        labels: Annotated[
            list[str], typer.Option("--label", help="Always label entities of this class (repeatable), e.g. Person.")
        ] = [],  # noqa: B006
        store: StoreOpt = default_location(),
    ) -> None:
        """Draw the graph: one self-contained HTML page (search, click a fact to read its sentence) or a PNG.

        Example: [bold]kg viz -o graph.html[/] then open graph.html in any browser, offline;
        [bold]kg viz -o people.html --network comention --hide-isolated --label Person[/] for who is named with whom.
        """
        from kg.analysis.network import network_graph
        from kg.export.html import write_html, write_png

        drawing = {"max_nodes": max_nodes, "label_kinds": labels}
        try:
            with open_store(store) as gs:
                G = network_graph(gs, network, types=check_classes(types) or None)
            if hide_isolated:
                G = G.subgraph([n for n in G if G.degree(n) > 0])
            if output.suffix.lower() == ".png":
                write_png(G, output, **drawing)
            else:
                write_html(G, output, title=title, **drawing)
        except KGError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}; check the folder exists and is writable") from None
        note(f"wrote {output} ({min(len(G), max_nodes)} of {len(G)} entities)")
