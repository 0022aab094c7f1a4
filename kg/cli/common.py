"""What every ``kg`` command shares: the typer app, the ``--store`` option, output formats, errors.

Every command takes ``--store`` (default ``./kg-store`` or ``$KG_STORE``) and
prints one clear line, never a traceback, when something goes wrong.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.store.graph_store import GraphStore

class _KgApp(typer.Typer):
    """The typer app, with a last-resort handler: an unexpected error is one line, not a traceback."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every expected failure is a KGError handled per command
            err.print(f"[bold red]error:[/] internal error ({type(exc).__name__}: {exc}); "
                      "this is a bug in kg, please report it with the command you ran", highlight=False)
            sys.exit(2)


app = _KgApp(
    name="kg",
    help="Turn news articles into a knowledge graph you can query (SPARQL), analyse (networkx) and open in Gephi.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # one line per message, however long: scripts grep them

StoreOpt = Annotated[
    str,
    typer.Option("--store", "-s", envvar="KG_STORE", help="Store folder (Oxigraph on disk), 'memory', or a SPARQL server URL."),
]


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"
    gexf = "gexf"
    graphml = "graphml"
    csv = "csv"
    jsonl = "jsonl"


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def open_store(location: str, *, write: bool = False) -> GraphStore:
    return GraphStore(location, read_only=not write and not location.startswith(("http", "memory")))


def print_rows(columns: list[str], rows: list[list], fmt: TableFormat, title: str | None = None) -> None:
    """Print rows as a rich table, CSV or JSON (the shared output of every listing command)."""
    from kg.analysis.query import QueryResult, to_csv, to_json

    if fmt is TableFormat.csv:
        sys.stdout.write(to_csv(QueryResult(columns, rows)))
    elif fmt is TableFormat.json:
        sys.stdout.write(to_json(QueryResult(columns, rows)) + "\n")
    else:
        table = Table(*columns, title=title, show_lines=False)
        for row in rows:
            table.add_row(*("" if v is None else escape(str(v)) for v in row))
        out.print(table)
