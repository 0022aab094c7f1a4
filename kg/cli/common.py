"""What every ``kg`` command shares: the typer app, ``--store``, ``--quiet``/``--verbose``, output formats, errors.

Every command takes ``--store`` (default ``./kg-store`` or ``$KG_STORE``) and
prints one clear line, never a traceback, when something goes wrong.  Exit codes:
0 ok, 1 bad input or no result where one was required, 2 usage (typer's own).

Output: listings print as a table (for people), CSV or JSON (one document per call,
for other tools).  Tables show IRIs compact (``kg:Person``, ``doc:a.txt``), are not cut
to 80 columns when piped to a file, and never print control characters, escape
sequences or bidi overrides from article text (``printable``).
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.export import ALIASES, FORMATS
from kg.store.graph_store import GraphStore


class Verbosity:
    """How much a command says on stderr besides its errors: 0 quiet, 1 normal, 2 verbose."""

    level = 1


def note(message: str) -> None:
    """A progress line or note on stderr (rich markup), unless ``--quiet``."""
    if Verbosity.level >= 1:
        err.print(message, highlight=False)


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors (no progress, notes or summary).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Say more: each document built, unchanged or skipped.")]


def _with_verbosity(command):
    """``command`` with ``--quiet`` and ``--verbose`` added: they set ``Verbosity.level`` and are not passed on."""
    signature = inspect.signature(command, eval_str=True)

    @functools.wraps(command)
    def run(*args, quiet: bool = False, verbose: bool = False, **kwargs):
        before, Verbosity.level = Verbosity.level, 0 if quiet else 2 if verbose else 1
        try:
            return command(*args, **kwargs)
        finally:
            Verbosity.level = before  # a process running several commands (tests, scripts) starts each afresh

    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=annotation)
             for name, annotation in (("quiet", QuietOpt), ("verbose", VerboseOpt))]
    run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])
    run.__annotations__ = {p.name: p.annotation for p in run.__signature__.parameters.values()}
    del run.__wrapped__  # typer reads the signature above, not the command's own
    return run


class _KgApp(typer.Typer):
    """The typer app: every command gets ``--quiet``/``--verbose``, and an unexpected error is one line."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)
        return lambda function: register(_with_verbosity(function))

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every expected failure is a KGError handled per command
            err.print(f"[bold red]error:[/] internal error ({type(exc).__name__}: {escape(printable(str(exc)))}); "
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


def _print_version(value: bool) -> None:
    if value:
        from kg.resources import __version__

        print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print kg's version and exit.")] = False,
) -> None:
    """Turn news articles into a knowledge graph you can query (SPARQL), analyse (networkx) and open in Gephi."""


StoreOpt = Annotated[
    str,
    typer.Option("--store", "-s", envvar="KG_STORE", help="Store folder (Oxigraph on disk), 'memory', or a SPARQL server URL."),
]


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="table (for people), csv or json (one document, for tools).")]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


# kg.export's formats and the short names people type (ttl, nt, nq): one list, kept by kg.export
ExportFormat = Enum("ExportFormat", {name: name for name in [*FORMATS, *ALIASES]}, type=str)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(printable(message))}", highlight=False)
    return typer.Exit(code)


def open_store(location: str, *, write: bool = False) -> GraphStore:
    return GraphStore(location, read_only=not write and not location.startswith(("http", "memory")))


# C0 and C1 controls (tab and newline too: a table cell is one line), DEL, and the bidi
# embeddings, overrides and isolates that make text read in another order than stored
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: controls (ESC, OSC, CR...), and bidi overrides shown as U+FFFD.

    >>> printable("Zelensky\\x1b]0;pwned\\x07 \\u202egnp.exe")
    'Zelensky\\ufffd]0;pwned\\ufffd \\ufffdgnp.exe'
    """
    return _UNPRINTABLE.sub("\ufffd", text)


def cell(value) -> str:
    """A value as a table shows it: compact IRI, printable, rich markup escaped."""
    from kg.vocab import compact

    return "" if value is None else escape(printable(compact(str(value))))


def print_rows(columns: list[str], rows: list[list], fmt: TableFormat, title: str | None = None) -> None:
    """Print rows as a rich table, CSV or JSON (the shared output of every listing command).

    CSV and JSON keep every value as it is (full IRIs); JSON is one list of objects.
    """
    from kg.analysis.query import QueryResult, to_csv, to_json

    if fmt is TableFormat.csv:
        sys.stdout.write(to_csv(QueryResult(columns, rows)))
    elif fmt is TableFormat.json:
        sys.stdout.write(to_json(QueryResult(columns, rows)) + "\n")
    else:
        table = Table(*columns, title=title, show_lines=False)
        for row in rows:
            table.add_row(*(cell(v) for v in row))
        print_table(table)


def print_table(renderable) -> None:
    """Print a table (or markup text): to the terminal's width, or uncut when stdout is a file or a pipe."""
    screen().print(renderable, highlight=False)


def screen() -> Console:
    """The console for stdout: the terminal's, or one without a width limit or colours for a file or pipe."""
    return out if out.is_terminal else Console(width=100_000, no_color=True, highlight=False, soft_wrap=True)


def check_classes(names: list[str]) -> list[str]:
    """The ontology's class names for ``names`` (any case), or an error listing the classes there are."""
    from kg.vocab import CLASSES

    known = {c.lower(): c for c in CLASSES}
    unknown = [n for n in names if n.lower() not in known]
    if unknown:
        raise fail(f"no class {', '.join(map(repr, unknown))} in the ontology: choose from {', '.join(sorted(CLASSES))}")
    return [known[n.lower()] for n in names]


def print_json(value) -> None:
    """``value`` as one JSON document on stdout."""
    from kg.analysis.query import json_text

    sys.stdout.write(json_text(value) + "\n")
