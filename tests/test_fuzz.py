"""Fuzzing every operation of the OpenAPI document with schemathesis, over real HTTP.

Why: the endpoints parse untrusted parameters, paths and bodies (names, IRIs, SPARQL, forms,
uploads), and hand-written tests only try the inputs their authors thought of. Schemathesis
generates inputs from the document the server publishes (schema-valid ones, and schema-violating
ones where the document constrains something) and checks each answer: never a 5xx, a documented
status, a documented Content-Type, and a body that matches the documented schema.

The write operations are fuzzed without a token, against a server with none configured
(writing off: 403) and one with a token (401): whatever the input, they must refuse before doing
anything, and the store must be unchanged.

Bounded: ``MAX_EXAMPLES`` cases per operation and generation mode, no shrinking; the file runs in
about a minute on two cores. The counts are printed (``pytest -s tests/test_fuzz.py``) and
reported in docs/reliability.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
import requests
from pydantic import SecretStr

try:
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance
except ImportError as error:  # a missing tool is a failure, never a skip
    raise ImportError(
        "tests/test_fuzz.py needs schemathesis: install the dev extras "
        "(.venv/bin/pip install -e '.[dev]')"
    ) from error
from hypothesis import HealthCheck, Phase, given, settings

from api.app import create_app
from kg.build import ensure_vocabularies
from kg.settings import Settings
from kg.store import OxigraphStore
from tests.conftest import LiveServer, serve_in_thread

#: Cases per operation and generation mode.
MAX_EXAMPLES = 150
WRITE_OPERATIONS = {
    ("POST", "/sparql/update"),
    ("POST", "/api/documents"),
    ("DELETE", "/api/documents/{doc_id}"),
}
TOKEN = "fuzz-write-token"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
#: Not run: it expects every schema-valid request to succeed, but "any string" is all the
#: document can say of a SPARQL query, an entity type or a format name, and the server rightly
#: answers 400/404/406/422 to most strings. Every other default check runs.
EXCLUDED_CHECKS = [positive_data_acceptance]


def _operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation, from the document the app publishes."""
    document = create_app(Settings()).openapi()
    return sorted(
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    )


OPERATIONS = _operations()
READ_OPERATIONS = [op for op in OPERATIONS if op not in WRITE_OPERATIONS]


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with a write token configured, to which the fuzzer sends none."""
    settings = Settings(store=tmp_path_factory.mktemp("fuzz-token"), write_token=SecretStr(TOKEN))
    store = OxigraphStore(None)
    ensure_vocabularies(store, settings)
    yield from serve_in_thread(create_app(settings, store))


def _load(server: LiveServer) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json", timeout=60)


def _modes(operation: schemathesis.APIOperation) -> list[GenerationMode]:
    """Negative cases exist only where the document constrains something: query parameters or
    a body (a bare string path parameter has no invalid value)."""
    if len(operation.query) or operation.body:
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def _fuzz(
    server: LiveServer, method: str, path: str, expect: frozenset[int] | None = None
) -> Counter[int]:
    """Run the cases of one operation; the statuses seen, counted."""
    operation = _load(server)[path][method.lower()]
    statuses: Counter[int] = Counter()
    session = requests.Session()
    for mode in _modes(operation):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(session=session, timeout=60)
            statuses[response.status_code] += 1
            if expect is not None:
                assert response.status_code in expect, (
                    f"{case.as_curl_command()} answered {response.status_code}, "
                    f"not one of {sorted(expect)}: {response.text[:300]}"
                )
            case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)

        run()
    session.close()
    total = sum(statuses.values())
    print(f"fuzz {method} {path}: {total} cases, statuses {dict(sorted(statuses.items()))}")
    inputs = len(operation.query) + len(operation.path_parameters) + bool(operation.body)
    # An operation without inputs has exactly one request to make; others must get many.
    assert total >= (10 if inputs else 1), statuses
    return statuses


def _count(server: LiveServer) -> int:
    with server.client() as client:
        answer = client.get("/sparql", params={"query": COUNT})
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_the_document_lists_the_operations_fuzzed(live_server: LiveServer) -> None:
    """The live document is the one the cases were collected from, and it has the writes."""
    document = httpx.get(f"{live_server.url}/openapi.json", timeout=60).json()
    live = sorted((m.upper(), p) for p, item in document["paths"].items() for m in item)
    assert live == OPERATIONS
    assert set(live) >= WRITE_OPERATIONS
    assert ("GET", "/sparql") in live and ("POST", "/sparql") in live


def _ids(operations: list[tuple[str, str]]) -> list[str]:
    return [f"{method} {path}" for method, path in operations]


@pytest.mark.parametrize(("method", "path"), READ_OPERATIONS, ids=_ids(READ_OPERATIONS))
def test_read_operation(live_server: LiveServer, method: str, path: str) -> None:
    """No 5xx, and every answer as documented, on the graph built from data/."""
    _fuzz(live_server, method, path)


@pytest.mark.parametrize(
    ("method", "path"), sorted(WRITE_OPERATIONS), ids=_ids(sorted(WRITE_OPERATIONS))
)
def test_write_operation_refused_without_a_token(
    live_server: LiveServer, token_server: LiveServer, method: str, path: str
) -> None:
    """Writing off (no token configured): 403; token configured but none sent: 401. Never a
    5xx, never a 2xx, and nothing changes in either store."""
    for server, status in ((live_server, 403), (token_server, 401)):
        before = _count(server)
        _fuzz(server, method, path, expect=frozenset({status}))
        assert _count(server) == before
