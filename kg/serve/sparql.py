"""The SPARQL 1.1 Protocol endpoint at ``/sparql``, and kg's named queries at ``/query/NAME``.

GET ``?query=``, POST as a form (``query=``) or with the query as the body
(``application/sparql-query``); ``default-graph-uri`` and ``named-graph-uri`` as the
protocol defines them (without them the default graph is the union of all graphs).
SELECT and ASK answer SPARQL JSON, XML, CSV or TSV by the Accept header (or
``format=json|xml|csv|tsv``); CONSTRUCT and DESCRIBE answer Turtle, N-Triples or
JSON-LD (``format=turtle|ntriples|jsonld``).  Without a query, GET answers the
Service Description.  Updates (``update=``, ``application/sparql-update``, or an
update as the query) and ``SERVICE`` are refused with 403.

When the row limit cuts an answer it still answers 200, with the first rows and
the headers ``X-KG-Limit: rows`` and ``Warning: 199 - "..."`` saying so; when the
time limit passes it answers 503 with ``X-KG-Limit: time`` and a message.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg.analysis.query import available_queries, bind_params, describe, parameters_of
from kg.errors import EntityNotFound, KGError, QueryError
from kg.serve.engine import Answer, LimitHit, QueryFailed, QueryRefused
from kg.serve.http import error, negotiate
from kg.serve.results import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    media_type,
    write_graph,
    write_results,
)
from kg.store.remote import bind_inline
from kg.vocab import BASE

__all__ = ["PREFIXES", "graph_response", "named_query", "query_list", "sparql_endpoint"]

PREFIXES = {"kg": BASE + "ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
            "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "dcterms": "http://purl.org/dc/terms/"}
FORMAT_PARAM = "format"  # ?format=csv overrides the Accept header (handy in a browser's address bar)
_REFUSE_UPDATE = "updates are refused: this endpoint is read-only. Change the graph with `kg build`, `kg load` or `kg remove`."
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


async def sparql_endpoint(request: Request) -> Response:
    """``/sparql``: read the protocol request, run it, answer in the negotiated format."""
    params = request.query_params
    default_graphs, named_graphs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    if "update" in params:
        return error(403, _REFUSE_UPDATE)
    query = params.get("query")
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                return error(403, _REFUSE_UPDATE)
            query = form.get("query", [None])[-1]
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
        elif kind == "application/sparql-query":
            query = (await request.body()).decode("utf-8", errors="replace")
        elif kind == "application/sparql-update":
            return error(403, _REFUSE_UPDATE)
        else:
            return error(415, "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded, query=...)")
        if not query:
            return error(400, "no query: send query=... (form) or the query as the body")
    if query is None:
        return service_description(request)
    return await answer(request, query, default_graphs, named_graphs)


async def answer(request: Request, query: str, default_graphs: list[str] = (), named_graphs: list[str] = ()) -> Response:
    """Run ``query`` on the app's engine and write its answer, or the one-line error."""
    engine = request.app.state.engine
    try:
        result: Answer = await run_in_threadpool(engine.run, query, list(default_graphs), list(named_graphs))
    except QueryRefused as exc:
        return error(403, str(exc))
    except QueryFailed as exc:
        return error(400, str(exc))
    except LimitHit as exc:
        headers = {"X-KG-Limit": exc.limit} | ({"Retry-After": "5"} if exc.limit == "busy" else {})
        return error(503, str(exc), headers)
    headers = {"Vary": "Accept"}
    if result.truncated:
        cap = engine.limits.max_rows
        headers |= {
            "X-KG-Limit": "rows",
            "Warning": f'199 - "row limit of {cap} reached: the answer holds the first {cap}; '
            'page with LIMIT and OFFSET (kg serve --max-rows)"',
        }
    if result.form == "graph":
        return graph_response(request, result.triples, headers)
    fmt = _chosen(request, RESULT_FORMATS)
    if fmt is None:
        return _not_acceptable(RESULT_FORMATS)
    body = write_results(fmt, result.variables, result.rows, result.boolean)
    kind = media_type(fmt, RESULT_FORMATS)
    return Response(body, media_type=f"{kind}; charset=utf-8" if kind.startswith("text/") else kind, headers=headers)


def graph_response(request: Request, triples: list, headers: dict[str, str] | None = None) -> Response:
    """Triples in the RDF format the client accepts (Turtle by default)."""
    fmt = _chosen(request, GRAPH_FORMATS)
    if fmt is None:
        return _not_acceptable(GRAPH_FORMATS)
    return Response(write_graph(fmt, triples, PREFIXES), media_type=media_type(fmt, GRAPH_FORMATS), headers=headers)


def _chosen(request: Request, table: dict[str, str]) -> str | None:
    wanted = request.query_params.get(FORMAT_PARAM)
    if wanted:
        return wanted if wanted in table.values() else None
    return negotiate(request.headers.get("accept"), table)


def _not_acceptable(table: dict[str, str]) -> Response:
    return error(406, f"this answer can be given as: {', '.join(table)} (Accept header, or format={'|'.join(dict.fromkeys(table.values()))})")


def service_description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, as RDF."""
    service = ox.BlankNode("service")
    dataset, graph = ox.BlankNode("dataset"), ox.BlankNode("default")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def s(name: str) -> ox.NamedNode:
        return ox.NamedNode(_SD + name)

    endpoint = str(request.url.replace(query="", fragment=""))
    triples = [
        ox.Triple(service, rdf_type, s("Service")),
        ox.Triple(service, s("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, s("supportedLanguage"), s("SPARQL11Query")),
        ox.Triple(service, s("feature"), s("UnionDefaultGraph")),
        ox.Triple(service, s("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, s("Dataset")),
        ox.Triple(dataset, s("defaultGraph"), graph),
        ox.Triple(graph, rdf_type, s("Graph")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD"):
        triples.append(ox.Triple(service, s("resultFormat"), ox.NamedNode(_FORMATS + name)))
    return graph_response(request, triples, {"Vary": "Accept"})


async def query_list(request: Request) -> Response:
    """``/query``: the named queries, what each answers and the parameters it takes, as JSON."""
    listed = [
        {"name": name, "answers": describe(path), "parameters": parameters_of(path.read_text(encoding="utf-8")), "url": f"/query/{name}"}
        for name, path in available_queries().items()
    ]
    return JSONResponse(listed)


async def named_query(request: Request) -> Response:
    """``/query/NAME?param=value``: a query of ``queries/`` with its parameters bound (names resolved as `kg query` does)."""
    name = request.path_params["name"]
    path = available_queries().get(name)
    if path is None:
        return error(404, f"no query {name!r}: /query lists them ({', '.join(available_queries())})")
    sparql = path.read_text(encoding="utf-8")
    params = {k: v for k, v in request.query_params.items() if k != FORMAT_PARAM}
    store = request.app.state.store
    try:
        bindings = await run_in_threadpool(bind_params, store, sparql, params)
        bound = bind_inline(sparql, bindings) if bindings else sparql
    except EntityNotFound as exc:
        return error(404, str(exc))
    except (QueryError, KGError) as exc:
        return error(400, str(exc))
    return await answer(request, bound)
