"""What the graph says about one entity besides its facts: identifiers, descriptions and the
other statements of the vocabularies, and the RDF description served at its IRI.

The vocabularies carry more than labels (chemical symbols, ISO codes, Wikidata ids, scope notes,
list memberships, broader concepts); rather than naming each property the REST layer shows,
every statement is sorted into identifiers, descriptions and "other", so new vocabulary
properties appear without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.cache import PerVersion
from kg.facts import prologue, sparql_iri, value
from kg.iri import CRM, PREFIXES, WD, Minter
from kg.resolve import FORM_KINDS, LANGUAGES
from kg.store import GraphStore

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Identifier properties -> the scheme name shown.
IDENTIFIERS: dict[str, str] = {
    f"{CRM}symbol": "symbol",
    f"{CRM}atomicNumber": "atomicNumber",
    f"{CRM}wikidataId": "wikidata",
    f"{CRM}iso3166Alpha2": "iso3166",
    f"{CRM}iso3166Alpha3": "iso3166Alpha3",
    f"{CRM}acronym": "acronym",
    f"{CRM}kamerstuk": "kamerstuk",
    f"{CRM}kenmerk": "kenmerk",
    f"{CRM}eliIdentifier": "eli",
    f"{DCT}identifier": "identifier",
    f"{SKOS}notation": "notation",
    f"{SKOS}exactMatch": "exactMatch",
    "http://www.w3.org/2002/07/owl#sameAs": "sameAs",
}
DESCRIPTIONS = (f"{SKOS}definition", f"{SKOS}scopeNote", f"{DCT}description")
#: Statements not repeated under "other": labels, types, and the large text of a document.
SKIPPED = {
    RDF_TYPE,
    *FORM_KINDS,
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString",
}


@dataclass
class Identifier:
    scheme: str
    value: str
    iri: str | None = None


@dataclass
class Statement:
    """A statement about the entity outside facts and names: ``property`` as a prefixed name."""

    property: str
    value: str
    iri: str | None = None
    lang: str | None = None


@dataclass
class Description:
    identifiers: list[Identifier] = field(default_factory=list)
    descriptions: list[Statement] = field(default_factory=list)
    other: list[Statement] = field(default_factory=list)

    def summary(self) -> str | None:
        """The description to show first: English, then Dutch, then any."""
        for language in LANGUAGES:
            for statement in self.descriptions:
                if (statement.lang or "") == language:
                    return statement.value
        return self.descriptions[0].value if self.descriptions else None


def compact(iri: str) -> str:
    """``skos:broader`` for the SKOS IRI: prefixed names read better in answers."""
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{name}:{iri[len(namespace) :]}"
    return iri


def describe(store: GraphStore, iri: str, relation_properties: set[str]) -> Description:
    """Sort the statements with ``iri`` as subject; plain relation triples are skipped (facts
    come with evidence from the assertions)."""
    result = Description()
    query = f"SELECT DISTINCT ?p ?o WHERE {{ {sparql_iri(iri)} ?p ?o }} ORDER BY ?p ?o"
    for row in store.select(query):
        predicate, text, term = value(row, "p"), value(row, "o"), row["o"]
        lang = term.language if isinstance(term, ox.Literal) else None
        link = text if isinstance(term, ox.NamedNode) else None
        if predicate in IDENTIFIERS:
            result.identifiers.append(_identifier(IDENTIFIERS[predicate], text, link))
        elif predicate in SKIPPED or predicate in relation_properties:
            continue
        elif predicate in DESCRIPTIONS:
            result.descriptions.append(Statement(compact(predicate), text, link, lang))
        else:
            result.other.append(Statement(compact(predicate), text, link, lang))
    result.identifiers = _distinct(result.identifiers)
    return result


def _distinct(identifiers: list[Identifier]) -> list[Identifier]:
    """In the order of :data:`IDENTIFIERS`; a link already given (the Wikidata entity as
    ``crm:wikidataId`` and as ``skos:exactMatch``) is listed once."""
    order = list(IDENTIFIERS.values())
    kept: list[Identifier] = []
    for identifier in sorted(identifiers, key=lambda i: (order.index(i.scheme), i.value)):
        if identifier.iri is None or all(k.iri != identifier.iri for k in kept):
            kept.append(identifier)
    return kept


def _identifier(scheme: str, value: str, link: str | None) -> Identifier:
    if scheme == "wikidata":
        return Identifier(scheme, value, f"{WD}{value}")
    return Identifier(scheme, value, link)


def relation_properties(store: GraphStore) -> dict[str, dict[str, str]]:
    """The relation properties of the ontology with their labels by language."""
    rows = store.select(
        prologue("crm", "rdfs")
        + "SELECT ?p ?label WHERE { ?p a crm:RelationProperty . OPTIONAL { ?p rdfs:label ?label } }"
    )
    labels: dict[str, dict[str, str]] = {}
    for row in rows:
        entry = labels.setdefault(value(row, "p"), {})
        label = row.get("label")
        if isinstance(label, ox.Literal):
            entry[label.language or ""] = label.value
    return labels


def _relation_labels(store: GraphStore, _: Minter) -> dict[str, dict[str, str]]:
    return relation_properties(store)


relation_labels = PerVersion(_relation_labels)
"""The ontology's relation properties with their labels, per store version."""


# --- the RDF description served at the entity's IRI ----------------------------------------------


def description_query(iri: str) -> str:
    """A CONSTRUCT of what a client dereferencing ``iri`` should get: its own statements, the
    relation triples pointing at it, and every assertion about it with its evidence sentence
    (text, offsets, document) and the labels of the entities on the other side."""
    node = sparql_iri(iri)
    return (
        prologue("crm", "rdf", "nif", "skos", "dcterms", "prov")
        + f"""CONSTRUCT {{
  {node} ?p ?o .
  ?s ?rel {node} .
  ?a ?ap ?ao .
  ?span nif:anchorOf ?text ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?doc .
  ?doc dcterms:title ?title .
  ?other skos:prefLabel ?label .
}} WHERE {{
  {{ {node} ?p ?o . FILTER(?p != nif:isString) }}
  UNION {{ ?s ?rel {node} . ?rel a crm:RelationProperty . }}
  UNION {{
    {{ ?a rdf:subject {node} ; rdf:object ?other }}
    UNION {{ ?a rdf:object {node} ; rdf:subject ?other }}
    ?a a crm:Assertion .
    {{ ?a ?ap ?ao }}
    UNION {{ ?a crm:evidence ?span . ?span nif:anchorOf ?text ; nif:beginIndex ?b ;
             nif:endIndex ?e ; nif:referenceContext ?doc .
             OPTIONAL {{ ?doc dcterms:title ?title }} }}
    UNION {{ ?other skos:prefLabel ?label }}
  }}
}}"""
    )


def description_triples(store: GraphStore, iri: str) -> list[ox.Triple]:
    return store.construct(description_query(iri))


def is_known(store: GraphStore, iri: str) -> bool:
    """Whether the graph says anything about ``iri`` (as subject or object). A text with
    characters no IRI may hold (from a URL path like ``/id/%0A``) names nothing in the graph:
    False, not the ValueError that answered 500."""
    try:
        node = sparql_iri(iri)
    except ValueError:
        return False
    return store.ask(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}")
