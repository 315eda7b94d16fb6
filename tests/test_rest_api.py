"""The REST layer over real HTTP on loopback, against the graph built from data/."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from kg.iri import Minter
from kg.resolve import Ambiguous, EntityIndex, Form, IndexedEntity, NotFound, fold
from kg.store import GraphStore
from tests.conftest import LiveServer, corpus_files

ENDPOINTS = [
    "/api/entities",
    "/api/entities/{id}",
    "/api/entities/{id}/neighbours",
    "/api/materials/{id}/countries",
    "/api/countries/{id}/materials",
    "/api/path",
    "/api/rankings",
    "/api/documents",
    "/api/documents/{id}",
    "/api/stats",
    "/id/{path}",
]


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as http:
        yield http


def get(client: httpx.Client, url: str, **params: Any) -> Any:
    response = client.get(url, params=params or None)
    assert response.status_code == 200, (url, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_lists_every_endpoint_with_a_response_model(client: httpx.Client) -> None:
    spec = get(client, "/openapi.json")
    for path in ENDPOINTS:
        assert path in spec["paths"], path
        operation = spec["paths"][path]["get"]
        if path.startswith("/api/"):
            schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert "$ref" in schema, (path, schema)
    assert "EntityDetail" in spec["components"]["schemas"]
    assert "Problem" not in spec["paths"]  # errors are documented, not routes


def test_docs_page_is_served(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 200


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gall", "material/gallium"),
        ("Ga", "material/gallium"),
        ("GALLIUM", "material/gallium"),
        ("NMO", "organization/nmo"),
        ("Oekraine", "country/ua"),
        ("oekraïne", "country/ua"),
        ("Ukraine", "country/ua"),
        ("CN", "country/cn"),
        ("Chin", "country/cn"),
        ("Nationale Grondstoffen", "policy/nationale-grondstoffenstrategie"),
    ],
)
def test_search_finds_by_prefix_acronym_symbol_and_without_diacritics(
    client: httpx.Client, query: str, expected: str
) -> None:
    page = get(client, "/api/entities", q=query)
    assert page["items"], query
    assert page["items"][0]["id"] == expected, (query, ids(page["items"])[:5])


def test_search_says_what_matched(client: httpx.Client) -> None:
    hit = get(client, "/api/entities", q="Ga")["items"][0]
    assert hit["matched"] == "Ga"
    assert hit["matched_kind"] in ("symbol", "alt")
    assert hit["iri"].endswith("/id/material/gallium")


def test_search_filters_by_type(client: httpx.Client) -> None:
    page = get(client, "/api/entities", q="ch", type="Country")
    assert page["items"]
    assert {item["type"] for item in page["items"]} == {"Country"}
    assert "country/cn" in ids(page["items"])
    assert get(client, "/api/entities", q="ch", type="country")["total"] == page["total"]


def test_search_pages_with_totals(client: httpx.Client) -> None:
    first = get(client, "/api/entities", type="Material", limit=10, offset=0)
    second = get(client, "/api/entities", type="Material", limit=10, offset=10)
    assert first["total"] == second["total"] >= 100  # every chemical element at least
    assert (first["limit"], first["offset"], second["offset"]) == (10, 0, 10)
    assert len(first["items"]) == len(second["items"]) == 10
    assert not set(ids(first["items"])) & set(ids(second["items"]))
    beyond = get(client, "/api/entities", type="Material", offset=first["total"])
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_search_rejects_unknown_types_and_bad_paging(client: httpx.Client) -> None:
    for params in ({"type": "Planet"}, {"limit": 0}, {"offset": -1}):
        response = client.get("/api/entities", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


# --- one entity -----------------------------------------------------------------------------


def china_restricts_gallium(relations: list[dict[str, Any]]) -> dict[str, Any]:
    found = [
        r
        for r in relations
        if r["predicate"] == "restrictsExportOf" and r["subject"]["id"] == "country/cn"
    ]
    assert found, [(r["subject"]["id"], r["predicate"]) for r in relations]
    return found[0]


def assert_evidence(evidence: dict[str, Any]) -> None:
    assert evidence["sentence"], evidence
    assert evidence["document"] and evidence["document_title"], evidence
    assert evidence["document_iri"].endswith(f"/id/document/{evidence['document']}")
    assert 0 <= evidence["start"] < evidence["end"], evidence
    assert evidence["end"] - evidence["start"] == len(evidence["sentence"]), evidence
    assert evidence["rule"] and evidence["mood"] == "asserted"
    assert 0 < evidence["confidence"] <= 1


def test_entity_has_labels_identifiers_and_facts_with_evidence(client: httpx.Client) -> None:
    gallium = get(client, "/api/entities/gallium")
    assert gallium["id"] == "material/gallium" and gallium["type"] == "Material"
    assert "Material" in gallium["types"]
    languages = {label["lang"] for label in gallium["labels"] if label["kind"] == "pref"}
    assert {"nl", "en"} <= languages
    schemes = {i["scheme"]: i for i in gallium["identifiers"]}
    assert schemes["symbol"]["value"] == "Ga"
    wikidata = schemes["wikidata"]
    assert wikidata["iri"] == f"http://www.wikidata.org/entity/{wikidata['value']}"
    fact = china_restricts_gallium(gallium["relations"]["incoming"])
    assert fact["direction"] == "in" and fact["object"]["id"] == "material/gallium"
    assert fact["label"] and fact["predicate_iri"].endswith("#restrictsExportOf")
    for evidence in fact["evidence"]:
        assert_evidence(evidence)
    assert gallium["documents"] and gallium["mention_count"] >= 1
    assert all(d["mentions"] >= 1 and d["title"] for d in gallium["documents"])


def test_facts_are_only_asserted_ones(client: httpx.Client) -> None:
    china = get(client, "/api/entities/China")
    relations = china["relations"]["outgoing"] + china["relations"]["incoming"]
    assert relations
    for relation in relations:
        assert {e["mood"] for e in relation["evidence"]} == {"asserted"}
    for question in china["questions"]:
        assert {e["mood"] for e in question["evidence"]} == {"question"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("gallium", "material/gallium"),
        ("Ga", "material/gallium"),
        ("material/gallium", "material/gallium"),
        ("https://w3id.org/crmkg/id/material/gallium", "material/gallium"),
        ("CN", "country/cn"),
        ("cn", "country/cn"),
        ("China", "country/cn"),
        ("country/cn", "country/cn"),
        ("NMO", "organization/nmo"),
        ("Oekraine", "country/ua"),
    ],
)
def test_id_accepts_iri_key_slug_label_acronym_code_and_symbol(
    client: httpx.Client, given: str, expected: str
) -> None:
    assert get(client, f"/api/entities/{quote(given, safe='/:')}")["id"] == expected


def test_ambiguous_id_answers_300_with_candidates(client: httpx.Client) -> None:
    # "EC": the European Commission's acronym and Ecuador's ISO code.
    response = client.get("/api/entities/EC")
    assert response.status_code == 300
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 300 and problem["title"] == "Multiple Choices"
    assert {"organization/european-commission", "country/ec"} <= set(ids(problem["candidates"]))
    assert all(c["iri"] and c["label"] and c["type"] for c in problem["candidates"])


def test_unknown_id_answers_404_with_the_closest_names(client: httpx.Client) -> None:
    response = client.get("/api/entities/galium")
    assert response.status_code == 404
    problem = response.json()
    assert problem["status"] == 404 and "galium" in problem["detail"]
    assert "material/gallium" in ids(problem["candidates"])
    nothing = client.get("/api/entities/qqqqxxxx")
    assert nothing.status_code == 404 and nothing.json().get("candidates") in (None, [])


# --- materials and countries -----------------------------------------------------------------


@pytest.mark.parametrize("material", ["gallium", "Ga", "material/gallium"])
def test_countries_of_gallium_include_china_restricting_its_export(
    client: httpx.Client, material: str
) -> None:
    answer = get(client, f"/api/materials/{material}/countries")
    assert answer["focus"]["id"] == "material/gallium"
    assert answer["linked_type"] == "Country"
    assert "country/cn" in ids(answer["entities"])
    groups = {(g["relation"], g["direction"]): g for g in answer["groups"]}
    restricts = groups[("restrictsExportOf", "in")]
    china = [link for link in restricts["linked"] if link["entity"]["id"] == "country/cn"]
    assert china and china[0]["evidence"]
    for evidence in china[0]["evidence"]:
        assert_evidence(evidence)


def test_materials_of_china_include_gallium(client: httpx.Client) -> None:
    for country in ("CN", "China", "country/cn"):
        answer = get(client, f"/api/countries/{country}/materials")
        assert answer["focus"]["id"] == "country/cn"
        assert "material/gallium" in ids(answer["entities"])
        assert all(e["type"] == "Material" for e in answer["entities"])
        restricts = [g for g in answer["groups"] if g["relation"] == "restrictsExportOf"]
        assert restricts and restricts[0]["direction"] == "out"


def test_materials_endpoint_resolves_among_materials_only(client: httpx.Client) -> None:
    response = client.get("/api/materials/China/countries")
    assert response.status_code == 404
    assert "material" in response.json()["detail"]
    assert client.get("/api/countries/gallium/materials").status_code == 404


# --- neighbours, paths, rankings -------------------------------------------------------------


def test_neighbours_of_gallium(client: httpx.Client) -> None:
    answer = get(client, "/api/entities/Ga/neighbours")
    assert answer["center"]["id"] == "material/gallium" and answer["depth"] == 1
    nodes = {n["id"]: n for n in answer["nodes"]}
    assert nodes["material/gallium"]["distance"] == 0
    assert nodes["country/cn"]["distance"] == 1
    assert all(n["distance"] <= 1 for n in nodes.values())
    china = [e for e in answer["edges"] if e["source"] == "country/cn"]
    assert any(e["predicate"] == "restrictsExportOf" and e["assertions"] for e in china)
    for edge in answer["edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes


def test_neighbours_filter_by_relation_type_and_depth(client: httpx.Client) -> None:
    only = get(client, "/api/entities/gallium/neighbours", relation="restrictsExportOf")
    assert {e["predicate"] for e in only["edges"]} == {"restrictsExportOf"}
    countries = get(client, "/api/entities/gallium/neighbours", type="Country", depth=2)
    assert {n["type"] for n in countries["nodes"][1:]} <= {"Country"}
    wider = get(client, "/api/entities/NMO/neighbours", depth=2)
    narrow = get(client, "/api/entities/NMO/neighbours", depth=1)
    assert len(wider["nodes"]) >= len(narrow["nodes"])
    assert client.get("/api/entities/gallium/neighbours", params={"depth": 9}).status_code == 422
    bad = client.get("/api/entities/gallium/neighbours", params={"relation": "likes"})
    assert bad.status_code == 422 and "likes" in bad.json()["detail"]


def test_path_from_the_nmo_to_gallium_has_evidence_on_every_hop(client: httpx.Client) -> None:
    answer = get(client, "/api/path", **{"from": "NMO", "to": "gallium"})
    assert answer["source"]["id"] == "organization/nmo"
    assert answer["target"]["id"] == "material/gallium"
    assert answer["paths"] and answer["length"] >= 1
    for path in answer["paths"]:
        assert path["nodes"][0]["id"] == "organization/nmo"
        assert path["nodes"][-1]["id"] == "material/gallium"
        assert len(path["hops"]) == len(path["nodes"]) - 1 == answer["length"]
        for hop, (a, b) in zip(path["hops"], pairwise(path["nodes"]), strict=True):
            assert (hop["source"]["id"], hop["target"]["id"]) == (a["id"], b["id"])
            assert hop["relations"], hop
            for relation in hop["relations"]:
                assert {relation["subject"]["id"], relation["object"]["id"]} == {a["id"], b["id"]}
                assert relation["evidence"]
                for evidence in relation["evidence"]:
                    assert_evidence(evidence)


def test_path_between_unconnected_entities_is_empty(client: httpx.Client) -> None:
    answer = get(client, "/api/path", **{"from": "gallium", "to": "oganesson"})
    assert answer["paths"] == [] and answer["length"] is None
    assert client.get("/api/path", params={"from": "gallium"}).status_code == 422


@pytest.mark.parametrize("measure", ["degree", "pagerank", "betweenness"])
def test_rankings(client: httpx.Client, measure: str) -> None:
    answer = get(client, "/api/rankings", measure=measure, limit=10)
    assert answer["measure"] == measure and answer["total"] > 10
    scores = [item["score"] for item in answer["items"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 10
    assert [item["rank"] for item in answer["items"]] == list(range(1, 11))
    assert all(item["degree"] >= 1 for item in answer["items"])
    materials = get(client, "/api/rankings", measure=measure, type="Material")
    assert {item["type"] for item in materials["items"]} == {"Material"}
    assert "material/gallium" in ids(
        get(client, "/api/rankings", type="Material", limit=500)["items"]
    )


def test_rankings_reject_unknown_measures(client: httpx.Client) -> None:
    assert client.get("/api/rankings", params={"measure": "fame"}).status_code == 422


# --- documents and stats ---------------------------------------------------------------------


def test_documents_list_every_corpus_document(client: httpx.Client) -> None:
    page = get(client, "/api/documents")
    assert page["total"] == len(corpus_files())
    assert {d["id"] for d in page["items"]} == {p.stem for p in corpus_files()}
    for doc in page["items"]:
        assert doc["title"] and doc["iri"].endswith(f"/id/document/{doc['id']}")
        assert doc["entity_count"] > 0
    assert sum(d["relation_count"] for d in page["items"]) > 0


def test_document_has_text_entities_with_offsets_and_facts(client: httpx.Client) -> None:
    stem = next(p.stem for p in corpus_files() if p.stem.startswith("002"))
    doc = get(client, "/api/documents/002")
    assert doc["id"] == stem
    text = doc["text"]
    assert text and doc["entities"]
    for entity in doc["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], mention
    assert "material/gallium" in ids(doc["entities"])
    assert doc["facts"]
    for fact in doc["facts"]:
        for evidence in fact["evidence"]:
            assert evidence["document"] == stem
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert get(client, f"/api/documents/{stem}")["id"] == stem
    assert get(client, f"/api/documents/document/{stem}")["id"] == stem


def test_unknown_document_is_404_with_the_documents(client: httpx.Client) -> None:
    response = client.get("/api/documents/999")
    assert response.status_code == 404
    assert len(response.json()["candidates"]) == len(corpus_files())


def test_stats(client: httpx.Client) -> None:
    stats = get(client, "/api/stats")
    assert stats["documents"] == len(corpus_files())
    assert stats["entities_by_type"]["Material"] >= 100
    assert stats["entities_by_type"]["Country"] >= 200
    assert stats["facts"] == sum(stats["relations_by_type"].values()) > 0
    assert stats["assertions"] >= stats["facts"]
    assert stats["relations_by_type"]["restrictsExportOf"] >= 1
    assert stats["network"]["edges"] == stats["assertions"]
    assert stats["triples"] > 0 and stats["mentions"] > 0


# --- caching -----------------------------------------------------------------------------------


def test_etag_and_304(client: httpx.Client) -> None:
    first = client.get("/api/entities/gallium")
    tag = first.headers["etag"]
    assert "no-cache" in first.headers["cache-control"]
    again = client.get("/api/entities/gallium", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    weak = client.get("/api/entities/gallium", headers={"If-None-Match": f'"x", W/{tag}'})
    assert weak.status_code == 304
    other = client.get("/api/entities/germanium")
    assert other.headers["etag"] != tag
    stale = client.get("/api/entities/germanium", headers={"If-None-Match": tag})
    assert stale.status_code == 200
    assert "etag" not in client.get("/api/entities/galium").headers  # errors are not cached


def test_etag_changes_when_the_store_changes(
    client: httpx.Client, built_store: GraphStore, minter: Minter
) -> None:
    tag = client.get("/api/stats").headers["etag"]
    graph = f"{minter.base}graph/test-etag"
    built_store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x> <urn:y> <urn:z> }} }}")
    try:
        changed = client.get("/api/stats", headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag
    finally:
        built_store.remove_graph(graph)


# --- the index itself (no HTTP) ---------------------------------------------------------------


def test_fold_ignores_case_diacritics_and_punctuation() -> None:
    assert fold("Oekraïne") == "oekraine"
    assert fold("  GroenLinks-PvdA ") == "groenlinks pvda"
    assert fold("Curaçao") == "curacao"


def _index() -> EntityIndex:
    return EntityIndex(
        [
            IndexedEntity(
                "urn:cn",
                "country/cn",
                ["Country"],
                [Form("China", "pref", "en"), Form("CN", "iso3166")],
            ),
            IndexedEntity(
                "urn:cn2",
                "material/copernicium",
                ["Material"],
                [Form("copernicium", "pref", "en"), Form("Cn", "symbol")],
            ),
            IndexedEntity("urn:ec", "country/ec", ["Country"], [Form("EC", "iso3166")]),
            IndexedEntity(
                "urn:com",
                "organization/european-commission",
                ["Organization"],
                [Form("European Commission", "pref", "en"), Form("EC", "acronym")],
            ),
        ]
    )


def test_resolution_prefers_exact_case_then_slugs() -> None:
    index = _index()
    assert index.resolve("CN").key == "country/cn"
    assert index.resolve("Cn").key == "material/copernicium"
    assert index.resolve("cn").key == "country/cn"  # the slug of country/cn
    assert index.resolve("EC", "Organization").key == "organization/european-commission"
    with pytest.raises(Ambiguous) as ambiguous:
        index.resolve("EC")
    assert {h.entity.key for h in ambiguous.value.candidates} == {
        "country/ec",
        "organization/european-commission",
    }
    with pytest.raises(NotFound) as missing:
        index.resolve("Chna")
    assert [h.entity.key for h in missing.value.suggestions][:1] == ["country/cn"]
