"""A document's identifiers are listed once each, though an ingested document that another one
cites is described twice: in its own graph, and in the shared graph by the citing document."""

from __future__ import annotations

import pyoxigraph as ox

from kg.documents import list_documents
from kg.ingest import ingest_paths
from kg.iri import CRM, Minter
from kg.settings import Settings
from kg.store import GraphWrite, OxigraphStore
from tests.conftest import corpus_files

KENMERK = "2025Z02999"  # data/corpus/manifest.json: 001_fa683727ed91ca3a.txt


def test_an_ingested_and_cited_document_lists_its_identifier_once(
    settings: Settings, minter: Minter
) -> None:
    store = OxigraphStore(None)
    file = next(f for f in corpus_files() if f.name.startswith("001_"))
    assert ingest_paths(store, settings, [file]).documents == [file.stem]
    cited = ox.NamedNode(minter.document(file.stem))
    kenmerk = ox.Triple(cited, ox.NamedNode(CRM + "kenmerk"), ox.Literal(KENMERK))
    citing = minter.document("citing")
    store.write(  # what the write of a document citing it by its kenmerk holds
        GraphWrite.of(
            minter.document_graph("citing"),
            [ox.Triple(ox.NamedNode(citing), ox.NamedNode(CRM + "cites"), cited)],
            minter.entities_graph,
            [kenmerk],
        )
    )
    rows = store.select(f"SELECT ?v WHERE {{ {cited} <{CRM}kenmerk> ?v }}")
    assert len(rows) == 2  # the union default graph has it from both graphs

    (info,) = list_documents(store, minter)
    assert info.id == file.stem
    assert info.identifiers == {"kenmerk": [KENMERK]}
