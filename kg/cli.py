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
from kg.iri import Minter
from kg.query_service import QueryService
from kg.settings import Settings, get_settings
from kg.sparql import FORMAT_ALIASES, GRAPH_TYPES, SparqlError, analyse
from kg.store import GraphStore, Limits, OxigraphStore, open_store

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
        return open_store(settings.store)
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
    console.print(f"Serving on http://{settings.host}:{settings.port}/ (store {settings.store})")
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
    try:
        QueryService(graph_store, settings).check(text)
        if fmt == "table":
            print_table(graph_store, text)
        else:
            media = FORMAT_ALIASES.get(fmt)
            if media is None:
                raise fail(f"unknown format {fmt!r}")
            limits = Limits(settings.max_result_rows, settings.max_response_bytes)
            sys.stdout.buffer.write(graph_store.answer(text, media, limits=limits))
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
        assert isinstance(graph_store, OxigraphStore)
        count = graph_store.load(file.read_bytes(), rdf_format, target, file.resolve().as_uri())
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
    finally:
        graph_store.close()
