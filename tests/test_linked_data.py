"""Entity IRIs dereference on this server: HTML for people, RDF for machines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from kg.facts import lexical
from kg.iri import CRM, Minter
from kg.store import Term
from tests.conftest import LiveServer

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as http:
        yield http


def test_the_server_is_not_the_base_iri(live_server: LiveServer, minter: Minter) -> None:
    """The IRIs are minted under the configured base, not under the host serving them."""
    assert not minter.base.startswith(live_server.url)


def test_browsers_get_an_html_page(client: httpx.Client) -> None:
    response = client.get("/id/material/gallium", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # Accept (content negotiation); CORS adds Origin
    assert "Accept" in [v.strip() for v in response.headers["vary"].split(",")]
    page = response.text
    assert "<h1>gallium</h1>" in page
    assert "https://w3id.org/crmkg/id/material/gallium" in page
    assert 'href="/id/country/cn"' in page  # China restricts its export: a link
    assert "restricts export of" in page
    assert "wikidata.org/entity/Q" in page
    assert "<blockquote>" in page  # an evidence sentence


def test_the_page_loads_nothing_from_elsewhere(client: httpx.Client) -> None:
    page = client.get("/id/material/gallium", headers={"Accept": "text/html"}).text
    assert "<script" not in page
    assert not re.search(r"<(img|iframe|link)[^>]+(src|href)=\"https?:", page)
    assert "@import" not in page and "url(" not in page


def _triples(response: httpx.Response, rdf_format: ox.RdfFormat) -> list[ox.Triple]:
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(response.content, format=rdf_format)
    ]


def test_machines_get_turtle_with_the_assertions_and_evidence(
    client: httpx.Client, minter: Minter
) -> None:
    response = client.get("/id/material/gallium", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    triples = _triples(response, ox.RdfFormat.TURTLE)
    gallium = ox.NamedNode(minter.entity("material/gallium"))
    china = ox.NamedNode(minter.entity("country/cn"))
    rdf_type = ox.NamedNode(f"{RDF}type")
    assert ox.Triple(gallium, rdf_type, ox.NamedNode(f"{CRM}Material")) in triples
    by_subject: dict[str, dict[str, list[Term]]] = {}
    for t in triples:
        by_subject.setdefault(lexical(t.subject), {}).setdefault(t.predicate.value, []).append(
            t.object
        )
    restricting = [
        node
        for node, props in by_subject.items()
        if china in props.get(f"{RDF}subject", [])
        and ox.NamedNode(f"{CRM}restrictsExportOf") in props.get(f"{RDF}predicate", [])
        and gallium in props.get(f"{RDF}object", [])
    ]
    assert restricting
    evidence = by_subject[restricting[0]][f"{CRM}evidence"][0]
    sentence = by_subject[lexical(evidence)][f"{NIF}anchorOf"][0]
    assert lexical(sentence)


@pytest.mark.parametrize(
    ("accept", "rdf_format", "media"),
    [
        ("application/ld+json", ox.RdfFormat.JSON_LD, "application/ld+json"),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML, "application/rdf+xml"),
        ("*/*", ox.RdfFormat.TURTLE, "text/turtle"),
        (
            "text/turtle;q=0.5, application/n-triples",
            ox.RdfFormat.N_TRIPLES,
            "application/n-triples",
        ),
    ],
)
def test_content_negotiation(
    client: httpx.Client, accept: str, rdf_format: ox.RdfFormat, media: str
) -> None:
    response = client.get("/id/country/cn", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert len(_triples(response, rdf_format)) > 5
    if media == "application/ld+json":
        assert json.loads(response.content)


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    response = client.get("/id/country/cn?format=nt", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("application/n-triples")
    assert client.get("/id/country/cn?format=png").status_code == 406


def test_unacceptable_media_type_is_406(client: httpx.Client) -> None:
    response = client.get("/id/material/gallium", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "text/turtle" in response.json()["detail"]


def test_unknown_iri_is_404_problem(client: httpx.Client) -> None:
    response = client.get("/id/material/unobtainium", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "unobtainium" in response.json()["detail"]


def test_assertion_iris_dereference_too(client: httpx.Client, minter: Minter) -> None:
    turtle = client.get("/id/material/gallium", headers={"Accept": "text/turtle"})
    statements = sorted(
        {
            lexical(t.subject)
            for t in _triples(turtle, ox.RdfFormat.TURTLE)
            if lexical(t.subject).startswith(minter.entity("statement/"))
        }
    )
    assert statements
    path = "/id/" + (minter.key_of(statements[0]) or "")
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "rdf:subject" in page.text
    document = client.get(
        "/id/document/" + statements[0].split("/")[-2], headers={"Accept": "text/html"}
    )
    assert document.status_code == 200


def test_pages_have_etags_that_vary_by_accept(client: httpx.Client) -> None:
    html = client.get("/id/material/gallium", headers={"Accept": "text/html"})
    turtle = client.get("/id/material/gallium", headers={"Accept": "text/turtle"})
    assert html.headers["etag"] != turtle.headers["etag"]
    again = client.get(
        "/id/material/gallium",
        headers={"Accept": "text/turtle", "If-None-Match": turtle.headers["etag"]},
    )
    assert again.status_code == 304
