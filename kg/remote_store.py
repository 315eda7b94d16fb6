"""The store interface over an external SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki,
GraphDB), for corpora that outgrow the embedded store.

Reads go through the SPARQL 1.1 Protocol and come back as the same pyoxigraph objects the
embedded store returns, so every caller (REST, web page, network views, the SPARQL endpoint)
works unchanged. Writes keep the one rule of :mod:`kg.store`: a document's graph is replaced in
one request, so readers, and other ingestion workers, see it entirely or not at all.

What this relies on from the server (see docs/deployment.md for each product):

* the default graph of a query without FROM is the union of the named graphs, as in the
  embedded store: ``oxigraph serve --union-default-graph``, Virtuoso by default, Fuseki's
  ``tdb2:unionDefaultGraph true``, GraphDB by default. :meth:`SparqlServerStore.verify` checks it.
* one update request is one transaction (true of all four), so ``DROP`` + ``INSERT`` in one
  request is an atomic swap.

How a process notices that the data changed (its caches are per :attr:`GraphStore.version`):
every write by crmkg also replaces, in the same request, one marker triple in a small graph
of its own (:attr:`kg.iri.Minter.meta_graph`), and the version reads that triple, a lookup the
size of the store does not matter to, at most every ``marker_interval`` seconds. Writes by other
tools leave the marker as it was; a background thread counts the graph sizes every
``full_check_interval`` seconds (never inside a request) and notices those too.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import threading
import time
import uuid
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from kg.iri import Minter
from kg.sparql import (
    QueryForm,
    ResultTooLarge,
    SparqlError,
    analyse,
    serialize_ask,
    serialize_graph,
    serialize_select,
)
from kg.store import (
    Dataset,
    GraphStore,
    GraphWrite,
    Limits,
    QueryResult,
    collect_garbage_update,
    ntriples,
    remove_graph_update,
)

if TYPE_CHECKING:
    from kg.settings import Settings

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: The marker triple: ``<meta graph> owl:versionInfo "token"`` in the meta graph, a new random
#: token on every write by crmkg.
VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
DEFAULT_META_GRAPH = Minter("https://w3id.org/crmkg/").meta_graph
#: The background count of graph sizes waits at least this many times as long as the last
#: count took, so that it costs the server at most about 2 % of a core.
FULL_CHECK_SPACING = 50
#: A server's JSON results are a few times larger than the most compact answer format, so the
#: download of a public query may be this many times ``Limits.max_bytes`` before it is refused.
TRANSFER_FACTOR = 4
_VALID_BNODE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
#: How servers say a query ran, or would run, out of time (Virtuoso: "SR171: Transaction timed
#: out", "The estimated execution time 114 (sec) exceeds the limit").
_TIMED_OUT = re.compile(
    r"timed out|timeout|took too long|interrupted|estimated execution time", re.IGNORECASE
)


class StoreUnavailable(ConnectionError):
    """The server cannot be reached or is not set up as the service needs (an OSError, so the
    CLI reports it like a store folder that cannot be opened)."""


class ServerAuth(httpx.Auth):
    """HTTP Basic, switching to Digest for good when the server refuses Basic.

    GraphDB and Fuseki take Basic; Virtuoso's authenticated endpoints (``/sparql-auth``,
    ``/sparql-graph-crud-auth``) only take Digest, and answer Basic with a bare 401 that carries
    no challenge, so any 401 without a Basic challenge is worth one Digest round.
    """

    requires_request_body = True  # a Digest retry resends the body

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._use_digest = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._use_digest:
            yield from self._digest.auth_flow(request)
            return
        response = yield next(self._basic.auth_flow(request))
        challenge = response.headers.get("www-authenticate", "").lower()
        if response.status_code != 401 or challenge.startswith("basic"):
            return
        del request.headers["authorization"]
        flow = self._digest.auth_flow(request)
        try:
            outgoing = next(flow)
            while True:
                response = yield outgoing
                outgoing = flow.send(response)
        except StopIteration:
            pass
        self._use_digest = response.status_code != 401


class SparqlServerStore(GraphStore):
    """A :class:`GraphStore` whose data lives on a SPARQL 1.1 server.

    ``timeout`` bounds every read (answered with a 503, as the embedded store's workers do);
    ``write_timeout`` bounds writes, which may carry a large document. ``batch_triples`` splits a
    large graph replacement into several INSERT statements inside the one update request:
    servers compile each statement as a whole, and some (Virtuoso) slow down sharply on huge ones.

    ``meta_graph`` holds the version marker (see the module's docstring): the version reads it at
    most every ``marker_interval`` seconds; the graph sizes are counted in a background thread
    every ``full_check_interval`` seconds or more (None: never), started by the first read of
    :attr:`version`.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        write_timeout: float = 300.0,
        batch_triples: int = 2000,
        meta_graph: str = DEFAULT_META_GRAPH,
        marker_interval: float = 1.0,
        full_check_interval: float | None = 300.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self.write_timeout = write_timeout
        self.batch_triples = max(1, batch_triples)
        self.meta_graph = meta_graph
        self.marker_interval = marker_interval
        self.full_check_interval = full_check_interval
        auth = ServerAuth(user, password or "") if user else None
        self._client = httpx.Client(
            auth=auth, timeout=httpx.Timeout(timeout), transport=transport, follow_redirects=True
        )
        self._writes = itertools.count(1)
        self._written = 0
        self._marker = ""
        self._marker_at = float("-inf")
        self._refreshing = threading.Lock()
        self._fingerprint = ""  # of the graph sizes, by the background check
        self._changes = 0  # changes the background check saw in the graph sizes
        self._checker: threading.Thread | None = None
        self._checker_lock = threading.Lock()
        self._closed = threading.Event()

    @classmethod
    def from_settings(cls, settings: Settings) -> SparqlServerStore:
        if settings.sparql_query_url is None:
            raise ValueError("CRMKG_SPARQL_QUERY_URL is not set")
        password = settings.sparql_password
        return cls(
            settings.sparql_query_url,
            settings.sparql_update_url,
            settings.sparql_gsp_url,
            user=settings.sparql_user,
            password=password.get_secret_value() if password is not None else None,
            timeout=settings.query_timeout,
            meta_graph=Minter(settings.base_iri).meta_graph,
        )

    def __repr__(self) -> str:
        return f"SparqlServerStore({self.query_url!r})"

    # --- reads ------------------------------------------------------------------------------

    def query(self, sparql: str, dataset: Dataset | None = None) -> QueryResult:
        form = self._read_form(sparql)
        if form.returns_graph:
            return _as_query_triples(self._fetch_triples(sparql, dataset, None))
        return self._fetch_results(sparql, dataset, form, None)

    def construct(self, sparql: str) -> list[ox.Triple]:
        if not self._read_form(sparql).returns_graph:
            raise SparqlError("Expected a CONSTRUCT or DESCRIBE query.")
        return self._fetch_triples(sparql, None, None)

    def answer(
        self,
        sparql: str,
        media_type: str,
        dataset: Dataset | None = None,
        limits: Limits | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> bytes:
        """The answer in the negotiated format, written by this service and not the server.

        The server's bytes are parsed and serialized again rather than passed through: the
        client gets the same formats, row and byte caps and error statuses as from the
        embedded store, whatever the server's quirks (Virtuoso answers ASK as a one-column
        table, labels blank nodes ``nodeID://...`` and truncates silently at its own row cap).
        """
        limits = limits or Limits()
        try:
            return self._serialized(sparql, media_type, dataset, limits, prefixes)
        except SparqlError as error:
            # Its traceback holds the frames holding the lazily parsed results, which pyoxigraph
            # cannot free on another thread (the endpoint re-raises this in the event loop's
            # thread, and they would leak): let it go without them.
            error.__cause__ = error.__context__ = None
            raise error.with_traceback(None) from None

    def _serialized(
        self,
        sparql: str,
        media_type: str,
        dataset: Dataset | None,
        limits: Limits,
        prefixes: dict[str, str] | None,
    ) -> bytes:
        form = self._read_form(sparql)
        cap = limits.max_bytes * TRANSFER_FACTOR
        if form.returns_graph:
            triples = self._fetch_triples(sparql, dataset, cap)
            return serialize_graph(
                triples,
                media_type,
                max_triples=limits.max_rows,
                max_bytes=limits.max_bytes,
                prefixes=prefixes,
            )
        result = self._fetch_results(sparql, dataset, form, cap)
        if isinstance(result, ox.QueryBoolean):
            return serialize_ask(bool(result), media_type)
        try:
            return serialize_select(
                result, media_type, max_rows=limits.max_rows, max_bytes=limits.max_bytes
            )
        except SyntaxError as error:  # the results are parsed lazily, while being serialized
            raise SparqlError(f"The SPARQL server sent unreadable results: {error}", 502) from None

    def graphs(self) -> list[str]:
        # Not ``GRAPH ?g {}``: Virtuoso answers it with nothing; not ``SELECT DISTINCT ?g``:
        # Virtuoso scans every quad for it (seconds on 20k triples), while GROUP BY uses its index.
        rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(
            g.value
            for r in rows
            if isinstance(g := r.get("g"), ox.NamedNode) and g.value != self.meta_graph
        )

    def graph_sizes(self) -> dict[str, int]:
        """As :meth:`GraphStore.graph_sizes`, without the meta graph (the version marker), so
        that the same data gives the same sizes as in the embedded store."""
        sizes = super().graph_sizes()
        sizes.pop(self.meta_graph, None)
        return sizes

    def _read_form(self, sparql: str) -> QueryForm:
        form = analyse(sparql).form
        if form is QueryForm.UPDATE:
            raise SparqlError("This is a SPARQL Update; it is not accepted as a query.")
        return form

    def _fetch_results(
        self, sparql: str, dataset: Dataset | None, form: QueryForm, cap: int | None
    ) -> ox.QuerySolutions | ox.QueryBoolean:
        body = self._post_query(sparql, dataset, RESULTS_JSON, cap)
        try:
            result = ox.parse_query_results(_fix_bnode_labels(body), ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise SparqlError(f"The SPARQL server sent unreadable results: {error}", 502) from error
        if form is QueryForm.ASK and isinstance(result, ox.QuerySolutions):
            return _boolean(_table_as_boolean(result))  # Virtuoso's ASK answer
        return result  # type: ignore[no-any-return]

    def _fetch_triples(
        self, sparql: str, dataset: Dataset | None, cap: int | None
    ) -> list[ox.Triple]:
        body = self._post_query(sparql, dataset, N_TRIPLES, cap)
        try:
            return [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError as error:
            raise SparqlError(f"The SPARQL server sent unreadable RDF: {error}", 502) from error

    def _post_query(
        self, sparql: str, dataset: Dataset | None, accept: str, cap: int | None
    ) -> bytes:
        form: dict[str, str | list[str]] = {"query": sparql}
        if dataset:
            form["default-graph-uri"] = list(dataset.default_graphs)
            form["named-graph-uri"] = list(dataset.named_graphs)
        response, body = self._send(
            "POST", self.query_url, self.timeout, cap, data=form, headers={"Accept": accept}
        )
        _check_complete(response)
        return body

    # --- writes -----------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        if self.update_url is None:
            raise SparqlError(
                "No SPARQL Update endpoint is configured (CRMKG_SPARQL_UPDATE_URL).", 503
            )
        token = uuid.uuid4().hex
        try:
            self._send(
                "POST",
                self.update_url,
                self.write_timeout,
                None,
                data={"update": f"{self._marker_update(token)} ;\n{sparql}"},
            )
            self._marker = token
        finally:
            self._written = next(self._writes)  # atomic under the GIL, unlike += 1

    def _marker_update(self, token: str) -> str:
        """The statements that replace the version marker: first in every update request (the
        text after them may end in a comment or a ``;``), each of which is one transaction."""
        graph = self.meta_graph
        return (
            f"DROP SILENT GRAPH <{graph}> ;\n"
            f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{VERSION_INFO}> "{token}" }} }}'
        )

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """One request: a Graph Store Protocol PUT when configured, else one SPARQL Update
        that drops the graph and inserts the new content in batches."""
        plain = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
        if not plain:
            self.remove_graph(graph)
            return
        if self.gsp_url is None:
            self.update(replace_graph_request(graph, plain, self.batch_triples))
            return
        with self._marker_put_after():
            self._put(graph, plain)

    def write(self, write: GraphWrite) -> None:
        """One SPARQL Update: the shared descriptions only the old content needed deleted, the
        graph swapped, the shared descriptions inserted, all in batches. Without an update
        endpoint (Graph Store Protocol only), a PUT of the graph and a POST of the shared
        descriptions: each atomic, the pair not, and nothing is ever collected (then the version
        marker is replaced by a third request)."""
        triples = _parsed(write.ntriples)
        shared = _parsed(write.shared_ntriples)
        if self.update_url is None and self.gsp_url is not None:
            with self._marker_put_after():
                self._put(write.graph, triples)
                if write.shared_graph and shared:
                    self._put(write.shared_graph, shared, method="POST")
            return
        self.update(
            replace_graph_request(
                write.graph, triples, self.batch_triples, write.shared_graph, shared
            )
        )

    def _put(self, graph: str, triples: list[ox.Triple], method: str = "PUT") -> None:
        assert self.gsp_url is not None
        try:
            self._send(
                method,
                self.gsp_url,
                self.write_timeout,
                None,
                params={"graph": graph},
                content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                headers={"Content-Type": N_TRIPLES},
            )
        finally:
            self._written = next(self._writes)  # atomic under the GIL, unlike += 1

    @contextlib.contextmanager
    def _marker_put_after(self) -> Iterator[None]:
        """Graph Store Protocol writes, then the version marker replaced by a PUT of its own
        (also when they failed: they may have changed something; the marker's own failure
        then does not hide theirs)."""
        try:
            yield
        except BaseException:
            with contextlib.suppress(SparqlError):
                self._put_marker()
            raise
        self._put_marker()

    def _put_marker(self) -> None:
        token = uuid.uuid4().hex
        marker = ox.Triple(
            ox.NamedNode(self.meta_graph), ox.NamedNode(VERSION_INFO), ox.Literal(token)
        )
        self._put(self.meta_graph, [marker])
        self._marker = token

    def remove_graph(self, graph: str, shared_graph: str | None = None) -> None:
        if self.gsp_url is None or (shared_graph and self.update_url is not None):
            self.update(remove_graph_update(graph, shared_graph))
            return
        with self._marker_put_after():
            try:
                self._send(
                    "DELETE",
                    self.gsp_url,
                    self.write_timeout,
                    None,
                    params={"graph": graph},
                    missing_ok=True,
                )
            finally:
                self._written = next(self._writes)  # atomic under the GIL, unlike += 1

    # --- version and health -------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Changes with every write by this client (at once), by any crmkg process (the marker,
        read at most every ``marker_interval`` seconds: one triple, whatever the store's size)
        and by other tools (the graph sizes, counted in the background every
        ``full_check_interval`` seconds or more)."""
        now = time.monotonic()
        if now - self._marker_at >= self.marker_interval and self._refreshing.acquire(
            blocking=False
        ):
            try:
                self._marker = self._read_marker()
            except SparqlError:
                pass  # keep the last marker: an unreachable server changed nothing we know
            finally:
                self._marker_at = time.monotonic()
                self._refreshing.release()
        self._start_full_checks()
        key = f"{self._written}\n{self._marker}\n{self._changes}".encode()
        return int(hashlib.sha256(key).hexdigest()[:15], 16)

    def _read_marker(self) -> str:
        graph = self.meta_graph
        rows = self.select(
            f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{graph}> <{VERSION_INFO}> ?v }} }}"
        )
        return min((str(row.get("v")) for row in rows), default="")

    def _start_full_checks(self) -> None:
        if self.full_check_interval is None or self._checker is not None:
            return
        with self._checker_lock:
            if self._checker is None and not self._closed.is_set():
                self._checker = threading.Thread(
                    target=self._check_periodically, name="crmkg-store-check", daemon=True
                )
                self._checker.start()

    def _check_periodically(self) -> None:
        """Count the graph sizes now (the reference) and then every ``full_check_interval``
        seconds, or :data:`FULL_CHECK_SPACING` times as long as the last count took; a change
        not made by crmkg (which replaces the marker) shows only here."""
        assert self.full_check_interval is not None
        while not self._closed.is_set():
            started = time.monotonic()
            try:
                rows = self.select(GRAPH_SIZES)
            except Exception:  # a server down, or this store closed meanwhile
                rows = None
            took = time.monotonic() - started
            if rows is not None:
                sizes = sorted((str(r.get("g")), str(r.get("n"))) for r in rows)
                fingerprint = hashlib.sha256(repr(sizes).encode()).hexdigest()
                if self._fingerprint and fingerprint != self._fingerprint:
                    self._changes += 1
                self._fingerprint = fingerprint
            self._closed.wait(max(self.full_check_interval, FULL_CHECK_SPACING * took))

    def verify(self) -> None:
        """Fail early, with the reason, when the server is down or its default graph is not
        the union of the named graphs (the CQ queries would silently find nothing)."""
        try:
            self.ask("ASK {}")
            rows = self.select(
                "SELECT ?s ?p WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s)) } } LIMIT 1"
            )
        except SparqlError as error:
            raise StoreUnavailable(error.message) from error
        if rows and not self.ask(f"ASK {{ {rows[0]['s']} {rows[0]['p']} ?o }}"):
            raise StoreUnavailable(
                f"SPARQL server {self.query_url}: its default graph is not the union of the "
                "named graphs (start Oxigraph with --union-default-graph; Fuseki needs "
                "tdb2:unionDefaultGraph true); see docs/deployment.md"
            )

    def close(self) -> None:
        self._closed.set()
        self._client.close()

    # --- HTTP ---------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        timeout: float,
        cap: int | None,
        missing_ok: bool = False,
        **request: Any,
    ) -> tuple[httpx.Response, bytes]:
        """One request, its body read within ``timeout`` seconds in all and ``cap`` bytes."""
        deadline = time.monotonic() + timeout
        try:
            with self._client.stream(
                method, url, timeout=httpx.Timeout(timeout), **request
            ) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if cap is not None and size > cap:
                        raise ResultTooLarge(f"The answer is larger than the limit of {cap} bytes.")
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline", request=response.request)
                    chunks.append(chunk)
                body = b"".join(chunks)
        except httpx.TimeoutException as error:
            raise SparqlError(
                f"The SPARQL server did not answer within {timeout:g} s.", 503
            ) from error
        except httpx.TransportError as error:
            raise SparqlError(
                f"The SPARQL server at {url} cannot be reached: {error}", 503
            ) from error
        if response.status_code == 404 and missing_ok:
            return response, body
        if response.status_code >= 400:
            raise _server_error(response.status_code, body)
        return response, body


def _server_error(status: int, body: bytes) -> SparqlError:
    """The server's refusal, with its own words: 400 stays the client's fault, the rest is ours."""
    text = body.decode("utf-8", errors="replace").strip()
    text = re.sub(r"<[^>]+>", " ", text) if text.startswith("<") else text
    message = " ".join(text.split())[:500] or "no reason given"
    if status == 400:
        return SparqlError(f"The SPARQL server refused the request: {message}", 400)
    if status in (401, 403):
        return SparqlError(
            f"The SPARQL server refused access ({status}); check CRMKG_SPARQL_USER, "
            f"CRMKG_SPARQL_PASSWORD and that user's rights on the server: {message}",
            502,
        )
    if status in (503, 504) or _TIMED_OUT.search(message):
        return SparqlError(f"The SPARQL server stopped the query at its time limit: {message}", 503)
    return SparqlError(f"The SPARQL server failed ({status}): {message}", 502)


def _check_complete(response: httpx.Response) -> None:
    """Refuse the partial answers some servers send with a 200."""
    if "x-sparql-maxrows" in response.headers:  # Virtuoso: cut at ResultSetMaxRows
        raise ResultTooLarge(
            "The SPARQL server cut the answer at its own row limit "
            f"({response.headers['x-sparql-maxrows']}); narrow the query down."
        )
    if response.headers.get("x-sql-state"):  # Virtuoso: an "anytime" query ran out of time
        raise SparqlError("The SPARQL server stopped the query early (time limit).", 503)


# --- building update requests -------------------------------------------------------------------


def replace_graph_request(
    graph: str,
    triples: Sequence[ox.Triple],
    batch_triples: int,
    shared_graph: str | None = None,
    shared: Sequence[ox.Triple] = (),
) -> str:
    """``DROP SILENT GRAPH`` and the new content as INSERT statements of at most
    ``batch_triples`` triples, all in one request (one transaction). With ``shared_graph``,
    first the descriptions there that only the old content referred to are deleted, and last
    the ``shared`` triples are inserted there (see :func:`kg.store.write_update`).

    Triples linked through blank nodes stay in one statement, since a blank node label means a
    new node in each statement; those statements are ``INSERT {...} WHERE {}`` because Virtuoso
    refuses blank nodes in INSERT DATA.
    """
    statements = [collect_garbage_update(graph, shared_graph)] if shared_graph else []
    statements.append(f"DROP SILENT GRAPH <{graph}>")
    statements += _inserts(graph, triples, batch_triples)
    if shared_graph:
        statements += _inserts(shared_graph, shared, batch_triples)
    return " ;\n".join(statements)


def _inserts(graph: str, triples: Sequence[ox.Triple], batch_triples: int) -> list[str]:
    statements = []
    for batch, has_bnodes in batches(triples, batch_triples):
        body = ntriples(batch)
        if has_bnodes:
            statements.append(f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}")
        else:
            statements.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
    return statements


def _parsed(text: str) -> list[ox.Triple]:
    if not text:
        return []
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    ]


def batches(triples: Sequence[ox.Triple], size: int) -> list[tuple[list[ox.Triple], bool]]:
    """Triples in groups of about ``size``; each group says whether it holds blank nodes. The
    triples that share blank nodes (directly or through others) are never split up."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    plain: list[ox.Triple] = []
    linked: list[tuple[ox.Triple, str]] = []
    for triple in triples:
        labels = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if not labels:
            plain.append(triple)
            continue
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
        linked.append((triple, labels[0]))
    groups: dict[str, list[ox.Triple]] = {}
    for triple, label in linked:
        groups.setdefault(root(label), []).append(triple)
    out = [(plain[i : i + size], False) for i in range(0, len(plain), size)]
    current: list[ox.Triple] = []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            out.append((current, True))
            current = []
        current += group
    if current:
        out.append((current, True))
    return out


# --- results ------------------------------------------------------------------------------------


def _fix_bnode_labels(body: bytes) -> bytes:
    """Results whose blank node labels pyoxigraph refuses (Virtuoso's ``nodeID://b1``), with
    the labels made valid. Only results that contain blank nodes pay for the rewrite."""
    if b'"bnode"' not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode" and not _VALID_BNODE.fullmatch(term["value"]):
                term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"]).lstrip("_") or "b"
    return json.dumps(data).encode()


def _table_as_boolean(solutions: ox.QuerySolutions) -> bool:
    """Virtuoso's ASK answer: one row with 1 for true, no row (or 0) for false."""
    for row in solutions:
        for term in row:
            if term is not None and getattr(term, "value", "") not in ("0", "false"):
                return True
    return False


def _boolean(value: bool) -> ox.QueryBoolean:
    text = b'{"head":{},"boolean":true}' if value else b'{"head":{},"boolean":false}'
    result = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QueryBoolean)
    return result


def _as_query_triples(triples: list[ox.Triple]) -> ox.QueryTriples:
    """Triples as the ``QueryTriples`` the embedded store returns for CONSTRUCT, so callers of
    :meth:`GraphStore.query` cannot tell the stores apart."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result
