"""The results of :mod:`benchmarks.run` as Markdown tables, with the goals met or missed."""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

NEAR_LINEAR = 1.8  # speed-up on 2 cores that counts as near-linear (90 % efficiency)


def ms(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds >= 10:
        return f"{seconds:,.1f} s"
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


def num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def x(value: float | None, bound: bool = False) -> str:
    if value is None or math.isnan(value):
        return "–"
    text = f"{value:,.2f}x" if value < 10 else f"{value:,.0f}x"
    return f"≥ {text}" if bound else text


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} MB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def p50(figure: dict[str, Any] | None) -> float | None:
    if not figure or not figure.get("runs"):
        return None
    value: float = figure["p50"]
    return value


def cell(figure: dict[str, Any] | None, p99: bool = True) -> str:
    """p50 / p99, or why there is no figure."""
    if figure is None:
        return "not run"
    if figure.get("runs"):
        return f"{ms(figure['p50'])} / {ms(figure['p99'])}" if p99 else ms(figure["p50"])
    if figure.get("timeout"):
        return f"> {ms(figure['timeout'])} (cut off)"
    if figure.get("status"):
        return f"refused ({figure['status']}: {detail(figure.get('error'))[:40]})"
    return str(figure.get("skipped", "–"))


def rdflib_seconds(figure: dict[str, Any] | None) -> tuple[float | None, bool]:
    """rdflib's p50, or the cap as a lower bound when it was cut off."""
    if not figure:
        return None, False
    if figure.get("runs"):
        return float(figure["p50"]), False
    if figure.get("timeout"):
        return float(figure["timeout"]), True
    return None, False


EXTERNAL = {"oxigraph": "Oxigraph server", "virtuoso": "Virtuoso"}


def external_columns(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(server key, column key, header) of each external column that has figures."""
    out = []
    for key, label in EXTERNAL.items():
        server = r.get("external", {}).get(key, {})
        if server.get("ours"):
            out.append((key, "ours", f"ours over HTTP on {label}"))
        if server.get("direct"):
            out.append((key, "direct", f"{label} direct"))
    return out


def flagged(figure: dict[str, Any] | None, rows: int | None) -> str:
    """The cell, with the row count when it differs from the embedded store's."""
    text = cell(figure)
    if figure and figure.get("runs") and rows is not None and figure.get("rows") != rows:
        text += f" ⚠ {num(figure.get('rows'))} rows"
    if figure and figure.get("truncated"):
        text += " (answer cut short)"
    return text


def detail(error: str | None) -> str:
    """An error answer in a few words: the detail of a problem+json, spaces collapsed."""
    text = error or ""
    if text.startswith("{"):
        with contextlib.suppress(ValueError, AttributeError):  # cut at 300 characters
            text = str(json.loads(text).get("detail", text))
        if text.startswith("{") and '"detail":"' in text:
            text = text.split('"detail":"', 1)[1]
    return " ".join(text.split())


def why(figure: dict[str, Any]) -> str:
    """Why a query has no figure, in the server's own words."""
    if not figure.get("error"):
        return cell(figure) + (" (answer cut short)" if figure.get("truncated") else "")
    return f"{figure.get('status')}: {detail(figure['error'])[:160]}"


def external_report(r: dict[str, Any]) -> str:
    """The external servers: ingestion against the embedded store, loads, the mix, notes."""
    ext = r.get("external", {})
    base = ext.get("embedded_serial") or r.get("ingestion", {}).get("serial_sample")
    rows = []
    if base:
        rows.append(
            [
                "embedded store (pyoxigraph on disk)",
                "–",
                num(base["docs"]),
                ms(base["seconds"]),
                num(base["words_per_s"]),
                num(base["docs_per_s"], 2),
                "100.0%",
                str(base.get("_phase", {}).get("load_before", "")),
            ]
        )
    for key, label in EXTERNAL.items():
        server = ext.get(key, {})
        for field, how in (
            ("ingestion", "SPARQL Update"),
            ("ingestion_gsp", "Graph Store Protocol only"),
        ):
            f = server.get(field)
            if not f:
                continue
            rows.append(
                [
                    label,
                    how,
                    num(f["docs"]) + (f" ({f['failures']} failed)" if f.get("failures") else ""),
                    ms(f["seconds"]),
                    num(f["words_per_s"]),
                    num(f["docs_per_s"], 2),
                    f"{f['docs_per_s'] / base['docs_per_s']:.1%}" if base else "–",
                    str(f.get("_phase", {}).get("load_before", "")),
                ]
            )
    parts = [
        "### External SPARQL servers\n\nIngestion of the same sample, `kg.ingest.ingest_paths` "
        "on one core into a new store (the server started empty, vocabularies loaded before "
        "the clock starts):\n\n"
        + table(
            [
                "store",
                "writes",
                "docs",
                "time",
                "words/s",
                "docs/s",
                "of embedded",
                "load avg before",
            ],
            rows,
        )
    ]
    inproc = r.get("sparql_inprocess", {})
    floor = inproc.get("floor", {})
    ours_http = r.get("server", {}).get("sparql_http", {})
    names = [
        n for n in floor if p50(ours_http.get(n)) is not None and p50(floor.get(n)) is not None
    ]
    srows, notes = [], []
    for key, label in EXTERNAL.items():
        server = ext.get(key, {})
        if server.get("skipped"):
            notes.append(f"{label}: not run ({server['skipped']}).")
            continue
        if not server:
            continue
        if server.get("error"):
            notes.append(f"{label}: **failed**: {server['error'][:600]}")
        load_ = server.get("load", {})
        sums = {}
        for column in ("direct", "ours"):
            figures = server.get(column, {})
            both = [n for n in names if p50(figures.get(n)) is not None]
            sums[column] = (sum(figures[n]["p50"] for n in both), len(both))
        d_sum, d_n = sums["direct"]
        o_sum, o_n = sums["ours"]
        common = [
            n
            for n in names
            if p50(server.get("direct", {}).get(n)) and p50(server.get("ours", {}).get(n))
        ]
        ratio = (
            sum(server["ours"][n]["p50"] for n in common)
            / sum(server["direct"][n]["p50"] for n in common)
            if common
            else None
        )
        embedded = sum(ours_http[n]["p50"] for n in common) if common else None
        srows.append(
            [
                label,
                f"{ms(load_.get('seconds'))} ({num(load_.get('quads'))} quads)" if load_ else "–",
                f"{mb(server.get('rss_server', {}).get('total_mb'))}",
                f"{ms(d_sum)} ({d_n} of {len(names)})" if d_n else "–",
                f"{ms(o_sum)} ({o_n} of {len(names)})" if o_n else "–",
                x(ratio),
                x(sum(server["ours"][n]["p50"] for n in common) / embedded) if embedded else "–",
            ]
        )
        if load_.get("errors"):
            notes.append(f"{label}: the bulk loader reported errors: {load_['errors'][:300]}")
        if load_ and load_.get("quads") != inproc.get("quads"):
            notes.append(
                f"{label} holds {num(load_.get('quads'))} quads in the crmkg graphs after the "
                f"load, the embedded store {num(inproc.get('quads'))}."
            )
        for column, what in (("direct", f"{label} direct"), ("ours", f"ours on {label}")):
            differ, failed = [], []
            for n, f in server.get(column, {}).items():
                rows_ = floor.get(n, {}).get("rows")
                if f.get("runs") and rows_ is not None and f.get("rows") != rows_:
                    differ.append(f"{n} {num(f['rows'])} vs {num(rows_)}")
                elif not f.get("runs") and not f.get("skipped"):
                    failed.append(f"{n}: {why(f)}")
            if differ:
                notes.append(
                    f"**Rows differ** from the embedded store, {what}: " + "; ".join(differ) + "."
                )
            if failed:
                notes.append(f"No figure, {what}: " + "; ".join(failed) + ".")
        for column in ("direct", "ours"):
            if server.get(column) and server.get("ours_first_sparql") and column == "ours":
                first = server["ours_first_sparql"]
                notes.append(
                    f"crmkg serve on {label}: listening after {ms(server.get('ours_ready_seconds'))}, "
                    f"first SPARQL answer (status {first['status']}) {ms(first['seconds'])}, "
                    f"resident {mb(server.get('rss_ours', {}).get('total_mb'))}; "
                    f"embedded store opened: {server.get('embedded_store_opened')}; the graph "
                    "sizes (which it counts in a background thread every 5 min or more, "
                    "never in a request, to notice writes by other tools; crmkg's own writes "
                    "replace a version marker it reads instead) took "
                    f"{ms(server.get('graph_sizes_seconds'))} on this server."
                )
                before, after = server.get("quads_before_ours"), server.get("quads_after_ours")
                if before != after:
                    notes.append(
                        f"crmkg serve changed the graph on {label} at start-up ({num(before)} → "
                        f"{num(after)} quads in the crmkg graphs): it reloads the vocabularies "
                        "when the ontology files changed since the store was built."
                    )
    if srows:
        parts.append(
            "The query mix (sum of p50 over the queries of the mix row of the SPARQL table that "
            "each column answered; the ratios over the queries both answered):\n\n"
            + table(
                [
                    "server",
                    "bulk load of the dump",
                    "server resident after load",
                    "server direct",
                    "ours over HTTP on it",
                    "ours on it / direct",
                    "ours on it / ours embedded (HTTP)",
                ],
                srows,
            )
        )
    parts.append(
        f"Sampling on the external servers: each query until {ext.get('budget')} s are spent or "
        f"{ext.get('max_runs')} runs are done (at least 3 when fast; a query whose run takes over "
        f"{ext.get('slow')} s runs once, with no warm-up run); the ingestion sample is the "
        f"{num(ext.get('sample_docs'))} documents of the embedded rows. Time limit "
        f"{ext.get('cap')} s as elsewhere (`CRMKG_QUERY_TIMEOUT`; Oxigraph `--timeout-s` 5 s "
        "above it; Virtuoso `MaxQueryExecutionTime`); a query the floor cut off is not sent. "
        f"The phase took {ms(ext.get('wall_seconds'))} in all."
    )
    if notes:
        parts.append("\n".join(f"- {n}" for n in notes))
    return "\n\n".join(parts)


def sparql_totals(r: dict[str, Any]) -> dict[str, Any]:
    inproc = r.get("sparql_inprocess", {})
    floor = inproc.get("floor", {})
    http = r.get("server", {}).get("sparql_http", {})
    peer = r.get("rdflib", {}).get("queries", {})
    names = [n for n in floor if p50(http.get(n)) is not None and p50(floor.get(n)) is not None]
    out: dict[str, Any] = {"queries": len(names)}
    if not names:
        return out
    out["floor"] = sum(floor[n]["p50"] for n in names)
    out["disk"] = sum(p50(inproc.get("disk", {}).get(n)) or math.nan for n in names)
    out["ours"] = sum(p50(inproc.get("ours", {}).get(n)) or math.nan for n in names)
    out["http"] = sum(http[n]["p50"] for n in names)
    repeated = [http[n].get("repeated_p50") for n in names]
    if all(v is not None for v in repeated):
        out["repeated"] = sum(v for v in repeated if v is not None)
    ratios = [http[n]["p50"] / floor[n]["p50"] for n in names]
    out["geomean_http_over_floor"] = math.exp(sum(math.log(v) for v in ratios) / len(ratios))
    if peer:
        total, bounded, per_query = 0.0, False, []
        for n in names:
            seconds, capped = rdflib_seconds(peer.get(n))
            if seconds is None:
                continue
            total += seconds
            bounded |= capped
            per_query.append((seconds / http[n]["p50"], capped, n))
        out["rdflib"] = total
        out["rdflib_bounded"] = bounded
        out["rdflib_per_query"] = per_query
    return out


def goals(r: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    t = sparql_totals(r)
    if "http" in t:
        ratio = t["http"] / t["floor"]
        rows.append(
            [
                "SPARQL over HTTP within 1.5x of direct pyoxigraph (the mix, sum of p50)",
                f"{x(ratio)} (geometric mean per query {x(t['geomean_http_over_floor'])})",
                "met" if ratio <= 1.5 else "missed",
            ]
        )
    if "rdflib" in t:
        ratio = t["rdflib"] / t["http"]
        slow = [q for q in t["rdflib_per_query"] if q[0] < 20 and not q[1]]
        worst = min(t["rdflib_per_query"])
        rows.append(
            [
                ">= 20x faster than rdflib in memory (the mix, sum of p50)",
                f"{x(ratio, t['rdflib_bounded'])}; per query from {x(worst[0], worst[1])} "
                f"({worst[2]}); {len(slow)} of {len(t['rdflib_per_query'])} queries under 20x",
                "met" if ratio >= 20 else "missed",
            ]
        )
    ingestion = r.get("ingestion", {})
    serial, tokens = ingestion.get("serial_sample"), ingestion.get("tokenizer_sample")
    if serial and tokens:
        share = serial["words_per_s"] / tokens["words_per_s"]
        rows.append(
            [
                "Ingestion >= 30% of the bare tokenizer's words/s, one core",
                f"{share:.1%} ({num(serial['words_per_s'])} vs {num(tokens['words_per_s'])} words/s)",
                "met" if share >= 0.3 else "missed",
            ]
        )
    pool = ingestion.get("pool_sample")
    if serial and pool:
        speedup = pool["docs_per_s"] / serial["docs_per_s"]
        rows.append(
            [
                f"Ingestion near-linear on {pool['processes']} cores (>= {NEAR_LINEAR}x)",
                f"{x(speedup)} ({num(pool['docs_per_s'], 2)} vs {num(serial['docs_per_s'], 2)} docs/s)",
                "met" if speedup >= NEAR_LINEAR else "missed",
            ]
        )
    constant = r.get("constant", {}).get("constant")
    loads = r.get("server", {}).get("load", {})
    if constant:
        for name, figure in loads.items():
            if name.startswith("sparql"):
                continue
            share = figure["rps"] / constant["rps"] if constant["rps"] else 0
            ok = share >= 0.5 and figure["errors"] == 0
            rows.append(
                [
                    f"REST {name} >= 50% of the constant endpoint's requests/s, 0 errors",
                    f"{share:.1%} ({num(figure['rps'])} vs {num(constant['rps'])} req/s), "
                    f"{figure['errors']} errors",
                    "met" if ok else "missed",
                ]
            )
    return rows


def stages_table(stages: dict[str, Any], serial: dict[str, Any] | None) -> str:
    """The one-core pipeline step by step, each step as a multiple of the bare tokenizer."""
    seconds: dict[str, float] = stages["seconds"]
    base = seconds.get("bare tokenizer")
    rows = [
        [
            step,
            ms(spent),
            num(stages["words"] / spent),
            f"{spent / base:.2f}x" if base else "–",
            f"{spent / serial['seconds']:.0%}" if serial else "–",
        ]
        for step, spent in seconds.items()
    ]
    return (
        f"### Where the one-core time goes ({num(stages['docs'])} documents, "
        f"{num(stages['words'])} words, {num(stages['quads'])} quads)\n\n"
        "Each step alone over the same files (`benchmarks.ingestion stages`); the extraction "
        "includes the spaCy pipeline; the last column is against the one-core run above.\n\n"
        + table(["step", "time", "words/s", "of the tokenizer's time", "of the one-core run"], rows)
    )


def report(r: dict[str, Any]) -> str:
    parts: list[str] = []
    m = r.get("machine", {})
    parts.append(
        f"Run started {r.get('started')}; {m.get('nproc')} cores, {m.get('memory_gb')} GB, "
        f"Python {m.get('python')}; load average at start {m.get('load_at_start')}, at end "
        f"{m.get('load_at_end')} ({m.get('note')}). Wall time {ms(r.get('wall_seconds'))}."
    )
    parts.append("### Goals\n\n" + table(["goal", "figure", ""], goals(r)))

    c, store = r.get("corpus"), r.get("store", {})
    if c:
        parts.append(
            "### Corpus and graph\n\n"
            + table(
                [
                    "documents",
                    "text",
                    "words",
                    "triples (ingested + replicated)",
                    "quads in store",
                    "store on disk",
                ],
                [
                    [
                        num(c["documents"]),
                        f"{c['bytes'] / 1e6:.1f} MB",
                        num(c["words"]),
                        f"{num(store.get('triples'))} ({num(store.get('triples_ingested'))} + "
                        f"{num(store.get('triples_replicated'))})",
                        num(store.get("quads_total")),
                        f"{store.get('bytes_on_disk', 0) / 2**20:,.0f} MiB",
                    ]
                ],
            )
        )
    ingestion = r.get("ingestion", {})
    if ingestion:
        rows = []
        labels = {
            "tokenizer_sample": "spaCy blank('nl') tokenizer (baseline), sample",
            "serial_sample": "crmkg ingest_paths, 1 core, sample",
            "pool_sample": "crmkg ingest_paths, workers=all cores, sample",
            "build": "crmkg ingest_paths, workers=all cores, graph build",
            "tokenizer_all": "spaCy blank('nl') tokenizer, whole corpus",
        }
        base = ingestion.get("tokenizer_sample", {}).get("words_per_s")
        for key, label in labels.items():
            f = ingestion.get(key)
            if not f:
                continue
            rows.append(
                [
                    label,
                    num(f["docs"]),
                    num(f["words"]),
                    ms(f["seconds"]),
                    num(f["words_per_s"]),
                    num(f["docs_per_s"], 2),
                    f"{f['words_per_s'] / base:.1%}" if base else "–",
                    mb(f.get("peak_rss_mb"))
                    + (
                        f" (+ workers {mb(f['peak_rss_worker_mb'])} each)"
                        if "peak_rss_worker_mb" in f
                        else ""
                    ),
                    str(f.get("_phase", {}).get("load_before", "")),
                ]
            )
        pool = ingestion.get("pool_sample") or ingestion.get("build")
        started = (
            f" The rows with workers are `crmkg ingest --workers N` (extraction in N processes, "
            f"writes in the parent in input order): their time includes starting the workers "
            f"(spawn and the spaCy pipelines; the first document was in the store after "
            f"{ms(pool.get('first_write_seconds'))}), and the parent spent "
            f"{ms(pool.get('parent_write_seconds'))} of {ms(pool.get('seconds'))} writing."
            if pool and pool.get("first_write_seconds") is not None
            else ""
        )
        parts.append(
            "### Ingestion\n\n"
            + started.strip()
            + ("\n\n" if started else "")
            + table(
                [
                    "run",
                    "docs",
                    "words",
                    "time",
                    "words/s",
                    "docs/s",
                    "of tokenizer",
                    "peak RSS",
                    "load avg before",
                ],
                rows,
            )
        )
        stages = ingestion.get("stages")
        if stages:
            parts.append(stages_table(stages, ingestion.get("serial_sample")))
        profile = ingestion.get("profile")
        if profile:
            prow = [
                [
                    f"`{p['function']}`",
                    f"{p['own']:.2f}",
                    f"{p['cum']:.2f}",
                    num(p["calls"]),
                    "; ".join(f"`{c}` {t:.2f} s" for c, t in p.get("callers", [])),
                ]
                for p in profile["by_own_time"][:12]
            ]
            crow = [
                [f"`{p['function']}`", f"{p['own']:.2f}", f"{p['cum']:.2f}", num(p["calls"])]
                for p in profile["by_cumulative"][:12]
            ]
            parts.append(
                f"### Profile (cProfile, {profile['docs']} documents, {ms(profile['seconds'])})\n\n"
                "By own time:\n\n"
                + table(["function", "own s", "cumulative s", "calls", "called from"], prow)
                + "\n\nThe project's functions by cumulative time:\n\n"
                + table(["function", "own s", "cumulative s", "calls"], crow)
            )
    inproc = r.get("sparql_inprocess")
    if inproc:
        http = r.get("server", {}).get("sparql_http", {})
        peer = r.get("rdflib", {})
        peer_q, peer_http = peer.get("queries", {}), peer.get("http", {})
        rows = []
        for name, floor in inproc["floor"].items():
            if name.startswith("_"):
                continue
            ours, disk = inproc.get("ours", {}).get(name), inproc.get("disk", {}).get(name)
            web = http.get(name)
            rd, capped = rdflib_seconds(peer_q.get(name))
            web50, floor50 = p50(web), p50(floor)
            floor_rows = floor.get("rows") if floor.get("runs") else None
            extra = [
                flagged(r["external"][key][column].get(name), floor_rows)
                for key, column, _ in external_columns(r)
            ]
            rows.append(
                [
                    name,
                    num(floor["rows"]) if floor.get("runs") else "–",
                    num(peer_q[name]["rows"]) if peer_q.get(name, {}).get("runs") else "–",
                    cell(floor),
                    cell(disk, p99=False),
                    cell(ours),
                    cell(web),
                    x(web50 / floor50) if web50 and floor50 else "–",
                    ms(web["repeated_p50"]) if web and web.get("repeated_p50") else "–",
                    cell(peer_q.get(name), p99=False),
                    cell(peer_http.get(name), p99=False) if peer_http else "–",
                    x(rd / web50, capped) if rd and web50 else "–",
                    *extra,
                ]
            )
        t = sparql_totals(r)
        if "http" in t:
            rd_total = t.get("rdflib")
            names = [n for n in inproc["floor"] if p50(http.get(n)) and p50(inproc["floor"][n])]
            extra = []
            for key, column, _ in external_columns(r):
                figures = r["external"][key][column]
                both = [n for n in names if p50(figures.get(n)) is not None]
                total = sum(figures[n]["p50"] for n in both)
                extra.append(
                    ms(total)
                    + ("" if len(both) == len(names) else f" ({len(both)} of {len(names)})")
                )
            rows.append(
                [
                    f"**mix ({t['queries']} queries, sum of p50)**",
                    "",
                    "",
                    ms(t["floor"]),
                    ms(t["disk"]),
                    ms(t["ours"]),
                    ms(t["http"]),
                    x(t["http"] / t["floor"]),
                    ms(t["repeated"]) if t.get("repeated") else "–",
                    (("> " if t.get("rdflib_bounded") else "") + ms(rd_total)) if rd_total else "–",
                    "",
                    x(rd_total / t["http"], t.get("rdflib_bounded", False)) if rd_total else "–",
                    *extra,
                ]
            )
        parts.append(
            "### SPARQL latency per query (p50 / p99)\n\n"
            + table(
                [
                    "query",
                    "rows",
                    "rdflib rows",
                    "pyoxigraph in memory (floor)",
                    "pyoxigraph on disk",
                    "ours in-process",
                    "ours over HTTP",
                    "HTTP / floor",
                    "ours over HTTP, asked again (answer cache)",
                    "rdflib in memory",
                    "rdflib-endpoint HTTP",
                    "rdflib / ours HTTP",
                    *(header for _, _, header in external_columns(r)),
                ],
                rows,
            )
            + f"\n\nThe floor's store loaded the {num(inproc.get('quads'))} quads in "
            f"{ms(inproc.get('memory_load_seconds'))}; the dump took {ms(inproc.get('dump_seconds'))} "
            f"({inproc.get('dump_bytes', 0) / 2**20:,.0f} MiB)."
            + (
                f" rdflib loaded them in {ms(peer.get('load_seconds'))} ({peer.get('parser')} parser), "
                f"peak RSS {mb(peer.get('peak_rss_mb'))}; each rdflib run was cut off after "
                f"{ms(r.get('plan', {}).get('rdflib_cap'))}."
                if peer.get("load_seconds")
                else ""
            )
        )
    if r.get("external"):
        parts.append(external_report(r))
    server, constant = r.get("server", {}), r.get("constant", {})
    if server.get("load"):
        rows = []
        for name, f in [
            *server["load"].items(),
            *((k, constant[k]) for k in ("constant", "constant-sync") if k in constant),
        ]:
            share = f["rps"] / constant["constant"]["rps"] if constant.get("constant") else None
            rows.append(
                [
                    name,
                    num(f["rps"]),
                    ms(f["p50"]),
                    ms(f["p99"]),
                    num(f["errors"]),
                    num(f["requests"]),
                    f"{share:.1%}" if share is not None else "–",
                ]
            )
        parts.append(
            f"### HTTP under load (wrk, 1 thread, {r['plan']['connections']} connections, "
            f"{r['plan']['wrk_seconds']:g} s each, loopback)\n\n"
            + table(["endpoint", "req/s", "p50", "p99", "errors", "requests", "of constant"], rows)
        )
    if server.get("ready_seconds") is not None:
        firsts = server.get("first_answers", {})
        rows = [
            [
                "listening (crmkg serve: open store, start workers)",
                ms(server["ready_seconds"]),
                mb(server["rss_at_ready"]["total_mb"]),
            ]
        ]
        for name, f in firsts.items():
            rows.append(
                [f"{name} (status {f['status']}, {f['bytes']:,} bytes)", ms(f["seconds"]), ""]
            )
        warm, after = server.get("rss_warm", {}), server.get("rss_after_load", {})
        rows.append(
            [
                "resident, warm: server + query workers",
                "",
                f"{mb(warm.get('server_mb'))} + {mb(warm.get('children_mb'))}",
            ]
        )
        if after:
            rows.append(
                [
                    "resident after the load tests",
                    "",
                    f"{mb(after.get('server_mb'))} + {mb(after.get('children_mb'))}",
                ]
            )
        if constant.get("rss_mb"):
            rows.append(
                [
                    "constant FastAPI server",
                    ms(constant.get("ready_seconds")),
                    mb(constant["rss_mb"]["total_mb"]),
                ]
            )
        if r.get("rdflib", {}).get("rss_serving"):
            peer = r["rdflib"]
            rows.append(
                [
                    "rdflib-endpoint (load + in-process runs, then serving)",
                    ms(peer.get("wall_until_serving")),
                    mb(peer["rss_serving"]["total_mb"]),
                ]
            )
        parts.append("### Start-up and memory\n\n" + table(["", "time", "resident memory"], rows))
    return "\n\n".join(parts) + "\n"
