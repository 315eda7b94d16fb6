"""Ingestion benchmarks: the project's pipeline end to end, on one core and on a process pool,
against spaCy's bare ``blank("nl")`` tokenizer over the same text; peak memory; a profile.

Each measurement runs in a fresh process (``python -m benchmarks.ingestion MODE ...``) so that
its peak memory (``ru_maxrss``) is its own; it prints one JSON object on its last line.

- ``serial``: :func:`kg.ingest.ingest_paths` itself (read, clean, NLP, relations, RDF, one atomic
  write per document of its graph and the shared descriptions) into a new on-disk store.
- ``pool``: the same steps on a pool of N processes, as ``crmkg ingest --workers N`` runs them:
  :func:`kg.ingest.ingest_paths` with ``workers=N`` (reading, extraction and the mapping to RDF
  in the workers, the writes in the parent, in input order). Its time includes starting the
  workers (spawn, imports, the spaCy pipelines: seconds), as a user pays it; ``first_write_s``
  says how long the first document took to reach the store.
- ``tokenizer``: ``spacy.blank("nl").make_doc`` over the raw text of the same files.
- ``profile``: ``serial`` under cProfile: top functions by own time and by cumulative time.
- ``stages``: the steps of ``serial`` one at a time over all the files (each step on the outputs
  of the one before, kept in memory), without a profiler's overhead: reading and cleaning, the
  spaCy pipeline, the whole extraction (pipeline, linking and relation rules), the mapping to
  RDF, the write into a new on-disk store and into an in-memory one, and the bare tokenizer over
  the same cleaned texts, so that each step reads as a multiple of tokenising.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from kg.settings import Settings


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


def figures(
    report: Any, words: int, triples: int, seconds: float, setup: float, processes: int = 1
) -> dict[str, Any]:
    """The row of an ingestion run (an :class:`kg.ingest.IngestReport`), in any store."""
    return {
        "processes": processes,
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


def timed_ingest(
    store: Any,
    settings: Settings,
    files: list[Path],
    setup_began: float,
    workers: int = 1,
    clock: list[float] | None = None,
) -> dict[str, Any]:
    """:func:`kg.ingest.ingest_paths` over ``files`` into ``store`` (opened, its vocabularies
    loaded, since ``setup_began``), timed, and the store closed. In one process the extractor
    and the spaCy pipelines are built first, as set-up; a pool's workers build theirs inside
    the timed run, as ``crmkg ingest --workers`` does. ``clock`` receives the start time."""
    from kg.extract import Extractor
    from kg.ingest import ingest_paths
    from kg.nlp import pipeline

    extractor = None
    if workers == 1:
        extractor = Extractor(settings.ontology_dir)
        pipeline("nl", str(settings.ontology_dir))
    setup = time.perf_counter() - setup_began
    before = store.count()
    words = words_in(files)
    started = time.perf_counter()
    if clock is not None:
        clock.append(started)
    report = ingest_paths(store, settings, files, extractor=extractor, workers=workers)
    if hasattr(store, "flush"):  # the embedded store on disk
        store.flush()
    seconds = time.perf_counter() - started
    triples = store.count() - before
    store.close()
    return figures(report, words, triples, seconds, setup, min(workers, len(files)))


def serial(files: list[Path], store_dir: Path) -> dict[str, Any]:
    """:func:`kg.ingest.ingest_paths` over ``files`` into a new on-disk store, one core."""
    settings = Settings(store=store_dir)
    began = time.perf_counter()
    return timed_ingest(_open_store(store_dir, settings), settings, files, began)


def pool(files: list[Path], store_dir: Path, processes: int) -> dict[str, Any]:
    """``crmkg ingest --workers processes`` over ``files`` into a new on-disk store (see
    :func:`timed_ingest`: the start-up of the worker pool is timed). The parent's writes are
    timed on the way (``store.write`` wrapped, nothing else changed), and when the first one
    ended: the workers' start-up and their first document."""
    settings = Settings(store=store_dir)
    began = time.perf_counter()
    store = _open_store(store_dir, settings)
    write = store.write
    writes: list[float] = []
    clock: list[float] = []

    def timed_write(graph_write: Any) -> None:
        begun = time.perf_counter()
        write(graph_write)
        ended = time.perf_counter()
        writes.append(ended - begun)
        if len(writes) == 1:
            clock.append(ended)
        elif len(writes) % 50 == 0:
            sys.stderr.write(f"{len(writes)}/{len(files)} documents, {ended - clock[0]:.0f} s\n")
            sys.stderr.flush()

    store.write = timed_write  # type: ignore[method-assign]
    result = timed_ingest(store, settings, files, began, processes, clock)
    return result | {
        "first_write_seconds": clock[1] - clock[0] if len(clock) > 1 else None,
        "parent_write_seconds": sum(writes),
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


def stages(files: list[Path], store_dir: Path) -> dict[str, Any]:
    """Each step of the one-core pipeline timed on its own (see the module docstring)."""
    import spacy

    from kg.extract import Extractor
    from kg.ingest import read
    from kg.iri import Minter
    from kg.nlp import pipeline
    from kg.rdf import document_write
    from kg.store import OxigraphStore

    settings = Settings(store=store_dir)
    extractor = Extractor(settings.ontology_dir)
    pipeline("nl", str(settings.ontology_dir))
    pipeline("en", str(settings.ontology_dir))
    minter = Minter(settings.base_iri)
    seconds: dict[str, float] = {}

    def timed(name: str, step: Any, items: list[Any]) -> list[Any]:
        started = time.perf_counter()
        out = [step(item) for item in items]
        seconds[name] = time.perf_counter() - started
        return out

    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    documents = timed("read and clean", lambda p: read(p, manifests, settings), files)
    blank = {"nl": spacy.blank("nl"), "en": spacy.blank("en")}
    timed(
        "bare tokenizer", lambda d: blank.get(d.language, blank["nl"]).make_doc(d.text), documents
    )
    timed("spaCy pipeline (tokenizer and our components)", extractor.annotate, documents)
    extractions = timed(
        "extraction (pipeline, linking, relation rules)", extractor.extract, documents
    )
    writes = timed("mapping to RDF", lambda e: document_write(minter, e), extractions)
    for name, path in (
        ("store write, on disk", _fresh(store_dir)),
        ("store write, in memory", None),
    ):
        store = OxigraphStore(path)
        timed(name, store.write, writes)
        store.close()
    words = sum(len(d.text.split()) for d in documents)
    quads = sum(w.nquads().count("\n") for w in writes)
    return {"docs": len(files), "words": words, "quads": quads, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "mode", choices=["serial", "pool", "tokenizer", "profile", "replicate", "stages"]
    )
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
    elif args.mode == "stages":
        result = stages(files, args.store)
    else:
        result = profile(files, args.store)
    if args.store is not None and not args.keep:
        shutil.rmtree(args.store, ignore_errors=True)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
