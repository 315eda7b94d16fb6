"""The networkx view of the graph: its shape, its cache, and the algorithms the REST layer and
the notebook use."""

from __future__ import annotations

import math
from itertools import pairwise

import networkx as nx
import pytest

from kg.facts import from_document
from kg.iri import KIND_SEGMENTS, Minter
from kg.network import (
    MEASURES,
    centrality,
    edges_between,
    neighbourhood,
    network,
    network_from_triples,
    network_query,
    shortest_paths,
)
from kg.resolve import entity_index
from kg.store import GraphStore

ASSERTED = """PREFIX crm: <https://w3id.org/crmkg/ontology#>
SELECT (COUNT(?a) AS ?n) WHERE { ?a a crm:Assertion ; crm:mood "asserted" }"""


@pytest.fixture(scope="module")
def graph(built_store: GraphStore, minter: Minter) -> nx.MultiDiGraph:
    return network(built_store, minter).graph


def test_every_asserted_fact_is_one_typed_edge(
    graph: nx.MultiDiGraph, built_store: GraphStore
) -> None:
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == int(built_store.select(ASSERTED)[0]["n"].value)  # type: ignore[union-attr]
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert data["assertion"] == key
        assert data["relation"] and data["document"] and data["evidence"]
        assert 0 < data["confidence"] <= 1
    for _, data in graph.nodes(data=True):
        assert data["iri"] and data["label"]
        assert data["type"] in KIND_SEGMENTS, data


def test_china_restricts_gallium_as_an_edge(graph: nx.MultiDiGraph) -> None:
    edges = graph.get_edge_data("country/cn", "material/gallium") or {}
    assert any(e["relation"] == "restrictsExportOf" for e in edges.values())
    assert graph.nodes["country/cn"]["label"] == "China"
    assert graph.nodes["material/gallium"]["type"] == "Material"


def test_the_network_is_cached_per_store_version(built_store: GraphStore, minter: Minter) -> None:
    first = network(built_store, minter)
    assert network(built_store, minter) is first
    assert entity_index(built_store, minter) is entity_index(built_store, minter)
    graph = f"{minter.base}graph/test-network-cache"
    built_store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    try:
        second = network(built_store, minter)
        assert second is not first and second.version == built_store.version
        assert second.graph.number_of_edges() == first.graph.number_of_edges()
    finally:
        built_store.remove_graph(graph)


def test_a_construct_of_one_document_gives_its_part(
    built_store: GraphStore, minter: Minter, graph: nx.MultiDiGraph
) -> None:
    document = next(d for _, _, d in graph.edges(data="document") if d.startswith("002"))
    query = network_query(from_document(minter.document(document)))
    part = network_from_triples(built_store.construct(query), minter)
    assert 0 < part.number_of_edges() < graph.number_of_edges()
    assert {d for _, _, d in part.edges(data="document")} == {document}
    for node, data in part.nodes(data=True):
        assert data == graph.nodes[node]


def test_questions_are_not_edges(built_store: GraphStore, minter: Minter) -> None:
    triples = built_store.construct(network_query(moods=("question",)))
    assert triples, "the corpus has questions (Kamervragen)"
    assert network_from_triples(triples, minter).number_of_edges() == 0


def test_path_from_the_nmo_to_gallium(graph: nx.MultiDiGraph) -> None:
    paths = shortest_paths(graph, "organization/nmo", "material/gallium")
    assert paths
    for path in paths:
        assert path[0] == "organization/nmo" and path[-1] == "material/gallium"
        for u, v in pairwise(path):
            assert edges_between(graph, u, v)
    assert shortest_paths(graph, "organization/nmo", "material/no-such") == []


def test_neighbourhood_walks_the_chosen_relations_and_types(graph: nx.MultiDiGraph) -> None:
    sub, distances = neighbourhood(graph, "material/gallium", 1)
    assert distances["material/gallium"] == 0 and distances["country/cn"] == 1
    only, _ = neighbourhood(graph, "material/gallium", 2, relations=["restrictsExportOf"])
    assert {r for _, _, r in only.edges(data="relation")} == {"restrictsExportOf"}
    countries, _ = neighbourhood(graph, "material/gallium", 2, kinds=["Country"])
    assert {countries.nodes[n]["type"] for n in countries if n != "material/gallium"} == {"Country"}
    assert sub.number_of_nodes() >= 2


@pytest.mark.parametrize("measure", MEASURES)
def test_centrality(graph: nx.MultiDiGraph, measure: str) -> None:
    scores = centrality(graph, measure)
    assert set(scores) == set(graph)
    assert all(score >= 0 for score in scores.values())
    if measure == "pagerank":
        assert math.isclose(sum(scores.values()), 1.0, rel_tol=1e-6)
    with pytest.raises(ValueError):
        centrality(graph, "fame")
