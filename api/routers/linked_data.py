"""Dereferenceable IRIs: ``/id/{kind}/{slug}`` answers for ``{base_iri}id/{kind}/{slug}``.

Linked data means an entity's IRI can be looked up: people get a page, machines get RDF. The
base IRI need not be this host (``https://w3id.org/crmkg/`` redirects here), so the path is
joined to the configured base, never to the request's own URL.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import ServiceState, get_state
from api.errors import ApiError
from api.pages import PAGE_HEADERS, entity_page, resource_page
from api.present import index_of
from api.routers.entities import entity_detail
from kg.describe import description_triples, is_known
from kg.iri import PREFIXES
from kg.sparql import FORMAT_ALIASES, _parse_accept, content_type, serialize_graph

router = APIRouter(tags=["linked data"])

HTML = "text/html"
#: What an IRI can be answered with, in the order preferred when the client does not mind.
OFFERS = (
    "text/turtle",
    HTML,
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
)
#: Media types that are answered as one of the offers.
SYNONYMS = {"application/xhtml+xml": HTML, "application/json": "application/ld+json"}
MAX_TRIPLES = 100_000
MAX_BYTES = 50_000_000


def negotiate(accept: str | None, format_name: str | None) -> str:
    """The media type to answer with: ``format`` (html, ttl, jsonld, nt, rdfxml) if given, else
    the best of the Accept header; no Accept or ``*/*`` gets Turtle. 406 if nothing fits."""
    if format_name:
        media = HTML if format_name == "html" else FORMAT_ALIASES.get(format_name)
        if media not in OFFERS:
            raise ApiError(
                406, f"Unknown format {format_name!r}; use html, ttl, jsonld, nt or rdfxml."
            )
        return media  # type: ignore[return-value]
    for media, _ in _parse_accept(accept):
        media = SYNONYMS.get(media, media)
        if media in OFFERS:
            return media
        if media == "*/*":
            return OFFERS[0]
        if media.endswith("/*"):
            family = next((o for o in OFFERS if o.startswith(media[:-1])), None)
            if family:
                return family
    raise ApiError(
        406, f"Cannot answer {accept!r}; this IRI is available as " + ", ".join(OFFERS) + "."
    )


@router.get(
    "/id/{path:path}",
    summary="Dereference an entity IRI (HTML page or RDF)",
    response_class=Response,
    responses={
        200: {"content": {media: {} for media in OFFERS}},
        404: {"description": "The graph says nothing about this IRI."},
        406: {"description": "None of the accepted media types is available."},
    },
)
def dereference(
    request: Request,
    path: str = Path(
        description="`{kind}/{slug}` of `{base_iri}id/{kind}/{slug}`, e.g. `material/gallium`."
    ),
    format: str | None = Query(
        None, description="Overrides Accept: html, ttl, jsonld, nt, rdfxml."
    ),
    state: ServiceState = Depends(get_state),
) -> Response:
    """An HTML page for browsers (labels, types, identifiers, facts with evidence and links);
    Turtle, JSON-LD, N-Triples or RDF/XML for machines: the entity's statements and every
    assertion about it with its evidence sentence."""
    iri = f"{state.minter.base}id/{path}"
    media = negotiate(request.headers.get("accept"), format)
    if not is_known(state.store, iri):
        raise ApiError(404, f"The graph says nothing about <{iri}>.")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if media == HTML:
        return HTMLResponse(_page(state, iri), headers={**headers, **PAGE_HEADERS})
    body = serialize_graph(
        description_triples(state.store, iri),
        media,
        max_triples=MAX_TRIPLES,
        max_bytes=MAX_BYTES,
        prefixes=PREFIXES,
    )
    return Response(body, media_type=content_type(media), headers=headers)


def _page(state: ServiceState, iri: str) -> str:
    entity = index_of(state).get(iri)
    if entity is not None:
        return entity_page(entity_detail(entity.key, None, state), state.minter)
    return resource_page(iri, description_triples(state.store, iri), state.minter)
