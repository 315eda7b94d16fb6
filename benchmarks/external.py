"""The external SPARQL 1.1 servers of docs/deployment.md, for the "external store" column of the
benchmarks: the Oxigraph server and, when it is installed, Virtuoso Open Source, each started on
loopback in a folder of its own (as ``tests/test_external_stores.py`` starts them; the code is
copied here, the benchmarks import nothing from ``tests/``).

- :func:`start_oxigraph`, :func:`oxigraph_load`: ``oxigraph serve --location DIR --bind
  127.0.0.1:PORT --union-default-graph --timeout-s N``; the N-Quads dump is bulk-loaded with
  ``oxigraph load`` into a new folder while no server holds it (RocksDB locks the folder).
- :func:`start_virtuoso`, :func:`virtuoso_load`: ``virtuoso-t`` with a ``virtuoso.ini`` of its own,
  anonymous SPARQL Update granted as in the tests; the dump is bulk-loaded with Virtuoso's own
  loader (``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint``) from ``isql-vt``.
- ``python -m benchmarks.external ingest --files LIST``: :func:`kg.ingest.ingest_paths` over the
  files into the server named by ``CRMKG_SPARQL_QUERY_URL``/``CRMKG_SPARQL_UPDATE_URL`` (and
  ``CRMKG_SPARQL_GSP_URL`` when set), the store opened by :func:`kg.store.open_store` exactly as
  ``crmkg ingest`` opens it; prints one JSON line like ``benchmarks.ingestion serial``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.servers import free_port

VENV_BIN = Path(sys.executable).parent
CRMKG_GRAPHS = "https://w3id.org/crmkg/"


@dataclass
class Server:
    name: str
    query_url: str
    update_url: str
    gsp_url: str
    process: subprocess.Popen[bytes]
    log: Path
    folder: Path
    sql_port: int = 0  # Virtuoso's isql port

    def env(self, gsp: bool = False) -> dict[str, str]:
        """The settings that point ``crmkg`` at this server: queries, and writes by SPARQL
        Update or (``gsp``) by the Graph Store Protocol alone (with both URLs set, the store
        writes documents by Update)."""
        writes = "CRMKG_SPARQL_GSP_URL" if gsp else "CRMKG_SPARQL_UPDATE_URL"
        return {
            "CRMKG_SPARQL_QUERY_URL": self.query_url,
            writes: self.gsp_url if gsp else self.update_url,
        }


def executable(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=str(VENV_BIN))


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    missing = [n for n in ("virtuoso-t", "isql-vt") if executable(n) is None]
    if missing:
        return (
            f"{', '.join(missing)} not installed (scripts/_virtuoso.sh: Debian "
            "virtuoso-opensource-7-bin)"
        )
    return None


def wait_until_up(server: Server, seconds: float) -> float:
    """Seconds until the query endpoint answers; the server's own log if it dies or stays
    silent."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if server.process.poll() is not None:
            break
        try:
            answer = httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            if answer.status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(server)
    tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
    raise RuntimeError(f"The {server.name} server did not come up within {seconds:g} s:\n{tail}")


def stop(server: Server) -> None:
    """End a server this benchmark started (its own process only), gracefully first."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


def keep_logs(folder: Path, logs: Path, prefix: str) -> None:
    """Copy the server's own logs beside the run's before its folder is removed."""
    for log in folder.glob("*.log"):
        shutil.copyfile(log, logs / f"{prefix}-{log.name}")


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- Oxigraph server ------------------------------------------------------------------------------


def oxigraph_binary() -> str:
    found = executable("oxigraph")
    if found is None:
        raise RuntimeError("`oxigraph` is not installed: `pip install oxigraph` gives the server")
    return found


def start_oxigraph(folder: Path, timeout_s: float) -> tuple[Server, float]:
    """``oxigraph serve`` on ``folder/data`` (created when missing); the seconds until it
    answers."""
    port = free_port()
    log = folder / "oxigraph.log"
    command = [
        oxigraph_binary(), "serve", "--location", str(folder / "data"),
        "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", f"{timeout_s:g}",
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(
        "Oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process, log, folder
    )
    return server, wait_until_up(server, 60)


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

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
; 8 KB pages: about 1.3 GB of buffers (Virtuoso's advice for a machine with 2 GB to spare; the
; tests use 20000, too few to hold a graph of a few million quads)
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = ., {dir}, {dump_dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
; Virtuoso cuts answers at this many rows without an error: keep it above every read.
ResultSetMaxRows = 10000000
; answers an error after this many seconds (the benchmark's cap), though Virtuoso 7.2 may go on
; evaluating the query afterwards
MaxQueryExecutionTime = {cap}
"""
#: The anonymous SPARQL user may update, and read and write every graph (loopback only).
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


def isql(server: Server, statements: str, timeout: float = 600) -> str:
    """Statements run by ``isql-vt`` as dba; its output, or an error with it."""
    tool = executable("isql-vt")
    assert tool is not None
    done = subprocess.run(
        [tool, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql-vt failed on {statements[:200]!r}:\n{output[-2000:]}")
    return output


def start_virtuoso(folder: Path, dump_dir: Path, cap: float) -> tuple[Server, float]:
    """``virtuoso-t`` in ``folder`` (a new database); the seconds until SPARQL answers."""
    binary = executable("virtuoso-t")
    assert binary is not None, virtuoso_missing()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=folder,
            dump_dir=dump_dir,
            sql_port=sql_port,
            http_port=http_port,
            cap=max(1, round(cap)),
        )
    )
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [binary, "-f", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=out
        )
    sparql = f"http://127.0.0.1:{http_port}/sparql"
    server = Server(
        "Virtuoso", sparql, sparql, f"http://127.0.0.1:{http_port}/sparql-graph-crud", process,
        folder / "virtuoso.log", folder, sql_port,
    )  # fmt: skip
    ready = wait_until_up(server, 120)
    try:
        isql(server, VIRTUOSO_GRANTS, timeout=60)
    except Exception:
        stop(server)
        raise
    return server, ready


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
    ours = {g: n for g, n in sizes.items() if g.startswith(CRMKG_GRAPHS)}
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
    from benchmarks.ingestion import words_in
    from kg.build import ensure_vocabularies
    from kg.extract import Extractor
    from kg.ingest import ingest_paths
    from kg.nlp import pipeline
    from kg.settings import Settings
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as unused:
        settings = Settings(store=Path(unused) / "must-not-exist")
        assert settings.uses_external_store, "CRMKG_SPARQL_QUERY_URL is not set"
        setup = time.perf_counter()
        store = open_store(settings)
        ensure_vocabularies(store, settings)
        extractor = Extractor(settings.ontology_dir)
        pipeline("nl", str(settings.ontology_dir))
        setup = time.perf_counter() - setup
        before = store.count()
        words = words_in(files)
        started = time.perf_counter()
        report = ingest_paths(store, settings, files, extractor=extractor)
        seconds = time.perf_counter() - started
        triples = store.count() - before
        store.close()
        embedded = (Path(unused) / "must-not-exist").exists()
    return {
        "processes": 1,
        "store": settings.sparql_query_url,
        "gsp": settings.sparql_gsp_url is not None,
        "docs": len(report.documents),
        "failures": len(report.failures),
        "words": words,
        "triples": triples,
        "seconds": seconds,
        "setup_seconds": setup,
        "words_per_s": words / seconds,
        "docs_per_s": len(report.documents) / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
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
