"""Running untrusted SPARQL queries: policy checks, limits, and evaluation off the event loop.

The SPARQL endpoint and the CLI both go through :class:`QueryService`, so the rules (no updates,
no SERVICE to hosts off the allow-list, length, row and byte caps) hold everywhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool

from kg.iri import PREFIXES
from kg.query_workers import QueryWorkers
from kg.settings import Settings
from kg.sparql import (
    MAX_NESTING,
    QueryForm,
    QueryInfo,
    SparqlError,
    analyse,
    negotiate,
    nesting_depth,
)
from kg.store import Dataset, GraphStore, Limits, OxigraphStore


class QueryService:
    """Checks and runs public queries: in worker processes with a time limit on the embedded
    store (see :mod:`kg.query_workers`); on an external server, which enforces its own."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.limits = Limits(
            max_rows=settings.max_result_rows, max_bytes=settings.max_response_bytes
        )
        self.workers: QueryWorkers | None = None
        if isinstance(store, OxigraphStore):
            self.workers = QueryWorkers(store, settings.query_workers, settings.query_timeout)

    async def start(self) -> None:
        if self.workers is not None:
            await self.workers.start()

    async def stop(self) -> None:
        if self.workers is not None:
            await self.workers.stop()

    def check(self, query: str) -> QueryInfo:
        """Refuse what the public endpoint must not run, with the reason."""
        if len(query) > self.settings.max_query_length:
            raise SparqlError(
                f"The query is {len(query)} characters long; the limit is "
                f"{self.settings.max_query_length}.",
                status=413,
            )
        if not query.strip():
            raise SparqlError("The query is empty.")
        if nesting_depth(query) > MAX_NESTING:
            raise SparqlError(f"The query nests groups more than {MAX_NESTING} levels deep.")
        info = analyse(query)
        if info.form is QueryForm.UPDATE:
            raise SparqlError(
                "SPARQL Update is not accepted here: this endpoint is read-only. "
                "Updates go to /sparql/update with a bearer token.",
                status=403,
            )
        if info.uses_service:
            self._check_service(info)
        return info

    def _check_service(self, info: QueryInfo) -> None:
        allowed = {host.lower() for host in self.settings.service_allowlist}
        if not allowed:
            raise SparqlError(
                "SERVICE (federated query) is disabled on this endpoint; an administrator can "
                "enable it for named hosts with CRMKG_SERVICE_ALLOWLIST.",
                status=403,
            )
        services = info.service_iris
        if not services:
            raise SparqlError("SERVICE needs a literal endpoint IRI here, not a variable.", 403)
        for iri in services:
            host = (urlsplit(iri).hostname or "").lower()
            if host not in allowed:
                raise SparqlError(f"SERVICE to {host or iri!r} is not on the allow-list.", 403)

    async def answer(
        self, query: str, accept: str | None, dataset: Dataset | None = None
    ) -> tuple[bytes, str]:
        """The serialized answer and its media type."""
        info = self.check(query)
        media_type = negotiate(accept, info.form)
        if self.workers is not None:
            body = await self.workers.answer(query, media_type, dataset, self.limits, PREFIXES)
        else:
            body = await run_in_threadpool(
                self.store.answer, query, media_type, dataset, self.limits, PREFIXES
            )
        return body, media_type
