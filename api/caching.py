"""Conditional GET and an in-memory answer cache for the read-only REST, linked-data and SPARQL
answers.

An answer depends only on the URL, the Accept header (linked data negotiates) and the store's
content; ``store.version`` changes on every write. So:

- a hash of those is a sound ETag, checked before the endpoint runs: a client that revalidates
  gets its ``304`` without any store work; caches must revalidate (``no-cache``) because a write
  may change any answer at any time;
- the body of a successful answer can be kept and sent again, without running the endpoint, to
  every request for the same URL and Accept until the next write. The cache holds the answers of
  one store version (a write empties it), least recently used first out, bounded in bytes by
  ``CRMKG_RESPONSE_CACHE_BYTES`` (0 turns it off). When several requests for one answer arrive
  before it is computed, one computes it and the others wait for it.

An endpoint opts an answer out by sending ``Cache-Control: no-store`` (the SPARQL endpoint does
for POSTs and for queries with NOW(), RAND() and the like): it is passed on untouched, without an
ETag, and not kept. A request with ``Cache-Control: no-cache`` (or ``no-store``) is computed
afresh rather than answered from the cache, as HTTP caches do; benchmarks use it to time the
engine rather than the cache.

This is a plain ASGI layer (no ``BaseHTTPMiddleware``): a cached answer costs a dictionary look-up
and two ``send`` calls.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.store import GraphStore, OxigraphStore

#: The read-only endpoints whose answers carry an ETag and may be cached.
PREFIXES = (
    "/api/entities",
    "/api/materials/",
    "/api/countries/",
    "/api/path",
    "/api/rankings",
    "/api/documents",
    "/api/stats",
    "/id/",
    "/sparql",
)
#: Answers that differ by Accept (content negotiation) say so.
NEGOTIATED = ("/id/", "/sparql")
CACHE_CONTROL = "public, no-cache"
#: Default bound of the answer cache, in bytes of body.
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
#: Headers a cached answer is not sent with again (they are recomputed per request).
_PER_REQUEST = {b"date", b"server", b"etag", b"cache-control", b"vary"}


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


@dataclass(frozen=True)
class Cached:
    """One kept answer: status 200, its headers (with ETag etc.) and body."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    tag: str


class AnswerCache:
    """Answers of one store version, least recently used out first, bounded in body bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version: int | None = None
        self.size = 0
        self.entries: OrderedDict[tuple[str, ...], Cached] = OrderedDict()
        self.pending: dict[tuple[str, ...], asyncio.Future[None]] = {}
        self.hits = 0
        self.misses = 0

    def at(self, version: int) -> None:
        """Forget everything of other versions."""
        if version != self.version:
            self.entries.clear()
            self.size = 0
            self.version = version

    def get(self, key: tuple[str, ...]) -> Cached | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            self.hits += 1
        else:
            self.misses += 1
        return entry

    def put(self, version: int, key: tuple[str, ...], entry: Cached) -> None:
        size = len(entry.body) + 256
        if version != self.version or size > self.max_bytes // 4:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body) + 256
        self.entries[key] = entry
        self.size += size
        while self.size > self.max_bytes and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body) + 256


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class ConditionalGet:
    """ASGI middleware for GET and HEAD under :data:`PREFIXES`: ETag, Cache-Control (and Vary)
    on successful answers, ``304`` for a matching If-None-Match, and GET answers from the
    :class:`AnswerCache` of the current store version."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.app = app
        self.cache = AnswerCache(max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        method = scope["method"]
        if method not in ("GET", "HEAD") or not path.startswith(PREFIXES):
            await self.app(scope, receive, send)
            return
        service = getattr(scope["app"].state, "service", None)
        if service is None:
            await self.app(scope, receive, send)
            return
        store = service.store
        if isinstance(store, OxigraphStore):
            version = store.version  # a counter in memory
        else:
            version = await run_in_threadpool(_version, store)  # may ask a remote server
        negotiated = path.startswith(NEGOTIATED)
        accept = _header(scope, b"accept")
        query = scope.get("query_string", b"").decode("latin-1")
        if_none_match = _header(scope, b"if-none-match")
        cache = self.cache
        cache.at(version)
        caching = method == "GET" and cache.max_bytes > 0
        fresh = _asks_fresh(_header(scope, b"cache-control"))
        # The answer may also depend on the host it is asked of (absolute links).
        key = (scope.get("scheme", "http"), _header(scope, b"host"), path, query, accept)
        if caching and not fresh:
            entry = cache.get(key)
            while entry is None and key in cache.pending:
                await asyncio.shield(cache.pending[key])  # another request computes it
                cache.at(store.version if isinstance(store, OxigraphStore) else version)
                entry = cache.get(key)
            if entry is not None:
                await self._send_cached(entry, if_none_match, send)
                return
        tag = entity_tag(version, path, query, accept if negotiated else "")
        extra = [(b"etag", tag.encode()), (b"cache-control", CACHE_CONTROL.encode())]
        if negotiated:
            extra.append((b"vary", b"Accept"))
        if matches(if_none_match, tag):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return
        if not caching:
            await self._tagged(scope, receive, send, extra)
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        cache.pending[key] = done
        try:
            await self._compute(scope, receive, send, extra, key, tag, version, store)
        finally:
            del cache.pending[key]
            done.set_result(None)

    async def _tagged(
        self, scope: Scope, receive: Receive, send: Send, extra: list[tuple[bytes, bytes]]
    ) -> None:
        async def send_tagged(message: Message) -> None:
            if (
                message["type"] == "http.response.start"
                and message["status"] == 200
                and not _no_store(message.get("headers", []))
            ):
                message["headers"] = _merged(message.get("headers", []), extra)
            await send(message)

        await self.app(scope, receive, send_tagged)

    async def _compute(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        extra: list[tuple[bytes, bytes]],
        key: tuple[str, ...],
        tag: str,
        version: int,
        store: GraphStore,
    ) -> None:
        """Run the endpoint, pass its answer on, and keep it when it is a complete 200 of the
        version it was computed from."""
        keep = True
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []
        size = 0
        limit = self.cache.max_bytes // 4

        async def send_kept(message: Message) -> None:
            nonlocal keep, headers, size
            if message["type"] == "http.response.start":
                if message["status"] != 200 or _no_store(message.get("headers", [])):
                    keep = False
                else:
                    message["headers"] = headers = _merged(message.get("headers", []), extra)
                    if any(name == b"set-cookie" for name, _ in headers):
                        keep = False
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > limit:
                    keep = False
                    parts.clear()
                else:
                    parts.append(body)
            await send(message)

        await self.app(scope, receive, send_kept)
        if not keep or not headers:
            return
        now = store.version if isinstance(store, OxigraphStore) else version
        if now == version:  # no write while it was computed
            kept = [(k, v) for k, v in headers if k not in (b"date", b"server")]
            self.cache.put(version, key, Cached(kept, b"".join(parts), tag))

    async def _send_cached(self, entry: Cached, if_none_match: str, send: Send) -> None:
        if matches(if_none_match, entry.tag):
            headers = [(k, v) for k, v in entry.headers if k in _PER_REQUEST]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})


def _merged(
    headers: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``extra`` set (replacing headers of the same names)."""
    names = {name for name, _ in extra}
    return [(k, v) for k, v in headers if k.lower() not in names] + extra


def _no_store(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the endpoint marked its answer as not to be kept."""
    return any(k == b"cache-control" and b"no-store" in v.lower() for k, v in headers)


def _asks_fresh(cache_control: str) -> bool:
    """Whether the request asks for an answer computed afresh (RFC 9111 §5.2.1)."""
    directives = {part.strip().lower() for part in cache_control.split(",")}
    return bool(directives & {"no-cache", "no-store"})
