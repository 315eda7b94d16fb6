"""SPARQL evaluation in worker processes, so a runaway query can really be stopped.

pyoxigraph cannot cancel a running query, and a signal only fires after it returns. So the
endpoint sends each query to a worker process that holds an in-memory replica of the store
(loaded from an N-Quads snapshot of the primary, refreshed when the store's version changes).
A worker that passes the time limit is killed and replaced; the others keep answering.
In-memory evaluation is also several times faster than the primary on RocksDB.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import tempfile
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.deep_stack import start_deep_thread
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


def _serve(connection: Connection) -> None:
    """The worker's entry point: the loop, on a thread with a deep stack (see kg.deep_stack:
    within the length cap, ``!`` x 20,000 or 3,000 MINUS blocks overflowed the default 8 MiB
    and killed the worker, every such request a 503 and a respawn)."""
    start_deep_thread(lambda: _answer_jobs(connection), "crmkg-query").join()


def _answer_jobs(connection: Connection) -> None:
    """The worker loop: load snapshots when asked, answer jobs on the replica of the newest.
    An answer goes back as a small header (status, size) and then the body as raw bytes, so a
    large answer is neither pickled nor copied into a tuple."""
    replica: OxigraphStore | None = None
    loaded: str | None = None
    while True:
        try:
            message: Job | Snapshot = connection.recv()
        except EOFError:
            return
        snapshot = message if isinstance(message, Snapshot) else message.snapshot
        try:
            if loaded != snapshot.version or replica is None:
                replica = None  # free the old replica before loading the new one
                fresh = OxigraphStore(None)
                fresh.raw.bulk_load(path=snapshot.path, format=ox.RdfFormat.N_QUADS)
                replica, loaded = fresh, snapshot.version
            if isinstance(message, Snapshot):
                connection.send(("loaded", loaded))
                continue
            body = replica.answer(
                message.query, message.media_type, message.dataset, message.limits, message.prefixes
            )
        except SparqlError as error:
            connection.send(("error", (error.status, error.message)))
            continue
        except Exception as error:
            connection.send(("error", (500, f"{type(error).__name__}: {error}")))
            continue
        connection.send(("ok", len(body)))
        connection.send_bytes(body)


#: Answers larger than this are received on a thread, so the event loop is not held while they
#: arrive; smaller ones are read at once.
INLINE_BYTES = 1 << 20


class Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.loaded: str | None = None

    async def _readable(self, timeout: float | None) -> None:
        """Wait, in the event loop (no thread), until the worker has sent something."""
        if self.connection.poll(0):
            return
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.connection.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
            # uvloop (uvicorn's loop when installed) makes a watched fd non-blocking; the
            # Connection's reads expect blocking and failed with EAGAIN mid-message.
            os.set_blocking(fd, True)

    async def load(self, snapshot: Snapshot) -> None:
        """Have the worker load ``snapshot`` (not timed: it is not the query's work)."""
        self.connection.send(snapshot)
        await self._readable(None)
        status, payload = self.connection.recv()
        if status != "loaded":
            _, message = payload
            raise SparqlError(f"The query process could not load the graph: {message}", 503)
        self.loaded = snapshot.version

    async def run(self, job: Job, timeout: float) -> tuple[str, Any]:
        """Send ``job``; ("ok", body) or ("error", (status, message)). TimeoutError when the
        worker has not answered within ``timeout`` seconds."""
        self.connection.send(job)
        await self._readable(timeout)
        status, payload = self.connection.recv()
        self.loaded = job.snapshot.version
        if status != "ok":
            return status, payload
        if payload > INLINE_BYTES:
            body = await asyncio.to_thread(self.connection.recv_bytes)
        else:
            body = self.connection.recv_bytes()
        return status, body

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryWorkers:
    """A fixed pool of query processes over snapshots of one store.

    :meth:`start` spawns the processes and, in the background, dumps the snapshot and has every
    worker load it: the server answers REST and the web page at once, and SPARQL queries that
    arrive meanwhile wait for it (their time limit not running). A query's clock starts when a
    worker with the current snapshot takes it; after a write, the first query dumps the new
    version and each worker loads it when it next takes a query, both outside the clock.
    """

    def __init__(self, store: OxigraphStore, size: int, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")
        self.idle: asyncio.Queue[Worker] | None = None
        self.size = size
        self.folder = Path(tempfile.mkdtemp(prefix="crmkg-snapshots-"))
        self._snapshot: Snapshot | None = None
        self._previous: Snapshot | None = None
        self._snapshot_lock = threading.Lock()
        self._dumping: dict[str, asyncio.Future[Snapshot]] = {}
        self._warm_up: asyncio.Task[None] | None = None
        self.ready: asyncio.Event | None = None
        self._draining: set[asyncio.Future[None]] = set()

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        self.ready = asyncio.Event()
        workers = await asyncio.gather(
            *(asyncio.to_thread(Worker, self.context) for _ in range(self.size))
        )
        self._warm_up = asyncio.create_task(self._load_all(workers))

    async def _load_all(self, workers: list[Worker]) -> None:
        """Dump the snapshot and load it into every worker, then open the pool."""
        assert self.idle is not None and self.ready is not None
        try:
            snapshot = await self.current_snapshot()
            await asyncio.gather(*(w.load(snapshot) for w in workers), return_exceptions=True)
        finally:
            for worker in workers:
                self.idle.put_nowait(worker)
            self.ready.set()

    async def wait_ready(self) -> None:
        """Until the start-up snapshot is loaded (at once afterwards)."""
        assert self.ready is not None, "start() the pool first"
        if not self.ready.is_set():
            await self.ready.wait()

    async def stop(self) -> None:
        if self.idle is None:
            return
        if self._warm_up is not None and not self._warm_up.done():
            self._warm_up.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._warm_up
        while not self.idle.empty():
            self.idle.get_nowait().kill()
        for path in self.folder.glob("*"):
            path.unlink(missing_ok=True)
        self.folder.rmdir()

    def _version(self) -> str:
        return f"{id(self.store)}-{self.store.version}"

    def snapshot(self) -> Snapshot:
        """An N-Quads dump of the store at its current version (written once per version)."""
        with self._snapshot_lock:
            version = self._version()
            if self._snapshot is None or self._snapshot.version != version:
                path = self.folder / f"snapshot-{version}.nq"
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as handle:
                    self.store.dump(handle)
                os.replace(tmp, path)
                # The one before is kept: a worker may be about to load it.
                if self._previous is not None:
                    Path(self._previous.path).unlink(missing_ok=True)
                self._previous, self._snapshot = self._snapshot, Snapshot(str(path), version)
            return self._snapshot

    async def current_snapshot(self) -> Snapshot:
        """The snapshot of the store's current version: checked in the event loop, dumped on a
        thread (once, however many queries ask for it meanwhile) only when the version moved."""
        current = self._snapshot
        version = self._version()
        if current is not None and current.version == version:
            return current
        pending = self._dumping.get(version)
        if pending is None:
            pending = asyncio.ensure_future(asyncio.to_thread(self.snapshot))
            self._dumping[version] = pending
            pending.add_done_callback(lambda _: self._dumping.pop(version, None))
        return await asyncio.shield(pending)

    async def _drain(self, worker: Worker) -> None:
        assert self.idle is not None
        try:
            await worker._readable(self.timeout)
            status, _ = worker.connection.recv()
            if status == "ok":
                await asyncio.to_thread(worker.connection.recv_bytes)
        except BaseException:
            worker = await self._replace(worker)
        self.idle.put_nowait(worker)

    async def _replace(self, worker: Worker) -> Worker:
        """A new process for ``worker`` (killed), also when the caller is cancelled."""
        worker.kill()
        return await asyncio.shield(asyncio.to_thread(Worker, self.context))

    async def answer(
        self,
        query: str,
        media_type: str,
        dataset: Dataset | None,
        limits: Limits,
        prefixes: dict[str, str] | None,
    ) -> bytes:
        assert self.idle is not None, "start() the pool first"
        await self.wait_ready()
        snapshot = await self.current_snapshot()
        try:
            worker = self.idle.get_nowait()
        except asyncio.QueueEmpty:
            try:
                worker = await asyncio.wait_for(self.idle.get(), timeout=self.timeout)
            except TimeoutError:  # was a bare 500 when more runaway queries came than processes
                raise SparqlError(
                    f"All {self.size} query processes stayed busy for the time limit of "
                    f"{self.timeout:g} s; try again later.",
                    status=503,
                ) from None
        job = Job(query, media_type, dataset, limits, prefixes, snapshot)
        try:
            if worker.loaded != snapshot.version:
                await worker.load(snapshot)  # outside the query's clock
            status, payload = await worker.run(job, self.timeout)  # the clock starts here
        except TimeoutError:
            self.idle.put_nowait(await self._replace(worker))
            raise SparqlError(
                f"The query ran longer than the limit of {self.timeout:g} s and was stopped.",
                status=503,
            ) from None
        except (EOFError, OSError, BrokenPipeError):
            self.idle.put_nowait(await self._replace(worker))
            raise SparqlError("The query process failed; try again.", status=503) from None
        except SparqlError:  # the worker could not load the snapshot; it said so
            self.idle.put_nowait(worker)
            raise
        except BaseException:
            # Cancelled (the client left) with a reply still to come: read it in the
            # background, then give the worker back (or replace it after the time limit).
            draining = asyncio.ensure_future(self._drain(worker))
            self._draining.add(draining)
            draining.add_done_callback(self._draining.discard)
            raise
        self.idle.put_nowait(worker)
        if status == "error":
            code, message = payload
            raise SparqlError(message, status=code)
        body: bytes = payload
        return body
