"""The peer: rdflib's in-memory evaluation of the same queries, then ``rdflib-endpoint`` over it.

``python -m benchmarks.rdflib_peer --dump FILE --queries FILE --out FILE --port N --cap S``:

1. loads the N-Quads dump into ``rdflib.Dataset(default_union=True)`` (rdflib's Memory store,
   the default graph the union of the named graphs, as our endpoint and pyoxigraph's
   ``use_default_graph_as_union`` evaluate it);
2. runs each query in-process (``Dataset.query`` then JSON serialization), each run cut off
   after ``--cap`` seconds by SIGALRM (rdflib is pure Python, so the signal interrupts it);
   writes the figures to ``--out``;
3. serves the same Dataset with ``rdflib-endpoint`` (FastAPI + rdflib) on 127.0.0.1:``--port``
   under uvicorn, for :mod:`benchmarks.run` to query over HTTP, until it is terminated.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks.timing import summary


class Cutoff(BaseException):  # not an Exception, so rdflib's handlers let it pass
    """The run took longer than the cap."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Cutoff


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load_dataset(dump: Path) -> Any:
    """The dump in an rdflib Dataset (Memory store, default graph = union of the graphs).

    Parsed by pyoxigraph (faster than rdflib's N-Quads parser) into the terms rdflib's own parser
    makes: a plain string is ``Literal(value)`` without datatype, or rdflib would not match it
    against the plain literals of the queries (oxrdflib's parser gets this wrong)."""
    import pyoxigraph as ox
    from rdflib import BNode, Dataset, Literal, URIRef

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == XSD_STRING:
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))

    dataset = Dataset(default_union=True)
    graphs: dict[str, Any] = {}

    def quads() -> Any:
        for quad in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name.value
            graph = graphs.get(name)
            if graph is None:
                graph = graphs[name] = dataset.graph(URIRef(name))
            yield term(quad.subject), term(quad.predicate), term(quad.object), graph

    dataset.addN(quads())
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cap", type=float, default=20.0)
    parser.add_argument("--max-runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=3.0)
    args = parser.parse_args()

    mix: dict[str, str] = json.loads(args.queries.read_text("utf-8"))
    result: dict[str, Any] = {}
    started = time.perf_counter()
    dataset = load_dataset(args.dump)
    result["parser"] = "pyoxigraph parse, rdflib terms (plain literals as rdflib's own parser)"
    result["load_seconds"] = time.perf_counter() - started
    result["quads"] = len(dataset)
    result["rss_after_load_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    signal.signal(signal.SIGALRM, _alarm)
    queries: dict[str, Any] = {}
    for name, query in mix.items():
        samples: list[float] = []
        rows = None
        spent = time.perf_counter()
        timed_out = False
        while len(samples) < args.max_runs:
            t = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, args.cap)
            try:
                answer = dataset.query(query)
                body = answer.serialize(format="json")
                assert body is not None
                rows = len(json.loads(body)["results"]["bindings"])
            except Cutoff:
                timed_out = True
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            samples.append(time.perf_counter() - t)
            if time.perf_counter() - spent > args.budget:
                break
        queries[name] = (
            {"timeout": args.cap, "runs": 0}
            if timed_out and not samples
            else summary(samples) | {"rows": rows}
        )
        sys.stderr.write(f"rdflib {name}: {queries[name]}\n")
    result["queries"] = queries
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    args.out.write_text(json.dumps(result), "utf-8")

    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=True)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
