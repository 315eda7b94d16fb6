"""SPARQL evaluation in worker processes, so a runaway query can really be stopped.

pyoxigraph cannot cancel a running query, and a signal only fires after it returns. So the
endpoint sends each query to a worker process that holds an in-memory replica of the store
(loaded from an N-Quads snapshot of the primary, refreshed when the store's version changes).
A worker that passes the time limit is killed and replaced; the others keep answering.
In-memory evaluation is also several times faster than the primary on RocksDB.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.sparql import SparqlError
from kg.store import Dataset, Limits, OxigraphStore


@dataclass(frozen=True)
class Snapshot:
    path: str
    version: str


@dataclass(frozen=True)
class Job:
    query: str
    media_type: str
    dataset: Dataset | None
    limits: Limits
    prefixes: dict[str, str] | None
    snapshot: Snapshot


#: Stack of the thread that parses and evaluates. The engine recurses once per chained operator
#: or pattern, and within the length cap a query of 20,000 ``!`` or 3,000 MINUS blocks overflowed
#: the default 8 MiB and killed the worker (every such request a 503 and a respawn). With this
#: much (address space, touched only as deep as a query goes) every construct tested up to the
#: 100,000-character cap parses; what is slow is stopped by the time limit.
STACK_BYTES = 512 * 1024 * 1024


def _serve(connection: Connection) -> None:
    """The worker's entry point: the loop, on a thread with a deep stack."""
    threading.stack_size(STACK_BYTES)
    loop = threading.Thread(target=_answer_jobs, args=(connection,), name="crmkg-query")
    loop.start()
    loop.join()


def _answer_jobs(connection: Connection) -> None:
    """The worker loop: answer jobs on the replica of the newest snapshot."""
    replica: OxigraphStore | None = None
    loaded: str | None = None
    while True:
        try:
            job: Job = connection.recv()
        except EOFError:
            return
        try:
            if loaded != job.snapshot.version or replica is None:
                replica = OxigraphStore(None)
                replica.raw.bulk_load(path=job.snapshot.path, format=ox.RdfFormat.N_QUADS)
                loaded = job.snapshot.version
            body = replica.answer(job.query, job.media_type, job.dataset, job.limits, job.prefixes)
            connection.send(("ok", body))
        except SparqlError as error:
            connection.send(("error", (error.status, error.message)))
        except Exception as error:
            connection.send(("error", (500, f"{type(error).__name__}: {error}")))


class Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def run(self, job: Job, timeout: float) -> tuple[str, Any]:
        self.connection.send(job)
        if not self.connection.poll(timeout):
            raise TimeoutError
        result: tuple[str, Any] = self.connection.recv()
        return result

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryWorkers:
    """A fixed pool of query processes over snapshots of one store."""

    def __init__(self, store: OxigraphStore, size: int, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")
        self.idle: asyncio.Queue[Worker] | None = None
        self.size = size
        self.folder = Path(tempfile.mkdtemp(prefix="crmkg-snapshots-"))
        self._snapshot: Snapshot | None = None
        self._snapshot_lock = threading.Lock()

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        workers = await asyncio.gather(
            *(asyncio.to_thread(Worker, self.context) for _ in range(self.size))
        )
        for worker in workers:
            self.idle.put_nowait(worker)

    async def stop(self) -> None:
        if self.idle is None:
            return
        while not self.idle.empty():
            self.idle.get_nowait().kill()
        for path in self.folder.glob("*"):
            path.unlink(missing_ok=True)
        self.folder.rmdir()

    def snapshot(self) -> Snapshot:
        """An N-Quads dump of the store at its current version (written once per version)."""
        with self._snapshot_lock:
            version = f"{id(self.store)}-{self.store.version}"
            if self._snapshot is None or self._snapshot.version != version:
                path = self.folder / f"snapshot-{version}.nq"
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as handle:
                    self.store.dump(handle)
                os.replace(tmp, path)
                if self._snapshot is not None:
                    Path(self._snapshot.path).unlink(missing_ok=True)
                self._snapshot = Snapshot(str(path), version)
            return self._snapshot

    async def answer(
        self,
        query: str,
        media_type: str,
        dataset: Dataset | None,
        limits: Limits,
        prefixes: dict[str, str] | None,
    ) -> bytes:
        assert self.idle is not None, "start() the pool first"
        started = time.monotonic()
        snapshot = await asyncio.to_thread(self.snapshot)
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout=self.timeout)
        except TimeoutError:  # was a bare 500 when more runaway queries came than processes
            raise SparqlError(
                f"All {self.size} query processes stayed busy for the time limit of "
                f"{self.timeout:g} s; try again later.",
                status=503,
            ) from None
        remaining = max(0.1, self.timeout - (time.monotonic() - started))
        job = Job(query, media_type, dataset, limits, prefixes, snapshot)
        try:
            status, payload = await asyncio.to_thread(worker.run, job, remaining)
        except TimeoutError:
            worker.kill()
            worker = await asyncio.to_thread(Worker, self.context)
            raise SparqlError(
                f"The query ran longer than the limit of {self.timeout:g} s and was stopped.",
                status=503,
            ) from None
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = await asyncio.to_thread(Worker, self.context)
            raise SparqlError("The query process failed; try again.", status=503) from None
        finally:
            self.idle.put_nowait(worker)
        if status == "error":
            code, message = payload
            raise SparqlError(message, status=code)
        body: bytes = payload
        return body
