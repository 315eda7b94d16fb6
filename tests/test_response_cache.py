"""The REST answer cache: answers kept per store version, never stale after a write, bounded in
bytes; and the SPARQL workers' snapshot taken at start-up, outside any query's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from api.caching import AnswerCache, Cached, ConditionalGet
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


# --- SPARQL answers ----------------------------------------------------------------------------

COUNT_MATERIALS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/crmkg/ontology#Material> }"
)


@pytest.fixture(scope="module")
def sparql_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, object]]:
    settings = Settings(store=tmp_path_factory.mktemp("sparql-cache"), write_token=SecretStr(TOKEN))
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    app = create_app(settings, store)
    for live in serve_in_thread(app):
        yield live, app


def answer_cache(app: object) -> AnswerCache:
    """The ConditionalGet layer's cache, found by walking the built middleware stack."""
    layer = getattr(app, "middleware_stack", None)
    while layer is not None:
        if isinstance(layer, ConditionalGet):
            return layer.cache
        layer = getattr(layer, "app", None)
    raise AssertionError("no ConditionalGet in the middleware stack")


def materials(client: httpx.Client, **headers: str) -> httpx.Response:
    answer = client.get("/sparql", params={"query": COUNT_MATERIALS}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer


def test_a_repeated_sparql_get_is_answered_from_the_cache_until_a_write(
    sparql_app: tuple[LiveServer, object],
) -> None:
    live, app = sparql_app
    with live.client() as client:
        first = materials(client)
        cache = answer_cache(app)
        hits = cache.hits
        second = materials(client)
        assert cache.hits == hits + 1
        assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
        assert "accept" in second.headers["vary"].lower()
        revalidated = client.get(
            "/sparql",
            params={"query": COUNT_MATERIALS},
            headers={"If-None-Match": first.headers["etag"]},
        )
        assert revalidated.status_code == 304
        before = int(first.json()["results"]["bindings"][0]["n"]["value"])
        update(client, INSERT)
        after = materials(client)
        assert int(after.json()["results"]["bindings"][0]["n"]["value"]) == before + 1
        assert after.headers["etag"] != first.headers["etag"]
        update(client, f"DROP GRAPH <{GRAPH}>")
        assert materials(client).content == first.content


def test_other_formats_are_kept_apart(sparql_app: tuple[LiveServer, object]) -> None:
    live, _ = sparql_app
    with live.client() as client:
        as_json = materials(client, Accept="application/sparql-results+json")
        as_csv = materials(client, Accept="text/csv")
        assert as_json.headers["content-type"].startswith("application/sparql-results+json")
        assert as_csv.headers["content-type"].startswith("text/csv")


def test_volatile_queries_and_posts_are_not_kept(sparql_app: tuple[LiveServer, object]) -> None:
    live, _ = sparql_app
    query = "SELECT (STRUUID() AS ?id) WHERE {}"
    with live.client() as client:
        one = client.get("/sparql", params={"query": query})
        two = client.get("/sparql", params={"query": query})
        assert one.status_code == two.status_code == 200
        assert one.json() != two.json()
        assert "etag" not in one.headers and "no-store" in one.headers["cache-control"]
        posted = client.post("/sparql", data={"query": COUNT_MATERIALS})
        assert posted.status_code == 200 and "etag" not in posted.headers


def test_no_cache_in_the_request_computes_afresh(sparql_app: tuple[LiveServer, object]) -> None:
    live, app = sparql_app
    with live.client() as client:
        materials(client)
        cache = answer_cache(app)
        hits = cache.hits
        fresh = materials(client, **{"Cache-Control": "no-cache"})
        assert cache.hits == hits
        assert "etag" in fresh.headers
