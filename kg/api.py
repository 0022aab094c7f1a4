"""The Python API: open or build a graph, query it into pandas, project it into networkx, export it.

``import kg`` gives ``kg.open``, ``kg.build`` and ``KnowledgeGraph``::

    g = kg.build(["examples/zelensky-downing-street.txt"], store="kg-store")
    g.entities(type="Person")          # DataFrame: iri, label, kind, aliases, documents, mentions
    g.facts("Zelensky")                # every fact about him, with its sentence
    g.sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    G = g.to_networkx()                # networkx DiGraph (filters: types=, since=, ...)
    g.export("gexf", "graph.gexf")     # open in Gephi

A tiny graph, by hand, in memory (a build writes the same layout; see ``kg/graph/rdf.py``):

>>> g = open("memory")
>>> _ = g.store.dataset.parse(format="trig", data='''
... @prefix kg: <https://w3id.org/kg-news/ontology#> .
... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix prov: <http://www.w3.org/ns/prov#> .
... @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
... <https://w3id.org/kg-news/graph/entities> {
...   <urn:ex:zelensky> a kg:Person ; rdfs:label "Volodymyr Zelensky" .
...   <urn:ex:starmer> a kg:Person ; rdfs:label "Keir Starmer" . }
... <https://w3id.org/kg-news/graph/d1> {
...   <urn:ex:zelensky> kg:metWith <urn:ex:starmer> .
...   <urn:ex:st1> a rdf:Statement ; rdf:subject <urn:ex:zelensky> ; rdf:predicate kg:metWith ;
...       rdf:object <urn:ex:starmer> ; prov:wasDerivedFrom <urn:ex:d1#char=0,29> ; kg:confidence 0.9 .
...   <urn:ex:d1#char=0,29> nif:anchorOf "Zelensky met Keir Starmer." ; nif:beginIndex 0 . }
... ''')
>>> g.entities()[["label", "kind"]].to_dict("records")
[{'label': 'Keir Starmer', 'kind': 'Person'}, {'label': 'Volodymyr Zelensky', 'kind': 'Person'}]
>>> g.facts("zelenskyy")[["predicate", "object", "sentence"]].values.tolist()
[['metWith', 'urn:ex:starmer', 'Zelensky met Keir Starmer.']]
>>> g.sparql("SELECT ?who WHERE { ?who rdfs:label ?name }", name="Keir Starmer")["who"].tolist()
['urn:ex:starmer']
>>> G = g.to_networkx()
>>> G.number_of_nodes(), G.edges["urn:ex:zelensky", "urn:ex:starmer"]["predicate"]
(2, 'metWith')
>>> g.close()
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.term import Node

from kg.analysis.lookup import find_entities, resolve_name
from kg.analysis.network import entity_graph, entity_nodes, read_facts
from kg.store.graph_store import MEMORY, GraphStore, default_location

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from kg.pipeline.builder import BuildReport

__all__ = ["KnowledgeGraph", "build", "open"]

FACT_COLUMNS = [
    "subject", "predicate", "object", "sentence", "document", "confidence", "rule",
    "subject_label", "object_label", "date", "open", "statement",
]  # fmt: skip


def _bind(store: GraphStore, query: str, params: dict[str, object]) -> dict[str, Node]:
    """Parameters as RDF terms: text as ``kg.analysis.query.bind_params`` reads it, terms as they are, other values as literals."""
    from kg.analysis.query import bind_params

    text = {k: v for k, v in params.items() if isinstance(v, str) and not isinstance(v, Node)}  # URIRef is a str too
    bindings = bind_params(store, query, text)
    bindings.update({k: v if isinstance(v, Node) else Literal(v) for k, v in params.items() if k not in text})
    return bindings


class KnowledgeGraph:
    """A knowledge graph in a store, with pandas and networkx views of it.

    ``store`` is the underlying ``GraphStore`` (its ``dataset`` is a plain rdflib
    Dataset); ``report`` is the ``BuildReport`` when the graph came from ``kg.build``.
    Use it as a context manager, or call ``close()``, to release an on-disk store.
    """

    def __init__(self, store: GraphStore, report: BuildReport | None = None) -> None:
        self.store = store
        self.report = report

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.store.location!r})"

    def sparql(self, query: str, **params: object) -> pd.DataFrame:
        """Run a SELECT or ASK query (CONSTRUCT/DESCRIBE: one row per triple); ``params`` are bound to ``?name`` variables, never pasted in.

        A ``str`` is a literal, unless written ``<iri>`` or declared in the query
        header as ``# param: name (entity)`` (a name resolved to its IRI) or
        ``(class)``; a URIRef is an IRI; numbers, booleans and dates are typed literals.
        """
        import pandas as pd

        from kg.analysis.query import run_query

        result = run_query(self.store, query, _bind(self.store, query, params))
        if result.graph is not None:  # CONSTRUCT / DESCRIBE: one row per triple
            return pd.DataFrame([[str(t) for t in triple] for triple in result.graph], columns=["subject", "predicate", "object"])
        return pd.DataFrame(result.rows, columns=result.columns)

    def entities(self, type: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Entities (optionally of one class or several): iri, label, kind, aliases, documents, mentions, dates."""
        import pandas as pd

        types = [type] if isinstance(type, str) else type
        rows = [{"iri": iri, **attrs} for iri, attrs in entity_nodes(self.store, types=types)]
        columns = ["iri", "label", "kind", "aliases", "documents", "mentions", "first_date", "last_date"]
        return pd.DataFrame(rows, columns=columns)

    def find(self, name: str) -> pd.DataFrame:
        """Entities a name may mean, best first (iri, label, kind, score, matched)."""
        import pandas as pd

        candidates = find_entities(self.store, name)
        return pd.DataFrame([c.__dict__ for c in candidates], columns=["iri", "label", "kind", "score", "matched"])

    def facts(self, entity: str) -> pd.DataFrame:
        """Every fact with ``entity`` (a name as people type it, or an IRI) as subject or object.

        Raises ``kg.errors.EntityNotFound`` (listing candidates) when the name is
        unknown or ambiguous.
        """
        import pandas as pd

        iri = resolve_name(self.store, entity)
        rows = [fact.__dict__ for fact in read_facts(self.store, iri)]
        return pd.DataFrame(rows, columns=FACT_COLUMNS)

    def to_networkx(self, **filters: object) -> nx.DiGraph | nx.MultiDiGraph:
        """The entity graph (see ``kg.analysis.network.entity_graph`` for the filters, e.g. ``types=["Person"]``)."""
        return entity_graph(self.store, **filters)

    def export(self, format: str, path: str | os.PathLike[str], **options: object) -> list[Path]:
        """Write the graph as ``format`` (see ``kg.export.FORMATS``); returns the files written."""
        from kg.export import export

        return export(self.store, format, path, **options)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(location: str | os.PathLike[str] | None = None, *, read_only: bool | None = None) -> KnowledgeGraph:  # noqa: A001
    """Open a store: a folder (read-only unless ``read_only=False``), ``"memory"`` or a SPARQL URL.

    ``location`` defaults to ``$KG_STORE`` or ``./kg-store``.
    """
    where = str(location if location is not None else default_location())
    if read_only is None:
        read_only = where != MEMORY and not where.startswith(("http://", "https://"))
    return KnowledgeGraph(GraphStore(where, read_only=read_only))


def build(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | GraphStore | None = None,
    *,
    knowledge: str | os.PathLike[str] | None = None,
    extractors: Iterable[str] | None = None,
    **options: object,
) -> KnowledgeGraph:
    """Build files or folders into ``store`` (a location or a GraphStore) and return the graph.

    ``knowledge`` is a knowledge folder of yours laid out like ``ontology/`` (``words/*.yaml``,
    ``gazetteer/*.yaml``) that extends the shipped one (default ``$KG_KNOWLEDGE``; see
    docs/knowledge.md); ``extractors`` names the registered extractors to run, in order
    (default all; see ``kg.extract.extractors``).  Other ``options`` are those of
    ``kg.pipeline.builder.build`` (``model``, ``workers``, ``strict``); the returned graph's
    ``report`` says what was built, skipped and why.
    """
    from kg.pipeline.builder import build as run_build

    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    target = store if isinstance(store, GraphStore) else GraphStore(store if store is not None else default_location())
    report = run_build(list(paths), target, knowledge=knowledge, extractors=extractors, **options)
    return KnowledgeGraph(target, report)
