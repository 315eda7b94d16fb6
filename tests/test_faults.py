"""Faults: an ingest killed at random points, readers during an ingest, a server restarted.

Why: the store is on disk and the ingest writes it for seconds at a time; a power cut, an OOM kill
or an impatient operator will stop it somewhere. Each document is one atomic graph replacement
(kg/store.py), so whatever the moment, every document must be either all there or not there, the
store must open without a repair step, and running the ingest again must finish the work.

"All there" is checked exactly: each graph's triple count equals that of a reference ingest of the
same files (extraction is deterministic), for the vocabulary graphs as well as the documents.

The kill rounds are marked slow (CI runs them too); the seed is printed, and CRMKG_FAULT_SEED
replays a run.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from kg.build import ensure_vocabularies
from kg.ingest import ingest_paths
from kg.iri import Minter
from kg.settings import PROJECT_ROOT, Settings
from kg.store import OxigraphStore
from tests.conftest import serve_in_thread

CRMKG = Path(sys.executable).parent / "crmkg"
CORPUS = PROJECT_ROOT / "data" / "corpus"
DOCUMENTS = Minter(Settings().base_iri).document_graph("")
SHARED = Minter(Settings().base_iri).entities_graph
KILL_ROUNDS = 20
SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def environment(store: Path) -> dict[str, str]:
    """This machine's environment without its CRMKG_ settings (the defaults are tested), with
    the store in the test's folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRMKG_")}
    return env | {"CRMKG_STORE": str(store)}


def start(*args: str, store: Path, log: Path) -> subprocess.Popen[bytes]:
    if not CRMKG.is_file():
        raise AssertionError(f"{CRMKG} is missing: install the project (pip install -e .)")
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(CRMKG), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment(store),
            cwd=PROJECT_ROOT,
            start_new_session=True,  # its query processes go with it when the group is ended
        )


def ingest(store: Path, log: Path, timeout: float = 180) -> float:
    """Run `crmkg ingest data/corpus` to the end; its wall time."""
    started = time.monotonic()
    process = start("ingest", str(CORPUS), store=store, log=log)
    assert process.wait(timeout) == 0, log.read_text("utf-8")[-3000:]
    return time.monotonic() - started


def graph_sizes(path: Path) -> dict[str, int]:
    """Triples per named graph; opening the store is itself part of what is checked."""
    store = OxigraphStore(path)
    try:
        return store.graph_sizes()
    finally:
        store.close()


def documents(sizes: dict[str, int]) -> set[str]:
    return {graph for graph in sizes if graph.startswith(DOCUMENTS)}


SHARED_TRIPLES = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SHARED}> {{ ?s ?p ?o }} }}"
REFERRED = (
    "SELECT DISTINCT ?e WHERE { GRAPH ?g { { ?e ?p ?o } UNION { ?s ?p ?e } } "
    f"FILTER(?g != <{SHARED}> && isIRI(?e)) }}"
)


def shared_descriptions(path: Path) -> tuple[set[tuple[str, ...]], set[str]]:
    """The shared graph's triples, and every IRI the other graphs refer to."""
    store = OxigraphStore(path)
    try:
        triples = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in store.select(SHARED_TRIPLES)}
        referred = {str(row["e"]) for row in store.select(REFERRED)}
        return triples, referred
    finally:
        store.close()


def assert_shared_graph_fits(store: Path, reference: Path, round_: str) -> None:
    """The shared description graph of a store with only some documents holds exactly the
    reference's descriptions of the resources those documents refer to: none missing (a
    document whose entities have no labels), none left over (garbage from a half-done write)."""
    present, referred = shared_descriptions(store)
    complete, _ = shared_descriptions(reference)
    expected = {triple for triple in complete if triple[0] in referred}
    assert present == expected, (
        f"{round_}: shared graph has {len(present - expected)} triples too many, "
        f"{len(expected - present)} missing: {sorted(present ^ expected)[:5]}"
    )


@dataclass(frozen=True)
class Reference:
    sizes: dict[str, int]
    seconds: float
    store: Path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """data/corpus ingested once, undisturbed: every graph and its size."""
    folder = tmp_path_factory.mktemp("reference")
    seconds = ingest(folder / "store", folder / "ingest.log")
    sizes = graph_sizes(folder / "store")
    assert len(documents(sizes)) == len(list(CORPUS.glob("*.txt")))
    assert graph_sizes(folder / "store") == sizes  # reading changes nothing
    return Reference(sizes, seconds, folder / "store")


def _store_signature(path: Path) -> tuple[tuple[str, int], ...]:
    try:
        return tuple(sorted((entry.name, entry.stat().st_size) for entry in os.scandir(path)))
    except FileNotFoundError:  # not created yet, or a file vanished while listed
        return ()


def _kill_at_random(
    process: subprocess.Popen[bytes], store: Path, rng: random.Random, horizon: float
) -> str:
    """SIGKILL the ingest at a random moment: half the time after a random delay, half the
    time right after the k-th change seen in the store folder (a write in progress: RocksDB's
    log, tables and manifest), which a uniform delay rarely hits. Returns how, or "finished"
    when the ingest ended first."""
    if rng.random() < 0.5:
        delay = rng.uniform(0.2, horizon)
        try:
            process.wait(delay)
            return "finished"
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return f"after {delay:.2f} s"
    wanted = rng.randint(1, 60)
    seen, last = 0, _store_signature(store)
    while process.poll() is None:
        signature = _store_signature(store)
        if signature != last:
            seen, last = seen + 1, signature
            if seen == wanted:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                return f"at store change {wanted}"
        time.sleep(0.001)
    return "finished"


@pytest.mark.slow
def test_ingest_killed_at_random_points(reference: Reference, tmp_path: Path) -> None:
    """KILL_ROUNDS kills. Even rounds start from an empty store (documents appear), odd ones
    from the complete store the last round left (documents are replaced); after each kill the
    store opens, every graph is complete or absent, and a new ingest completes."""
    seed = int(os.environ.get("CRMKG_FAULT_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    print(f"\nCRMKG_FAULT_SEED={seed}")
    log = tmp_path / "ingest.log"
    outcomes: Counter[int] = Counter()
    kills = attempts = 0
    store = tmp_path / "store-0"
    while kills < KILL_ROUNDS:
        attempts += 1
        assert attempts <= 2 * KILL_ROUNDS, "the ingest kept finishing before the kill"
        fresh = kills % 2 == 0
        if fresh:
            store = tmp_path / f"store-{kills}"
            shutil.rmtree(store, ignore_errors=True)
        process = start("ingest", str(CORPUS), store=store, log=log)
        how = _kill_at_random(process, store, rng, horizon=reference.seconds + 0.3)
        if how == "finished":
            assert process.returncode == 0, log.read_text("utf-8")[-3000:]
            continue
        kills += 1
        sizes = graph_sizes(store)
        partial = {g: n for g, n in sizes.items() if reference.sizes.get(g) != n and g != SHARED}
        assert not partial, f"round {kills} ({how}): graphs not as in the reference: {partial}"
        assert_shared_graph_fits(store, reference.store, f"round {kills} ({how})")
        if not fresh:  # the store was complete before this ingest: nothing may go
            assert sizes == reference.sizes, f"round {kills} ({how}) lost graphs"
        outcomes[len(documents(sizes))] += 1
        print(f"round {kills:2d}: killed {how:22s} {len(documents(sizes))} documents present")
        ingest(store, log)
        assert graph_sizes(store) == reference.sizes, f"round {kills}: re-run did not complete"
    print(f"{kills} kills in {attempts} ingests; documents present at the kill: {dict(outcomes)}")


def test_readers_during_an_ingest_see_whole_documents(reference: Reference, tmp_path: Path) -> None:
    """One thread ingests data/corpus into an on-disk store, then again (documents replaced,
    as often as the readers need to read ten times), while two readers ask for per-graph
    triple counts: one on the store, one over HTTP (the query processes read snapshots of it).
    Every count seen is 0 or the whole document; while they are replaced, every document is
    always there."""
    settings = Settings(store=tmp_path / "store")
    store = OxigraphStore(settings.store)
    ensure_vocabularies(store, settings)
    expected = {g: n for g, n in reference.sizes.items() if g.startswith(DOCUMENTS)}
    phase = {"now": "first"}
    seen: dict[str, list[tuple[str, dict[str, int]]]] = {"store": [], "http": []}
    done = threading.Event()
    errors: list[BaseException] = []

    def observe(name: str, read: Callable[[], dict[str, int]]) -> None:
        try:
            while not done.is_set():
                when = phase["now"]  # before the read: one begun in the first ingest may end later
                sizes = read()
                docs = {g: n for g, n in sizes.items() if g.startswith(DOCUMENTS)}
                seen[name].append((when, docs))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    server = serve_in_thread(create_app(settings, store))
    live = next(server)
    client = httpx.Client(base_url=live.url, timeout=60)

    def over_http() -> dict[str, int]:
        answer = client.get("/sparql", params={"query": SIZES})
        answer.raise_for_status()
        rows = answer.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    readers = [
        threading.Thread(target=observe, args=("store", store.graph_sizes)),
        threading.Thread(target=observe, args=("http", over_http)),
    ]
    try:
        for reader in readers:
            reader.start()
        first = ingest_paths(store, settings, [CORPUS])
        phase["now"] = "second"
        # Replace the documents again until both readers have read often enough: how many
        # reads fit in one ingest depends on the machine's load (a read over HTTP after a
        # write waits for a new snapshot).
        replacements = [ingest_paths(store, settings, [CORPUS])]
        while min(map(len, seen.values())) < 10 and len(replacements) < 20:
            replacements.append(ingest_paths(store, settings, [CORPUS]))
        time.sleep(0.5)
    finally:
        done.set()
        for reader in readers:
            reader.join(60)
        client.close()
        next(server, None)  # stops the server
        store.close()
    assert not errors, errors
    assert not first.failures and not any(report.failures for report in replacements)
    for name, observations in seen.items():
        states = {tuple(sorted(docs.items())) for _, docs in observations}
        print(f"{name}: {len(observations)} reads, {len(states)} distinct states")
        assert len(observations) >= 10 and len(states) >= 2, (name, len(observations), states)
        for when, docs in observations:
            wrong = {g: n for g, n in docs.items() if n != expected[g]}
            assert not wrong, f"{name} saw part of a document ({when} ingest): {wrong}"
            if when == "second":
                assert docs == expected, f"{name} saw a document missing while it was replaced"
    assert graph_sizes(settings.store) == reference.sizes


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_more_runaway_queries_than_query_processes(tmp_path: Path) -> None:
    """Six runaway queries on two query processes: each is stopped or, waiting for a process
    longer than the limit, refused; every one a 503 with the reason (the waiting ones were
    bare 500s), while REST requests keep being answered, and SPARQL again afterwards."""
    settings = Settings(store=tmp_path / "store", query_timeout=2.0, query_workers=2)
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    server = serve_in_thread(create_app(settings, store))
    live = next(server)
    answers: list[httpx.Response] = []
    seconds: list[float] = []
    rest: list[float] = []

    def runaway() -> None:
        started = time.monotonic()
        answers.append(httpx.get(f"{live.url}/sparql", params={"query": RUNAWAY}, timeout=60))
        seconds.append(time.monotonic() - started)

    threads = [threading.Thread(target=runaway) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        with live.client() as client:
            while any(thread.is_alive() for thread in threads):
                started = time.monotonic()
                assert client.get("/api/stats").status_code == 200
                rest.append(time.monotonic() - started)
                time.sleep(0.1)
            for thread in threads:
                thread.join()
            assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]
    finally:
        next(server, None)
    details = [a.json()["detail"] for a in answers]
    print(
        f"\n6 runaway queries, 2 query processes, limit 2 s: 503 after {min(seconds):.1f}-"
        f"{max(seconds):.1f} s; {len(rest)} REST requests meanwhile, slowest "
        f"{1000 * max(rest):.0f} ms"
    )
    assert [a.status_code for a in answers] == [503] * 6, details
    assert all("stopped" in d or "busy" in d for d in details), details


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """`crmkg serve` as a subprocess, in its own process group (with its query processes)."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = start("serve", "--port", str(self.port), store=store, log=log)
        deadline = time.monotonic() + 90
        while True:
            assert self.process.poll() is None, log.read_text("utf-8")[-3000:]
            try:
                if httpx.get(f"{self.url}/api/stats", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "crmkg serve did not answer within 90 s"
            time.sleep(0.2)

    def sizes(self) -> dict[str, int]:
        answer = httpx.get(f"{self.url}/sparql", params={"query": SIZES}, timeout=60)
        answer.raise_for_status()
        rows = answer.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    def stop(self, sig: signal.Signals) -> int:
        """Send ``sig`` to the server, wait for it, then end whatever of its group is left."""
        self.process.send_signal(sig)
        code = self.process.wait(60)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        return code


@pytest.fixture
def restart_store(reference: Reference, tmp_path: Path) -> Iterator[Path]:
    store = tmp_path / "store"
    shutil.copytree(reference.store, store)
    yield store


@pytest.mark.slow
def test_server_restarts_on_the_same_store(
    reference: Reference, restart_store: Path, tmp_path: Path
) -> None:
    """Started, stopped (SIGTERM), started, killed (SIGKILL), started: each time it serves the
    same graphs at once, without rebuilding or repairing anything."""
    log = tmp_path / "serve.log"
    server = Server(restart_store, log)
    try:
        assert server.sizes() == reference.sizes
    finally:
        # uvicorn shuts down cleanly on SIGTERM, then ends by the same signal
        assert server.stop(signal.SIGTERM) in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in log.read_text("utf-8")
    for ending in (signal.SIGKILL, signal.SIGTERM):
        server = Server(restart_store, log)
        try:
            assert server.sizes() == reference.sizes
            with httpx.Client(base_url=server.url, timeout=60) as client:
                assert client.get("/api/entities", params={"q": "gallium"}).status_code == 200
        finally:
            server.stop(ending)
    text = log.read_text("utf-8")
    assert text.count("Serving on") == 3, text[-3000:]
    assert "holds no documents" not in text and "Loaded the ontology" not in text, text[-3000:]
    assert graph_sizes(restart_store) == reference.sizes
