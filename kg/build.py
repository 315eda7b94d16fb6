"""Bringing a store up to date: vocabularies reloaded when their files change, documents
extracted from ``data/`` when the store holds none."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from kg.iri import CRM, Minter
from kg.settings import Settings
from kg.store import GraphStore
from kg.vocab import load_vocabularies, vocabulary_files


def vocabulary_digest(ontology_dir: Path, minter: Minter) -> str:
    digest = hashlib.sha256()
    for file in vocabulary_files(ontology_dir, minter):
        digest.update(file.path.name.encode())
        digest.update(file.path.read_bytes())
    return digest.hexdigest()


def build_graph(minter: Minter) -> str:
    return f"{minter.base}graph/build"


def stored_digest(store: GraphStore, minter: Minter) -> str | None:
    rows = store.select(
        f"SELECT ?d WHERE {{ GRAPH <{build_graph(minter)}> {{ ?s <{CRM}vocabularyDigest> ?d }} }}"
    )
    return rows[0]["d"].value if rows else None  # type: ignore[union-attr]


def ensure_vocabularies(store: GraphStore, settings: Settings) -> bool:
    """Load the ontology and vocabularies when the store lacks them or they changed on disk."""
    minter = Minter(settings.base_iri)
    digest = vocabulary_digest(settings.ontology_dir, minter)
    if stored_digest(store, minter) == digest:
        return False
    load_vocabularies(store, settings.ontology_dir, minter)
    marker = ox.Triple(
        ox.NamedNode(build_graph(minter)),
        ox.NamedNode(f"{CRM}vocabularyDigest"),
        ox.Literal(digest),
    )
    store.replace_graph(build_graph(minter), [marker])
    return True


def document_graphs(store: GraphStore, minter: Minter) -> list[str]:
    prefix = minter.document_graph("")
    return [g for g in store.graphs() if g.startswith(prefix)]
