"""SPARQL latency per query of the mix, in-process: the floor and the project's own paths.

``python -m benchmarks.sparql ENGINE --store DIR --dump FILE --queries FILE --names a,b``
answers each named query repeatedly and prints one JSON line per query (after a first line with
the engine's set-up figures). Engines:

- ``floor``: pyoxigraph called directly on an in-memory store holding the same quads (loaded from
  an N-Quads dump of the on-disk store), results serialized to SPARQL JSON by pyoxigraph;
- ``disk``: pyoxigraph called directly on the on-disk (RocksDB) store, the same way;
- ``ours``: the project's :class:`kg.query_service.QueryService` in-process (policy checks,
  then a worker process with an in-memory replica answers, JSON serialized by :mod:`kg.sparql`).

pyoxigraph cannot cancel a query, so :func:`run_engine` watches the process and kills it when a
query passes the cap, records the cut-off, and starts a new process for the queries left.
``python -m benchmarks.sparql dump --store DIR --dump FILE`` writes the dump.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from benchmarks.timing import sample, summary

JSON = "application/sparql-results+json"


def rows_in(body: bytes) -> int:
    data = json.loads(body)
    if "boolean" in data:
        return 1
    return len(data["results"]["bindings"])


def direct(store: ox.Store, query: str) -> bytes:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert body is not None
    return body


def emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


WARM = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"  # touches every quad once


def serve_direct(store: ox.Store, mix: dict[str, str], budget: float, max_runs: int) -> None:
    list(store.query(WARM))
    for name, query in mix.items():
        samples, body = sample(lambda q=query: direct(store, q), budget, max_runs)  # type: ignore[misc]
        emit({"name": name} | summary(samples) | {"rows": rows_in(body)})  # type: ignore[arg-type]


async def serve_ours(store_dir: Path, mix: dict[str, str], budget: float, max_runs: int) -> None:
    from kg.query_service import QueryService
    from kg.settings import Settings
    from kg.sparql import SparqlError
    from kg.store import OxigraphStore

    settings = Settings(store=store_dir, query_timeout=3600)
    store = OxigraphStore(store_dir)
    service = QueryService(store, settings)
    started = time.perf_counter()
    await service.start()
    start_seconds = time.perf_counter() - started
    first = time.perf_counter()
    await service.answer(WARM, JSON)
    await service.answer(WARM, JSON)  # both workers have loaded the snapshot and touched it
    emit({"setup": {"workers_start": start_seconds, "first_query": time.perf_counter() - first}})
    for name, query in mix.items():
        samples: list[float] = []
        spent = time.perf_counter()
        body = b""
        while True:
            t = time.perf_counter()
            try:
                body, _media = await service.answer(query, JSON)
            except SparqlError as error:  # a limit of the service, e.g. too many rows
                samples = []
                emit({"name": name, "runs": 0, "error": error.message, "status": error.status})
                break
            samples.append(time.perf_counter() - t)
            elapsed = time.perf_counter() - spent
            if len(samples) >= max_runs or (elapsed >= budget and len(samples) >= 3):
                break
            if samples[-1] > 5.0 or (len(samples) >= 2 and elapsed + samples[-1] > budget * 3):
                break  # as benchmarks.timing.sample
        if not samples:
            continue
        if len(samples) > 2:
            samples = samples[1:]
        emit({"name": name} | summary(samples) | {"rows": rows_in(body)})
    await service.stop()
    store.close()


def _lines(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def run_engine(
    engine: str,
    args: list[str],
    names: list[str],
    cap: float,
    budget: float,
    log: Path,
    setup_limit: float = 900,
) -> dict[str, Any]:
    """Run ``engine`` over ``names`` in child processes, restarting after a cut-off query."""
    out: dict[str, Any] = {"_setups": []}
    remaining = list(names)
    with log.open("a") as errors:
        while remaining:
            command = [sys.executable, "-m", "benchmarks.sparql", engine, *args]
            command += ["--names", ",".join(remaining)]
            child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
            lines: queue.Queue[str | None] = queue.Queue()
            assert child.stdout is not None
            threading.Thread(target=_lines, args=(child.stdout, lines), daemon=True).start()
            try:
                first = lines.get(timeout=setup_limit)
                if first is None:
                    raise RuntimeError(f"sparql {engine} exited; see {log}")
                out["_setups"].append(json.loads(first)["setup"])
                while remaining:
                    try:
                        line = lines.get(timeout=cap + 3 * budget + 5)
                    except queue.Empty:
                        out[remaining.pop(0)] = {"timeout": cap, "runs": 0}
                        break  # kill this process and go on in a new one
                    if line is None:
                        raise RuntimeError(f"sparql {engine} exited; see {log}")
                    record = json.loads(line)
                    name = record.pop("name")
                    out[name] = record
                    remaining.remove(name)
            finally:
                if child.poll() is None:
                    child.kill()
                child.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["floor", "disk", "ours", "dump"])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dump", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=None, help="JSON: name -> query")
    parser.add_argument("--names", default="", help="comma-separated query names, in order")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per query")
    parser.add_argument("--max-runs", type=int, default=30)
    args = parser.parse_args()
    if args.engine == "dump":
        store = ox.Store.read_only(str(args.store))
        t = time.perf_counter()
        with args.dump.open("wb") as handle:
            store.dump(handle, format=ox.RdfFormat.N_QUADS)
        emit({"dump_seconds": time.perf_counter() - t, "dump_bytes": args.dump.stat().st_size})
        return
    assert args.queries is not None
    everything: dict[str, str] = json.loads(args.queries.read_text("utf-8"))
    mix = {name: everything[name] for name in args.names.split(",") if name}
    if args.engine == "ours":
        asyncio.run(serve_ours(args.store, mix, args.budget, args.max_runs))
        return
    t = time.perf_counter()
    if args.engine == "disk":
        store = ox.Store.read_only(str(args.store))
        emit({"setup": {"open_seconds": time.perf_counter() - t}})
    else:
        store = ox.Store()
        store.bulk_load(path=str(args.dump), format=ox.RdfFormat.N_QUADS)
        emit({"setup": {"load_seconds": time.perf_counter() - t, "quads": len(store)}})
    serve_direct(store, mix, args.budget, args.max_runs)


if __name__ == "__main__":
    main()
