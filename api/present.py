"""From graph records to response models, and from what a client typed to an entity.

Shared by the routers so that an entity, a fact and its evidence look the same in every answer,
and an identifier that names no entity, or several, fails the same way everywhere (404 with the
closest names, 300 with the candidates).
"""

from __future__ import annotations

import re
from typing import Literal

from api import models
from api.deps import ServiceState
from api.errors import ApiError
from kg import facts as kg_facts
from kg.describe import relation_labels
from kg.iri import CRM, KIND_SEGMENTS, SEGMENT_KINDS
from kg.resolve import Ambiguous, EntityIndex, Hit, IndexedEntity, NotFound, entity_index

#: Lowercase class names and key segments -> the class name (``type=material`` works).
TYPE_NAMES = {
    **{kind.lower(): kind for kind in KIND_SEGMENTS},
    **{segment: kind for segment, kind in SEGMENT_KINDS.items()},
}


def index_of(state: ServiceState) -> EntityIndex:
    return entity_index(state.store, state.minter)


def entity_type(text: str | None) -> str | None:
    """The class a ``type`` parameter names, or a 422 listing the types."""
    if text is None or not text.strip():
        return None
    name = TYPE_NAMES.get(text.strip().lower().removesuffix("s")) or TYPE_NAMES.get(
        text.strip().lower()
    )
    if name is None:
        raise ApiError(422, f"Unknown type {text!r}; use one of {', '.join(KIND_SEGMENTS)}.")
    return name


def candidate(hit: Hit) -> dict[str, str]:
    entity = hit.entity
    return {
        "id": entity.key,
        "iri": entity.iri,
        "label": entity.label,
        "type": entity.type,
        "matched": hit.form.text,
    }


def resolve(state: ServiceState, text: str, kind: str | None = None) -> IndexedEntity:
    """The entity ``text`` names (IRI, key, slug, label, acronym, ISO code, symbol), else an
    ApiError: 300 with the candidates when several match, 404 with the closest names."""
    what = f"{kind.lower()} " if kind else "entity "
    text = re.sub(r"^(https?):/(?!/)", r"\1://", text)  # "https:/..." after a proxy merged "//"
    try:
        return index_of(state).resolve(text, kind)
    except Ambiguous as error:
        raise ApiError(
            300,
            f"{text!r} names more than one {what.strip()}; use one of the candidates' ids.",
            [candidate(h) for h in error.candidates],
        ) from error
    except NotFound as error:
        hint = " Did you mean one of the candidates?" if error.suggestions else ""
        raise ApiError(
            404, f"No {what}named {text!r}.{hint}", [candidate(h) for h in error.suggestions]
        ) from error


def ref(index: EntityIndex, iri: str) -> models.EntityRef:
    """The reference of ``iri``; entities outside the index (untyped) get their key as label."""
    entity = index.get(iri)
    if entity is not None:
        return entity_ref(entity)
    return models.EntityRef(id=iri, iri=iri, label=iri.rsplit("/", 1)[-1], type="")


def entity_ref(entity: IndexedEntity) -> models.EntityRef:
    return models.EntityRef(id=entity.key, iri=entity.iri, label=entity.label, type=entity.type)


def evidence(item: kg_facts.Evidence) -> models.Evidence:
    return models.Evidence.model_validate(item, from_attributes=True)


def relation_label(state: ServiceState, predicate: str) -> str:
    labels = relation_labels(state.store, state.minter).get(f"{CRM}{predicate}", {})
    return labels.get("en") or labels.get("nl") or labels.get("") or predicate


def relation(
    state: ServiceState,
    index: EntityIndex,
    fact: kg_facts.Fact,
    focus: str | None = None,
    evidence_limit: int | None = None,
) -> models.Relation:
    direction: Literal["out", "in"] | None = None
    if focus is not None:
        direction = "out" if fact.subject == focus else "in"
    return models.Relation(
        subject=ref(index, fact.subject),
        predicate=fact.predicate,
        predicate_iri=f"{CRM}{fact.predicate}",
        label=relation_label(state, fact.predicate),
        object=ref(index, fact.object),
        direction=direction,
        confidence=fact.confidence,
        documents=fact.documents,
        evidence=[evidence(e) for e in fact.evidence[:evidence_limit]],
        evidence_total=len(fact.evidence),
    )


def window(total: int, limit: int, offset: int) -> slice:
    return slice(offset, offset + limit) if offset < total else slice(0, 0)
