"""Conditional GET for the read-only REST and linked-data answers: ETag and Cache-Control.

An answer depends only on the URL, the store's content and (for linked data) the Accept header;
``store.version`` changes on every write, so a hash of those is a sound ETag. It is checked
before the endpoint runs, so a client that revalidates gets its ``304`` without any store work.
Caches must revalidate (``no-cache``) because a write may change any answer at any time.
"""

from __future__ import annotations

import hashlib

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.store import GraphStore

#: The read-only endpoints whose answers carry an ETag.
PREFIXES = (
    "/api/entities",
    "/api/materials/",
    "/api/countries/",
    "/api/path",
    "/api/rankings",
    "/api/documents",
    "/api/stats",
    "/id/",
)
#: Answers that differ by Accept (content negotiation) say so.
NEGOTIATED = ("/id/",)
CACHE_CONTROL = "public, no-cache"


def entity_tag(version: int, path: str, query: str, accept: str) -> str:
    digest = hashlib.sha256(f"{version}\n{path}\n{query}\n{accept}".encode()).hexdigest()
    return f'"{version}-{digest[:20]}"'


def _version(store: GraphStore) -> int:
    return store.version


def matches(if_none_match: str | None, tag: str) -> bool:
    """The weak comparison of RFC 9110 §13.1.2."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or tag in tags


class ConditionalGet:
    """ASGI middleware adding ETag, Cache-Control (and Vary) to successful GET and HEAD
    answers under :data:`PREFIXES`, and answering a matching If-None-Match with 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not path.startswith(PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        service = getattr(scope["app"].state, "service", None)
        if service is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        negotiated = path.startswith(NEGOTIATED)
        accept = headers.get("accept", "") if negotiated else ""
        query = scope.get("query_string", b"").decode("latin-1")
        version = await run_in_threadpool(_version, service.store)  # may ask a remote server
        tag = entity_tag(version, path, query, accept)
        extra = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
        if negotiated:
            extra["Vary"] = "Accept"
        if matches(headers.get("if-none-match"), tag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in extra.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                response_headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_tagged)
