"""The one store interface, and its embedded implementation on pyoxigraph.

Every read and write in the code base goes through :class:`GraphStore`. Writes replace or remove
whole named graphs (one per document, one per vocabulary), each in one atomic SPARQL Update, so a
reader sees a document either entirely or not at all, and the same code works against an
external SPARQL 1.1 server.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.entity_expansion import EntityExpansionError, check_entity_expansion
from kg.sparql import (
    QueryForm,
    SparqlError,
    analyse,
    serialize_ask,
    serialize_graph,
    serialize_select,
)

if TYPE_CHECKING:
    from kg.settings import Settings

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = dict[str, Term]
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class Dataset:
    """The SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Limits:
    max_rows: int = 100_000
    max_bytes: int = 100_000_000


def ntriples(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """Triples as N-Triples text (quads lose their graph), the body of an INSERT DATA."""
    plain = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    return ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")  # type: ignore[union-attr]


def replace_graph_update(graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """One SPARQL Update that swaps the whole content of ``graph``."""
    body = ntriples(triples)
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"


class GraphStore(ABC):
    """What the rest of the code base may ask of a store."""

    @abstractmethod
    def query(self, sparql: str, dataset: Dataset | None = None) -> QueryResult:
        """Evaluate a read query; the default graph is the union of all graphs unless the
        query (FROM) or ``dataset`` says otherwise."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update atomically (a privileged operation)."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """The names of the named graphs."""

    @property
    @abstractmethod
    def version(self) -> int:
        """Changes whenever the content changes; caches key on it."""

    def close(self) -> None:  # noqa: B027 - most stores have nothing to release
        """Release files and connections."""

    # --- built on the primitives above ------------------------------------------------------

    def select(self, sparql: str, dataset: Dataset | None = None) -> list[Row]:
        result = self.query(sparql, dataset)
        if not isinstance(result, ox.QuerySolutions):
            raise SparqlError("Expected a SELECT query.")
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise SparqlError("Expected an ASK query.")
        return bool(result)

    def construct(self, sparql: str) -> list[ox.Triple]:
        result = self.query(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise SparqlError("Expected a CONSTRUCT or DESCRIBE query.")
        return list(result)

    def answer(
        self,
        sparql: str,
        media_type: str,
        dataset: Dataset | None = None,
        limits: Limits | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> bytes:
        """The serialized answer to a read query, as the SPARQL endpoint sends it."""
        limits = limits or Limits()
        result = self.query(sparql, dataset)
        if isinstance(result, ox.QuerySolutions):
            return serialize_select(
                result, media_type, max_rows=limits.max_rows, max_bytes=limits.max_bytes
            )
        if isinstance(result, ox.QueryBoolean):
            return serialize_ask(bool(result), media_type)
        return serialize_graph(
            result,
            media_type,
            max_triples=limits.max_rows,
            max_bytes=limits.max_bytes,
            prefixes=prefixes,
        )

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Swap a named graph's content in one atomic step."""
        self.update(replace_graph_update(graph, triples))

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0  # type: ignore[union-attr]

    def graph_sizes(self) -> dict[str, int]:
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        return {r["g"].value: int(r["n"].value) for r in rows}  # type: ignore[union-attr]


class OxigraphStore(GraphStore):
    """The embedded store: pyoxigraph on RocksDB in a folder, or in memory when ``path`` is None.

    One process opens a folder read-write (RocksDB locks it); queries release the GIL, so a
    thread pool serves concurrent readers.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            raise OSError(f"Cannot open the store at {path}: {error}") from error
        self._version = 0
        self._lock = threading.Lock()

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for benchmarks and bulk loads."""
        return self._store

    @property
    def version(self) -> int:
        return self._version

    def query(self, sparql: str, dataset: Dataset | None = None) -> QueryResult:
        info = analyse(sparql)
        if info.form is QueryForm.UPDATE:
            raise SparqlError("This is a SPARQL Update; it is not accepted as a query.")
        try:
            if dataset:
                return self._store.query(  # type: ignore[no-any-return]
                    sparql,
                    default_graph=_nodes(dataset.default_graphs) or ox.DefaultGraph(),
                    named_graphs=[ox.NamedNode(g) for g in dataset.named_graphs] or None,  # type: ignore[misc]
                )
            if info.has_dataset_clause:
                return self._store.query(sparql)  # type: ignore[no-any-return]
            return self._store.query(sparql, use_default_graph_as_union=True)  # type: ignore[no-any-return]
        except SyntaxError as error:
            raise SparqlError(f"Malformed query: {error}") from error

    def update(self, sparql: str) -> None:
        try:
            with self._lock:
                self._store.update(sparql)
                self._version += 1
        except SyntaxError as error:
            raise SparqlError(f"Malformed update: {error}") from error

    def load(
        self,
        data: bytes | str,
        rdf_format: ox.RdfFormat,
        graph: str,
        base_iri: str | None = None,
    ) -> int:
        """Parse RDF (never fetching anything remote) and make it the content of ``graph``."""
        triples = parse_triples(data, rdf_format, base_iri)
        self.replace_graph(graph, triples)
        return len(triples)

    def bulk_load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Fast, non-atomic loading of many quads (benchmarks and first builds)."""
        with self._lock:
            self._store.bulk_extend(quads)
            self._version += 1

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, output: BinaryIO) -> None:
        """Every graph as N-Quads: the snapshot the query workers load."""
        self._store.dump(output, format=ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store


def _nodes(iris: Sequence[str]) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    return [ox.NamedNode(iri) for iri in iris]


def parse_triples(
    data: bytes | str, rdf_format: ox.RdfFormat, base_iri: str | None = None
) -> list[ox.Triple]:
    """Parse an RDF document into triples. pyoxigraph never dereferences remote JSON-LD contexts
    or external entities, so untrusted input cannot make the server fetch anything."""
    try:
        if rdf_format == ox.RdfFormat.RDF_XML:
            check_entity_expansion(data.encode() if isinstance(data, str) else data)
        quads = ox.parse(data, format=rdf_format, base_iri=base_iri)
        return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    except EntityExpansionError as error:
        raise SparqlError(str(error), 413) from error
    except SyntaxError as error:
        raise SparqlError(f"Malformed {rdf_format.name} data: {error}") from error


def open_store(settings: Settings) -> GraphStore:
    """The store the settings ask for: the SPARQL 1.1 server when its URLs are set (checked
    to be reachable and to query the union of the named graphs), else the embedded store."""
    if settings.uses_external_store:
        from kg.remote_store import SparqlServerStore  # it builds on this module

        store = SparqlServerStore.from_settings(settings)
        try:
            store.verify()
        except OSError:
            store.close()
            raise
        return store
    return OxigraphStore(settings.store)
