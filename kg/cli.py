"""The ``crmkg`` command line: serve, query, load, stats (and the extractor's commands)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from kg.build import document_graphs, ensure_vocabularies
from kg.deep_stack import call_with_deep_stack
from kg.iri import Minter
from kg.query_service import QueryService
from kg.settings import Settings, get_settings
from kg.sparql import FORMAT_ALIASES, GRAPH_TYPES, SparqlError, analyse
from kg.store import GraphStore, Limits, open_store, parse_triples

app = typer.Typer(help="Knowledge graph of critical raw materials.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Store folder (default: CRMKG_STORE).")
]


def settings_with(**overrides: Any) -> Settings:
    """The settings from the environment, with the CLI flags that were given on top."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return get_settings().model_copy(update=given)


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def opened(settings: Settings) -> GraphStore:
    try:
        return open_store(settings)
    except OSError as error:
        raise fail(str(error)) from error


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    store: StoreOption = None,
) -> None:
    """Build the graph from data/ when the store is empty, then serve it over HTTP."""
    import uvicorn

    from api.app import create_app

    settings = settings_with(host=host, port=port, store=store)
    graph_store = opened(settings)
    prepare(graph_store, settings)
    where = settings.sparql_query_url if settings.uses_external_store else settings.store
    console.print(f"Serving on http://{settings.host}:{settings.port}/ (store {where})")
    uvicorn.run(create_app(settings, graph_store), host=settings.host, port=settings.port)


def prepare(store: GraphStore, settings: Settings) -> None:
    """Vocabularies up to date, and documents extracted when the store has none."""
    if ensure_vocabularies(store, settings):
        console.print("Loaded the ontology and vocabularies.")
    if not document_graphs(store, Minter(settings.base_iri)):
        from kg.ingest import ingest_paths

        console.print(f"The store holds no documents: building the graph from {settings.data_dir}")
        ingest_paths(store, settings, [settings.data_dir], console=console)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read one.")],
    fmt: Annotated[
        str, typer.Option("--format", help="table, or " + ", ".join(FORMAT_ALIASES))
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query against the store."""
    settings = settings_with(store=store)
    text = Path(sparql[1:]).read_text("utf-8") if sparql.startswith("@") else sparql
    graph_store = opened(settings)

    def run() -> None:
        QueryService(graph_store, settings).check(text)
        if fmt == "table":
            print_table(graph_store, text)
        else:
            media = FORMAT_ALIASES.get(fmt)
            if media is None:
                raise fail(f"unknown format {fmt!r}")
            limits = Limits(settings.max_result_rows, settings.max_response_bytes)
            sys.stdout.buffer.write(graph_store.answer(text, media, limits=limits))

    try:
        call_with_deep_stack(run)  # a deep query would overflow the main thread's stack
    except SparqlError as error:
        raise fail(error.message) from error
    finally:
        graph_store.close()


def print_table(store: GraphStore, text: str) -> None:
    info = analyse(text)
    if info.form.returns_graph:
        sys.stdout.buffer.write(store.answer(text, "text/turtle"))
        return
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        console.print("true" if bool(result) else "false")
        return
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    table = Table(*names)
    count = 0
    for row in result:
        table.add_row(*(_cell(row[n]) for n in names))
        count += 1
    console.print(table)
    console.print(f"{count} row(s)")


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="An RDF file (Turtle, N-Triples, RDF/XML, ...).")],
    graph: Annotated[str | None, typer.Option(help="Target named graph IRI.")] = None,
    store: StoreOption = None,
) -> None:
    """Load an RDF file into a named graph, replacing that graph's content."""
    settings = settings_with(store=store)
    try:
        rdf_format = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) if file.suffix else None
    except ValueError:
        rdf_format = None
    if rdf_format is None or rdf_format not in GRAPH_TYPES.values():
        raise fail(f"{file}: unknown RDF format {file.suffix!r}")
    if not file.is_file():
        raise fail(f"{file}: no such file")
    target = graph or f"{Minter(settings.base_iri).base}graph/loaded/{file.name}"
    graph_store = opened(settings)
    try:
        triples = parse_triples(file.read_bytes(), rdf_format, file.resolve().as_uri())
        graph_store.replace_graph(target, triples)
        count = len(triples)
    except SparqlError as error:
        raise fail(f"{file}: {error.message}") from error
    finally:
        graph_store.close()
    console.print(f"Loaded {count} triples into <{target}>")


@app.command()
def stats(store: StoreOption = None) -> None:
    """Triples per named graph, and counts of entities and facts."""
    settings = settings_with(store=store)
    graph_store = opened(settings)
    try:
        table = Table("graph", "triples")
        sizes = graph_store.graph_sizes()
        for graph, size in sizes.items():
            table.add_row(graph, str(size))
        console.print(table)
        console.print(f"{sum(sizes.values())} triples in {len(sizes)} graphs")
        counts = Table("entity type", "entities", "relation", "facts (asserted)")
        kinds = graph_store.select(
            "PREFIX crm: <https://w3id.org/crmkg/ontology#> SELECT ?t (COUNT(DISTINCT ?e) AS ?n) "
            "WHERE { ?e a ?t . ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf> crm:Entity } "
            "GROUP BY ?t ORDER BY ?t"
        )
        facts = graph_store.select(
            "PREFIX crm: <https://w3id.org/crmkg/ontology#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            'SELECT ?p (COUNT(?a) AS ?n) WHERE { ?a a crm:Assertion ; crm:mood "asserted" ; '
            "rdf:predicate ?p } GROUP BY ?p ORDER BY ?p"
        )
        for index in range(max(len(kinds), len(facts))):
            kind = kinds[index] if index < len(kinds) else {}
            fact = facts[index] if index < len(facts) else {}
            counts.add_row(
                _cell(kind.get("t")).rsplit("#", 1)[-1],
                _cell(kind.get("n")),
                _cell(fact.get("p")).rsplit("#", 1)[-1],
                _cell(fact.get("n")),
            )
        console.print(counts)
    finally:
        graph_store.close()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to ingest.")],
    store: StoreOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Extraction processes (default: one per core when there are at least 10 "
            "files per process; 1: all in this process).",
        ),
    ] = None,
) -> None:
    """Extract documents into the store, one named graph each (re-ingesting replaces it)."""
    from kg.ingest import ingest_paths

    settings = settings_with(store=store)
    graph_store = opened(settings)
    try:
        ensure_vocabularies(graph_store, settings)
        report = ingest_paths(graph_store, settings, paths, console=console, workers=workers)
    finally:
        graph_store.close()
    if report.failures:
        raise typer.Exit(1)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents to read.")],
    fmt: Annotated[str, typer.Option("--format", help="json")] = "json",
) -> None:
    """Print what extraction finds in each file (the contract of design.md); writes nothing."""
    import json

    from kg.ingest import discover, extract_files, skipped_line

    if fmt != "json":
        raise fail(f"unknown format {fmt!r}; use json")
    settings = get_settings()
    minter = Minter(settings.base_iri)
    documents = []
    failed = 0
    for path, outcome in extract_files(discover(files), settings):
        if isinstance(outcome, str):
            errors.print(skipped_line(path, outcome), highlight=False, soft_wrap=True)
            failed += 1
            continue
        documents.append(outcome.to_contract(minter.entity))
    sys.stdout.write(json.dumps({"documents": documents}, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="The id of an ingested document.")],
    store: StoreOption = None,
) -> None:
    """Remove a document and every fact extracted from it."""
    from kg.ingest import remove_document

    settings = settings_with(store=store)
    graph_store = opened(settings)
    try:
        removed = remove_document(graph_store, Minter(settings.base_iri), doc_id)
    finally:
        graph_store.close()
    if not removed:
        raise fail(f"no document {doc_id!r} in the store")
    console.print(f"Removed {doc_id}")


@app.command()
def evaluate(
    docs: Annotated[
        Path | None, typer.Option(help="Documents to evaluate (default: data/corpus).")
    ] = None,
    gold: Annotated[
        Path | None, typer.Option(help="Gold annotations (default: tests/gold).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every miss.")] = False,
) -> None:
    """Precision, recall and F1 of extraction against hand-annotated gold data."""
    import json

    from kg.evaluate import evaluate as run_evaluation
    from kg.evaluate import load_gold
    from kg.ingest import discover, extract_files
    from kg.settings import PROJECT_ROOT

    settings = get_settings()
    folder = docs or settings.data_dir / "corpus"
    annotations = load_gold(gold or PROJECT_ROOT / "tests" / "gold")
    extractions = [
        o for _, o in extract_files(discover([folder]), settings) if not isinstance(o, str)
    ]
    result = run_evaluation(extractions, annotations)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2) + "\n")
        return
    for title, scores, total in (
        ("entities", result.entities, result.entity_total),
        ("relations", result.relations, result.relation_total),
    ):
        table = Table(
            title, "precision", "recall", "F1", "tp", "fp", "fn", title=f"{title} ({folder})"
        )
        for name, score in [("all", total), *sorted(scores.items())]:
            d = score.as_dict()
            table.add_row(
                name,
                f"{d['precision']:.3f}",
                f"{d['recall']:.3f}",
                f"{d['f1']:.3f}",
                str(d["tp"]),
                str(d["fp"]),
                str(d["fn"]),
            )
        console.print(table)
    console.print(
        f"relations with evidence: {result.evidence_rate:.1%}; "
        f"evidence overlapping the gold quote: {result.evidence_agreement:.1%}"
    )
    if show_errors:
        for kind, items in result.errors.items():
            console.print(f"\n[bold]{kind}[/bold] ({len(items)})")
            for item in items:
                console.print(f"  {item}", highlight=False)


if __name__ == "__main__":
    app()
