"""``kg build``, ``query``, ``export``, ``load``, ``stats``, ``entities``, ``show``, ``remove``, ``validate``, ``eval``.

Thin typer wrappers around kg's plain functions, on the app of ``kg.cli.common``.

Every command takes ``--store`` (default ``./kg-store`` or ``$KG_STORE``) and
prints one clear line, never a traceback, when something goes wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.common import (
    Engine,
    ExportFormat,
    FormatOpt,
    StoreOpt,
    TableFormat,
    Verbosity,
    app,
    check_classes,
    err,
    fail,
    note,
    open_store,
    out,
    print_json,
    print_rows,
    printable,
    screen,
)
from kg.cli.explore import NetworkOpt
from kg.errors import KGError
from kg.store.graph_store import GraphStore, default_location
from kg.vocab import compact


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .md .html .jsonl (folders are walked); - reads one article (or JSON Lines) from stdin.")],
    store: StoreOpt = default_location(),
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Processes that parse and extract (spaCy is the cost); 0 = one per core, at most one per document.")] = 0,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this machine (--workers N); dask: a Dask cluster (--scheduler).")] = Engine.local,
    scheduler: Annotated[str, typer.Option("--scheduler", envvar="KG_SCHEDULER", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")] = "",
    model: Annotated[str, typer.Option("--model", envvar="KG_MODEL", help="spaCy model package or path.")] = "",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad file instead of skipping it.")] = False,
    knowledge: Annotated[str, typer.Option("--knowledge", envvar="KG_KNOWLEDGE", metavar="DIR", help="Your knowledge folder, laid out like ontology/ (words/*.yaml, gazetteer/*.yaml): each file extends the shipped one of the same name, lists joined, mappings merged. See docs/knowledge.md.")] = "",
    stdin_name: Annotated[str, typer.Option("--stdin-name", metavar="NAME", help="The document id of what `kg build -` reads (default stdin.txt, or stdin.jsonl for JSON Lines).")] = "",
) -> None:
    """Build articles into the store; unchanged documents are skipped, changed ones replaced.

    Document ids: a file named directly is known by its name, a file in a folder by its path
    below the folder given (the same for dir, ./dir, dir/ and /abs/dir); a file already stored
    keeps its id however it is named again, and a file whose id another stored file has is
    reported and skipped, never replacing it.

    Example: [bold]kg build examples/ --store kg-store[/]
    With your own titles, parties, verbs: [bold]kg build examples/ --knowledge examples/my-knowledge/[/]
    From another program: [bold]cat examples/zelensky-downing-street.txt | kg build - --stdin-name zelensky.txt[/]
    """
    import tempfile

    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise fail("`kg build -` reads one input from stdin: give - alone, or files and folders", 2)
        with tempfile.TemporaryDirectory(prefix="kg-stdin-") as folder:
            data = sys.stdin.buffer.read()
            name = stdin_name or ("stdin.jsonl" if data.lstrip()[:1] == b"{" else "stdin.txt")
            if Path(name).name != name or name in (".", ".."):
                raise fail(f"--stdin-name {name!r} must be a file name (no folders), e.g. story.txt", 2)
            (Path(folder) / name).write_bytes(data)
            _build([Path(folder) / name], store, workers, engine, scheduler, model, strict, knowledge)
            return
    _build(paths, store, workers, engine, scheduler, model, strict, knowledge)


def _build(paths: list[Path], store: str, workers: int, engine: Engine, scheduler: str, model: str, strict: bool,
           knowledge: str) -> None:
    """``kg build`` on files and folders: the progress bar (unless --quiet), the build, its summary."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from kg.ingest.readers import count_inputs
    from kg.pipeline.builder import ProgressEvent, auto_workers
    from kg.pipeline.builder import build as run_build

    total = count_inputs(paths)
    workers = workers or auto_workers(paths)  # before the progress bar starts its thread
    columns = [
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    try:
        with open_store(store, write=True) as gs, Progress(*columns, console=err, transient=False,
                                                           disable=Verbosity.level == 0) as bar:
            task = bar.add_task("building", total=total, rate="")
            words = in_parts = 0  # words of finished documents, of the parts of the one being built

            def on_progress(event: ProgressEvent) -> None:
                nonlocal words, in_parts
                name, message = escape(printable(event.name)), escape(printable(event.message))
                if event.kind == "warning":
                    if Verbosity.level:
                        bar.console.print(f"[yellow]warning[/] {name}: {message}", highlight=False)
                    return
                elapsed = max(bar.tasks[task].elapsed or 0.0, 1e-9)
                if event.kind == "part":  # a long document moves the rate and says which part, not the count
                    in_parts += event.words
                    bar.update(task, description=f"building {name} ({message})",
                               rate=f"{(words + in_parts) / elapsed:,.0f} words/s")
                    return
                if in_parts:
                    in_parts = 0
                    bar.update(task, description="building")
                words += event.words
                if event.kind == "problem":
                    bar.console.print(f"[yellow]skipped[/] {name}: {message}", highlight=False)
                elif Verbosity.level >= 2:
                    bar.console.print(f"{event.kind} {name} ({event.words:,} words)", highlight=False)
                done = bar.tasks[task].completed + 1
                bar.update(task, advance=1, rate=f"{done / elapsed:.1f} docs/s {words / elapsed:,.0f} words/s")

            report = run_build(paths, gs, model=model or None, workers=workers, engine=engine.value,
                                 scheduler=scheduler or None, strict=strict, knowledge=knowledge or None,
                                 on_progress=on_progress, report_parts=True)
    except KeyboardInterrupt:
        raise fail("interrupted: every document finished before this is safely stored; run the same command again to finish.", 130)
    except KGError as exc:
        raise fail(str(exc))
    warned = f", {len(report.warnings)} with warnings" if report.warnings else ""
    legacy = (f"; {report.legacy_decoded} file(s) were not UTF-8 and were decoded whole as cp1252/latin-1"
              " (see the warnings)" if report.legacy_decoded else "")
    note(
        f"built {report.built} document(s){warned}, {report.unchanged} unchanged, {len(report.problems)} skipped; "
        f"{report.quads:,} quads in {report.seconds:.1f}s into {escape(store)}{legacy}"
    )
    if report.failed:
        raise typer.Exit(1)



@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A .rq file or the name of a query in queries/ (see `kg query --list`).")] = "",
    expression: Annotated[str, typer.Option("-e", "--expression", help="SPARQL text to run instead of a file.")] = "",
    param: Annotated[list[str], typer.Option("--param", "-p", help="NAME=VALUE bound into the query (repeatable); <IRI> for an IRI.")] = [],  # noqa: B006
    fmt: FormatOpt = TableFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries with what they answer.")] = False,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Let the query call other SPARQL endpoints (SERVICE): only for queries and endpoints you trust.")] = False,
    store: StoreOpt = default_location(),
) -> None:
    """Run a SPARQL query with bound parameters (never pasted into the text); read-only.

    SELECT and ASK print rows; CONSTRUCT and DESCRIBE print RDF (Turtle; JSON-LD with -f json).
    A parameter the query does not have, a missing required one, or an update is an error (exit 1).

    Examples: [bold]kg query entity-facts --param entity='Keir Starmer'[/]  ·  [bold]kg query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'[/]
    """
    from kg.analysis.query import (
        available_queries,
        bind_params,
        check_params,
        describe,
        parameters_of,
        parse_params,
        query_text,
        required_parameters,
        run_query,
        to_jsonld,
        to_turtle,
    )

    try:
        if list_ or not (name or expression):
            rows = []
            for n, p in available_queries().items():
                text = p.read_text(encoding="utf-8")
                required = required_parameters(text)
                rows.append([n, describe(p), ", ".join(f"{q} (required)" if q in required else q for q in parameters_of(text))])
            print_rows(["query", "answers", "parameters"], rows, fmt)
            return
        if name and expression:
            raise fail("give a query name or file, or -e TEXT, not both", 2)
        sparql = expression or query_text(name)
        params = parse_params(param)
        check_params(sparql, params)
        with open_store(store) as gs:
            result = run_query(gs, sparql, bind_params(gs, sparql, params), allow_service=allow_service)
    except KGError as exc:
        raise fail(str(exc))
    if result.graph is not None:
        if fmt is TableFormat.json:
            sys.stdout.write(to_jsonld(result) + "\n")
        else:
            sys.stdout.write(to_turtle(result))
        return
    print_rows(result.columns, result.rows, fmt)


@app.command()
def export(
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, - for stdout (for csv: a folder, or a path whose stem names the two files).")],
    fmt: Annotated[ExportFormat | None, typer.Option("--format", "-f", help="turtle (ttl), ntriples (nt), trig, nquads (nq), jsonld (RDF); gexf, graphml (Gephi, networkx); csv (nodes+edges); jsonl (facts). Default: from the output file's extension.")] = None,
    network: NetworkOpt = "facts",
    store: StoreOpt = default_location(),
    raw: Annotated[bool, typer.Option("--raw", help="csv: write cells as they are (by default a cell starting with = + - @, tab or CR gets a leading apostrophe, so a spreadsheet never runs it as a formula).")] = False,
) -> None:
    """Export the whole graph.

    The format is --format, else the output's extension: .ttl .nt .nq .trig .jsonld .gexf .graphml .csv .jsonl.
    CSV cells that a spreadsheet would run as a formula start with an apostrophe unless --raw.
    Example: [bold]kg export -o graph.gexf[/] then open graph.gexf in Gephi; [bold]kg export -f nq -o - | gzip > graph.nq.gz[/]
    [bold]kg export -f gexf --network comention -o comention.gexf[/] for who is named with whom (gexf, graphml, csv).
    """
    import shutil
    import tempfile

    from kg.export import export as run_export
    from kg.export import export_format
    from kg.export.rdf_formats import TRIPLES_ONLY

    to_stdout = output == "-"
    try:
        name = export_format(fmt.value if fmt else None, None if to_stdout else output)
    except KGError as exc:
        raise fail(str(exc), 2)
    if raw and name != "csv":
        raise fail("--raw is for csv exports only (other formats are written as they are)", 2)
    if to_stdout and name == "csv":
        raise fail("csv writes two files (nodes and edges): give -o FOLDER, or export jsonl, gexf or an RDF format to stdout", 2)
    if name in TRIPLES_ONLY:
        note(f"note: {name} has no named graphs: every document's graph is merged into one, so a"
             " store loaded from it cannot remove documents one by one; export trig or nquads to keep them")
    try:
        with open_store(store) as gs, tempfile.TemporaryDirectory(prefix="kg-export-") as folder:
            target = Path(folder) / f"graph.{name}" if to_stdout else Path(output)
            written = run_export(gs, name, target, network=network, **({"raw": True} if raw else {}))
            if to_stdout:
                with target.open("rb") as data:
                    shutil.copyfileobj(data, sys.stdout.buffer)
                sys.stdout.flush()
                return
    except KGError as exc:
        raise fail(str(exc))
    for path in written:
        note(f"wrote {escape(str(path))}")


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .nq .nt .ttl .trig .jsonld .rdf, optionally .gz.")],
    store: StoreOpt = default_location(),
) -> None:
    """Load RDF files into the store: restore an export, or join graphs built on other machines.

    N-Quads and N-Triples load on every core.  Loading a file twice adds nothing.
    Example: [bold]kg export -f nquads -o graph.nq --store a[/] then [bold]kg load graph.nq --store b[/]
    """
    import time

    from kg.store.load import load_files

    started = time.perf_counter()
    try:
        with open_store(store, write=True) as gs:
            before = len(gs)
            imported = load_files(gs, files)
            added = len(gs) - before
    except KeyboardInterrupt:
        raise fail("interrupted: part of the file may be stored; run the same command again to finish.", 130)
    except KGError as exc:
        raise fail(str(exc))
    seconds = time.perf_counter() - started
    for path, graph in imported.items():
        note(f"note: {escape(str(path))} has no named graphs: its triples went into the graph <{graph}> and its"
             " entities' types and labels into the shared entities graph; documents cannot be removed"
             " one by one (load a trig or nquads export to keep them)")
    note(f"loaded {len(files)} file(s): {added:,} new quads in {seconds:.1f}s into {escape(store)}")


# kg's read queries; run_query declares the prefixes of kg.vocab (kg:, graph:, rdf:, nif:, ...) before each
_STATS = """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a kg:Document BIND("documents" AS ?what) }
  UNION { GRAPH graph:entities { ?x a ?c } FILTER(?c != kg:Role) BIND("entities" AS ?what) }
  UNION { ?x a rdf:Statement ; kg:openRelation ?r BIND("open relations" AS ?what) }
  UNION { ?x a rdf:Statement FILTER NOT EXISTS { ?x kg:openRelation ?r } BIND("facts" AS ?what) }
  UNION { ?x a kg:Quote BIND("quotes" AS ?what) }
  UNION { ?x nif:anchorOf ?a ; itsrdf:taIdentRef ?e BIND("mentions" AS ?what) }
} GROUP BY ?what ORDER BY ?what
"""

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH graph:entities { ?x a ?c } BIND(STRAFTER(STR(?c), "#") AS ?class) }
GROUP BY ?class ORDER BY DESC(?n)
"""

_BY_PREDICATE = """
SELECT ?predicate (COUNT(?st) AS ?n) WHERE {
  ?st a rdf:Statement ; rdf:predicate ?p
  FILTER(STRSTARTS(STR(?p), STR(kg:))) BIND(STRAFTER(STR(?p), "#") AS ?predicate)
} GROUP BY ?predicate ORDER BY DESC(?n)
"""


_STATS_PARTS = ("graph", "entities_by_class", "facts_by_predicate")  # the keys of `kg stats -f json`
_GRAPH_COUNTS = ("documents", "entities", "facts", "open relations", "quotes", "mentions")  # 0 when none


@app.command()
def stats(
    store: StoreOpt = default_location(),
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Count documents, entities (by class), facts (by predicate), quotes and mentions.

    -f json prints one object: {"graph": {"documents": N, ...}, "entities_by_class": {...}, "facts_by_predicate": {...}};
    -f csv one table of part, name, count.
    Example: [bold]kg stats --store kg-store[/]
    """
    from kg.analysis.query import run_query

    try:
        with open_store(store) as gs:
            results = [run_query(gs, q) for q in (_STATS, _BY_CLASS, _BY_PREDICATE)]
    except KGError as exc:
        raise fail(str(exc))
    counts = dict.fromkeys(_GRAPH_COUNTS, 0) | {str(k): n for k, n in results[0].rows}
    results[0] = type(results[0])(results[0].columns, [[k, n] for k, n in counts.items()])
    if fmt is TableFormat.json:
        print_json({part: {str(k): n for k, n in result.rows} for part, result in zip(_STATS_PARTS, results)})
    elif fmt is TableFormat.csv:
        rows = [[part, k, n] for part, result in zip(_STATS_PARTS, results) for k, n in result.rows]
        print_rows(["part", "name", "count"], rows, fmt)
    else:
        for result, part in zip(results, _STATS_PARTS):
            print_rows(result.columns, result.rows, fmt, title=part.replace("_", " "))


_ENTITIES = """
SELECT ?name ?class (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?doc) AS ?documents) ?iri WHERE {
  GRAPH graph:entities { ?iri a ?c ; rdfs:label ?name }
  FILTER(?c != kg:Role)
  BIND(STRAFTER(STR(?c), "#") AS ?class)
  OPTIONAL { ?m itsrdf:taIdentRef ?iri }
  OPTIONAL { ?iri prov:wasAttributedTo ?doc }
} GROUP BY ?name ?class ?iri ORDER BY DESC(?mentions) ?name
"""


@app.command()
def entities(
    type_: Annotated[str, typer.Option("--type", "-t", help="Only this class: Person, Organization, Country, City, Place, Weapon, Event.")] = "",
    store: StoreOpt = default_location(),
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """List entities with their class and how often they are mentioned.

    Example: [bold]kg entities --type Person[/]
    """
    from kg.analysis.query import run_query

    wanted = check_classes([type_])[0] if type_ else ""
    try:
        with open_store(store) as gs:
            result = run_query(gs, _ENTITIES)
    except KGError as exc:
        raise fail(str(exc))
    rows = [r for r in result.rows if not wanted or r[1] == wanted]
    print_rows(result.columns, rows, fmt)


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="An entity name as you would type it (case, accents and small misspellings are forgiven).")],
    store: StoreOpt = default_location(),
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """The entity card: labels, classes, every fact with the sentence behind it, quotes, merges.

    -f json prints the card as one object; -f csv its facts, one a row.
    Example: [bold]kg show "Keir Starmer"[/]
    """
    from dataclasses import asdict

    from kg.analysis.card import entity_card
    from kg.analysis.lookup import resolve_name

    try:
        with open_store(store) as gs:
            card = entity_card(gs, resolve_name(gs, name))
    except KGError as exc:
        raise fail(str(exc))
    if fmt is TableFormat.json:
        print_json(asdict(card))
        return
    if fmt is TableFormat.csv:
        columns = ["subject", "predicate", "object", "sentence", "document", "rule", "confidence", "date"]
        print_rows(columns, [[getattr(f, c if c != "object" else "obj") for c in columns] for f in card.facts], fmt)
        return

    def e(text: str) -> str:  # every string below comes from the user's documents
        return escape(printable(text))

    say = screen()
    say.print(f"[bold]{e(card.label)}[/]  ({', '.join(card.classes)})  {e(compact(card.iri))}", highlight=False)
    if card.aliases:
        say.print(f"also: {e(', '.join(card.aliases))}", highlight=False)
    if card.documents:
        say.print(f"mentioned in: {e(', '.join(card.documents))}", highlight=False)
    for f in card.facts:
        conf = f" {f.confidence:.2f}" if f.confidence is not None else ""
        when = f", {e(f.date)}" if f.date else ""
        say.print(f"\n[cyan]{e(f.subject)}[/] [bold]{e(f.predicate)}[/] [cyan]{e(f.obj)}[/]  "
                  f"[dim]({e(f.rule)}{conf}, {e(f.document)}{when}{', world knowledge' * f.world_knowledge})[/]",
                  highlight=False)
        say.print(f"  [dim]{e(f.sentence or 'from kg’s gazetteer (world knowledge), not from a sentence')}[/]", highlight=False)
    for text, doc in card.quotes:
        say.print(f"\n[bold]said[/] “{e(text)}”  [dim]({e(doc)})[/]", highlight=False)
    for names, reason, doc in card.merges:
        say.print(f"\n[dim]merged[/] {e(names)} from {e(doc)}: {e(reason)}", highlight=False)


@app.command()
def remove(
    documents: Annotated[list[str], typer.Argument(help="What `kg build` was given (a file, a folder, a glob) or document ids or IRIs.")],
    store: StoreOpt = default_location(),
) -> None:
    """Remove documents: their named graphs, their facts and quotes, and entities nothing else mentions.

    A folder removes every document read from below it.
    Example: [bold]kg remove examples/zelensky-downing-street.txt[/]
    """
    from kg.pipeline.builder import remove as run_remove

    try:
        with open_store(store, write=True) as gs:
            removed = run_remove(documents, gs)
            left = gs.entity_count()
    except KGError as exc:
        raise fail(str(exc))
    for doc in removed:
        note(f"removed {escape(printable(doc.id))} ({escape(printable(doc.source))}): {doc.facts} facts, {doc.quotes} quotes")
    note(f"{len(removed)} document(s) removed; {left} entities left in {escape(store)}")


@app.command()
def validate(store: StoreOpt = default_location(), fmt: FormatOpt = TableFormat.table) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL) and print each violation; exit 1 when it does not conform.

    -f json prints one object {"conforms": ..., "violations": [...]}; -f csv the violations, one a row.
    Example: [bold]kg validate --store kg-store[/]
    """
    from dataclasses import asdict

    from kg.analysis.validate import Violation, format_report
    from kg.analysis.validate import validate as run_validate

    try:
        with open_store(store) as gs:
            report = run_validate(gs.dataset)
    except KGError as exc:
        raise fail(str(exc))
    if fmt is TableFormat.json:
        print_json(asdict(report))
    elif fmt is TableFormat.csv:
        columns = list(Violation.__dataclass_fields__)
        print_rows(columns, [[getattr(v, c) for c in columns] for v in report.violations], fmt)
    else:
        screen().print(escape("\n".join(map(printable, format_report(report).splitlines()))), highlight=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (NAME.gold.yaml, the text NAME.txt beside them; the format: docs/gold-format.md).")],
    model: Annotated[str, typer.Option("--model", envvar="KG_MODEL", help="spaCy model package or path.")] = "",
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="table (the report), json (one object: per document and totals); csv is the totals.")] = TableFormat.table,
    as_json: Annotated[bool, typer.Option("--json", hidden=True, help="Same as -f json (kept for old scripts).")] = False,
) -> None:
    """Build each gold document in a temporary store and print the GOLD-FORMAT measures.

    Example: [bold]kg eval tests/data/gold/seed/*.gold.yaml[/]  ·  [bold]kg eval -f json tests/data/gold/seed/*.gold.yaml | jq .totals[/]
    """
    from kg.evaluate.scorer import evaluate as run_eval
    from kg.evaluate.scorer import format_report
    from kg.pipeline.builder import build as run_build

    def build_one(path: Path):
        gs = GraphStore("memory")
        run_build([path], gs, model=model or None)
        return gs.dataset

    try:
        report = run_eval(gold, build=build_one)
    except KGError as exc:
        raise fail(str(exc))
    if as_json or fmt is TableFormat.json:
        print_json(report.to_dict())
    elif fmt is TableFormat.csv:
        totals = report.to_dict()["totals"]
        columns = sorted({k for t in totals.values() for k in t})
        print_rows(columns, [[t.get(c) for c in columns] for t in totals.values()], fmt)
    else:
        width = out.width if out.is_terminal else 100_000
        Console(width=max(width, 150), no_color=not out.is_terminal).print(format_report(report))  # one row per document
