"""Extraction quality against hand-annotated gold: precision, recall and F1.

Entities are compared as the set of (document, entity key) pairs, per type; relations as the set
of (document, subject, predicate, object), per relation name, with ``partnerOf`` unordered.
Evidence is checked too: every relation must carry a sentence that is a slice of its document,
and for the relations that match the gold, the evidence must overlap the gold's quote.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import Extraction

SYMMETRIC = {"partnerOf"}


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.true_positives += len(predicted & gold)
        self.false_positives += len(predicted - gold)
        self.false_negatives += len(gold - predicted)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
        }


@dataclass
class Evaluation:
    entities: dict[str, Score] = field(default_factory=dict)
    relations: dict[str, Score] = field(default_factory=dict)
    entity_total: Score = field(default_factory=Score)
    relation_total: Score = field(default_factory=Score)
    relations_with_evidence: int = 0
    relations_predicted: int = 0
    evidence_matching_gold: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def evidence_rate(self) -> float:
        return (
            self.relations_with_evidence / self.relations_predicted
            if self.relations_predicted
            else 1.0
        )

    @property
    def evidence_agreement(self) -> float:
        tp = self.relation_total.true_positives
        return self.evidence_matching_gold / tp if tp else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "entities": {"all": self.entity_total.as_dict()}
            | {k: v.as_dict() for k, v in sorted(self.entities.items())},
            "relations": {"all": self.relation_total.as_dict()}
            | {k: v.as_dict() for k, v in sorted(self.relations.items())},
            "evidence": {
                "relations_with_evidence": round(self.evidence_rate, 3),
                "evidence_overlaps_gold_quote": round(self.evidence_agreement, 3),
            },
        }


def load_gold(folder: Path) -> dict[str, dict[str, Any]]:
    """Gold annotations keyed by document id (one JSON file per document)."""
    gold = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        gold[data["document"]] = data
    return gold


def _relation_key(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    if predicate in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return (subject, predicate, obj)


def evaluate(extractions: Iterable[Extraction], gold: dict[str, dict[str, Any]]) -> Evaluation:
    result = Evaluation()
    for extraction in extractions:
        doc = extraction.document
        annotation = gold.get(doc.id)
        if annotation is None:
            continue
        _score_entities(result, extraction, annotation)
        _score_relations(result, extraction, annotation)
    return result


def _score_entities(result: Evaluation, extraction: Extraction, annotation: dict[str, Any]) -> None:
    doc_id = extraction.document.id
    own = f"document/{doc_id}"
    gold_by_type: dict[str, set[str]] = {}
    for entity in annotation["entities"]:
        if entity["id"] != own:
            gold_by_type.setdefault(entity["type"], set()).add(entity["id"])
    predicted_by_type: dict[str, set[str]] = {}
    for record in extraction.entities:
        if record.mentions and record.key != own:
            predicted_by_type.setdefault(record.kind, set()).add(record.key)
    for kind in set(gold_by_type) | set(predicted_by_type):
        predicted, wanted = predicted_by_type.get(kind, set()), gold_by_type.get(kind, set())
        result.entities.setdefault(kind, Score()).add(predicted, wanted)
        result.entity_total.add({(doc_id, k) for k in predicted}, {(doc_id, k) for k in wanted})
        for key in sorted(predicted - wanted):
            result.errors.setdefault("entity false positives", []).append(f"{doc_id} {kind} {key}")
        for key in sorted(wanted - predicted):
            result.errors.setdefault("entity false negatives", []).append(f"{doc_id} {kind} {key}")


def _score_relations(
    result: Evaluation, extraction: Extraction, annotation: dict[str, Any]
) -> None:
    doc = extraction.document
    gold_quotes: dict[tuple[str, str, str], list[str]] = {}
    for relation in annotation["relations"]:
        key = _relation_key(relation["subject"], relation["predicate"], relation["object"])
        gold_quotes.setdefault(key, []).append(relation.get("evidence", ""))
    predicted: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for relation in extraction.relations:
        result.relations_predicted += 1
        evidence = relation.evidence
        if evidence.text and doc.text[evidence.start : evidence.end] == evidence.text:
            result.relations_with_evidence += 1
        key = _relation_key(*relation.triple)
        predicted.setdefault(key, []).append(doc.source_span(evidence.start, evidence.end))
    by_predicate: dict[str, tuple[set[Any], set[Any]]] = {}
    for key in set(predicted) | set(gold_quotes):
        bucket = by_predicate.setdefault(key[1], (set(), set()))
        if key in predicted:
            bucket[0].add(key)
        if key in gold_quotes:
            bucket[1].add(key)
    for name, (found, wanted) in by_predicate.items():
        result.relations.setdefault(name, Score()).add(found, wanted)
        result.relation_total.add({(doc.id, *k) for k in found}, {(doc.id, *k) for k in wanted})
        for key in sorted(found - wanted):
            result.errors.setdefault("relation false positives", []).append(
                f"{doc.id} {' '.join(key)}"
            )
        for key in sorted(wanted - found):
            result.errors.setdefault("relation false negatives", []).append(
                f"{doc.id} {' '.join(key)}"
            )
    for key in set(predicted) & set(gold_quotes):
        if any(
            _overlaps(doc.raw_text, span, quote)
            for span in predicted[key]
            for quote in gold_quotes[key]
        ):
            result.evidence_matching_gold += 1


def _overlaps(raw: str, span: tuple[int, int], quote: str) -> bool:
    """Whether the evidence span (in the raw text) overlaps an occurrence of the gold quote."""
    if not quote:
        return True
    start = raw.find(quote)
    while start != -1:
        if start < span[1] and span[0] < start + len(quote):
            return True
        start = raw.find(quote, start + 1)
    return False


def error_counts(evaluation: Evaluation) -> Counter[str]:
    return Counter({kind: len(items) for kind, items in evaluation.errors.items()})
