"""The web page: ``/``, its own scripts and styles, the npm packages it uses, and the
competency-question queries that the SPARQL editor offers as examples.

Everything the page loads comes from this server (no CDN): the page's files live in ``web/``,
third-party code in ``web/node_modules/`` (installed by ``npm ci``, see ``scripts/_web.sh``), of
which only the folders listed in ``VENDOR`` are served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from api.deps import ServiceState, get_state
from api.errors import ApiError
from kg.iri import PREFIXES
from kg.settings import PROJECT_ROOT

router = APIRouter()

WEB_DIR = PROJECT_ROOT / "web"
APP_DIR = WEB_DIR / "app"
QUERY_DIR = PROJECT_ROOT / "kg" / "queries"
NODE_MODULES = WEB_DIR / "node_modules"

#: URL prefix under /vendor/ -> the folder of an npm package that is served as is.
VENDOR: dict[str, Path] = {
    "yasgui": NODE_MODULES / "@zazuko" / "yasgui" / "build",
    "cytoscape": NODE_MODULES / "cytoscape" / "dist",
    "swagger-ui": NODE_MODULES / "swagger-ui-dist",
}

#: The prefixes the editor starts every new query with (the ontology's own and the ones it reuses).
EDITOR_PREFIXES = ("crm", "skos", "rdf", "rdfs", "dcterms", "prov", "nif", "itsrdf", "org", "foaf")

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}

#: The page may talk to this server only; the browser enforces it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _file(request: Request, root: Path, relative: str, *, missing_hint: str = "") -> Response:
    """The file ``relative`` under ``root`` (refusing anything that resolves outside it), or
    ``304 Not Modified`` when the browser already has this version of it."""
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        detail = f"No file {relative!r} here."
        raise ApiError(404, f"{detail} {missing_hint}".strip())
    stat = target.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    headers = {**PAGE_HEADERS, "ETag": etag}
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    media_type = MEDIA_TYPES.get(target.suffix.lower(), "application/octet-stream")
    return FileResponse(target, media_type=media_type, headers=headers, stat_result=stat)


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
async def page(request: Request) -> Response:
    """The single page; its client-side routes live in the URL fragment (``/#/entity/...``)."""
    return _file(request, WEB_DIR, "index.html")


@router.get("/favicon.ico", include_in_schema=False)
async def favicon(request: Request) -> Response:
    return _file(request, APP_DIR, "favicon.svg")


@router.api_route("/app/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def app_file(request: Request, path: str) -> Response:
    """The page's own modules and styles (``web/app/``)."""
    return _file(request, APP_DIR, path)


@router.api_route("/vendor/{package}/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def vendor_file(request: Request, package: str, path: str) -> Response:
    """A file of one of the npm packages in ``VENDOR``."""
    if package not in VENDOR:
        raise ApiError(404, f"No package {package!r} is served; known: {', '.join(VENDOR)}.")
    return _file(
        request,
        VENDOR[package],
        path,
        missing_hint="Install the page's packages with `npm ci` in web/ (scripts/serve does it).",
    )


class ExampleQuery(BaseModel):
    """A competency-question query from ``kg/queries/``, offered as an example in the editor."""

    name: str
    title: str
    description: str
    query: str


class EditorSettings(BaseModel):
    """What the SPARQL editor needs to know about this graph."""

    prefixes: dict[str, str]
    entity_base: str
    endpoint: str


@dataclass(frozen=True)
class _Comment:
    title: str
    description: str


_SENTENCE_END = re.compile(r"(?<=[?.!])(\s|$)")


def _leading_comment(text: str) -> _Comment:
    lines: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    description = " ".join(part for part in lines if part)
    match = _SENTENCE_END.search(description)
    title = description[: match.start()] if match else description
    return _Comment(title=title, description=description)


@cache
def _load_queries(folder: Path) -> tuple[ExampleQuery, ...]:
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = _leading_comment(text)
        examples.append(
            ExampleQuery(
                name=path.stem,
                title=comment.title or path.stem,
                description=comment.description,
                query=text,
            )
        )
    return tuple(examples)


@router.get("/api/queries", tags=["web"], summary="The example SPARQL queries")
async def example_queries() -> list[ExampleQuery]:
    """The competency-question queries (``kg/queries/*.rq``): name, title (the first sentence of
    the leading comment), the whole comment, and the query text."""
    return list(_load_queries(QUERY_DIR))


@router.get("/api/editor", tags=["web"], summary="Settings of the SPARQL editor")
async def editor_settings(state: ServiceState = Depends(get_state)) -> EditorSettings:
    """The prefixes every new query starts with, the namespace of entity IRIs (so the page can
    link them to entity pages), and the path of the SPARQL endpoint."""
    return EditorSettings(
        prefixes={name: PREFIXES[name] for name in EDITOR_PREFIXES},
        entity_base=state.minter.entity(""),
        endpoint="/sparql",
    )
