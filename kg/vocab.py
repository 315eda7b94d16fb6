"""Loading the ontology and the controlled vocabularies into their own named graphs.

Vocabulary files write entities as relative IRIs (``<material/gallium>``); they are resolved
here against ``{base}id/``, so the same files serve any deployment's base IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.iri import Minter
from kg.store import GraphStore, parse_triples


@dataclass(frozen=True)
class VocabularyFile:
    path: Path
    graph: str
    base_iri: str | None


def vocabulary_files(ontology_dir: Path, minter: Minter) -> list[VocabularyFile]:
    """The schema, the shapes and every vocabulary, each with the graph it belongs in."""
    files = [
        VocabularyFile(ontology_dir / name, f"{minter.ontology_graph}/{Path(name).stem}", None)
        for name in ("crm.ttl", "shapes.ttl")
    ]
    for path in sorted((ontology_dir / "vocab").glob("*.ttl")):
        graph = f"{minter.vocabulary_graph}/{path.stem}"
        files.append(VocabularyFile(path, graph, minter.entity("")))
    return files


def parse_vocabulary(file: VocabularyFile) -> list[ox.Triple]:
    return parse_triples(file.path.read_bytes(), ox.RdfFormat.TURTLE, file.base_iri)


def load_vocabularies(store: GraphStore, ontology_dir: Path, minter: Minter) -> dict[str, int]:
    """Replace each ontology and vocabulary graph with its file's content; triples per graph."""
    loaded: dict[str, int] = {}
    for file in vocabulary_files(ontology_dir, minter):
        triples = parse_vocabulary(file)
        store.replace_graph(file.graph, triples)
        loaded[file.graph] = len(triples)
    return loaded
