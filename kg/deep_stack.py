"""Running the SPARQL engine where a deep query cannot overflow the stack.

pyoxigraph parses and evaluates recursively, once per chained operator or nested pattern. Within
the query-length cap, ``!`` x 20,000 or thousands of ``UNION`` blocks overflow a default 8 MiB
thread stack, and a stack overflow is not an exception: it kills the process (the server, or the
``crmkg`` command). Every place that hands text to the engine in a long-lived process therefore
runs it on a thread with a deep stack. The memory is address space, touched only as deep as a
query really goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

#: Enough for every construct tested up to the 100,000-character query cap.
STACK_BYTES = 512 * 1024 * 1024

T = TypeVar("T")

_stack_size_lock = threading.Lock()


def start_deep_thread(target: Callable[[], object], name: str) -> threading.Thread:
    """Start ``target`` on a new thread with a stack of ``STACK_BYTES``.

    ``threading.stack_size`` is process-wide; the lock keeps two callers from resetting it under
    each other, and the previous size is restored so other threads keep the default.
    """
    with _stack_size_lock:
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


def call_with_deep_stack(function: Callable[[], T]) -> T:
    """``function()`` evaluated on a deep-stack thread; its result returned, its error raised."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(function())
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    start_deep_thread(run, "crmkg-deep-stack").join()
    if failure:
        raise failure[0]
    return outcome[0]
