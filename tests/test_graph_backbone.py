"""The built graph: vocabularies reachable by label, valid against the SHACL shapes."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph

from kg.settings import Settings
from kg.store import GraphStore

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX crm: <https://w3id.org/crmkg/ontology#>
"""


@pytest.mark.parametrize("label", ['"gallium"@nl', '"gallium"@en', '"Ga"'])
def test_gallium_by_pref_or_alt_label(built_store: GraphStore, label: str) -> None:
    rows = built_store.select(
        PREFIXES
        + f"""
        SELECT ?c ?symbol ?wikidata (GROUP_CONCAT(?list; separator="|") AS ?lists) WHERE {{
          ?c skos:prefLabel|skos:altLabel {label} ; crm:symbol ?symbol ; crm:wikidataId ?wikidata .
          OPTIONAL {{ ?l skos:member ?c ; skos:prefLabel ?list . FILTER(lang(?list) = "en") }}
        }} GROUP BY ?c ?symbol ?wikidata"""
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["c"].value.endswith("/id/material/gallium")
    assert row["symbol"].value == "Ga"
    assert re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"].value)
    lists = row["lists"].value.lower()
    assert "strategic" in lists and "critical" in lists


def test_every_vocabulary_has_its_own_graph(built_store: GraphStore, settings: Settings) -> None:
    graphs = built_store.graphs()
    names = {g.rsplit("/", 1)[1] for g in graphs if "/graph/vocabulary/" in g}
    assert {"materials", "countries", "organizations", "policies", "parties"} <= names
    assert any(g.endswith("/graph/ontology/crm") for g in graphs)


def test_built_graph_conforms_to_the_shapes(built_store: GraphStore) -> None:
    data = Graph()
    nquads = ox.serialize(
        (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in built_store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        ),
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert isinstance(nquads, bytes)
    data.parse(data=nquads.decode(), format="nt")
    shapes = Graph().parse(Settings().ontology_dir / "shapes.ttl")
    ontology = Graph().parse(Settings().ontology_dir / "crm.ttl")
    conforms, _, report = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    assert conforms, report[:5000]
