"""Mapping an extraction to RDF: the quads of one document's named graph, and the shared
descriptions it needs.

The document is a ``crm:Document`` and ``nif:Context`` holding its clean text; sentences and
mentions are NIF spans (``#char=start,end`` on the document IRI); each mention links to its
entity with ``itsrdf:taIdentRef``. Each fact is written twice: as the plain triple (for simple
queries) and as a ``crm:Assertion`` carrying the rule, the confidence, the evidence sentence and
any quantities, so that the same fact from two documents keeps both sources.

What is not the document's own goes to the shared graph (:attr:`Minter.entities_graph`): the
type, labels and identifiers of entities minted from documents (persons, cited documents, new
bodies) and the type and label of extraction rules. Written into every document graph, they were
counted once per document by the union default graph, which is a bag in Oxigraph (a person named
in 40 documents gave 40 rows per join on its label).

What is left out as redundant: sentences that no mention and no fact points to (the context's
``nif:isString`` keeps the whole text), and ``crm:sourceStart``/``crm:sourceEnd`` of a mention
where they equal its ``nif:beginIndex``/``nif:endIndex`` (the cleaner did not move the text).
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from kg import __version__
from kg.iri import CRM, DCT, ITSRDF, NIF, PROV, RDF, RDFS, SKOS, XSD, Minter
from kg.model import Extraction, RelationRecord, TargetRecord
from kg.store import GraphWrite

A = ox.NamedNode(RDF + "type")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


#: The nodes of properties and classes, made once: a few dozen IRIs, each used thousands of times.
_TERMS: dict[str, ox.NamedNode] = {}


def _term(iri: str) -> ox.NamedNode:
    node = _TERMS.get(iri)
    if node is None:
        node = _TERMS[iri] = ox.NamedNode(iri)
    return node


INTEGER = ox.NamedNode(XSD + "integer")
DECIMAL = ox.NamedNode(XSD + "decimal")


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=INTEGER)


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.4f}".rstrip("0").rstrip(".") or "0", datatype=DECIMAL)


class GraphWriter:
    """Collects the triples of one document's graph, and the shared descriptions apart."""

    def __init__(self, minter: Minter, extraction: Extraction) -> None:
        self.minter = minter
        self.extraction = extraction
        self.doc_id = extraction.document.id
        self.doc = _n(minter.document(self.doc_id))
        self.triples: list[ox.Triple] = []
        self.shared: dict[ox.Triple, None] = {}  # a set that keeps the order

    def add(
        self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        self.triples.append(ox.Triple(s, _term(p), o))

    def describe(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        """A triple of the shared graph."""
        self.shared[ox.Triple(s, _term(p), o)] = None

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
            self.add(doc, A.value, _term(cls))
        self.add(doc, DCT + "identifier", ox.Literal(document.id))
        self.add(doc, DCT + "title", ox.Literal(document.title or document.id))
        self.add(doc, SKOS + "prefLabel", ox.Literal(document.title or document.id))
        if document.date:
            self.add(
                doc,
                DCT + "date",
                ox.Literal(document.date.isoformat(), datatype=_term(XSD + "date")),
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
        """Every sentence's node; the triples of those a mention or a fact points to."""
        extraction = self.extraction
        used = {m.sentence for record in extraction.entities for m in record.mentions}
        evidence = {(r.evidence.start, r.evidence.end) for r in extraction.relations}
        evidence |= {(t.evidence.start, t.evidence.end) for t in extraction.targets}
        nodes = []
        for index, sentence in enumerate(extraction.sentences):
            node = self.span(sentence.start, sentence.end)
            nodes.append(node)
            if index not in used and (sentence.start, sentence.end) not in evidence:
                continue
            self.add(node, A.value, _term(NIF + "Sentence"))
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
                self.describe(node, A.value, _term(CRM + record.kind))
                self.describe(node, SKOS + "prefLabel", ox.Literal(record.label))
                for label in record.labels:
                    if label != record.label:
                        self.describe(node, SKOS + "altLabel", ox.Literal(label))
                for name, value in record.identifiers.items():
                    if value:
                        prop = {"kamerstuk": CRM + "kamerstuk", "acronym": CRM + "acronym"}.get(
                            name, DCT + "identifier"
                        )
                        self.describe(node, prop, ox.Literal(value))
            for mention in record.mentions:
                phrase = self.span(mention.start, mention.end)
                self.add(phrase, A.value, _term(NIF + "Phrase"))
                self.add(phrase, NIF + "referenceContext", self.doc)
                self.add(phrase, NIF + "beginIndex", _int(mention.start))
                self.add(phrase, NIF + "endIndex", _int(mention.end))
                self.add(phrase, NIF + "anchorOf", ox.Literal(mention.text))
                self.add(phrase, ITSRDF + "taIdentRef", node)
                if 0 <= mention.sentence < len(sentence_nodes):
                    self.add(phrase, NIF + "sentence", sentence_nodes[mention.sentence])
                raw_start, raw_end = source_span(mention.start, mention.end)
                if (raw_start, raw_end) != (mention.start, mention.end):
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
        self.add(node, A.value, _term(CRM + "Assertion"))
        self.add(node, RDF + "subject", subject)
        self.add(node, RDF + "predicate", _term(predicate))
        self.add(node, RDF + "object", obj)
        self.add(node, CRM + "confidence", _decimal(relation.confidence))
        self.add(node, CRM + "extractionRule", rule)
        self.add(node, CRM + "mood", ox.Literal(relation.mood))
        self.add(node, CRM + "evidence", self.span(relation.evidence.start, relation.evidence.end))
        self.add(node, PROV + "wasDerivedFrom", self.doc)
        self.describe(rule, A.value, _term(CRM + "ExtractionRule"))
        self.describe(rule, RDFS + "label", ox.Literal(relation.rule))
        for name, value in relation.qualifiers.items():
            if name == "share":
                self.add(node, CRM + "share", _decimal(float(value)))
            elif name == "amount":
                self.add(node, CRM + "amount", _decimal(float(value)))
            elif name == "year":
                self.add(node, CRM + "year", ox.Literal(str(value), datatype=_term(XSD + "gYear")))
            elif name == "date":
                self.add(node, DCT + "date", ox.Literal(str(value), datatype=_term(XSD + "date")))
            elif name == "participants":
                self.add(
                    node,
                    CRM + "participantCount",
                    ox.Literal(str(int(value)), datatype=_term(XSD + "integer")),
                )
            elif name in ("role", "quantityText", "unit"):
                self.add(node, CRM + name, ox.Literal(str(value)))

    def _target(self, index: int, target: TargetRecord) -> None:
        node = _n(self.minter.statement(self.doc_id, f"target-{index}"))
        self.add(node, A.value, _term(CRM + "Target"))
        self.add(node, RDFS + "label", ox.Literal(target.label))
        self.add(node, SKOS + "prefLabel", ox.Literal(target.label))
        self.add(node, CRM + "share", _decimal(target.share))
        if target.year:
            self.add(
                node, CRM + "year", ox.Literal(str(target.year), datatype=_term(XSD + "gYear"))
            )
        self.add(node, CRM + "evidence", self.span(target.evidence.start, target.evidence.end))
        self.add(node, PROV + "wasDerivedFrom", self.doc)
        self.add(self.entity(target.policy), CRM + "hasTarget", node)


def document_triples(minter: Minter, extraction: Extraction) -> list[ox.Triple]:
    """The triples of the document's own graph (without the shared descriptions)."""
    return GraphWriter(minter, extraction).build()


def document_write(minter: Minter, extraction: Extraction) -> GraphWrite:
    """What writing the document takes: its graph's content and the shared descriptions it
    needs, for :meth:`kg.store.GraphStore.write` (one atomic update)."""
    writer = GraphWriter(minter, extraction)
    triples = writer.build()
    shared = list(writer.shared)
    # As GraphWrite.of, without copying every triple first (these are triples, not quads).
    return GraphWrite(
        minter.document_graph(writer.doc_id),
        _ntriples(triples),
        minter.entities_graph,
        _ntriples(shared) if shared else "",
    )


def _ntriples(triples: list[ox.Triple]) -> str:
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert text is not None
    return text.decode("utf-8")
