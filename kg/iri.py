"""IRIs: the one place where identifiers are minted.

Entity IRIs are ``{base}id/{kind}/{slug}``. The part after ``id/`` is the entity *key*
(``material/gallium``, ``country/cn``, ``organization/nmo``); vocabulary files and gold
annotations use keys, so they do not depend on the configured base IRI.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace

CRM = Namespace("https://w3id.org/crmkg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Entity type (class local name) -> the path segment used in keys.
KIND_SEGMENTS: dict[str, str] = {
    "Material": "material",
    "Country": "country",
    "Organization": "organization",
    "Policy": "policy",
    "Person": "person",
    "PoliticalParty": "party",
    "Document": "document",
    "Event": "event",
    "Sector": "sector",
}
SEGMENT_KINDS = {segment: kind for kind, segment in KIND_SEGMENTS.items()}

PREFIXES: dict[str, str] = {
    "crm": str(CRM),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": str(ORG),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "oa": str(OA),
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": str(WD),
}

#: Namespace IRIs as plain strings, for building terms with pyoxigraph.
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
XSD = PREFIXES["xsd"]
RDF_TYPE = RDF + "type"


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: the stable, readable tail of an IRI."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def entity_key(kind: str, name: str) -> str:
    """The key of an entity of ``kind`` (a class local name) named ``name``."""
    return f"{KIND_SEGMENTS[kind]}/{slugify(name)}"


def document_id(stem: str) -> str:
    """A document id from a file stem: kept as is when already IRI-safe, else slugified."""
    return stem if re.fullmatch(r"[A-Za-z0-9_.-]+", stem) else slugify(stem)


class Minter:
    """Turns keys into IRIs under one base IRI (``CRMKG_BASE_IRI``)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def entity(self, key: str) -> str:
        return f"{self.base}id/{key}"

    def key_of(self, iri: str) -> str | None:
        prefix = f"{self.base}id/"
        return iri[len(prefix) :] if iri.startswith(prefix) else None

    def document(self, doc_id: str) -> str:
        return self.entity(f"document/{doc_id}")

    def document_graph(self, doc_id: str) -> str:
        return f"{self.base}graph/document/{doc_id}"

    def span(self, doc_id: str, start: int, end: int) -> str:
        """A text span, as an RFC 5147 fragment on the document IRI (the NIF convention)."""
        return f"{self.document(doc_id)}#char={start},{end}"

    def statement(self, doc_id: str, digest: str) -> str:
        return f"{self.base}id/statement/{doc_id}/{digest}"

    def rule(self, name: str) -> str:
        return f"{self.base}id/rule/{name}"

    @property
    def entities_graph(self) -> str:
        """The one graph holding the descriptions (type, labels, identifiers) of entities minted
        from documents (persons, cited documents, new bodies) and of extraction rules: shared by
        every document that mentions them, so that each description triple exists once."""
        return f"{self.base}graph/entities"

    @property
    def meta_graph(self) -> str:
        """The store's own bookkeeping, not data: on an external SPARQL server, the version
        marker that every write by crmkg replaces in the same request (:mod:`kg.remote_store`)."""
        return f"{self.base}graph/meta"

    @property
    def vocabulary_graph(self) -> str:
        return f"{self.base}graph/vocabulary"

    @property
    def ontology_graph(self) -> str:
        return f"{self.base}graph/ontology"
