"""The external SPARQL 1.1 servers of docs/deployment.md, for the "external store" column of the
benchmarks: the Oxigraph server and, when it is installed, Virtuoso Open Source, each started on
loopback in a folder of its own by :mod:`benchmarks.external_servers` (which the tests use too),
and loaded here.

- :func:`oxigraph_load`: the N-Quads dump bulk-loaded with ``oxigraph load`` into a new folder
  while no server holds it (RocksDB locks the folder).
- :func:`virtuoso_load`: the dump through Virtuoso's own loader (``ld_dir`` +
  ``rdf_loader_run()`` + ``checkpoint``) from ``isql-vt``.
- ``python -m benchmarks.external ingest --files LIST``: :func:`kg.ingest.ingest_paths` over the
  files into the server named by ``CRMKG_SPARQL_QUERY_URL``/``CRMKG_SPARQL_UPDATE_URL`` (and
  ``CRMKG_SPARQL_GSP_URL`` when set), the store opened by :func:`kg.store.open_store` exactly as
  ``crmkg ingest`` opens it; prints one JSON line like ``benchmarks.ingestion serial``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.external_servers import Server, isql, oxigraph_binary

CRMKG_GRAPHS = "https://w3id.org/crmkg/"
#: The version marker's graph (kg.remote_store): bookkeeping, not data.
META_GRAPH = f"{CRMKG_GRAPHS}graph/meta"


def keep_logs(folder: Path, logs: Path, prefix: str) -> None:
    """Copy the server's own logs beside the run's before its folder is removed."""
    for log in folder.glob("*.log"):
        shutil.copyfile(log, logs / f"{prefix}-{log.name}")


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- Oxigraph server ------------------------------------------------------------------------------


def oxigraph_load(folder: Path, dump: Path) -> dict[str, Any]:
    """``oxigraph load`` of the N-Quads dump into a new ``folder/data`` (no server running)."""
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)
    started = time.perf_counter()
    with (folder / "oxigraph-load.log").open("wb") as log:
        subprocess.run(
            [oxigraph_binary(), "load", "--location", str(data), "--file", str(dump)],
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    return {
        "method": "oxigraph load --file dump.nq (offline bulk loader)",
        "seconds": time.perf_counter() - started,
        "bytes_on_disk": du(data),
    }


# --- Virtuoso -------------------------------------------------------------------------------------


def virtuoso_load(server: Server, dump: Path) -> dict[str, Any]:
    """The N-Quads dump through Virtuoso's bulk loader, then a checkpoint."""
    started = time.perf_counter()
    isql(server, "DELETE FROM DB.DBA.LOAD_LIST;", timeout=60)
    isql(server, f"ld_dir('{dump.parent}', '{dump.name}', '{CRMKG_GRAPHS}graph/unnamed');")
    isql(server, "rdf_loader_run();", timeout=3600)
    isql(server, "checkpoint;", timeout=600)
    seconds = time.perf_counter() - started
    errors = isql(
        server,
        "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;",
        timeout=60,
    )
    return {
        "method": "isql: ld_dir + rdf_loader_run() + checkpoint (bulk loader, one loader)",
        "seconds": seconds,
        "errors": "" if "0 Rows" in errors else errors[-1000:],
        "bytes_on_disk": du(server.folder),
    }


# --- both -----------------------------------------------------------------------------------------


def count(server: Server) -> dict[str, int]:
    """Quads in the crmkg graphs and in all graphs (Virtuoso keeps system graphs of its own)."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    answer = httpx.post(
        server.query_url,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=600,
    )
    answer.raise_for_status()
    sizes = {b["g"]["value"]: int(b["n"]["value"]) for b in answer.json()["results"]["bindings"]}
    ours = {g: n for g, n in sizes.items() if g.startswith(CRMKG_GRAPHS) and g != META_GRAPH}
    return {
        "quads": sum(ours.values()),
        "graphs": len(ours),
        "quads_all_graphs": sum(sizes.values()),
    }


def drop_crmkg_graphs(server: Server) -> int:
    """Empty the server of what ``crmkg`` wrote (the ingestion sample), graph by graph."""
    from kg.remote_store import SparqlServerStore

    store = SparqlServerStore(server.query_url, server.update_url, timeout=600)
    try:
        graphs = [g for g in store.graphs() if g.startswith(CRMKG_GRAPHS)]
        for graph in graphs:
            store.remove_graph(graph)
    finally:
        store.close()
    return len(graphs)


def busy_until_idle(pid: int, limit: float, threshold: float = 30.0) -> float:
    """Wait until the server's process uses under ``threshold`` % of a core (a server that
    cannot cancel goes on with a query its client gave up on); the seconds waited."""
    import psutil

    process = psutil.Process(pid)
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.cpu_percent(interval=1.0) < threshold:
            break
    return time.monotonic() - started


# --- ingestion through kg's own path --------------------------------------------------------------


def ingest(files: list[Path]) -> dict[str, Any]:
    """:func:`kg.ingest.ingest_paths` into the server the environment names, one core: the
    store opened as ``crmkg ingest`` opens it, vocabularies loaded first (set-up, not timed)."""
    from benchmarks.ingestion import timed_ingest
    from kg.build import ensure_vocabularies
    from kg.settings import Settings
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as unused:
        settings = Settings(store=Path(unused) / "must-not-exist")
        assert settings.uses_external_store, "CRMKG_SPARQL_QUERY_URL is not set"
        began = time.perf_counter()
        store = open_store(settings)
        ensure_vocabularies(store, settings)
        result = timed_ingest(store, settings, files, began)
        embedded = (Path(unused) / "must-not-exist").exists()
    return result | {
        "store": settings.sparql_query_url,
        "gsp": settings.sparql_gsp_url is not None,
        "embedded_store_opened": embedded,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["ingest"])
    parser.add_argument("--files", type=Path, required=True, help="a file listing the files")
    args = parser.parse_args()
    files = [Path(line) for line in args.files.read_text().split("\n") if line]
    sys.stdout.write(json.dumps(ingest(files)) + "\n")


if __name__ == "__main__":
    main()
