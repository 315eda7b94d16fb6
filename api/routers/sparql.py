"""The SPARQL 1.1 Protocol endpoint (read-only): GET, POST form and POST direct."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api.deps import ServiceState, get_state
from kg.sparql import (
    FORMAT_ALIASES,
    GRAPH_TYPES,
    RESULT_TYPES,
    QueryForm,
    SparqlError,
    analyse,
    content_type,
    negotiate,
)
from kg.store import Dataset

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise SparqlError(f"Give one '{name}' parameter, not {len(values)}.")
    return values[0] if values else None


def _dataset(params: dict[str, list[str]]) -> Dataset:
    return Dataset(
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
    )


def _graph_iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The graph IRIs of a dataset parameter, checked here: one the store cannot parse made
    the query process answer 500 (found by tests/test_fuzz.py)."""
    for value in params.get(name, []):
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise SparqlError(f"The {name} {value!r} is not an absolute IRI: {error}") from None
    return tuple(params.get(name, []))


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise SparqlError(f"The request body is larger than the limit of {limit} bytes.", 413)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise SparqlError(f"The request body is larger than the limit of {limit} bytes.", 413)
    return bytes(body)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SparqlError(f"The {what} is not valid UTF-8: {error}") from error


async def _run(state: ServiceState, request: Request, query: str, dataset: Dataset) -> Response:
    """The answer; a GET of a repeatable query may be kept by the answer cache (api.caching)
    until the next write, anything else is marked ``no-store``."""
    body, media_type = await state.queries.answer(query, _accept(request), dataset or None)
    cacheable = request.method == "GET" and analyse(query).repeatable
    headers = {"Vary": "Accept"} if cacheable else {"Vary": "Accept", **_no_store()}
    return Response(body, media_type=content_type(media_type), headers=headers)


def _accept(request: Request) -> str | None:
    """The media types asked for: a ``format`` parameter (even an empty or unknown one, which
    is a 406) overrides the Accept header."""
    name = request.query_params.get("format")
    return _format_alias(name) if name is not None else request.headers.get("accept")


def _format_alias(name: str) -> str:
    if name not in FORMAT_ALIASES:
        raise SparqlError(f"Unknown format {name!r}; use one of {', '.join(FORMAT_ALIASES)}.", 406)
    return FORMAT_ALIASES[name]


def _no_store() -> dict[str, str]:
    return {"Cache-Control": "no-store"}


#: What the OpenAPI document says about the protocol's parameters and answers, so clients and
#: the fuzzer (tests/test_fuzz.py) see the endpoint as it is rather than as a bare GET.
_GRAPH_URIS = {"type": "array", "items": {"type": "string"}}
_FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": list(FORMAT_ALIASES)},
    "description": "Overrides Accept with a short name.",
}
_DATASET_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": _GRAPH_URIS, "explode": True}
    for name in ("default-graph-uri", "named-graph-uri")
]
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The answer, in the negotiated format.",
        "content": {media: {} for media in [*RESULT_TYPES, *GRAPH_TYPES]},
    },
    503: {"description": "The query ran longer than the time limit and was stopped."},
}


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description without a query",
    responses=_ANSWERS,
    openapi_extra={
        "parameters": [
            {
                "name": "query",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "A SPARQL 1.1 query; without it, the service description.",
            },
            *_DATASET_PARAMETERS,
            _FORMAT_PARAMETER,
        ]
    },
)
async def sparql_get(request: Request, state: ServiceState = Depends(get_state)) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise SparqlError("SPARQL Update cannot be sent with GET; this endpoint is read-only.")
    query = _single(params, "query")
    if query is None:
        return _service_description(request, state)
    return await _run(state, request, query, _dataset(params))


@router.post(
    "/sparql",
    summary="SPARQL query (POST, form-encoded or direct)",
    responses=_ANSWERS,
    openapi_extra={
        "parameters": [*_DATASET_PARAMETERS, _FORMAT_PARAMETER],
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    }
                },
                DIRECT_QUERY: {"schema": {"type": "string"}},
            },
        },
    },
)
async def sparql_post(request: Request, state: ServiceState = Depends(get_state)) -> Response:
    raw_type = request.headers.get("content-type", "")
    media, _, parameters = raw_type.partition(";")
    media = media.strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    body = await _read_body(request, state.settings.max_request_bytes)
    if media == FORM:
        params = parse_qs(_decode(body, "form body"), keep_blank_values=True)
        if "update" in params:
            raise SparqlError(
                "SPARQL Update is not accepted here: this endpoint is read-only. "
                "Updates go to /sparql/update with a bearer token.",
                403,
            )
        query = _single(params, "query")
        if query is None:
            raise SparqlError("The form has no 'query' field.")
        return await _run(state, request, query, _dataset(params) or _dataset(url_params))
    if media == DIRECT_QUERY:
        charset = _charset(parameters)
        if charset not in ("", "utf-8", "utf8"):
            raise SparqlError(f"Queries must be UTF-8, not {charset}.", 415)
        return await _run(state, request, _decode(body, "query"), _dataset(url_params))
    if media == DIRECT_UPDATE:
        raise SparqlError(
            "SPARQL Update is not accepted here: this endpoint is read-only. "
            "Updates go to /sparql/update with a bearer token.",
            403,
        )
    shown = media or "no Content-Type"
    raise SparqlError(f"POST a query as {FORM} or {DIRECT_QUERY}, not {shown}.", 415)


def _charset(parameters: str) -> str:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def _service_description(request: Request, state: ServiceState) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint, in the negotiated RDF format."""
    media_type = negotiate(_accept(request), QueryForm.CONSTRUCT)
    endpoint = ox.NamedNode(str(request.url).split("?", 1)[0])
    node = ox.NamedNode
    a = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(endpoint, a, node(SD + "Service")),
        ox.Triple(endpoint, node(SD + "endpoint"), endpoint),
        ox.Triple(endpoint, node(SD + "supportedLanguage"), node(SD + "SPARQL11Query")),
        ox.Triple(endpoint, node(SD + "feature"), node(SD + "UnionDefaultGraph")),
        ox.Triple(endpoint, node(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, node(SD + "Dataset")),
        ox.Triple(dataset, node(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, a, node(SD + "Graph")),
    ]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        triples.append(ox.Triple(endpoint, node(SD + "resultFormat"), node(FORMATS + name)))
    for graph in state.store.graphs():
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, node(SD + "namedGraph"), named),
            ox.Triple(named, node(SD + "name"), node(graph)),
        ]
    body = ox.serialize(triples, format=GRAPH_TYPES[media_type])
    assert isinstance(body, bytes)
    return Response(body, media_type=content_type(media_type), headers={"Vary": "Accept"})
