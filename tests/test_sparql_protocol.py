"""The SPARQL 1.1 Protocol over real HTTP: the W3C protocol cases that apply to a read-only
endpoint (w3c/rdf-tests sparql/sparql11/protocol), written for this service."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from tests.conftest import LiveServer

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def count_of(server: LiveServer) -> int:
    with server.client() as client:
        answer = client.get("/sparql", params={"query": COUNT})
        assert answer.status_code == 200, answer.text
        body = answer.json()
    return int(body["results"]["bindings"][0]["n"]["value"])


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_count_in_every_result_format(live_server: LiveServer) -> None:
    expected = count_of(live_server)
    assert expected > 10_000
    with live_server.client() as client:
        xml = client.get(
            "/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+xml"}
        )
        assert xml.headers["content-type"].startswith("application/sparql-results+xml")
        literal = ET.fromstring(xml.content).find(f".//{RESULTS_NS}literal")
        assert literal is not None and int(literal.text or "") == expected
        csv_answer = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
        assert csv_answer.headers["content-type"].startswith("text/csv")
        assert list(csv.reader(io.StringIO(csv_answer.text))) == [["n"], [str(expected)]]
        tsv = client.get(
            "/sparql", params={"query": COUNT}, headers={"Accept": "text/tab-separated-values"}
        )
        assert tsv.headers["content-type"].startswith("text/tab-separated-values")
        header, value = tsv.text.strip().split("\n")
        # An xsd:integer in Turtle's short form (pyoxigraph's serializer) or in full.
        assert header == "?n" and value in (str(expected), f'"{expected}"^^<{XSD_INTEGER}>')


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_every_graph_format(
    live_server: LiveServer, accept: str, rdf_format: ox.RdfFormat
) -> None:
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 25"
    with live_server.client() as client:
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(accept)
    triples = list(ox.parse(answer.content, format=rdf_format))
    assert len(triples) == 25


def test_query_via_post_form_and_post_direct(live_server: LiveServer) -> None:
    expected = count_of(live_server)
    with live_server.client() as client:
        form = client.post("/sparql", data={"query": COUNT})
        direct = client.post(
            "/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    for answer in (form, direct):
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == expected


def test_ask_and_describe(live_server: LiveServer) -> None:
    with live_server.client() as client:
        ask = client.get("/sparql", params={"query": "ASK { ?s a ?c }"})
        assert ask.json() == {"head": {}, "boolean": True}
        ask_xml = client.get(
            "/sparql",
            params={"query": "ASK { <urn:x> <urn:y> <urn:z> }"},
            headers={"Accept": "application/sparql-results+xml"},
        )
        assert b"<boolean>false</boolean>" in ask_xml.content
        describe = client.get(
            "/sparql",
            params={
                "query": "DESCRIBE ?m WHERE { ?m a <https://w3id.org/crmkg/ontology#Material> } LIMIT 1"
            },
        )
        assert describe.status_code == 200
        assert describe.headers["content-type"].startswith("text/turtle")


def test_default_graph_is_the_union_and_protocol_datasets_narrow_it(
    live_server: LiveServer, minter: object
) -> None:
    with live_server.client() as client:
        graphs = client.get(
            "/sparql",
            params={
                "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            },
        ).json()["results"]["bindings"]
        sizes = {b["g"]["value"]: int(b["n"]["value"]) for b in graphs}
        assert len(sizes) >= 3
        union = count_of(live_server)
        assert union >= max(sizes.values())
        one, other = sorted(sizes)[:2]
        narrowed = client.get("/sparql", params={"query": COUNT, "default-graph-uri": one})
        assert int(narrowed.json()["results"]["bindings"][0]["n"]["value"]) == sizes[one]
        both = client.get(
            "/sparql",
            params=[("query", COUNT), ("default-graph-uri", one), ("default-graph-uri", other)],
        )
        total = int(both.json()["results"]["bindings"][0]["n"]["value"])
        assert total <= sizes[one] + sizes[other] and total >= max(sizes[one], sizes[other])
        named = client.post(
            "/sparql",
            data={
                "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": other,
            },
        ).json()["results"]["bindings"]
        assert [b["g"]["value"] for b in named] == [other]
        from_clause = client.get(
            "/sparql",
            params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}"},
        )
        assert int(from_clause.json()["results"]["bindings"][0]["n"]["value"]) == sizes[one]


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("PUT", {"content": COUNT, "headers": {"Content-Type": "application/sparql-query"}}, 405),
        ("GET", {"params": [("query", COUNT), ("query", COUNT)]}, 400),
        ("POST", {"content": COUNT, "headers": {"Content-Type": "text/plain"}}, 415),
        ("POST", {"content": f"query={COUNT}"}, 415),
        (
            "POST",
            {
                "content": COUNT.encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
        ),
        (
            "POST",
            {
                "content": COUNT,
                "headers": {"Content-Type": "application/sparql-query; charset=ISO-8859-1"},
            },
            415,
        ),
        ("GET", {"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        ("GET", {"params": {"query": "SELECT * WHERE { ?s foo:bar ?o }"}}, 400),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 400),
        ("POST", {"data": {"update": "CLEAR ALL"}}, 403),
        (
            "POST",
            {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
        ),
        ("GET", {"params": {"query": "DROP ALL"}}, 403),
        (
            "GET",
            {
                "params": {
                    "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
                }
            },
            403,
        ),
        ("GET", {"params": {"query": COUNT}, "headers": {"Accept": "image/png"}}, 406),
        ("POST", {"data": {"nothing": "here"}}, 400),
    ],
)
def test_bad_requests_get_a_4xx_with_a_reason(
    live_server: LiveServer, method: str, kwargs: dict[str, object], status: int
) -> None:
    before = count_of(live_server)
    with live_server.client() as client:
        answer = client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert answer.status_code == status, answer.text
    if status != 405:
        problem = answer.json()
        assert problem["status"] == status and len(problem["detail"]) > 10
    assert count_of(live_server) == before


def test_malformed_query_reports_the_parser_message(live_server: LiveServer) -> None:
    with live_server.client() as client:
        answer = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o "})
    assert answer.status_code == 400
    assert "error at 1:" in answer.json()["detail"]


def test_service_description(live_server: LiveServer) -> None:
    with live_server.client() as client:
        answer = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = list(ox.parse(answer.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.object == ox.NamedNode(sd + "Service") for t in graph)
    assert any(t.object == ox.NamedNode(sd + "UnionDefaultGraph") for t in graph)


def test_cors_is_on(live_server: LiveServer) -> None:
    with live_server.client() as client:
        answer = client.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"}
        )
        preflight = client.options(
            "/sparql",
            headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
        )
    assert answer.headers["access-control-allow-origin"] == "*"
    assert preflight.status_code == 200


def test_sparqlwrapper_client(live_server: LiveServer) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        client = SPARQLWrapper(f"{live_server.url}/sparql")
        client.setMethod(method)
        client.setQuery(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            'SELECT ?c WHERE { ?c skos:prefLabel "gallium"@en }'
        )
        client.setReturnFormat(JSON)
        result = client.queryAndConvert()
        assert isinstance(result, dict)
        values = [b["c"]["value"] for b in result["results"]["bindings"]]
        assert values == ["https://w3id.org/crmkg/id/material/gallium"]


def test_rdflib_sparqlstore_client(live_server: LiveServer) -> None:
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{live_server.url}/sparql", returnFormat="json"))
    rows = list(
        graph.query(
            "PREFIX crm: <https://w3id.org/crmkg/ontology#> "
            "SELECT ?symbol WHERE { <https://w3id.org/crmkg/id/material/gallium> crm:symbol ?symbol }"
        )
    )
    assert [str(r[0]) for r in rows] == ["Ga"]  # type: ignore[index]
    assert (URIRef("https://w3id.org/crmkg/id/material/gallium"), None, None) in graph
