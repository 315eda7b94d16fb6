"""Loading untrusted RDF never reaches out and never explodes.

Why: `crmkg load` takes RDF files from anywhere. A JSON-LD remote context, an RDF/XML external
entity or an owl:imports would make the loader fetch (server-side request forgery, or a local
file such as /etc/passwd read into the graph), and nested internal entities ("billion laughs")
turn a kilobyte into gigabytes. A loopback HTTP server counts every request the loader makes.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.entity_expansion import MAX_EXPANSION, EntityExpansionError, check_entity_expansion
from kg.sparql import SparqlError
from kg.store import OxigraphStore, parse_triples

RDF_XML_HEAD = '<?xml version="1.0"?>\n'
RDF_OPEN = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="http://x.test/">'
)


class Fetches:
    """A loopback HTTP server that answers anything and records the paths asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        paths = self.paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.end_headers()
                self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def fetches() -> Iterator[Fetches]:
    server = Fetches()
    yield server
    server.server.shutdown()


def hostile_documents(url: str) -> dict[str, tuple[ox.RdfFormat, str]]:
    def with_entity(declaration: str) -> str:
        return (
            f"{RDF_XML_HEAD}<!DOCTYPE r [{declaration}]>{RDF_OPEN}"
            '<rdf:Description rdf:about="http://x.test/a"><p:v>&e;</p:v></rdf:Description>'
            "</rdf:RDF>"
        )

    return {
        "json-ld remote context": (
            ox.RdfFormat.JSON_LD,
            f'{{"@context": "{url}/context.jsonld", "@id": "http://x.test/a", "name": "A"}}',
        ),
        "json-ld @import": (
            ox.RdfFormat.JSON_LD,
            f'{{"@context": {{"@import": "{url}/import.jsonld"}}, "@id": "http://x.test/a"}}',
        ),
        "rdf/xml external entity": (
            ox.RdfFormat.RDF_XML,
            with_entity(f'<!ENTITY e SYSTEM "{url}/entity">'),
        ),
        "rdf/xml local file entity": (
            ox.RdfFormat.RDF_XML,
            with_entity('<!ENTITY e SYSTEM "file:///etc/passwd">'),
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "json-ld remote context",
        "json-ld @import",
        "rdf/xml external entity",
        "rdf/xml local file entity",
    ],
)
def test_remote_and_external_references_are_not_fetched(fetches: Fetches, name: str) -> None:
    rdf_format, text = hostile_documents(fetches.url)[name]
    with pytest.raises(SparqlError) as refused:
        parse_triples(text.encode(), rdf_format)
    assert refused.value.message.startswith("Malformed")
    assert fetches.paths == []


def test_owl_imports_is_data_not_an_instruction(fetches: Fetches) -> None:
    text = f"<http://x.test/o> <http://www.w3.org/2002/07/owl#imports> <{fetches.url}/o.ttl> ."
    triples = parse_triples(text.encode(), ox.RdfFormat.TURTLE)
    assert len(triples) == 1
    assert fetches.paths == []


def billion_laughs(levels: int) -> bytes:
    declarations = ['<!ENTITY l0 "laughlaugh">']
    for level in range(1, levels + 1):
        declarations.append(f'<!ENTITY l{level} "{f"&l{level - 1};" * 10}">')
    return (
        f"{RDF_XML_HEAD}<!DOCTYPE r [{''.join(declarations)}]>{RDF_OPEN}"
        f'<rdf:Description rdf:about="http://x.test/a"><p:v>&l{levels};</p:v></rdf:Description>'
        "</rdf:RDF>"
    ).encode()


def test_entity_expansion_is_refused_before_parsing() -> None:
    bomb = billion_laughs(12)  # 10^12 x 10 characters if expanded
    assert len(bomb) < 2_000
    with pytest.raises(SparqlError) as refused:
        parse_triples(bomb, ox.RdfFormat.RDF_XML)
    assert refused.value.status == 413
    assert "expands to more than" in refused.value.message


def test_an_entity_that_refers_to_itself_is_refused() -> None:
    data = b'<!DOCTYPE r [<!ENTITY a "x&b;"><!ENTITY b "y&a;">]>'
    with pytest.raises(EntityExpansionError, match="refers to itself"):
        check_entity_expansion(data)


def test_ordinary_namespace_entities_still_load() -> None:
    """OWL tools write RDF/XML with entities for namespaces; those are fine."""
    text = (
        f'{RDF_XML_HEAD}<!DOCTYPE rdf:RDF [<!ENTITY x "http://x.test/">'
        f'<!ENTITY small "{"&x;" * 100}">]>{RDF_OPEN}'
        '<rdf:Description rdf:about="&x;a"><p:v>&small;</p:v></rdf:Description></rdf:RDF>'
    )
    triples = parse_triples(text.encode(), ox.RdfFormat.RDF_XML)
    assert triples[0].subject == ox.NamedNode("http://x.test/a")
    assert len(triples[0].object.value) == 100 * len("http://x.test/") < MAX_EXPANSION


def test_crmkg_load_refuses_a_bomb_and_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    good = tmp_path / "good.ttl"
    good.write_text('<http://x.test/a> <http://x.test/p> "kept" .\n')
    bomb = tmp_path / "bomb.rdf"
    bomb.write_bytes(billion_laughs(12))
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(good), "--store", str(store_dir)])
    assert loaded.exit_code == 0, loaded.output
    refused = runner.invoke(app, ["load", str(bomb), "--store", str(store_dir)])
    assert refused.exit_code != 0
    assert "expands to more than" in refused.output
    store = OxigraphStore(store_dir)
    try:
        loaded_graphs = [g for g in store.graphs() if "graph/loaded/" in g]
        assert [g.rsplit("/", 1)[-1] for g in loaded_graphs] == ["good.ttl"]
    finally:
        store.close()
