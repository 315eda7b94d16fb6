"""Shared fixtures: the graph built from data/ once per session, and a real HTTP server on it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from kg.build import ensure_vocabularies
from kg.ingest import ingest_paths
from kg.iri import Minter
from kg.settings import PROJECT_ROOT, Settings
from kg.store import GraphStore, OxigraphStore

CORPUS = PROJECT_ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(store=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def minter(settings: Settings) -> Minter:
    return Minter(settings.base_iri)


@pytest.fixture(scope="session")
def built_store(settings: Settings) -> Iterator[GraphStore]:
    """The graph as `crmkg serve` builds it: vocabularies plus every corpus document."""
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    report = ingest_paths(store, settings, [settings.data_dir])
    assert not report.failures, report.failures
    yield store


class LiveServer:
    def __init__(self, url: str) -> None:
        self.url = url

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def serve_in_thread(app: object) -> Iterator[LiveServer]:
    """Run ``app`` with uvicorn on a free loopback port until the test session ends."""
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and
    # without it Nagle and delayed ACKs held every answer's body back ~40 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings: Settings, built_store: GraphStore) -> Iterator[LiveServer]:
    yield from serve_in_thread(create_app(settings, built_store))


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))
