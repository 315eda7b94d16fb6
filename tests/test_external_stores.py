"""The same service on external SPARQL 1.1 servers: the Oxigraph server and Virtuoso Open Source,
each started here on loopback ports in a temporary folder and stopped afterwards.

Against each: the graph is built through the store interface exactly as `crmkg serve` builds it,
the competency questions give the same answers as the embedded store, re-ingesting replaces one
document's graph, removing drops it, and the HTTP service answers SPARQL and REST. A server that
cannot be started fails the tests with the reason: it is never a skip.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.app import create_app
from benchmarks import external_servers as servers
from benchmarks.external_servers import Server, stop
from benchmarks.servers import free_port
from kg.cli import app as cli_app
from kg.cli import prepare
from kg.ingest import ingest_paths, remove_document
from kg.iri import Minter
from kg.remote_store import SparqlServerStore, StoreUnavailable, batches, replace_graph_request
from kg.settings import Settings, get_settings
from kg.sparql import SparqlError
from kg.store import GraphStore, GraphWrite, Limits, open_store
from tests.conftest import LiveServer, corpus_files, serve_in_thread

QUERIES = sorted((Path(__file__).resolve().parent.parent / "kg" / "queries").glob("cq*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {f"{XSD}{t}" for t in ("integer", "decimal", "double", "float", "int", "long")}
TEST_GRAPH = "https://w3id.org/crmkg/graph/test/external"


# --- the servers (started by benchmarks.external_servers, as the benchmarks start them) ------


#: The user crmkg may write too, through the Digest-protected /sparql-auth (as
#: docs/deployment.md says); the anonymous user may anyway (test servers only).
CRMKG_USER_GRANTS = (
    "DB.DBA.USER_CREATE ('crmkg', 'secret'); "
    'GRANT SPARQL_UPDATE TO "crmkg"; '
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('crmkg', 3);"
)


def start_oxigraph(folder: Path, *, union: bool = True) -> Server:
    try:
        return servers.start_oxigraph(folder, union=union)[0]
    except RuntimeError as error:  # not installed, or did not come up: a failure, never a skip
        pytest.fail(str(error))


def start_virtuoso(folder: Path) -> Server:
    try:
        return servers.start_virtuoso(folder, grants=CRMKG_USER_GRANTS)[0]
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    stop(server)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    stop(server)


@dataclass
class Remote:
    server: Server
    settings: Settings
    store: SparqlServerStore


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Remote]:
    """A server holding the graph as `crmkg serve` builds it there: through ``open_store`` and
    ``prepare``, with no embedded store opened."""
    server: Server = request.getfixturevalue(f"{request.param}_server")
    unused = tmp_path_factory.mktemp("no-embedded-store") / "store"
    remote_settings = settings.model_copy(
        update={
            "store": unused,
            "sparql_query_url": server.query_url,
            "sparql_update_url": server.update_url,
        }
    )
    store = open_store(remote_settings)
    assert isinstance(store, SparqlServerStore)
    started = time.monotonic()
    prepare(store, remote_settings)
    print(f"{server.name}: graph built in {time.monotonic() - started:.1f} s")
    assert not unused.exists(), "an embedded store was opened"
    yield Remote(server, remote_settings, store)
    store.close()


# --- comparing answers ------------------------------------------------------------------------


def term_key(term: object) -> str:
    """A term as compared across stores: blank nodes are anonymous, numbers are their value
    (Virtuoso writes 1.2e9 as "1.2e+09"), language tags are case-insensitive."""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        if term.datatype.value in NUMERIC:
            try:
                return f"{Decimal(term.value).normalize()}^^number"
            except InvalidOperation:
                pass
        if term.language:
            return f"{term.value!r}@{term.language.lower()}"
    return str(term)


def canonical_rows(
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]],
) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted((k, term_key(v)) for k, v in row.items())) for row in rows)


def canonical_triples(triples: list[ox.Triple]) -> list[tuple[str, str, str]]:
    return sorted((term_key(t.subject), term_key(t.predicate), term_key(t.object)) for t in triples)


def graph_triples(store: GraphStore, graph: str) -> list[ox.Triple]:
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")


def crmkg_sizes(store: GraphStore) -> dict[str, int]:
    """Graph sizes without the server's own graphs (Virtuoso keeps a few system graphs)."""
    return {g: n for g, n in store.graph_sizes().items() if g.startswith("https://w3id.org/crmkg/")}


# --- the tests --------------------------------------------------------------------------------


def test_the_graph_is_the_embedded_one(remote: Remote, built_store: GraphStore) -> None:
    assert crmkg_sizes(remote.store) == crmkg_sizes(built_store)
    assert remote.store.count() >= built_store.count()


@pytest.mark.parametrize("query_file", QUERIES, ids=[q.stem for q in QUERIES])
def test_competency_questions_give_the_embedded_answers(
    remote: Remote, built_store: GraphStore, query_file: Path
) -> None:
    query = query_file.read_text("utf-8")
    expected = canonical_rows(built_store.select(query))
    assert expected, f"{query_file.stem} has no answer on the embedded store"
    assert canonical_rows(remote.store.select(query)) == expected


def test_reingest_replaces_exactly_one_document_graph(
    remote: Remote, built_store: GraphStore, minter: Minter
) -> None:
    store, file = remote.store, corpus_files()[-1]
    graph = minter.document_graph(file.stem)
    before = crmkg_sizes(store)
    store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <urn:x:stale> "stale" }} }}')
    assert crmkg_sizes(store)[graph] == before[graph] + 1

    report = ingest_paths(store, remote.settings, [file])

    assert report.documents == [file.stem] and not report.failures
    assert crmkg_sizes(store) == before
    assert not store.ask(f"ASK {{ GRAPH <{graph}> {{ ?s <urn:x:stale> ?o }} }}")
    assert canonical_triples(graph_triples(store, graph)) == canonical_triples(
        graph_triples(built_store, graph)
    )


def test_remove_drops_the_document_and_nothing_else(remote: Remote, minter: Minter) -> None:
    """The document's graph goes, and from the shared graph the descriptions only it needed
    (the articles it cites), not those of persons another document names too."""
    store, file = remote.store, corpus_files()[0]
    graph, shared = minter.document_graph(file.stem), minter.entities_graph
    cited, person = minter.entity("document/nrc-2025-05-18"), minter.entity("person/hirsch")
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    before = crmkg_sizes(store)
    assert store.ask(f"ASK {{ GRAPH <{shared}> {{ <{cited}> {label} ?l }} }}")
    try:
        assert remove_document(store, minter, file.stem)
        assert graph not in store.graphs()
        after = crmkg_sizes(store)
        assert {g: n for g, n in after.items() if g != shared} == {
            g: n for g, n in before.items() if g not in (graph, shared)
        }
        assert 0 < after[shared] < before[shared]
        assert not store.ask(f"ASK {{ <{cited}> ?p ?o }}")
        assert len(store.select(f"SELECT ?l WHERE {{ <{person}> {label} ?l }}")) == 1
        assert not remove_document(store, minter, file.stem)
    finally:
        ingest_paths(store, remote.settings, [file])
    assert crmkg_sizes(store) == before


def test_the_cli_ingests_and_removes_on_the_server(
    remote: Remote, minter: Minter, tmp_path: Path
) -> None:
    """`crmkg ingest` and `crmkg remove` with only the environment pointing at the server."""
    file = corpus_files()[1]
    graph = minter.document_graph(file.stem)
    size = crmkg_sizes(remote.store)[graph]
    env = {
        "CRMKG_STORE": str(tmp_path / "must-not-exist"),
        "CRMKG_SPARQL_QUERY_URL": remote.server.query_url,
        "CRMKG_SPARQL_UPDATE_URL": remote.server.update_url,
    }
    runner = CliRunner()
    get_settings.cache_clear()
    try:
        removed = runner.invoke(cli_app, ["remove", file.stem], env=env)
        assert removed.exit_code == 0, removed.output
        assert graph not in remote.store.graphs()
        ingested = runner.invoke(cli_app, ["ingest", str(file)], env=env)
        assert ingested.exit_code == 0, ingested.output
    finally:
        get_settings.cache_clear()
    assert crmkg_sizes(remote.store)[graph] == size
    assert not (tmp_path / "must-not-exist").exists()


def test_large_graphs_go_in_one_request_of_several_batches(remote: Remote) -> None:
    store = SparqlServerStore(remote.server.query_url, remote.server.update_url, batch_triples=40)
    requests: list[httpx.Request] = []
    store._client.event_hooks["request"].append(requests.append)
    triples = sample_triples(300)
    try:
        store.replace_graph(TEST_GRAPH, triples)
        assert len(requests) == 1
        assert replace_graph_request(TEST_GRAPH, triples, 40).count("INSERT") >= 300 // 40
        assert canonical_triples(graph_triples(store, TEST_GRAPH)) == canonical_triples(triples)
        # the blank node chains survived the batching: 8 two-step paths in each chain of ten
        linked = store.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{TEST_GRAPH}> {{ "
            "?a <urn:x:next> ?b . ?b <urn:x:next> ?c } }"
        )
        assert int(linked[0]["n"].value) == 50 * 8  # type: ignore[union-attr]
    finally:
        store.remove_graph(TEST_GRAPH)
        store.close()
    assert TEST_GRAPH not in remote.store.graphs()


def test_graph_store_protocol_put_and_delete(remote: Remote) -> None:
    store = SparqlServerStore(remote.server.query_url, gsp_url=remote.server.gsp_url)
    triples = sample_triples(100)
    try:
        store.replace_graph(TEST_GRAPH, triples)
        store.replace_graph(TEST_GRAPH, triples[:60])
        assert canonical_triples(graph_triples(store, TEST_GRAPH)) == canonical_triples(
            triples[:60]
        )
        store.remove_graph(TEST_GRAPH)
        assert TEST_GRAPH not in store.graphs()
        store.remove_graph(TEST_GRAPH)  # removing what is not there is no error
    finally:
        store.close()


def sent_queries(store: SparqlServerStore) -> list[str]:
    """The SPARQL text of every query ``store`` sends from now on (a list that grows)."""
    queries: list[str] = []

    def record(request: httpx.Request) -> None:
        form = urllib.parse.parse_qs(request.content.decode())
        queries.extend(form.get("query", []))

    store._client.event_hooks["request"].append(record)
    return queries


def test_a_write_by_crmkg_is_seen_by_the_next_read_without_counting_the_store(
    remote: Remote, minter: Minter
) -> None:
    """Another crmkg process's write replaces the version marker in its own request; the
    reader's version reads that one triple, and counts nothing (a count of every graph took
    ~2 s on 1.8M quads, inside a user's request)."""
    server = remote.server
    reader = SparqlServerStore(server.query_url, marker_interval=0, full_check_interval=None)
    writer = SparqlServerStore(server.query_url, server.update_url)
    by_gsp = SparqlServerStore(server.query_url, gsp_url=server.gsp_url)
    queries = sent_queries(reader)
    try:
        first = reader.version
        assert reader.version == first
        writer.write(GraphWrite.of(TEST_GRAPH, sample_triples(5, chains=0)))
        queries.clear()
        second = reader.version
        assert second != first
        assert reader.ask(f"ASK {{ GRAPH <{TEST_GRAPH}> {{ <urn:x:s4> ?p ?o }} }}")
        assert len(queries) == 2  # the marker, then the read
        assert "COUNT" not in queries[0].upper() and minter.meta_graph in queries[0]

        by_gsp.replace_graph(TEST_GRAPH, sample_triples(3, chains=0))  # PUT, then the marker
        assert reader.version != second
        assert all("COUNT" not in q.upper() for q in queries)
        # bookkeeping, not data: the store's graphs are those of the embedded store
        assert minter.meta_graph not in reader.graphs()
        assert minter.meta_graph not in reader.graph_sizes()
    finally:
        writer.remove_graph(TEST_GRAPH)
        for store in (reader, writer, by_gsp):
            store.close()


def test_a_write_by_another_tool_is_seen_by_the_background_check(remote: Remote) -> None:
    """A write that leaves the marker alone (not by crmkg) changes the graph sizes, which a
    thread of the reader counts every ``full_check_interval`` seconds, outside any request."""
    server = remote.server
    reader = SparqlServerStore(server.query_url, marker_interval=0, full_check_interval=0.2)
    writer = SparqlServerStore(server.query_url, server.update_url)
    try:
        first = reader.version  # starts the thread, whose first count is the reference
        deadline = time.monotonic() + 30
        while not reader._fingerprint and time.monotonic() < deadline:
            time.sleep(0.05)
        queries = sent_queries(reader)
        assert reader.version == first
        assert all("COUNT" not in q.upper() for q in queries)
        other_tool = httpx.post(
            server.update_url,
            data={"update": f"INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <urn:x:a> <urn:x:b> 1 }} }}"},
            timeout=30,
        )
        assert other_tool.status_code in (200, 204), other_tool.text
        while reader.version == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert reader.version != first
    finally:
        writer.remove_graph(TEST_GRAPH)
        reader.close()
        writer.close()


def test_answers_keep_the_limits(remote: Remote) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(SparqlError) as rows:
        remote.store.answer(everything, "text/csv", limits=Limits(max_rows=50))
    assert rows.value.status == 413
    with pytest.raises(SparqlError) as size:
        remote.store.answer(everything, "text/csv", limits=Limits(max_bytes=2000))
    assert size.value.status == 413
    graph = "CONSTRUCT WHERE { ?s ?p ?o }"
    with pytest.raises(SparqlError) as triples:
        remote.store.answer(graph, "text/turtle", limits=Limits(max_rows=50))
    assert triples.value.status == 413


@pytest.fixture(scope="module")
def remote_service(remote: Remote) -> Iterator[LiveServer]:
    yield from serve_in_thread(create_app(remote.settings, remote.store))


def test_the_service_answers_sparql(remote_service: LiveServer, built_store: GraphStore) -> None:
    query = QUERIES[0].read_text("utf-8")
    with remote_service.client() as client:
        response = client.post(
            "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
        )
        assert response.status_code == 200, response.text
        expected = json.loads(built_store.answer(query, "application/sparql-results+json"))
        got = response.json()
        assert got["head"] == expected["head"]
        key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
        assert sorted(map(key, got["results"]["bindings"])) == sorted(
            map(key, expected["results"]["bindings"])
        )

        ask = client.get(
            "/sparql", params={"query": 'ASK { ?m <https://w3id.org/crmkg/ontology#symbol> "Ga" }'}
        )
        assert ask.status_code == 200 and ask.json()["boolean"] is True
        no = client.get("/sparql", params={"query": "ASK { <urn:x:nothing> ?p ?o }"})
        assert no.status_code == 200 and no.json()["boolean"] is False

        construct = "CONSTRUCT WHERE { ?m <https://w3id.org/crmkg/ontology#symbol> ?s }"
        turtle = client.get(
            "/sparql", params={"query": construct}, headers={"Accept": "text/turtle"}
        )
        assert turtle.status_code == 200
        got_triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
        assert len(got_triples) == len(built_store.construct(construct))

        update = client.post("/sparql", data={"query": "DROP ALL"})
        assert update.status_code == 403


def test_the_service_answers_rest_like_the_embedded_one(
    remote_service: LiveServer, live_server: LiveServer
) -> None:
    for path in (
        "/api/materials/gallium/countries",
        "/api/entities/gallium",
        "/api/entities?q=lith",
    ):
        with remote_service.client() as remote_client, live_server.client() as local_client:
            got, expected = remote_client.get(path), local_client.get(path)
        assert got.status_code == expected.status_code == 200, (path, got.text)
        assert got.json() == expected.json(), path
    with remote_service.client() as client:
        assert client.get("/").status_code == 200


# --- without a server to run against ----------------------------------------------------------


def test_virtuoso_needs_digest_auth_and_gets_it(virtuoso_server: Server) -> None:
    """Reads from the open /sparql, writes through /sparql-auth, which answers Basic with a bare
    401: the store then uses Digest. Wrong credentials are a clear error."""
    query_url = virtuoso_server.query_url
    update_url = query_url + "-auth"
    store = SparqlServerStore(query_url, update_url, user="crmkg", password="secret")
    wrong = SparqlServerStore(query_url, update_url, user="crmkg", password="wrong")
    try:
        store.replace_graph(TEST_GRAPH, sample_triples(3, chains=1))
        assert len(graph_triples(store, TEST_GRAPH)) == 3 + 10
        with pytest.raises(SparqlError) as refused:
            wrong.remove_graph(TEST_GRAPH)
        assert "refused access (401)" in refused.value.message
        store.remove_graph(TEST_GRAPH)
        assert TEST_GRAPH not in store.graphs()
    finally:
        store.close()
        wrong.close()


def test_a_server_without_a_union_default_graph_is_refused(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path, union=False)
    store = SparqlServerStore(server.query_url, server.update_url)
    try:
        store.replace_graph(TEST_GRAPH, sample_triples(3))
        with pytest.raises(StoreUnavailable, match="union"):
            store.verify()
    finally:
        store.close()
        stop(server)


def test_an_unreachable_server_is_reported_when_opening(settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(OSError, match="cannot be reached"):
        open_store(settings.model_copy(update={"sparql_query_url": url}))


def test_a_silent_server_times_out_with_503() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        store = SparqlServerStore(url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(SparqlError) as error:
            store.answer("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
        store.close()
    assert error.value.status == 503
    assert time.monotonic() - started < 5


def test_batches_keep_blank_node_groups_whole() -> None:
    triples = sample_triples(300)
    groups = batches(triples, 40)
    assert sorted(map(str, (t for batch, _ in groups for t in batch))) == sorted(map(str, triples))
    for batch, has_bnodes in groups:
        labels = {
            t.value for x in batch for t in (x.subject, x.object) if isinstance(t, ox.BlankNode)
        }
        assert has_bnodes == bool(labels)
        others = {
            t.value
            for other, _ in groups
            if other is not batch
            for x in other
            for t in (x.subject, x.object)
            if isinstance(t, ox.BlankNode)
        }
        assert not labels & others


def sample_triples(count: int, chains: int = 50) -> list[ox.Triple]:
    """``count`` plain triples, plus ``chains`` chains of ten blank nodes (with a Dutch label
    each): blank nodes must stay linked however the triples are batched."""
    plain = [
        ox.Triple(ox.NamedNode(f"urn:x:s{i}"), ox.NamedNode("urn:x:p"), ox.Literal(f"Oekraïne {i}"))
        for i in range(count)
    ]
    linked = []
    for chain in range(chains):
        nodes = [ox.BlankNode(f"c{chain}n{i}") for i in range(10)]
        linked += [ox.Triple(a, ox.NamedNode("urn:x:next"), b) for a, b in pairwise(nodes)]
        label = ox.Literal("één", language="nl")
        linked.append(ox.Triple(nodes[0], ox.NamedNode("urn:x:label"), label))
    return plain + linked


def recorded(
    body: str, content_type: str, headers: dict[str, str] | None = None, status: int = 200
) -> httpx.MockTransport:
    """A server that answers every request with ``body``: Virtuoso's answers as recorded."""
    return httpx.MockTransport(
        lambda _: httpx.Response(
            status,
            content=body.encode(),
            headers={"Content-Type": content_type, **(headers or {})},
        )
    )


def test_virtuoso_quirks_are_read_as_the_standard_says() -> None:
    """Virtuoso 7.2 answers ASK as a table, labels blank nodes ``nodeID://b1`` (which pyoxigraph
    refuses) and cuts SELECT answers at ResultSetMaxRows, saying so only in a header."""
    json_type = "application/sparql-results+json"
    integer = {"type": "typed-literal", "datatype": f"{XSD}integer", "value": "1"}
    ask_true = table(["__ASK_RETVAL"], [{"__ASK_RETVAL": integer}])
    ask_false = table(["__ASK_RETVAL"], [])
    bnodes = table(["s"], [{"s": {"type": "bnode", "value": "nodeID://b10001"}}])
    url = "http://127.0.0.1:9/sparql"
    assert SparqlServerStore(url, transport=recorded(ask_true, json_type)).ask("ASK {}") is True
    assert SparqlServerStore(url, transport=recorded(ask_false, json_type)).ask("ASK {}") is False
    rows = SparqlServerStore(url, transport=recorded(bnodes, json_type)).select("SELECT ?s {}")
    assert isinstance(rows[0]["s"], ox.BlankNode)
    truncated = SparqlServerStore(
        url, transport=recorded(bnodes, json_type, {"X-SPARQL-MaxRows": "100"})
    )
    with pytest.raises(SparqlError) as cut:
        truncated.answer("SELECT ?s {}", json_type)
    assert cut.value.status == 413
    for refusal in (  # MaxQueryExecutionTime, MaxQueryCostEstimationTime: HTTP 500 both
        "Virtuoso S1T00 Error SR171: Transaction timed out",
        "Virtuoso 42000 Error The estimated execution time 114 (sec) exceeds the limit of 5 (sec).",
    ):
        limited = SparqlServerStore(url, transport=recorded(refusal, "text/plain", status=500))
        with pytest.raises(SparqlError) as stopped:
            limited.answer("SELECT ?s {}", json_type)
        assert stopped.value.status == 503, refusal


def table(names: list[str], rows: list[dict[str, dict[str, str]]]) -> str:
    return json.dumps({"head": {"vars": names}, "results": {"bindings": rows}})
