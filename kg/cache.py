"""Values derived from the whole graph (the search index, the network, centralities), kept
until the store changes.

Building them reads the whole graph, which is far too slow to do per request, and a write must
never leave a stale one in use. ``GraphStore.version`` changes on every write, so each value is
kept with the version it was built from and rebuilt on the first use after a write.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from kg.iri import Minter
from kg.store import GraphStore

T = TypeVar("T")


class PerVersion(Generic[T]):
    """``build(store, minter)``, remembered per store and base IRI until the store's version
    moves on. Concurrent callers wait for one build instead of each starting their own."""

    def __init__(self, build: Callable[[GraphStore, Minter], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._values: weakref.WeakKeyDictionary[GraphStore, dict[str, tuple[int, T]]] = (
            weakref.WeakKeyDictionary()
        )

    def __call__(self, store: GraphStore, minter: Minter) -> T:
        with self._lock:
            kept = self._values.setdefault(store, {})
            version = store.version
            current = kept.get(minter.base)
            if current is None or current[0] != version:
                current = (version, self._build(store, minter))
                kept[minter.base] = current
            return current[1]
