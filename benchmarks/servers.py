"""Servers for the HTTP benchmarks, each in its own process, and the load tool that drives them.

- ``crmkg serve --store DIR --port N``: the project's server, exactly as users start it.
- ``python -m benchmarks.servers --port N``: the baseline, a bare FastAPI app whose endpoints
  return a constant, run by ``uvicorn.run(app, host=..., port=...)`` as ``crmkg serve`` runs
  the project's app (the same uvicorn defaults: one process, access log on).
- :func:`wrk`: ``wrk --latency`` from a second process on loopback, its report parsed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import IO, Any

from fastapi import FastAPI

CONSTANT = {"id": "material/gallium", "label": "gallium", "type": "Material"}


def constant_app() -> FastAPI:
    app = FastAPI(title="constant")

    @app.get("/constant")
    async def constant() -> dict[str, str]:
        return CONSTANT

    @app.get("/constant-sync")
    def constant_sync() -> dict[str, str]:  # run in the thread pool, as the REST routes are
        return CONSTANT

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds until ``port`` accepts a connection (uvicorn binds after the app's start-up)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listens on port {port} after {limit} s")


def launch(
    command: list[str],
    port: int,
    log: IO[bytes],
    limit: float = 600,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], float]:
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    return process, wait_for_port(port, process, limit)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a server this benchmark started (its own process only), gracefully first."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process and of its children (the query workers)."""
    import psutil

    process = psutil.Process(pid)
    own = process.memory_info().rss
    children = sum(c.memory_info().rss for c in process.children(recursive=True))
    return {
        "server_mb": own / 2**20,
        "children_mb": children / 2**20,
        "total_mb": (own + children) / 2**20,
    }


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, seconds: float, connections: int = 8, threads: int = 1) -> dict[str, Any]:
    """Requests/s, p50, p99 and errors of ``url`` under ``connections`` keep-alive clients."""
    tool = shutil.which("wrk")
    if tool is None:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    command = [
        tool, "--latency", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        "--timeout", "10s", url,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"connections": connections, "seconds": seconds}
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{pct}"] = _seconds(match.group(1)) if match else None
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(match.group(1)) if match else 0.0
    match = re.search(r"(\d+) requests in", output)
    result["requests"] = int(match.group(1)) if match else 0
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    non_2xx = int(match.group(1)) if match else 0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(x) for x in match.groups()) if match else 0
    result["errors"] = non_2xx + socket_errors
    result["non_2xx"] = non_2xx
    result["socket_errors"] = socket_errors
    return result


def log_file(folder: Path, name: str) -> IO[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / f"{name}.log").open("wb")


def main() -> None:
    parser = argparse.ArgumentParser(description="The constant baseline server.")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    import uvicorn

    uvicorn.run(constant_app(), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
