"""The one store interface, and its embedded implementation on pyoxigraph.

Every read and write in the code base goes through :class:`GraphStore`. Writes replace or remove
whole named graphs (one per document, one per vocabulary), each in one atomic SPARQL Update, so a
reader sees a document either entirely or not at all, and the same code works against an
external SPARQL 1.1 server.

A document graph may come with *shared descriptions* (:class:`GraphWrite`): triples about
entities that several documents mention, kept once in a shared graph because the union default
graph counts a triple once per graph that holds it. The same update that writes or removes the
document inserts them (idempotent: a graph is a set) and deletes the descriptions of entities
that no other graph refers to any more (:func:`collect_garbage_update`).
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


@dataclass(frozen=True)
class GraphWrite:
    """The new content of ``graph`` and the descriptions it shares with other graphs, which go
    to ``shared_graph``, as N-Triples text: cheap to send from an extraction process, to put
    in an update or to load."""

    graph: str
    ntriples: str
    shared_graph: str | None = None
    shared_ntriples: str = ""

    @classmethod
    def of(
        cls,
        graph: str,
        triples: Iterable[ox.Triple | ox.Quad],
        shared_graph: str | None = None,
        shared: Iterable[ox.Triple | ox.Quad] = (),
    ) -> GraphWrite:
        shared = list(shared)
        return cls(graph, ntriples(triples), shared_graph, ntriples(shared) if shared else "")

    def nquads(self) -> str:
        """Both graphs' triples as N-Quads (each N-Triples line is one triple: newlines in
        literals are escaped, so a line ends with the only unquoted `` .``)."""
        quads = _in_graph(self.ntriples, self.graph)
        if self.shared_graph and self.shared_ntriples:
            quads += _in_graph(self.shared_ntriples, self.shared_graph)
        return quads


def _in_graph(ntriples_text: str, graph: str) -> str:
    return ntriples_text.replace(" .\n", f" <{graph}> .\n")


def collect_garbage_update(graph: str, shared_graph: str) -> str:
    """Delete from ``shared_graph`` the description of every resource that ``graph`` refers to
    (as subject or object) and that no graph but these two refers to. Run *before* ``graph``
    is dropped or replaced; the new content's descriptions are inserted after it."""
    others = f"FILTER(?g != <{graph}> && ?g != <{shared_graph}>)"
    return (
        f"DELETE {{ GRAPH <{shared_graph}> {{ ?e ?p ?o }} }} WHERE {{\n"
        f"  {{ SELECT DISTINCT ?e WHERE {{\n"
        f"    {{ GRAPH <{graph}> {{ ?x ?y ?e }} }} UNION {{ GRAPH <{graph}> {{ ?e ?y ?x }} }}\n"
        f"    FILTER(isIRI(?e)) }} }}\n"
        f"  GRAPH <{shared_graph}> {{ ?e ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?q ?e }} {others} }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?e ?q ?s }} {others} }}\n"
        f"}}"
    )


def write_update(write: GraphWrite) -> str:
    """One SPARQL Update for a :class:`GraphWrite`: the shared descriptions only the old
    content needed deleted, the graph swapped, the shared descriptions inserted."""
    statements = []
    if write.shared_graph:
        statements.append(collect_garbage_update(write.graph, write.shared_graph))
    statements.append(f"DROP SILENT GRAPH <{write.graph}>")
    if write.ntriples:
        statements.append(f"INSERT DATA {{ GRAPH <{write.graph}> {{\n{write.ntriples}}} }}")
    if write.shared_graph and write.shared_ntriples:
        statements.append(
            f"INSERT DATA {{ GRAPH <{write.shared_graph}> {{\n{write.shared_ntriples}}} }}"
        )
    return " ;\n".join(statements)


def patch_update(write: GraphWrite, old_ntriples: str) -> str:
    """Like :func:`write_update`, for a graph whose content is now ``old_ntriples``, but
    deleting and inserting only the triples that change (re-ingesting a document changes few):
    deleting a quad costs RocksDB as much as writing one. Blank nodes cannot be matched by
    their labels; with any, with no new content, or when most of the old content goes, the
    graph is swapped whole."""
    if not write.ntriples or "_:" in write.ntriples or "_:" in old_ntriples:
        return write_update(write)
    old = set(old_ntriples.splitlines())
    new = write.ntriples.splitlines()
    kept = old.intersection(new)
    if 2 * len(kept) < len(old):  # mostly new: a DROP deletes faster than listed triples
        return write_update(write)
    removed = "".join(f"{line}\n" for line in old - kept)
    added = "".join(f"{line}\n" for line in dict.fromkeys(new) if line not in kept)
    statements = []
    if write.shared_graph:
        statements.append(collect_garbage_update(write.graph, write.shared_graph))
    if removed:
        statements.append(f"DELETE DATA {{ GRAPH <{write.graph}> {{\n{removed}}} }}")
    if added:
        statements.append(f"INSERT DATA {{ GRAPH <{write.graph}> {{\n{added}}} }}")
    if write.shared_graph and write.shared_ntriples:
        statements.append(
            f"INSERT DATA {{ GRAPH <{write.shared_graph}> {{\n{write.shared_ntriples}}} }}"
        )
    return " ;\n".join(statements) or "INSERT DATA {}"


def remove_graph_update(graph: str, shared_graph: str | None = None) -> str:
    """Drop ``graph``, and with ``shared_graph`` the descriptions only it referred to."""
    drop = f"DROP SILENT GRAPH <{graph}>"
    return f"{collect_garbage_update(graph, shared_graph)} ;\n{drop}" if shared_graph else drop


def replace_graph_update(graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """One SPARQL Update that swaps the whole content of ``graph``."""
    return write_update(GraphWrite.of(graph, triples))


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
        self.write(GraphWrite.of(graph, triples))

    def write(self, write: GraphWrite) -> None:
        """Swap ``write.graph``'s content, insert its shared descriptions and delete those no
        graph refers to any more, in one atomic step."""
        self.update(write_update(write))

    def remove_graph(self, graph: str, shared_graph: str | None = None) -> None:
        """Drop ``graph``; with ``shared_graph``, in the same atomic step, the descriptions
        there that no other graph refers to."""
        self.update(remove_graph_update(graph, shared_graph))

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

    def write(self, write: GraphWrite) -> None:
        """A graph the store does not hold yet is loaded as N-Quads, with its shared
        descriptions, in one transaction (``Store.load`` is atomic; no SPARQL text to parse, no
        old content to delete or collect: on disk, a third of the time of DROP + INSERT DATA).
        An existing one is patched by one update that deletes and inserts only the triples that
        change (:func:`patch_update`); the lock keeps other writers out between reading the old
        content and the update (no other process can open the store)."""
        graph = ox.NamedNode(write.graph)
        try:
            with self._lock:
                if not self._store.contains_named_graph(graph):
                    self._store.load(write.nquads(), format=ox.RdfFormat.N_QUADS)
                else:
                    old = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                    self._store.update(patch_update(write, (old or b"").decode("utf-8")))
                self._version += 1
        except SyntaxError as error:
            raise SparqlError(f"Malformed data: {error}") from error

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
