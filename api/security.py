"""Who may write: a bearer token from configuration, compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import Depends, Request

from api.deps import ServiceState, get_state
from api.errors import ApiError


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
