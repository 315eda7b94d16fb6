"""Mapping an extraction to RDF: the quads of one document's named graph.

The document is a ``crm:Document`` and ``nif:Context`` holding its clean text; sentences and
mentions are NIF spans (``#char=start,end`` on the document IRI); each mention links to its
entity with ``itsrdf:taIdentRef``. Each fact is written twice: as the plain triple (for simple
queries) and as a ``crm:Assertion`` carrying the rule, the confidence, the evidence sentence and
any quantities, so that the same fact from two documents keeps both sources.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from kg import __version__
from kg.iri import CRM, DCT, ITSRDF, NIF, PROV, RDF, RDFS, SKOS, XSD, Minter
from kg.model import Extraction, RelationRecord, TargetRecord

A = ox.NamedNode(RDF + "type")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.4f}".rstrip("0").rstrip(".") or "0", datatype=_n(XSD + "decimal"))


class GraphWriter:
    """Collects the triples of one document's graph."""

    def __init__(self, minter: Minter, extraction: Extraction) -> None:
        self.minter = minter
        self.extraction = extraction
        self.doc_id = extraction.document.id
        self.doc = _n(minter.document(self.doc_id))
        self.triples: list[ox.Triple] = []

    def add(
        self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        self.triples.append(ox.Triple(s, _n(p), o))

    def entity(self, key: str) -> ox.NamedNode:
        return _n(self.minter.entity(key))

    def span(self, start: int, end: int) -> ox.NamedNode:
        return _n(self.minter.span(self.doc_id, start, end))

    def build(self) -> list[ox.Triple]:
        self._document()
        sentence_nodes = self._sentences()
        self._entities(sentence_nodes)
        for relation in self.extraction.relations:
            self._relation(relation)
        for index, target in enumerate(self.extraction.targets):
            self._target(index, target)
        return self.triples

    def _document(self) -> None:
        document = self.extraction.document
        doc = self.doc
        for cls in (CRM + "Document", NIF + "Context", PROV + "Entity"):
            self.add(doc, A.value, _n(cls))
        self.add(doc, DCT + "identifier", ox.Literal(document.id))
        self.add(doc, DCT + "title", ox.Literal(document.title or document.id))
        self.add(doc, SKOS + "prefLabel", ox.Literal(document.title or document.id))
        if document.date:
            self.add(
                doc, DCT + "date", ox.Literal(document.date.isoformat(), datatype=_n(XSD + "date"))
            )
        if document.kind:
            self.add(doc, CRM + "documentKind", ox.Literal(document.kind))
        self.add(doc, DCT + "language", ox.Literal(document.language))
        self.add(doc, CRM + "sourceFile", ox.Literal(document.source.name))
        for name, value in sorted(document.identifiers.items()):
            prop = {"kenmerk": CRM + "kenmerk", "kamerstuk": CRM + "kamerstuk"}.get(
                name, DCT + "identifier"
            )
            self.add(doc, prop, ox.Literal(value))
        self.add(doc, NIF + "isString", ox.Literal(document.text))
        self.add(doc, PROV + "wasGeneratedBy", _n(self.minter.rule(f"crmkg-{__version__}")))

    def _sentences(self) -> list[ox.NamedNode]:
        nodes = []
        for sentence in self.extraction.sentences:
            node = self.span(sentence.start, sentence.end)
            nodes.append(node)
            self.add(node, A.value, _n(NIF + "Sentence"))
            self.add(node, NIF + "referenceContext", self.doc)
            self.add(node, NIF + "beginIndex", _int(sentence.start))
            self.add(node, NIF + "endIndex", _int(sentence.end))
            self.add(node, NIF + "anchorOf", ox.Literal(sentence.text))
        return nodes

    def _entities(self, sentence_nodes: list[ox.NamedNode]) -> None:
        source_span = self.extraction.document.source_span
        for record in self.extraction.entities:
            node = self.entity(record.key)
            if not record.in_vocabulary:
                self.add(node, A.value, _n(CRM + record.kind))
                self.add(node, SKOS + "prefLabel", ox.Literal(record.label))
                for label in record.labels:
                    if label != record.label:
                        self.add(node, SKOS + "altLabel", ox.Literal(label))
                for name, value in record.identifiers.items():
                    if value:
                        prop = {"kamerstuk": CRM + "kamerstuk", "acronym": CRM + "acronym"}.get(
                            name, DCT + "identifier"
                        )
                        self.add(node, prop, ox.Literal(value))
            for mention in record.mentions:
                phrase = self.span(mention.start, mention.end)
                self.add(phrase, A.value, _n(NIF + "Phrase"))
                self.add(phrase, NIF + "referenceContext", self.doc)
                self.add(phrase, NIF + "beginIndex", _int(mention.start))
                self.add(phrase, NIF + "endIndex", _int(mention.end))
                self.add(phrase, NIF + "anchorOf", ox.Literal(mention.text))
                self.add(phrase, ITSRDF + "taIdentRef", node)
                if 0 <= mention.sentence < len(sentence_nodes):
                    self.add(phrase, NIF + "sentence", sentence_nodes[mention.sentence])
                raw_start, raw_end = source_span(mention.start, mention.end)
                self.add(phrase, CRM + "sourceStart", _int(raw_start))
                self.add(phrase, CRM + "sourceEnd", _int(raw_end))

    def _relation(self, relation: RelationRecord) -> None:
        subject, obj = self.entity(relation.subject), self.entity(relation.object)
        predicate = CRM + relation.predicate
        if relation.mood == "asserted":
            self.add(subject, predicate, obj)
        digest = hashlib.sha1(
            "|".join((*relation.triple, str(relation.evidence.start))).encode()
        ).hexdigest()[:16]
        node = _n(self.minter.statement(self.doc_id, digest))
        rule = _n(self.minter.rule(relation.rule))
        self.add(node, A.value, _n(CRM + "Assertion"))
        self.add(node, RDF + "subject", subject)
        self.add(node, RDF + "predicate", _n(predicate))
        self.add(node, RDF + "object", obj)
        self.add(node, CRM + "confidence", _decimal(relation.confidence))
        self.add(node, CRM + "extractionRule", rule)
        self.add(node, CRM + "mood", ox.Literal(relation.mood))
        self.add(node, CRM + "evidence", self.span(relation.evidence.start, relation.evidence.end))
        self.add(node, PROV + "wasDerivedFrom", self.doc)
        self.add(rule, A.value, _n(CRM + "ExtractionRule"))
        self.add(rule, RDFS + "label", ox.Literal(relation.rule))
        for name, value in relation.qualifiers.items():
            if name == "share":
                self.add(node, CRM + "share", _decimal(float(value)))
            elif name == "amount":
                self.add(node, CRM + "amount", _decimal(float(value)))
            elif name == "year":
                self.add(node, CRM + "year", ox.Literal(str(value), datatype=_n(XSD + "gYear")))
            elif name == "date":
                self.add(node, DCT + "date", ox.Literal(str(value), datatype=_n(XSD + "date")))
            elif name == "participants":
                self.add(
                    node,
                    CRM + "participantCount",
                    ox.Literal(str(int(value)), datatype=_n(XSD + "integer")),
                )
            elif name in ("role", "quantityText", "unit"):
                self.add(node, CRM + name, ox.Literal(str(value)))

    def _target(self, index: int, target: TargetRecord) -> None:
        node = _n(self.minter.statement(self.doc_id, f"target-{index}"))
        self.add(node, A.value, _n(CRM + "Target"))
        self.add(node, RDFS + "label", ox.Literal(target.label))
        self.add(node, SKOS + "prefLabel", ox.Literal(target.label))
        self.add(node, CRM + "share", _decimal(target.share))
        if target.year:
            self.add(node, CRM + "year", ox.Literal(str(target.year), datatype=_n(XSD + "gYear")))
        self.add(node, CRM + "evidence", self.span(target.evidence.start, target.evidence.end))
        self.add(node, PROV + "wasDerivedFrom", self.doc)
        self.add(self.entity(target.policy), CRM + "hasTarget", node)


def document_triples(minter: Minter, extraction: Extraction) -> list[ox.Triple]:
    return GraphWriter(minter, extraction).build()
