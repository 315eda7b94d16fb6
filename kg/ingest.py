"""Ingestion: files and folders in, one named graph per document in the store.

Each document is read, extracted and written in one atomic graph replacement (with the shared
descriptions of the entities it mints, :func:`kg.rdf.document_write`), so the store never holds
half a document, and a bad file costs only itself.

With ``workers`` > 1, reading, extraction and the mapping to RDF (up to the N-Triples text of
the write) run in a pool of processes; the writes stay in the calling process, the one that owns
the store, in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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
from kg.rdf import document_write
from kg.reading import SUPPORTED_SUFFIXES, ReadError, read_document, read_manifest
from kg.settings import Settings
from kg.store import GraphStore, GraphWrite

MANIFEST = "manifest.json"
#: A worker process takes seconds to start (it builds the spaCy pipelines), as long as about
#: this many documents take to extract: fewer files per worker are extracted here instead.
FILES_PER_WORKER = 10


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
    """The document's graph and the shared descriptions it needs, in one atomic update."""
    store.write(document_write(minter, extraction))


@dataclass(frozen=True)
class Prepared:
    """A document ready to be written: what the store needs, and what the report counts."""

    document: str
    entities: int
    relations: int
    write: GraphWrite


def prepare(minter: Minter, extraction: Extraction) -> Prepared:
    return Prepared(
        extraction.document.id,
        len(extraction.entities),
        len(extraction.relations),
        document_write(minter, extraction),
    )


def prepare_files(
    files: list[Path],
    settings: Settings,
    extractor: Extractor | None = None,
    workers: int | None = 1,
) -> Iterator[tuple[Path, Prepared | str]]:
    """Each file, in order, with its prepared write or the reason it could not be read; in a
    pool of ``workers`` processes when that is more than one (``extractor`` then unused).
    ``None``: as many as there are cores, when there are files enough to pay for them."""
    if workers is None:
        workers = min(os.cpu_count() or 1, len(files) // FILES_PER_WORKER)
    workers = min(workers, len(files))
    if workers <= 1:
        minter = Minter(settings.base_iri)
        for path, outcome in extract_files(files, settings, extractor):
            yield path, outcome if isinstance(outcome, str) else prepare(minter, outcome)
        return
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),  # no fork of a process with threads
        initializer=_start_worker,
        initargs=(settings, os.getpid()),
    )
    try:
        yield from zip(files, pool.map(_prepare_in_worker, files), strict=True)
    finally:  # on an error, or a caller that stops early, drop the files not begun
        pool.shutdown(wait=True, cancel_futures=True)


_worker: dict[str, Any] = {}


def _start_worker(settings: Settings, parent: int) -> None:
    _worker.update(
        settings=settings,
        minter=Minter(settings.base_iri),
        extractor=Extractor(settings.ontology_dir),
        manifests={},
    )
    # A parent killed outright (SIGKILL) cannot stop its pool: leave when it is gone.
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _prepare_in_worker(path: Path) -> Prepared | str:
    try:
        document = read(path, _worker["manifests"], _worker["settings"])
    except ReadError as error:
        return error.reason
    return prepare(_worker["minter"], _worker["extractor"].extract(document))


def ingest_paths(
    store: GraphStore,
    settings: Settings,
    paths: Iterable[Path],
    console: Console | None = None,
    extractor: Extractor | None = None,
    workers: int | None = 1,
) -> IngestReport:
    """Extract every file under ``paths`` into the store; failures are reported, not raised.
    ``workers`` > 1 extracts in that many processes (``extractor`` is then unused); ``None``
    in one per core when there are enough files (:data:`FILES_PER_WORKER` each)."""
    files = discover(paths)
    report = IngestReport()
    console = console or Console(stderr=True, quiet=True)
    with Progress(console=console, transient=True, disable=console.quiet) as progress:
        task = progress.add_task("Extracting", total=len(files))
        for path, outcome in prepare_files(files, settings, extractor, workers):
            progress.advance(task)
            if isinstance(outcome, str):
                report.failures.append((path, outcome))
                console.print(skipped_line(path, outcome), highlight=False, soft_wrap=True)
                continue
            store.write(outcome.write)
            report.documents.append(outcome.document)
            report.entities += outcome.entities
            report.relations += outcome.relations
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
    store.remove_graph(graph, shared_graph=minter.entities_graph)
    return True
