"""What extraction produces for one document: entities with mentions, relations with evidence.

These records are the extraction contract of design.md; :mod:`kg.rdf` maps them to the graph and
``crmkg extract --format json`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.document import Document


@dataclass(frozen=True)
class Span:
    """A stretch of the clean text."""

    text: str
    start: int
    end: int


@dataclass
class Mention:
    text: str
    start: int
    end: int
    sentence: int


@dataclass
class EntityRecord:
    key: str
    kind: str
    label: str
    labels: list[str] = field(default_factory=list)
    identifiers: dict[str, str | None] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    in_vocabulary: bool = True


@dataclass
class RelationRecord:
    subject: str
    predicate: str
    object: str
    confidence: float
    rule: str
    evidence: Span
    mood: str = "asserted"
    qualifiers: dict[str, Any] = field(default_factory=dict)

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class TargetRecord:
    """A quantified goal a policy sets ("10% ... uit Europese mijnbouw", by 2030)."""

    policy: str
    share: float
    label: str
    evidence: Span
    year: int | None = None


@dataclass
class Extraction:
    document: Document
    sentences: list[Span]
    entities: list[EntityRecord]
    relations: list[RelationRecord]
    targets: list[TargetRecord] = field(default_factory=list)

    def entity(self, key: str) -> EntityRecord | None:
        return next((e for e in self.entities if e.key == key), None)

    def to_contract(self, iri: Any) -> dict[str, Any]:
        """This document in the JSON shape of design.md's extraction contract; ``iri`` turns a
        key into an IRI."""
        doc = self.document
        return {
            "id": doc.id,
            "iri": iri(f"document/{doc.id}"),
            "title": doc.title,
            "date": doc.date.isoformat() if doc.date else None,
            "language": doc.language,
            "kind": doc.kind,
            "identifiers": doc.identifiers,
            "source": str(doc.source),
            "entities": [
                {
                    "id": iri(e.key),
                    "key": e.key,
                    "type": e.kind,
                    "label": e.label,
                    "labels": e.labels,
                    "identifiers": e.identifiers,
                    "mentions": [
                        {"text": m.text, "start": m.start, "end": m.end} for m in e.mentions
                    ],
                }
                for e in self.entities
            ],
            "relations": [
                {
                    "subject": iri(r.subject),
                    "predicate": r.predicate,
                    "object": iri(r.object),
                    "confidence": r.confidence,
                    "rule": r.rule,
                    "mood": r.mood,
                    "qualifiers": r.qualifiers,
                    "evidence": [_evidence(r.evidence, doc.id)],
                }
                for r in self.relations
            ],
            "targets": [
                {
                    "policy": iri(t.policy),
                    "share": t.share,
                    "year": t.year,
                    "label": t.label,
                    "evidence": [_evidence(t.evidence, doc.id)],
                }
                for t in self.targets
            ],
        }


def _evidence(span: Span, doc_id: str) -> dict[str, Any]:
    return {"document": doc_id, "sentence": span.text, "start": span.start, "end": span.end}
