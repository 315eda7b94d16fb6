"""Graph analytics over REST (networkx): paths between entities, centrality rankings, and
the size of the graph."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

import networkx as nx
from fastapi import APIRouter, Depends, Query

from api import models
from api.deps import ServiceState, get_state
from api.present import entity_ref, entity_type, index_of, ref, relation, resolve, window
from kg.facts import assertions, prologue, read_facts, value
from kg.network import Network, edges_between, network, shortest_paths
from kg.resolve import EntityIndex

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/path", summary="Shortest paths between two entities, with evidence per hop")
def path(
    source: str = Query(alias="from", description="Start entity (`NMO`)."),
    target: str = Query(alias="to", description="End entity (`gallium`)."),
    limit: int = Query(5, ge=1, le=50, description="Paths to return at most."),
    state: ServiceState = Depends(get_state),
) -> models.PathAnswer:
    """The shortest chains of facts from one entity to the other ("how is the NMO connected
    to gallium?"), following facts in either direction; each hop lists the facts linking its
    two entities with their evidence sentences. No path: `paths` is empty and `length` null."""
    start, end = resolve(state, source), resolve(state, target)
    net = network(state.store, state.minter)
    chains = shortest_paths(net.graph, start.key, end.key, limit)
    index = index_of(state)
    hops = _hops(state, net, index, chains)
    paths = [
        models.GraphPath(
            nodes=[ref(index, net.graph.nodes[n]["iri"]) for n in chain],
            hops=[hops[(u, v)] for u, v in pairwise(chain)],
        )
        for chain in chains
    ]
    return models.PathAnswer(
        source=entity_ref(start),
        target=entity_ref(end),
        length=len(chains[0]) - 1 if chains else None,
        paths=paths,
    )


def _hops(
    state: ServiceState, net: Network, index: EntityIndex, chains: list[list[str]]
) -> dict[tuple[str, str], models.Hop]:
    """Every hop of the chains with its facts, read in one query."""
    pairs = {(u, v) for chain in chains for u, v in pairwise(chain)}
    edges = {pair: edges_between(net.graph, *pair) for pair in pairs}
    ids = sorted({e["assertion"] for found in edges.values() for e in found})
    facts = read_facts(state.store, state.minter, assertions(ids)) if ids else []
    iri = {n: net.graph.nodes[n]["iri"] for pair in pairs for n in pair}
    hops = {}
    for u, v in pairs:
        ends = {iri[u], iri[v]}
        linking = [f for f in facts if {f.subject, f.object} == ends]
        hops[(u, v)] = models.Hop(
            source=ref(index, iri[u]),
            target=ref(index, iri[v]),
            relations=[relation(state, index, f, iri[u]) for f in linking],
        )
    return hops


@router.get("/rankings", summary="The most central entities")
def rankings(
    measure: Literal["degree", "pagerank", "betweenness"] = Query("degree"),
    type_: str | None = Query(None, alias="type", description="Only rank entities of a type."),
    limit: int = Query(20, ge=1, le=500),
    offset: int = Query(0, ge=0),
    state: ServiceState = Depends(get_state),
) -> models.Ranking:
    """Centrality over the graph of asserted facts. degree: share of all entities linked to
    it; pagerank: over the directed facts, so entities many facts point to rank high;
    betweenness: how often it lies on the shortest links between others. Computed once per
    store version on the whole graph, then filtered by type."""
    kind = entity_type(type_)
    net = network(state.store, state.minter)
    scores = net.centrality(measure)
    graph = net.graph
    ranked = sorted(
        (n for n in scores if kind is None or kind in graph.nodes[n]["types"]),
        key=lambda n: (-scores[n], n),
    )
    index = index_of(state)
    items = [
        models.RankedEntity(
            **ref(index, graph.nodes[n]["iri"]).model_dump(),
            rank=offset + position + 1,
            score=round(scores[n], 6),
            degree=len(set(graph.predecessors(n)) | set(graph.successors(n))),
        )
        for position, n in enumerate(ranked[window(len(ranked), limit, offset)])
    ]
    return models.Ranking(
        measure=measure, type=kind, total=len(ranked), limit=limit, offset=offset, items=items
    )


STATS_QUERY = (
    prologue("crm", "rdf")
    + """SELECT ?p (COUNT(?a) AS ?n)
       (COUNT(DISTINCT CONCAT(STR(?s), " ", STR(?o))) AS ?facts) WHERE {
  ?a a crm:Assertion ; crm:mood "asserted" ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
} GROUP BY ?p ORDER BY ?p"""
)


@router.get("/stats", summary="The size of the graph")
def stats(state: ServiceState = Depends(get_state)) -> models.Stats:
    """Triples, graphs, documents, entities per type, facts per relation, questions, mentions,
    and the shape of the network."""
    store = state.store
    version = store.version
    index = index_of(state)
    by_type: dict[str, int] = {}
    for entity in index.entities():
        by_type[entity.type] = by_type.get(entity.type, 0) + 1
    relations = {
        value(row, "p").rsplit("#", 1)[-1]: (int(value(row, "facts")), int(value(row, "n")))
        for row in store.select(STATS_QUERY)
    }
    graph = network(store, state.minter).graph
    return models.Stats(
        version=version,
        triples=store.count(),
        graphs=len(store.graphs()),
        documents=_count(state, "?d a crm:Document ; crm:sourceFile ?f", "?d"),
        entities=len(index),
        entities_by_type=dict(sorted(by_type.items())),
        facts=sum(f for f, _ in relations.values()),
        assertions=sum(a for _, a in relations.values()),
        questions=_count(state, '?a a crm:Assertion ; crm:mood "question"', "?a"),
        relations_by_type={p: f for p, (f, _) in relations.items()},
        mentions=_count(state, "?m itsrdf:taIdentRef ?e", "?m"),
        network=models.NetworkStats(
            nodes=graph.number_of_nodes(),
            edges=graph.number_of_edges(),
            components=_components(graph),
        ),
    )


def _count(state: ServiceState, pattern: str, variable: str) -> int:
    rows = state.store.select(
        prologue("crm", "itsrdf")
        + f"SELECT (COUNT(DISTINCT {variable}) AS ?n) WHERE {{ {pattern} }}"
    )
    return int(value(rows[0], "n")) if rows else 0


def _components(graph: nx.MultiDiGraph) -> int:
    return nx.number_weakly_connected_components(graph) if len(graph) else 0
