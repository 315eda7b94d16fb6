"""Ingestion: files and folders in, one named graph per document in the store.

Each document is read, extracted and written in one atomic graph replacement, so the store
never holds half a document, and a bad file costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from kg.document import Document
from kg.extract import Extractor
from kg.iri import Minter
from kg.model import Extraction
from kg.rdf import document_triples
from kg.reading import SUPPORTED_SUFFIXES, ReadError, read_document, read_manifest
from kg.settings import Settings
from kg.store import GraphStore

MANIFEST = "manifest.json"


@dataclass
class IngestReport:
    documents: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)


def discover(paths: Iterable[Path]) -> list[Path]:
    """The readable files among ``paths``, folders searched recursively, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.name != MANIFEST
                and not p.name.startswith(".")
                and p.name.lower() != "readme.md"
            )
        else:
            files.append(path)
    return files


def metadata_for(
    path: Path, manifests: dict[Path, dict[str, dict[str, Any]]]
) -> dict[str, Any] | None:
    folder = path.parent
    if folder not in manifests:
        manifest = folder / MANIFEST
        manifests[folder] = read_manifest(manifest) if manifest.is_file() else {}
    return manifests[folder].get(path.name)


def read(
    path: Path, manifests: dict[Path, dict[str, dict[str, Any]]], settings: Settings
) -> Document:
    if not path.is_file():
        raise ReadError(path, "no such file")
    return read_document(path, metadata_for(path, manifests), max_bytes=settings.max_upload_bytes)


def extract_files(
    paths: Iterable[Path], settings: Settings, extractor: Extractor | None = None
) -> Iterable[tuple[Path, Extraction | str]]:
    """Each file with its extraction, or with the reason it could not be read (the reason
    alone: the caller names the file)."""
    extractor = extractor or Extractor(settings.ontology_dir)
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in paths:
        try:
            yield path, extractor.extract(read(path, manifests, settings))
        except ReadError as error:
            yield path, error.reason


def write_extraction(store: GraphStore, minter: Minter, extraction: Extraction) -> None:
    store.replace_graph(
        minter.document_graph(extraction.document.id), document_triples(minter, extraction)
    )


def ingest_paths(
    store: GraphStore,
    settings: Settings,
    paths: Iterable[Path],
    console: Console | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Extract every file under ``paths`` into the store; failures are reported, not raised."""
    minter = Minter(settings.base_iri)
    files = discover(paths)
    report = IngestReport()
    console = console or Console(stderr=True, quiet=True)
    with Progress(console=console, transient=True, disable=console.quiet) as progress:
        task = progress.add_task("Extracting", total=len(files))
        for path, outcome in extract_files(files, settings, extractor):
            progress.advance(task)
            if isinstance(outcome, str):
                report.failures.append((path, outcome))
                console.print(skipped_line(path, outcome), highlight=False, soft_wrap=True)
                continue
            write_extraction(store, minter, outcome)
            report.documents.append(outcome.document.id)
            report.entities += len(outcome.entities)
            report.relations += len(outcome.relations)
    console.print(
        f"{len(report.documents)} documents, {report.entities} entities, "
        f"{report.relations} relations; {len(report.failures)} failed"
    )
    return report


def skipped_line(path: Path, reason: str) -> str:
    """One line per bad file, whatever the terminal's width (soft_wrap at the call), and with
    the name and reason escaped: both come from outside, and a ``[bold]`` in a file name or a
    ``[/Type]`` quoted from a broken PDF is Rich markup that would hide or garble them."""
    return f"[red]skipped[/red] {escape(str(path))}: {escape(' '.join(reason.split()))}"


def remove_document(store: GraphStore, minter: Minter, doc_id: str) -> bool:
    """Drop a document's graph; False when the store has no such document."""
    graph = minter.document_graph(doc_id)
    if graph not in store.graphs():
        return False
    store.remove_graph(graph)
    return True
