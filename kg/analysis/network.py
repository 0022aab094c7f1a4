"""The knowledge graph as networkx graphs, and the analyses people run on them.

Projections read a ``GraphStore`` (see ``kg/graph/rdf.py`` for the layout) and hold
plain scalars only (str, int, float), so every networkx writer accepts them and
sigma.js finds none of its reserved names (``type``, ``size``, ``color``, ``x``,
``y``) taken:

- ``entity_graph``: entities as nodes (id = IRI string; ``label``, ``kind`` = class
  local name, ``aliases``, ``documents``, ``mentions``, ``first_date``/``last_date``
  when the documents are dated; see ``entity_nodes``) and facts as directed edges
  (``predicate`` = local name, ``weight`` = supporting statements, the first
  supporting ``sentence`` and its ``document``, the best ``confidence``,
  ``first_date``/``last_date``);
- ``comention_graph``: entities linked when named in the same sentence (or document),
  undirected, ``weight`` = how often, with the first shared sentence;
- ``network_graph``: one of them by name ("facts", "comention",
  "comention-document"), as ``kg export``, ``kg viz``, ``kg path`` and ``kg
  central`` take it (``--network``).

``read_facts`` gives the reified statements as rows, the raw material of the
projections, the JSONL export and ``KnowledgeGraph.facts``.

The analyses take a projection: ``neighbors``, ``shortest_paths`` (with the facts
and sentences along the way), ``centrality``, ``communities`` and ``layout``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Literal

import networkx as nx
from rdflib import URIRef

from kg.analysis.lookup import entity_labels
from kg.errors import EntityNotFound, KGError
from kg.graph.rdf import GAZETTEER_IRI
from kg.vocab import sparql_prefixes

__all__ = [
    "NETWORKS",
    "FactRow",
    "Ranked",
    "Step",
    "centrality",
    "comention_graph",
    "communities",
    "entity_graph",
    "entity_nodes",
    "layout",
    "neighbors",
    "network_graph",
    "read_facts",
    "shortest_paths",
    "steps",
]

_PREFIXES = sparql_prefixes("rdf", "prov", "dcterms", "nif", "itsrdf", "kg")

# One row per reified statement; ``{about}`` is empty or restricts to statements about a bound ?e.
_FACTS = (
    _PREFIXES
    + """SELECT ?e ?st ?s ?p ?o ?sentence ?begin ?doc ?date ?confidence ?rule ?open ?world WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  %(about)s
  OPTIONAL { ?st prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence ; nif:beginIndex ?begin }
  OPTIONAL { ?st prov:wasQuotedFrom ?doc OPTIONAL { ?doc dcterms:date ?date } }
  OPTIONAL { ?st kg:confidence ?confidence }
  OPTIONAL { ?st prov:wasGeneratedBy ?rule }
  OPTIONAL { ?st kg:openRelation ?open }
  OPTIONAL { ?st prov:wasDerivedFrom ?world . FILTER(?world = <%(gazetteer)s>) }
}"""
)
_ABOUT = "{ ?st rdf:subject ?e } UNION { ?st rdf:object ?e }"

# Per entity and document: the document's date and how often the entity is mentioned in it.
_MENTIONED = (
    _PREFIXES
    + """SELECT ?e ?doc ?date (COUNT(?m) AS ?mentions) WHERE {
  ?e prov:wasAttributedTo ?doc . ?doc a kg:Document .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?ctx . ?ctx nif:sourceUrl ?doc }
} GROUP BY ?e ?doc ?date"""
)

_MENTIONS = (
    _PREFIXES + "SELECT ?e ?ctx ?begin WHERE { ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?ctx ; nif:beginIndex ?begin }"
)
_SENTENCES = (
    _PREFIXES
    + "SELECT ?ctx ?begin ?text WHERE { ?s a nif:Sentence ; nif:referenceContext ?ctx ; nif:beginIndex ?begin ; nif:anchorOf ?text }"
)
_CONTEXTS = (
    _PREFIXES
    + "SELECT ?ctx ?doc ?date WHERE { ?ctx a nif:Context ; nif:sourceUrl ?doc . OPTIONAL { ?doc dcterms:date ?date } }"
)

Measure = Literal["degree", "pagerank", "betweenness"]
MEASURES: tuple[str, ...] = ("degree", "pagerank", "betweenness")
NETWORKS: tuple[str, ...] = ("facts", "comention", "comention-document")


@dataclass(frozen=True)
class FactRow:
    """One reified statement: who did what to whom, where it was read, and by which rule.

    ``predicate`` is the local name of the predicate IRI (``metWith``; an open
    relation's is the verb as written with ``_`` for spaces, and ``open`` is true).
    ``date`` is the document's date (ISO) when known.  ``world_knowledge`` marks a fact that
    comes from kg's gazetteer (a place's country, a capital read as its country) rather than from
    what the sentence says; one with no ``sentence`` comes from the gazetteer alone.
    """

    statement: str
    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    sentence: str | None
    document: str | None
    date: str | None
    confidence: float | None
    rule: str | None
    open: bool
    world_knowledge: bool = False


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_facts(store, entity: str | URIRef | None = None, *, include_open: bool = True) -> list[FactRow]:
    """Every fact statement in ``store`` (or only those with ``entity`` as subject or object), oldest first."""
    labels = {k: v.label for k, v in entity_labels(store, roles=True).items()}
    if entity is None:
        rows = store.query(_FACTS % {"about": "", "gazetteer": GAZETTEER_IRI})
    else:
        rows = store.query(_FACTS % {"about": _ABOUT, "gazetteer": GAZETTEER_IRI}, {"e": URIRef(str(entity))})
    keyed: list[tuple[tuple, FactRow]] = []
    for _e, st, s, p, o, sentence, begin, doc, date, confidence, rule, opened, world in rows:
        if opened is not None and not include_open:
            continue
        fact = FactRow(
            statement=str(st),
            subject=str(s),
            subject_label=labels.get(str(s), _local(s)),
            predicate=_local(p),
            object=str(o),
            object_label=labels.get(str(o), _local(o)),
            sentence=None if sentence is None else str(sentence),
            document=None if doc is None else str(doc),
            date=None if date is None else str(date),
            confidence=None if confidence is None else float(confidence),
            rule=None if rule is None else _local(rule),
            open=opened is not None,
            world_knowledge=world is not None,
        )
        # earliest document first, then the order of the text: what "the first sentence" means
        keyed.append(((date is None, fact.date or "", fact.document or "", int(begin or 0), fact.statement), fact))
    return [fact for _key, fact in sorted(keyed, key=lambda kf: kf[0])]


def _iso(day: str | dt.date | None) -> str | None:
    return None if day is None else day.isoformat() if isinstance(day, dt.date) else str(day)


def _in_period(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    return date is not None and (since is None or date >= since) and (until is None or date <= until)


def entity_nodes(
    store, *, types: Iterable[str] | None = None, since: str | dt.date | None = None, until: str | dt.date | None = None
) -> list[tuple[str, dict]]:
    """Each entity (of ``types``, mentioned in the period) with its node attributes, by IRI.

    Attributes: ``label``, ``kind``, ``aliases`` (other names seen, "; "-joined),
    ``documents`` and ``mentions`` (counts), ``first_date``/``last_date`` (ISO,
    only when a mentioning document is dated).
    """
    since, until = _iso(since), _iso(until)
    stats: dict[str, dict] = defaultdict(lambda: {"documents": 0, "mentions": 0, "dates": []})
    for e, _doc, date, mentions in store.query(_MENTIONED):
        date = None if date is None else str(date)
        if not _in_period(date, since, until):
            continue
        s = stats[str(e)]
        s["documents"] += 1
        s["mentions"] += int(mentions)
        if date:
            s["dates"].append(date)
    nodes = []
    for iri, ent in sorted(entity_labels(store, types).items()):
        if (since or until) and iri not in stats:
            continue
        s = stats[iri]
        attrs = {"label": ent.label, "kind": ent.kind, "aliases": "; ".join(ent.aliases)}
        attrs.update(documents=s["documents"], mentions=s["mentions"])
        if s["dates"]:
            attrs["first_date"], attrs["last_date"] = min(s["dates"]), max(s["dates"])
        nodes.append((iri, attrs))
    return nodes


def _fact_attrs(fact: FactRow) -> dict:
    """The edge attributes one statement gives (unknown values left out: GEXF and GraphML take no None)."""
    attrs = {"predicate": fact.predicate, "weight": 1, "sentence": fact.sentence, "document": fact.document}
    attrs.update(confidence=fact.confidence, first_date=fact.date, last_date=fact.date)
    return {k: v for k, v in attrs.items() if v is not None}


def _merge(edges: list[dict]) -> dict:
    """One edge from several between the same nodes, earliest first: weights summed, predicates joined "a;b"."""
    attrs = dict(edges[0])  # the earliest sentence and document
    attrs["predicate"] = ";".join(sorted({a["predicate"] for a in edges}))
    attrs["weight"] = sum(a["weight"] for a in edges)
    confidences = [a["confidence"] for a in edges if "confidence" in a]
    if confidences:
        attrs["confidence"] = max(confidences)
    dates = [a[k] for a in edges for k in ("first_date", "last_date") if k in a]
    if dates:
        attrs["first_date"], attrs["last_date"] = min(dates), max(dates)
    return attrs


def _earliest(attrs: dict) -> tuple[bool, str]:
    return ("first_date" not in attrs, attrs.get("first_date", ""))


def entity_graph(
    store,
    *,
    types: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    min_weight: int = 1,
    include_open: bool = False,
    multi: bool = False,
) -> nx.MultiDiGraph | nx.DiGraph:
    """Entities and the facts between them, as a directed graph.

    - ``types``: only entities of these classes ("Person", "Country"...); Role
      nodes (``holdsRole`` objects) appear only when "Role" is among them.
    - ``predicates``: only facts with these predicate local names ("metWith").
    - ``since``/``until``: only facts and entities from documents dated in this
      period (inclusive ISO dates); undated documents are then left out.
    - ``min_weight``: drop edges supported by fewer statements.
    - ``include_open``: also open relations (verbs outside the ontology).
    - ``multi``: a ``MultiDiGraph`` with one edge per predicate (key = predicate);
      otherwise a ``DiGraph`` whose edges join the predicates as "a;b" and sum weights.
    """
    since, until = _iso(since), _iso(until)
    wanted = set(predicates) if predicates is not None else None
    G: nx.MultiDiGraph | nx.DiGraph = nx.MultiDiGraph() if multi else nx.DiGraph()
    G.add_nodes_from(entity_nodes(store, types=types, since=since, until=until))
    supported: dict[tuple[str, str, str], list[FactRow]] = defaultdict(list)
    for f in read_facts(store, include_open=include_open):
        if f.subject in G and f.object in G and (wanted is None or f.predicate in wanted) and _in_period(f.date, since, until):
            supported[(f.subject, f.object, f.predicate)].append(f)
    per_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for (s, o, _p), facts in supported.items():  # facts come oldest first from read_facts
        per_pair[(s, o)].append(_merge([_fact_attrs(f) for f in facts]))
    for (s, o), edges in sorted(per_pair.items()):
        if multi:
            for attrs in sorted(edges, key=lambda a: a["predicate"]):
                if attrs["weight"] >= min_weight:
                    G.add_edge(s, o, key=attrs["predicate"], **attrs)
        else:
            attrs = _merge(sorted(edges, key=_earliest))
            if attrs["weight"] >= min_weight:
                G.add_edge(s, o, **attrs)
    return G


def comention_graph(
    store,
    *,
    level: Literal["sentence", "document"] = "sentence",
    types: Iterable[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    min_weight: int = 1,
) -> nx.Graph:
    """Entities linked when they are named in the same sentence (or document), as an undirected graph.

    A small corpus has few facts but many shared sentences, so this gives a
    connected picture where the fact graph has islands.  Nodes carry the same
    attributes as ``entity_graph`` (``entity_nodes``); each edge has
    ``predicate`` = "comention", ``weight`` = how many sentences (documents) name
    both, the first shared ``sentence`` (sentence level) and ``document``, and
    ``first_date``/``last_date`` when the documents are dated.  ``since``/``until``
    keep only documents dated in the period.  Being named together is not a fact:
    the edge says only that a reader met both names in one sentence (document).
    """
    if level not in ("sentence", "document"):
        raise KGError(f"unknown co-mention level {level!r}: use 'sentence' or 'document'")
    since, until = _iso(since), _iso(until)
    G = nx.Graph()
    G.add_nodes_from(entity_nodes(store, types=types, since=since, until=until))
    documents: dict[str, tuple[str, str | None]] = {}  # context -> (document, date)
    for ctx, doc, date in store.query(_CONTEXTS):
        documents[str(ctx)] = (str(doc), None if date is None else str(date))
    sentences: dict[str, list[tuple[int, str]]] = defaultdict(list)  # context -> sorted (begin, text)
    if level == "sentence":
        for ctx, begin, text in set(store.query(_SENTENCES)):
            sentences[str(ctx)].append((int(begin), str(text)))
        for found in sentences.values():
            found.sort()
    starts = {ctx: [begin for begin, _ in found] for ctx, found in sentences.items()}
    together: dict[tuple[str, int], set[str]] = defaultdict(set)  # (context, sentence index or 0) -> entities
    for e, ctx, begin in store.query(_MENTIONS):
        ctx = str(ctx)
        if str(e) in G and ctx in documents and _in_period(documents[ctx][1], since, until):
            where = bisect.bisect_right(starts.get(ctx, []), int(begin)) - 1 if level == "sentence" else 0
            together[(ctx, where)].add(str(e))
    shared: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for place, members in together.items():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                shared[(a, b)].append(place)

    def when(place: tuple[str, int]) -> tuple[bool, str, str, int]:  # earliest document first, then text order
        doc, date = documents[place[0]]
        return (date is None, date or "", doc, place[1])

    for (a, b), places in sorted(shared.items()):
        if len(places) < min_weight:
            continue
        places.sort(key=when)
        ctx, where = places[0]
        attrs: dict = {"predicate": "comention", "weight": len(places), "document": documents[ctx][0]}
        if level == "sentence" and where >= 0:
            attrs["sentence"] = sentences[ctx][where][1]
        dates = sorted(date for date in (documents[c][1] for c, _ in places) if date)
        if dates:
            attrs["first_date"], attrs["last_date"] = dates[0], dates[-1]
        G.add_edge(a, b, **attrs)
    return G


def network_graph(store, network: str = "facts", **filters) -> nx.Graph:
    """The projection named by ``network``: "facts" (``entity_graph``, directed), "comention" (entities named in
    the same sentence) or "comention-document" (in the same document), both undirected (``comention_graph``).

    ``filters`` are ``entity_graph``'s; the co-mention networks take ``types``, ``since``, ``until`` and
    ``min_weight`` (``multi`` is ignored: there is one edge per pair).
    """
    if network == "facts":
        return entity_graph(store, **filters)
    if network not in NETWORKS:
        raise KGError(f"unknown network {network!r}: use one of {', '.join(NETWORKS)}")
    filters.pop("multi", None)
    unused = sorted(set(filters) - {"types", "since", "until", "min_weight"})
    if unused:
        raise KGError(f"{', '.join(unused)} apply to the facts network only, not to {network}: leave them out")
    return comention_graph(store, level="sentence" if network == "comention" else "document", **filters)


# -- analysis ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One fact along a path or around a node, with the sentence it was read in."""

    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    weight: int
    sentence: str


@dataclass(frozen=True)
class Ranked:
    """A node and its centrality score."""

    node: str
    label: str
    score: float


def _check_node(G: nx.Graph, node: str) -> None:
    if node not in G:
        raise EntityNotFound(
            f"{node} is not a node of this graph (filtered out, or not an entity); "
            "check the filters, or find the entity with `kg entities`"
        )


def _undirected(G: nx.Graph) -> nx.Graph:
    """A simple undirected graph with the weights of all edges between two nodes summed."""
    U = nx.Graph()
    U.add_nodes_from(G.nodes(data=True))
    for u, v, w in G.edges(data="weight", default=1):
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return U


def steps(G: nx.Graph, edges: Iterable[tuple[str, str]] | None = None) -> list[Step]:
    """The facts on ``edges`` (node pairs, either direction; default all edges of ``G``)."""
    pairs = G.edges() if edges is None else edges
    found: list[Step] = []
    seen: set[tuple[str, str]] = set()
    for u, v in pairs:
        for s, o in ((u, v), (v, u)) if G.is_directed() else ((u, v),):  # an undirected edge is one step
            if (s, o) in seen or not G.has_edge(s, o):
                continue
            seen.add((s, o))
            data = G.get_edge_data(s, o)
            for attrs in data.values() if G.is_multigraph() else [data]:
                found.append(
                    Step(
                        s,
                        G.nodes[s].get("label", s),
                        attrs.get("predicate", ""),
                        o,
                        G.nodes[o].get("label", o),
                        attrs.get("weight", 1),
                        attrs.get("sentence", ""),
                    )
                )
    return found


def neighbors(G: nx.Graph, node: str, depth: int = 1) -> nx.Graph:
    """The subgraph of nodes at most ``depth`` edges from ``node`` (following edges both ways)."""
    _check_node(G, node)
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth)
    return G.subgraph(near).copy()


def shortest_paths(G: nx.Graph, a: str, b: str, k: int = 1) -> list[list[Step]]:
    """Up to ``k`` shortest paths from ``a`` to ``b`` (edges followed both ways), shortest first.

    Each path is the list of facts along it, in order, with their sentences; where
    several facts join the same two nodes, all of them are listed.  No path: ``[]``.
    """
    _check_node(G, a)
    _check_node(G, b)
    try:
        paths = list(islice(nx.shortest_simple_paths(_undirected(G), a, b), k))
    except nx.NetworkXNoPath:
        return []
    return [steps(G, pairwise(path)) for path in paths]


def centrality(G: nx.Graph, measure: Measure = "degree", top: int = 10) -> list[Ranked]:
    """The ``top`` nodes by ``degree``, ``pagerank`` (directed, weighted) or ``betweenness`` centrality.

    Ties are broken by label, so the same graph always gives the same ranking.
    """
    if measure == "degree":
        scores = nx.degree_centrality(_undirected(G))
    elif measure == "pagerank":
        scores = nx.pagerank(G, weight="weight") if len(G) else {}
    elif measure == "betweenness":  # exact up to 1000 nodes, then estimated from 500 seeded sources
        scores = nx.betweenness_centrality(_undirected(G), k=None if len(G) <= 1000 else 500, seed=42)
    else:
        raise KGError(f"unknown centrality measure {measure!r}: use one of {', '.join(MEASURES)}")
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], G.nodes[kv[0]].get("label", kv[0]), kv[0]))
    return [Ranked(n, G.nodes[n].get("label", n), round(s, 6)) for n, s in ranked[:top]]


def communities(G: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Louvain communities (weighted, fixed ``seed``): largest first, each sorted by label."""
    found = nx.community.louvain_communities(_undirected(G), weight="weight", seed=seed)

    def by_label(n: str) -> tuple[str, str]:
        return (G.nodes[n].get("label", n), n)

    groups = [sorted(c, key=by_label) for c in found]
    return sorted(groups, key=lambda c: (-len(c), by_label(c[0])))


def layout(G: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Deterministic ForceAtlas2 positions (Gephi's layout) scaled into [-1, 1].

    Gravity keeps separate components near each other; big graphs get fewer
    iterations (the cost grows with the square of the node count).
    """
    n = len(G)
    if n == 0:
        return {}
    iterations = 100 if n <= 1000 else max(10, 100_000_000 // (n * n))
    pos = nx.forceatlas2_layout(
        _undirected(G), seed=seed, max_iter=iterations, weight="weight", strong_gravity=True, gravity=0.5, scaling_ratio=4.0
    )
    pos = nx.rescale_layout_dict(pos, scale=1.0)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}
