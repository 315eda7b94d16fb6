"""One error model for the whole service: RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

from collections.abc import Mapping
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


def install_error_handlers(app: FastAPI) -> None:
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
