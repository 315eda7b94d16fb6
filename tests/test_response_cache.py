"""The REST answer cache: answers kept per store version, never stale after a write, bounded in
bytes; and the SPARQL workers' snapshot taken at start-up, outside any query's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from api.caching import AnswerCache, Cached
from kg.build import ensure_vocabularies
from kg.query_workers import QueryWorkers
from kg.settings import Settings
from kg.store import Limits, OxigraphStore
from tests.conftest import LiveServer, serve_in_thread

TOKEN = "cache-token-for-tests"
BASE = "https://w3id.org/crmkg/"
NEW = f"{BASE}id/material/zzyzxium"
GRAPH = f"{BASE}graph/test-cache"
INSERT = (
    f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{NEW}> a <https://w3id.org/crmkg/ontology#Material> ; "
    '<http://www.w3.org/2004/02/skos/core#prefLabel> "zzyzxium"@en } }'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(store=tmp_path_factory.mktemp("cache"), write_token=SecretStr(TOKEN))
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    yield from serve_in_thread(create_app(settings, store))


def update(client: httpx.Client, text: str) -> None:
    answer = client.post(
        "/sparql/update",
        content=text,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 204, answer.text


def test_a_write_through_the_api_is_seen_by_the_next_read(server: LiveServer) -> None:
    with server.client() as client:
        before = client.get("/api/entities", params={"q": "zzyz"})
        again = client.get("/api/entities", params={"q": "zzyz"})
        assert before.json()["total"] == again.json()["total"] == 0
        assert before.headers["etag"] == again.headers["etag"]
        stats = client.get("/api/stats").json()
        update(client, INSERT)
        try:
            found = client.get("/api/entities", params={"q": "zzyz"})
            assert found.json()["total"] == 1 and found.json()["items"][0]["iri"] == NEW
            assert found.headers["etag"] != before.headers["etag"]
            assert client.get("/api/stats").json()["triples"] == stats["triples"] + 2
        finally:
            update(client, f"DROP GRAPH <{GRAPH}>")
        assert client.get("/api/entities", params={"q": "zzyz"}).json()["total"] == 0
        after = client.get("/api/stats").json()
        assert after.pop("version") != stats.pop("version") and after == stats


def test_a_cached_answer_keeps_its_etag_and_revalidates(server: LiveServer) -> None:
    with server.client() as client:
        first = client.get("/api/entities", params={"q": "gall"})
        second = client.get("/api/entities", params={"q": "gall"})
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
        assert second.headers["content-type"] == first.headers["content-type"]
        assert "no-cache" in second.headers["cache-control"]
        revalidated = client.get(
            "/api/entities", params={"q": "gall"}, headers={"If-None-Match": first.headers["etag"]}
        )
        assert revalidated.status_code == 304 and revalidated.content == b""
        assert revalidated.headers["etag"] == first.headers["etag"]
        # CORS headers are added per request, also to a cached answer
        cors = client.get(
            "/api/entities", params={"q": "gall"}, headers={"Origin": "https://example.org"}
        )
        assert cors.headers["access-control-allow-origin"] == "*"
        assert cors.content == first.content


def test_concurrent_first_requests_get_one_answer(server: LiveServer) -> None:
    async def fetch_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            return await asyncio.gather(
                *(client.get("/api/materials/gallium/countries") for _ in range(8))
            )

    answers = asyncio.run(fetch_all())
    assert {a.status_code for a in answers} == {404} or len({a.content for a in answers}) == 1


def test_errors_are_not_cached(server: LiveServer) -> None:
    with server.client() as client:
        missing = client.get("/api/entities/zzyzxium")
        assert missing.status_code == 404 and "etag" not in missing.headers
        update(client, INSERT)
        try:
            assert client.get("/api/entities/zzyzxium").status_code == 200
        finally:
            update(client, f"DROP GRAPH <{GRAPH}>")
        assert client.get("/api/entities/zzyzxium").status_code == 404


def test_the_cache_is_bounded_in_bytes_and_per_version() -> None:
    cache = AnswerCache(max_bytes=4_000)
    cache.at(1)
    for n in range(10):
        cache.put(1, (str(n),), Cached([], b"x" * 700, f'"{n}"'))
    assert cache.size <= 4_000
    assert cache.get(("0",)) is None and cache.get(("9",)) is not None  # oldest out first
    cache.put(1, ("big",), Cached([], b"x" * 2_000, '"big"'))  # over a quarter: not kept
    assert cache.get(("big",)) is None
    cache.put(0, ("old",), Cached([], b"x", '"old"'))  # computed from an older version
    assert cache.get(("old",)) is None
    cache.at(2)
    assert cache.size == 0 and cache.get(("9",)) is None


def test_the_snapshot_is_loaded_at_start_up_and_not_counted_against_the_limit() -> None:
    store = OxigraphStore(None)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")

    async def run() -> tuple[bool, bytes, bytes]:
        workers = QueryWorkers(store, 1, timeout=5.0)
        await workers.start()
        try:
            # The dump and load are slower than this limit here; they happen before the clock.
            workers.timeout = 0.5
            query = "ASK { <urn:a> <urn:b> <urn:c> }"
            media = "application/sparql-results+json"
            first = await workers.answer(query, media, None, Limits(), None)
            assert workers.ready is not None
            ready = workers.ready.is_set()
            store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:d> } }")
            second = await workers.answer(
                "ASK { <urn:a> <urn:b> <urn:d> }", media, None, Limits(), None
            )
            return ready, first, second
        finally:
            await workers.stop()

    ready, first, second = asyncio.run(run())
    assert ready and b"true" in first and b"true" in second
