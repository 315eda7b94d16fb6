"""Writes, behind the bearer token: SPARQL Update, document upload and removal."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import ServiceState, get_state
from api.errors import ApiError
from api.security import WriterRoute, require_writer
from kg.deep_stack import call_with_deep_stack
from kg.extract import Extractor
from kg.ingest import remove_document, write_extraction
from kg.reading import ReadError, read_document
from kg.sparql import MAX_NESTING, SparqlError, analyse, nesting_depth, strip_literals
from kg.uploads import UploadRejected, sniff_suffix, upload_id

router = APIRouter(tags=["writes"], dependencies=[Depends(require_writer)], route_class=WriterRoute)


class IngestResult(BaseModel):
    """What an upload added to the graph."""

    id: str
    iri: str
    title: str | None
    entities: int
    relations: int


@router.post(
    "/sparql/update",
    status_code=204,
    summary="SPARQL 1.1 Update (needs the token)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-update": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"update": {"type": "string"}},
                        "required": ["update"],
                    }
                },
            },
        }
    },
)
async def sparql_update(request: Request, state: ServiceState = Depends(get_state)) -> Response:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > state.settings.max_request_bytes:
        raise SparqlError("The update is larger than the request limit.", 413)
    text = body.decode("utf-8", errors="strict") if body else ""
    if media == "application/x-www-form-urlencoded":
        values = parse_qs(text).get("update", [])
        if len(values) != 1:
            raise SparqlError("Give exactly one 'update' field.")
        text = values[0]
    elif media != "application/sparql-update":
        raise SparqlError("POST an update as application/sparql-update or a form.", 415)
    if nesting_depth(text) > MAX_NESTING:
        raise SparqlError(f"The update nests more than {MAX_NESTING} levels deep.")
    info = analyse(text)
    if info.uses_service or _loads_remote(text):
        raise SparqlError("LOAD and SERVICE are not allowed in updates: no remote fetches.", 403)
    await run_in_threadpool(call_with_deep_stack, partial(state.store.update, text))
    return Response(status_code=204)


def _loads_remote(update: str) -> bool:
    return any(word.upper() == "LOAD" for word in strip_literals(update).split())


@router.post(
    "/api/documents",
    status_code=201,
    response_model=IngestResult,
    summary="Upload a document: it is read, extracted and added (needs the token)",
)
async def upload_document(
    file: UploadFile = File(..., description="A .txt, .md, .pdf, .html or .docx document."),
    id: str | None = Form(None, description="The document id (default: from the file name)."),
    title: str | None = Form(None),
    state: ServiceState = Depends(get_state),
) -> IngestResult:
    limit = state.settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="crmkg-upload-") as folder:
        raw = Path(folder) / "upload.bin"
        digest = await _save_bounded(file, raw, limit)
        try:
            suffix = sniff_suffix(raw, file.filename)
        except UploadRejected as error:
            raise ApiError(error.status, error.message) from error
        named = raw.rename(raw.with_name(f"upload{suffix}"))
        doc_id = upload_id(file.filename, id, digest)
        metadata = {"title": title} if title else {}
        return await run_in_threadpool(_ingest, state, named, doc_id, metadata)


def _ingest(state: ServiceState, path: Path, doc_id: str, metadata: dict[str, str]) -> IngestResult:
    try:
        document = read_document(path, metadata, max_bytes=state.settings.max_upload_bytes)
    except ReadError as error:
        raise ApiError(422, f"The document cannot be read: {error}") from error
    document = replace(document, id=doc_id)
    extraction = Extractor(state.settings.ontology_dir).extract(document)
    write_extraction(state.store, state.minter, extraction)
    return IngestResult(
        id=doc_id,
        iri=state.minter.document(doc_id),
        title=document.title,
        entities=len(extraction.entities),
        relations=len(extraction.relations),
    )


async def _save_bounded(upload: UploadFile, target: Path, limit: int) -> str:
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as handle:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"The file is larger than the upload limit of {limit} bytes.")
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


@router.delete(
    "/api/documents/{doc_id}", status_code=204, summary="Remove a document and its facts"
)
def delete_document(doc_id: str, state: ServiceState = Depends(get_state)) -> Response:
    if not remove_document(state.store, state.minter, doc_id):
        raise ApiError(404, f"No document {doc_id!r} in the store.")
    return Response(status_code=204)
