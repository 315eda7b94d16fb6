"""Closed by default: writes need the token; queries are bounded in time, rows, bytes and length;
hostile uploads get a precise 4xx and change nothing."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from kg.build import ensure_vocabularies
from kg.settings import Settings
from kg.store import OxigraphStore
from tests.conftest import LiveServer, serve_in_thread

TOKEN = "s3cret-token-for-tests"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(
        store=tmp_path_factory.mktemp("guarded"),
        write_token=SecretStr(TOKEN),
        query_timeout=2.0,
        max_result_rows=50,
        max_query_length=5_000,
        max_request_bytes=20_000,
        max_upload_bytes=200_000,
    )
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    yield from serve_in_thread(create_app(settings, store))


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(store=tmp_path_factory.mktemp("open"))
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    yield from serve_in_thread(create_app(settings, store))


def count(client: httpx.Client) -> int:
    answer = client.get("/sparql", params={"query": COUNT})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writing_is_off_without_a_configured_token(open_server: LiveServer) -> None:
    with open_server.client() as client:
        before = count(client)
        update = client.post(
            "/sparql/update",
            content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update", **auth()},
        )
        delete = client.delete("/api/documents/anything", headers=auth())
        assert update.status_code == 403 and "off" in update.json()["detail"]
        assert delete.status_code == 403
        assert count(client) == before


def test_missing_or_wrong_token_changes_nothing(guarded_server: LiveServer) -> None:
    body = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    headers = {"Content-Type": "application/sparql-update"}
    with guarded_server.client() as client:
        before = count(client)
        missing = client.post("/sparql/update", content=body, headers=headers)
        wrong = client.post("/sparql/update", content=body, headers={**headers, **auth("nope")})
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"].startswith("Bearer")
        assert wrong.status_code == 403
        assert count(client) == before


def test_update_with_the_token_and_no_remote_loads(guarded_server: LiveServer) -> None:
    headers = {"Content-Type": "application/sparql-update", **auth()}
    with guarded_server.client() as client:
        before = count(client)
        added = client.post(
            "/sparql/update",
            headers=headers,
            content="INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> <urn:c> } }",
        )
        assert added.status_code == 204
        assert count(client) == before + 1
        remote = client.post(
            "/sparql/update",
            headers=headers,
            content="LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:x>",
        )
        assert remote.status_code == 403
        broken = client.post("/sparql/update", headers=headers, content="INSERT DATA { <urn:a> }")
        assert broken.status_code == 400
        client.post("/sparql/update", headers=headers, content="DROP GRAPH <urn:test>")
        assert count(client) == before


def test_runaway_query_is_stopped_while_others_are_answered(guarded_server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        with guarded_server.client() as client:
            answer = client.get("/sparql", params={"query": RUNAWAY})
        outcome["status"] = answer.status_code
        outcome["detail"] = answer.json()["detail"]
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    latencies = []
    with guarded_server.client() as client:
        while thread.is_alive():
            started = time.monotonic()
            assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.1)
    thread.join()
    assert outcome["status"] == 503 and "stopped" in str(outcome["detail"])
    assert 1.5 <= float(outcome["seconds"]) < 10  # type: ignore[arg-type]
    assert latencies and max(latencies) < 1.0
    with guarded_server.client() as client:
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


@pytest.mark.parametrize(
    ("params", "status", "phrase"),
    [
        ({"query": "SELECT * WHERE { ?s ?p ?o }"}, 413, "rows"),
        ({"query": "SELECT * WHERE { ?s ?p ?o } # " + "x" * 6_000}, 413, "characters"),
        ({"query": 'SELECT * WHERE { ?s ?p "' + "x" * 4_000 + '" }'}, 200, ""),
        (
            {"query": "SELECT * WHERE { " + "{ " * 100 + "?s ?p ?o" + " }" * 100 + " }"},
            400,
            "levels",
        ),
        ({"query": "SELECT * WHERE { ?s undeclared:p ?o }"}, 400, "Prefix not found"),
    ],
)
def test_query_caps(
    guarded_server: LiveServer, params: dict[str, str], status: int, phrase: str
) -> None:
    with guarded_server.client() as client:
        answer = client.get("/sparql", params=params)
    assert answer.status_code == status, answer.text
    if phrase:
        assert phrase in answer.json()["detail"]


def test_request_body_cap(guarded_server: LiveServer) -> None:
    with guarded_server.client() as client:
        answer = client.post(
            "/sparql",
            content="#" * 30_000 + "\nASK {}",
            headers={"Content-Type": "application/sparql-query"},
        )
    assert answer.status_code == 413


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("empty.txt", b"", 422),
        ("binary.txt", bytes(range(256)) * 20, 415),
        ("bomb.pdf", _zip_bomb(), 415),
        ("fake.pdf", b"%PDF-1.7\n this is not really a pdf", 422),
        ("big.txt", b"grondstoffen " * 20_000, 413),
        ("../../etc/passwd", b"root:x:0:0", 201),
    ],
)
def test_hostile_uploads(
    guarded_server: LiveServer, name: str, content: bytes, status: int
) -> None:
    with guarded_server.client() as client:
        before = count(client)
        answer = client.post("/api/documents", headers=auth(), files={"file": (name, content)})
        assert answer.status_code == status, answer.text
        if status == 201:
            doc_id = answer.json()["id"]
            assert "/" not in doc_id and ".." not in doc_id
            assert client.delete(f"/api/documents/{doc_id}", headers=auth()).status_code == 204
        else:
            assert len(answer.json()["detail"]) > 10
        assert count(client) == before


def test_upload_then_remove_a_document(guarded_server: LiveServer) -> None:
    text = (
        b"China heeft de export van gallium en germanium aan banden gelegd. "
        b"Het Nederlands Materialen Observatorium (NMO) volgt de markt."
    )
    with guarded_server.client() as client:
        before = count(client)
        added = client.post(
            "/api/documents",
            headers=auth(),
            files={"file": ("nieuws.txt", text)},
            data={"title": "Testbericht"},
        )
        assert added.status_code == 201, added.text
        result = added.json()
        assert result["id"] == "nieuws" and result["entities"] >= 3 and result["relations"] >= 2
        assert count(client) > before
        ask = client.get(
            "/sparql",
            params={
                "query": (
                    "ASK { ?c <https://w3id.org/crmkg/ontology#restrictsExportOf> ?m . "
                    '?m <https://w3id.org/crmkg/ontology#symbol> "Ga" }'
                )
            },
        )
        assert ask.json()["boolean"] is True
        assert client.delete("/api/documents/nieuws", headers=auth()).status_code == 204
        assert client.delete("/api/documents/nieuws", headers=auth()).status_code == 404
        assert count(client) == before


def test_nesting_that_would_overflow_the_parser_is_refused(open_server: LiveServer) -> None:
    """3,000 nested groups overflow pyoxigraph's recursive parser and kill the process; the
    service refuses them first and stays up."""
    query = "SELECT * WHERE { " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000 + " }"
    with open_server.client() as client:
        answer = client.get("/sparql", params={"query": query})
        assert answer.status_code == 400 and "levels" in answer.json()["detail"]
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
