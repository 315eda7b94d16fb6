"""Finding entities by what people type: search by label and resolution of an identifier.

Analysts type "gall", "Ga", "CN", "China", "NMO" or "Oekraine", not IRIs. The index holds every
label and identifier of every entity (vocabulary and extracted alike), folded for case and
diacritics. Reading all labels takes a few queries, so the index is built once per store version
(``store.version`` changes on every write) and shared by the REST layer and the notebooks.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.cache import PerVersion
from kg.facts import value
from kg.iri import CRM, ITSRDF, KIND_SEGMENTS, SEGMENT_KINDS, SKOS, Minter, slugify
from kg.store import GraphStore

#: Label-like properties -> the kind of form they give. Strong forms name an entity on their own.
FORM_KINDS: dict[str, str] = {
    f"{SKOS}prefLabel": "pref",
    f"{CRM}symbol": "symbol",
    f"{CRM}iso3166Alpha2": "iso3166",
    f"{CRM}iso3166Alpha3": "iso3166Alpha3",
    f"{CRM}acronym": "acronym",
    f"{CRM}wikidataId": "wikidata",
    f"{CRM}kamerstuk": "kamerstuk",
    f"{SKOS}altLabel": "alt",
    f"{SKOS}hiddenLabel": "hidden",
    f"{CRM}adjectivalForm": "adjective",
    f"{CRM}metonym": "metonym",
}
STRONG = frozenset(
    {"pref", "symbol", "iso3166", "iso3166Alpha3", "acronym", "wikidata", "kamerstuk"}
)
#: Forms that are names (shown as labels); the others only help finding.
NAME_KINDS = frozenset({"pref", "alt", "hidden"})
#: Search ranks forms in this order when the match is equally good.
KIND_RANK = {
    kind: rank
    for rank, kind in enumerate(
        (
            *("pref", "symbol", "iso3166", "acronym", "wikidata", "kamerstuk", "alt"),
            *("iso3166Alpha3", "hidden", "adjective", "metonym"),
        )
    )
}
#: Preferred label languages, best first: the answers are read by English and Dutch readers.
LANGUAGES = ("en", "nl", "")


def fold(text: str) -> str:
    """Lowercase, without diacritics, punctuation as single spaces: "Oekraïne" -> "oekraine"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


@dataclass(frozen=True)
class Form:
    """One way of naming an entity: a label, acronym, symbol or code."""

    text: str
    kind: str
    lang: str = ""


@dataclass
class IndexedEntity:
    iri: str
    key: str
    types: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    mentions: int = 0

    @property
    def type(self) -> str:
        """The main type: the one the key's segment names, else the first."""
        segment = self.key.split("/", 1)[0]
        wanted = SEGMENT_KINDS.get(segment)
        return wanted if wanted in self.types else (self.types[0] if self.types else "")

    @property
    def label(self) -> str:
        """The preferred label, English first, then Dutch, then any."""
        prefs = [f for f in self.forms if f.kind == "pref"]
        for language in LANGUAGES:
            for form in prefs:
                if form.lang == language:
                    return form.text
        names = prefs or [f for f in self.forms if f.kind in NAME_KINDS]
        return names[0].text if names else self.key

    @property
    def slug(self) -> str:
        return self.key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Hit:
    """A search result: the entity, the form that matched, and how well."""

    entity: IndexedEntity
    form: Form
    score: int


class Ambiguous(LookupError):
    """More than one entity answers to the identifier."""

    def __init__(self, text: str, candidates: list[Hit]) -> None:
        super().__init__(text)
        self.candidates = candidates


class NotFound(LookupError):
    """No entity answers to the identifier; ``suggestions`` are the closest names."""

    def __init__(self, text: str, suggestions: list[Hit]) -> None:
        super().__init__(text)
        self.suggestions = suggestions


class EntityIndex:
    """Every entity with its names, for search and resolution."""

    def __init__(self, entities: Iterable[IndexedEntity], version: int = 0) -> None:
        self.version = version
        self.by_iri: dict[str, IndexedEntity] = {e.iri: e for e in entities}
        self.by_key: dict[str, IndexedEntity] = {e.key: e for e in self.by_iri.values()}
        self._folded: list[tuple[str, IndexedEntity, Form]] = [
            (fold(form.text), entity, form)
            for entity in self.by_iri.values()
            for form in entity.forms
        ]

    def __len__(self) -> int:
        return len(self.by_iri)

    def get(self, iri_or_key: str) -> IndexedEntity | None:
        return self.by_iri.get(iri_or_key) or self.by_key.get(iri_or_key)

    def entities(self, kind: str | None = None) -> list[IndexedEntity]:
        chosen = [e for e in self.by_iri.values() if kind is None or kind in e.types]
        return sorted(chosen, key=lambda e: (fold(e.label), e.key))

    # --- search ---------------------------------------------------------------------------

    def search(self, query: str, kind: str | None = None) -> list[Hit]:
        """Entities with a name that starts with ``query`` (or has a word that does), best first:
        exact names before prefixes, preferred labels and codes before synonyms, then the
        entities the documents mention most."""
        wanted = fold(query)
        if not wanted:
            return [Hit(e, Form(e.label, "pref"), 3) for e in self.entities(kind)]
        best: dict[str, Hit] = {}
        for folded, entity, form in self._folded:
            if kind is not None and kind not in entity.types:
                continue
            score = _match_score(folded, wanted, form, query)
            if score is None:
                continue
            current = best.get(entity.iri)
            if current is None or _rank(score, form) < _rank(current.score, current.form):
                best[entity.iri] = Hit(entity, form, score)
        return sorted(best.values(), key=_hit_order)

    # --- resolution -----------------------------------------------------------------------

    def resolve(self, text: str, kind: str | None = None) -> IndexedEntity:
        """The one entity ``text`` names: an IRI, a key, a preferred label, symbol, ISO code or
        acronym (exact case first, so "CN" is China and "Cn" copernicium), a slug, a synonym,
        then any name ignoring case and diacritics. Raises :class:`Ambiguous` when a step finds
        several entities, :class:`NotFound` (with the closest names) when none finds any."""
        text = text.strip()
        direct = self.get(text)
        if direct is not None and (kind is None or kind in direct.types):
            return direct
        if "://" not in text:
            for step in (self._exact_strong, self._slug, self._exact_weak, self._folded_exact):
                hits = [h for h in step(text) if kind is None or kind in h.entity.types]
                chosen = _one(text, hits)
                if chosen is not None:
                    return chosen
        raise NotFound(text, self.suggest(text, kind))

    def suggest(self, text: str, kind: str | None = None, limit: int = 5) -> list[Hit]:
        """The names closest to ``text``: prefix matches first, then similar spellings."""
        hits = self.search(text, kind)[:limit] if fold(text) else []
        seen = {h.entity.iri for h in hits}
        names = {
            folded: (entity, form)
            for folded, entity, form in self._folded
            if kind is None or kind in entity.types
        }
        for close in difflib.get_close_matches(fold(text), list(names), n=limit * 2, cutoff=0.6):
            entity, form = names[close]
            if entity.iri not in seen and len(hits) < limit:
                seen.add(entity.iri)
                hits.append(Hit(entity, form, 4))
        return hits

    def _exact_strong(self, text: str) -> list[Hit]:
        return [Hit(e, f, 0) for _, e, f in self._folded if f.kind in STRONG and f.text == text]

    def _slug(self, text: str) -> list[Hit]:
        slug = slugify(text)
        return [Hit(e, Form(e.slug, "slug"), 0) for e in self.by_iri.values() if e.slug == slug]

    def _exact_weak(self, text: str) -> list[Hit]:
        return [Hit(e, f, 0) for _, e, f in self._folded if f.kind not in STRONG and f.text == text]

    def _folded_exact(self, text: str) -> list[Hit]:
        wanted = fold(text)
        return [Hit(e, f, 0) for folded, e, f in self._folded if folded == wanted]


def _one(text: str, hits: list[Hit]) -> IndexedEntity | None:
    entities = {h.entity.iri: h for h in hits}
    if len(entities) > 1:
        raise Ambiguous(text, sorted(entities.values(), key=_hit_order))
    return next(iter(entities.values())).entity if entities else None


def _match_score(folded: str, wanted: str, form: Form, raw: str) -> int | None:
    """0: the name exactly as typed, 1: the name ignoring case, 2: the name starts with the
    query, 3: one of its words does; None: no match."""
    if form.text == raw.strip():
        return 0
    if folded == wanted:
        return 1
    if folded.startswith(wanted):
        return 2
    if f" {wanted}" in f" {folded}":
        return 3
    return None


def _rank(score: int, form: Form) -> tuple[int, int]:
    return (score, KIND_RANK.get(form.kind, len(KIND_RANK)))


def _hit_order(hit: Hit) -> tuple[int, int, int, int, str]:
    return (
        hit.score,
        KIND_RANK.get(hit.form.kind, len(KIND_RANK)),
        -hit.entity.mentions,
        len(hit.entity.label),
        hit.entity.key,
    )


# --- building the index from the store ------------------------------------------------------


def _kind_values() -> str:
    return " ".join(f"<{CRM}{kind}>" for kind in KIND_SEGMENTS)


def _property_values() -> str:
    return " ".join(f"<{p}>" for p in FORM_KINDS)


def build_index(store: GraphStore, minter: Minter) -> EntityIndex:
    """Read every typed entity, its names and its mention count from the store."""
    version = store.version
    entities: dict[str, IndexedEntity] = {}
    kinds = _kind_values()
    for row in store.select(f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {kinds} }} ?e a ?t }}"):
        iri = value(row, "e")
        entity = entities.setdefault(iri, IndexedEntity(iri, minter.key_of(iri) or iri))
        entity.types.append(value(row, "t").removeprefix(str(CRM)))
    query = (
        f"SELECT DISTINCT ?e ?p ?o WHERE {{ VALUES ?t {{ {kinds} }} "
        f"VALUES ?p {{ {_property_values()} }} ?e a ?t ; ?p ?o . FILTER(isLiteral(?o)) }}"
    )
    for row in store.select(query):
        entity = entities[value(row, "e")]
        lang = getattr(row["o"], "language", None) or ""
        entity.forms.append(Form(value(row, "o"), FORM_KINDS[value(row, "p")], lang))
    mentions = f"SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?m <{ITSRDF}taIdentRef> ?e }} GROUP BY ?e"
    for row in store.select(mentions):
        if value(row, "e") in entities:
            entities[value(row, "e")].mentions = int(value(row, "n"))
    for entity in entities.values():
        main = entity.type
        entity.types.sort(key=lambda t: (t != main, t))
        entity.forms.sort(key=lambda f: (KIND_RANK.get(f.kind, 99), f.lang, f.text))
    return EntityIndex(entities.values(), version)


entity_index = PerVersion(build_index)
"""The index of a store at its current version: ``entity_index(store, minter)``."""
