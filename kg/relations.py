"""Relation extraction: rules over sentences, from ``kg/patterns/relations.toml``.

A rule fires on a trigger (a word start, so Dutch compounds and inflections count) and fills its
roles with the sentence's entities of the right types; enumerations give one fact per item.
Questions are kept with mood "question"; negated and hypothetical statements give no fact.
Structural facts (who wrote a document, who belongs to which party, what it cites) come from
their own small rules below.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.lexicon import Lexicon
from kg.model import RelationRecord, Span, TargetRecord

PATTERNS = Path(__file__).parent / "patterns" / "relations.toml"

NEGATIONS = {"niet", "geen", "nooit", "noch", "not", "no", "never", "nor", "without", "zonder"}
HYPOTHETICAL = {
    "zou",
    "zouden",
    "indien",
    "mocht",
    "mochten",
    "stel",
    "would",
    "could",
    "if",
    "might",
    "eventueel",
    "eventuele",
    "wellicht",
    "misschien",
    "perhaps",
}
JOINERS = {",", "en", "of", "and", "or", "&", "/", "de", "het", "the", "zoals", "als"}
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|percent|per cent)")


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    subject: frozenset[str]
    object: frozenset[str]
    trigger: re.Pattern[str] | None
    groups: tuple[re.Pattern[str], ...]
    confidence: float
    options: dict[str, Any] = field(default_factory=dict)

    def trigger_at(self, text: str) -> int | None:
        """Where in the (lowercased) sentence the rule is triggered, or None."""
        if self.trigger is not None:
            match = self.trigger.search(text)
            if match:
                return match.start()
        if self.groups:
            positions = [g.search(text) for g in self.groups]
            if all(positions):
                return min(p.start() for p in positions if p)
        return None


def _alternation(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in ordered) + ")")


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    with PATTERNS.open("rb") as handle:
        data = tomllib.load(handle)
    rules = []
    for item in data["rule"]:
        triggers = item.get("triggers", [])
        rules.append(
            Rule(
                name=item["name"],
                predicate=item["predicate"],
                subject=frozenset(item["subject"]),
                object=frozenset(item["object"]),
                trigger=_alternation(triggers) if triggers else None,
                groups=tuple(_alternation(g) for g in item.get("all_of", [])),
                confidence=float(item["confidence"]),
                options={k: v for k, v in item.items() if k not in {"triggers", "all_of"}},
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class Found:
    """An entity mention inside a sentence."""

    key: str
    kind: str
    start: int  # token index in the doc
    end: int
    start_char: int
    end_char: int
    text: str


def _mentions(sentence: SpacySpan) -> list[Found]:
    return [
        Found(e.kb_id_, e.label_, e.start, e.end, e.start_char, e.end_char, e.text)
        for e in sentence.ents
        if e.kb_id_
    ]


def sentence_mood(sentence: SpacySpan) -> str:
    return "question" if sentence.text.rstrip().rstrip("\"'”)").endswith("?") else "asserted"


def _blocked(sentence: SpacySpan, trigger_char: int) -> bool:
    """Negated or hypothetical near the trigger: no fact."""
    words = [t for t in sentence if not t.is_punct]
    near = [t for t in words if abs(t.idx - trigger_char) <= 60]
    lowered = {t.lower_ for t in near}
    return bool(lowered & NEGATIONS) or bool({t.lower_ for t in words} & HYPOTHETICAL)


class RelationExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.rules = load_rules()

    def extract(self, doc: Doc) -> tuple[list[RelationRecord], list[TargetRecord]]:
        relations: list[RelationRecord] = []
        sentences = list(doc.sents)
        history: list[list[Found]] = []
        for index, sentence in enumerate(sentences):
            found = _mentions(sentence)
            relations += self._rule_relations(sentence, found, history)
            relations += self._member_relations(sentence, found)
            relations += self._part_relations(sentence, found)
            history.append(found)
            del index
        relations += self._document_relations(doc, sentences)
        targets = list(self._targets(doc, sentences))
        return _deduplicate(relations), targets

    # --- rules from relations.toml -----------------------------------------------------------

    def _rule_relations(
        self, sentence: SpacySpan, found: list[Found], history: list[list[Found]]
    ) -> list[RelationRecord]:
        out: list[RelationRecord] = []
        lowered = sentence.text.lower()
        mood = sentence_mood(sentence)
        for rule in self.rules:
            position = rule.trigger_at(lowered)
            if position is None:
                continue
            trigger_char = sentence.start_char + position
            if _blocked(sentence, trigger_char):
                continue
            for subject, obj, confidence in self._fill(
                rule, sentence, found, history, trigger_char
            ):
                out.append(
                    RelationRecord(
                        subject=subject.key,
                        predicate=rule.predicate,
                        object=obj.key,
                        confidence=round(rule.confidence * confidence, 2),
                        rule=rule.name,
                        evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
                        mood=mood,
                        qualifiers=_quantities(sentence, trigger_char),
                    )
                )
        return out

    def _fill(
        self,
        rule: Rule,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        trigger_char: int,
    ) -> Iterator[tuple[Found, Found, float]]:
        options = rule.options
        subjects = [f for f in found if f.kind in rule.subject]
        objects = [f for f in found if f.kind in rule.object]
        if options.get("object_side") == "after":
            objects = [o for o in objects if o.start_char >= trigger_char]
        carried = 1.0
        if not objects and options.get("carry_object"):
            objects, carried = _carried(history, rule.object), 0.8
        if not subjects and options.get("carry_subject"):
            subjects, carried = _carried(history, rule.subject), 0.8
        if not subjects or not objects:
            return
        if options.get("symmetric"):
            yield from _pairs(subjects + [o for o in objects if o not in subjects], carried)
            return
        doc = sentence.doc
        object_keys = {o.key for o in objects}
        after_object = _after_words(doc, objects, options.get("object_after_words", []))
        after_subject = _after_words(doc, subjects, options.get("subject_after_words", []))
        if options.get("object_is_trigger_subject") and not after_object:
            before = [s for s in subjects if s.end_char <= trigger_char]
            if before and after_subject:
                after_object = [before[-1]]
        if after_object:
            objects = after_object
            object_keys = {o.key for o in objects}
        chosen = after_subject or self._subjects(rule, sentence, subjects, trigger_char)
        for subject in chosen:
            for obj in _unique(objects):
                if obj.key != subject.key and (subject.key not in object_keys or after_object):
                    yield subject, obj, carried

    def _subjects(
        self, rule: Rule, sentence: SpacySpan, subjects: list[Found], trigger_char: int
    ) -> list[Found]:
        """The subject nearest the trigger (an adjective right before it wins), with the
        other members of its enumeration."""
        if rule.options.get("subject_prefer_adjective"):
            for s in subjects:
                if 0 <= trigger_char - s.end_char <= 2:
                    return [s]
        before = [s for s in subjects if s.end_char <= trigger_char]
        side = rule.options.get("subject_side", "before")
        if before:
            anchor = before[-1]
        elif side in ("before", "any"):
            after = [s for s in subjects if s.start_char >= trigger_char]
            if not after:
                return []
            anchor = after[0]
        else:
            return []
        return _enumeration(sentence.doc, anchor, subjects)

    # --- structural relations ------------------------------------------------------------------

    def _member_relations(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "Hirsch en Thijssen (beiden GroenLinks-PvdA)", "Jansen (VVD)": persons in a party;
        "De minister van Economische Zaken, Dirk Beljaarts": a person in a ministry."""
        out: list[RelationRecord] = []
        doc = sentence.doc
        persons = [f for f in found if f.kind == "Person"]
        for party in (f for f in found if f.kind in ("PoliticalParty",)):
            opener = doc[party.start - 1] if party.start > 0 else None
            while opener is not None and opener.lower_ in {"beiden", "allen", "beide", "both"}:
                opener = doc[opener.i - 1] if opener.i > 0 else None
            if opener is None or opener.text != "(":
                continue
            members = [p for p in persons if p.end <= opener.i and opener.i - p.end <= 1]
            if members:
                members = _enumeration(doc, members[-1], persons)
            for person in members:
                out.append(
                    self._structural(
                        person.key, "memberOf", party.key, sentence, "party-in-brackets", 0.9
                    )
                )
        for person in persons:
            window = doc[max(sentence.start, person.start - 25) : person.start]
            text = window.text.lower()
            role = re.search(
                r"(minister|staatssecretaris)\s+(voor|van)\s+[^,]*$", text.strip(" ,\n")
            )
            if not role:
                continue
            ministries = [
                f
                for f in found
                if f.kind == "Organization" and f.end <= person.start and f.start >= window.start
            ]
            if ministries:
                record = self._structural(
                    person.key, "memberOf", ministries[-1].key, sentence, "minister-of", 0.85
                )
                record.qualifiers["role"] = window.text[role.start() :].strip(" ,\n")
                out.append(record)
        return out

    def _part_relations(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """A part the vocabulary knows (an NGS action perspective) named in a sentence that
        names its whole, or speaks of parts ("handelingsperspectieven", "pijlers")."""
        out = []
        keys = {f.key for f in found}
        lowered = sentence.text.lower()
        structural = re.search(
            r"handelingsperspectie|pijler|onderde(el|len)|actielijn|pillar|part of|strand", lowered
        )
        for item in found:
            entry = self.lexicon.get(item.key)
            if entry is None:
                continue
            for whole in entry.part_of:
                if whole in keys or structural:
                    out.append(
                        self._structural(item.key, "partOf", whole, sentence, "named-part", 0.8)
                    )
        return out

    def _document_relations(self, doc: Doc, sentences: list[SpacySpan]) -> list[RelationRecord]:
        """Who wrote the document, and which documents it cites."""
        out: list[RelationRecord] = []
        own = f"document/{doc.user_data.get('doc_id', '')}"
        seen: set[str] = set()
        for sentence in sentences:
            found = _mentions(sentence)
            for f in found:
                if f.kind == "Document" and f.key != own and f.key not in seen:
                    seen.add(f.key)
                    out.append(self._structural(own, "cites", f.key, sentence, "reference", 0.9))
            for key in doc.user_data.get("extra_citations", {}).get(sentence.start_char, []):
                if key not in seen:
                    seen.add(key)
                    out.append(self._structural(own, "cites", key, sentence, "reference", 0.9))
            lowered = sentence.text.lower()
            authors = re.search(
                r"\b(vragen|antwoord(en)?|brief|questions|answers?|letter)\s+(van|of|by)\b", lowered
            )
            signature = re.match(r"\s*(de\s+)?(minister|staatssecretaris|the minister)\b", lowered)
            if authors and authors.start() < 60 or signature:
                for f in found:
                    if f.kind == "Person":
                        out.append(
                            self._structural(
                                own, "authoredBy", f.key, sentence, "author-line", 0.85
                            )
                        )
        for motion, authors in doc.user_data.get("authors", {}).items():
            for person, start, _end in authors:
                sentence = doc.char_span(start, start + 1, alignment_mode="expand")
                if sentence is not None:
                    out.append(
                        self._structural(
                            motion, "authoredBy", person, sentence.sent, "motion-mover", 0.9
                        )
                    )
        return out

    def _structural(
        self,
        subject: str,
        predicate: str,
        obj: str,
        sentence: SpacySpan,
        rule: str,
        confidence: float,
    ) -> RelationRecord:
        return RelationRecord(
            subject=subject,
            predicate=predicate,
            object=obj,
            confidence=confidence,
            rule=rule,
            evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
            mood="asserted",
        )

    # --- targets --------------------------------------------------------------------------------

    def _targets(self, doc: Doc, sentences: list[SpacySpan]) -> Iterator[TargetRecord]:
        """Shares a policy sets as goals: "<policy> ... doelen ... 10% ... , 40% ..."."""
        for sentence in sentences:
            lowered = sentence.text.lower()
            if not re.search(r"\bdoel|streef|benchmark|target|ambitie|goal", lowered):
                continue
            policies = [f for f in _mentions(sentence) if f.kind == "Policy"]
            if not policies:
                continue
            year = re.search(r"\b(20[2-9]\d)\b", sentence.text)
            matches = list(PERCENT.finditer(sentence.text))
            for index, match in enumerate(matches):
                end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence.text)
                clause = sentence.text[match.start() : end].strip(" ,;.")
                clause = re.split(r"[;.]\s", clause)[0]
                yield TargetRecord(
                    policy=policies[0].key,
                    share=float(match.group(1).replace(",", ".")),
                    label=clause,
                    evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
                    year=int(year.group(1)) if year else None,
                )


# --- helpers ---------------------------------------------------------------------------------


def _carried(history: list[list[Found]], kinds: frozenset[str]) -> list[Found]:
    """The entities of ``kinds`` named in the two sentences before (for "die metalen")."""
    for found in reversed(history[-2:]):
        matching = [f for f in found if f.kind in kinds]
        if matching:
            return _unique(matching)
    return []


def _after_words(doc: Doc, candidates: list[Found], words: list[str]) -> list[Found]:
    if not words:
        return []
    wanted = {w.lower() for w in words}
    return [c for c in candidates if c.start > 0 and doc[c.start - 1].lower_ in wanted]


def _enumeration(doc: Doc, anchor: Found, candidates: list[Found]) -> list[Found]:
    """``anchor`` and the candidates joined to it by commas and conjunctions only."""
    ordered = sorted(candidates, key=lambda c: c.start)
    group = [anchor]
    index = ordered.index(anchor) if anchor in ordered else -1
    for step in (-1, 1):
        current = anchor
        position = index + step
        while 0 <= position < len(ordered):
            other = ordered[position]
            lo, hi = (other.end, current.start) if step < 0 else (current.end, other.start)
            between = doc[lo:hi]
            if len(between) > 3 or any(t.lower_ not in JOINERS for t in between):
                break
            group.append(other)
            current = other
            position += step
    return _unique(group)


def _pairs(parties: list[Found], confidence: float) -> Iterator[tuple[Found, Found, float]]:
    unique = _unique(parties)
    for i, first in enumerate(unique):
        for second in unique[i + 1 :]:
            if first.key != second.key:
                yield first, second, confidence


def _unique(found: list[Found]) -> list[Found]:
    seen: set[str] = set()
    out = []
    for f in found:
        if f.key not in seen:
            seen.add(f.key)
            out.append(f)
    return out


def _quantities(sentence: SpacySpan, trigger_char: int) -> dict[str, Any]:
    """A percentage written just before the trigger ("90 procent van de raffinage")."""
    text = sentence.text
    offset = trigger_char - sentence.start_char
    best = None
    for match in PERCENT.finditer(text):
        gap = offset - match.end()
        if 0 <= gap <= 30 and (best is None or gap < best[0]):
            best = (gap, match)
    if best is None:
        return {}
    return {"share": float(best[1].group(1).replace(",", ".")), "quantityText": best[1].group(0)}


def _deduplicate(relations: list[RelationRecord]) -> list[RelationRecord]:
    """One record per fact and sentence; the most confident rule's."""
    best: dict[tuple[str, str, str, int], RelationRecord] = {}
    for relation in relations:
        key = (*relation.triple, relation.evidence.start)
        if key not in best or relation.confidence > best[key].confidence:
            best[key] = relation
    return list(best.values())
