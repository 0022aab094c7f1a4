"""``kg serve``: the graph on the web -- a SPARQL 1.1 endpoint, entity and document pages, the visual.

A thin typer wrapper around ``kg.serve.app``, added to the main app by ``register(app)``.

This module does not use ``from __future__ import annotations``: the command is
defined inside ``register`` and typer must evaluate its annotations there.
"""

from typing import Annotated

import typer

from kg.cli.common import StoreOpt, err, fail
from kg.errors import KGError
from kg.store.graph_store import default_location

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``kg serve`` to ``app``."""

    @app.command()
    def serve(
        store: StoreOpt = default_location(),
        host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")] = 7878,
        timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a SPARQL query may run (then 503).")] = 10.0,
        max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Rows (or triples) a SPARQL answer may hold; more are cut, and the answer says so.")] = 10_000,
        query_workers: Annotated[int, typer.Option("--query-workers", min=1, help="SPARQL queries run at once; more wait, then get 503.")] = 4,
        cors: Annotated[list[str], typer.Option("--cors", help="Let web pages from this origin call the server (repeatable), e.g. https://yasgui.org.")] = [],  # noqa: B006
        title: Annotated[str, typer.Option("--title", help="The site's name on its pages.")] = "Knowledge graph",
    ) -> None:
        """Serve the graph: SPARQL at /sparql, entity pages at /id/..., articles at /doc/..., the visual at /viz.

        Any SPARQL 1.1 client can query /sparql; updates and SERVICE are refused.

        /query/NAME runs a query of queries/, e.g. /query/entity-facts?entity=Zelensky.

        An entity IRI https://w3id.org/kg-news/id/... is served at /id/..., as HTML, or as Turtle or JSON-LD by Accept header.

        The store is opened read-only and answers from the state it had when opened: restart kg serve to see documents a build added since (pyoxigraph 0.5 has no way to follow another process's writes, and calls reading while another process writes undefined; stop the server during a build). Ctrl-C stops.

        Example: [bold]kg serve --store kg-store[/] then open http://127.0.0.1:7878/
        """
        try:
            from kg.serve.app import create_app
            from kg.serve.app import serve as run
            from kg.serve.engine import Limits
        except ImportError as exc:
            raise fail(f"kg serve needs {exc.name}: pip install 'kg[serve]' (Starlette, uvicorn, Jinja2)") from None

        try:
            served = create_app(store, limits=Limits(timeout, max_rows, query_workers), cors=cors, title=title)
        except KGError as exc:
            raise fail(str(exc)) from None
        shown = f"[{host}]" if ":" in host else host
        err.print(f"kg serve: the store {store} at http://{shown}:{port}/ (SPARQL at /sparql); Ctrl-C stops", highlight=False)
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print(f"kg serve: listening on {host}: anyone who can reach this machine can read the graph", highlight=False)
        try:
            run(served, host, port)
        except OSError as exc:
            raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
        err.print("kg serve: stopped", highlight=False)
