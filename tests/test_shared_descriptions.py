"""Descriptions of minted entities and extraction rules are stored once, in the shared graph,
whatever the number of documents that mention them (the union default graph counts a triple once
per graph that holds it), and go when the last document that refers to them goes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ingest import ingest_paths, remove_document
from kg.iri import Minter
from kg.settings import Settings
from kg.store import GraphStore, OxigraphStore
from tests.conftest import corpus_files

SKOS = "http://www.w3.org/2004/02/skos/core#"
CRM = "https://w3id.org/crmkg/ontology#"


def labels(store: GraphStore, iri: str) -> list[str]:
    """The rows of a prefLabel lookup on the union default graph, duplicates included."""
    rows = store.select(f"SELECT ?l WHERE {{ <{iri}> <{SKOS}prefLabel> ?l }}")
    return [text(row["l"]) for row in rows]


def text(term: object) -> str:
    assert isinstance(term, ox.NamedNode | ox.Literal), term
    return term.value


def size(store: GraphStore, graph: str) -> int:
    return store.graph_sizes().get(graph, 0)


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path]:
    """One corpus document under two names: two document ids, the same mentions."""
    source = corpus_files()[0]  # names the persons Hirsch and Thijssen
    first, second = tmp_path / "twin-a.txt", tmp_path / "twin-b.txt"
    shutil.copy(source, first)
    shutil.copy(source, second)
    return first, second


def test_a_person_in_two_documents_has_one_label_until_both_are_gone(
    twins: tuple[Path, Path], settings: Settings, minter: Minter
) -> None:
    store = OxigraphStore(None)
    report = ingest_paths(store, settings, list(twins))
    assert report.documents == ["twin-a", "twin-b"] and not report.failures
    person = minter.entity("person/hirsch")
    shared = minter.entities_graph

    assert labels(store, person) == ["Hirsch"]
    for doc_id in report.documents:  # nothing shared is left in the document graphs
        graph = minter.document_graph(doc_id)
        assert not store.ask(
            f"ASK {{ GRAPH <{graph}> {{ <{person}> a|<{SKOS}prefLabel>|<{SKOS}altLabel> ?o }} }}"
        )
        assert not store.ask(f"ASK {{ GRAPH <{graph}> {{ ?rule a <{CRM}ExtractionRule> }} }}")
    rules = store.select(f"SELECT ?r WHERE {{ ?r a <{CRM}ExtractionRule> }}")
    assert rules and len(rules) == len({row["r"] for row in rules})
    described = size(store, shared)

    assert remove_document(store, minter, "twin-a")
    assert labels(store, person) == ["Hirsch"]
    assert size(store, shared) == described  # twin-b still refers to every one of them

    assert remove_document(store, minter, "twin-b")
    assert labels(store, person) == []
    assert size(store, shared) == 0
    assert not any(g.startswith(minter.document_graph("")) for g in store.graphs())


def test_replacing_a_document_drops_what_only_its_old_content_needed(
    twins: tuple[Path, Path], tmp_path: Path, settings: Settings, minter: Minter
) -> None:
    store = OxigraphStore(None)
    first = twins[0]
    ingest_paths(store, settings, [first])
    person = minter.entity("person/hirsch")
    graph = minter.document_graph("twin-a")
    sizes = store.graph_sizes()

    ingest_paths(store, settings, [first])  # the same content again: an update, not a load
    assert store.graph_sizes() == sizes
    assert labels(store, person) == ["Hirsch"]

    first.write_text("Nederland importeert gallium uit China.\n", "utf-8")
    ingest_paths(store, settings, [first])
    assert labels(store, person) == []
    assert store.graph_sizes()[graph] < sizes[graph]
    other = minter.entity("person/thijssen")
    assert not store.ask(f"ASK {{ <{other}> ?p ?o }}")


def test_the_corpus_names_each_minted_entity_once(built_store: GraphStore, minter: Minter) -> None:
    """Hirsch and Thijssen are named in two corpus documents."""
    rows = built_store.select(
        f"SELECT ?e ?l WHERE {{ GRAPH <{minter.entities_graph}> {{ ?e a ?kind }} "
        f"?e <{SKOS}prefLabel> ?l }}"
    )
    keys = [(text(row["e"]), text(row["l"])) for row in rows]
    assert minter.entity("person/hirsch") in {e for e, _ in keys}
    assert len(keys) == len(set(keys))


def test_a_pool_of_workers_writes_what_one_process_writes(
    tmp_path: Path, settings: Settings
) -> None:
    files = corpus_files()[:3]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    alone, pooled = OxigraphStore(None), OxigraphStore(None)
    one = ingest_paths(alone, settings, [*files, bad], workers=1)
    two = ingest_paths(pooled, settings, [*files, bad], workers=2)
    assert one.documents == two.documents == [f.stem for f in files]
    assert [p for p, _ in two.failures] == [bad] == [p for p, _ in one.failures]
    assert (one.entities, one.relations) == (two.entities, two.relations)
    assert alone.graph_sizes() == pooled.graph_sizes()


def graph_content(store: GraphStore, graph: str) -> set[str]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {f"{row['s']} {row['p']} {row['o']}" for row in rows}


def test_a_patched_graph_holds_exactly_the_new_content(
    twins: tuple[Path, Path], tmp_path: Path, settings: Settings, minter: Minter
) -> None:
    """Re-ingesting writes only the triples that change (kg.store.patch_update): what was
    there and is no more goes, a triple slipped in goes, and the rest is as a first write."""
    first = twins[0]
    graph = minter.document_graph("twin-a")
    fresh = OxigraphStore(None)
    ingest_paths(fresh, settings, [first])
    store = OxigraphStore(None)
    original = first.read_text("utf-8")
    first.write_text(original.replace("Hirsch", "Jansen"), "utf-8")
    ingest_paths(store, settings, [first])
    store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <urn:x:stale> "stale" }} }}')
    first.write_text(original, "utf-8")
    ingest_paths(store, settings, [first])
    assert graph_content(store, graph) == graph_content(fresh, graph)
    assert store.graph_sizes() == fresh.graph_sizes()
    assert not store.ask(f"ASK {{ <{minter.entity('person/jansen')}> ?p ?o }}")
