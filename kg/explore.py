"""Opening the graph in a notebook or script, without a server.

Analysts exploring in a notebook should get the same graph the service answers from with one
call, and the competency-question queries ready to run. ``open_graph`` builds it in memory from
the vocabularies and ``data/`` exactly as ``crmkg serve`` and the tests do; when
``CRMKG_GRAPH_NQUADS`` names an N-Quads dump (``crmkg``'s snapshot, or one written by the test
suite) it loads that instead, which takes a second instead of a full extraction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import ensure_vocabularies
from kg.iri import Minter
from kg.settings import PROJECT_ROOT, Settings
from kg.store import GraphStore, OxigraphStore, open_store

QUERY_DIR = PROJECT_ROOT / "kg" / "queries"
DUMP_VARIABLE = "CRMKG_GRAPH_NQUADS"
NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
    "http://www.w3.org/2001/XMLSchema#int",
    "http://www.w3.org/2001/XMLSchema#long",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#float",
}
Value = str | int | float | None


@dataclass(frozen=True)
class Graph:
    store: GraphStore
    minter: Minter
    settings: Settings


def open_graph(settings: Settings | None = None, dump: Path | None = None) -> Graph:
    """The graph: on the external SPARQL server when ``CRMKG_SPARQL_QUERY_URL`` is set; else in
    memory, loaded from an N-Quads ``dump`` (or ``$CRMKG_GRAPH_NQUADS``), or built from the
    vocabularies and every document under ``settings.data_dir``."""
    settings = settings or Settings()
    if settings.uses_external_store and dump is None:
        return Graph(open_store(settings), Minter(settings.base_iri), settings)
    store = OxigraphStore(None)
    named = dump or (Path(os.environ[DUMP_VARIABLE]) if os.environ.get(DUMP_VARIABLE) else None)
    if named is not None:
        store.bulk_load_quads(ox.parse(path=str(named), format=ox.RdfFormat.N_QUADS))
    else:
        from kg.ingest import ingest_paths  # the extractor loads spaCy: only when needed

        ensure_vocabularies(store, settings)
        ingest_paths(store, settings, [settings.data_dir])
    return Graph(store, Minter(settings.base_iri), settings)


def load_queries(folder: Path = QUERY_DIR) -> dict[str, str]:
    """The SPARQL files of ``folder`` by name (``cq01`` ...), in name order."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.rq"))}


def query_title(query: str) -> str:
    """The leading comment of a query file, the question it answers."""
    lines = []
    for line in query.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def select_records(store: GraphStore, query: str) -> list[dict[str, Value]]:
    """A SELECT answer as plain Python rows (numbers as numbers), ready for ``pandas``."""
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("Not a SELECT query.")
    names = [v.value for v in result.variables]
    return [{name: _plain(row[name]) for name in names} for row in result]


def _plain(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        number = float(term.value)
        return int(number) if number.is_integer() and "." not in term.value else number
    return getattr(term, "value", str(term))  # type: ignore[no-any-return]
