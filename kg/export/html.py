"""Pictures of the graph: one self-contained, offline HTML page, and a static PNG.

``write_html`` writes a single file with everything inlined (data, CSS and the
small canvas renderer in ``kg/assets/graph.js``): nothing is fetched from a CDN,
so it opens from a USB stick, an air-gapped laptop or headless Chromium.  Node
positions come from a seeded force-directed layout (``kg.analysis.network.layout``), so the
same graph always looks the same; nodes are coloured by class, with a legend, a
search box, and a side panel showing the fact and its sentence for a clicked edge
(or all facts of a clicked node).  ``graph.html#find=Zelensky`` opens on a name.

``write_png`` screenshots that page with headless Chromium (``chromium`` on PATH,
or ``$KG_CHROMIUM``), so the picture and the page are drawn by the same code.
"""

from __future__ import annotations

import html
import json
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import KGError
from kg.analysis.network import layout, network_graph

__all__ = ["KIND_COLOURS", "colour_of", "find_chromium", "headless_chromium", "html_page", "write_html", "write_png"]

# one fixed colour per class, in GEXF exports and pictures alike (colour-blind-safe Tableau 10)
KIND_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#59a14f",
    "City": "#76b7b2",
    "Place": "#edc948",
    "Weapon": "#e15759",
    "Event": "#b07aa1",
    "Role": "#9c755f",
}
OTHER_COLOUR = "#bab0ac"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def colour_of(kind: str) -> str:
    """The ``#rrggbb`` colour of a class.

    >>> colour_of("Person"), colour_of("Spaceship")
    ('#4e79a7', '#bab0ac')
    """
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("assets", name).read_text(encoding="utf-8")


def _inline_json(data: object) -> str:
    """JSON that is safe inside ``<script>``: no ``</script``, ``<!--`` or JS line separators.

    >>> _inline_json({"s": "</script><!-- & \\u2028"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _inline_script(code: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _scalars(attrs: dict, skip: set[str]) -> dict:
    return {k: v for k, v in attrs.items() if k not in skip and isinstance(v, str | int | float)}


def page_data(
    G: nx.Graph, *, title: str, max_nodes: int = 500, hide_isolated: bool = False, label_kinds: Iterable[str] = ()
) -> dict:
    """What the page draws: the ``max_nodes`` best connected nodes, laid out, and the edges between them.

    ``hide_isolated`` leaves out nodes without an edge (``total_nodes`` then counts the others);
    nodes of ``label_kinds`` ("Person") always show their label, besides the 40 biggest nodes.
    Arrows are drawn for a directed graph (facts), not for an undirected one (co-mentions).
    """
    if hide_isolated:
        G = G.subgraph([n for n in G if G.degree(n) > 0])
    always = set(label_kinds)
    total = len(G)
    if total > max_nodes:
        keep = sorted(G.degree(), key=lambda nd: (-nd[1], nd[0]))[:max_nodes]
        G = G.subgraph(n for n, _ in keep)
    positions = layout(G)
    degrees = dict(G.degree())
    top = max(degrees.values(), default=0) or 1
    index = {n: i for i, n in enumerate(G.nodes)}
    nodes = []
    counts: dict[str, int] = {}
    for n, d in G.nodes(data=True):
        kind = d.get("kind", "")
        counts[kind] = counts.get(kind, 0) + 1
        x, y = positions[n]
        nodes.append(
            {
                **_scalars(d, {"x", "y", "r"}),
                "id": n,
                "label": d.get("label", n),
                "kind": kind,
                "colour": colour_of(kind),
                "x": round(x, 5),
                "y": round(-y, 5),
                "r": round(4 + 10 * math.sqrt(degrees[n] / top), 2),
                **({"pin": 1} if kind in always else {}),
            }
        )
    edges = [
        {**_scalars(d, set()), "s": index[u], "t": index[v], "predicate": d.get("predicate", ""), "weight": d.get("weight", 1)}
        for u, v, d in G.edges(data=True)
    ]
    legend = [{"kind": k, "colour": colour_of(k), "count": c} for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))]
    return {"title": title, "total_nodes": total, "directed": G.is_directed(), "nodes": nodes, "edges": edges, "legend": legend}


def html_page(G: nx.Graph, *, title: str = "Knowledge graph", max_nodes: int = 500, **drawing) -> str:
    """The whole page for ``G`` as one string (data, CSS and JavaScript inlined); ``drawing``: ``page_data``'s options."""
    data = page_data(G, title=title, max_nodes=max_nodes, **drawing)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg">
<title>{html.escape(title)}</title>
<style>
{_asset("graph.css")}
</style>
</head>
<body>
<div id="main">
<canvas id="graph" aria-label="graph of entities and facts"></canvas>
<div id="bar">
<input id="search" type="search" list="names" placeholder="Find a name…" aria-label="Find a name">
<datalist id="names"></datalist><span id="note"></span>
</div>
<div id="legend"></div>
</div>
<aside id="panel"></aside>
<script type="application/json" id="kg-data">{_inline_json(data)}</script>
<script>
{_inline_script(_asset("graph.js"))}
</script>
</body>
</html>
"""


def _graph(source, filters: dict) -> nx.Graph:
    """A projection given as is, or a network of a store (``network_graph``'s ``network`` and filters)."""
    if isinstance(source, nx.Graph):
        if filters:
            raise KGError("filters apply to a store; filter the networkx graph yourself, or pass the store")
        return source
    return network_graph(source, **filters)


def write_html(
    source, path: str | os.PathLike[str], *, title: str = "Knowledge graph", max_nodes: int = 500,
    hide_isolated: bool = False, label_kinds: Iterable[str] = (), **filters,
) -> Path:
    """Write the offline page for a networkx projection or a GraphStore (``network_graph`` options allowed)."""
    target = Path(path)
    page = html_page(_graph(source, filters), title=title, max_nodes=max_nodes, hide_isolated=hide_isolated,
                     label_kinds=label_kinds)
    target.write_text(page, encoding="utf-8")
    return target


def find_chromium() -> str:
    """The Chromium (or Chrome) executable: ``$KG_CHROMIUM``, else the first on PATH."""
    named = os.environ.get("KG_CHROMIUM")
    found = shutil.which(named) if named else next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if not found:
        raise KGError(
            "a PNG is drawn with headless Chromium, which is not installed: install it "
            "(e.g. `apt-get install chromium`) or set KG_CHROMIUM; or write HTML instead (-o graph.html)"
        )
    return found


def headless_chromium(url: str, *flags: str, timeout: float = 120) -> str:
    """Run headless Chromium on ``url`` with extra ``flags`` (e.g. ``--dump-dom``); returns its stdout.

    The browser gets a fresh profile and no network services, so it behaves the
    same on a laptop, in CI and in a container without a sandbox.
    """
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        command = [
            find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *flags,
            url,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise KGError(f"Chromium did not finish within {timeout:.0f}s; try a smaller graph (--max-nodes)") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise KGError(f"Chromium failed ({done.returncode}): {last}")
    return done.stdout


def write_png(
    source, path: str | os.PathLike[str], *, width: int = 1200, height: int = 800, max_nodes: int = 500, **filters
) -> Path:
    """Write a static picture of a projection or a store: the HTML page screenshotted by headless Chromium."""
    target = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="kg-png-") as tmp:
        page = write_html(source, Path(tmp) / "graph.html", max_nodes=max_nodes, **filters)
        headless_chromium(
            page.as_uri() + "#picture",
            f"--screenshot={target}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=5000",
        )
    if not target.exists():
        raise KGError(f"Chromium did not write {target}; check the folder exists and is writable")
    return target
