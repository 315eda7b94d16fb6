"""Entities over REST: search, the full description with evidence, neighbourhoods, and the
materials-countries questions analysts ask most ("which countries are linked to gallium?").

Every endpoint reads the store, which blocks, so they are plain ``def``: FastAPI runs them in
its thread pool and the event loop stays free.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

import networkx as nx
from fastapi import APIRouter, Depends, Path, Query

from api import models
from api.deps import ServiceState, get_state
from api.errors import ApiError
from api.present import (
    entity_ref,
    entity_type,
    evidence,
    index_of,
    ref,
    relation,
    relation_label,
    resolve,
    window,
)
from kg.describe import describe, relation_labels
from kg.documents import document_titles, mentioning_documents
from kg.facts import ASSERTED, QUESTION, about, read_facts, read_facts_by_mood, read_targets
from kg.iri import CRM
from kg.network import neighbourhood, network
from kg.resolve import Hit, IndexedEntity

router = APIRouter(prefix="/api", tags=["entities"])

#: Forms that are names; codes and symbols are listed under identifiers.
LABEL_KINDS = frozenset({"pref", "alt", "hidden", "acronym", "adjective", "metonym"})

ID_HELP = (
    "An entity: IRI, key (`material/gallium`), slug, label, acronym, ISO code or chemical "
    "symbol (`gallium`, `Ga`, `CN`, `China`, `NMO`)."
)


def entity_id() -> Any:
    """The `{id}` path parameter (one FieldInfo per endpoint)."""
    return Path(description=ID_HELP)


def evidence_limit() -> Any:
    """The `evidence` query parameter: how many evidence items to show per fact."""
    return Query(
        None,
        ge=0,
        le=10_000,
        description="At most this many evidence items per fact (`evidence_total` tells how "
        "many there are); all when not given.",
    )


def _hit(hit: Hit) -> models.SearchHit:
    entity = hit.entity
    return models.SearchHit(
        **entity_ref(entity).model_dump(),
        types=entity.types,
        matched=hit.form.text,
        matched_kind=hit.form.kind,
        lang=hit.form.lang or None,
        mentions=entity.mentions,
    )


@router.get("/entities", summary="Search entities by name, acronym, symbol or code")
def search_entities(
    q: str = Query(
        "",
        description="Start of a name in Dutch or English; case and diacritics "
        "do not matter (`gall`, `Ga`, `NMO`, `Oekraine`). Empty: all entities.",
    ),
    type_: str | None = Query(None, alias="type", description="Material, Country, ..."),
    limit: int = Query(20, ge=1, le=500),
    offset: int = Query(0, ge=0),
    state: ServiceState = Depends(get_state),
) -> models.Page[models.SearchHit]:
    """Exact names first, then names that start with `q`, then names with a word that does;
    preferred labels and codes before synonyms, and often-mentioned entities first."""
    hits = index_of(state).search(q, entity_type(type_))
    items = [_hit(h) for h in hits[window(len(hits), limit, offset)]]
    return models.Page[models.SearchHit](total=len(hits), limit=limit, offset=offset, items=items)


@router.get("/entities/{id:path}/neighbours", summary="The neighbourhood of an entity")
def entity_neighbours(
    id: str = entity_id(),
    relation: list[str] | None = Query(
        None, description="Only these relations (repeat or comma-separate)."
    ),
    type_: list[str] | None = Query(
        None, alias="type", description="Only through entities of these types."
    ),
    depth: int = Query(1, ge=1, le=3, description="Facts away from the entity."),
    state: ServiceState = Depends(get_state),
) -> models.Neighbourhood:
    """The entities within `depth` facts of the entity (either direction), and the facts among
    them; parallel assertions of one fact are one edge with all their ids and documents."""
    entity = resolve(state, id)
    relations = _relations(state, relation)
    kinds = [k for k in (entity_type(t) for t in _split(type_)) if k]
    graph = network(state.store, state.minter).graph
    if entity.key not in graph:
        return models.Neighbourhood(center=entity_ref(entity), depth=depth, nodes=[], edges=[])
    sub, distances = neighbourhood(graph, entity.key, depth, relations, kinds)
    index = index_of(state)
    nodes = [
        models.NetworkNode(**ref(index, sub.nodes[n]["iri"]).model_dump(), distance=d)
        for n, d in sorted(distances.items(), key=lambda item: (item[1], item[0]))
    ]
    return models.Neighbourhood(
        center=entity_ref(entity), depth=depth, nodes=nodes, edges=_edges(sub)
    )


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for v in values or [] for part in v.split(",") if part.strip()]


def _relations(state: ServiceState, values: list[str] | None) -> list[str] | None:
    wanted = _split(values)
    if not wanted:
        return None
    known = {p.removeprefix(str(CRM)) for p in relation_labels(state.store, state.minter)}
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise ApiError(
            422, f"Unknown relation {unknown[0]!r}; use one of {', '.join(sorted(known))}."
        )
    return wanted


def _edges(sub: nx.MultiDiGraph) -> list[models.NetworkEdge]:
    """One edge per (subject, relation, object), however many documents assert it."""
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in sub.edges(data=True):
        grouped[(u, v, data["relation"])].append(data)
    edges = []
    for (u, v, predicate), items in sorted(grouped.items()):
        confidences = [i["confidence"] for i in items if i.get("confidence") is not None]
        edges.append(
            models.NetworkEdge(
                source=u,
                target=v,
                predicate=predicate,
                confidence=max(confidences) if confidences else None,
                documents=sorted({i["document"] for i in items if i.get("document")}),
                assertions=sorted(i["assertion"] for i in items),
            )
        )
    return edges


@router.get("/entities/{id:path}", summary="An entity with its facts and their evidence")
def entity_detail(
    id: str = entity_id(),
    evidence: int | None = evidence_limit(),
    state: ServiceState = Depends(get_state),
) -> models.EntityDetail:
    """Labels with languages, types, identifiers (Wikidata as IRI), description, the facts
    with the entity as subject (outgoing) and object (incoming), each with every evidence
    sentence and its document, the questions about it, and the documents that mention it."""
    entity = resolve(state, id)
    index = index_of(state)
    by_mood = read_facts_by_mood(
        state.store, state.minter, about(entity.iri), moods=(ASSERTED, QUESTION)
    )
    facts, questions = by_mood[ASSERTED], by_mood[QUESTION]
    relations = [relation(state, index, f, entity.iri, evidence) for f in facts]
    described = describe(state.store, entity.iri, set(relation_labels(state.store, state.minter)))
    return models.EntityDetail(
        **entity_ref(entity).model_dump(),
        types=entity.types,
        labels=[
            models.Label(value=f.text, lang=f.lang or None, kind=f.kind)
            for f in entity.forms
            if f.kind in LABEL_KINDS
        ],
        identifiers=[
            models.Identifier.model_validate(i, from_attributes=True) for i in described.identifiers
        ],
        description=described.summary(),
        statements=[
            models.Statement(**s.__dict__, label=ref(index, s.iri).label if s.iri else None)
            for s in described.other
        ],
        relations=models.Relations(
            outgoing=[r for r in relations if r.direction == "out"],
            incoming=[r for r in relations if r.direction == "in"],
        ),
        questions=[relation(state, index, f, entity.iri, evidence) for f in questions],
        targets=_targets(state, entity),
        documents=_documents(state, entity),
        mention_count=entity.mentions,
    )


def _targets(state: ServiceState, entity: IndexedEntity) -> list[models.Target]:
    if "Policy" not in entity.types:
        return []
    return [
        models.Target(
            iri=t.iri, label=t.label, share=t.share, year=t.year, evidence=evidence(t.evidence)
        )
        for t in read_targets(state.store, state.minter, entity.iri)
    ]


def _documents(state: ServiceState, entity: IndexedEntity) -> list[models.MentioningDocument]:
    known = document_titles(state.store, state.minter)
    found = []
    for iri, count in mentioning_documents(state.store, entity.iri):
        info = known.get(iri)
        found.append(
            models.MentioningDocument(
                id=info.id if info else iri,
                iri=iri,
                title=info.title if info else iri,
                date=info.date if info else None,
                mentions=count,
            )
        )
    return found


# --- materials and countries ------------------------------------------------------------------


def focus_links(
    state: ServiceState,
    focus: IndexedEntity,
    other_kind: str,
    evidence_limit: int | None = None,
) -> models.FocusLinks:
    """The facts between ``focus`` and entities of ``other_kind``, grouped by relation and
    direction, each linked entity with the evidence of its facts."""
    index = index_of(state)
    groups: dict[tuple[str, str], list[models.Linked]] = defaultdict(list)
    entities: dict[str, models.EntityRef] = {}
    for fact in read_facts(state.store, state.minter, about(focus.iri)):
        direction: Literal["out", "in"] = "out" if fact.subject == focus.iri else "in"
        other = index.get(fact.object if direction == "out" else fact.subject)
        if other is None or other_kind not in other.types or other.iri == focus.iri:
            continue
        entities[other.iri] = entity_ref(other)
        groups[(fact.predicate, direction)].append(
            models.Linked(
                entity=entity_ref(other),
                confidence=fact.confidence,
                documents=fact.documents,
                evidence=[evidence(e) for e in fact.evidence[:evidence_limit]],
                evidence_total=len(fact.evidence),
            )
        )
    return models.FocusLinks(
        focus=entity_ref(focus),
        linked_type=other_kind,
        entities=sorted(entities.values(), key=lambda e: e.label),
        groups=[
            models.RelationGroup(
                relation=p,
                label=relation_label(state, p),
                direction=d,
                linked=sorted(items, key=lambda i: i.entity.label),
            )
            for (p, d), items in sorted(groups.items())
        ],
    )


@router.get("/materials/{id:path}/countries", summary="Countries linked to a material")
def material_countries(
    id: str = entity_id(),
    evidence: int | None = evidence_limit(),
    state: ServiceState = Depends(get_state),
) -> models.FocusLinks:
    """The countries linked to the material by a fact (restrictsExportOf, produces, refines,
    dependsOn, ...), grouped by relation, each with its evidence. `{id}` is resolved among
    materials (`gallium`, `Ga`, `material/gallium`)."""
    return focus_links(state, resolve(state, id, "Material"), "Country", evidence)


@router.get("/countries/{id:path}/materials", summary="Materials linked to a country")
def country_materials(
    id: str = entity_id(),
    evidence: int | None = evidence_limit(),
    state: ServiceState = Depends(get_state),
) -> models.FocusLinks:
    """The materials linked to the country by a fact, grouped by relation, each with its
    evidence. `{id}` is resolved among countries (`CN`, `China`, `country/cn`)."""
    return focus_links(state, resolve(state, id, "Country"), "Material", evidence)
