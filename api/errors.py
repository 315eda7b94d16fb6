"""One error model for the whole service: RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.sparql import SparqlError


class Problem(BaseModel):
    """What every error answer looks like."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    candidates: list[dict[str, Any]] | None = None


class ApiError(Exception):
    """An error with an HTTP status and a reason a person can act on."""

    def __init__(
        self, status: int, detail: str, candidates: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.candidates = candidates


def problem_response(
    status: int,
    detail: str,
    candidates: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        title=HTTPStatus(status).phrase, status=status, detail=detail, candidates=candidates
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


PROBLEM_MEDIA_TYPE = "application/problem+json"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error as a problem, and say so in the OpenAPI document."""
    _document_problems(app)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        headers = getattr(error, "headers", None) or None
        return problem_response(error.status, error.detail, error.candidates, headers=headers)

    @app.exception_handler(SparqlError)
    async def _sparql_error(_: Request, error: SparqlError) -> JSONResponse:
        return problem_response(error.status, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem_response(error.status_code, str(error.detail), headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return problem_response(422, f"Invalid request: {reasons}")


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI document tell the truth about errors: every 4xx answer (and a declared
    5xx such as the SPARQL timeout) is a :class:`Problem` in application/problem+json, not
    FastAPI's default ``HTTPValidationError`` in application/json; and the operations that
    resolve a name (a ``{id}`` under /api/) may answer 300 with candidates. Clients generated
    from the document, and schemathesis (tests/test_fuzz.py), check answers against it."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, path_item in schema.get("paths", {}).items():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = content
                    if code == "422":
                        response["description"] = "The request's parameters are not valid."
            if "{id}" in path and path.startswith("/api/"):
                responses.setdefault(
                    "300",
                    {
                        "description": "The name matches several: see candidates.",
                        "content": content,
                    },
                )
            responses.setdefault(
                "4XX",
                {"description": "The request cannot be answered: see detail.", "content": content},
            )
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return schema
