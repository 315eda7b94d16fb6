"""Who may write: a bearer token from configuration, compared in constant time."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from api.deps import ServiceState, get_state
from api.errors import ApiError

#: Bytes a multipart form may add around an uploaded file (boundaries, headers, id, title).
FORM_OVERHEAD = 64 * 1024


class WriteDenied(ApiError):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(status, detail)
        self.headers = {"WWW-Authenticate": 'Bearer realm="crmkg"'} if status == 401 else {}


def require_writer(request: Request, state: ServiceState = Depends(get_state)) -> None:
    """Refuse unless the request carries the configured write token.

    With no token configured, writing over HTTP is off altogether (403)."""
    configured = state.settings.write_token
    if configured is None or not configured.get_secret_value():
        raise WriteDenied(403, "Writing over HTTP is off: no CRMKG_WRITE_TOKEN is configured.")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise WriteDenied(401, "This operation needs 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(token.strip().encode(), configured.get_secret_value().encode()):
        raise WriteDenied(403, "The bearer token is not valid for writing.")


class WriterRoute(APIRoute):
    """A write route that checks the token, and a declared Content-Length against the caps,
    before FastAPI reads the body.

    FastAPI parses a form or file body before it runs any dependency, so with the
    :func:`require_writer` dependency alone an anonymous client could make the server receive,
    parse and spool to disk an upload of any size before it was refused (found by
    tests/test_fuzz.py: a malformed multipart body got 400 instead of 401/403)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            state = get_state(request)
            require_writer(request, state)
            limit = max(
                state.settings.max_upload_bytes + FORM_OVERHEAD, state.settings.max_request_bytes
            )
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise ApiError(413, f"The request body is larger than the limit of {limit} bytes.")
            return await handler(request)

        return guarded
