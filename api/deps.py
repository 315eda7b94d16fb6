"""Shared state for the routers: the settings, the store, the IRI minter."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kg.iri import Minter
from kg.query_service import QueryService
from kg.settings import Settings
from kg.store import GraphStore


@dataclass
class ServiceState:
    settings: Settings
    store: GraphStore
    minter: Minter
    queries: QueryService


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state
