"""The corpus documents as the graph keeps them: metadata, clean text, mentions and facts.

A corpus document is a ``crm:Document`` with a ``crm:sourceFile`` (cited Kamerstukken are
documents too, but have no text here); its text is the ``nif:isString`` of the NIF context and
its mentions are NIF phrases with offsets into that text (see :mod:`kg.rdf`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.cache import PerVersion
from kg.facts import (
    ASSERTED,
    QUESTION,
    Fact,
    from_document,
    optional,
    prologue,
    read_facts,
    sparql_iri,
    value,
)
from kg.iri import Minter
from kg.resolve import fold
from kg.store import GraphStore

IDENTIFIER_PROPERTIES = {
    "https://w3id.org/crmkg/ontology#kenmerk": "kenmerk",
    "https://w3id.org/crmkg/ontology#kamerstuk": "kamerstuk",
    "http://purl.org/dc/terms/identifier": "identifier",
}


@dataclass
class DocumentInfo:
    id: str
    iri: str
    title: str
    date: str | None = None
    language: str | None = None
    kind: str | None = None
    source: str | None = None
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    entity_count: int = 0
    relation_count: int = 0
    question_count: int = 0


@dataclass
class Mention:
    text: str
    start: int
    end: int
    sentence_start: int | None = None


@dataclass
class DocumentEntity:
    iri: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class DocumentContent:
    info: DocumentInfo
    text: str
    entities: list[DocumentEntity]
    facts: list[Fact]
    questions: list[Fact]


def list_documents(
    store: GraphStore, minter: Minter, *, details: bool = True
) -> list[DocumentInfo]:
    """Every corpus document with its metadata and counts, ordered by id; only id, title,
    date, language and kind without ``details`` (one query instead of four)."""
    head = prologue("crm", "dcterms", "nif", "itsrdf", "prov")
    docs: dict[str, DocumentInfo] = {}
    rows = store.select(
        head + "SELECT ?d ?title ?date ?lang ?kind ?file WHERE { ?d a crm:Document ; "
        "crm:sourceFile ?file . OPTIONAL { ?d dcterms:title ?title } "
        "OPTIONAL { ?d dcterms:date ?date } OPTIONAL { ?d dcterms:language ?lang } "
        "OPTIONAL { ?d crm:documentKind ?kind } }"
    )
    for row in rows:
        iri = value(row, "d")
        key = minter.key_of(iri) or iri
        doc_id = key.removeprefix("document/")
        docs.setdefault(
            iri,
            DocumentInfo(
                id=doc_id,
                iri=iri,
                title=optional(row, "title") or doc_id,
                date=optional(row, "date"),
                language=optional(row, "lang"),
                kind=optional(row, "kind"),
                source=optional(row, "file"),
            ),
        )
    if details:
        _add_identifiers(store, docs)
        _add_counts(store, docs, head)
    return sorted(docs.values(), key=lambda d: d.id)


def _add_identifiers(store: GraphStore, docs: dict[str, DocumentInfo]) -> None:
    """Each document's identifiers, each once: DISTINCT because the union default graph
    repeats a triple held by two graphs, and an ingested document that another one cites has
    its identifiers in its own graph and in the shared graph (the citing document's
    description of it)."""
    values = " ".join(f"<{p}>" for p in IDENTIFIER_PROPERTIES)
    rows = store.select(
        f"SELECT DISTINCT ?d ?p ?v WHERE {{ VALUES ?p {{ {values} }} ?d ?p ?v ; "
        "<https://w3id.org/crmkg/ontology#sourceFile> ?f } ORDER BY ?v"
    )
    for row in rows:
        doc = docs.get(value(row, "d"))
        if doc is None or value(row, "v") == doc.id:
            continue
        name = IDENTIFIER_PROPERTIES[value(row, "p")]
        doc.identifiers.setdefault(name, []).append(value(row, "v"))


def _add_counts(store: GraphStore, docs: dict[str, DocumentInfo], head: str) -> None:
    entities = store.select(
        head + "SELECT ?d (COUNT(DISTINCT ?e) AS ?n) WHERE { ?m nif:referenceContext ?d ; "
        "itsrdf:taIdentRef ?e } GROUP BY ?d"
    )
    for row in entities:
        if value(row, "d") in docs:
            docs[value(row, "d")].entity_count = int(value(row, "n"))
    facts = store.select(
        head + "SELECT ?d ?mood (COUNT(?a) AS ?n) WHERE { ?a a crm:Assertion ; "
        "prov:wasDerivedFrom ?d ; crm:mood ?mood } GROUP BY ?d ?mood"
    )
    for row in facts:
        doc = docs.get(value(row, "d"))
        if doc is not None and value(row, "mood") == ASSERTED:
            doc.relation_count = int(value(row, "n"))
        elif doc is not None and value(row, "mood") == QUESTION:
            doc.question_count = int(value(row, "n"))


def find_documents(docs: list[DocumentInfo], text: str) -> list[DocumentInfo]:
    """The documents ``text`` names: its id, key or IRI, else the ones whose id starts with it
    ("002"), else the ones whose title contains it (ignoring case and diacritics)."""
    text = text.strip()
    exact = [d for d in docs if text in (d.id, d.iri, f"document/{d.id}")]
    if exact:
        return exact
    prefixed = [d for d in docs if d.id.startswith(text)]
    if prefixed or not fold(text):
        return prefixed
    return [d for d in docs if fold(text) in fold(d.title)]


def document_content(store: GraphStore, minter: Minter, info: DocumentInfo) -> DocumentContent:
    """A document's text, the entities mentioned in it with their offsets, and its facts."""
    node = sparql_iri(info.iri)
    head = prologue("nif", "itsrdf")
    texts = store.select(head + f"SELECT ?text WHERE {{ {node} nif:isString ?text }} LIMIT 1")
    rows = store.select(
        head + "SELECT ?e ?m ?text ?start ?end ?sentence WHERE { "
        f"?m nif:referenceContext {node} ; itsrdf:taIdentRef ?e ; nif:anchorOf ?text ; "
        "nif:beginIndex ?start ; nif:endIndex ?end . "
        "OPTIONAL { ?m nif:sentence/nif:beginIndex ?sentence } } ORDER BY ?start ?e"
    )
    entities: dict[str, DocumentEntity] = {}
    for row in rows:
        sentence = optional(row, "sentence")
        entities.setdefault(value(row, "e"), DocumentEntity(value(row, "e"))).mentions.append(
            Mention(
                value(row, "text"),
                int(value(row, "start")),
                int(value(row, "end")),
                int(sentence) if sentence is not None else None,
            )
        )
    return DocumentContent(
        info=info,
        text=value(texts[0], "text") if texts else "",
        entities=list(entities.values()),
        facts=read_facts(store, minter, from_document(info.iri)),
        questions=read_facts(store, minter, from_document(info.iri), moods=(QUESTION,)),
    )


def mentioning_documents(store: GraphStore, iri: str) -> list[tuple[str, int]]:
    """The documents that mention the entity ``iri``, with the number of mentions in each."""
    rows = store.select(
        prologue("nif", "itsrdf") + "SELECT ?d (COUNT(?m) AS ?n) WHERE { "
        f"?m itsrdf:taIdentRef {sparql_iri(iri)} ; nif:referenceContext ?d }} GROUP BY ?d "
        "ORDER BY ?d"
    )
    return [(value(row, "d"), int(value(row, "n"))) for row in rows]


def _documents_by_iri(store: GraphStore, minter: Minter) -> dict[str, DocumentInfo]:
    return {d.iri: d for d in list_documents(store, minter)}


documents_by_iri = PerVersion(_documents_by_iri)
"""The corpus documents by IRI, per store version (their titles label evidence everywhere)."""


def _document_titles(store: GraphStore, minter: Minter) -> dict[str, DocumentInfo]:
    return {d.iri: d for d in list_documents(store, minter, details=False)}


document_titles = PerVersion(_document_titles)
"""The corpus documents by IRI without identifiers and counts, per store version: what an
entity card needs to name the documents that mention it (the counts read every mention)."""
