"""The graph of facts as a networkx ``MultiDiGraph``: neighbourhoods, paths and centrality.

SPARQL answers "what is linked to X"; questions about the shape of the graph ("how is the NMO
connected to gallium?", "which entities are most central?") are graph algorithms, which networkx
has. Nodes are entities (keyed by entity key, with IRI, type and label); each edge is one
asserted fact of one document (keyed by its assertion IRI, with relation, confidence, document
and evidence span), so parallel edges keep every source. The network is built once per store
version and shared by the REST layer and the notebooks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.cache import PerVersion
from kg.facts import lexical, prologue
from kg.iri import CRM, KIND_SEGMENTS, PROV, RDF, SKOS, Minter
from kg.resolve import LANGUAGES
from kg.store import GraphStore

MEASURES = ("degree", "pagerank", "betweenness")


def network_query(selection: str = "", moods: Iterable[str] = ("asserted",)) -> str:
    """A CONSTRUCT of the facts :func:`network_from_triples` reads: the assertions chosen by
    ``selection`` (a graph pattern on ``?a``, e.g. :func:`kg.facts.from_document`) in the given
    moods, and the types and preferred labels of the entities in them."""
    chosen = ", ".join(f'"{m}"' for m in moods)
    assertion = f"""{selection}
    ?a a crm:Assertion ; crm:mood ?mood . FILTER(?mood IN ({chosen}))"""
    return (
        prologue("crm", "rdf", "prov", "skos")
        + f"""CONSTRUCT {{
  ?a a crm:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; crm:mood ?mood ;
     crm:confidence ?c ; prov:wasDerivedFrom ?d ; crm:evidence ?ev .
  ?x a ?t ; skos:prefLabel ?l .
}} WHERE {{
  {{ {assertion}
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL {{ ?a crm:confidence ?c }} OPTIONAL {{ ?a prov:wasDerivedFrom ?d }}
    OPTIONAL {{ ?a crm:evidence ?ev }} }}
  UNION
  {{ SELECT DISTINCT ?x ?t ?l WHERE {{ {assertion}
      {{ ?a rdf:subject ?x }} UNION {{ ?a rdf:object ?x }}
      ?x a ?t . OPTIONAL {{ ?x skos:prefLabel ?l }} }} }}
}}"""
    )


#: Every asserted fact of the store, as :func:`network_from_triples` wants it.
NETWORK_CONSTRUCT = network_query()


@dataclass
class _Assertion:
    subject: str = ""
    predicate: str = ""
    object: str = ""
    mood: str | None = None
    confidence: float | None = None
    document: str | None = None
    evidence: str | None = None


def _collect(
    triples: Iterable[ox.Triple],
) -> tuple[dict[str, _Assertion], dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    assertions: dict[str, _Assertion] = {}
    types: dict[str, list[str]] = {}
    labels: dict[str, list[tuple[str, str]]] = {}
    fields = {
        f"{RDF}subject": "subject",
        f"{RDF}predicate": "predicate",
        f"{RDF}object": "object",
        f"{CRM}mood": "mood",
        f"{CRM}confidence": "confidence",
        f"{CRM}evidence": "evidence",
        f"{PROV}wasDerivedFrom": "document",
    }
    kinds = {f"{CRM}{kind}": kind for kind in KIND_SEGMENTS}
    for triple in triples:
        node, predicate, value = lexical(triple.subject), triple.predicate.value, triple.object
        text = lexical(value)
        if predicate == f"{RDF}type" and text in kinds:
            types.setdefault(node, []).append(kinds[text])
        elif predicate == f"{SKOS}prefLabel" and isinstance(value, ox.Literal):
            labels.setdefault(node, []).append((text, value.language or ""))
        elif predicate in fields:
            record = assertions.setdefault(node, _Assertion())
            name = fields[predicate]
            setattr(record, name, float(text) if name == "confidence" else text)
    complete = {iri: a for iri, a in assertions.items() if a.subject and a.predicate and a.object}
    return complete, types, labels


def _label(options: list[tuple[str, str]], fallback: str) -> str:
    for language in LANGUAGES:
        for text, lang in options:
            if lang == language:
                return text
    return options[0][0] if options else fallback


def network_from_triples(triples: Iterable[ox.Triple], minter: Minter) -> nx.MultiDiGraph:
    """A typed MultiDiGraph from RDF of the shape of :data:`NETWORK_CONSTRUCT`. Assertions with
    a mood other than "asserted" (questions) are left out: they are not facts."""
    assertions, types, labels = _collect(triples)
    graph = nx.MultiDiGraph()

    def node(iri: str) -> str:
        key = minter.key_of(iri) or iri
        if key not in graph:
            kinds = sorted(set(types.get(iri, [])), key=lambda k: (k != _kind_of(key), k))
            graph.add_node(
                key,
                iri=iri,
                type=kinds[0] if kinds else "",
                types=kinds,
                label=_label(labels.get(iri, []), key),
            )
        return key

    for iri, fact in sorted(assertions.items()):
        if fact.mood not in (None, "asserted"):
            continue
        document = minter.key_of(fact.document) if fact.document else None
        graph.add_edge(
            node(fact.subject),
            node(fact.object),
            key=iri,
            relation=fact.predicate.removeprefix(str(CRM)),
            assertion=iri,
            confidence=fact.confidence,
            evidence=fact.evidence,
            document=document.removeprefix("document/") if document else fact.document,
        )
    return graph


def _kind_of(key: str) -> str:
    segment = key.split("/", 1)[0]
    return next((k for k, s in KIND_SEGMENTS.items() if s == segment), "")


def build_network(store: GraphStore, minter: Minter) -> nx.MultiDiGraph:
    """The whole graph of asserted facts in ``store``."""
    return network_from_triples(store.construct(NETWORK_CONSTRUCT), minter)


# --- views and algorithms -------------------------------------------------------------------------


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One edge per pair of linked entities, whatever the direction and number of facts, weighted
    by the number of facts: the view in which "how are A and B connected" is asked."""
    return _collapsed(graph, nx.Graph())


def directed(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per ordered pair, weighted by the number of facts (for PageRank)."""
    return _collapsed(graph, nx.DiGraph())


def _collapsed(graph: nx.MultiDiGraph, simple: Any) -> Any:
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def centrality(graph: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """degree: share of the other entities linked to each (facts in either direction);
    pagerank: on the directed facts, so entities that many facts point to (materials, policies)
    rank high; betweenness: how often an entity lies on the shortest links between others."""
    if graph.number_of_nodes() == 0:
        return {}
    if measure == "degree":
        return dict(nx.degree_centrality(undirected(graph)))
    if measure == "pagerank":
        return dict(nx.pagerank(directed(graph), weight="weight"))
    if measure == "betweenness":
        return dict(nx.betweenness_centrality(undirected(graph)))
    raise ValueError(f"Unknown measure {measure!r}; use one of {', '.join(MEASURES)}.")


def neighbourhood(
    graph: nx.MultiDiGraph,
    center: str,
    depth: int = 1,
    relations: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, int]]:
    """The entities within ``depth`` facts of ``center`` (either direction) and the facts among
    them, walking only over the given relations and through entities of the given types; with
    each entity's distance from the centre."""
    allowed_relations = set(relations) if relations else None
    allowed_kinds = set(kinds) if kinds else None

    def keep_node(n: str) -> bool:
        return n == center or allowed_kinds is None or graph.nodes[n]["type"] in allowed_kinds

    def keep_edge(u: str, v: str, k: str) -> bool:
        return allowed_relations is None or graph.edges[u, v, k]["relation"] in allowed_relations

    view = nx.subgraph_view(graph, filter_node=keep_node, filter_edge=keep_edge)
    distances = nx.single_source_shortest_path_length(
        view.to_undirected(as_view=True), center, cutoff=depth
    )
    return nx.MultiDiGraph(view.subgraph(distances)), dict(distances)


def shortest_paths(
    graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5
) -> list[list[str]]:
    """Up to ``limit`` shortest chains of entities from ``source`` to ``target``, following facts
    in either direction; empty when they are not connected."""
    simple = undirected(graph)
    if source not in simple or target not in simple:
        return []
    try:
        paths = nx.all_shortest_paths(simple, source, target)
        found = []
        for path in paths:
            found.append(list(path))
            if len(found) >= limit:
                break
        return found
    except nx.NetworkXNoPath:
        return []


def edges_between(graph: nx.MultiDiGraph, u: str, v: str) -> list[dict[str, Any]]:
    """Every fact linking ``u`` and ``v``, in either direction, with its source and target."""
    found = []
    for a, b in ((u, v), (v, u)):
        for key, data in graph.get_edge_data(a, b, default={}).items():
            found.append({"source": a, "target": b, "key": key, **data})
    return found


# --- one network per store version ----------------------------------------------------------------


@dataclass
class Network:
    """The graph of one store version, with its centralities computed on first use."""

    version: int
    graph: nx.MultiDiGraph
    _centralities: dict[str, dict[str, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def centrality(self, measure: str) -> dict[str, float]:
        with self._lock:
            if measure not in self._centralities:
                self._centralities[measure] = centrality(self.graph, measure)
            return self._centralities[measure]


def _build(store: GraphStore, minter: Minter) -> Network:
    version = store.version
    return Network(version, build_network(store, minter))


network = PerVersion(_build)
"""The network of a store at its current version: ``network(store, minter)``."""
