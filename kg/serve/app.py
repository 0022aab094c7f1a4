"""The ``kg serve`` application: Starlette routes over one read-only store, run by uvicorn.

``create_app`` opens the store read-only and answers from the state it opened:
documents written later are seen after a restart only (pyoxigraph 0.5.13's
``Store.read_only`` has no secondary mode or catch-up call, and calls a read-only
open while another process writes "undefined behavior"), so nothing the server
keeps can go stale while it runs.  It wires the SPARQL
endpoint (``sparql``) and the pages (``pages``).  Safe by default: ``serve`` binds
127.0.0.1 unless told otherwise, cross-origin requests are refused unless
``cors`` names the origins allowed, and an unexpected error reaches the client as
one line ("internal error") while its stack trace goes to the server's log.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from contextlib import asynccontextmanager
from importlib import resources

from jinja2 import Environment, FunctionLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.routing import Route

from kg.serve import pages, sparql
from kg.serve.engine import Limits, QueryEngine
from kg.serve.http import error
from kg.store.graph_store import GraphStore

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def _template(name: str) -> str | None:
    path = resources.files("kg.serve").joinpath("templates", name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def templates() -> Environment:
    """The page templates (``kg/serve/templates``), every value escaped."""
    return Environment(loader=FunctionLoader(_template), autoescape=select_autoescape(default=True, default_for_string=True))


async def _http_error(request: Request, exc: HTTPException):
    return error(exc.status_code, exc.detail if isinstance(exc.detail, str) else "error")


async def _internal_error(request: Request, exc: Exception):
    """One line for the client; uvicorn logs the stack trace on the server (Starlette re-raises after answering)."""
    return error(500, "internal error: the server logged it; try again, or report it with the URL you asked")


def create_app(location: str, *, limits: Limits | None = None, cors: list[str] = (), title: str = "Knowledge graph") -> Starlette:
    """The application over the store at ``location`` (opened read-only now; closed when the app stops)."""
    store = GraphStore(location, read_only=True)
    engine = QueryEngine(store, limits or Limits())

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        engine.close()
        store.close()

    routes = [
        Route("/", pages.home),
        Route("/sparql", sparql.sparql_endpoint, methods=["GET", "POST"]),
        Route("/query", sparql.query_list),
        Route("/query/{name}", sparql.named_query),
        Route("/entity", pages.entity_search),
        Route("/id/{rest:path}", pages.entity_page),
        Route("/doc/{rest:path}", pages.document_page),
        Route("/viz", pages.viz),
    ]
    middleware = []
    if cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"])
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.store, app.state.engine, app.state.title = store, engine, title
    app.state.templates, app.state.cache, app.state.cache_locks = templates(), {}, defaultdict(asyncio.Lock)
    return app


def serve(app: Starlette, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Run ``app`` with uvicorn until Ctrl-C (uvicorn stops cleanly on SIGINT and SIGTERM)."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
