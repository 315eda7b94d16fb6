"""The FastAPI application: one store opened at start-up, routers per resource."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.caching import ConditionalGet
from api.deps import ServiceState
from api.errors import install_error_handlers
from api.routers import admin, analytics, documents, entities, linked_data, sparql, web
from kg import __version__
from kg.iri import Minter
from kg.query_service import QueryService
from kg.resolve import entity_index
from kg.settings import Settings, get_settings
from kg.store import GraphStore, open_store


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The service over ``store`` (opened from the settings when not given)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        graph_store = store if store is not None else open_store(settings)
        queries = QueryService(graph_store, settings)
        await queries.start()  # the query workers' snapshot is taken in the background
        minter = Minter(settings.base_iri)
        app.state.service = ServiceState(
            settings=settings, store=graph_store, minter=minter, queries=queries
        )
        # The search index is built in the background too, so the first search does not wait
        # for all of it (requests that come earlier wait for this one build, not their own).
        warming = asyncio.create_task(asyncio.to_thread(entity_index, graph_store, minter))
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                await warming
            await queries.stop()
            if owned:
                graph_store.close()

    app = FastAPI(
        title="crmkg: critical raw materials knowledge graph",
        version=__version__,
        description="SPARQL endpoint and REST API over a knowledge graph of critical raw "
        "materials built from Dutch and English policy documents, with evidence for every fact.",
        lifespan=lifespan,
        docs_url=None,  # served below from local assets: no CDN
    )
    # ETag/304 and the answer cache on the read-only REST and linked data; inside CORS, so a
    # cached answer gets the CORS headers its request asks for.
    app.add_middleware(ConditionalGet, max_bytes=settings.response_cache_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["Content-Type", "ETag"],
    )
    install_error_handlers(app)
    app.include_router(sparql.router)
    app.include_router(admin.router)
    app.include_router(entities.router)
    app.include_router(documents.router)
    app.include_router(analytics.router)
    app.include_router(linked_data.router)
    app.include_router(web.router)

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        """The OpenAPI explorer, with Swagger UI from npm served by this service."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title}: API",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/app/favicon.svg",
        )

    # the web page: /, /app/*, /vendor/*, /api/queries, /api/editor
    return app
