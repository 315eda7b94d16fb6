"""Every benchmark figure of issue 6 in one command, each as a ratio against a baseline measured
in the same run.

    .venv/bin/python -m benchmarks.run            # full: 1,000 documents, 1.8M triples
    .venv/bin/python -m benchmarks.run --quick    # small: 100 documents, a few minutes

Needs ``wrk`` (``apt-get install -y wrk``) and, in the venv, ``psutil`` and ``rdflib-endpoint``
(``.venv/bin/pip install rdflib-endpoint``); the profile uses the standard library's cProfile.
Writes ``benchmarks/out/{full,quick}/results.json`` and ``results.md`` (the tables of
``docs/performance.md``), logs of every process beside them.

Phases (each measurement in its own process, so memory figures and caches are its own):
1. corpus: :mod:`benchmarks.corpus` writes the scaled corpus;
2. ingestion (:mod:`benchmarks.ingestion`): spaCy's bare tokenizer, the pipeline on one core and
   on a pool of all cores over the same sample, a cProfile of the pipeline, then the graph: the
   first ``ingest_docs`` documents ingested on all cores into the on-disk store the rest of the
   run uses, the other documents' graphs replicated from them with renamed ids;
3. SPARQL in-process (:mod:`benchmarks.sparql`): pyoxigraph directly (in memory: the floor; on
   disk) and the project's QueryService, per query of the mix;
4. the project's server (``crmkg serve``): start-up, first answers, resident memory, the mix over
   HTTP, then REST and SPARQL under load with wrk; the constant FastAPI baseline under the same
   load;
5. external SPARQL servers (:mod:`benchmarks.external`; ``--skip external``): the Oxigraph server
   and, when installed, Virtuoso, each on loopback: the ingestion sample through
   ``kg.ingest.ingest_paths`` into the server (``CRMKG_SPARQL_*_URL``), then the graph bulk-loaded
   from the dump and the mix timed through ``crmkg serve`` on that server and on the server's own
   endpoint;
6. the peer (:mod:`benchmarks.rdflib_peer`): rdflib in memory, then rdflib-endpoint over HTTP.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks import external, external_servers, servers
from benchmarks.corpus import OUT, corpus_files, generate, sample
from benchmarks.queries import query_mix
from benchmarks.report import report
from benchmarks.sparql import WARM, run_engine
from benchmarks.timing import load, summary
from benchmarks.timing import sample as timed

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Plan:
    docs: int
    min_mb: float
    ingest_docs: int  # documents the pipeline builds the graph from; the rest are replicated
    sample_docs: int  # the external phase's ingestion sample
    profile_docs: int
    budget: float  # seconds per query and engine
    max_runs: int
    cap: float  # seconds before a pyoxigraph query is cut off (the process killed)
    rdflib_cap: float  # seconds before a run of rdflib is cut off
    rdflib_budget: float
    rdflib_runs: int
    wrk_seconds: float
    connections: int
    ext_budget: float  # seconds per query and column on the external servers
    ext_max_runs: int
    #: documents of the tokenizer, one-core and pool rows: a pool's start-up takes 1-4 s (spawn,
    #: the spaCy pipelines), which 2 workers on 60 documents did not earn back (0.8x), on 200 did
    #: (1.5x); 200 costs about 25 s more than 60
    pool_docs: int


EXT_SLOW = 1.0  # on the external servers, a query whose run takes longer is run once
#: Virtuoso's cache for the benchmark graph, in 8 KB pages: about 1.3 GB, Virtuoso's advice for a
#: machine with 2 GB to spare (the tests' 20000 cannot hold a graph of a few million quads).
VIRTUOSO_BUFFERS = 170000


FULL = Plan(1000, 10.0, 200, 60, 60, 1.5, 30, 20.0, 15.0, 4.0, 3, 10.0, 8, 0.5, 10, 200)
QUICK = Plan(100, 1.0, 50, 20, 5, 0.5, 10, 10.0, 5.0, 1.0, 2, 3.0, 8, 0.5, 10, 20)

REST = {
    "material-countries": "/api/materials/gallium/countries",
    "entity-card": "/api/entities/gallium",
    "entity-search": "/api/entities?q=gall",
}


class Run:
    def __init__(self, folder: Path, plan: Plan) -> None:
        self.folder = folder
        self.plan = plan
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, Any] = {
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "plan": asdict(plan),
        }

    def save(self) -> None:
        (self.folder / "results.json").write_text(json.dumps(self.results, indent=1), "utf-8")
        (self.folder / "results.md").write_text(report(self.results), "utf-8")

    def phase(
        self, name: str, module: str, *args: str, env: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """``python -m module args`` in a new process (``env`` added to the environment): its
        last stdout line, as JSON."""
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", flush=True)
        before = load()
        started = time.perf_counter()
        with (self.logs / f"{name}.log").open("w") as log:
            done = subprocess.run(
                [sys.executable, "-m", module, *args],
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                check=False,
                env={**os.environ, **env} if env else None,
            )
        if done.returncode != 0:
            raise RuntimeError(f"{name} failed ({done.returncode}); see {log.name}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        result["_phase"] = {
            "wall_seconds": time.perf_counter() - started,
            "load_before": before,
            "load_after": load(),
        }
        return result


def machine() -> dict[str, Any]:
    import psutil

    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_at_start": load(),
        "note": "shared: other engineers ran test suites on the same 2 cores during the run",
    }


def write_list(path: Path, files: list[Path]) -> Path:
    path.write_text("\n".join(str(f) for f in files), "utf-8")
    return path


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- phases -------------------------------------------------------------------------------------


def corpus_phase(run: Run) -> list[Path]:
    print(f"[{time.strftime('%H:%M:%S')}] corpus ...", flush=True)
    info = generate(run.folder / "corpus", run.plan.docs, run.plan.min_mb)
    run.results["corpus"] = asdict(info)
    return corpus_files(run.folder / "corpus")


def ingestion_phase(run: Run, files: list[Path]) -> Path:
    plan = run.plan
    write_list(run.folder / "files-sample.txt", sample(files, plan.sample_docs))  # external
    part = write_list(run.folder / "files-pool-sample.txt", sample(files, plan.pool_docs))
    profiled = write_list(run.folder / "files-profile.txt", sample(files, plan.profile_docs))
    every = write_list(run.folder / "files-all.txt", files)
    scratch = str(run.folder / "scratch-store")
    store = run.folder / "store"
    cores = str(os.cpu_count() or 1)
    ingestion: dict[str, Any] = {}
    run.results["ingestion"] = ingestion
    ingestion["tokenizer_sample"] = run.phase(
        "tokenizer-sample", "benchmarks.ingestion", "tokenizer", "--files", str(part)
    )
    ingestion["serial_sample"] = run.phase(
        "ingest-1-core", "benchmarks.ingestion", "serial", "--files", str(part), "--store", scratch
    )
    ingestion["pool_sample"] = run.phase(
        "ingest-all-cores",
        "benchmarks.ingestion",
        *("pool", "--files", str(part), "--store", scratch, "--processes", cores),
    )
    run.save()
    ingestion["profile"] = run.phase(
        "ingest-profile",
        "benchmarks.ingestion",
        *("profile", "--files", str(profiled), "--store", scratch),
    )
    ingestion["stages"] = run.phase(
        "ingest-stages",
        "benchmarks.ingestion",
        *("stages", "--files", str(part), "--store", scratch),
    )
    run.save()
    built = write_list(run.folder / "files-ingested.txt", sample(files, plan.ingest_docs))
    ingestion["build"] = run.phase(
        "build-store",
        "benchmarks.ingestion",
        *("pool", "--files", str(built), "--store", str(store), "--processes", cores, "--keep"),
    )
    if plan.ingest_docs < len(files):
        ingestion["replicated"] = run.phase(
            "replicate-graphs",
            "benchmarks.ingestion",
            *("replicate", "--files", str(every), "--store", str(store), "--keep"),
            *("--ingested", str(plan.ingest_docs)),
        )
    ingestion["tokenizer_all"] = run.phase(
        "tokenizer-all", "benchmarks.ingestion", "tokenizer", "--files", str(every)
    )
    replicated = ingestion.get("replicated", {}).get("triples", 0)
    run.results["store"] = {
        "bytes_on_disk": du(store),
        "triples": ingestion["build"]["triples"] + replicated,
        "triples_ingested": ingestion["build"]["triples"],
        "triples_replicated": replicated,
    }
    run.save()
    return store


def sparql_phase(run: Run, store: Path, mix: dict[str, str], resume: bool) -> Path:
    plan = run.plan
    dump = run.folder / "dump.nq"
    inproc: dict[str, Any] = run.results.get("sparql_inprocess", {}) if resume else {}
    if not (resume and dump.exists() and "dump_seconds" in inproc):
        inproc = run.phase(
            "sparql-dump", "benchmarks.sparql", "dump", "--store", str(store), "--dump", str(dump)
        )
    queries = run.folder / "queries.json"
    queries.write_text(json.dumps(mix), "utf-8")
    common = ["--store", str(store), "--dump", str(dump), "--queries", str(queries)]
    common += ["--budget", str(plan.budget), "--max-runs", str(plan.max_runs)]
    log = run.logs / "sparql-inprocess.log"
    run.results["sparql_inprocess"] = inproc
    for engine in ("floor", "disk", "ours"):
        if resume and engine in inproc:
            continue
        names = list(mix)
        if engine != "floor":  # only what the floor answered before its cut-off
            names = [n for n in names if inproc["floor"].get(n, {}).get("runs")]
        if engine == "disk":  # RocksDB is several times slower: skip what would be cut off
            names = [n for n in names if inproc["floor"][n]["p50"] < plan.cap / 5]
        print(f"[{time.strftime('%H:%M:%S')}] sparql in-process: {engine} ...", flush=True)
        inproc[engine] = run_engine(engine, common, names, plan.cap, plan.budget, log)
        inproc[engine]["_load"] = load()
        run.save()
    setup = inproc["floor"]["_setups"][0]
    inproc["quads"] = setup["quads"]
    inproc["memory_load_seconds"] = setup["load_seconds"]
    run.results["store"]["quads_total"] = inproc["quads"]
    run.save()
    return dump


class CutOff(Exception):
    """The server stopped the query at its time limit (503)."""


class Refused(Exception):
    """The server answered with an error (e.g. a result-size limit)."""


#: How servers say they stopped a query at their time limit with a status other than 503
#: (Virtuoso: 500 "SR171: Transaction timed out" or "The estimated execution time ... exceeds").
TIMED_OUT = re.compile(r"timed out|timeout|estimated execution time", re.IGNORECASE)


def http_mix(
    client: httpx.Client,
    url: str,
    mix: dict[str, str],
    budget: float,
    max_runs: int,
    expected: dict[str, float | None],
    cap: float,
    skip_over: float | None = None,
    warm: Callable[[], None] | None = None,
    slow: float = 5.0,
    repeated: bool = False,
) -> dict[str, Any]:
    """p50/p99 of each query sent as GET ?query= (Accept: SPARQL JSON, and ``Cache-Control:
    no-cache`` so that crmkg evaluates every run instead of answering from its answer cache;
    other servers ignore it). With ``repeated``, the p50 of the same GET answered from the
    cache is added as ``repeated_p50`` (what a notebook or page that asks again gets). ``expected`` is the
    query's in-process time (None: it was cut off there, so it is not sent); a slow query is
    sent twice, and any query once when a run takes over ``slow`` seconds. After a cut-off
    (a 503, a time-out answer, a client time-out or an answer cut short), ``warm`` readies the
    server again, or the mix stops (a server that cannot cancel is still busy with it)."""
    out: dict[str, Any] = {}
    for name, query in mix.items():
        seconds = expected.get(name)
        if seconds is None:
            out[name] = {"skipped": "cut off in-process", "runs": 0}
            continue
        if skip_over is not None and seconds > skip_over:
            out[name] = {"skipped": f"{seconds:.1f} s in-process", "runs": 0}
            continue
        runs = 2 if seconds * 2 > budget else max_runs
        target = f"{url}?{urllib.parse.urlencode({'query': query})}"

        def get(target: str = target) -> httpx.Response:
            response = client.get(target, headers=FRESH_JSON, timeout=cap + 10)
            if response.status_code == 503 or "x-sql-state" in response.headers:
                raise CutOff  # x-sql-state: Virtuoso's partial answer at its time limit
            if response.status_code != 200:
                raise Refused(response.status_code, response.text[:300])
            return response

        try:
            samples, response = timed(get, budget, runs, min_runs=min(runs, 3), slow=slow)
            body = response.json()  # type: ignore[attr-defined]
        except Refused as error:
            if not TIMED_OUT.search(error.args[1]):
                out[name] = {"runs": 0, "status": error.args[0], "error": error.args[1]}
                continue
            out[name] = {"timeout": cap, "runs": 0, "status": error.args[0]}
            if warm is None:
                break
            warm()
            continue
        except (httpx.TimeoutException, httpx.TransportError, CutOff, ValueError) as error:
            # ValueError: an answer cut short after its 200 (Oxigraph server's --timeout-s)
            out[name] = {"timeout": cap, "runs": 0}
            if isinstance(error, ValueError):
                out[name]["truncated"] = True
            if warm is None:
                break
            warm()
            continue
        out[name] = summary(samples) | {"rows": len(body["results"]["bindings"])}
        if repeated:
            out[name]["repeated_p50"] = repeated_p50(client, target, cap)
    return out


#: Accept SPARQL JSON, and evaluate afresh (crmkg's answer cache honours no-cache).
FRESH_JSON = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}


def repeated_p50(client: httpx.Client, target: str, cap: float, runs: int = 5) -> float | None:
    """The p50 of a GET that may be answered from the server's answer cache (primed first)."""
    headers = {"Accept": "application/sparql-results+json"}
    if client.get(target, headers=headers, timeout=cap + 10).status_code != 200:
        return None
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(target, headers=headers, timeout=cap + 10)
        samples.append(time.perf_counter() - started)
    return sorted(samples)[len(samples) // 2]


def server_phase(run: Run, store: Path, mix: dict[str, str]) -> None:
    plan = run.plan
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"[{time.strftime('%H:%M:%S')}] server ...", flush=True)
    server: dict[str, Any] = {"load_before": load()}
    run.results["server"] = server
    command = [str(VENV_BIN / "crmkg"), "serve", "--store", str(store), "--port", str(port)]
    limit = {"CRMKG_QUERY_TIMEOUT": str(plan.cap)}  # the server stops a query at the cap
    with servers.log_file(run.logs, "server") as log:
        process, ready = servers.launch(command, port, log, env=limit)
        try:
            server["ready_seconds"] = ready
            server["rss_at_ready"] = servers.rss_mb(process.pid)
            with httpx.Client(base_url=base, timeout=300) as client:
                firsts = {}
                ask = "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
                for name, path in (
                    ("first_sparql (snapshot dump + worker 1 loads it)", ask),
                    ("second_sparql (worker 2 loads the snapshot)", ask),
                    ("first_search (entity index built)", REST["entity-search"]),
                    ("first_card", REST["entity-card"]),
                    ("first_material_countries", REST["material-countries"]),
                ):
                    t = time.perf_counter()
                    response = client.get(path, headers={"Accept": "application/json"})
                    firsts[name] = {
                        "seconds": time.perf_counter() - t,
                        "status": response.status_code,
                        "bytes": len(response.content),
                    }
                server["first_answers"] = firsts
                server["rss_warm"] = servers.rss_mb(process.pid)
                print(f"[{time.strftime('%H:%M:%S')}] server: SPARQL mix over HTTP ...", flush=True)
                floor = run.results["sparql_inprocess"]["floor"]
                expected = {
                    n: (f["p50"] if f.get("runs") else None)
                    for n, f in floor.items()
                    if not n.startswith("_")
                }

                def warm() -> None:  # a (replaced) worker loads the snapshot on its first job
                    for _ in range(2):
                        client.get("/sparql?query=" + urllib.parse.quote(WARM))

                warm()  # as every engine: each worker has touched every quad once

                server["sparql_http"] = http_mix(
                    client, f"{base}/sparql", mix, plan.budget, plan.max_runs, expected,
                    plan.cap, warm=warm, repeated=True,
                )  # fmt: skip
            run.save()
            print(f"[{time.strftime('%H:%M:%S')}] server: wrk ...", flush=True)
            loads: dict[str, Any] = {}
            for name, path in REST.items():
                loads[name] = servers.wrk(base + path, plan.wrk_seconds, plan.connections)
            cheap = urllib.parse.quote(mix["cq02"])
            loads["sparql-cq02"] = servers.wrk(
                f"{base}/sparql?query={cheap}", plan.wrk_seconds, plan.connections
            )
            server["load"] = loads
            server["rss_after_load"] = servers.rss_mb(process.pid)
        finally:
            servers.stop(process)
    server["load_after"] = load()
    run.save()

    print(f"[{time.strftime('%H:%M:%S')}] constant server ...", flush=True)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "benchmarks.servers", "--port", str(port)]
    constant: dict[str, Any] = {}
    with servers.log_file(run.logs, "constant") as log:
        process, ready = servers.launch(command, port, log)
        try:
            constant["ready_seconds"] = ready
            constant["rss_mb"] = servers.rss_mb(process.pid)
            for name in ("constant", "constant-sync"):
                constant[name] = servers.wrk(f"{base}/{name}", plan.wrk_seconds, plan.connections)
        finally:
            servers.stop(process)
    run.results["constant"] = constant
    run.save()


def floor_times(run: Run) -> dict[str, float | None]:
    """Each query's p50 on the floor, None when the floor cut it off (not sent elsewhere)."""
    floor = run.results["sparql_inprocess"]["floor"]
    return {
        n: (f["p50"] if f.get("runs") else None) for n, f in floor.items() if not n.startswith("_")
    }


def external_mixes(
    run: Run, name: str, server: external_servers.Server, mix: dict[str, str], out: dict[str, Any]
) -> None:
    """The mix on the server's own endpoint (its floor), then through ``crmkg serve`` on it."""
    plan = run.plan
    expected = floor_times(run)

    def idle() -> None:  # after a cut-off: until the server has let go of the query
        out.setdefault("waited_after_cut_off", []).append(
            external.busy_until_idle(server.process.pid, 3 * plan.cap)
        )

    print(f"[{time.strftime('%H:%M:%S')}] external {name}: mix, direct ...", flush=True)
    with httpx.Client() as client:
        t = time.perf_counter()
        client.post(
            server.query_url,
            data={"query": WARM},
            headers={"Accept": "application/sparql-results+json"},
            timeout=600,
        ).raise_for_status()  # as every engine: every quad touched once
        out["warm_seconds"] = time.perf_counter() - t
        out["direct"] = http_mix(
            client, server.query_url, mix, plan.ext_budget, plan.ext_max_runs, expected,
            plan.cap, warm=idle, slow=EXT_SLOW,
        )  # fmt: skip
    out["rss_server"] = servers.rss_mb(server.process.pid)
    run.save()
    print(f"[{time.strftime('%H:%M:%S')}] external {name}: mix through crmkg serve ...", flush=True)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    env = server.env() | {
        "CRMKG_QUERY_TIMEOUT": str(plan.cap),
        "CRMKG_STORE": str(server.folder / "no-embedded-store"),
    }
    command = [str(VENV_BIN / "crmkg"), "serve", "--port", str(port)]
    t = time.perf_counter()
    out["quads_before_ours"] = external.count(server)["quads"]
    out["graph_sizes_seconds"] = time.perf_counter() - t  # what its background check counts
    with servers.log_file(run.logs, f"server-on-{name}") as log:
        process, ready = servers.launch(command, port, log, env=env)
        try:
            out["ours_ready_seconds"] = ready
            with httpx.Client(base_url=base, timeout=300) as client:
                t = time.perf_counter()
                first = client.get("/sparql?query=" + urllib.parse.quote(WARM))
                out["ours_first_sparql"] = {
                    "seconds": time.perf_counter() - t,
                    "status": first.status_code,
                }
                out["ours"] = http_mix(
                    client, f"{base}/sparql", mix, plan.ext_budget, plan.ext_max_runs,
                    expected, plan.cap, warm=idle, slow=EXT_SLOW,
                )  # fmt: skip
            out["rss_ours"] = servers.rss_mb(process.pid)
        finally:
            servers.stop(process)
    out["quads_after_ours"] = external.count(server)["quads"]
    out["embedded_store_opened"] = (server.folder / "no-embedded-store").exists()
    run.save()


def loaded_mixes(
    run: Run,
    name: str,
    server: external_servers.Server,
    mix: dict[str, str],
    out: dict[str, Any],
) -> None:
    """On the server holding the bulk-loaded graph: its size, the mixes; then the server
    stopped, its logs kept and its folder removed."""
    try:
        out["load"] |= external.count(server)
        external_mixes(run, name, server, mix, out)
    finally:
        external_servers.stop(server)
    external.keep_logs(server.folder, run.logs, f"external-{name}")
    shutil.rmtree(server.folder, ignore_errors=True)


def external_ingest(
    run: Run, name: str, server: external_servers.Server, gsp: bool = False
) -> dict[str, Any]:
    label = f"external-ingest-{name}" + ("-gsp" if gsp else "")
    print(f"[{time.strftime('%H:%M:%S')}] external {name}: ingestion sample ...", flush=True)
    files = run.folder / "files-sample.txt"
    result = run.phase(
        label, "benchmarks.external", "ingest", "--files", str(files), env=server.env(gsp)
    )
    result["server_count"] = external.count(server)
    return result


def external_phase(run: Run, dump: Path, mix: dict[str, str]) -> None:
    """The ingestion sample and the query mix on the Oxigraph server and on Virtuoso (when it
    is installed), each started here on loopback in ``external/`` and stopped afterwards."""
    plan = run.plan
    if not dump.exists():
        raise RuntimeError(f"{dump} is missing: run the sparql phase first")
    work = (run.folder / "external").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()
    ext: dict[str, Any] = {
        "load_before": load(),
        "sample_docs": plan.sample_docs,
        "budget": plan.ext_budget,
        "max_runs": plan.ext_max_runs,
        "cap": plan.cap,
        "slow": EXT_SLOW,
    }
    run.results["external"] = ext
    dump = dump.resolve()
    # the embedded baseline again, seconds before the servers (the ingestion phase's row may be
    # minutes old, or from an earlier run with --skip ingest)
    ext["embedded_serial"] = run.phase(
        "external-ingest-embedded",
        "benchmarks.ingestion",
        *("serial", "--files", str(run.folder / "files-sample.txt")),
        *("--store", str(work / "embedded-store")),
    )

    # Oxigraph server: ingestion into an empty server (SPARQL Update, then the Graph Store
    # Protocol alone), then the graph
    # bulk-loaded offline into another folder and served from there
    ox: dict[str, Any] = {}
    ext["oxigraph"] = ox
    try:
        folder = work / "oxigraph-ingest"
        folder.mkdir(parents=True)
        server, ox["ready_seconds"] = external_servers.start_oxigraph(folder, plan.cap + 5)
        try:
            ox["ingestion"] = external_ingest(run, "oxigraph", server)
            ox["dropped_graphs"] = external.drop_crmkg_graphs(server)
            ox["ingestion_gsp"] = external_ingest(run, "oxigraph", server, gsp=True)
        finally:
            external_servers.stop(server)
        external.keep_logs(folder, run.logs, "external-oxigraph-ingest")
        shutil.rmtree(folder, ignore_errors=True)
        run.save()
        print(f"[{time.strftime('%H:%M:%S')}] external oxigraph: bulk load ...", flush=True)
        folder = work / "oxigraph"
        folder.mkdir(parents=True)
        ox["load"] = external.oxigraph_load(folder, dump)
        server, ox["ready_seconds_loaded"] = external_servers.start_oxigraph(folder, plan.cap + 5)
        loaded_mixes(run, "oxigraph", server, mix, ox)
    except Exception as error:  # report it with the figures obtained so far, and go on
        ox["error"] = f"{type(error).__name__}: {error}"[:3000]
    ox["wall_seconds"] = time.perf_counter() - started
    run.save()

    # Virtuoso: one instance; ingestion into it empty, the sample's graphs dropped, the graph
    # bulk-loaded with its own loader
    missing = external_servers.virtuoso_missing()
    if missing:
        ext["virtuoso"] = {"skipped": missing}
    else:
        vt: dict[str, Any] = {}
        ext["virtuoso"] = vt
        began = time.perf_counter()
        try:
            folder = work / "virtuoso"
            folder.mkdir(parents=True)
            server, vt["ready_seconds"] = external_servers.start_virtuoso(
                folder, dump_dir=dump.parent, cap=plan.cap, buffers=VIRTUOSO_BUFFERS
            )
            try:
                vt["ingestion"] = external_ingest(run, "virtuoso", server)
                vt["dropped_graphs"] = external.drop_crmkg_graphs(server)
                run.save()
                print(f"[{time.strftime('%H:%M:%S')}] external virtuoso: bulk load ...", flush=True)
                vt["load"] = external.virtuoso_load(server, dump)
            except BaseException:
                external_servers.stop(server)
                raise
            loaded_mixes(run, "virtuoso", server, mix, vt)
        except Exception as error:
            vt["error"] = f"{type(error).__name__}: {error}"[:3000]
        vt["wall_seconds"] = time.perf_counter() - began
    ext["wall_seconds"] = time.perf_counter() - started
    ext["load_after"] = load()
    with contextlib.suppress(OSError):  # empty unless a server failed: its folder is kept
        work.rmdir()
    run.save()


def peer_phase(run: Run, dump: Path, mix: dict[str, str]) -> None:
    plan = run.plan
    port = servers.free_port()
    queries = run.folder / "queries.json"
    queries.write_text(json.dumps(mix), "utf-8")
    out = run.folder / "rdflib.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "benchmarks.rdflib_peer", "--dump", str(dump),
        "--queries", str(queries), "--out", str(out), "--port", str(port),
        "--cap", str(plan.rdflib_cap), "--budget", str(plan.rdflib_budget),
        "--max-runs", str(plan.rdflib_runs),
    ]  # fmt: skip
    print(
        f"[{time.strftime('%H:%M:%S')}] rdflib peer (load, in-process, then HTTP) ...", flush=True
    )
    peer: dict[str, Any] = {"load_before": load()}
    run.results["rdflib"] = peer
    with servers.log_file(run.logs, "rdflib") as log:
        started = time.perf_counter()
        process, _ready = servers.launch(command, port, log, limit=3600)
        try:
            peer["wall_until_serving"] = time.perf_counter() - started
            peer.update(json.loads(out.read_text("utf-8")))
            peer["rss_serving"] = servers.rss_mb(process.pid)
            expected = {
                name: (figure["p50"] if figure.get("runs") else None)
                for name, figure in peer["queries"].items()
            }
            print(f"[{time.strftime('%H:%M:%S')}] rdflib-endpoint over HTTP ...", flush=True)
            with httpx.Client() as client:
                peer["http"] = http_mix(
                    client,
                    f"http://127.0.0.1:{port}/sparql",
                    mix,
                    plan.rdflib_budget,
                    plan.rdflib_runs,
                    expected,
                    plan.rdflib_cap,
                    skip_over=plan.rdflib_cap / 4,
                )
        finally:
            servers.stop(process)
    peer["load_after"] = load()
    run.save()


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks against the peers (issue 6).")
    parser.add_argument("--quick", action="store_true", help="a small version, a few minutes")
    parser.add_argument(
        "--out", type=Path, default=None, help="default benchmarks/out/{full,quick}"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the corpus and store of an earlier run"
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated phases: ingest,sparql,server,external,peer",
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    folder = args.out or OUT / ("quick" if args.quick else "full")
    folder.mkdir(parents=True, exist_ok=True)
    run = Run(folder, plan)
    skip = set(args.skip.split(",")) - {""}
    previous = folder / "results.json"
    if (args.reuse or skip) and previous.exists():
        kept = json.loads(previous.read_text("utf-8"))
        run.results.update(
            {k: v for k, v in kept.items() if k not in ("machine", "started", "plan")}
        )
    started = time.perf_counter()
    mix = query_mix()
    store = folder / "store"
    dump = folder / "dump.nq"
    if not (args.reuse and store.exists()) and "ingest" not in skip:
        files = corpus_phase(run)
        store = ingestion_phase(run, files)
    if "sparql" not in skip:
        dump = sparql_phase(run, store, mix, args.reuse)
    if "server" not in skip:
        server_phase(run, store, mix)
    if "external" not in skip:
        external_phase(run, dump, mix)
    if "peer" not in skip:
        peer_phase(run, dump, mix)
    run.results["wall_seconds"] = time.perf_counter() - started
    run.results["machine"]["load_at_end"] = load()
    run.save()
    print(report(run.results))
    print(f"\nWritten: {folder / 'results.json'} and {folder / 'results.md'}")


if __name__ == "__main__":
    main()
