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

from kg.cli.common import Engine, ExportFormat, StoreOpt, TableFormat, app, err, fail, open_store, out, print_rows
from kg.cli.explore import NetworkOpt
from kg.errors import KGError
from kg.store.graph_store import GraphStore, default_location

@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .md .html .jsonl (folders are walked).")],
    store: StoreOpt = default_location(),
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Processes that parse and extract (spaCy is the cost); 0 = one per core, at most one per document.")] = 0,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this machine (--workers N); dask: a Dask cluster (--scheduler).")] = Engine.local,
    scheduler: Annotated[str, typer.Option("--scheduler", envvar="KG_SCHEDULER", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")] = "",
    model: Annotated[str, typer.Option("--model", envvar="KG_MODEL", help="spaCy model package or path.")] = "",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad file instead of skipping it.")] = False,
    knowledge: Annotated[str, typer.Option("--knowledge", envvar="KG_KNOWLEDGE", metavar="DIR", help="Your knowledge folder, laid out like ontology/ (words/*.yaml, gazetteer/*.yaml): each file extends the shipped one of the same name, lists joined, mappings merged. See docs/knowledge.md.")] = "",
) -> None:
    """Build articles into the store; unchanged documents are skipped, changed ones replaced.

    Document ids: a file named directly is known by its name, a file in a folder by its path
    below the folder given (the same for dir, ./dir, dir/ and /abs/dir); a file already stored
    keeps its id however it is named again, and a file whose id another stored file has is
    reported and skipped, never replacing it.

    Example: [bold]kg build examples/ --store kg-store[/]
    With your own titles, parties, verbs: [bold]kg build examples/ --knowledge my-knowledge/[/]
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from kg.pipeline.builder import ProgressEvent, auto_workers
    from kg.pipeline.builder import build as run_build
    from kg.ingest.readers import count_inputs

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
        with open_store(store, write=True) as gs, Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task("building", total=total, rate="")
            words = 0

            def on_progress(event: ProgressEvent) -> None:
                nonlocal words
                if event.kind == "warning":
                    bar.console.print(f"[yellow]warning[/] {escape(event.name)}: {escape(event.message)}", highlight=False)
                    return
                words += event.words
                if event.kind == "problem":
                    bar.console.print(f"[yellow]skipped[/] {escape(event.name)}: {escape(event.message)}", highlight=False)
                elapsed = max(bar.tasks[task].elapsed or 0.0, 1e-9)
                done = bar.tasks[task].completed + 1
                bar.update(task, advance=1, rate=f"{done / elapsed:.1f} docs/s {words / elapsed:,.0f} words/s")

            report = run_build(paths, gs, model=model or None, workers=workers, engine=engine.value,
                                 scheduler=scheduler or None, strict=strict, knowledge=knowledge or None,
                                 on_progress=on_progress)
    except KeyboardInterrupt:
        raise fail("interrupted: every document finished before this is safely stored; run the same command again to finish.", 130)
    except KGError as exc:
        raise fail(str(exc))
    warned = f", {len(report.warnings)} with warnings" if report.warnings else ""
    legacy = (f"; {report.legacy_decoded} file(s) were not UTF-8 and were decoded whole as cp1252/latin-1"
              " (see the warnings)" if report.legacy_decoded else "")
    err.print(
        f"built {report.built} document(s){warned}, {report.unchanged} unchanged, {len(report.problems)} skipped; "
        f"{report.quads:,} quads in {report.seconds:.1f}s into {store}{legacy}",
        highlight=False,
    )
    if report.failed:
        raise typer.Exit(1)



@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A .rq file or the name of a query in queries/ (see `kg query --list`).")] = "",
    expression: Annotated[str, typer.Option("-e", "--expression", help="SPARQL text to run instead of a file.")] = "",
    param: Annotated[list[str], typer.Option("--param", "-p", help="NAME=VALUE bound into the query (repeatable); <IRI> for an IRI.")] = [],  # noqa: B006
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries with what they answer.")] = False,
    store: StoreOpt = default_location(),
) -> None:
    """Run a SPARQL query with bound parameters (never pasted into the text).

    Examples: [bold]kg query entity-facts --param entity='Keir Starmer'[/]  ·  [bold]kg query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'[/]
    """
    from kg.analysis.query import available_queries, bind_params, describe, parameters_of, parse_params, query_text, run_query

    try:
        if list_ or not (name or expression):
            rows = [[n, describe(p), ", ".join(parameters_of(p.read_text()))] for n, p in available_queries().items()]
            print_rows(["query", "answers", "parameters"], rows, fmt)
            return
        sparql = expression or query_text(name)
        with open_store(store) as gs:
            result = run_query(gs, sparql, bind_params(gs, sparql, parse_params(param)))
    except KGError as exc:
        raise fail(str(exc))
    print_rows(result.columns, result.rows, fmt)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="turtle, trig, nquads, jsonld (RDF); gexf, graphml (Gephi, networkx); csv (nodes+edges); jsonl (facts).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (for csv: a folder, or a path whose stem names the two files).")],
    network: NetworkOpt = "facts",
    store: StoreOpt = default_location(),
) -> None:
    """Export the whole graph.

    Example: [bold]kg export --format gexf -o graph.gexf[/] then open graph.gexf in Gephi;
    [bold]kg export -f gexf --network comention -o comention.gexf[/] for who is named with whom (gexf, graphml, csv).
    """
    from kg.export import export as run_export
    from kg.export.rdf_formats import TRIPLES_ONLY

    if fmt.value in TRIPLES_ONLY:
        err.print(f"note: {fmt.value} has no named graphs: every document's graph is merged into one, so a"
                  " store loaded from it cannot remove documents one by one; export trig or nquads to keep them",
                  highlight=False)
    try:
        with open_store(store) as gs:
            written = run_export(gs, fmt.value, output, network=network)
    except KGError as exc:
        raise fail(str(exc))
    for path in written if isinstance(written, list) else [output]:
        err.print(f"wrote {path}", highlight=False)


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
        err.print(f"note: {path} has no named graphs: its triples went into the graph <{graph}> and its"
                  " entities' types and labels into the shared entities graph; documents cannot be removed"
                  " one by one (load a trig or nquads export to keep them)", highlight=False)
    err.print(f"loaded {len(files)} file(s): {added:,} new quads in {seconds:.1f}s into {store}", highlight=False)


_STATS = """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a <%(kg)sDocument> BIND("documents" AS ?what) }
  UNION { GRAPH <%(entities)s> { ?x a ?c } FILTER(?c != <%(kg)sRole>) BIND("entities" AS ?what) }
  UNION { ?x a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ; <%(kg)sopenRelation> ?r BIND("open relations" AS ?what) }
  UNION { ?x a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> FILTER NOT EXISTS { ?x <%(kg)sopenRelation> ?r } BIND("facts" AS ?what) }
  UNION { ?x a <%(kg)sQuote> BIND("quotes" AS ?what) }
  UNION { ?x <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?a ; <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e BIND("mentions" AS ?what) }
} GROUP BY ?what ORDER BY ?what
"""

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH <%(entities)s> { ?x a ?c } BIND(STRAFTER(STR(?c), "#") AS ?class) }
GROUP BY ?class ORDER BY DESC(?n)
"""

_BY_PREDICATE = """
SELECT ?predicate (COUNT(?st) AS ?n) WHERE {
  ?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p
  FILTER(STRSTARTS(STR(?p), "%(kg)s")) BIND(STRAFTER(STR(?p), "#") AS ?predicate)
} GROUP BY ?predicate ORDER BY DESC(?n)
"""


def _vocab_sparql(template: str) -> str:
    from kg.vocab import ENTITIES_GRAPH, KG

    return template % {"kg": str(KG._NS), "entities": str(ENTITIES_GRAPH)}


@app.command()
def stats(
    store: StoreOpt = default_location(),
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Count documents, entities (by class), facts (by predicate), quotes and mentions.

    Example: [bold]kg stats --store kg-store[/]
    """
    from kg.analysis.query import run_query

    try:
        with open_store(store) as gs:
            results = [run_query(gs, _vocab_sparql(q)) for q in (_STATS, _BY_CLASS, _BY_PREDICATE)]
    except KGError as exc:
        raise fail(str(exc))
    for result, title in zip(results, ("graph", "entities by class", "facts by predicate")):
        print_rows(result.columns, result.rows, fmt, title=title)


_ENTITIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?class (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?doc) AS ?documents) ?iri WHERE {
  GRAPH <%(entities)s> { ?iri a ?c ; rdfs:label ?name }
  FILTER(?c != <%(kg)sRole>)
  BIND(STRAFTER(STR(?c), "#") AS ?class)
  OPTIONAL { ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?iri }
  OPTIONAL { ?iri <http://www.w3.org/ns/prov#wasAttributedTo> ?doc }
} GROUP BY ?name ?class ?iri ORDER BY DESC(?mentions) ?name
"""


@app.command()
def entities(
    type_: Annotated[str, typer.Option("--type", "-t", help="Only this class: Person, Organization, Country, City, Place, Weapon, Event.")] = "",
    store: StoreOpt = default_location(),
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """List entities with their class and how often they are mentioned.

    Example: [bold]kg entities --type Person[/]
    """
    from kg.analysis.query import run_query

    try:
        with open_store(store) as gs:
            result = run_query(gs, _vocab_sparql(_ENTITIES))
    except KGError as exc:
        raise fail(str(exc))
    rows = [r for r in result.rows if not type_ or str(r[1]).lower() == type_.lower()]
    print_rows(result.columns, rows, fmt)


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="An entity name as you would type it (case, accents and small misspellings are forgiven).")],
    store: StoreOpt = default_location(),
) -> None:
    """The entity card: labels, classes, every fact with the sentence behind it, quotes, merges.

    Example: [bold]kg show "Keir Starmer"[/]
    """
    from kg.analysis.card import entity_card
    from kg.analysis.lookup import resolve_name

    try:
        with open_store(store) as gs:
            card = entity_card(gs, resolve_name(gs, name))
    except KGError as exc:
        raise fail(str(exc))
    e = escape  # every string below comes from the user's documents
    out.print(f"[bold]{e(card.label)}[/]  ({', '.join(card.classes)})  {card.iri}", highlight=False)
    if card.aliases:
        out.print(f"also: {e(', '.join(card.aliases))}", highlight=False)
    if card.documents:
        out.print(f"mentioned in: {e(', '.join(card.documents))}", highlight=False)
    for f in card.facts:
        conf = f" {f.confidence:.2f}" if f.confidence is not None else ""
        when = f", {f.date}" if f.date else ""
        out.print(f"\n[cyan]{e(f.subject)}[/] [bold]{f.predicate}[/] [cyan]{e(f.obj)}[/]  "
                  f"[dim]({f.rule}{conf}, {e(f.document)}{when}{', world knowledge' * f.world_knowledge})[/]",
                  highlight=False)
        out.print(f"  [dim]{e(f.sentence or 'from kg’s gazetteer (world knowledge), not from a sentence')}[/]", highlight=False)
    for text, doc in card.quotes:
        out.print(f"\n[bold]said[/] “{e(text)}”  [dim]({e(doc)})[/]", highlight=False)
    for names, reason, doc in card.merges:
        out.print(f"\n[dim]merged[/] {e(names)} from {e(doc)}: {e(reason)}", highlight=False)


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
        err.print(f"removed {escape(doc.id)} ({escape(doc.source)}): {doc.facts} facts, {doc.quotes} quotes", highlight=False)
    err.print(f"{len(removed)} document(s) removed; {left} entities left in {store}", highlight=False)


@app.command()
def validate(store: StoreOpt = default_location()) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL) and print each violation.

    Example: [bold]kg validate --store kg-store[/]
    """
    from kg.analysis.validate import format_report
    from kg.analysis.validate import validate as run_validate

    try:
        with open_store(store) as gs:
            report = run_validate(gs.dataset)
    except KGError as exc:
        raise fail(str(exc))
    out.print(format_report(report), highlight=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (NAME.gold.yaml, the text NAME.txt beside them; the format: docs/gold-format.md).")],
    model: Annotated[str, typer.Option("--model", envvar="KG_MODEL", help="spaCy model package or path.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the measures as JSON.")] = False,
) -> None:
    """Build each gold document in a temporary store and print the GOLD-FORMAT measures.

    Example: [bold]kg eval tests/data/gold/seed/*.gold.yaml[/]
    """
    import json

    from kg.pipeline.builder import build as run_build
    from kg.evaluate.scorer import evaluate as run_eval
    from kg.evaluate.scorer import format_report

    def build_one(path: Path):
        gs = GraphStore("memory")
        run_build([path], gs, model=model or None)
        return gs.dataset

    try:
        report = run_eval(gold, build=build_one)
    except KGError as exc:
        raise fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        Console(width=max(out.width, 150)).print(format_report(report))  # wide: one row per document

