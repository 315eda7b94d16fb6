"""SPARQL query analysis, content negotiation and result serialization.

The store engines answer queries; this module decides what a query is (its form, whether it
names its own dataset or calls SERVICE), which media type the client gets, and writes results
with row and byte caps, so the same rules hold for the embedded store and an external server.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox


class QueryForm(StrEnum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"

    @property
    def returns_graph(self) -> bool:
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


class SparqlError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- analysis ---------------------------------------------------------------------------------

_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_KEYWORD = r"(?<![?$:\w]){}(?![\w:])"
_FORMS = re.compile(
    _KEYWORD.format(
        r"(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)"
    ),
    re.IGNORECASE,
)
_FROM = re.compile(_KEYWORD.format("FROM"), re.IGNORECASE)
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_SERVICE_IRI = re.compile(_KEYWORD.format("SERVICE") + r"\s+(?:SILENT\s+)?<([^>]*)>", re.IGNORECASE)
#: Functions whose value differs from one evaluation to the next (SPARQL 1.1 §17.4).
_VOLATILE = re.compile(_KEYWORD.format(r"(NOW|RAND|UUID|STRUUID|BNODE)") + r"\s*\(", re.IGNORECASE)


def strip_literals(query: str) -> str:
    """The query with strings, IRIs and comments blanked out: what is left is keywords."""
    return _STRIP.sub(" ", query)


MAX_NESTING = 64


def nesting_depth(query: str) -> int:
    """How deeply braces and brackets nest, outside strings and IRIs. Deep nesting is valid
    SPARQL, but the parser recurses per level and overflows the stack (and kills the process)
    at a few thousand levels, so requests are checked before they reach it."""
    depth = deepest = 0
    for char in strip_literals(query):
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest


@dataclass(frozen=True)
class QueryInfo:
    form: QueryForm
    has_dataset_clause: bool
    service_iris: tuple[str, ...]
    uses_service: bool
    #: Whether two evaluations on the same data give the same answer: no NOW(), RAND(), UUID(),
    #: STRUUID() or BNODE(), and no SERVICE (whose data changes elsewhere).
    repeatable: bool = True


def analyse(query: str) -> QueryInfo:
    """What kind of request a query string is, read lexically (the engine parses it for real)."""
    code = _STRIP.sub(lambda m: " " if m.group(0)[0] in "\"'#" else "<>", query)
    match = _FORMS.search(code)
    keyword = match.group(1).upper() if match else "SELECT"
    form = QueryForm(keyword) if keyword in QueryForm.__members__ else QueryForm.UPDATE
    no_strings = _STRIP.sub(lambda m: m.group(0) if m.group(0)[0] == "<" else " ", query)
    return QueryInfo(
        form=form,
        has_dataset_clause=bool(_FROM.search(code)),
        service_iris=tuple(_SERVICE_IRI.findall(no_strings)),
        uses_service=bool(_SERVICE.search(code)),
        repeatable=not (_SERVICE.search(code) or _VOLATILE.search(code)),
    )


# --- content negotiation ----------------------------------------------------------------------

RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Short names accepted in a ``format=`` parameter (handy in browsers and shared links).
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def _parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal weights)."""
    if not accept:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        weight = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        ranges.append((media, weight, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, weight) for media, weight, _ in ranges if weight > 0]


def negotiate(accept: str | None, form: QueryForm) -> str:
    """The media type to answer ``form`` with, or a 406 SparqlError."""
    offers = list(GRAPH_TYPES) if form.returns_graph else list(RESULT_TYPES)
    default = "text/turtle" if form.returns_graph else "application/sparql-results+json"
    for media, _ in _parse_accept(accept):
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            preferred = [o for o in offers if o.startswith(family)]
            if default.startswith(family):
                return default
            if preferred:
                return preferred[0]
        elif media in offers:
            return media
    kind = "graphs" if form.returns_graph else "results"
    raise SparqlError(
        f"Cannot answer a {form.value} query as {accept!r}; {kind} are available as "
        + ", ".join(offers),
        status=406,
    )


# --- serialization ----------------------------------------------------------------------------


class ResultTooLarge(SparqlError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=413)


class BoundedBuffer(io.RawIOBase):
    """A bytes sink that refuses to grow past ``limit``: keeps a huge answer out of memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResultTooLarge(f"The answer is larger than the limit of {self.limit} bytes.")
        self.parts.append(chunk)
        return len(chunk)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


#: pyoxigraph's serializers for the four result formats.
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: A JSON string and a CSV quoted field, as pyoxigraph writes them.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_CSV_FIELD = re.compile(rb'"[^"]*(?:""[^"]*)*"')


def count_rows(body: bytes, kind: str) -> int:
    """The number of solutions in a SELECT answer as pyoxigraph serializes it (compact JSON,
    XML with escaped text, TSV with escaped newlines, CSV with quoted fields)."""
    if kind == "xml":
        return body.count(b"<result>")
    if kind == "tsv":
        return body.count(b"\n") - 1
    if kind == "csv":
        upper = body.count(b"\n") - 1  # exact unless a quoted field holds a line break
        return upper if b'"' not in body else _CSV_FIELD.sub(b"", body).count(b"\n") - 1
    # JSON: one object per row, one per bound value (``:{"type":"``: never inside a string,
    # where quotes are escaped), and three around them. Braces inside strings (and quoted
    # triples) only add to this count: an upper bound, made exact by :func:`_json_rows`.
    values = body.count(b':{"type":"')
    return body.count(b"{") - values - 3


def serialize_select(
    solutions: ox.QuerySolutions, media_type: str, *, max_rows: int, max_bytes: int
) -> bytes:
    """SELECT results in one of the four result formats by pyoxigraph's own serializers,
    refusing more than ``max_bytes`` while writing and more than ``max_rows`` rows after."""
    kind = RESULT_TYPES[media_type]
    out = BoundedBuffer(max_bytes)
    solutions.serialize(out, format=RESULT_FORMATS[kind])  # type: ignore[arg-type]
    body = out.getvalue()
    if (  # a row takes at least one byte; the quick JSON count may be over
        len(body) > max_rows
        and count_rows(body, kind) > max_rows
        and (kind != "json" or _json_rows(body) > max_rows)
    ):
        raise ResultTooLarge(
            f"The query returns more than {max_rows} rows; add a LIMIT or narrow it down."
        )
    return body


def _json_rows(body: bytes) -> int:
    """Rows of a JSON answer, exactly: without the strings, every object but the root and the
    rows follows a colon (head, results, each value)."""
    bare = _JSON_STRING.sub(b'""', body)
    return bare.count(b"{") - bare.count(b":{") - 1


def serialize_ask(value: bool, media_type: str) -> bytes:
    kind = RESULT_TYPES[media_type]
    text = "true" if value else "false"
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if kind == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>"
        ).encode()
    header = "_askResult\r\n" if kind == "csv" else "?_askResult\n"
    return f"{header}{text}\n".encode()


def serialize_graph(
    triples: Iterable[ox.Triple],
    media_type: str,
    *,
    max_triples: int,
    max_bytes: int,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """CONSTRUCT/DESCRIBE results as RDF, refusing too many triples or bytes."""
    kept: list[ox.Triple] = []
    for count, triple in enumerate(triples, start=1):
        if count > max_triples:
            raise ResultTooLarge(
                f"The query returns more than {max_triples} triples; narrow it down."
            )
        kept.append(triple)
    out = BoundedBuffer(max_bytes)
    rdf_format = GRAPH_TYPES[media_type]
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in kept]
        ox.serialize(quads, out, rdf_format)  # type: ignore[arg-type]
    elif rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) and prefixes:
        ox.serialize(kept, out, rdf_format, prefixes=prefixes)  # type: ignore[arg-type]
    else:
        ox.serialize(kept, out, rdf_format)  # type: ignore[arg-type]
    return out.getvalue()


def content_type(media_type: str) -> str:
    """The Content-Type header for a negotiated media type (text formats say their charset)."""
    binary = media_type in ("application/sparql-results+json", "application/ld+json")
    return media_type if binary else f"{media_type}; charset=utf-8"
