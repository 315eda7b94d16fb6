"""Ingestion benchmarks: the project's pipeline end to end, on one core and on a process pool,
against spaCy's bare ``blank("nl")`` tokenizer over the same text; peak memory; a profile.

Each measurement runs in a fresh process (``python -m benchmarks.ingestion MODE ...``) so that
its peak memory (``ru_maxrss``) is its own; it prints one JSON object on its last line.

- ``serial``: :func:`kg.ingest.ingest_paths` itself (read, clean, NLP, relations, RDF, one atomic
  graph replacement per document) into a new on-disk store.
- ``pool``: the same steps with the extraction (read to the SPARQL Update text) in N worker
  processes and the store writes in the parent, the only process that may open the store.
- ``tokenizer``: ``spacy.blank("nl").make_doc`` over the raw text of the same files.
- ``profile``: ``serial`` under cProfile: top functions by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from kg.settings import Settings

_worker: dict[str, Any] = {}


def words_in(files: list[Path]) -> int:
    return sum(len(p.read_text("utf-8").split()) for p in files)


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _fresh(store_dir: Path) -> Path:
    if store_dir.exists():
        shutil.rmtree(store_dir)
    return store_dir


def _open_store(store_dir: Path, settings: Settings) -> Any:
    from kg.build import ensure_vocabularies
    from kg.store import OxigraphStore

    store = OxigraphStore(_fresh(store_dir))
    ensure_vocabularies(store, settings)
    return store


def tokenizer(files: list[Path]) -> dict[str, Any]:
    import spacy

    texts = [p.read_text("utf-8") for p in files]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.blank("nl")
    started = time.perf_counter()
    tokens = 0
    for text in texts:
        tokens += len(nlp.make_doc(text))
    seconds = time.perf_counter() - started
    return {
        "docs": len(files),
        "words": words,
        "tokens": tokens,
        "seconds": seconds,
        "words_per_s": words / seconds,
        "docs_per_s": len(files) / seconds,
        "peak_rss_mb": _rss_mb(),
    }


def serial(files: list[Path], store_dir: Path) -> dict[str, Any]:
    """:func:`kg.ingest.ingest_paths` over ``files`` into a new on-disk store, one core."""
    from kg.extract import Extractor
    from kg.ingest import ingest_paths
    from kg.nlp import pipeline

    settings = Settings(store=store_dir)
    setup = time.perf_counter()
    store = _open_store(store_dir, settings)
    extractor = Extractor(settings.ontology_dir)
    pipeline("nl", str(settings.ontology_dir))
    setup = time.perf_counter() - setup
    before = store.count()
    words = words_in(files)
    started = time.perf_counter()
    report = ingest_paths(store, settings, files, extractor=extractor)
    store.flush()
    seconds = time.perf_counter() - started
    triples = store.count() - before
    store.close()
    return {
        "processes": 1,
        "docs": len(report.documents),
        "failures": len(report.failures),
        "words": words,
        "triples": triples,
        "seconds": seconds,
        "setup_seconds": setup,
        "words_per_s": words / seconds,
        "docs_per_s": len(report.documents) / seconds,
        "peak_rss_mb": _rss_mb(),
    }


def _init_worker() -> None:
    from kg.extract import Extractor
    from kg.iri import Minter
    from kg.nlp import pipeline

    settings = Settings()
    _worker["settings"] = settings
    _worker["extractor"] = Extractor(settings.ontology_dir)
    _worker["minter"] = Minter(settings.base_iri)
    _worker["manifests"] = {}
    pipeline("nl", str(settings.ontology_dir))


def _ready(_: int) -> int:
    time.sleep(0.3)  # each worker takes one: all have finished their initializer
    return os.getpid()


def _extract(path: str) -> tuple[str, str | None, int]:
    """Read, extract and map one file: the SPARQL Update that replaces its graph."""
    from kg.ingest import read
    from kg.rdf import document_triples
    from kg.reading import ReadError
    from kg.store import replace_graph_update

    minter = _worker["minter"]
    try:
        document = read(Path(path), _worker["manifests"], _worker["settings"])
    except ReadError as error:
        return path, None, len(str(error))
    extraction = _worker["extractor"].extract(document)
    triples = document_triples(minter, extraction)
    update = replace_graph_update(minter.document_graph(document.id), triples)
    return path, update, len(triples)


def pool(files: list[Path], store_dir: Path, processes: int) -> dict[str, Any]:
    """The pipeline over a pool of ``processes`` extraction workers; the parent writes."""
    settings = Settings(store=store_dir)
    setup = time.perf_counter()
    store = _open_store(store_dir, settings)
    context = multiprocessing.get_context("spawn")
    workers = context.Pool(processes, initializer=_init_worker)
    pids = set(workers.map(_ready, range(processes * 2), chunksize=1))
    setup = time.perf_counter() - setup
    before = store.count()
    words = words_in(files)
    docs = failures = 0
    write_seconds = 0.0
    started = time.perf_counter()
    for _path, update, _n in workers.imap_unordered(_extract, [str(f) for f in files]):
        if update is None:
            failures += 1
            continue
        write = time.perf_counter()
        store.update(update)
        write_seconds += time.perf_counter() - write
        docs += 1
        if docs % 50 == 0:
            elapsed = time.perf_counter() - started
            sys.stderr.write(f"{docs}/{len(files)} documents, {elapsed:.0f} s\n")
            sys.stderr.flush()
    store.flush()
    seconds = time.perf_counter() - started
    workers.close()
    workers.join()
    triples = store.count() - before
    store.close()
    return {
        "processes": processes,
        "worker_pids": len(pids),
        "docs": docs,
        "failures": failures,
        "words": words,
        "triples": triples,
        "seconds": seconds,
        "setup_seconds": setup,
        "parent_write_seconds": write_seconds,
        "words_per_s": words / seconds,
        "docs_per_s": docs / seconds,
        "peak_rss_mb": _rss_mb(),
        "peak_rss_worker_mb": _rss_mb(resource.RUSAGE_CHILDREN),
    }


def build_store(files: list[Path], store_dir: Path, processes: int | None = None) -> dict[str, Any]:
    """The benchmark graph: every file ingested into ``store_dir`` (replaced)."""
    return pool(files, store_dir, processes or os.cpu_count() or 1)


def replicate(files: list[Path], ingested: int, store_dir: Path) -> dict[str, Any]:
    """Give every file after the first ``ingested`` (which the pipeline ingested) a graph: the
    graph of an ingested copy of the same source document, with the document id renamed in
    every IRI and literal. File ``{copy}_{stem}`` takes the graph of ``{copy % c}_{stem}``,
    ``c`` the number of ingested copies. Much faster than extraction, and the graph keeps the
    shape (one named graph per document, the same triples per document)."""
    import pyoxigraph as ox

    from kg.iri import Minter, document_id

    minter = Minter(Settings().base_iri)
    sources = len({f.name.split("_", 1)[1] for f in files})
    copies = max(1, ingested // sources)
    store = ox.Store(str(store_dir))
    started = time.perf_counter()
    added = 0
    for path in files[ingested:]:
        copy, stem = path.stem.split("_", 1)
        model = document_id(f"{int(copy) % copies:04d}_{stem}")
        target = document_id(path.stem)
        graph = ox.NamedNode(minter.document_graph(model))
        quads = list(store.quads_for_pattern(None, None, None, graph))
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        renamed = data.replace(model.encode(), target.encode())
        store.bulk_load(renamed, format=ox.RdfFormat.N_QUADS)
        added += len(quads)
    store.flush()
    seconds = time.perf_counter() - started
    del store
    return {"docs": len(files) - ingested, "triples": added, "seconds": seconds}


def profile(files: list[Path], store_dir: Path, top: int = 15) -> dict[str, Any]:
    """``serial`` under cProfile: (function, own s, cumulative s, calls) rows."""
    from kg.extract import Extractor
    from kg.ingest import ingest_paths
    from kg.nlp import pipeline

    settings = Settings(store=store_dir)
    store = _open_store(store_dir, settings)
    extractor = Extractor(settings.ontology_dir)
    pipeline("nl", str(settings.ontology_dir))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    ingest_paths(store, settings, files, extractor=extractor)
    profiler.disable()
    seconds = time.perf_counter() - started
    store.close()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]

    def label(key: tuple[str, int, str]) -> str:
        file, line, name = key
        where = file.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        return f"{where}:{line}({name})"

    rows = []
    for key, (calls, _prim, own, cumulative, callers) in raw.items():
        # who calls it, by the time spent in it from each caller: the Cython functions of
        # spaCy are hot only because of the code calling them
        by_caller = sorted(callers.items(), key=lambda item: item[1][3], reverse=True)
        rows.append(
            {
                "function": label(key),
                "own": own,
                "cum": cumulative,
                "calls": calls,
                "callers": [[label(c), figures[3]] for c, figures in by_caller[:2]],
            }
        )
    by_own = sorted(rows, key=lambda r: r["own"], reverse=True)[:top]
    ours = [r for r in rows if r["function"].startswith(("kg/", "api/"))]
    by_cum = sorted(ours, key=lambda r: r["cum"], reverse=True)[:top]
    return {"docs": len(files), "seconds": seconds, "by_own_time": by_own, "by_cumulative": by_cum}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["serial", "pool", "tokenizer", "profile", "replicate"])
    parser.add_argument("--files", type=Path, required=True, help="a file listing the files")
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the store that was built")
    parser.add_argument("--ingested", type=int, default=0, help="replicate: files ingested")
    args = parser.parse_args()
    files = [Path(line) for line in args.files.read_text().split("\n") if line]
    if args.mode == "tokenizer":
        result = tokenizer(files)
    elif args.mode == "serial":
        result = serial(files, args.store)
    elif args.mode == "pool":
        result = pool(files, args.store, args.processes)
    elif args.mode == "replicate":
        result = replicate(files, args.ingested, args.store)
    else:
        result = profile(files, args.store)
    if args.store is not None and not args.keep:
        shutil.rmtree(args.store, ignore_errors=True)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
