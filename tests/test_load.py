"""Load: 50 concurrent clients for 60 s from a second process, against `crmkg serve` on loopback.

Why: the service will be hammered by notebooks. Under a steady mix of REST lookups, searches and
SPARQL queries it must answer everything (no error, no 5xx, no 4xx: every request in the mix is
valid), at a latency worth reporting (p50, p99), without its memory creeping up.

The server runs as `crmkg serve` on a store that `crmkg ingest` built from data/corpus, as in
production. The load comes from this same file run as a script (``python tests/test_load.py
--url ... --clients 50 --seconds 60``): an asyncio/httpx generator in its own process, so the
clients do not share the server's interpreter or the test's. It stops by itself after the given
time and prints its figures as one JSON object. Memory is the resident set of the server and its
query processes, sampled after a warm-up, every second during the load, and after it.

Only loopback is ever addressed: the generator refuses any other host.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
SECONDS = 60.0
WARM_UP_SECONDS = 5.0
#: Growth of the server's resident memory (with its query processes) allowed over the run.
RSS_GROWTH_LIMIT = 150 * 2**20
REST = [
    "/api/entities?q=gall",
    "/api/materials/gallium/countries",
    "/api/entities/NMO",
    "/api/entities?q=kobalt",
    "/api/entities?q=China",
    "/api/countries/CN/materials",
    "/api/entities/gallium/neighbours",
    "/api/documents",
    "/api/stats",
]


def sparql_queries() -> list[str]:
    """The competency questions (kg/queries/*.rq): what the notebooks ask."""
    return [path.read_text("utf-8") for path in sorted((PROJECT_ROOT / "kg/queries").glob("*.rq"))]


# --- the load generator (run as a script) --------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int  # 0: no HTTP answer (an exception)
    seconds: float


async def _client(
    http: httpx.AsyncClient, until: float, rng: random.Random, queries: list[str]
) -> list[Sample]:
    samples: list[Sample] = []
    while time.monotonic() < until:
        kind = rng.choice(["rest", "rest", "sparql"])
        started = time.monotonic()
        try:
            if kind == "rest":
                answer = await http.get(rng.choice(REST))
            else:
                answer = await http.post(
                    "/sparql",
                    content=rng.choice(queries).encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
            status = answer.status_code
        except httpx.HTTPError as error:
            status = 0
            print(f"{kind}: {type(error).__name__}: {error}", file=sys.stderr)
        samples.append(Sample(kind, status, time.monotonic() - started))
    return samples


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def generate(url: str, clients: int, seconds: float, seed: int) -> dict[str, Any]:
    """``clients`` concurrent clients, each sending one request after the other, for ``seconds``."""
    host = urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        raise SystemExit(f"refusing to load {host!r}: loopback only")
    queries = sparql_queries()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        runs = [
            _client(http, started + seconds, random.Random(seed + n), queries)
            for n in range(clients)
        ]
        samples = [s for run in await asyncio.gather(*runs) for s in run]
    elapsed = time.monotonic() - started
    statuses = Counter(s.status for s in samples)

    def figures(kind: str | None) -> dict[str, float]:
        times = [s.seconds for s in samples if kind is None or s.kind == kind]
        return {
            "requests": len(times),
            "p50_ms": 1000 * _percentile(times, 0.50),
            "p90_ms": 1000 * _percentile(times, 0.90),
            "p99_ms": 1000 * _percentile(times, 0.99),
            "max_ms": 1000 * max(times, default=0.0),
            "mean_ms": 1000 * statistics.fmean(times) if times else 0.0,
        }

    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "rps": round(len(samples) / elapsed, 1),
        "errors": statuses[0],
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "all": figures(None),
        "rest": figures("rest"),
        "sparql": figures("sparql"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Loopback load generator for crmkg serve.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    result = asyncio.run(generate(args.url, args.clients, args.seconds, args.seed))
    print(json.dumps(result))


# --- the test ------------------------------------------------------------------------------------


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (the query processes), from /proc.
    Children are listed per thread, and the query processes are started from worker threads,
    so every thread's list is read."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        children = [
            child
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except (FileNotFoundError, ProcessLookupError):  # it ended meanwhile
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) * 1024
    return total + sum(rss_bytes(int(child)) for child in children)


def _descendants(pid: int) -> list[int]:
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    return children + [d for child in children for d in _descendants(child)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]


def _crmkg() -> Path:
    crmkg = Path(sys.executable).parent / "crmkg"
    if not crmkg.is_file():
        raise AssertionError(f"{crmkg} is missing: install the project (pip install -e .)")
    return crmkg


@contextlib.contextmanager
def _served(tmp: Path) -> Iterator[Served]:
    """`crmkg serve` on a store built by `crmkg ingest data/corpus`, in its own process group."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRMKG_")}
    env["CRMKG_STORE"] = str(tmp / "store")
    log = tmp / "serve.log"
    built = subprocess.run(
        [str(_crmkg()), "ingest", str(PROJECT_ROOT / "data/corpus")],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(_crmkg()), "serve", "--port", str(port)],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text("utf-8")[-3000:]
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/api/stats", timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, "crmkg serve did not answer within 90 s"
            time.sleep(0.2)
        yield Served(url, process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def _load(url: str, clients: int, seconds: float) -> dict[str, Any]:
    """Run this file as the load generator, in its own process."""
    options = ["--url", url, "--clients", str(clients), "--seconds", str(seconds)]
    run = subprocess.run(
        [sys.executable, __file__, *options],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    result["stderr"] = run.stderr[-2000:]
    return result


@pytest.mark.slow
def test_fifty_clients_for_sixty_seconds(tmp_path: Path) -> None:
    with _served(tmp_path) as served:
        with httpx.Client(base_url=served.url, timeout=60) as client:
            for path in REST:  # the mix is valid, so any failure under load is the load's
                assert client.get(path).status_code == 200, path
            for query in sparql_queries():
                answer = client.post(
                    "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
                )
                assert answer.status_code == 200, (query, answer.text[:300])
        warm = _load(served.url, CLIENTS, WARM_UP_SECONDS)
        assert warm["errors"] == 0 and warm["server_errors"] == 0, warm
        before = rss_bytes(served.process.pid)
        processes = _descendants(served.process.pid)
        assert len(processes) >= 2, f"the query processes were not found: {processes}"
        samples: list[int] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(1.0):
                samples.append(rss_bytes(served.process.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            result = _load(served.url, CLIENTS, SECONDS)
        finally:
            stop.set()
            sampler.join()
        after = rss_bytes(served.process.pid)
        assert served.process.poll() is None, "the server died under load"

    mib = 2**20
    print(
        f"\nload: {result['clients']} clients, {result['seconds']} s, {result['requests']} "
        f"requests, {result['rps']} req/s, errors {result['errors']}, 5xx "
        f"{result['server_errors']}, statuses {result['statuses']}"
    )
    for kind in ("all", "rest", "sparql"):
        f = result[kind]
        print(
            f"  {kind:6s} n={f['requests']:6d} p50 {f['p50_ms']:7.1f} ms  p90 {f['p90_ms']:7.1f} ms"
            f"  p99 {f['p99_ms']:7.1f} ms  max {f['max_ms']:7.1f} ms"
        )
    print(
        f"  server RSS (with its {len(processes)} child processes): before {before / mib:.0f} MiB, during "
        f"{min(samples) / mib:.0f}-{max(samples) / mib:.0f} MiB, after {after / mib:.0f} MiB"
    )
    assert result["errors"] == 0, result["stderr"]
    assert result["server_errors"] == 0, result["statuses"]
    assert result["statuses"] == {"200": result["requests"]}, result["statuses"]
    assert result["seconds"] >= SECONDS and result["clients"] >= 50
    assert result["requests"] >= 10 * SECONDS, "the server answered fewer than 10 requests/s"
    assert after - before < RSS_GROWTH_LIMIT, (before, after)
    assert max(samples) - before < RSS_GROWTH_LIMIT, (before, max(samples))


if __name__ == "__main__":
    main()
