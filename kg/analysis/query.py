"""Run SPARQL: a ``.rq`` file, the name of a query in ``queries/``, or text; with bound parameters.

Parameter values are bound by the store (a ``VALUES`` row), never pasted into the
query text, so a name full of quotes, braces or SPARQL keywords cannot change what a
query means; parameter names must be SPARQL variable names.  Queries are read-only:
an update is refused, and so is a SERVICE call (a query that makes kg fetch a URL)
unless the caller allows it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.resources import data_dir
from kg.vocab import PREFIXES, sparql_prefixes

QUERIES_DIR = Path(os.environ.get("KG_QUERIES_DIR") or data_dir("queries", "entity-facts.rq"))

# declared before every query, so `kg query -e` can say kg:Person without a PREFIX line
STANDARD_PREFIXES = sparql_prefixes()
_PREFIX_LINES = STANDARD_PREFIXES.count("\n")

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a variable name kg binds for --param

# what is not SPARQL syntax: strings, IRIs and comments (blanked before looking for keywords)
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
)
_KEYWORD = r"(?<![\w:?$-])(%s)(?![\w:-])"
_FORM = re.compile(
    _KEYWORD % "SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH",
    re.IGNORECASE,
)
_SERVICE = re.compile(_KEYWORD % "SERVICE", re.IGNORECASE)
_READ_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)  # how Oxigraph's SyntaxError reads


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (or the boolean of an ASK) as plain Python values; the triples of a CONSTRUCT/DESCRIBE."""

    columns: list[str]
    rows: list[list[str | int | float | None]]
    graph: Graph | None = None  # CONSTRUCT and DESCRIBE only (columns and rows are then empty)


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
    r"""Parameters a query declares in its header: ``# param: name (entity|class|text[, required]) — meaning``.

    >>> parameters_of("# param: a (entity, required) — one end\n# param: role (text) — a title\nSELECT")
    {'a': 'entity', 'role': 'text'}
    """
    return {name: kind or "text" for name, kind, _ in _declared(sparql)}


def required_parameters(sparql: str) -> list[str]:
    r"""The declared parameters marked ``required``: the query means nothing without them.

    >>> required_parameters("# param: a (entity, required) — one end\n# param: b (entity)\nSELECT")
    ['a']
    """
    return [name for name, _, required in _declared(sparql) if required]


def _declared(sparql: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^#\s*param:\s*\??(\w+)\s*(?:\((\w+)\s*(?:,\s*(required)\s*)?\))?", sparql, flags=re.MULTILINE)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["name=Keir Starmer", "x=a=b"]`` -> ``{"name": "Keir Starmer", "x": "a=b"}``; names must be variable names.

    >>> parse_params(["x} ?s ?p ?o {=1"])
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: parameter name 'x} ?s ?p ?o {' is not a variable name: use letters, digits and _ (e.g. --param entity='Keir Starmer')
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter {pair!r} is not NAME=VALUE (e.g. --param entity='Keir Starmer')")
        params[check_name(key.strip().lstrip("?$"))] = value
    return params


def check_name(name: str) -> str:
    """``name`` when it is a variable name kg binds (``[A-Za-z_][A-Za-z0-9_]*``), else a QueryError."""
    if not PARAM_NAME.fullmatch(name):
        raise QueryError(f"parameter name {name!r} is not a variable name: use letters, digits and _"
                         " (e.g. --param entity='Keir Starmer')")
    return name


def check_params(sparql: str, params: dict[str, str]) -> None:
    """Refuse a parameter the query does not have, and a missing required one.

    A query that declares its parameters (``# param:`` lines, as every query of ``queries/``)
    takes only those; any other query takes the variables its text uses.
    """
    declared = parameters_of(sparql)
    if declared:
        unknown = [name for name in params if name not in declared]
        known = ", ".join(declared)
    else:
        used = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", _masked(sparql)))
        unknown = [name for name in params if name not in used]
        known = ", ".join(sorted(used)) or "(none)"
    if unknown:
        raise QueryError(f"the query has no parameter {', '.join(map(repr, unknown))}; its parameters: {known}")
    missing = [name for name in required_parameters(sparql) if name not in params]
    if missing:
        raise QueryError(f"the query needs --param {missing[0]}=VALUE (required: {', '.join(missing)};"
                         " `kg query --list` shows every query's parameters)")


def bind_params(store, sparql: str, params: dict[str, str]) -> dict[str, Node]:
    """Turn raw parameter values into RDF terms by the kind the query declares.

    ``entity``: a name, resolved to the entity's IRI as people type it (or ``<IRI>``);
    ``class``: an ontology class local name (``Person``, any case); ``text``: a literal.
    The terms are bound by the store, never pasted into the query text.
    """
    from kg.analysis.lookup import resolve_name
    from kg.vocab import CLASSES, KG

    declared = parameters_of(sparql)
    bindings: dict[str, Node] = {}
    for name, value in params.items():
        kind = declared.get(check_name(name), "text")
        if value.startswith("<") and value.endswith(">"):
            bindings[name] = URIRef(value[1:-1])
        elif kind == "entity":
            bindings[name] = resolve_name(store, value)
        elif kind == "class":
            cls = {c.lower(): c for c in CLASSES}.get(value.lower())
            if cls is None:
                raise QueryError(f"{value!r} is not a class of the ontology: one of {', '.join(sorted(CLASSES))}")
            bindings[name] = KG[cls]
        else:
            bindings[name] = Literal(value)
    return bindings


def query_form(sparql: str) -> str:
    r"""The query's form, upper case: SELECT, CONSTRUCT, DESCRIBE, ASK, or an update's first word (INSERT, ...).

    >>> query_form('PREFIX a: <urn:delete#> # DELETE\nSELECT ("INSERT" AS ?x) {}')
    'SELECT'
    """
    found = _FORM.search(_masked(sparql))
    return found.group(1).upper() if found else ""


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (a call to another SPARQL endpoint).

    >>> uses_service('SELECT ?service WHERE { ?x <urn:SERVICE> "SERVICE" }'), uses_service("SELECT * { service <urn:x> {} }")
    (False, True)
    """
    return bool(_SERVICE.search(_masked(sparql)))


def _masked(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked (same length): keywords inside them are not syntax."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), sparql)


def run_query(store, sparql: str, bindings: dict[str, Node] | None = None, *, allow_service: bool = False) -> QueryResult:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query on a GraphStore; an unbound parameter matches everything.

    Refused: updates (queries are read-only), SERVICE calls unless ``allow_service``, and
    parameter names that are not variable names.  A syntax error names the line and column
    in ``sparql`` itself (the prefixes kg declares before it are not counted).  Every failure,
    also one raised while the rows are read, is a QueryError.
    """
    form = query_form(sparql)
    if form and form not in _READ_FORMS:
        raise QueryError(f"{form} is an update, and kg queries are read-only: a store changes only by"
                         " `kg build` (add or replace documents), `kg remove` (remove documents) and `kg load` (add RDF files)")
    if not allow_service and uses_service(sparql):
        raise QueryError("the query calls another endpoint (SERVICE), which kg refuses so that a query cannot make it"
                         " fetch URLs; pass --allow-service if you trust the query and the endpoint")
    for name in bindings or {}:
        check_name(name)
    try:
        result = store.query(STANDARD_PREFIXES + sparql, bindings or {})
        if result.type == "ASK":
            return QueryResult(["ask"], [[bool(result.askAnswer)]])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns)
            for triple in result:
                graph.add(triple)
            return QueryResult([], [], graph)
        columns = [str(v) for v in result.vars]
        return QueryResult(columns, [[_plain(v) for v in row] for row in result])
    except QueryError:
        raise
    except Exception as exc:  # rdflib, Oxigraph and HTTP raise errors of many types: each becomes one
        raise QueryError(_failure(sparql, exc)) from exc


def _failure(sparql: str, exc: Exception) -> str:
    """What went wrong, in one line; a syntax error at the line and column of the user's text."""
    message = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    if not (isinstance(exc, SyntaxError) or type(exc).__name__ == "ParseException"):
        return f"the query failed: {message}"
    position = _syntax_position(sparql)
    if position is None:
        return f"SPARQL syntax error: {message}"
    line, column, what = position
    lines = sparql.splitlines()
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"SPARQL syntax error at line {line}, column {column}: {what}" + (f" (line {line}: {text})" if text else "")


def _syntax_position(sparql: str) -> tuple[int, int, str] | None:
    """(line, column, what) of the first syntax error in ``sparql`` itself, or None.

    rdflib's parser names the token where reading stopped (``'FILTER'``, ``end of text``),
    the place a person looks at; Oxigraph's (the same prefixes declared, on an empty store)
    is asked when rdflib reads the text (Oxigraph's own syntax).  Both only parse: this is
    called after the store reported a syntax error, so nothing is evaluated.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        found = re.search(r"found (.+?)\s+\(at char", str(exc))
        return exc.lineno, exc.col, f"unexpected {found.group(1) if found else 'text'}"
    except Exception:  # noqa: BLE001 - rdflib fails in other ways on text it cannot read: ask Oxigraph
        return _oxigraph_position(sparql)
    return _oxigraph_position(sparql)


def _oxigraph_position(sparql: str) -> tuple[int, int, str] | None:
    import pyoxigraph

    try:
        pyoxigraph.Store().query(STANDARD_PREFIXES + sparql)
    except SyntaxError as exc:
        found = _SYNTAX_AT.match(str(exc))
        if found:
            return int(found.group(1)) - _PREFIX_LINES, int(found.group(2)), found.group(3).strip().splitlines()[0]
    return None


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


_RAW_IN_TURTLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def to_turtle(result: QueryResult) -> str:
    r"""The triples of a CONSTRUCT or DESCRIBE result as Turtle, with kg's prefixes.

    Controls and bidi overrides (only ever inside literals) are written as ``\uXXXX``
    escapes, which mean the same in Turtle and print harmlessly on a terminal.
    """
    if result.graph is None:
        return ""
    text = result.graph.serialize(format="turtle")
    return _RAW_IN_TURTLE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def to_jsonld(result: QueryResult) -> str:
    """The triples of a CONSTRUCT or DESCRIBE result as JSON-LD (escaped as ``json_text`` escapes)."""
    text = result.graph.serialize(format="json-ld") if result.graph is not None else "[]"
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(result: QueryResult) -> str:
    """The rows as one JSON list of objects (column -> value)."""
    return json_text([dict(zip(result.columns, row)) for row in result.rows])


_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(value: object) -> str:
    r"""``value`` as JSON, UTF-8 kept readable; C1 controls and bidi overrides as ``\uXXXX`` escapes.

    JSON itself escapes C0 controls; the others would be printed raw on a terminal.

    >>> json_text(["Ren\u00e9e \u202eCorp\x9b"])
    '[\n  "Renée \\u202eCorp\\u009b"\n]'
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
