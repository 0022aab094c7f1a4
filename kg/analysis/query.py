"""Run SPARQL: a ``.rq`` file, the name of a query in ``queries/``, or text; with bound parameters.

Parameters are bound with rdflib's ``initBindings`` (Oxigraph substitutions),
never pasted into the query text, so a name full of quotes, braces or SPARQL
keywords cannot change what a query means.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.resources import data_dir

QUERIES_DIR = Path(os.environ.get("KG_QUERIES_DIR") or data_dir("queries", "entity-facts.rq"))


# declared before every query, so `kg query -e` can say kg:Person without a PREFIX line
STANDARD_PREFIXES = "".join(
    f"PREFIX {prefix}: <{ns}>\n"
    for prefix, ns in {
        "kg": "https://w3id.org/kg-news/ontology#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "prov": "http://www.w3.org/ns/prov#",
        "dcterms": "http://purl.org/dc/terms/",
        "schema": "https://schema.org/",
        "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
        "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    }.items()
)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (or the boolean of an ASK) as plain Python values."""

    columns: list[str]
    rows: list[list[str | int | float | None]]


def available_queries() -> dict[str, Path]:
    """The named queries shipped in ``queries/``: name -> path."""
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def query_text(ref: str) -> str:
    """The SPARQL text of a query given as a path to a ``.rq`` file or a name in ``queries/``."""
    path = Path(ref)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    named = available_queries()
    if ref in named:
        return named[ref].read_text(encoding="utf-8")
    raise QueryError(
        f"no query {ref!r}: give a .rq file, SPARQL text with -e, or one of: {', '.join(named) or '(none)'}"
    )


def describe(path: Path) -> str:
    """The first comment line of a .rq file: what the query answers."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def parameters_of(sparql: str) -> dict[str, str]:
    r"""Parameters a query declares in its header: ``# param: name (entity|class|text) — meaning``.

    >>> parameters_of("# param: a (entity) — one end\n# param: role (text) — a title\nSELECT")
    {'a': 'entity', 'role': 'text'}
    """
    found = re.findall(r"^#\s*param:\s*\??(\w+)\s*(?:\((\w+)\))?", sparql, flags=re.MULTILINE)
    return {name: kind or "text" for name, kind in found}


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["name=Keir Starmer", "x=a=b"]`` -> ``{"name": "Keir Starmer", "x": "a=b"}``."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter {pair!r} is not NAME=VALUE (e.g. --param entity='Keir Starmer')")
        params[key.strip().lstrip("?")] = value
    return params


def bind_params(store, sparql: str, params: dict[str, str]) -> dict[str, Node]:
    """Turn raw parameter values into RDF terms by the kind the query declares.

    ``entity``: a name, resolved to the entity's IRI as people type it (or ``<IRI>``);
    ``class``: an ontology class local name (``Person``); ``text``: a literal.
    The terms are bound by the store, never pasted into the query text.
    """
    from kg.analysis.lookup import resolve_name
    from kg.vocab import KG

    declared = parameters_of(sparql)
    bindings: dict[str, Node] = {}
    for name, value in params.items():
        kind = declared.get(name, "text")
        if value.startswith("<") and value.endswith(">"):
            bindings[name] = URIRef(value[1:-1])
        elif kind == "entity":
            bindings[name] = resolve_name(store, value)
        elif kind == "class":
            try:
                bindings[name] = KG[value[:1].upper() + value[1:]]
            except AttributeError:
                raise QueryError(f"{value!r} is not a class of the ontology (e.g. Person, Organization, Country)") from None
        else:
            bindings[name] = Literal(value)
    return bindings


def run_query(store, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
    """Run a SELECT/ASK query on a GraphStore; an unbound parameter matches everything."""
    try:
        result = store.query(STANDARD_PREFIXES + sparql, bindings or {})
    except Exception as exc:  # noqa: BLE001 - rdflib and Oxigraph raise parse errors of many types
        raise QueryError(f"the query failed: {exc}") from exc
    if result.type == "ASK":
        return QueryResult(["ask"], [[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries print rows; use `kg export` for whole graphs")
    columns = [str(v) for v in result.vars]
    return QueryResult(columns, [[_plain(v) for v in row] for row in result])


def _plain(term: Node | None) -> str | int | float | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float) and not isinstance(value, bool) else str(term)
    return str(term)


def to_csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(result.columns)
    writer.writerows(result.rows)
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    return json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=2)
