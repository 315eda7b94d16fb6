"""The lexicon: every label of every vocabulary entity, as the entity ruler matches them.

Built from the same Turtle files that are loaded into the store, so what the extractor can
recognise and what the graph can describe never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.iri import CRM, DCT, RDF_TYPE, SEGMENT_KINDS, SKOS, Minter

#: A stand-in base for resolving the vocabulary files' relative IRIs back to keys.
KEY_BASE = "https://crmkg.invalid/"

IDENTIFIERS = {
    f"{CRM}symbol": "symbol",
    f"{CRM}wikidataId": "wikidata",
    f"{CRM}iso3166Alpha2": "iso3166",
    f"{CRM}iso3166Alpha3": "iso3166Alpha3",
    f"{CRM}acronym": "acronym",
}
PART_OF = DCT + "isPartOf"
SUB_ORGANIZATION_OF = "http://www.w3.org/ns/org#subOrganizationOf"
KINDS = frozenset(SEGMENT_KINDS.values())
LABEL_KINDS = {
    f"{SKOS}prefLabel": "pref",
    f"{SKOS}altLabel": "alt",
    f"{SKOS}hiddenLabel": "hidden",
    f"{CRM}acronym": "acronym",
    f"{CRM}adjectivalForm": "adjective",
    f"{CRM}metonym": "metonym",
    f"{CRM}symbol": "symbol",
}


@dataclass
class LexiconEntry:
    """One vocabulary entity and the forms by which text may name it."""

    key: str
    kind: str
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    identifiers: dict[str, str] = field(default_factory=dict)
    #: Keys of the wholes this entity is a structural part of (dcterms:isPartOf).
    part_of: list[str] = field(default_factory=list)
    #: Keys of the bodies this body is a unit of (org:subOrganizationOf).
    unit_of: list[str] = field(default_factory=list)

    def forms(self, *label_kinds: str) -> list[str]:
        return [text for k in label_kinds for text, _ in self.labels.get(k, [])]

    def label(self, language: str = "nl") -> str:
        """The preferred label in ``language``, else in any language."""
        prefs = self.labels.get("pref", [])
        for text, lang in prefs:
            if lang == language:
                return text
        return prefs[0][0] if prefs else self.key


@dataclass
class Lexicon:
    entries: dict[str, LexiconEntry]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> LexiconEntry | None:
        return self.entries.get(key)

    def by_form(self) -> dict[str, set[str]]:
        """Lowercased form -> keys that carry it (for linking acronym long forms)."""
        index: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for forms in entry.labels.values():
                for text, _ in forms:
                    index.setdefault(text.lower(), set()).add(entry.key)
        return index


def _entries_from(triples: Iterable[ox.Triple], minter: Minter) -> dict[str, LexiconEntry]:
    entries: dict[str, LexiconEntry] = {}
    kinds: dict[str, str] = {}
    labels: list[tuple[str, str, str, str]] = []
    parts: list[tuple[str, str, bool]] = []
    idents: list[tuple[str, str, str]] = []
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        key = minter.key_of(subject.value)
        if key is None:
            continue
        predicate = triple.predicate.value
        obj = triple.object
        if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            local = obj.value.removeprefix(str(CRM))
            if local != obj.value and local in KINDS:
                kinds[key] = local
        elif predicate in IDENTIFIERS and isinstance(obj, ox.Literal):
            idents.append((key, IDENTIFIERS[predicate], obj.value))
        elif predicate in (PART_OF, SUB_ORGANIZATION_OF) and isinstance(obj, ox.NamedNode):
            whole = minter.key_of(obj.value)
            if whole:
                parts.append((key, whole, predicate == PART_OF))
        elif predicate in LABEL_KINDS and isinstance(obj, ox.Literal):
            labels.append((key, LABEL_KINDS[predicate], obj.value, obj.language or ""))
    for key, kind in kinds.items():
        entries[key] = LexiconEntry(key=key, kind=kind)
    for key, label_kind, text, language in labels:
        entry = entries.get(key)
        if entry is not None:
            entry.labels.setdefault(label_kind, []).append((text, language))
    for key, name, value in idents:
        if key in entries:
            entries[key].identifiers.setdefault(name, value)
    for key, whole, structural in parts:
        if key in entries:
            (entries[key].part_of if structural else entries[key].unit_of).append(whole)
    return entries


def load_lexicon(ontology_dir: Path) -> Lexicon:
    """All vocabulary entities, keyed by entity key (``material/gallium``)."""
    minter = Minter(KEY_BASE)
    entries: dict[str, LexiconEntry] = {}
    for path in sorted((ontology_dir / "vocab").glob("*.ttl")):
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=minter.entity(""))
        entries.update(
            _entries_from((ox.Triple(q.subject, q.predicate, q.object) for q in triples), minter)
        )
    return Lexicon(entries)


@lru_cache(maxsize=4)
def cached_lexicon(ontology_dir: str) -> Lexicon:
    return load_lexicon(Path(ontology_dir))
