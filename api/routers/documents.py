"""The corpus documents over REST: the list, and each with its text, entities and facts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query

from api import models
from api.deps import ServiceState, get_state
from api.errors import ApiError
from api.present import index_of, ref, relation, window
from kg.documents import DocumentInfo, document_content, documents_by_iri, find_documents

router = APIRouter(prefix="/api", tags=["documents"])


def _summary(info: DocumentInfo) -> models.DocumentSummary:
    return models.DocumentSummary.model_validate(info, from_attributes=True)


@router.get("/documents", summary="The documents the graph was built from")
def list_documents(
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    state: ServiceState = Depends(get_state),
) -> models.Page[models.DocumentSummary]:
    """Metadata of each document with the number of entities it mentions and of the facts and
    questions read from it, ordered by id."""
    docs = sorted(documents_by_iri(state.store, state.minter).values(), key=lambda d: d.id)
    items = [_summary(d) for d in docs[window(len(docs), limit, offset)]]
    return models.Page[models.DocumentSummary](
        total=len(docs), limit=limit, offset=offset, items=items
    )


def find_document(state: ServiceState, text: str) -> DocumentInfo:
    """The document ``text`` names (id, `document/{id}`, IRI, id prefix such as `002`, or words
    of its title); 300 with candidates when several, 404 with all documents when none."""
    docs = sorted(documents_by_iri(state.store, state.minter).values(), key=lambda d: d.id)
    found = find_documents(docs, text)
    if len(found) == 1:
        return found[0]
    candidates: list[dict[str, Any]] = [
        {"id": d.id, "iri": d.iri, "label": d.title, "type": "Document"} for d in found or docs
    ]
    if found:
        raise ApiError(300, f"{text!r} names more than one document.", candidates)
    raise ApiError(404, f"No document {text!r}; the candidates are all documents.", candidates)


@router.get("/documents/{id:path}", summary="A document: metadata, text, entities and facts")
def document_detail(
    id: str = Path(
        description="Document id (`002_992e05942bc21dbf`), a unique prefix (`002`), "
        "`document/{id}` or the IRI."
    ),
    state: ServiceState = Depends(get_state),
) -> models.DocumentDetail:
    """The clean text (all offsets point into it), every entity mentioned with the offsets of
    its mentions, and the facts and questions read from the document with their evidence."""
    info = find_document(state, id)
    content = document_content(state.store, state.minter, info)
    index = index_of(state)
    entities = [
        models.DocumentEntity(
            **ref(index, e.iri).model_dump(),
            mentions=[models.Mention.model_validate(m, from_attributes=True) for m in e.mentions],
        )
        for e in content.entities
    ]
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 0, e.id))
    return models.DocumentDetail(
        **_summary(info).model_dump(),
        text=content.text,
        entities=entities,
        facts=[relation(state, index, f) for f in content.facts],
        questions=[relation(state, index, f) for f in content.questions],
    )
